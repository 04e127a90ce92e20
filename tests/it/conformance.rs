//! The exposition parser against a corpus of valid and invalid pages
//! (tests/fixtures/metrics/{valid,invalid}, `.prom` = text format 0.0.4, `.om` = OpenMetrics),
//! cross-checked with the reference parsers: `promtool check metrics` (Prometheus' own Go
//! parser) and Python's prometheus_client. Where the references agree, probekit agrees with
//! them; where they disagree (prometheus_client is lenient about duplicate metadata, bad escapes
//! and float timestamps), probekit follows Prometheus.

use probekit::metrics::{Format, parse};

use super::*;

fn corpus() -> Vec<(PathBuf, bool)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/metrics");
    let mut files = Vec::new();
    for (dir, valid) in [("valid", true), ("invalid", false)] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
            files.push((entry.path(), valid));
        }
    }
    files.sort();
    files
}

fn format_of(path: &Path) -> Format {
    if path.extension().is_some_and(|e| e == "om") {
        Format::OpenMetrics
    } else {
        Format::Text
    }
}

fn promtool_accepts(path: &Path) -> bool {
    promtool_check(&std::fs::read(path).unwrap()).0
}

fn python_accepts(paths: &[&PathBuf]) -> Vec<bool> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/reference-parse.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .args(paths)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "reference-parse.py failed (pip install prometheus_client): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verdicts: Vec<bool> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l == "ok")
        .collect();
    assert_eq!(verdicts.len(), paths.len());
    verdicts
}

#[test]
fn the_parser_agrees_with_the_reference_parsers() {
    let files = corpus();
    assert!(files.len() >= 40, "the corpus shrank to {}", files.len());
    let paths: Vec<&PathBuf> = files.iter().map(|(p, _)| p).collect();
    let python = python_accepts(&paths);
    let mut errors = String::new();
    for ((path, valid), python_ok) in files.iter().zip(python) {
        let name = format!(
            "{}/{}",
            if *valid { "valid" } else { "invalid" },
            path.file_name().unwrap().to_string_lossy()
        );
        let text = std::fs::read_to_string(path).unwrap();
        let ours = parse(&text, format_of(path));
        assert_eq!(ours.is_ok(), *valid, "{name}: {ours:?}");
        if let Err(e) = &ours {
            errors.push_str(&format!("{name}: {e}\n"));
        }
        let references = match format_of(path) {
            Format::Text => {
                let promtool_ok = promtool_accepts(path);
                (promtool_ok == python_ok).then_some(promtool_ok)
            }
            Format::OpenMetrics => Some(python_ok),
        };
        if let Some(reference) = references {
            assert_eq!(
                reference, *valid,
                "{name}: the reference parsers say {reference}"
            );
        } else {
            // The references disagree: Prometheus' own parser decides.
            assert_eq!(promtool_accepts(path), *valid, "{name}: promtool disagrees");
        }
    }
    insta::assert_snapshot!(errors);
}

#[test]
fn the_benchmark_page_is_valid_for_everyone() {
    let w = World::new();
    let page = w.dir.path().join("page.prom");
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/gen-metrics.py");
    let status = std::process::Command::new("python3")
        .arg(generator)
        .arg(&page)
        .arg("5000")
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&page).unwrap();
    let parsed = parse(&text, Format::Text).unwrap();
    assert!(parsed.samples.len() >= 5000);
    assert!(promtool_accepts(&page));
    assert_eq!(python_accepts(&[&page]), [true]);
}
