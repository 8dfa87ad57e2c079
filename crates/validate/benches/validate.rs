//! Validation cost against schema size: schemas of about 10,000 and 100,000 objects
//! (the seed's pattern repeated: VRF, BDs, EPGs, contracts with a firewall graph,
//! external EPGs, L3Outs, site-local device and PBR settings on two sites). The two
//! sizes run interleaved, round after round, so a burst of other work on the machine
//! hits both alike; prints the median and fastest run of each and their ratios (linear
//! cost would be 10, the limit is 12), beside the same-run baseline of one walk over
//! each document.

use std::hint::black_box;
use std::time::{Duration, Instant};

use multisite_validate::{
    validate_document, Context, DeviceFacts, PodFacts, RedirectPolicyFacts, SiteFacts,
};
use serde_json::{json, Value};

const SID: &str = "bench";
const GROUP: usize = 10; // objects per group below: vrf, 2 bds, anp, epg, contract, filter, graph, node, ext epg

fn r(t: &str, rest: &str) -> String {
    format!("/schemas/{SID}/templates/{t}/{rest}")
}

fn template(t: &str, groups: usize) -> Value {
    let (mut vrfs, mut bds, mut anps, mut contracts, mut filters, mut exts, mut l3outs, mut graphs) = (
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
    );
    for g in 0..groups {
        let vrf = r(t, &format!("vrfs/vrf{g}"));
        vrfs.push(json!({"name": format!("vrf{g}"), "vrfRef": vrf}));
        bds.push(
            json!({"name": format!("bd{g}"), "vrfRef": vrf, "unicastRouting": true, "subnets": []}),
        );
        bds.push(json!({"name": format!("svc{g}"), "vrfRef": vrf, "unicastRouting": true, "subnets": []}));
        let contract = r(t, &format!("contracts/c{g}"));
        anps.push(json!({"name": format!("ap{g}"), "epgs": [{"name": "web", "bdRef": r(t, &format!("bds/bd{g}")),
            "contractRelationships": [{"relationshipType": "consumer", "contractRef": contract}]}]}));
        filters.push(json!({"name": format!("f{g}"), "entries": []}));
        let graph = r(t, &format!("serviceGraphs/sg{g}"));
        graphs.push(
            json!({"name": format!("sg{g}"), "serviceNodes": [{"name": "node1", "index": 1,
            "serviceNodeTypeId": "0000ffff0000000000000051"}]}),
        );
        let svc = r(t, &format!("bds/svc{g}"));
        contracts.push(json!({"name": format!("c{g}"), "scope": "context", "filterType": "bothWay",
            "filterRelationships": [{"filterRef": r(t, &format!("filters/f{g}"))}],
            "filterRelationshipsConsumerToProvider": [], "filterRelationshipsProviderToConsumer": [],
            "serviceGraphRelationship": {"serviceGraphRef": graph, "serviceNodesRelationship": [{
                "serviceNodeRef": format!("{graph}/serviceNodes/node1"),
                "consumerConnector": {"bdRef": svc}, "providerConnector": {"bdRef": svc}}]}}));
        l3outs.push(json!({"name": format!("l3out{g}"), "vrfRef": vrf}));
        exts.push(json!({"name": format!("ext{g}"), "vrfRef": vrf, "l3outRef": r(t, &format!("l3outs/l3out{g}")),
            "contractRelationships": [{"relationshipType": "provider", "contractRef": contract}], "subnets": []}));
    }
    json!({"name": t, "tenantId": "tn1", "vrfs": vrfs, "bds": bds, "anps": anps, "contracts": contracts,
           "filters": filters, "externalEpgs": exts, "intersiteL3outs": l3outs, "serviceGraphs": graphs})
}

fn site_entry(site: &str, t: &str, groups: usize) -> Value {
    let mut contracts = vec![];
    let mut graphs = vec![];
    let dev = format!("uni/tn-Tenant1/lDevVip-FW{site}");
    for g in 0..groups {
        let graph = r(t, &format!("serviceGraphs/sg{g}"));
        graphs.push(json!({"serviceGraphRef": graph, "serviceNodes": [{"serviceNodeRef": format!("{graph}/serviceNodes/node1"),
            "device": {"dn": dev, "funcType": "GoTo"}}]}));
        let conn = json!({"clusterInterface": {"dn": format!("{dev}/lIf-arm")},
                          "redirectPolicy": {"dn": "uni/tn-Tenant1/svcCont/svcRedirectPol-pbr"}});
        contracts.push(json!({"contractRef": r(t, &format!("contracts/c{g}")), "serviceGraphRelationship": {
            "serviceGraphRef": graph, "serviceNodesRelationship": [{"serviceNodeRef": format!("{graph}/serviceNodes/node1"),
            "consumerConnector": conn, "providerConnector": conn}]}}));
    }
    json!({"siteId": site, "templateName": t, "contracts": contracts, "serviceGraphs": graphs})
}

