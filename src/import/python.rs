//! Python check scripts (parsed by tree-sitter-python) into drafts.

use super::draft::{Check, Draft, Findings, Text};

pub fn analyze(src: &str) -> Result<Findings, String> {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .map_err(|e| format!("the Python grammar did not load: {e}"))?;
    let tree = parser.parse(src, None).ok_or("the Python parser gave up")?;
    if tree.root_node().has_error() {
        return Err("1:1: the Python parser cannot read this".into());
    }
    let mut findings = Findings::default();
    let mut d = Draft::new(
        "script",
        1,
        Check::Command {
            argv: vec![Text::lit("python3"), Text::lit("-c"), Text::lit(src)],
            timeout: None,
        },
    );
    d.kept = Some("the script is kept whole".into());
    findings.drafts.push(d);
    Ok(findings)
}
