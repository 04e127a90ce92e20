//! Hostile input: arbitrary and mutated suites and metrics pages never panic or hang, every
//! rejection has a position inside the input, and the limits on size, nesting, aliases and
//! templates hold.

use probekit::load::{LoadError, LoadOptions, load_bytes, load_file};
use probekit::metrics::{Format, parse};
use proptest::prelude::*;

use super::*;

const VALID_SUITE: &str = r#"suite: s
defaults: {timeout: 2s, retries: 1}
vars: {base: "http://127.0.0.1:8080", hosts: [a, b]}
probes:
  - name: "h-{{ item }}"
    for_each: "{{ hosts }}"
    http: {url: "{{ base }}/{{ item }}", headers: {X-A: "${TOKEN:-x}"}}
    expect: {status: [200, 2xx], body: {json: {a.b: 1}, matches: 'x+'}, latency: "< 1s"}
  - name: cmd
    command: {argv: [echo, hi]}
    expect: {stdout: {contains: hi}}
  - name: m
    metrics: {url: "{{ base }}/metrics", window: 1s}
    expect: [{metric: 'up{job=~"x.*"}', rate: "< 1"}]
"#;

const VALID_PAGE: &str = "# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"1\",y=\"a\\\\b\\\"c\"} 1 1000\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n";

/// Loading must end in a suite or in diagnostics that point inside the file.
fn load_checked(bytes: &[u8]) {
    match load_bytes("fuzz.yaml", "fuzz", bytes, &LoadOptions::default()) {
        Ok(_) => {}
        Err(e) => {
            let lines = String::from_utf8_lossy(bytes).lines().count().max(1) + 1;
            for d in &e.diagnostics {
                assert!(
                    d.span.line >= 1 && d.span.line <= lines,
                    "{d:?} in {lines} lines"
                );
                assert!(d.span.col >= 1, "{d:?}");
                assert!(!d.message.is_empty());
            }
            assert!(!e.diagnostics.is_empty());
        }
    }
}

fn parse_checked(text: &str, format: Format) {
    if let Err(e) = parse(text, format) {
        assert!(e.line >= 1 && e.line <= text.lines().count() + 2, "{e}");
        assert!(e.col >= 1, "{e}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_break_the_loader(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        load_checked(&bytes);
    }

    #[test]
    fn mutated_suites_never_break_the_loader(
        at in 0usize..VALID_SUITE.len(),
        cut in 0usize..40,
        insert in "[\\[\\]{}:,'\"&*!|>#%@`\\-\\n \\t{{}}a-z0-9]{0,12}",
    ) {
        let mut text = VALID_SUITE.to_string();
        let at = (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let end = (at + cut).min(text.len());
        let end = (end..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
        text.replace_range(at..end, &insert);
        load_checked(text.as_bytes());
    }

    #[test]
    fn arbitrary_text_never_breaks_the_parser(text in "\\PC{0,300}", om in any::<bool>()) {
        parse_checked(&text, if om { Format::OpenMetrics } else { Format::Text });
    }

    #[test]
    fn mutated_pages_never_break_the_parser(
        at in 0usize..VALID_PAGE.len(),
        cut in 0usize..20,
        insert in "[ \\t\\n#{}=\",\\\\a-z0-9_+.eE-]{0,10}",
        om in any::<bool>(),
    ) {
        let mut text = VALID_PAGE.to_string();
        let end = (at + cut).min(text.len());
        text.replace_range(at..end, &insert);
        if om {
            text.push_str("# EOF\n");
        }
        parse_checked(&text, if om { Format::OpenMetrics } else { Format::Text });
    }
}

#[test]
fn encodings_line_endings_and_byte_order_marks() {
    let crlf = "\u{feff}probes:\r\n  - name: a\r\n    tcp: 127.0.0.1:1\r\n";
    load_bytes("x.yaml", "x", crlf.as_bytes(), &LoadOptions::default()).expect("CRLF and BOM");
    let mut latin1 = b"probes:\n  - name: caf".to_vec();
    latin1.push(0xe9);
    latin1.extend_from_slice(b"\n    tcp: 127.0.0.1:1\n");
    match load_bytes("x.yaml", "x", &latin1, &LoadOptions::default()) {
        Err(e) => {
            let d = &e.diagnostics[0];
            assert_eq!((d.span.line, d.span.col), (2, 14), "{d:?}");
            assert!(d.message.contains("UTF-8"), "{}", d.message);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn size_nesting_alias_and_template_limits_hold() {
    let opts = LoadOptions::default();
    let started = std::time::Instant::now();
    // 50 MB: a valid suite padded with a comment. It loads, in bounded time.
    let mut big = String::from("probes:\n  - name: a\n    tcp: 127.0.0.1:1\n# ");
    big.push_str(&"x".repeat(50 << 20));
    big.push('\n');
    load_bytes("big.yaml", "big", big.as_bytes(), &opts).expect("a 50 MB file");
    // Over the limit: refused before reading it whole.
    let w = World::new();
    let mut huge = big.into_bytes();
    huge.extend(std::iter::repeat_n(b'x', 20 << 20));
    let path = w.write("huge.yaml", "");
    std::fs::write(&path, &huge).unwrap();
    assert!(matches!(
        load_file(&path, &opts),
        Err(LoadError::TooLarge { .. })
    ));
    assert!(started.elapsed().as_secs_f64() < 10.0);

    let errors = |text: &str| -> String {
        match load_bytes("x.yaml", "x", text.as_bytes(), &opts) {
            Err(e) => e.to_string(),
            other => panic!("accepted: {other:?}"),
        }
    };
    let deep = format!("probes: {}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(errors(&deep).contains("nesting deeper than"));
    let mut laughs = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        laughs.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(", ")
        ));
    }
    laughs.push_str("probes: *a9\n");
    assert!(errors(&laughs).contains("more than"));
    let runaway = "vars: {n: 1}\nprobes:\n  - name: \"{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}\"\n    tcp: 127.0.0.1:1\n";
    assert!(errors(runaway).contains("ran out of fuel"));
    // Templates cannot reach files or the environment.
    for sneaky in [
        "{% include '/etc/passwd' %}",
        "{{ env.HOME }}",
        "{% import 'x' as y %}",
    ] {
        let suite = format!("probes:\n  - name: \"{sneaky}\"\n    tcp: 127.0.0.1:1\n");
        let text = errors(&suite);
        assert!(text.contains("template error"), "{sneaky}: {text}");
        assert!(!text.contains("root:"), "{text}");
    }
}
