//! Query and write costs on a site of about 100,000 objects: a class query whose
//! filter matches few objects against a scan of the whole tree, the full subtree of
//! one tenant, and a POST of a 1,000-object tree. Prints the median of each.

use std::hint::black_box;
use std::time::{Duration, Instant};

use multisite_apic::{SiteIdentity, Tree};
use serde_json::{json, Value};

const TENANTS: usize = 100;
const FILTERS: usize = 20;
const ENTRIES: usize = 49;

/// One tenant of 1 + 1 BD (+5 implicit relations) + FILTERS * (1 + ENTRIES) objects.
fn tenant_body(name: &str) -> Value {
    let filters: Vec<Value> = (0..FILTERS)
        .map(|f| {
            let entries: Vec<Value> = (0..ENTRIES)
                .map(|e| json!({"vzEntry": {"attributes": {"name": format!("e{e}"), "etherT": "ip", "prot": "tcp", "dFromPort": (1000 + e).to_string()}}}))
                .collect();
            json!({"vzFilter": {"attributes": {"name": format!("f{f}")}, "children": entries}})
        })
        .collect();
    let mut children = filters;
    children.push(json!({"fvBD": {"attributes": {"name": format!("bd-{name}")}}}));
    json!({"fvTenant": {"attributes": {"name": name}, "children": children}})
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn measure(label: &str, unit: &str, iters: usize, mut f: impl FnMut() -> usize) -> Duration {
    let mut runs = Vec::with_capacity(iters);
    let mut size = 0;
    for _ in 0..iters {
        let t = Instant::now();
        size = black_box(f());
        runs.push(t.elapsed());
    }
    let m = median(runs);
    println!(
        "{label:<52} median {:>10.1} us  ({size} {unit})",
        m.as_secs_f64() * 1e6
    );
    m
}

fn params(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn count(v: &Value) -> usize {
    v["imdata"].as_array().map_or(0, Vec::len)
}

fn main() {
    let mut tree = Tree::new(SiteIdentity {
        name: "bench".into(),
        site_id: 1,
        version: "5.1(4c)".into(),
    });
    let build = Instant::now();
    for t in 0..TENANTS {
        tree.post("/api/mo/uni.json", &[], &tenant_body(&format!("t{t}")))
            .unwrap();
    }
    println!(
        "built a tree of {} objects in {:.2} s",
        tree.len(),
        build.elapsed().as_secs_f64()
    );

    let by_name = params(r#"query-target-filter=eq(fvBD.name,"bd-t7")"#);
    let by_attr = params(r#"query-target-filter=eq(fvBD.arpFlood,"yes")"#);
    let scan = params(r#"query-target=subtree&query-target-filter=eq(fvBD.name,"bd-t7")"#);
    let indexed = measure(
        "class query fvBD, filter on the naming property",
        "objects",
        200,
        || count(&tree.get("/api/class/fvBD.json", &by_name).unwrap()),
    );
    let class_scan = measure(
        "class query fvBD, filter on another property",
        "objects",
        200,
        || count(&tree.get("/api/class/fvBD.json", &by_attr).unwrap()),
    );
    let full = measure(
        "baseline: subtree scan of uni with the same filter",
        "objects",
        10,
        || count(&tree.get("/api/mo/uni.json", &scan).unwrap()),
    );
    println!(
        "  the class query costs {:.4}x (naming index) and {:.4}x (class index) of the full scan",
        indexed.as_secs_f64() / full.as_secs_f64(),
        class_scan.as_secs_f64() / full.as_secs_f64()
    );

    let subtree = params("rsp-subtree=full");
    measure(
        "full subtree of one tenant (1,006 objects)",
        "kB of JSON",
        20,
        || {
            let v = tree.get("/api/mo/uni/tn-t7.json", &subtree).unwrap();
            serde_json::to_string(&v).unwrap().len() / 1000
        },
    );

    let mut n = 0;
    let post = measure(
        "POST of a new 1,006-object tenant",
        "objects in the tree",
        10,
        || {
            n += 1;
            tree.post("/api/mo/uni.json", &[], &tenant_body(&format!("new{n}")))
                .unwrap();
            tree.len()
        },
    );
    let body = tenant_body("new1");
    let repost = measure(
        "baseline: the same tree posted again (no change)",
        "changes",
        10,
        || {
            count(
                &tree
                    .post("/api/mo/uni.json", &params("rsp-subtree=modified"), &body)
                    .unwrap(),
            )
        },
    );
    println!(
        "  a creating POST costs {:.2}x an idempotent re-post",
        post.as_secs_f64() / repost.as_secs_f64()
    );
}
