//! Behaviour of the public API around the scenarios: the demo topology, the
//! path of the seed's Figure 1 hop by hop, JSON output, what-if changes and
//! the errors a user gets for inconsistent input.

use std::fs;
use std::path::Path;

use multisite_fabric::{
    trace, Disposition, FabricError, HopRole, SiteObjects, Snapshot, State, StateChange, Step,
    Topology,
};

fn case(name: &str) -> (Topology, Vec<SiteObjects>) {
    let d = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scenarios")
        .join(name);
    let topology =
        Topology::from_json(&fs::read_to_string(d.join("topology.json")).unwrap()).unwrap();
    let sites = ["site1.json", "site2.json"]
        .iter()
        .map(|f| serde_json::from_str(&fs::read_to_string(d.join(f)).unwrap()).unwrap())
        .collect();
    (topology, sites)
}

#[test]
fn demo_topology_is_the_one_the_scenarios_use() {
    let (topology, _) = case("a-stretched-epg");
    assert_eq!(Topology::demo(), topology);
}

#[test]
fn figure_1_goes_through_site2s_firewall_and_enters_at_site1s_border_leaf() {
    let (topology, sites) = case("a-stretched-epg");
    let snap = Snapshot::build(topology, State::default(), &sites).unwrap();
    let t = trace(&snap, &"203.0.113.10 -> 10.10.1.12 icmp".parse().unwrap());
    assert_eq!(t.disposition, Disposition::Delivered);
    let path: Vec<String> = t
        .hops
        .iter()
        .map(|h| format!("{}:{}", h.site.as_deref().unwrap_or("-"), h.node))
        .collect();
    let spine = |s: &str| s.starts_with("site1:110") || s.starts_with("site2:210");
    let leaves: Vec<&String> = path.iter().filter(|p| !spine(p)).collect();
    assert_eq!(
        leaves,
        [
            "site1:101",
            "-:ISN",
            "site2:201",
            "site2:202",
            "site2:Site2-FW",
            "site2:202",
            "site2:201"
        ]
    );
    // One spine on each side of the ISN, one per leaf-to-leaf move in site2.
    assert_eq!(path.iter().filter(|p| spine(p)).count(), 4);
    let redirect_hop = t
        .hops
        .iter()
        .find(|h| h.steps.iter().any(|s| matches!(s, Step::Redirected { .. })))
        .unwrap();
    assert_eq!(
        (redirect_hop.node.as_str(), redirect_hop.role),
        ("201", HopRole::ComputeLeaf)
    );
    let border = &t.hops[0];
    assert_eq!(
        (border.node.as_str(), border.role),
        ("101", HopRole::BorderLeaf)
    );
    assert!(border
        .steps
        .iter()
        .all(|s| !matches!(s, Step::Redirected { .. } | Step::ContractPermits { .. })));
}

#[test]
fn traces_serialise_with_typed_steps() {
    let (topology, sites) = case("a-stretched-epg");
    let snap = Snapshot::build(topology, State::default(), &sites).unwrap();
    let t = trace(&snap, &"10.10.1.12 -> 203.0.113.10 icmp".parse().unwrap());
    let v = serde_json::to_value(&t).unwrap();
    assert_eq!(v["disposition"], "delivered_external");
    assert_eq!(v["flow"]["protocol"], "icmp");
    let redirected = &v["hops"][0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "redirected")
        .unwrap()
        .clone();
    assert_eq!(redirected["policy"], "FW-internal");
    assert_eq!(redirected["dest_ip"], "192.168.12.2");
    assert_eq!(redirected["hashing"], "sip-dip-prototype");
    let back: multisite_fabric::Trace = serde_json::from_value(v).unwrap();
    assert_eq!(back, t);
}

#[test]
fn shadow_l3out_is_never_an_exit() {
    // Site2 holds l3out-intersite only as a shadow: with site1's real one
    // down, nothing leads outside any more.
    let (topology, sites) = case("a-stretched-epg");
    let snap = Snapshot::build(topology, State::default(), &sites).unwrap();
    let down: StateChange = "l3out site1 uni/tn-Tenant1/out-l3out-intersite down"
        .parse()
        .unwrap();
    let snap = snap.with_state(&down).unwrap();
    let t = trace(&snap, &"10.10.1.12 -> 203.0.113.10 icmp".parse().unwrap());
    assert_eq!(t.disposition, Disposition::NoRoute);
    let t = trace(&snap, &"203.0.113.10 -> 10.10.1.12 icmp".parse().unwrap());
    assert_eq!(t.disposition, Disposition::UnknownSource);
}

