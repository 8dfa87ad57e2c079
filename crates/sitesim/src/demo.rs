//! The demo fabric of the project's scenarios, per site id: site 1 (border leaf 101,
//! compute 102, service 103, spines 1101/1102, TEP 10.1.0.0/16) and site 2 (compute 201,
//! service 202, border 203, spines 2101/2102, TEP 10.2.0.0/16), with their endpoints and
//! the external routers behind the border leaves. Other ids follow site 2's numbering.

use crate::topology::{Endpoint, ExternalRouter, LeafRole, Node, NodeRole, Pod, Topology};

const TENANT_AP: &str = "uni/tn-Tenant1/ap-app";

fn node(id: u32, name: String, role: NodeRole, leaf_role: Option<LeafRole>) -> Node {
    Node {
        id,
        pod: 1,
        name,
        role,
        leaf_role,
        model: None,
        serial: None,
    }
}

fn endpoint(name: &str, ip: [u8; 4], epg: &str, leaf: u32) -> Endpoint {
    Endpoint {
        name: name.to_string(),
        ip: format!("{}.{}.{}.{}", ip[0], ip[1], ip[2], ip[3]),
        // Locally administered VMware-style MAC derived from the address, so it is stable.
        mac: format!("00:50:56:{:02X}:{:02X}:{:02X}", ip[1], ip[2], ip[3]),
        epg: format!("{TENANT_AP}/epg-{epg}"),
        leaf,
        interface: Some("eth1/10".to_string()),
    }
}

pub(crate) fn demo_topology(site_name: &str, site_id: u32) -> Topology {
    let octet = site_id % 256;
    let (border, compute, service) = if site_id == 1 {
        (101, 102, 103)
    } else {
        let base = site_id * 100;
        (base + 3, base + 1, base + 2)
    };
    let spines = [site_id * 1000 + 101, site_id * 1000 + 102];
    let mut nodes = vec![node(
        1,
        format!("{site_name}-apic1"),
        NodeRole::Controller,
        None,
    )];
    for id in spines {
        nodes.push(node(
            id,
            format!("{site_name}-spine-{id}"),
            NodeRole::Spine,
            None,
        ));
    }
    for (id, role) in [
        (border, LeafRole::Border),
        (compute, LeafRole::Compute),
        (service, LeafRole::Service),
    ] {
        nodes.push(node(
            id,
            format!("{site_name}-leaf-{id}"),
            NodeRole::Leaf,
            Some(role),
        ));
    }
    nodes.sort_by_key(|n| n.id);
    let endpoints = match site_id {
        1 => vec![endpoint("web-1", [10, 10, 1, 11], "web", compute)],
        2 => vec![
            endpoint("web-2", [10, 10, 1, 12], "web", compute),
            endpoint("db-1", [10, 20, 1, 11], "db", compute),
        ],
        _ => Vec::new(),
    };
    Topology {
        pods: vec![Pod {
            id: 1,
            tep_pool: format!("10.{octet}.0.0/16"),
            external_tep_pool: Some(format!("172.16.{octet}.0/24")),
        }],
        nodes,
        endpoints,
        external_routers: vec![ExternalRouter {
            name: format!("{site_name}-ext-{border}"),
            leaf: border,
            prefixes: vec!["203.0.113.0/24".to_string(), "0.0.0.0/0".to_string()],
        }],
    }
}

#[cfg(test)]
mod tests {
    use multisite_apic::SiteIdentity;

    use super::*;
    use crate::topology::{system_objects, TopologyError};

    fn leaves(t: &Topology, role: LeafRole) -> Vec<u32> {
        t.nodes
            .iter()
            .filter(|n| n.leaf_role == Some(role))
            .map(|n| n.id)
            .collect()
    }

