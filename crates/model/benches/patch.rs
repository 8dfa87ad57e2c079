//! Cost of one PATCH against schema size: a schema of 1,000 and one of 10,000 objects
//! across 10 templates (two sites each); one `apply_patch` adding a BD and one replacing
//! an EPG, timed on each. Prints both medians and the ratio (the design target is at most
//! 1.3x for ten times the objects).

use multisite_model::{NoExternalRefs, Schema};
use serde_json::{json, Value};
use std::hint::black_box;
use std::time::Instant;

const TEMPLATES: usize = 10;

/// A schema with about `objects` template objects spread over 10 templates.
fn schema(objects: usize) -> Schema {
    let per = objects / TEMPLATES;
    let templates: Vec<Value> = (0..TEMPLATES)
        .map(|t| {
            let name = format!("t{t}");
            let r = |coll: &str, n: String| json!({"schemaId": "s1", "templateName": name, coll: n});
            let vrfs: Vec<Value> = (0..per / 10).map(|i| json!({"name": format!("vrf{i}")})).collect();
            let bds: Vec<Value> = (0..per * 3 / 10)
                .map(|i| json!({"name": format!("bd{i}"), "vrfRef": r("vrfName", "vrf0".into()),
                                "subnets": [{"ip": format!("10.{}.{}.1/24", i / 250, i % 250)}]}))
                .collect();
            let contracts: Vec<Value> = (0..per / 10).map(|i| json!({"name": format!("c{i}")})).collect();
            let filters: Vec<Value> = (0..per / 10)
                .map(|i| json!({"name": format!("f{i}"), "entries": [{"name": "e", "etherType": "ip"}]}))
                .collect();
            let anp_count = per / 20;
            let epgs_per = (per * 3 / 10) / anp_count.max(1);
            let anps: Vec<Value> = (0..anp_count)
                .map(|a| {
                    let epgs: Vec<Value> = (0..epgs_per)
                        .map(|e| json!({"name": format!("epg{e}"), "bdRef": r("bdName", format!("bd{e}")),
                            "contractRelationships": [{"relationshipType": "consumer", "contractRef": r("contractName", "c0".into())}]}))
                        .collect();
                    json!({"name": format!("anp{a}"), "epgs": epgs})
                })
                .collect();
            json!({"name": name, "tenantId": "tn1", "vrfs": vrfs, "bds": bds, "anps": anps,
                   "contracts": contracts, "filters": filters})
        })
        .collect();
    let sites: Vec<Value> = (0..TEMPLATES)
        .flat_map(|t| ["1", "2"].map(|s| json!({"siteId": s, "templateName": format!("t{t}")})))
        .collect();
    let doc = json!({"displayName": "bench", "templates": templates, "sites": sites});
    match Schema::from_client("s1", doc, &NoExternalRefs) {
        Ok(s) => s,
        Err(e) => panic!("bench schema: {e}"),
    }
}

/// Median time of `patch` on `s`, undoing after each run so every run sees the same schema.
fn median_ns(s: &mut Schema, patch: &Value, runs: usize) -> f64 {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let outcome = s.apply_patch(black_box(patch), &NoExternalRefs);
        let elapsed = start.elapsed();
        match outcome {
            Ok(o) => s.undo(o),
            Err(e) => panic!("bench patch: {e}"),
        }
        times.push(elapsed.as_nanos() as f64);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    times[times.len() / 2]
}

fn main() {
    let add_bd = json!([{"op": "add", "path": "/templates/t5/bds/-",
        "value": {"name": "bd-new", "vrfRef": {"schemaId": "s1", "templateName": "t5", "vrfName": "vrf0"},
                  "subnets": [{"ip": "192.168.1.1/24"}]}}]);
    let replace_epg = json!([{"op": "replace", "path": "/templates/t5/anps/anp3/epgs/epg2",
        "value": {"name": "epg2", "displayName": "renamed display",
                  "bdRef": {"schemaId": "s1", "templateName": "t5", "bdName": "bd7"},
                  "contractRelationships": [{"relationshipType": "provider",
                      "contractRef": {"schemaId": "s1", "templateName": "t5", "contractName": "c1"}}]}}]);
    let runs = 2001;
    let mut small = schema(1_000);
    let mut large = schema(10_000);
    for (label, patch) in [("add a BD", &add_bd), ("replace an EPG", &replace_epg)] {
        // Warm up both.
        median_ns(&mut small, patch, 200);
        median_ns(&mut large, patch, 200);
        let a = median_ns(&mut small, patch, runs);
        let b = median_ns(&mut large, patch, runs);
        println!(
            "patch/{label}: 1,000 objects median {:.1} us (baseline) | 10,000 objects median {:.1} us | ratio {:.2}x",
            a / 1e3,
            b / 1e3,
            b / a
        );
    }
}