#[test]
fn missing_device_selection_means_the_graph_is_not_deployed() {
    let (topology, mut sites) = case("a-stretched-epg");
    sites[1].objects.retain(|m| !m.dn.contains("ldevCtx-"));
    let snap = Snapshot::build(topology, State::default(), &sites).unwrap();
    let t = trace(&snap, &"10.10.1.12 -> 203.0.113.10 icmp".parse().unwrap());
    assert_eq!(t.disposition, Disposition::GraphNotDeployed);
    // Site1 still has its own device selection.
    let t = trace(&snap, &"10.10.1.11 -> 203.0.113.10 icmp".parse().unwrap());
    assert_eq!(t.disposition, Disposition::DeliveredExternal);
}

#[test]
fn what_if_refuses_unknown_targets() {
    let (topology, sites) = case("a-stretched-epg");
    let snap = Snapshot::build(topology, State::default(), &sites).unwrap();
    for change in [
        "l3out site2 uni/tn-Tenant1/out-nope down",
        "destination site3 192.168.11.2 down",
    ] {
        let err = snap.with_state(&change.parse().unwrap()).unwrap_err();
        assert!(
            matches!(err, FabricError::UnknownStateTarget(_)),
            "{change}: {err}"
        );
    }
}

#[test]
fn inconsistent_inputs_are_reported() {
    let (topology, sites) = case("a-stretched-epg");
    // The endpoints' EPG is not in any site.
    let err = Snapshot::build(topology.clone(), State::default(), &[]).unwrap_err();
    assert!(matches!(err, FabricError::EndpointEpg { .. }), "{err}");
    // Objects of a site the topology does not have.
    let mut extra = sites.clone();
    extra.push(SiteObjects {
        site: "site9".into(),
        site_id: 9,
        objects: Vec::new(),
    });
    let err = Snapshot::build(topology.clone(), State::default(), &extra).unwrap_err();
    assert_eq!(err, FabricError::UnknownSite("site9".into()));
    // Site id mismatch.
    let mut wrong = sites.clone();
    wrong[0].site_id = 7;
    let err = Snapshot::build(topology.clone(), State::default(), &wrong).unwrap_err();
    assert!(matches!(err, FabricError::SiteIdMismatch { .. }));
    // An endpoint on a leaf the site does not have.
    let mut t = topology.clone();
    t.endpoints[0].leaf = 999;
    let err = Snapshot::build(t, State::default(), &sites).unwrap_err();
    assert!(matches!(err, FabricError::UnknownLeaf { leaf: 999, .. }));
    // An endpoint in a shadow EPG is not an endpoint the site can hold.
    let (topology_b, sites_b) = case("b-site-local-epg");
    let mut t = topology_b;
    t.endpoints[2].site = "site1".into();
    t.endpoints[2].leaf = 102;
    let err = Snapshot::build(t, State::default(), &sites_b).unwrap_err();
    assert!(matches!(err, FabricError::EndpointEpg { .. }), "{err}");
    // A malformed subnet in an object.
    let mut bad = sites;
    let subnet = bad[0]
        .objects
        .iter_mut()
        .find(|m| m.class == "fvSubnet")
        .unwrap();
    subnet.attrs.insert("ip".into(), "10.10.1.1/99".into());
    let err = Snapshot::build(topology, State::default(), &bad).unwrap_err();
    assert!(matches!(err, FabricError::BadObject { .. }), "{err}");
}

#[test]
fn pod_aware_policy_uses_only_the_local_pods_destinations() {
    let (topology, mut sites) = case("f-scale-out");
    for mo in sites[1].objects.iter_mut() {
        if mo.class == "vnsSvcRedirectPol" {
            mo.attrs.insert("programLocalPodOnly".into(), "yes".into());
        }
        // Only ASAv3 (the .4 addresses) sits in pod 1, the compute leaf's pod.
        if mo.class == "vnsRedirectDest" && !mo.attrs["ip"].ends_with(".4") {
            mo.attrs.insert("podId".into(), "2".into());
        }
    }
    let snap = Snapshot::build(topology, State::default(), &sites).unwrap();
    for host in 10..40 {
        for flow in [
            format!("203.0.113.{host} -> 10.10.1.12 icmp"),
            format!("10.10.1.12 -> 203.0.113.{host} icmp"),
        ] {
            let d = multisite_fabric::trace_disposition(&snap, &flow.parse().unwrap());
            assert_eq!(d.firewall.map(|f| f.concrete), Some("ASAv3"), "{flow}");
        }
    }
}
