//! The broken-suite corpus: every file under tests/fixtures/broken is rejected before anything
//! runs, exit 2, with messages that say where (`file:line:col`). The exact text is snapshotted.

use super::*;

#[test]
fn every_broken_suite_is_rejected_with_its_exact_messages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/fixtures/broken");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 25, "the corpus shrank to {}", files.len());
    for path in files {
        let relative = path.strip_prefix(root).unwrap();
        let run = Run::from(
            probekit()
                .current_dir(root)
                .arg("validate")
                .arg(relative)
                .output()
                .unwrap(),
        );
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert_eq!(run.code, 2, "{stem}: exit {}\n{}", run.code, run.stderr);
        assert!(run.stdout.is_empty(), "{stem}: {}", run.stdout);
        let location = format!("{}:", relative.display());
        assert!(
            run.stderr.contains(&location),
            "{stem}: no location in\n{}",
            run.stderr
        );
        insta::assert_snapshot!(format!("broken__{stem}"), run.stderr);
    }
}

#[test]
fn run_rejects_a_broken_suite_before_running_anything() {
    let w = World::new();
    let marker = w.dir.path().join("ran");
    let suite = format!(
        r#"
probes:
  - name: side-effect
    command: {{argv: [touch, "{}"]}}
  - name: broken
    http: {{url: "{{{{ base }}}}/", timeout: forever}}
"#,
        marker.display()
    );
    let run = w.run(&suite, &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("suite.yaml:6:"), "{}", run.stderr);
    assert!(
        !marker.exists(),
        "a probe ran although the suite is invalid"
    );
}