/// A schema of about `objects` template objects in 10 templates, each on both sites.
fn schema(objects: usize) -> Value {
    let groups = (objects / GROUP / 10).max(1);
    let names: Vec<String> = (0..10).map(|i| format!("t{i}")).collect();
    let templates: Vec<Value> = names.iter().map(|t| template(t, groups)).collect();
    let sites: Vec<Value> = names
        .iter()
        .flat_map(|t| ["1", "2"].map(|s| site_entry(s, t, groups)))
        .collect();
    json!({"id": SID, "displayName": "bench", "templates": templates, "sites": sites})
}

fn context() -> Context {
    let site = |id: &str, ver: &str, fabric: &str, ext: &str| SiteFacts {
        site_id: id.into(),
        name: format!("site{id}"),
        apic_version: ver.into(),
        pods: vec![PodFacts {
            pod_id: 1,
            tep_pool: fabric.into(),
            external_tep_pools: vec![ext.into()],
        }],
        devices: vec![DeviceFacts {
            dn: format!("uni/tn-Tenant1/lDevVip-FW{id}"),
            name: format!("FW{id}"),
            func_type: "GoTo".into(),
            svc_type: "FW".into(),
            cluster_interfaces: vec!["arm".into()],
        }],
        redirect_policies: vec![RedirectPolicyFacts {
            dn: "uni/tn-Tenant1/svcCont/svcRedirectPol-pbr".into(),
            name: "pbr".into(),
            dest_type: "L3".into(),
        }],
        ..SiteFacts::default()
    };
    Context::default()
        .with_tenant("tn1", "Tenant1")
        .with_site(site("1", "5.1(4c)", "10.1.0.0/16", "172.16.1.0/24"))
        .with_site(site("2", "4.2(7w)", "10.2.0.0/16", "172.16.2.0/24"))
}

/// The same-run baseline: one walk over every value of the document, the least any
/// validator must do.
fn walk(v: &Value) -> usize {
    match v {
        Value::Array(items) => 1 + items.iter().map(walk).sum::<usize>(),
        Value::Object(map) => 1 + map.values().map(walk).sum::<usize>(),
        Value::String(s) => s.len(),
        _ => 1,
    }
}

/// Rounds of interleaved runs; each round runs the large document once and the small
/// one `SMALL_PER_ROUND` times.
const ROUNDS: usize = 15;
const SMALL_PER_ROUND: usize = 3;

/// Times of one measured operation, sorted once all rounds are done.
#[derive(Default)]
struct Samples(Vec<Duration>);

impl Samples {
    fn time(&mut self, f: impl FnOnce()) {
        let start = Instant::now();
        f();
        self.0.push(start.elapsed());
    }

    /// (fastest, median, runs).
    fn summary(&mut self) -> (Duration, Duration, usize) {
        self.0.sort_unstable();
        let n = self.0.len();
        (self.0[0], self.0[n / 2], n)
    }
}

fn ratio(large: Duration, small: Duration) -> f64 {
    large.as_secs_f64() / small.as_secs_f64()
}

fn main() {
    let ctx = context();
    let small = schema(10_000);
    let large = schema(100_000);
    let findings = (
        validate_document(&small, &ctx).findings.len(),
        validate_document(&large, &ctx).findings.len(),
    );
    let mut v_small = Samples::default();
    let mut v_large = Samples::default();
    let mut w_small = Samples::default();
    let mut w_large = Samples::default();
    for _ in 0..ROUNDS {
        v_large.time(|| {
            black_box(validate_document(black_box(&large), &ctx));
        });
        w_large.time(|| {
            black_box(walk(black_box(&large)));
        });
        for _ in 0..SMALL_PER_ROUND {
            v_small.time(|| {
                black_box(validate_document(black_box(&small), &ctx));
            });
            w_small.time(|| {
                black_box(walk(black_box(&small)));
            });
        }
    }
    let (vs_min, vs_med, vs_n) = v_small.summary();
    let (vl_min, vl_med, vl_n) = v_large.summary();
    let (ws_min, ws_med, _) = w_small.summary();
    let (wl_min, wl_med, _) = w_large.summary();
    println!("validate  10,000 objects: median {vs_med:?}, fastest {vs_min:?} of {vs_n} runs ({} findings)", findings.0);
    println!("validate 100,000 objects: median {vl_med:?}, fastest {vl_min:?} of {vl_n} runs ({} findings)", findings.1);
    println!(
        "ratio 100k/10k: medians {:.2}, fastest runs {:.2} (linear would be 10; limit 12)",
        ratio(vl_med, vs_med),
        ratio(vl_min, vs_min)
    );
    println!(
        "per object: {:.2} us (10k median), {:.2} us (100k median)",
        vs_med.as_secs_f64() * 1e6 / 10_000.0,
        vl_med.as_secs_f64() * 1e6 / 100_000.0
    );
    println!(
        "baseline, one walk over the document (same run): 10,000 objects median {ws_med:?}, fastest {ws_min:?}; 100,000 objects median {wl_med:?}, fastest {wl_min:?}; ratio of medians {:.2}, of fastest {:.2}",
        ratio(wl_med, ws_med),
        ratio(wl_min, ws_min)
    );
}
