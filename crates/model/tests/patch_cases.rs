//! Data-driven patch cases. Each folder under `tests/cases/` holds `patch.json` and
//! optionally `schema.json` (else `tests/cases/base.json` is the starting document, with
//! schema id `s1`). The result is compared with `expected.json` (`{"modified", "document"}`)
//! or, when the patch is refused, with `expected.txt` (the error kind and message).
//! `UPDATE_EXPECT=1` rewrites the expected files.
//!
//! Every case also checks: a refused patch leaves the document byte-identical; undo of
//! an accepted patch restores it; the stored units rebuild the same document; and the
//! outcome's upserts and deletes, applied to the old units, give the new units.

mod common;

use common::*;
use multisite_model::{NoExternalRefs, Schema, Unit};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

fn units_map(units: Vec<Unit>) -> BTreeMap<String, (i64, Value)> {
    units
        .into_iter()
        .map(|u| (u.key, (u.ord, u.body)))
        .collect()
}

fn check(dir: &Path) {
    let start = if dir.join("schema.json").exists() {
        dir.join("schema.json")
    } else {
        cases_dir().join("base.json")
    };
    let doc = read_json(&start);
    let mut schema = Schema::from_client("s1", doc, &NoExternalRefs)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let before = serde_json::to_string(&schema.to_json()).unwrap();
    let (_, units_before) = schema.to_units();
    let patch = read_json(&dir.join("patch.json"));
    match schema.apply_patch(&patch, &NoExternalRefs) {
        Ok(outcome) => {
            let after = schema.to_json();
            let (header, units_after) = schema.to_units();
            // The stored form rebuilds the same document.
            let rebuilt =
                Schema::from_units("s1", schema.version(), header, units_after.clone()).unwrap();
            assert_eq!(
                rebuilt.to_json(),
                after,
                "{}: units round trip",
                dir.display()
            );
            // The outcome is exactly the difference between the unit sets.
            let mut applied = units_map(units_before);
            for k in &outcome.deletes {
                assert!(
                    applied.remove(k).is_some(),
                    "{}: delete of unknown key {k}",
                    dir.display()
                );
            }
            for u in &outcome.upserts {
                applied.insert(u.key.clone(), (u.ord, u.body.clone()));
            }
            assert_eq!(
                applied,
                units_map(units_after),
                "{}: upserts/deletes",
                dir.display()
            );
            let modified = outcome.modified;
            schema.undo(outcome);
            assert_eq!(
                serde_json::to_string(&schema.to_json()).unwrap(),
                before,
                "{}: undo",
                dir.display()
            );
            expect_file(
                &dir.join("expected.json"),
                &pretty(&json!({"modified": modified, "document": after})),
            );
        }
        Err(e) => {
            assert_eq!(
                serde_json::to_string(&schema.to_json()).unwrap(),
                before,
                "{}: refused patch changed the schema",
                dir.display()
            );
            expect_file(&dir.join("expected.txt"), &format!("{:?}: {}\n", e.kind, e));
        }
    }
}

#[test]
fn patch_cases() {
    let mut dirs: Vec<_> = std::fs::read_dir(cases_dir())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 20, "expected the case folders");
    for dir in dirs {
        check(&dir);
    }
}
