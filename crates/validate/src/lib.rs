//! multisite-validate: every guideline of "Intersite L3Out with PBR" plus reference
//! integrity, checked over a schema in NDO's document shape and the facts of each site.
//!
//! Pure and deterministic: no I/O, and a [`Report`] that lists every finding (stable
//! code, severity, path in the schema, message saying what to change), never only the
//! first. [`rules()`] is the catalogue of codes. [`check_tep_pools`] checks the infra
//! configuration alone, before it is written.
//!
//! Cost is linear in the size of the schemas: one pass indexes every object (and keeps
//! the few fields later checks ask of other objects), every check afterwards is a
//! lookup. The checks then work through the validated schema in parts of at most a
//! thousand objects of one template, all checks on one part before the next, and each
//! template has its own key table: what a part reads of the document and of the index
//! stays small enough to be cached, whatever the schema's size.

mod checks;
mod cidr;
mod facts;
mod fasthash;
mod index;
mod json;
mod keytable;
mod refs;
mod release;
mod report;
mod rules;
mod sitefacts;

use multisite_model::Schema;
use serde_json::Value;

pub use facts::{Context, DeviceFacts, EndpointFacts, PodFacts, RedirectPolicyFacts, SiteFacts};
pub use report::{Finding, Report, Severity};
pub use rules::{rule, rules, RuleInfo};

/// Validates one schema against the context: every finding, in a deterministic order.
pub fn validate(schema: &Schema, ctx: &Context) -> Report {
    validate_document(&schema.to_json(), ctx)
}

/// Validates one schema document (NDO's shape: refs as strings, as `GET
/// /schemas/{id}` returns it) against the context.
pub fn validate_document(schema: &Value, ctx: &Context) -> Report {
    let mut checker = checks::Checker::new(schema, ctx);
    checker.run();
    Report::from_findings(checker.into_findings())
}

/// Checks the external TEP pools of the given sites: each one a valid prefix, none
/// overlapping another (every pod has its own) nor any fabric TEP pool.
pub fn check_tep_pools(sites: &[SiteFacts]) -> Report {
    let mut sink = report::Sink::default();
    checks::tep::overlaps(sites.iter(), None, &mut sink);
    Report::from_findings(sink.findings)
}
