//! A real APIC's fabric as the emulator's topology format, derived from its objects
//! (an emulated site reports its topology directly). What is assumed:
//!
//! * nodes and pods come from `fabricNode` (role `spine`, `leaf`, `controller`) and their
//!   DNs (`topology/pod-{p}/node-{n}`); a pod's TEP pool from `fabricSetupP`; external TEP
//!   pools are not read;
//! * a leaf named by an L3Out's node profile (`l3extRsNodeL3OutAtt`) is a border leaf, one
//!   that a concrete device interface's path (`vnsRsCIfPathAtt`) points at is a service
//!   leaf, any other leaf a compute leaf;
//! * each border leaf has one external router per L3Out it serves, announcing the
//!   subnets of that L3Out's external EPGs (what the fabric would learn if the peer
//!   advertised exactly what the external EPGs classify);
//! * endpoints are the learned `fvCEp` objects under application EPGs with an address
//!   and a leaf path (`fvRsCEpToPathEp`); the first path names the leaf.

use std::collections::{BTreeMap, BTreeSet};

use multisite_fabric::mo::{name_of, parent_dn, split_rns};
use multisite_fabric::Mo;
use multisite_sitesim::topology::{
    Endpoint, ExternalRouter, LeafRole, Node, NodeRole, Pod, Topology,
};

use super::convert::path_leaf;

/// The topology of a real APIC, from its objects.
pub fn topology_from_objects(objects: &[Mo]) -> Topology {
    let of = |class: &'static str| objects.iter().filter(move |m| m.class == class);
    let child_of = |parent: &str, class: &str| {
        objects
            .iter()
            .find(|m| m.class == class && parent_dn(&m.dn) == Some(parent))
            .map(|m| m.attr("tDn"))
    };
    let border: BTreeSet<u32> = of("l3extRsNodeL3OutAtt")
        .filter_map(|r| node_id(r.attr("tDn")))
        .collect();
    let service: BTreeSet<u32> = of("vnsRsCIfPathAtt")
        .filter_map(|r| path_leaf(r.attr("tDn")))
        .collect();

    let mut nodes = Vec::new();
    let mut pod_ids = BTreeSet::new();
    for n in of("fabricNode") {
        let (Some(id), Some(pod)) = (node_id(&n.dn), pod_id(&n.dn)) else {
            continue;
        };
        let role = match n.attr("role") {
            "spine" => NodeRole::Spine,
            "leaf" => NodeRole::Leaf,
            "controller" => NodeRole::Controller,
            _ => continue,
        };
        let leaf_role = (role == NodeRole::Leaf).then(|| {
            if border.contains(&id) {
                LeafRole::Border
            } else if service.contains(&id) {
                LeafRole::Service
            } else {
                LeafRole::Compute
            }
        });
        pod_ids.insert(pod);
        nodes.push(Node {
            id,
            pod,
            name: n.attr("name").to_string(),
            role,
            leaf_role,
            model: None,
            serial: None,
        });
    }
    nodes.sort_by_key(|n| n.id);
    let pods = pod_ids
        .into_iter()
        .map(|id| Pod {
            id,
            tep_pool: of("fabricSetupP")
                .find(|p| p.attr("podId") == id.to_string())
                .map(|p| p.attr("tepPool").to_string())
                .unwrap_or_else(|| "0.0.0.0/0".to_string()),
            external_tep_pool: None,
        })
        .collect();

    let mut endpoints = Vec::new();
    for cep in of("fvCEp") {
        let Some(epg) = parent_dn(&cep.dn) else {
            continue;
        };
        let is_epg = split_rns(epg)
            .last()
            .is_some_and(|rn| rn.starts_with("epg-"));
        let leaf = child_of(&cep.dn, "fvRsCEpToPathEp").and_then(path_leaf);
        let (true, Some(leaf), false) = (is_epg, leaf, cep.attr("ip").is_empty()) else {
            continue;
        };
        let name = if cep.attr("name").is_empty() {
            cep.attr("mac")
        } else {
            cep.attr("name")
        };
        endpoints.push(Endpoint {
            name: name.to_string(),
            ip: cep.attr("ip").to_string(),
            mac: cep.attr("mac").to_string(),
            epg: epg.to_string(),
            leaf,
            interface: None,
        });
    }

    // L3Out DN -> (its border leaves, its external EPG subnets).
    let mut l3outs: BTreeMap<&str, (BTreeSet<u32>, BTreeSet<&str>)> = BTreeMap::new();
    for rel in of("l3extRsNodeL3OutAtt") {
        if let (Some(out), Some(leaf)) = (l3out_of(&rel.dn), node_id(rel.attr("tDn"))) {
            l3outs.entry(out).or_default().0.insert(leaf);
        }
    }
    for subnet in of("l3extSubnet") {
        if let Some(entry) = l3out_of(&subnet.dn).and_then(|out| l3outs.get_mut(out)) {
            entry.1.insert(subnet.attr("ip"));
        }
    }
    let external_routers = l3outs
        .iter()
        .flat_map(|(out, (leaves, prefixes))| {
            leaves.iter().map(move |leaf| ExternalRouter {
                name: format!("{}-{leaf}", name_of(out)),
                leaf: *leaf,
                prefixes: prefixes.iter().map(|p| p.to_string()).collect(),
            })
        })
        .collect();
    Topology {
        pods,
        nodes,
        endpoints,
        external_routers,
    }
}

