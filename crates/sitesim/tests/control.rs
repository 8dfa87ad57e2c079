//! The emulator's own endpoints: persistence across restarts, fault injection, the write
//! counter, reset, snapshot/restore, endpoints and topology.

mod common;

use common::*;
use multisite_sitesim::{spawn, SiteConfig};
use serde_json::json;

const TENANT: &str = r#"{"fvTenant":{"attributes":{"name":"Tenant1","descr":"kept"}}}"#;

#[tokio::test]
async fn a_restart_keeps_the_tree() {
    let dir = data_dir("restart");
    let site = start(1, &dir).await;
    let cookie = login(site.addr()).await;
    let posted = post(site.addr(), &cookie, "/api/mo/uni.json", TENANT).await;
    assert_eq!(posted.status, 200, "{}", posted.body);
    site.stop().await.unwrap();
    assert!(dir.join("tree.json").exists());

    let site = start(1, &dir).await;
    let cookie2 = login(site.addr()).await;
    let got = send(
        site.addr(),
        "GET",
        "/api/mo/uni/tn-Tenant1.json",
        Some(&cookie2),
        None,
    )
    .await;
    assert_eq!(got.imdata()[0]["fvTenant"]["attributes"]["descr"], "kept");
    // Sessions do not survive a restart.
    let stale = get(site.addr(), &cookie, "/api/mo/uni/tn-Tenant1.json").await;
    assert_eq!(stale.status, 403);
    site.stop().await.unwrap();
}

