//! Properties of PBR destination choice on the scale-out scenario (three
//! firewall units in site2, resilient hashing): symmetry, resilience and
//! spread.

use std::fs;
use std::net::Ipv4Addr;
use std::path::Path;

use multisite_fabric::hash::mix;
use multisite_fabric::{
    trace_disposition, Disposition, Flow, Protocol, SiteObjects, Snapshot, State, StateChange,
    Topology,
};
use proptest::prelude::*;

const UNITS: [&str; 3] = ["ASAv1", "ASAv2", "ASAv3"];
const OUTSIDE: [&str; 3] = ["192.168.11.2", "192.168.11.3", "192.168.11.4"];
const WEB2: Ipv4Addr = Ipv4Addr::new(10, 10, 1, 12);

/// The scale-out case with contract c1 opened to every IP protocol, so that
/// random 5-tuples are permitted and redirected.
fn snapshot() -> Snapshot {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/f-scale-out");
    let topology =
        Topology::from_json(&fs::read_to_string(d.join("topology.json")).unwrap()).unwrap();
    let mut sites: Vec<SiteObjects> = ["site1.json", "site2.json"]
        .iter()
        .map(|f| serde_json::from_str(&fs::read_to_string(d.join(f)).unwrap()).unwrap())
        .collect();
    for mo in sites.iter_mut().flat_map(|s| s.objects.iter_mut()) {
        if mo.class == "vzEntry" {
            mo.attrs.insert("prot".into(), "unspecified".into());
        }
    }
    Snapshot::build(topology, State::default(), &sites).unwrap()
}

fn unit(snap: &Snapshot, flow: &Flow) -> Option<String> {
    let d = trace_disposition(snap, flow);
    d.firewall.map(|f| f.concrete.to_string())
}

fn outside_host(n: u32) -> Ipv4Addr {
    // Any address outside the fabric's subnets is reached through the L3Out.
    Ipv4Addr::from(0x6440_0000 | (n & 0x003F_FFFF)) // 100.64.0.0/10
}

fn flow(host: u32, proto: u8, sport: u16, dport: u16, inbound: bool) -> Flow {
    let f = Flow {
        src_ip: outside_host(host),
        dst_ip: WEB2,
        protocol: Protocol::from_number(proto),
        sport,
        dport,
    };
    if inbound {
        f
    } else {
        f.reverse()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn both_directions_pick_the_same_firewall(host in any::<u32>(), proto in prop_oneof![Just(1u8), Just(6), Just(17), any::<u8>()],
                                              sport in any::<u16>(), dport in any::<u16>()) {
        let snap = snapshot();
        let f = flow(host, proto, sport, dport, true);
        let there = unit(&snap, &f);
        let back = unit(&snap, &f.reverse());
        prop_assert!(there.is_some(), "{f} was not redirected");
        prop_assert_eq!(there, back);
    }

    #[test]
    fn resilient_hashing_moves_only_the_lost_units_flows(hosts in prop::collection::vec(any::<u32>(), 50), lost in 0usize..3) {
        let before = snapshot();
        let change: StateChange = format!("destination site2 {} down", OUTSIDE[lost]).parse().unwrap();
        let after = before.with_state(&change).unwrap();
        for h in hosts {
            let f = flow(h, 1, 0, 0, true);
            let was = unit(&before, &f).unwrap();
            let now = unit(&after, &f).unwrap();
            if was == UNITS[lost] {
                prop_assert_ne!(now.as_str(), UNITS[lost], "{} still uses the lost unit", f);
            } else {
                prop_assert_eq!(&now, &was, "{} moved although its unit is up", f);
            }
            // The reverse direction follows, thanks to the health group.
            prop_assert_eq!(unit(&after, &f.reverse()), Some(now));
        }
    }
}

#[test]
fn three_units_share_thirty_thousand_flows_evenly() {
    let snap = snapshot();
    let mut counts = [0u32; 3];
    for i in 0..30_000u64 {
        let r = mix(i);
        let f = flow(r as u32, 6, (r >> 32) as u16, 443, i % 2 == 0);
        assert!(
            trace_disposition(&snap, &f).disposition.is_delivered(),
            "{f}"
        );
        let u = unit(&snap, &f).unwrap();
        counts[UNITS.iter().position(|x| *x == u).unwrap()] += 1;
    }
    for c in counts {
        assert!((9_000..=11_000).contains(&c), "uneven spread: {counts:?}");
    }
}

#[test]
fn without_resilient_hashing_flows_of_healthy_units_may_move() {
    // Plain hashing rehashes over the survivors: some flows of healthy
    // units move; resilient hashing (the case's setting) moves none.
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/f-scale-out");
    let topology =
        Topology::from_json(&fs::read_to_string(d.join("topology.json")).unwrap()).unwrap();
    let mut sites: Vec<SiteObjects> = ["site1.json", "site2.json"]
        .iter()
        .map(|f| serde_json::from_str(&fs::read_to_string(d.join(f)).unwrap()).unwrap())
        .collect();
    for mo in sites.iter_mut().flat_map(|s| s.objects.iter_mut()) {
        if mo.class == "vnsSvcRedirectPol" {
            mo.attrs.insert("resilientHashEnabled".into(), "no".into());
        }
    }
    let before = Snapshot::build(topology, State::default(), &sites).unwrap();
    let after = before
        .with_state(&"destination site2 192.168.11.3 down".parse().unwrap())
        .unwrap();
    let moved_healthy = (0..2_000u64)
        .map(|i| flow(mix(i) as u32, 1, 0, 0, true))
        .filter(|f| {
            let was = unit(&before, f).unwrap();
            was != "ASAv2" && unit(&after, f).unwrap() != was
        })
        .count();
    assert!(moved_healthy > 0);
    assert_eq!(
        trace_disposition(&after, &flow(1, 1, 0, 0, true)).disposition,
        Disposition::Delivered
    );
}
