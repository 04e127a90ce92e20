//! What `jq -r` prints of a JSON value (jq 1.6, Debian's), which the `text` and `not_text`
//! rules compare: a script's `[ "$(jq -r .ready)" = true ]`.

/// What `jq -r PATH` prints where the path selects nothing: `null` where it follows keys of
/// objects and indexes of arrays to one that is not there (or through a `null`), nothing (jq's
/// error) where it meets another kind of value, or a path of more than names and indexes.
pub(super) fn absent_printed(doc: &serde_json::Value, path_text: &str) -> &'static str {
    use serde_json::Value;
    let mut rest = path_text.trim();
    rest = rest.strip_prefix('$').unwrap_or(rest);
    let mut v = doc;
    let null = Value::Null;
    let mut first = true;
    loop {
        if rest.is_empty() {
            return if v.is_null() { "null" } else { "" };
        }
        let (key, index, after) = if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            (Some(r[..end].to_string()), None, &r[end..])
        } else if let Some(r) = rest.strip_prefix("['").or_else(|| rest.strip_prefix("[\"")) {
            let Some(end) = r.find(['\'', '"']) else {
                return "";
            };
            let Some(after) = r[end + 1..].strip_prefix(']') else {
                return "";
            };
            (Some(r[..end].to_string()), None, after)
        } else if let Some(r) = rest.strip_prefix('[') {
            let Some(end) = r.find(']') else {
                return "";
            };
            let Ok(i) = r[..end].trim().parse::<usize>() else {
                return "";
            };
            (None, Some(i), &r[end + 1..])
        } else if first {
            // `error.code`: the `$.` left out.
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            (Some(rest[..end].to_string()), None, &rest[end..])
        } else {
            return "";
        };
        if key.as_deref().is_some_and(|k| k.is_empty() || k == "*") {
            return "";
        }
        v = match (v, key, index) {
            (Value::Null, ..) => &null,
            (Value::Object(m), Some(k), None) => m.get(&k).unwrap_or(&null),
            (Value::Array(a), None, Some(i)) => a.get(i).unwrap_or(&null),
            _ => return "",
        };
        rest = after;
        first = false;
    }
}

/// A JSON value as `jq -r` (1.6, Debian's) prints it: a string without its quotes, a number
/// with a fraction of zero as a whole number (`1.0` and `1e2` as `1` and `100`), an array or
/// an object indented by two spaces (an object's keys in sorted order), anything else as JSON.
pub(super) fn printed(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) if !n.is_i64() && !n.is_u64() => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e17 => format!("{}", f as i64),
            Some(f) => format!("{f}"),
            None => n.to_string(),
        },
        // jq keeps an object's keys in the document's order, which is lost here: an object of
        // several keys prints as nothing a text can equal.
        Value::Object(m) if m.len() > 1 => "\u{0}object".to_string(),
        Value::Array(_) | Value::Object(_) => {
            serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absent_path_prints_as_jq_prints_it() {
        let doc = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
        let cases = [
            (r#"{}"#, "$.error", "null"),
            (r#"{}"#, "error", "null"),
            (r#"{}"#, "$.a.b", "null"),
            (r#"{"a": null}"#, "$.a.b", "null"),
            (r#"{"error": "boom"}"#, "$.error.code", ""),
            (r#"{"error": "boom"}"#, "error.code", ""),
            (r#"[1]"#, "$.a", ""),
            (r#"{"items": [1]}"#, "$.items[3]", "null"),
            (r#"{"items": {"a": 1}}"#, "$.items[0]", ""),
            (r#"{"a": {}}"#, "$['a']['b c']", "null"),
            (r#"{"a": {}}"#, "$.a.*", ""),
        ];
        for (text, path, printed) in cases {
            assert_eq!(absent_printed(&doc(text), path), printed, "{text} {path}");
        }
    }
}
