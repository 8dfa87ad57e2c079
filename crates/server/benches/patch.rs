//! One schema PATCH applied and committed (the same code path as `PATCH {v1}/schemas/{id}`,
//! without the HTTP round trip) on a schema of 1,000 objects and on one of 10,000 objects
//! across 10 templates, on the embedded SQLite store. Prints both medians, their ratio and
//! the operations per second.

use std::time::{Duration, Instant};

use multisite_server::routes::{schemas, tenants};
use multisite_server::ServerConfig;
use multisite_testkit::TempDir;
use serde_json::{json, Value};

const RUNS: usize = 400;

/// A schema document with `objects` objects spread over 10 templates: per template a
/// quarter VRFs, a quarter BDs, a quarter EPGs (in 10 ANPs) and a quarter filters.
fn schema_doc(name: &str, tenant: &str, objects: usize) -> Value {
    let per = objects / 10 / 4;
    let templates: Vec<Value> = (0..10)
        .map(|t| {
            let tn = format!("t{t}");
            let vrfs: Vec<Value> = (0..per).map(|i| json!({"name": format!("v{i}"), "displayName": format!("v{i}")})).collect();
            let bds: Vec<Value> = (0..per)
                .map(|i| json!({"name": format!("b{i}"), "displayName": format!("b{i}"), "vrfRef": format!("/schemas/SID/templates/{tn}/vrfs/v{i}")}))
                .collect();
            let anps: Vec<Value> = (0..10)
                .map(|a| {
                    let epgs: Vec<Value> = (0..per / 10)
                        .map(|i| json!({"name": format!("e{i}"), "displayName": format!("e{i}"), "bdRef": format!("/schemas/SID/templates/{tn}/bds/b{i}")}))
                        .collect();
                    json!({"name": format!("a{a}"), "displayName": format!("a{a}"), "epgs": epgs})
                })
                .collect();
            let filters: Vec<Value> = (0..per).map(|i| json!({"name": format!("f{i}"), "displayName": format!("f{i}"), "entries": []})).collect();
            json!({"name": tn, "displayName": tn, "tenantId": tenant, "vrfs": vrfs, "bds": bds, "anps": anps, "filters": filters})
        })
        .collect();
    json!({"displayName": name, "templates": templates, "sites": []})
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let dir = TempDir::new("multisite-bench");
        let any = "127.0.0.1:0".parse().expect("addr");
        let running = multisite_server::start(ServerConfig {
            listen: any,
            data_dir: dir.path().to_path_buf(),
            database: None,
            admin_password: Some("bench-password".into()),
            embedded_sites: false,
            embedded_site_addrs: [any, any],
        })
        .await
        .expect("server");
        let state = running.state.clone();
        let tenant = tenants::create_tenant(&state, json!({"name": "Tenant1", "displayName": "Tenant1"})).await.expect("tenant");
        let tid = tenant["id"].as_str().expect("id").to_string();
        let mut sids = Vec::new();
        for objects in [1_000usize, 10_000] {
            // Refs name the schema id, which is not known before creation: create it empty, then fill it.
            let created = schemas::create_schema(&state, json!({"displayName": format!("bench-{objects}")})).await.expect("schema");
            let sid = created["id"].as_str().expect("sid").to_string();
            let doc = schema_doc(&format!("bench-{objects}"), &tid, objects);
            let text = doc.to_string().replace("/schemas/SID/", &format!("/schemas/{sid}/"));
            let doc: Value = serde_json::from_str(&text).expect("doc");
            let ops = json!([{"op": "replace", "path": "/templates", "value": doc["templates"]}]);
            schemas::patch_schema(&state, &sid, &ops, false).await.expect("fill");
            sids.push((objects, sid));
        }
        // Interleave the two sizes so both see the same machine load.
        let mut times: Vec<Vec<Duration>> = (0..2).map(|_| Vec::with_capacity(RUNS)).collect();
        let mut phases: Vec<(Vec<Duration>, Vec<Duration>)> = vec![(Vec::new(), Vec::new()); 2];
        for i in 0..RUNS {
            for (k, (_, sid)) in sids.iter().enumerate() {
                let ops = json!([{"op": "add", "path": "/templates/t3/bds/-", "value": {
                    "name": format!("bench-bd-{i}"), "displayName": format!("bench-bd-{i}"),
                    "vrfRef": {"vrfName": "v1", "templateName": "t3", "schemaId": sid}}}]);
                let start = Instant::now();
                let (_, modified) = schemas::patch_schema(&state, sid, &ops, false).await.expect("patch");
                times[k].push(start.elapsed());
                assert!(modified);
                // Phases, for the record: taking the up-to-date schema, applying in memory.
                let probe = json!([{"op": "add", "path": "/templates/t3/bds/-", "value": {
                    "name": "probe", "displayName": "p", "vrfRef": {"vrfName": "v1", "templateName": "t3", "schemaId": sid}}}]);
                let t0 = Instant::now();
                let mut g = state.schemas.lock(&state.store, sid).await.expect("lock");
                let t1 = Instant::now();
                let outcome = g.schema_mut().apply_patch(&probe, &multisite_model::NoExternalRefs).expect("apply");
                let t2 = Instant::now();
                g.schema_mut().undo(outcome);
                phases[k].0.push(t1 - t0);
                phases[k].1.push(t2 - t1);
            }
        }
        let mut medians = Vec::new();
        for (k, (objects, _)) in sids.iter().enumerate() {
            let m = median(times[k].clone());
            println!(
                "patch: schema of {objects:>6} objects: median {:>7.1} us per PATCH ({:.0} PATCH/s); of which lock+freshness {:.1} us, apply {:.1} us",
                m.as_secs_f64() * 1e6,
                1.0 / m.as_secs_f64(),
                median(phases[k].0.clone()).as_secs_f64() * 1e6,
                median(phases[k].1.clone()).as_secs_f64() * 1e6
            );
            medians.push(m);
        }
        let ratio = medians[1].as_secs_f64() / medians[0].as_secs_f64();
        println!("patch: ratio 10,000 / 1,000 objects = {ratio:.2} (target <= 1.3)");
        running.abort();
    });
}
