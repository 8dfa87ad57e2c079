//! The assembly of the fabric simulator's input from what sites report, checked against
//! the fabric crate's scenario topologies: from the emulator's demo topology and each
//! scenario's site objects, the service appliances placed (leaf, units, interface
//! addresses) must be exactly the scenario's, and the endpoints the ones whose EPG the
//! site holds.

use std::fs;
use std::path::{Path, PathBuf};

use multisite_fabric::{SiteObjects, Topology};
use multisite_server::trace::convert::{assemble, SiteInput};

const CASES: &[&str] = &[
    "a-stretched-epg",
    "b-site-local-epg",
    "c-l3out-in-both-sites",
    "d-inter-vrf",
    "e-firewall-down",
    "f-scale-out",
];

fn scenario(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fabric/tests/scenarios")
        .join(case)
}

fn inputs(case: &str) -> Vec<SiteInput> {
    [("site1", 1, "5.1(4c)"), ("site2", 2, "4.2(7w)")]
        .iter()
        .map(|(name, id, release)| {
            let text = fs::read_to_string(scenario(case).join(format!("{name}.json"))).unwrap();
            let objects: SiteObjects = serde_json::from_str(&text).unwrap();
            SiteInput {
                name: name.to_string(),
                site_id: *id,
                release: release.to_string(),
                topology: multisite_sitesim::Topology::demo(name, *id),
                objects: objects.objects,
            }
        })
        .collect()
}

#[test]
fn service_nodes_and_endpoints_match_the_scenarios() {
    for case in CASES {
        let want =
            Topology::from_json(&fs::read_to_string(scenario(case).join("topology.json")).unwrap())
                .unwrap();
        let got = assemble(&inputs(case)).unwrap();
        assert_eq!(got.topology.service_nodes, want.service_nodes, "{case}");
        let eps = |t: &Topology| -> Vec<(String, String, String, u32)> {
            let mut v: Vec<_> = t
                .endpoints
                .iter()
                .map(|e| (e.site.clone(), e.name.clone(), e.ip.to_string(), e.leaf))
                .collect();
            v.sort();
            v
        };
        assert_eq!(eps(&got.topology), eps(&want), "{case}");
        let leaves = |t: &Topology| -> Vec<(String, u32, String, usize)> {
            t.sites
                .iter()
                .flat_map(|s| {
                    s.pods.iter().flat_map(move |p| {
                        p.leaves.iter().map(move |l| {
                            (
                                s.name.clone(),
                                l.id,
                                format!("{:?}", l.role),
                                l.external_routers.len(),
                            )
                        })
                    })
                })
                .collect()
        };
        let mut got_leaves = leaves(&got.topology);
        let mut want_leaves = leaves(&want);
        got_leaves.sort();
        want_leaves.sort();
        assert_eq!(got_leaves, want_leaves, "{case}");
        // db-1 is in the demo fabric but its EPG exists only in case B.
        let noted = got.notes.iter().any(|n| n.contains("endpoint db-1"));
        assert_eq!(
            noted,
            *case != "b-site-local-epg",
            "{case}: {:?}",
            got.notes
        );
    }
}
