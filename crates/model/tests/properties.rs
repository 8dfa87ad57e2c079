//! Property tests over random operation sequences on the base case document:
//! undo restores the document, the stored units rebuild it, and a schema rebuilt from
//! its units answers a patch exactly as the live schema and as one rebuilt from its
//! whole document.

mod common;

use multisite_model::{NoExternalRefs, Schema};
use proptest::prelude::*;
use serde_json::{json, Value};

fn base() -> Schema {
    let doc = common::read_json(&common::cases_dir().join("base.json"));
    Schema::from_client("s1", doc, &NoExternalRefs).unwrap()
}

fn vrf_ref(n: u8) -> Value {
    json!({"schemaId": "s1", "templateName": "t1", "vrfName": format!("v{n}")})
}

/// One operation drawn from the forms clients send (some of them refused on purpose).
fn op() -> impl Strategy<Value = Value> {
    let n = 0u8..4;
    prop_oneof![
        n.clone().prop_map(|n| json!({"op": "add", "path": "/templates/t1/vrfs/-", "value": {"name": format!("v{n}")}})),
        n.clone().prop_map(|n| json!({"op": "remove", "path": format!("/templates/t1/vrfs/v{n}")})),
        (n.clone(), n.clone()).prop_map(|(b, v)| json!({"op": "add", "path": "/templates/t1/bds/-",
            "value": {"name": format!("bd{b}"), "vrfRef": vrf_ref(v)}})),
        n.clone().prop_map(|b| json!({"op": "replace", "path": format!("/templates/t1/bds/bd{b}/displayName"), "value": "shown"})),
        n.clone().prop_map(|b| json!({"op": "replace", "path": format!("/templates/t1/bds/bd{b}/name"), "value": format!("bd{}", b + 1)})),
        n.clone().prop_map(|e| json!({"op": "add", "path": "/templates/t1/anps/a1/epgs/-",
            "value": {"name": format!("e{e}"), "bdRef": {"schemaId": "s1", "templateName": "t1", "bdName": "b1"}}})),
        n.clone().prop_map(|e| json!({"op": "remove", "path": format!("/templates/t1/anps/a1/epgs/e{e}")})),
        n.clone().prop_map(|s| json!({"op": "add", "path": "/sites/-", "value": {"siteId": format!("{s}"), "templateName": "t1"}})),
        n.clone().prop_map(|s| json!({"op": "add", "path": "/sites/-", "value": {"siteId": format!("{s}"), "templateName": "t2"}})),
        Just(json!({"op": "remove", "path": "/sites/0"})),
        Just(json!({"op": "add", "path": "/sites/1-t1/bds/b1/subnets/-", "value": {"ip": "10.9.0.1/24"}})),
        Just(json!({"op": "replace", "path": "/templates/t1/displayName", "value": "t1"})),
        Just(json!({"op": "replace", "path": "/templates/t2/name", "value": "t3"})),
        Just(json!({"op": "add", "path": "/templates/t1/contracts/c1/scope", "value": "tenant"})),
        Just(json!({"op": "remove", "path": "/templates/t1/contracts/c1/serviceGraphRelationship"})),
        n.prop_map(|v| json!({"op": "add", "path": "/templates/t1/vrfs/0", "value": {"name": format!("v{v}x")}})),
    ]
}

fn patches() -> impl Strategy<Value = Vec<Value>> {
    prop::collection::vec(
        prop::collection::vec(op(), 1..4).prop_map(Value::Array),
        1..6,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn undo_restores_and_units_round_trip(patches in patches()) {
        let mut schema = base();
        for p in &patches {
            let before = schema.to_json();
            match schema.apply_patch(p, &NoExternalRefs) {
                Ok(outcome) => {
                    let after = schema.to_json();
                    prop_assert_eq!(outcome.modified, before != after);
                    schema.undo(outcome);
                    prop_assert_eq!(&schema.to_json(), &before);
                    // Keep the change for the next patch of the sequence.
                    schema.apply_patch(p, &NoExternalRefs).unwrap();
                }
                Err(_) => prop_assert_eq!(&schema.to_json(), &before),
            }
            let (header, units) = schema.to_units();
            let rebuilt = Schema::from_units("s1", schema.version(), header, units).unwrap();
            prop_assert_eq!(rebuilt.to_json(), schema.to_json());
        }
    }

    #[test]
    fn units_and_document_answer_alike(setup in patches(), last in prop::collection::vec(op(), 1..4)) {
        let mut schema = base();
        for p in &setup {
            let _ = schema.apply_patch(p, &NoExternalRefs);
        }
        let (header, units) = schema.to_units();
        let mut from_units = Schema::from_units("s1", schema.version(), header, units).unwrap();
        let last = Value::Array(last);
        let answer = |s: &mut Schema| s.apply_patch(&last, &NoExternalRefs).map(|o| o.modified).map_err(|e| e.to_string());
        let a = answer(&mut from_units);
        // A whole document re-read through the client path (refused when an earlier
        // removal left a dangling reference, which a full write checks).
        if let Ok(mut from_doc) = Schema::from_client("s1", schema.to_json(), &NoExternalRefs) {
            let b = answer(&mut from_doc);
            prop_assert_eq!(&a, &b);
            prop_assert_eq!(from_units.to_json(), from_doc.to_json());
        }
        let c = answer(&mut schema);
        prop_assert_eq!(&a, &c);
        prop_assert_eq!(from_units.to_json(), schema.to_json());
    }
}
