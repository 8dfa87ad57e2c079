//! The public entry points beside the data-driven cases: validation of the typed schema,
//! the standalone TEP pool check, the report's forms and the rule catalogue.

use std::collections::BTreeSet;
use std::path::Path;

use multisite_model::{NoExternalRefs, Schema, Site};
use multisite_validate::{
    check_tep_pools, rules, validate, validate_document, Context, Finding, Report, Severity,
    SiteFacts,
};
use serde_json::{json, Value};

fn base(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/base")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).expect("base file")).expect("json")
}

fn seed_context() -> Context {
    serde_json::from_value(base("seed.context.json")).expect("context")
}

#[test]
fn typed_schema_validates_like_its_document() {
    let doc = base("seed.schema.json");
    let schema = Schema::from_client("intersite-pbr", doc, &NoExternalRefs)
        .expect("the seed is a valid schema");
    let ctx = seed_context();
    let report = validate(&schema, &ctx);
    assert_eq!(report.to_string(), "", "the seed validates clean");

    let mut broken = ctx.clone();
    broken.sites.get_mut("2").expect("site2").apic_version = "5.0(2e)".into();
    let typed = validate(&schema, &broken);
    assert_eq!(typed, validate_document(&schema.to_json(), &broken));
    assert_eq!(
        typed.errors().map(|f| f.code.as_str()).collect::<Vec<_>>(),
        ["MS-SITE-001"]
    );
}

fn site(id: &str, fabric: &str, external: &[&str]) -> SiteFacts {
    let doc = json!({"name": format!("site{id}"), "apicVersion": "5.1(4c)",
                     "pods": [{"podId": 1, "tepPool": fabric, "externalTepPools": external}]});
    let mut site = Site::from_client(id, doc).expect("site");
    site.id = serde_json::from_value(json!(id)).expect("site id");
    SiteFacts::from_site(&site)
}

#[test]
fn tep_pools_of_infra_configuration() {
    let clean = [
        site("1", "10.1.0.0/16", &["172.16.1.0/24"]),
        site("2", "10.2.0.0/16", &["172.16.2.0/24"]),
    ];
    assert!(check_tep_pools(&clean).findings.is_empty());

    let bad = [
        site("1", "10.1.0.0/16", &["172.16.1.0/24", "172.16.1.128/25"]),
        site("2", "10.2.0.0/16", &["10.1.5.0/24"]),
        site("3", "10.3.0.0/16", &["172.16.0.0/16"]),
    ];
    let expected = "\
error[MS-TEP-001] /infra/sites/1/pods/1/externalTepPools/0: external TEP pool 172.16.1.0/24 of site 'site1' pod 1 overlaps external TEP pool 172.16.0.0/16 of site 'site3' pod 1: give every pod its own pool, overlapping no other
error[MS-TEP-001] /infra/sites/1/pods/1/externalTepPools/1: external TEP pool 172.16.1.128/25 of site 'site1' pod 1 overlaps external TEP pool 172.16.0.0/16 of site 'site3' pod 1: give every pod its own pool, overlapping no other
error[MS-TEP-002] /infra/sites/2/pods/1/externalTepPools/0: external TEP pool 10.1.5.0/24 of site 'site2' pod 1 overlaps the fabric TEP pool 10.1.0.0/16 of site 'site1' pod 1: choose a pool that overlaps no TEP pool or fabric address
";
    let report = check_tep_pools(&bad);
    assert_eq!(report.to_string(), expected);
    assert!(!report.is_ok());
}

#[test]
fn report_forms() {
    let warning = Finding {
        code: "MS-SITE-002".into(),
        severity: Severity::Warning,
        path: "/sites/2-t".into(),
        message: "no facts".into(),
    };
    let error = Finding {
        code: "MS-REF-001".into(),
        severity: Severity::Error,
        path: "/templates/t/bds/b/vrfRef".into(),
        message: "no VRF is set: choose one".into(),
    };
    let only_warning = Report::from_findings(vec![warning.clone()]);
    assert!(only_warning.is_ok(), "warnings do not block");
    let report = Report::from_findings(vec![warning.clone(), error.clone(), warning]);
    assert!(!report.is_ok());
    assert_eq!(report.findings.len(), 2, "duplicates removed");
    assert_eq!(report.findings[0].code, "MS-REF-001", "ordered by code");
    assert_eq!(
        report.to_json(),
        json!({"findings": [
            {"code": "MS-REF-001", "severity": "error", "path": "/templates/t/bds/b/vrfRef", "message": "no VRF is set: choose one"},
            {"code": "MS-SITE-002", "severity": "warning", "path": "/sites/2-t", "message": "no facts"}]})
    );
    let back: Report = serde_json::from_value(report.to_json()).expect("round trip");
    assert_eq!(back, report);
}

#[test]
fn rule_catalogue_is_well_formed() {
    let mut codes = BTreeSet::new();
    for rule in rules() {
        let parts: Vec<&str> = rule.code.split('-').collect();
        assert!(
            parts.len() == 3
                && parts[0] == "MS"
                && parts[2].len() == 3
                && parts[2].chars().all(|c| c.is_ascii_digit()),
            "{} is not MS-TOPIC-NNN",
            rule.code
        );
        assert!(codes.insert(rule.code), "{} listed twice", rule.code);
        assert!(rule.summary.ends_with('.'), "{} summary", rule.code);
    }
}

/// The seed schema plus a template of `bds` BDs whose first and last point to a missing
/// VRF (the others to the seed's VRF in another template), and a site entry of an
/// object-less template whose contract twin points to a missing contract.
fn seed_with_bulk(bds: usize) -> Value {
    let mut doc = base("seed.schema.json");
    let vrf =
        |name: &str| format!("/schemas/intersite-pbr/templates/template-stretched/vrfs/{name}");
    let list: Vec<Value> = (0..bds)
        .map(|i| {
            let target = if i == 0 || i == bds - 1 {
                "missing"
            } else {
                "vrf1"
            };
            json!({"name": format!("bd{i}"), "vrfRef": vrf(target), "subnets": []})
        })
        .collect();
    doc["templates"]
        .as_array_mut()
        .expect("templates")
        .push(json!({"name": "bulk", "tenantId": "tenant1-id", "bds": list}));
    let entry = doc["sites"]
        .as_array_mut()
        .expect("sites")
        .iter_mut()
        .find(|s| s["siteId"] == "2" && s["templateName"] == "template-site2")
        .expect("site2 entry of template-site2");
    entry["contracts"] = json!([{
        "contractRef": "/schemas/intersite-pbr/templates/template-site2/contracts/nope"
    }]);
    doc
}

fn codes_and_paths(report: &Report) -> Vec<(String, String)> {
    report
        .findings
        .iter()
        .map(|f| (f.code.clone(), f.path.clone()))
        .collect()
}

#[test]
fn large_templates_are_checked_whole_in_pieces() {
    let ctx = seed_context();
    let doc = seed_with_bulk(2_500);
    let report = validate_document(&doc, &ctx);
    let expected = [
        "/sites/2-template-site2/contracts/nope/contractRef",
        "/templates/bulk/bds/bd0/vrfRef",
        "/templates/bulk/bds/bd2499/vrfRef",
    ]
    .map(|p| ("MS-REF-001".to_string(), p.to_string()));
    assert_eq!(codes_and_paths(&report), expected, "{report}");

    // The order of templates in the document changes nothing.
    let mut reversed = doc.clone();
    reversed["templates"]
        .as_array_mut()
        .expect("templates")
        .reverse();
    assert_eq!(validate_document(&reversed, &ctx), report);
}
