//! The Rust-level facade: snapshots, atomicity, system objects, class iteration and
//! allocation, the parts other crates call directly.

use std::collections::BTreeMap;

use multisite_apic::{SiteIdentity, Tree};
use serde_json::{json, Value};

fn site(id: u32) -> Tree {
    Tree::new(SiteIdentity {
        name: format!("site{id}"),
        site_id: id,
        version: "5.1(4c)".into(),
    })
}

fn post(t: &mut Tree, dn: &str, body: Value) {
    t.post(&format!("/api/mo/{dn}.json"), &[], &body).unwrap();
}

fn demo(t: &mut Tree) {
    post(
        t,
        "uni/tn-Tenant1",
        json!({"fvTenant": {"attributes": {"name": "Tenant1"}, "children": [
            {"fvCtx": {"attributes": {"name": "vrf1"}}},
            {"fvBD": {"attributes": {"name": "bd-app"}, "children": [{"fvRsCtx": {"attributes": {"tnFvCtxName": "vrf1"}}}]}},
            {"fvAp": {"attributes": {"name": "app"}, "children": [{"fvAEPg": {"attributes": {"name": "web"}}}]}}
        ]}}),
    );
}

#[test]
fn snapshot_restore_round_trip_keeps_allocation() {
    let mut t = site(2);
    demo(&mut t);
    let snap = t.snapshot();
    let mut r = Tree::restore(&snap).unwrap();
    assert_eq!(r.snapshot(), snap);
    assert_eq!(r.len(), t.len());
    // Both continue allocating the same identifiers.
    post(
        &mut t,
        "uni/tn-Tenant1/ap-app/epg-db",
        json!({"fvAEPg": {"attributes": {"name": "db"}}}),
    );
    post(
        &mut r,
        "uni/tn-Tenant1/ap-app/epg-db",
        json!({"fvAEPg": {"attributes": {"name": "db"}}}),
    );
    assert_eq!(r.snapshot(), t.snapshot());
    assert!(Tree::restore(&json!({"format": 99})).is_err());
}

#[test]
fn identifiers_are_unique_and_differ_between_sites() {
    let (mut a, mut b) = (site(1), site(2));
    demo(&mut a);
    demo(&mut b);
    let tags = |t: &Tree| -> Vec<String> {
        t.iter()
            .filter(|m| !m.attr("pcTag").is_empty())
            .map(|m| m.attr("pcTag").to_string())
            .collect()
    };
    let ta = tags(&a);
    let mut dedup = ta.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(dedup.len(), ta.len());
    assert_ne!(ta, tags(&b));
    let epg = a.lookup("uni/tn-Tenant1/ap-app/epg-web").unwrap();
    let tag: u32 = epg.attr("pcTag").parse().unwrap();
    assert!((16386..=65535).contains(&tag));
    let vrf = a.lookup("uni/tn-Tenant1/ctx-vrf1").unwrap();
    assert_eq!(vrf.attr("scope"), vrf.attr("seg"));
}

#[test]
fn failed_post_changes_nothing() {
    let mut t = site(1);
    demo(&mut t);
    let before = t.snapshot();
    let bad = json!({"fvTenant": {"attributes": {"descr": "new"}, "children": [
        {"fvCtx": {"attributes": {"name": "vrf2"}}},
        {"fvBD": {"attributes": {"name": "b", "arpFlood": "maybe"}}}
    ]}});
    let err = t
        .post("/api/mo/uni/tn-Tenant1.json", &[], &bad)
        .unwrap_err();
    assert_eq!(err.code, "120");
    assert_eq!(t.snapshot(), before);
}

#[test]
fn system_objects_and_class_iteration() {
    let mut t = site(1);
    let attrs: BTreeMap<String, String> = [("role", "leaf"), ("name", "leaf101")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    t.insert_system("fabricNode", "topology/pod-1/node-101", attrs)
        .unwrap();
    t.insert_system(
        "fabricPathEp",
        "topology/pod-1/paths-101/pathep-[eth1/10]",
        BTreeMap::new(),
    )
    .unwrap();
    let nodes: Vec<_> = t
        .by_class("fabricNode")
        .map(|m| (m.dn.to_string(), m.attr("role").to_string()))
        .collect();
    assert_eq!(
        nodes,
        vec![
            ("topology/pod-1/node-1".into(), "controller".into()),
            ("topology/pod-1/node-101".into(), "leaf".into())
        ]
    );
    assert!(t.lookup("topology/pod-1/paths-101").is_some());
    assert!(t.insert_system("fvFoo", "uni/x", BTreeMap::new()).is_err());
    // A relation to a path that now exists is formed.
    demo(&mut t);
    post(
        &mut t,
        "uni/tn-Tenant1/ap-app/epg-web",
        json!({"fvAEPg": {"attributes": {}, "children": [
            {"fvRsPathAtt": {"attributes": {"tDn": "topology/pod-1/paths-101/pathep-[eth1/10]", "encap": "vlan-10"}}}
        ]}}),
    );
    let rel = t
        .lookup(
            "uni/tn-Tenant1/ap-app/epg-web/rspathAtt-[topology/pod-1/paths-101/pathep-[eth1/10]]",
        )
        .unwrap();
    assert_eq!(
        (rel.attr("state"), rel.attr("tCl")),
        ("formed", "fabricPathEp")
    );
}

#[test]
fn children_key_only_when_children_exist() {
    let mut t = site(1);
    demo(&mut t);
    let q = |s: &str| -> Vec<(String, String)> {
        s.split('&')
            .map(|p| p.split_once('=').unwrap())
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    let v = t
        .get(
            "/api/mo/uni/tn-Tenant1/ctx-vrf1.json",
            &q("rsp-subtree=full&rsp-subtree-class=vzInTerm"),
        )
        .unwrap();
    assert!(v["imdata"][0]["fvCtx"].get("children").is_none());
    let v = t
        .get(
            "/api/mo/uni/tn-Tenant1/ctx-vrf1.json",
            &q("rsp-subtree=full&rsp-subtree-class=vzAny"),
        )
        .unwrap();
    assert_eq!(
        v["imdata"][0]["fvCtx"]["children"][0]["vzAny"]["attributes"]["rn"],
        "any"
    );
}