    #[test]
    fn demo_sites_match_the_scenarios() {
        let s1 = Topology::demo("site1", 1);
        assert_eq!(leaves(&s1, LeafRole::Border), [101]);
        assert_eq!(leaves(&s1, LeafRole::Compute), [102]);
        assert_eq!(leaves(&s1, LeafRole::Service), [103]);
        assert_eq!(s1.pods[0].tep_pool, "10.1.0.0/16");
        assert_eq!(s1.endpoints[0].ip, "10.10.1.11");
        assert_eq!(s1.endpoints[0].leaf, 102);

        let s2 = Topology::demo("site2", 2);
        assert_eq!(leaves(&s2, LeafRole::Compute), [201]);
        assert_eq!(leaves(&s2, LeafRole::Service), [202]);
        assert_eq!(leaves(&s2, LeafRole::Border), [203]);
        let spines: Vec<u32> = s2
            .nodes
            .iter()
            .filter(|n| n.role == NodeRole::Spine)
            .map(|n| n.id)
            .collect();
        assert_eq!(spines, [2101, 2102]);
        let eps: Vec<(&str, &str, u32)> = s2
            .endpoints
            .iter()
            .map(|e| (e.name.as_str(), e.ip.as_str(), e.leaf))
            .collect();
        assert_eq!(
            eps,
            [("web-2", "10.10.1.12", 201), ("db-1", "10.20.1.11", 201)]
        );
        assert_eq!(s2.external_routers[0].leaf, 203);
        for mut t in [s1, s2, Topology::demo("x", 7)] {
            t.validate().unwrap();
        }
    }

    #[test]
    fn system_objects_report_version_and_addresses() {
        let t = Topology::demo("site1", 1);
        let id = SiteIdentity {
            name: "site1".into(),
            site_id: 1,
            version: "5.1(4c)".into(),
        };
        let objs = system_objects(&t, &id).unwrap();
        let find = |dn: &str| objs.iter().find(|o| o.dn == dn).unwrap();
        let fw = find("topology/pod-1/node-1/sys/ctrlrfwstatuscont/ctrlrrunning");
        assert_eq!(fw.attrs["version"], "5.1(4c)");
        let leaf = find("topology/pod-1/node-101");
        assert_eq!(leaf.class, "fabricNode");
        assert_eq!(leaf.attrs["role"], "leaf");
        assert_eq!(leaf.attrs["version"], "n9000-15.1(4c)");
        assert_eq!(
            find("topology/pod-1/node-1/sys").attrs["address"],
            "10.1.0.1"
        );
        assert_eq!(
            find("uni/controller/setuppol/setupp-1").attrs["tepPool"],
            "10.1.0.0/16"
        );
        assert_eq!(find("topology/pod-1/node-1102/sys").attrs["siteId"], "1");
    }

    #[test]
    fn topology_files_are_validated() {
        let good = r#"{"pods":[{"id":1,"tep_pool":"10.9.0.0/16"}],
            "nodes":[{"id":1,"pod":1,"name":"c","role":"controller"},
                     {"id":101,"pod":1,"name":"l","role":"leaf","leaf_role":"border"}],
            "endpoints":[{"name":"h","ip":"10.0.0.1","mac":"aa-bb-cc-dd-ee-ff","epg":"uni/tn-t/ap-a/epg-e","leaf":101}]}"#;
        let t = Topology::from_json(good).unwrap();
        assert_eq!(t.endpoints[0].mac, "AA:BB:CC:DD:EE:FF");

        let cases = [
            (
                good.replace("10.9.0.0/16", "10.9.0.0"),
                "not an IPv4 prefix",
            ),
            (good.replace(r#""leaf":101}"#, r#""leaf":1}"#), "not a leaf"),
            (
                good.replace(r#""pod":1,"name":"l""#, r#""pod":2,"name":"l""#),
                "pod 2",
            ),
            (
                good.replace("controller", "spine"),
                "exactly one controller",
            ),
            (good.replace("aa-bb-cc-dd-ee-ff", "zz"), "MAC address"),
            (good.replace(r#""tep_pool""#, r#""tep""#), "not valid JSON"),
        ];
        for (text, expected) in cases {
            let err = Topology::from_json(&text).unwrap_err().to_string();
            assert!(err.contains(expected), "{err} should mention {expected}");
        }
        let tiny = good.replace("10.9.0.0/16", "10.9.0.0/31");
        assert!(matches!(
            Topology::from_json(&tiny),
            Err(TopologyError::PoolTooSmall { .. })
        ));
    }
}
