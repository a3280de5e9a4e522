//! The report's pictures as SVG text, shared by the app (inserted as markup) and the HTML export:
//! the import map and the score bars. Attributes only, no inline styles or scripts, so they hold
//! under a strict Content-Security-Policy; every name from the analysed code is escaped.

use std::fmt::Write;

use crate::compliance::picture::ImportMap;

/// Text or an attribute value with `& < > " '` escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A horizontal bar for a score (0–100); an empty track when there is no score.
pub fn bar(score: Option<f64>, class: &str) -> String {
    let fill = score
        .map(|s| {
            format!(
                r#"<rect class="bar-fill" x="0" y="0" width="{:.1}" height="8" rx="2"/>"#,
                s.clamp(0.0, 100.0)
            )
        })
        .unwrap_or_default();
    format!(
        r#"<svg class="bar {}" width="100" height="8" viewBox="0 0 100 8" aria-hidden="true"><rect class="bar-track" x="0" y="0" width="100" height="8" rx="2"/>{fill}</svg>"#,
        escape(class)
    )
}

/// How big the import map is drawn: to fit its container, or at a scale of its natural size
/// (1.0: labels at the page's body size).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zoom {
    Fit,
    Scale(f64),
}

/// Label size in the picture's own units: at scale 1 the page's body text size.
const LABEL_PX: f64 = 15.0;

/// The import map: nodes sized by module count, edges by import count, contract violations
/// red (`violation`), reported import cycles dashed (`cyclic`), arrows pointing at what is
/// imported. Drawn at `zoom`; the picture's size is set by attributes, never by styles.
pub fn import_map(map: &ImportMap, zoom: Zoom) -> String {
    let radius = |modules: usize| (7.0 + (modules as f64).sqrt() * 2.0).min(26.0);
    let position =
        |name: &str| map.nodes.iter().find(|n| n.name == name).map(|n| (n.x, n.y, radius(n.modules)));
    let (width, height) = (map.width.max(190.0), map.height + 12.0);
    let size = match zoom {
        Zoom::Fit => r#"width="100%""#.to_owned(),
        Zoom::Scale(scale) => format!(r#"width="{:.0}" height="{:.0}""#, width * scale, height * scale),
    };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="import-map" data-testid="import-map" {size} viewBox="0 0 {width:.0} {height:.0}" role="img" aria-label="Import map of the current tree"><defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead"/></marker></defs>"#,
    );
    for edge in &map.edges {
        let (Some((x1, y1, r1)), Some((x2, y2, r2))) = (position(&edge.from), position(&edge.to)) else {
            continue;
        };
        let (dx, dy) = (x2 - x1, y2 - y1);
        let length = (dx * dx + dy * dy).sqrt().max(1.0);
        let (ux, uy) = (dx / length, dy / length);
        let width = 1.0 + (edge.imports as f64).log2().max(0.0) * 0.6;
        let mut class = String::from("edge");
        for (set, name) in
            [(edge.violation, " violation"), (edge.cyclic, " cyclic"), (!edge.at_load, " deferred")]
        {
            if set {
                class.push_str(name);
            }
        }
        let title = format!(
            "{} → {}: {} import(s){}{}",
            edge.from,
            edge.to,
            edge.imports,
            if edge.violation { " — breaks a contract" } else { "" },
            if edge.cyclic { " — part of an import cycle" } else { "" }
        ) + if edge.at_load { "" } else { " — only inside functions or for type checking" };
        let _ = write!(
            out,
            r#"<line class="{class}" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke-width="{width:.1}" marker-end="url(#arrow)" data-testid="map-edge" data-from="{}" data-to="{}" data-violation="{}" data-cyclic="{}"><title>{}</title></line>"#,
            x1 + ux * r1,
            y1 + uy * r1,
            x2 - ux * (r2 + 4.0),
            y2 - uy * (r2 + 4.0),
            escape(&edge.from),
            escape(&edge.to),
            edge.violation,
            edge.cyclic,
            escape(&title)
        );
    }
    for node in &map.nodes {
        let r = radius(node.modules);
        let _ = write!(
            out,
            r#"<g class="node{}" data-testid="map-node" data-name="{}" data-cyclic="{}"><circle cx="{:.1}" cy="{:.1}" r="{r:.1}"><title>{}</title></circle><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="{LABEL_PX}">{}</text></g>"#,
            if node.cyclic { " cyclic" } else { "" },
            escape(&node.name),
            node.cyclic,
            node.x,
            node.y,
            escape(&format!("{}: {} module(s)", node.name, node.modules)),
            node.x,
            node.y + r + LABEL_PX,
            escape(&short(&node.name))
        );
    }
    out.push_str("</svg>");
    out
}

/// The legend under the map's heading, as text.
pub fn map_legend(map: &ImportMap) -> String {
    let cycles = match map.cycles.len() {
        0 => "no import cycle when modules load".to_owned(),
        1 => "dashed: the import cycle the `import_cycle` rule reports".to_owned(),
        n => format!("dashed: the {n} import cycles the `import_cycle` rule reports"),
    };
    let omitted =
        if map.omitted > 0 { format!(" {} smaller part(s) left out.", map.omitted) } else { String::new() };
    format!(
        "Imports between the {} largest parts of the current tree, in layers: what a part imports when it loads sits below it (arrows point at what is imported; faint: imports only inside functions or for type checking; red: breaks an import contract; {cycles}).{omitted}",
        map.nodes.len()
    )
}

/// The last two components of a dotted name (labels stay short).
fn short(name: &str) -> String {
    let parts: Vec<&str> = name.split('.').collect();
    parts.get(parts.len().saturating_sub(2)..).map(|p| p.join(".")).unwrap_or_else(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compliance::picture::{MapEdge, MapNode};

    #[test]
    fn names_from_code_cannot_inject_markup() {
        let node =
            |name: &str| MapNode { name: name.to_owned(), modules: 1, cyclic: false, x: 10.0, y: 10.0 };
        let map = ImportMap {
            nodes: vec![node("a\"><script>alert(1)</script>"), node("b")],
            edges: vec![MapEdge {
                from: "a\"><script>alert(1)</script>".to_owned(),
                to: "b".to_owned(),
                imports: 1,
                violation: true,
                cyclic: false,
                at_load: true,
            }],
            width: 100.0,
            height: 100.0,
            omitted: 0,
            cycles: Vec::new(),
        };
        let svg = import_map(&map, Zoom::Scale(1.0));
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"));
        assert_eq!(escape("'\"&"), "&#39;&quot;&amp;");
    }
}
