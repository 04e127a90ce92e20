//! YAML → [`Suite`](crate::suite::Suite): positions, templates, validation and diagnostics.
//! Only the `probekit` command loads suites; a compiled probe carries its suite as Rust values.

mod args;
pub mod check;
mod database;
pub mod diagnostic;
mod dns;
mod expect;
mod field;
mod fields;
mod for_each;
mod host;
mod http;
mod late;
mod loader;
mod modules;
mod overrides;
mod scalars;
pub mod template;
mod tls;
mod vars_file;
pub mod yaml;

pub use diagnostic::{Diagnostic, Span, SuiteError, SuiteWarnings};
pub use loader::{
    LoadError, LoadOptions, Loaded, MAX_SUITE_BYTES, load_bytes, load_bytes_warned, load_file,
    load_file_bytes, load_file_warned,
};
pub use modules::{ModuleError, Modules};
pub use vars_file::load_vars_file;

/// The JSON Schema of the suite format (`probekit schema`).
pub const SCHEMA: &str = include_str!("../../schemas/suite.schema.json");
#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::check::*;
    use super::expect::*;
    use super::loader::{ARG_FIELDS, DEFAULTS_FIELDS, PROBE_FIELDS, SUITE_FIELDS};
    use super::{dns, host, tls};

    /// The schema editors use and the loader must agree on every field name.
    #[test]
    fn schema_lists_exactly_the_fields_the_loader_accepts() {
        let schema: serde_json::Value = serde_json::from_str(super::SCHEMA).unwrap();
        let keys = |pointer: &str| -> BTreeSet<String> {
            schema
                .pointer(pointer)
                .and_then(|v| v.as_object())
                .unwrap_or_else(|| panic!("schema has no object at {pointer}"))
                .keys()
                .cloned()
                .collect()
        };
        let set = |lists: &[&[&str]]| -> BTreeSet<String> {
            lists
                .iter()
                .flat_map(|l| l.iter().map(|s| s.to_string()))
                .collect()
        };
        assert_eq!(keys("/properties"), set(&[SUITE_FIELDS]));
        assert_eq!(
            keys("/properties/defaults/properties"),
            set(&[DEFAULTS_FIELDS])
        );
        assert_eq!(
            keys("/definitions/probe_body/properties"),
            set(&[PROBE_FIELDS])
        );
        assert_eq!(keys("/definitions/arg/properties"), set(&[ARG_FIELDS]));
        assert_eq!(
            keys("/properties/targets/properties"),
            set(&[super::modules::TARGETS_FIELDS])
        );
        assert_eq!(keys("/definitions/http/properties"), set(&[HTTP_FIELDS]));
        assert_eq!(
            keys("/definitions/command/properties"),
            set(&[COMMAND_FIELDS])
        );
        assert_eq!(keys("/definitions/tcp/properties"), set(&[TCP_FIELDS]));
        assert_eq!(
            keys("/definitions/metrics/properties"),
            set(&[METRICS_FIELDS])
        );
        assert_eq!(
            keys("/definitions/metric_rule/properties"),
            set(&[METRIC_RULE_FIELDS])
        );
        assert_eq!(keys("/definitions/text/properties"), set(&[TEXT_FIELDS]));
        assert_eq!(
            keys("/definitions/header/anyOf/1/properties"),
            set(&[HEADER_FIELDS])
        );
        assert_eq!(
            keys("/definitions/expect/properties"),
            set(&[
                HTTP_EXPECT,
                COMMAND_EXPECT,
                TCP_EXPECT,
                DATABASE_EXPECT,
                host::FILE_EXPECT,
                host::DISK_EXPECT,
                host::MEMORY_EXPECT,
                host::LOAD_EXPECT,
                host::PROCESS_EXPECT,
                dns::DNS_EXPECT,
                tls::TLS_EXPECT,
                host::ICMP_EXPECT,
                tls::GRPC_EXPECT,
                host::SERVICE_EXPECT,
            ])
        );
        for (kind, fields) in [
            ("file", host::FILE_FIELDS),
            ("disk", host::DISK_FIELDS),
            ("memory", host::MEMORY_FIELDS),
            ("load", host::LOAD_FIELDS),
            ("process", host::PROCESS_FIELDS),
            ("dns", dns::DNS_FIELDS),
            ("tls", tls::TLS_FIELDS),
            ("icmp", host::ICMP_FIELDS),
            ("grpc", tls::GRPC_FIELDS),
            ("service", host::SERVICE_FIELDS),
        ] {
            assert_eq!(
                keys(&format!("/definitions/{kind}/properties")),
                set(&[fields]),
                "{kind}"
            );
        }
        assert_eq!(
            keys("/definitions/database/properties"),
            set(&[super::database::DATABASE_FIELDS])
        );
        assert_eq!(
            keys("/definitions/alternative/properties"),
            set(&[ALTERNATIVE_FIELDS])
        );
    }
}
