//! Validation cost against schema size: schemas of about 10,000 and 100,000 objects
//! (the seed's pattern repeated: VRF, BDs, EPGs, contracts with a firewall graph,
//! external EPGs, L3Outs, site-local device and PBR settings on two sites). Prints both
//! times and their ratio; the ratio should stay near 10 (linear cost).

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

fn baseline(doc: &Value, runs: usize) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(walk(black_box(doc)));
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// (fastest, median, findings) over `runs` runs. The fastest run is the figure least
/// disturbed by other work on the machine, so the ratio uses it.
fn measure(doc: &Value, ctx: &Context, runs: usize) -> (Duration, Duration, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut findings = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let report = validate_document(black_box(doc), ctx);
        times.push(start.elapsed());
        findings = report.findings.len();
    }
    times.sort_unstable();
    (times[0], times[runs / 2], findings)
}

fn main() {
    let ctx = context();
    let small = schema(10_000);
    let large = schema(100_000);
    let (min_small, med_small, f_small) = measure(&small, &ctx, 31);
    let (min_large, med_large, f_large) = measure(&large, &ctx, 11);
    let (base_small, base_large) = (baseline(&small, 31), baseline(&large, 11));
    let ratio = min_large.as_secs_f64() / min_small.as_secs_f64();
    let base_ratio = base_large.as_secs_f64() / base_small.as_secs_f64();
    println!("validate 10,000 objects:  fastest {min_small:?}, median {med_small:?} of 31 runs ({f_small} findings)");
    println!("validate 100,000 objects: fastest {min_large:?}, median {med_large:?} of 11 runs ({f_large} findings)");
    println!("ratio 100k/10k (fastest runs): {ratio:.2} (linear would be 10; limit 12)");
    println!("baseline, one walk over the document: 10,000 objects {base_small:?}, 100,000 objects {base_large:?}, ratio {base_ratio:.2}");
}
