//! Shared by the trace tests: a server with two embedded emulated sites holding one
//! scenario's objects, the steps runner, the trace summary and the one `check` function.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use multisite_apic_client::ApicClient;
use multisite_fabric::SiteObjects;
use multisite_server::trace::wire::tree_bodies;
use multisite_testkit::{Options, TestServer, PASSWORD};
use serde_json::{json, Value};

/// A case's own folder (steps and expected traces).
pub fn case_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/trace")
        .join(case)
}

/// The fabric simulator's site objects for a case (shared scenario data).
fn objects_file(case: &str, site: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fabric/tests/scenarios")
        .join(case)
        .join(format!("{site}.json"))
}

/// A running orchestrator whose two sites hold one scenario's objects.
pub struct Scenario {
    pub case: String,
    pub server: TestServer,
    pub sites: Vec<SiteObjects>,
}

impl Scenario {
    pub async fn start(case: &str) -> Scenario {
        let server = TestServer::start(Options {
            embedded_sites: true,
            ..Options::default()
        })
        .await;
        let mut sites = Vec::new();
        for running in &server.running.sites {
            let text =
                fs::read_to_string(objects_file(case, running.name())).expect("scenario objects");
            let objects: SiteObjects = serde_json::from_str(&text).expect("scenario objects parse");
            let apic = ApicClient::new(&running.base_url(), "admin", PASSWORD).expect("client");
            for (dn, body) in tree_bodies(&objects.objects) {
                apic.post_mo(&dn, &body)
                    .await
                    .unwrap_or_else(|e| panic!("{case}: posting {dn}: {e}"));
            }
            sites.push(objects);
        }
        Scenario {
            case: case.to_string(),
            server,
            sites,
        }
    }

    /// Posts one attribute change to a site, as an operator would on its APIC.
    pub async fn set(&self, site: &str, dn: &str, key: &str, value: &str) {
        let class = self
            .sites
            .iter()
            .filter(|s| s.site == site)
            .flat_map(|s| &s.objects)
            .find(|m| m.dn == dn)
            .map(|m| m.class.clone())
            .unwrap_or_else(|| panic!("no object {dn} in {site}"));
        let running = self
            .server
            .running
            .sites
            .iter()
            .find(|s| s.name() == site)
            .expect("site");
        let apic = ApicClient::new(&running.base_url(), "admin", PASSWORD).expect("client");
        apic.post_mo(dn, &json!({ class: {"attributes": {"dn": dn, key: value}}}))
            .await
            .expect("set");
    }
}

/// The parts of a trace the scenario table talks about, one line each.
pub fn summary(trace: &Value) -> Vec<(&'static str, String)> {
    let hops = trace["hops"].as_array().cloned().unwrap_or_default();
    let at = |h: &Value| match h["site"].as_str() {
        Some(site) => format!("{site}/{}", h["node"].as_str().unwrap_or("?")),
        None => h["node"].as_str().unwrap_or("?").to_string(),
    };
    let with_step = |kind: &str| -> Vec<&Value> {
        hops.iter()
            .filter(|h| {
                h["steps"]
                    .as_array()
                    .is_some_and(|s| s.iter().any(|s| s["step"] == kind))
            })
            .collect()
    };
    let or_none = |v: Vec<String>| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(" ")
        }
    };
    let path = hops
        .iter()
        .filter(|h| h["role"] != "spine")
        .map(at)
        .collect::<Vec<_>>()
        .join(" ");
    let redirect = with_step("redirected")
        .into_iter()
        .flat_map(|h| {
            h["steps"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|s| s["step"] == "redirected")
                .map(move |s| {
                    let (policy, ip) = (
                        s["policy"].as_str().unwrap_or("?"),
                        s["dest_ip"].as_str().unwrap_or("?"),
                    );
                    format!("{} {policy} {ip}", at(h))
                })
        })
        .collect();
    let firewall = hops
        .iter()
        .filter(|h| h["role"] == "service_node")
        .map(|h| h["site"].as_str().unwrap_or("?").to_string())
        .collect();
    let unit = hops
        .iter()
        .filter(|h| h["role"] == "service_node")
        .flat_map(|h| {
            h["steps"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|s| s["step"] == "service_node")
        })
        .map(|s| {
            format!(
                "{}/{}",
                s["device"]
                    .as_str()
                    .map(|d| d.rsplit("lDevVip-").next().unwrap_or(d))
                    .unwrap_or("?"),
                s["concrete"].as_str().unwrap_or("?")
            )
        })
        .collect();
    let exit = with_step("l3_out_egress").into_iter().map(at).collect();
    vec![
        ("path", path),
        ("redirect", or_none(redirect)),
        ("firewall", or_none(firewall)),
        ("unit", or_none(unit)),
        ("exit", or_none(exit)),
        (
            "disposition",
            trace["disposition"].as_str().unwrap_or("?").to_string(),
        ),
    ]
}

