//! Scenario tests of tracing through the product: each case of the demo fabric's flows
//! (A to F) is built on two emulated sites by posting the scenario's site objects through
//! the APIC API, then traced through `POST /api/v1/trace`.
//!
//! A case folder under `tests/trace/` holds `steps.txt`: `trace <flow>` (traced with the
//! what-ifs so far), `l3out ...` / `destination ...` (a what-if added to later traces),
//! `set <site> <dn> <attr>=<value>` (posted to that site), and `expect <what> <value>`
//! checks on the previous trace: `path` (its hops without spines), `redirect` (where and
//! by which policy), `firewall` (the service node's site), `exit` (the border leaf
//! where it leaves), `disposition`. The traces are compared with `expected.txt` and
//! `expected.json`; `UPDATE_EXPECT=1 cargo test -p multisite-server --test trace_scenarios`
//! rewrites those two.

mod trace_support;

use trace_support::{check, Scenario};

async fn case(name: &str) {
    let scenario = Scenario::start(name).await;
    check(&scenario).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stretched_epg() {
    case("a-stretched-epg").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn b_site_local_epg() {
    case("b-site-local-epg").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn c_l3out_in_both_sites() {
    case("c-l3out-in-both-sites").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn d_inter_vrf() {
    case("d-inter-vrf").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn e_firewall_down() {
    case("e-firewall-down").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn f_scale_out() {
    case("f-scale-out").await;
}
