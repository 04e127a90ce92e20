//! JSON values as the body's rules read them: equality that takes `1` and `1.0` as one number,
//! lengths, and Python's truth.

/// JSON equality that treats `1` and `1.0` as the same number.
pub(super) fn json_eq(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// Elements of an array, keys of an object, characters of a string; as jq's `length`, a
/// number's absolute value (a whole one below 10^17) and null's 0.
pub(super) fn json_len(v: &serde_json::Value) -> Option<f64> {
    use serde_json::Value;
    match v {
        Value::Array(a) => Some(a.len() as f64),
        Value::Object(o) => Some(o.len() as f64),
        Value::String(s) => Some(s.chars().count() as f64),
        // As jq's `length`: a number's is its absolute value, null's 0; a boolean has none.
        // (Only a whole one below 10^17, which jq 1.6 prints as digits, as a shell's `[ -gt ]`
        // reads it: `2.5` and `1e+17` it refuses.)
        Value::Number(n) => n
            .as_f64()
            .map(f64::abs)
            .filter(|a| a.fract() == 0.0 && *a < 1e17),
        Value::Null => Some(0.0),
        Value::Bool(_) => None,
    }
}

/// A value Python's `if` takes as true: not `null`, `false`, a zero, or an empty string, array
/// or object.
pub(super) fn truthy(v: &serde_json::Value) -> bool {
    use serde_json::Value;
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}
