//! The trace endpoint's contract: bad input is refused with 400 in NDO's
//! `{code, message}` envelope before any site is read, both prefixes serve it, and
//! endpoints added through `{v1}/trace/endpoints` take part in traces.

mod trace_support;

use multisite_testkit::{Options, TestServer};
use serde_json::{json, Value};
use trace_support::{summary, Scenario};

fn message(body: &Value) -> &str {
    body["message"].as_str().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_are_refused_with_the_field_named() {
    let server = TestServer::start(Options {
        embedded_sites: true,
        ..Options::default()
    })
    .await;
    let cases = [
        (
            r#"{"src": "10.10.1", "dst": "10.10.1.12"}"#,
            "src: '10.10.1' is not an IPv4 address",
        ),
        (
            r#"{"src": "10.10.1.11", "dst": "web-2"}"#,
            "dst: 'web-2' is not an IPv4 address",
        ),
        (
            r#"{"src": "10.10.1.11", "dst": "10.10.1.12", "protocol": "gre"}"#,
            "protocol: 'gre' is not icmp",
        ),
        (
            r#"{"src": "10.10.1.11", "dst": "10.10.1.12", "protocol": "tcp"}"#,
            "dport: required with protocol tcp",
        ),
        (
            r#"{"src": "10.10.1.11", "dst": "10.10.1.12", "dport": 80}"#,
            "protocol icmp has no ports",
        ),
        (
            r#"{"src": "10.10.1.11", "dst": "10.10.1.12", "whatIf": ["l3out site2"]}"#,
            "whatIf: cannot parse",
        ),
        (r#"{"src": "10.10.1.11"}"#, "missing field `dst`"),
        (
            r#"{"src": "10.10.1.11", "dst": "10.10.1.12", "colour": "red"}"#,
            "unknown field `colour`",
        ),
        (r#"{"src": "#, "malformed JSON"),
        ("[]", "must be a JSON object"),
        // Nothing is deployed yet: no endpoint has this address and no L3Out learns it.
        (
            r#"{"src": "203.0.113.10", "dst": "10.10.1.12"}"#,
            "src: 203.0.113.10 is unknown",
        ),
    ];
    for (body, want) in cases {
        for prefix in ["/api/v1", "/mso/api/v1"] {
            let reply = server
                .send("POST", &format!("{prefix}/trace"), Some(body))
                .await;
            assert_eq!(reply.status, 400, "{body}: {}", reply.body);
            assert_eq!(reply.body["code"], 400, "{body}");
            assert!(
                message(&reply.body).contains(want),
                "{body}: {}",
                reply.body
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tracing_needs_a_token() {
    let server = TestServer::start(Options::default()).await;
    let reply = server
        .http
        .post(format!("{}/api/v1/trace", server.base))
        .body(r#"{"src": "10.10.1.11", "dst": "10.10.1.12"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_ifs_must_name_something_the_sites_hold() {
    let scenario = Scenario::start("a-stretched-epg").await;
    let body = json!({"src": "10.10.1.12", "dst": "203.0.113.10",
                      "whatIf": ["l3out site2 uni/tn-Tenant1/out-nowhere down"]});
    let reply = scenario.server.post("/api/v1/trace", &body).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(
        message(&reply.body).contains("uni/tn-Tenant1/out-nowhere"),
        "{}",
        reply.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn added_endpoints_are_traced() {
    let scenario = Scenario::start("a-stretched-epg").await;
    let server = &scenario.server;
    let web3 = json!({"site": "site1", "name": "web-3", "ip": "10.10.1.13", "mac": "00:50:56:0a:01:0d",
                      "epg": "uni/tn-Tenant1/ap-app/epg-web", "leaf": 102});
    let reply = server.post("/api/v1/trace/endpoints", &web3).await;
    assert_eq!(reply.status, 200, "{}", reply.body);

    let listed = server.get("/api/v1/trace/endpoints").await;
    let names: Vec<String> = listed.body["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}/{}/{}",
                e["site"].as_str().unwrap(),
                e["name"].as_str().unwrap(),
                e["ip"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            "site1/web-1/10.10.1.11",
            "site1/web-3/10.10.1.13",
            "site2/db-1/10.20.1.11",
            "site2/web-2/10.10.1.12"
        ]
    );

    let reply = server
        .post(
            "/api/v1/trace",
            &json!({"src": "203.0.113.10", "dst": "10.10.1.13"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let got: Vec<String> = summary(&reply.body["trace"])
        .into_iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    assert_eq!(
        got,
        [
            "path: site1/101 site1/102 site1/103 site1/Site1-FW site1/103 site1/102",
            "redirect: site1/102 FW-external 192.168.11.1",
            "firewall: site1",
            "unit: Site1-FW/ASAv1",
            "exit: none",
            "disposition: delivered",
        ]
    );
    assert!(reply.body["text"]
        .as_str()
        .unwrap()
        .contains("delivered to web-3"));

    let bad_leaf = json!({"site": "site1", "name": "web-4", "ip": "10.10.1.14", "mac": "00:50:56:0a:01:0e",
                          "epg": "uni/tn-Tenant1/ap-app/epg-web", "leaf": 999});
    let reply = server.post("/api/v1/trace/endpoints", &bad_leaf).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(message(&reply.body).contains("999"), "{}", reply.body);

    let unknown_site = json!({"site": "site9", "name": "x", "ip": "10.10.1.15", "mac": "00:50:56:0a:01:0f",
                              "epg": "uni/tn-Tenant1/ap-app/epg-web", "leaf": 102});
    let reply = server.post("/api/v1/trace/endpoints", &unknown_site).await;
    assert_eq!(reply.status, 404, "{}", reply.body);
}
