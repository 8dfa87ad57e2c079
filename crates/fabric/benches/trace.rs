//! Trace throughput over the demo fabric grown to 1,000 EPGs (each with its
//! own bridge domain, subnet and endpoint, consumer of the firewall contract):
//! 1,000,000 random flows on one core through the fast path, 100,000 through
//! the full trace, and the median latency of one call of each. The same-run
//! baseline is the cost of walking the flow list alone.

use std::hint::black_box;
use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

use multisite_fabric::hash::mix;
use multisite_fabric::topology::Endpoint;
use multisite_fabric::{
    trace, trace_disposition, Flow, Mo, Protocol, SiteObjects, Snapshot, State, Topology,
};

const EPGS: u32 = 1_000;
const FLOWS: usize = 1_000_000;

fn subnet_of(i: u32) -> (u8, u8) {
    ((100 + i / 250) as u8, (i % 250) as u8)
}

fn fabric() -> (Snapshot, Vec<Ipv4Addr>) {
    let mut sites: Vec<SiteObjects> = [
        include_str!("../tests/scenarios/a-stretched-epg/site1.json"),
        include_str!("../tests/scenarios/a-stretched-epg/site2.json"),
    ]
    .iter()
    .map(|s| serde_json::from_str(s).expect("scenario site tree"))
    .collect();
    let mut topology = Topology::demo();
    let mut hosts = Vec::new();
    for i in 0..EPGS {
        let (a, b) = subnet_of(i);
        let bd = format!("uni/tn-Tenant1/BD-bd-e{i}");
        let epg = format!("uni/tn-Tenant1/ap-app/epg-e{i}");
        for site in &mut sites {
            let o = &mut site.objects;
            o.push(Mo::new("fvBD", &bd, &[("name", &format!("bd-e{i}"))]));
            o.push(Mo::new(
                "fvRsCtx",
                &format!("{bd}/rsctx"),
                &[("tnFvCtxName", "vrf1")],
            ));
            let gw = format!("10.{a}.{b}.1/24");
            o.push(Mo::new(
                "fvSubnet",
                &format!("{bd}/subnet-[{gw}]"),
                &[("ip", &gw)],
            ));
            o.push(Mo::new("fvAEPg", &epg, &[("name", &format!("e{i}"))]));
            o.push(Mo::new(
                "fvRsBd",
                &format!("{epg}/rsbd"),
                &[("tnFvBDName", &format!("bd-e{i}"))],
            ));
            o.push(Mo::new(
                "fvRsCons",
                &format!("{epg}/rscons-c1"),
                &[("tnVzBrCPName", "c1")],
            ));
        }
        let ip = Ipv4Addr::new(10, a, b, 10);
        let (site, leaf) = if i % 2 == 0 {
            ("site1", 102)
        } else {
            ("site2", 201)
        };
        topology.endpoints.push(Endpoint {
            name: format!("e{i}-1"),
            site: site.to_string(),
            ip,
            mac: format!("00:50:56:AA:{:02X}:{:02X}", i / 256, i % 256),
            epg: epg.clone(),
            leaf,
        });
        hosts.push(ip);
    }
    let snap = Snapshot::build(topology, State::default(), &sites).expect("bench fabric");
    (snap, hosts)
}

fn flows(hosts: &[Ipv4Addr]) -> Vec<Flow> {
    (0..FLOWS as u64)
        .map(|i| {
            let r = mix(i);
            let host = hosts[(r % hosts.len() as u64) as usize];
            let outside = Ipv4Addr::new(203, 0, 113, (r >> 20) as u8);
            let other = hosts[((r >> 32) % hosts.len() as u64) as usize];
            let protocol = if r >> 60 == 0 {
                Protocol::Tcp
            } else {
                Protocol::Icmp
            };
            let (src_ip, dst_ip) = match (r >> 40) % 4 {
                0 => (outside, host),
                1 => (host, other),
                _ => (host, outside),
            };
            Flow {
                src_ip,
                dst_ip,
                protocol,
                sport: (r >> 8) as u16,
                dport: 443,
            }
        })
        .collect()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

fn main() {
    let t = Instant::now();
    let (snap, hosts) = fabric();
    println!(
        "snapshot of {EPGS} EPGs built in {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let flows = flows(&hosts);

    let t = Instant::now();
    let mut acc = 0u64;
    for f in &flows {
        acc = acc.wrapping_add(u64::from(u32::from(black_box(f).dst_ip)));
    }
    black_box(acc);
    let base = t.elapsed();

    let t = Instant::now();
    let mut delivered = 0usize;
    let mut redirected = 0usize;
    for f in &flows {
        let d = trace_disposition(&snap, black_box(f));
        delivered += usize::from(d.disposition.is_delivered());
        redirected += usize::from(d.firewall.is_some());
    }
    let fast = t.elapsed();

    let n_full = FLOWS / 10;
    let t = Instant::now();
    let mut hops = 0usize;
    for f in &flows[..n_full] {
        hops += trace(&snap, black_box(f)).hops.len();
    }
    let full = t.elapsed();

    let sample = &flows[..10_001];
    let fast_lat = median(
        sample
            .iter()
            .map(|f| {
                let t = Instant::now();
                black_box(trace_disposition(&snap, black_box(f)));
                t.elapsed()
            })
            .collect(),
    );
    let full_lat = median(
        sample
            .iter()
            .map(|f| {
                let t = Instant::now();
                black_box(trace(&snap, black_box(f)));
                t.elapsed()
            })
            .collect(),
    );

    let rate = |n: usize, d: Duration| n as f64 / d.as_secs_f64();
    println!("flows: {FLOWS} ({delivered} delivered, {redirected} redirected); full traces: {n_full} ({hops} hops)");
    println!(
        "baseline  (walking the flow list): {:>12.0} flows/s",
        rate(FLOWS, base)
    );
    println!(
        "fast path (trace_disposition):     {:>12.0} traces/s, median {:?} per trace",
        rate(FLOWS, fast),
        fast_lat
    );
    println!(
        "full      (trace, with hops):      {:>12.0} traces/s, median {:?} per trace",
        rate(n_full, full),
        full_lat
    );
}
