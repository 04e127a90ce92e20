//! Writing the exposition format: the families of a report, with the escaping and number
//! spelling both formats share. Reading it is [`super::parse`].

use std::fmt::Write as _;

use super::format::Format;

/// One metric family: its samples as (label text, value), in insertion order. All of
/// probekit's families are gauges, as in blackbox_exporter.
pub struct Family {
    pub name: &'static str,
    pub help: &'static str,
    pub samples: Vec<(String, f64)>,
}

/// Appends `name="value"` (escaped) to a label list.
pub fn push_label(out: &mut String, name: &str, value: &str) {
    if !out.is_empty() {
        out.push(',');
    }
    out.push_str(name);
    out.push_str("=\"");
    escape_label_value(value, out);
    out.push('"');
}

/// Label values: `\` → `\\`, `"` → `\"`, line feed → `\n` (both formats).
pub fn escape_label_value(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

/// HELP text: `\` and line feed in both formats, `"` too in OpenMetrics.
fn escape_help(help: &str, format: Format, out: &mut String) {
    for c in help.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '"' if format == Format::OpenMetrics => out.push_str("\\\""),
            c => out.push(c),
        }
    }
}

/// A sample value: integers without a decimal point, the shortest form that reads back exactly
/// otherwise, and the spellings both formats use for the special values.
pub fn write_value(v: f64, out: &mut String) {
    if v.is_nan() {
        out.push_str("NaN");
    } else if v.is_infinite() {
        out.push_str(if v > 0.0 { "+Inf" } else { "-Inf" });
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        let _ = write!(out, "{}", v as i64);
    } else {
        let _ = write!(out, "{v}");
    }
}

/// `# HELP` and `# TYPE` of a family, in the order the format wants them.
pub fn write_header(out: &mut String, name: &str, help: &str, kind: &str, format: Format) {
    let help_line = |out: &mut String| {
        out.push_str("# HELP ");
        out.push_str(name);
        out.push(' ');
        escape_help(help, format, out);
        out.push('\n');
    };
    let type_line = |out: &mut String| {
        let _ = writeln!(out, "# TYPE {name} {kind}");
    };
    match format {
        Format::Text => {
            help_line(out);
            type_line(out);
        }
        Format::OpenMetrics => {
            type_line(out);
            help_line(out);
        }
    }
}

pub fn write_families(families: &[Family], format: Format) -> String {
    let mut out = String::with_capacity(4096);
    for f in families.iter().filter(|f| !f.samples.is_empty()) {
        write_header(&mut out, f.name, f.help, "gauge", format);
        for (labels, value) in &f.samples {
            out.push_str(f.name);
            if !labels.is_empty() {
                out.push('{');
                out.push_str(labels);
                out.push('}');
            }
            out.push(' ');
            write_value(*value, &mut out);
            out.push('\n');
        }
    }
    if format == Format::OpenMetrics {
        out.push_str("# EOF\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_as_both_formats_read_them() {
        let cases = [
            (1.0, "1"),
            (0.0, "0"),
            (-3.0, "-3"),
            (0.25, "0.25"),
            (1.5e-7, "0.00000015"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
            (1e20, "100000000000000000000"),
        ];
        for (v, want) in cases {
            let mut s = String::new();
            write_value(v, &mut s);
            assert_eq!(s, want);
        }
    }

    #[test]
    fn label_values_are_escaped() {
        let mut s = String::new();
        escape_label_value("a\\b\"c\nd ü", &mut s);
        assert_eq!(s, r#"a\\b\"c\nd ü"#);
    }
}
