//! Scenario tests: one folder per case under `tests/scenarios/` with the
//! sites' objects, the topology, optional state and numbered steps; the
//! traces they produce are compared with `expected.txt` and `expected.json`.
//! `UPDATE_EXPECT=1 cargo test -p multisite-fabric --test scenarios`
//! rewrites the expected files.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use multisite_fabric::{
    trace, trace_disposition, SiteObjects, Snapshot, State, StateChange, Step, Topology,
};

fn dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scenarios")
        .join(case)
}

fn load(case: &str) -> (Topology, State, Vec<SiteObjects>) {
    let d = dir(case);
    let topology =
        Topology::from_json(&fs::read_to_string(d.join("topology.json")).unwrap()).unwrap();
    let state = match fs::read_to_string(d.join("state.json")) {
        Ok(s) => serde_json::from_str(&s).unwrap(),
        Err(_) => State::default(),
    };
    let sites = ["site1.json", "site2.json"]
        .iter()
        .map(|f| serde_json::from_str(&fs::read_to_string(d.join(f)).unwrap()).unwrap())
        .collect();
    (topology, state, sites)
}

/// Runs a case's steps and returns the trace text and JSON.
fn run(case: &str) -> (String, String) {
    let (topology, state, mut sites) = load(case);
    let mut snap = Snapshot::build(topology, state, &sites).unwrap();
    let steps = fs::read_to_string(dir(case).join("steps.txt")).unwrap();
    let mut text = String::new();
    let mut json = Vec::new();
    let mut n = 0;
    for line in steps.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with('#') {
            writeln!(text, "{line}").unwrap();
            continue;
        }
        n += 1;
        writeln!(text, "## {n}. {line}").unwrap();
        if let Some(flow) = line.strip_prefix("trace ") {
            let flow = flow.parse().unwrap();
            let t = trace(&snap, &flow);
            // The fast path must agree with the full trace.
            let quick = trace_disposition(&snap, &flow);
            assert_eq!(quick.disposition, t.disposition, "{case} step {n}");
            let first_redirect = t.hops.iter().flat_map(|h| &h.steps).find_map(|s| match s {
                Step::ServiceNode { device, .. } => Some(device.clone()),
                _ => None,
            });
            assert_eq!(
                quick.firewall.map(|f| f.device.to_string()),
                first_redirect,
                "{case} step {n}"
            );
            writeln!(text, "{t}").unwrap();
            json.push(serde_json::json!({"step": n, "trace": t}));
        } else if let Some(rest) = line.strip_prefix("set ") {
            let [site, dn, assign] = rest.split_whitespace().collect::<Vec<_>>()[..] else {
                panic!("bad set step: {line}")
            };
            let (k, v) = assign.split_once('=').unwrap();
            let mo = sites
                .iter_mut()
                .filter(|s| s.site == site)
                .flat_map(|s| s.objects.iter_mut())
                .find(|m| m.dn == dn)
                .unwrap_or_else(|| panic!("no object {dn} in {site}"));
            mo.attrs.insert(k.to_string(), v.to_string());
            snap = Snapshot::build(snap.topology().clone(), snap.state().clone(), &sites).unwrap();
        } else {
            let change: StateChange = line.parse().unwrap();
            snap = snap.with_state(&change).unwrap();
        }
    }
    let json = serde_json::to_string_pretty(&json).unwrap() + "\n";
    (text, json)
}

/// Compares a case's output with its expected files (or rewrites them).
fn check(case: &str) {
    let (text, json) = run(case);
    let d = dir(case);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        fs::write(d.join("expected.txt"), &text).unwrap();
        fs::write(d.join("expected.json"), &json).unwrap();
        return;
    }
    let want_text = fs::read_to_string(d.join("expected.txt")).unwrap_or_default();
    let want_json = fs::read_to_string(d.join("expected.json")).unwrap_or_default();
    assert!(
        text == want_text,
        "{case}: trace text differs (UPDATE_EXPECT=1 to accept)\n--- got ---\n{text}"
    );
    assert!(
        json == want_json,
        "{case}: trace JSON differs (UPDATE_EXPECT=1 to accept)"
    );
}

#[test]
fn a_stretched_epg() {
    check("a-stretched-epg");
}

#[test]
fn b_site_local_epg() {
    check("b-site-local-epg");
}

#[test]
fn c_l3out_in_both_sites() {
    check("c-l3out-in-both-sites");
}

#[test]
fn d_inter_vrf() {
    check("d-inter-vrf");
}

#[test]
fn e_firewall_down() {
    check("e-firewall-down");
}

#[test]
fn f_scale_out() {
    check("f-scale-out");
}
