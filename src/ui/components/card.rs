//! A report section: a card whose heading is a button that collapses and expands it (open at
//! first unless told otherwise; a collapsed card can show a one-line summary).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CardProps {
    pub title: AttrValue,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// Whether the card starts open.
    #[prop_or(true)]
    pub open: bool,
    /// One line shown while the card is collapsed.
    #[prop_or_default]
    pub summary: Option<AttrValue>,
    pub children: Html,
}

#[component]
pub fn Card(props: &CardProps) -> Html {
    let open = use_state(|| props.open);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    html! {
        <section class={classes!("card", (!*open).then_some("collapsed"))} data-testid={props.testid.clone()} id={props.testid.clone()}>
            <h2>
                <button class="collapse" aria-expanded={open.to_string()} onclick={toggle} title={if *open { "Collapse" } else { "Expand" }}>
                    { props.title.clone() }
                </button>
            </h2>
            if *open {
                { props.children.clone() }
            } else if let Some(summary) = &props.summary {
                <p class="card-summary" data-testid="card-summary">{ summary.clone() }</p>
            }
        </section>
    }
}
