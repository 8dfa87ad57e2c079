//! Validation cost against schema size: schemas of about 10,000 and 100,000 objects
//! (the seed's pattern repeated: VRF, BDs, EPGs, contracts with a firewall graph,
//! external EPGs, L3Outs, site-local device and PBR settings on two sites), through both
//! entry points: `validate_document` (a schema document, as `multisite validate --file`
//! reads it) and `validate` (a stored schema, as the validate endpoint and deploy call
//! it, including its conversion to the document form).
//!
//! Two regimes, the sizes interleaved round after round so a burst of other work on the
//! machine hits both alike:
//! - cold: before every timed run a buffer larger than the last-level cache is read
//!   through, so each run starts as a request does in a busy server, with the schema and
//!   the validator's tables out of cache. This is the regime the linearity bound (at most
//!   12 times the cost for 10 times the objects) is read in: it compares the algorithm at
//!   both sizes under the same conditions.
//! - warm: the same document validated back to back. The 10,000-object document (about
//!   40 MB as `serde_json` values) then stays in the last-level cache while the
//!   100,000-object one (about 360 MB) cannot, so the ratio also measures the cache's
//!   size; the same-run baseline, one plain walk over each document, shows how much.

use std::hint::black_box;
use std::time::{Duration, Instant};

use multisite_model::{AnyExternalRefs, Schema};
use multisite_validate::{
    validate, validate_document, Context, DeviceFacts, PodFacts, RedirectPolicyFacts, SiteFacts,
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
/// validator of the document must do.
fn walk(v: &Value) -> usize {
    match v {
        Value::Array(items) => 1 + items.iter().map(walk).sum::<usize>(),
        Value::Object(map) => 1 + map.values().map(walk).sum::<usize>(),
        Value::String(s) => s.len(),
        _ => 1,
    }
}

/// Read through before each cold run: larger than the last-level cache.
const FLUSH_BYTES: usize = 512 << 20;
const COLD_ROUNDS: usize = 9;
/// Warm rounds run the large document once and the small one `SMALL_PER_ROUND` times.
const WARM_ROUNDS: usize = 12;
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

    /// (fastest, median).
    fn summary(&mut self) -> (Duration, Duration) {
        self.0.sort_unstable();
        (self.0[0], self.0[self.0.len() / 2])
    }
}

/// The small and the large run of one operation.
#[derive(Default)]
struct Pair {
    small: Samples,
    large: Samples,
}

impl Pair {
    /// The samples of size `i` (0 small, 1 large).
    fn of(&mut self, i: usize) -> &mut Samples {
        if i == 0 {
            &mut self.small
        } else {
            &mut self.large
        }
    }

    fn report(&mut self, what: &str) -> f64 {
        let (s_min, s_med) = self.small.summary();
        let (l_min, l_med) = self.large.summary();
        let ratio = l_med.as_secs_f64() / s_med.as_secs_f64();
        println!(
            "  {what}: 10,000 objects median {s_med:.2?} (fastest {s_min:.2?}), 100,000 objects median {l_med:.2?} (fastest {l_min:.2?}); ratio of medians {ratio:.2}, of fastest {:.2}",
            l_min.as_secs_f64() / s_min.as_secs_f64()
        );
        ratio
    }
}

/// A buffer larger than the last-level cache, read through before each cold run (read,
/// not written, so no dirty lines are still being written back during the run).
struct Flush(Vec<u8>);

impl Flush {
    fn new() -> Flush {
        Flush((0..FLUSH_BYTES).map(|i| i as u8).collect())
    }

    fn run(&self) {
        let sum = self
            .0
            .iter()
            .step_by(64)
            .fold(0u64, |acc, b| acc.wrapping_add(u64::from(*b)));
        black_box(sum);
    }
}

/// Cold runs of `op` on the small and the large input, interleaved round after round.
/// With `settle`, each timed run follows an untimed run of the same operation and size,
/// so what the allocator was left by the other size (hundreds of megabytes of freed
/// values after a large run) is never charged to this one; then the cache is read
/// through and the run timed.
fn cold<T>(flush: &Flush, inputs: &[T], settle: bool, op: impl Fn(&T)) -> Pair {
    let mut pair = Pair::default();
    for _ in 0..COLD_ROUNDS {
        for (i, input) in inputs.iter().enumerate() {
            if settle {
                op(input);
            }
            flush.run();
            pair.of(i).time(|| op(input));
        }
    }
    pair
}

fn main() {
    let ctx = context();
    let docs = [schema(10_000), schema(100_000)];
    let typed: Vec<Schema> = docs
        .iter()
        .map(|d| Schema::from_client(SID, d.clone(), &AnyExternalRefs).expect("a valid schema"))
        .collect();
    for (doc, schema) in docs.iter().zip(&typed) {
        let a = validate_document(doc, &ctx).findings.len();
        let b = validate(schema, &ctx).findings.len();
        assert_eq!((a, b), (0, 0), "the benchmark schemas validate clean");
    }
    let flush = Flush::new();
    let mut doc_cold = cold(&flush, &docs, true, |doc| {
        black_box(validate_document(black_box(doc), &ctx));
    });
    let mut typed_cold = cold(&flush, &typed, true, |schema| {
        black_box(validate(black_box(schema), &ctx));
    });
    let mut walk_cold = cold(&flush, &docs, false, |doc| {
        black_box(walk(black_box(doc)));
    });
    let (mut doc_warm, mut walk_warm) = (Pair::default(), Pair::default());
    for _ in 0..WARM_ROUNDS {
        doc_warm.large.time(|| {
            black_box(validate_document(black_box(&docs[1]), &ctx));
        });
        walk_warm.large.time(|| {
            black_box(walk(black_box(&docs[1])));
        });
        for _ in 0..SMALL_PER_ROUND {
            doc_warm.small.time(|| {
                black_box(validate_document(black_box(&docs[0]), &ctx));
            });
            walk_warm.small.time(|| {
                black_box(walk(black_box(&docs[0])));
            });
        }
    }
    println!(
        "cold cache (each run after reading {} MB through the cache; the bound is read here):",
        FLUSH_BYTES >> 20
    );
    let r_doc = doc_cold.report("validate_document");
    let r_typed = typed_cold.report("validate (stored schema)");
    walk_cold.report("baseline: one walk over the document");
    println!("warm cache (back to back; the small document stays cached, the large cannot):");
    doc_warm.report("validate_document");
    walk_warm.report("baseline: one walk over the document");
    println!(
        "linear would be 10, the limit is 12: validate_document {r_doc:.2} {}, validate {r_typed:.2} {}",
        verdict(r_doc),
        verdict(r_typed)
    );
}

fn verdict(ratio: f64) -> &'static str {
    if ratio <= 12.0 {
        "(within)"
    } else {
        "(OVER)"
    }
}
