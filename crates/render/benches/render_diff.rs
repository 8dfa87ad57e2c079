//! Timing of rendering and diffing, each printed with a baseline measured in the same run:
//! - rendering the seed's schema (case A) for both sites, against parsing the document
//!   alone (the floor every render pays);
//! - diffing two 20,000-object trees that differ in a tenth of their objects, against
//!   cloning one of them (touching every object once).

use std::hint::black_box;
use std::time::{Duration, Instant};

use multisite_render::{
    diff, parse_schema, render_all, Mo, MoSet, RenderContext, SiteId, SiteInfo,
};

fn time<T>(iterations: u32, mut f: impl FnMut() -> T) -> Duration {
    let start = Instant::now();
    for _ in 0..iterations {
        black_box(f());
    }
    start.elapsed() / iterations
}

fn tree(n: usize, variant: usize) -> MoSet {
    (0..n)
        .map(|i| {
            let mo = Mo::new("fvBD", format!("uni/tn-t{}/BD-b{i}", i % 50))
                .with("annotation", "orchestrator:msc")
                .with("name", format!("b{i}"));
            if i % 10 == 0 {
                mo.with("arpFlood", if variant == 0 { "no" } else { "yes" })
            } else {
                mo.with("arpFlood", "no")
            }
        })
        .collect()
}

fn main() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/render/a-seed-stretched-pbr/schema.json"
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("case A schema")).expect("json");
    let ctx = RenderContext {
        tenants: [("tenant1-id".to_string(), "Tenant1".to_string())].into(),
        sites: (1..=2)
            .map(|n| SiteInfo {
                id: SiteId::from(n.to_string()),
                name: format!("site{n}"),
                apic_site_id: n,
            })
            .collect(),
        ..Default::default()
    };
    let parse = time(200, || parse_schema(&schema).map(|s| s.templates.len()));
    let render = time(200, || render_all(&schema, &ctx).map(|m| m.len()));
    println!(
        "render case A, both sites: {render:?} per run (baseline, parsing the document: {parse:?})"
    );

    let a = tree(20_000, 0);
    let b = tree(20_000, 1);
    let clone = time(20, || a.clone());
    let d = time(20, || diff(&b, &a).len());
    println!(
        "diff 20000 objects, 2000 changed: {d:?} per run (baseline, cloning the tree: {clone:?})"
    );
}
