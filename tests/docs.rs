//! The README documents the contract: every change kind must appear in its catalogue table.

#[test]
fn readme_lists_every_change_kind() {
    let readme = include_str!("../README.md");
    for definition in stability_lens::catalogue::CATALOGUE {
        let row = format!("| `{}` | {} |", definition.id, definition.severity.as_str());
        assert!(readme.contains(&row), "README's catalogue table lacks the row for `{}`", definition.id);
    }
}