/// `node-{n}` anywhere in a DN.
fn node_id(dn: &str) -> Option<u32> {
    split_rns(dn)
        .iter()
        .find_map(|rn| rn.strip_prefix("node-")?.parse().ok())
}

/// `pod-{p}` anywhere in a DN.
fn pod_id(dn: &str) -> Option<u32> {
    split_rns(dn)
        .iter()
        .find_map(|rn| rn.strip_prefix("pod-")?.parse().ok())
}

/// The L3Out (`uni/tn-T/out-O`) a DN is under.
fn l3out_of(dn: &str) -> Option<&str> {
    let rns = split_rns(dn);
    let i = rns.iter().position(|rn| rn.starts_with("out-"))?;
    let len: usize = rns[..=i].iter().map(|rn| rn.len() + 1).sum::<usize>() - 1;
    Some(&dn[..len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_fabric_is_read_from_its_objects() {
        let objects = vec![
            Mo::new("fabricNode", "topology/pod-1/node-1", &[("role", "controller"), ("name", "apic1")]),
            Mo::new("fabricNode", "topology/pod-1/node-1101", &[("role", "spine"), ("name", "s1")]),
            Mo::new("fabricNode", "topology/pod-1/node-101", &[("role", "leaf"), ("name", "l101")]),
            Mo::new("fabricNode", "topology/pod-1/node-102", &[("role", "leaf"), ("name", "l102")]),
            Mo::new("fabricNode", "topology/pod-1/node-103", &[("role", "leaf"), ("name", "l103")]),
            Mo::new("fabricSetupP", "uni/controller/setuppol/setupp-1", &[("podId", "1"), ("tepPool", "10.1.0.0/16")]),
            Mo::new(
                "l3extRsNodeL3OutAtt",
                "uni/tn-T/out-o1/lnodep-n/rsnodeL3OutAtt-[topology/pod-1/node-101]",
                &[("tDn", "topology/pod-1/node-101")],
            ),
            Mo::new("l3extSubnet", "uni/tn-T/out-o1/instP-ext/extsubnet-[0.0.0.0/0]", &[("ip", "0.0.0.0/0")]),
            Mo::new(
                "vnsRsCIfPathAtt",
                "uni/tn-T/lDevVip-FW/cDev-A/cIf-[g0/0]/rsCIfPathAtt",
                &[("tDn", "topology/pod-1/paths-103/pathep-[eth1/5]")],
            ),
            Mo::new("fvCEp", "uni/tn-T/ap-a/epg-web/cep-00:50:56:00:00:01", &[("ip", "10.10.1.11"), ("mac", "00:50:56:00:00:01"), ("name", "00:50:56:00:00:01")]),
            Mo::new(
                "fvRsCEpToPathEp",
                "uni/tn-T/ap-a/epg-web/cep-00:50:56:00:00:01/rscEpToPathEp-[topology/pod-1/paths-102/pathep-[eth1/10]]",
                &[("tDn", "topology/pod-1/paths-102/pathep-[eth1/10]")],
            ),
        ];
        let t = topology_from_objects(&objects);
        assert_eq!(t.pods[0].tep_pool, "10.1.0.0/16");
        let roles: Vec<(u32, Option<LeafRole>)> =
            t.nodes.iter().map(|n| (n.id, n.leaf_role)).collect();
        assert_eq!(
            roles,
            [
                (1, None),
                (101, Some(LeafRole::Border)),
                (102, Some(LeafRole::Compute)),
                (103, Some(LeafRole::Service)),
                (1101, None)
            ]
        );
        assert_eq!(t.endpoints.len(), 1);
        assert_eq!(
            (t.endpoints[0].leaf, t.endpoints[0].epg.as_str()),
            (102, "uni/tn-T/ap-a/epg-web")
        );
        assert_eq!(t.external_routers.len(), 1);
        assert_eq!(
            (
                t.external_routers[0].leaf,
                t.external_routers[0].prefixes.clone()
            ),
            (101, vec!["0.0.0.0/0".to_string()])
        );
    }
}