#[tokio::test]
async fn faults_down_and_fail_next() {
    let dir = data_dir("faults");
    let site = start(1, &dir).await;
    let addr = site.addr();
    let cookie = login(addr).await;

    let set = control(addr, "POST", "/_sitesim/faults", Some(r#"{"down": true}"#)).await;
    assert_eq!(set.status, 200, "{}", set.body);
    let down = get(addr, &cookie, "/api/class/fvTenant.json").await;
    assert_eq!(down.status, 503);
    let login_down = send(
        addr,
        "POST",
        "/api/aaaLogin.json",
        None,
        Some(r#"{"aaaUser":{"attributes":{"name":"admin","pwd":"s3cret!"}}}"#),
    )
    .await;
    assert_eq!(login_down.status, 503);

    control(
        addr,
        "POST",
        "/_sitesim/faults",
        Some(r#"{"down": false, "fail_next": 2}"#),
    )
    .await;
    for _ in 0..2 {
        let failed = get(addr, &cookie, "/api/class/fvTenant.json").await;
        assert_eq!(
            (failed.status, failed.apic_error().0.as_str()),
            (500, "500")
        );
    }
    let ok = get(addr, &cookie, "/api/class/fvTenant.json").await;
    assert_eq!(ok.status, 200);

    control(
        addr,
        "POST",
        "/_sitesim/faults",
        Some(r#"{"error_rate": 1.0, "latency_ms": 5}"#),
    )
    .await;
    let flaky = get(addr, &cookie, "/api/class/fvTenant.json").await;
    assert_eq!(flaky.status, 500);
    let bad = control(
        addr,
        "POST",
        "/_sitesim/faults",
        Some(r#"{"error_rate": 2}"#),
    )
    .await;
    assert_eq!(bad.status, 400);
    let unknown = control(addr, "POST", "/_sitesim/faults", Some(r#"{"slow": true}"#)).await;
    assert_eq!(unknown.status, 400);
    let now = control(addr, "GET", "/_sitesim/faults", None).await.json();
    assert_eq!(
        now,
        json!({"down": false, "latency_ms": 5, "error_rate": 1.0, "fail_next": 0})
    );
    let info = control(addr, "GET", "/_sitesim/info", None).await.json();
    assert_eq!(info["counters"]["injected_faults"], 5);
    site.stop().await.unwrap();
}

#[tokio::test]
async fn the_write_counter_counts_only_changes() {
    let dir = data_dir("writes");
    let site = start(1, &dir).await;
    let addr = site.addr();
    let cookie = login(addr).await;
    let writes =
        || async { control(addr, "GET", "/_sitesim/writes", None).await.json()["writes"].clone() };
    assert_eq!(writes().await, 0);
    post(addr, &cookie, "/api/mo/uni.json", TENANT).await;
    assert_eq!(writes().await, 1);
    post(addr, &cookie, "/api/mo/uni.json", TENANT).await;
    assert_eq!(writes().await, 1, "an identical post changes nothing");
    delete(addr, &cookie, "/api/mo/uni/tn-Tenant1.json").await;
    delete(addr, &cookie, "/api/mo/uni/tn-Tenant1.json").await;
    post(
        addr,
        &cookie,
        "/api/mo/uni.json",
        r#"{"fvBogus":{"attributes":{}}}"#,
    )
    .await;
    assert_eq!(writes().await, 2);
    let reset = control(addr, "POST", "/_sitesim/writes/reset", None).await;
    assert_eq!(reset.status, 200);
    assert_eq!(writes().await, 0);
    site.stop().await.unwrap();
}

#[tokio::test]
async fn reset_snapshot_and_restore() {
    let dir = data_dir("snapshot");
    let site = start(1, &dir).await;
    let addr = site.addr();
    let cookie = login(addr).await;
    post(addr, &cookie, "/api/mo/uni.json", TENANT).await;
    let snapshot = control(addr, "GET", "/_sitesim/snapshot", None).await;
    assert_eq!(snapshot.status, 200);

    let reset = control(addr, "POST", "/_sitesim/reset", None).await;
    assert_eq!(reset.status, 200, "{}", reset.body);
    let gone = get(addr, &cookie, "/api/mo/uni/tn-Tenant1.json").await;
    assert_eq!(
        gone.imdata().len(),
        0,
        "reset empties the tree but keeps sessions"
    );
    let fabric = get(addr, &cookie, "/api/class/fabricPod.json").await;
    assert_eq!(fabric.imdata().len(), 1, "reset keeps the topology");

    let restored = control(addr, "POST", "/_sitesim/restore", Some(&snapshot.body)).await;
    assert_eq!(restored.status, 200, "{}", restored.body);
    let back = get(addr, &cookie, "/api/mo/uni/tn-Tenant1.json").await;
    assert_eq!(back.imdata()[0]["fvTenant"]["attributes"]["descr"], "kept");
    let refused = control(addr, "POST", "/_sitesim/restore", Some("[1,2]")).await;
    assert_eq!(refused.status, 400);
    site.stop().await.unwrap();
}

#[tokio::test]
async fn endpoints_topology_and_info() {
    let dir = data_dir("endpoints");
    let site = start(2, &dir).await;
    let addr = site.addr();
    let list = control(addr, "GET", "/_sitesim/endpoints", None)
        .await
        .json();
    let names: Vec<_> = list["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].clone())
        .collect();
    assert_eq!(names, [json!("web-2"), json!("db-1")]);

    let ep = r#"{"name":"web-3","ip":"10.10.1.13","mac":"00-50-56-aa-bb-cc","epg":"uni/tn-Tenant1/ap-app/epg-web","leaf":201}"#;
    let added = control(addr, "POST", "/_sitesim/endpoints", Some(ep)).await;
    assert_eq!(added.status, 200, "{}", added.body);
    let web3 = added.json()["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "web-3")
        .cloned()
        .unwrap();
    assert_eq!(web3["mac"], "00:50:56:AA:BB:CC");
    let on_spine = ep.replace(r#""leaf":201"#, r#""leaf":2101"#);
    assert_eq!(
        control(addr, "POST", "/_sitesim/endpoints", Some(&on_spine))
            .await
            .status,
        400
    );

    let topo = control(addr, "GET", "/_sitesim/topology", None)
        .await
        .json();
    assert_eq!(topo["pods"][0]["tep_pool"], "10.2.0.0/16");
    assert_eq!(topo["endpoints"].as_array().unwrap().len(), 3);

    let info = control(addr, "GET", "/_sitesim/info", None).await.json();
    assert_eq!(
        (
            info["name"].clone(),
            info["site_id"].clone(),
            info["version"].clone()
        ),
        (json!("site2"), json!(2), json!("4.2(7w)"))
    );
    assert_eq!(
        info["nodes"],
        json!({"controller": 1, "leaf": 3, "spine": 2})
    );
    site.stop().await.unwrap();

    // Added endpoints survive a restart.
    let site = start(2, &dir).await;
    let list = control(site.addr(), "GET", "/_sitesim/endpoints", None)
        .await
        .json();
    assert_eq!(list["endpoints"].as_array().unwrap().len(), 3);
    site.stop().await.unwrap();
}

#[tokio::test]
async fn a_topology_file_replaces_the_demo_fabric() {
    let dir = data_dir("topofile");
    let file = dir.join("fabric.json");
    std::fs::write(
        &file,
        r#"{"pods":[{"id":1,"tep_pool":"10.7.0.0/16"},{"id":2,"tep_pool":"10.8.0.0/16"}],
            "nodes":[{"id":1,"pod":1,"name":"ctl","role":"controller"},
                     {"id":301,"pod":2,"name":"leaf301","role":"leaf","leaf_role":"compute"}]}"#,
    )
    .unwrap();
    let mut cfg = SiteConfig::demo(7, dir.join("data"), PASSWORD);
    cfg.topology = Some(file.clone());
    let site = spawn(cfg.clone()).await.unwrap();
    let cookie = login(site.addr()).await;
    let pods = get(site.addr(), &cookie, "/api/class/fabricPod.json")
        .await
        .imdata();
    assert_eq!(pods.len(), 2);
    let leaf = get(site.addr(), &cookie, "/api/mo/topology/pod-2/node-301.json")
        .await
        .imdata();
    assert_eq!(leaf[0]["fabricNode"]["attributes"]["address"], "10.8.0.1");
    site.stop().await.unwrap();

    std::fs::write(&file, r#"{"pods":[],"nodes":[]}"#).unwrap();
    let err = spawn(cfg).await.unwrap_err().to_string();
    assert!(err.contains("exactly one controller"), "{err}");
}
