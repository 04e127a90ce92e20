//! `{{ … }}` in suite strings: minijinja, rendered once at load time with the suite's `vars`
//! (and `item` inside `for_each`). Templates see only those values: no files, no environment
//! (that is what `${VAR}` is for), and a fuel budget stops runaway loops.

use std::collections::{BTreeMap, HashMap};

use minijinja::{Environment, UndefinedBehavior, Value};

/// Instructions one template may execute; plenty for string building, fatal for `range(10**9)`.
pub const TEMPLATE_FUEL: u64 = 2_000_000;

pub struct Templates {
    /// Built at the first template: most suites (and every `check`) have none, and building
    /// one registers minijinja's filters and tests, which a one-shot check pays for at start.
    env: std::cell::OnceCell<Environment<'static>>,
    /// for_each expands one template into many probes: compile each distinct source once.
    compiled: HashMap<String, String>,
}

/// A template failure: the byte range inside the template source, when known.
#[derive(Debug)]
pub struct TemplateError {
    pub range: Option<std::ops::Range<usize>>,
    pub message: String,
}

impl Default for Templates {
    fn default() -> Self {
        Templates {
            env: std::cell::OnceCell::new(),
            compiled: HashMap::new(),
        }
    }
}

impl Templates {
    fn build() -> Environment<'static> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // A value is rendered alone: its last newline is part of it (`send: "PING {{ x }}\n"`).
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .keep_trailing_newline(true)
                .build()
                .expect("the default syntax builds"),
        );
        env.set_fuel(Some(TEMPLATE_FUEL));
        env.set_recursion_limit(50);
        env
    }
}

pub fn needs_rendering(text: &str) -> bool {
    text.contains("{{") || text.contains("{%") || text.contains("{#")
}

impl Templates {
    pub fn render(&mut self, source: &str, ctx: &Value) -> Result<String, TemplateError> {
        let name = match self.compiled.get(source) {
            Some(name) => name.clone(),
            None => {
                let name = format!("t{}", self.compiled.len());
                self.env.get_or_init(Templates::build);
                self.env
                    .get_mut()
                    .expect("built just now")
                    .add_template_owned(name.clone(), source.to_string())
                    .map_err(convert)?;
                self.compiled.insert(source.to_string(), name.clone());
                name
            }
        };
        let tmpl = self
            .env
            .get_or_init(Templates::build)
            .get_template(&name)
            .map_err(convert)?;
        tmpl.render(ctx).map_err(|e| hinted(e, source, ctx))
    }

    /// Evaluates `{{ expr }}` to a value (a list for `for_each: "{{ hosts }}"`).
    pub fn eval(&self, expr: &str, ctx: &Value) -> Result<Value, TemplateError> {
        let compiled = self
            .env
            .get_or_init(Templates::build)
            .compile_expression(expr)
            .map_err(convert)?;
        compiled.eval(ctx).map_err(|e| hinted(e, expr, ctx))
    }
}

/// Whether a `for_each` probe's item may change its check or its expectations: some text of
/// the probe, other than the fields that only name and describe it, is a template.
pub fn item_may_change_check(probe: &super::yaml::Node) -> bool {
    use super::yaml::NodeKind;
    fn templated(n: &super::yaml::Node) -> bool {
        match &n.kind {
            NodeKind::Scalar(s) => needs_rendering(&s.text),
            NodeKind::Seq(items) => items.iter().any(templated),
            NodeKind::Map(entries) => entries.iter().any(|(k, v)| templated(k) || templated(v)),
        }
    }
    match &probe.kind {
        NodeKind::Map(entries) => entries.iter().any(|(k, v)| {
            let meta = k.scalar().is_some_and(|s| {
                matches!(
                    s.text.as_str(),
                    "name" | "for_each" | "description" | "tags" | "labels" | "depends_on"
                )
            });
            !meta && (templated(k) || templated(v))
        }),
        _ => true,
    }
}

/// If the whole text is a single `{{ expr }}`, the expression inside it.
pub fn sole_expression(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?;
    (!inner.contains("{{") && !inner.contains("}}")).then_some(inner.trim())
}

/// [`convert`], with "did you mean" for a misspelt variable (`{{ bse }}` when `base` is set).
fn hinted(e: minijinja::Error, source: &str, ctx: &Value) -> TemplateError {
    let undefined = e.kind() == minijinja::ErrorKind::UndefinedError;
    let name = e
        .range()
        .and_then(|r| source.get(r))
        .map(|n| n.trim().to_string());
    let mut out = convert(e);
    if undefined && let Some(name) = name {
        let known: Vec<String> = ctx
            .try_iter()
            .map(|keys| {
                keys.filter_map(|k| k.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        if let Some(k) = super::diagnostic::suggest(&name, &known) {
            out.message.push_str(&format!("; did you mean `{k}`?"));
        }
    }
    out
}

fn convert(e: minijinja::Error) -> TemplateError {
    let mut message = match e.detail() {
        Some(detail) => format!("template error: {}: {detail}", e.kind()),
        None => format!("template error: {}", e.kind()),
    };
    if e.kind() == minijinja::ErrorKind::OutOfFuel {
        message.push_str(&format!(
            " (a template may run at most {TEMPLATE_FUEL} steps)"
        ));
    }
    TemplateError {
        range: e.range(),
        message,
    }
}

pub fn context(vars: &BTreeMap<String, Value>, extra: Option<(&str, &Value)>) -> Value {
    let mut map = vars.clone();
    if let Some((name, value)) = extra {
        map.insert(name.to_string(), value.clone());
    }
    Value::from(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Value {
        let mut vars = BTreeMap::new();
        vars.insert("base".to_string(), Value::from("http://x"));
        context(&vars, Some(("item", &Value::from("web1"))))
    }

    #[test]
    fn renders_vars_and_item() {
        let mut t = Templates::default();
        assert_eq!(
            t.render("{{ base }}/{{ item }}", &ctx()).unwrap(),
            "http://x/web1"
        );
    }

    #[test]
    fn undefined_names_are_errors() {
        let mut t = Templates::default();
        let e = t.render("{{ nope }}", &ctx()).unwrap_err();
        assert!(e.message.contains("undefined"), "{}", e.message);
    }

    #[test]
    fn runaway_loops_run_out_of_fuel() {
        let mut t = Templates::default();
        let e = t
            .render(
                "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
                &ctx(),
            )
            .unwrap_err();
        assert!(e.message.contains("fuel"), "{}", e.message);
    }

    #[test]
    fn sole_expressions() {
        assert_eq!(sole_expression("{{ hosts }}"), Some("hosts"));
        assert_eq!(sole_expression("a{{ hosts }}"), None);
    }
}