/// Runs a case's steps against its scenario; returns the text and JSON outputs.
pub async fn run(scenario: &Scenario) -> (String, String) {
    let case = &scenario.case;
    let steps = fs::read_to_string(case_dir(case).join("steps.txt")).expect("steps.txt");
    let mut what_if: Vec<String> = Vec::new();
    let mut last: Option<Value> = None;
    let mut text = String::new();
    let mut json_out = Vec::new();
    let mut n = 0;
    for (line_no, line) in steps.lines().map(str::trim).enumerate() {
        let line_no = line_no + 1;
        if line.is_empty() {
            continue;
        }
        if line.starts_with('#') {
            writeln!(text, "{line}").unwrap();
            continue;
        }
        if let Some(rest) = line.strip_prefix("expect ") {
            let (what, want) = rest.split_once(' ').unwrap_or((rest, ""));
            let trace = last
                .as_ref()
                .unwrap_or_else(|| panic!("{case}:{line_no}: expect before any trace"));
            let got = summary(trace)
                .into_iter()
                .find(|(k, _)| *k == what)
                .unwrap_or_else(|| panic!("{case}:{line_no}: unknown expectation {what}"))
                .1;
            assert_eq!(
                got,
                want.trim(),
                "{case}:{line_no}: {what} of the last trace"
            );
            continue;
        }
        n += 1;
        writeln!(text, "## {n}. {line}").unwrap();
        if let Some(flow) = line.strip_prefix("trace ") {
            let body = flow_body(flow, &what_if);
            let reply = scenario.server.post("/api/v1/trace", &body).await;
            assert_eq!(reply.status, 200, "{case}:{line_no}: {}", reply.body);
            for (k, v) in summary(&reply.body["trace"]) {
                writeln!(text, "{k}: {v}").unwrap();
            }
            text.push_str(reply.body["text"].as_str().unwrap_or_default());
            for note in reply.body["notes"].as_array().into_iter().flatten() {
                writeln!(text, "note: {}", note.as_str().unwrap_or_default()).unwrap();
            }
            text.push('\n');
            json_out.push(json!({"step": n, "trace": reply.body["trace"]}));
            last = Some(reply.body["trace"].clone());
        } else if let Some(rest) = line.strip_prefix("set ") {
            let [site, dn, assign] = rest.split_whitespace().collect::<Vec<_>>()[..] else {
                panic!("{case}:{line_no}: bad set step")
            };
            let (k, v) = assign.split_once('=').expect("attr=value");
            scenario.set(site, dn, k, v).await;
        } else {
            what_if.push(line.to_string());
        }
    }
    (
        text,
        serde_json::to_string_pretty(&json_out).unwrap() + "\n",
    )
}

/// The request body for a flow in the fabric's text form (`a[:p] -> b[:p] proto`).
pub fn flow_body(flow: &str, what_if: &[String]) -> Value {
    let words: Vec<&str> = flow.split_whitespace().collect();
    let [src, "->", dst, proto] = words[..] else {
        panic!("bad flow {flow}")
    };
    let split = |w: &str| match w.split_once(':') {
        Some((ip, port)) => (ip.to_string(), Some(port.parse::<u16>().expect("port"))),
        None => (w.to_string(), None),
    };
    let ((src, sport), (dst, dport)) = (split(src), split(dst));
    let mut body = json!({"src": src, "dst": dst, "protocol": proto, "whatIf": what_if});
    if let Some(p) = sport {
        body["sport"] = json!(p);
    }
    if let Some(p) = dport {
        body["dport"] = json!(p);
    }
    body
}

/// Compares a case's outputs with its expected files, or rewrites them with `UPDATE_EXPECT=1`.
pub async fn check(scenario: &Scenario) {
    let (text, json_text) = run(scenario).await;
    let dir = case_dir(&scenario.case);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        fs::write(dir.join("expected.txt"), &text).unwrap();
        fs::write(dir.join("expected.json"), &json_text).unwrap();
        return;
    }
    let want_text = fs::read_to_string(dir.join("expected.txt")).unwrap_or_default();
    let want_json = fs::read_to_string(dir.join("expected.json")).unwrap_or_default();
    assert!(
        text == want_text,
        "{}: traces differ from expected.txt (UPDATE_EXPECT=1 to accept)\n--- got ---\n{text}",
        scenario.case
    );
    assert!(
        json_text == want_json,
        "{}: traces differ from expected.json (UPDATE_EXPECT=1 to accept)",
        scenario.case
    );
}
