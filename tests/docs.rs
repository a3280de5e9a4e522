//! The README documents the contract: every change kind must appear in its catalogue table, and
//! every compliance rule in the rules table with its default level.

#[test]
fn readme_lists_every_change_kind() {
    let readme = include_str!("../README.md");
    for definition in stability_lens::catalogue::CATALOGUE {
        let row = format!("| `{}` | {} |", definition.id, definition.severity.as_str());
        assert!(readme.contains(&row), "README's catalogue table lacks the row for `{}`", definition.id);
    }
}

#[test]
fn readme_lists_every_compliance_rule() {
    let readme = include_str!("../README.md");
    for rule in stability_lens::compliance::rules::RULES {
        let row = format!("| `{}` | {} |", rule.name, rule.default_level.as_str());
        assert!(readme.contains(&row), "README's rules table lacks the row for `{}`", rule.name);
    }
}

#[test]
fn readme_policy_example_is_valid() {
    let readme = include_str!("../README.md");
    let start = readme.find("```toml\n# Paths no rule looks at").expect("the README has the policy example");
    let body = &readme[start + "```toml\n".len()..];
    let end = body.find("```").expect("the example is closed");
    let policy = stability_lens::compliance::policy::Policy::from_toml("README", &body[..end]);
    assert!(policy.is_ok(), "{policy:?}");
    assert_eq!(policy.map(|p| p.contracts.len()).unwrap_or(0), 3);
}

#[test]
fn readme_lists_every_reading_rule() {
    let readme = include_str!("../README.md");
    for rule in stability_lens::catalogue::reading::READING_RULES {
        let row = format!("| `{}` |", rule.id);
        assert!(readme.contains(&row), "README's reading-rules table lacks the row for `{}`", rule.id);
    }
}
