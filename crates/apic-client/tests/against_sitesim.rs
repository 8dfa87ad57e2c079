//! The client against a real emulated site on a free port: login, reads and writes,
//! re-login after the site forgot the session, retries and their limits, typed reads.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use multisite_apic_client::{ApicClient, ApicClientError, ClientOptions, PodInfo};
use multisite_sitesim::{spawn, RunningSite, SiteConfig};
use serde_json::{json, Value};

const PASSWORD: &str = "pw-123";

fn data_dir(tag: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let dir =
        std::env::temp_dir().join(format!("apic-client-test-{}-{tag}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

async fn site(site_id: u32, tag: &str) -> (RunningSite, SiteConfig) {
    let cfg = SiteConfig::demo(site_id, data_dir(tag), PASSWORD);
    (spawn(cfg.clone()).await.unwrap(), cfg)
}

fn fast() -> ClientOptions {
    ClientOptions {
        backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        max_retries: 2,
        ..ClientOptions::default()
    }
}

fn client(site: &RunningSite) -> ApicClient {
    ApicClient::with_options(&site.base_url(), "admin", PASSWORD, fast()).unwrap()
}

async fn set_faults(site: &RunningSite, faults: Value) {
    let reply = reqwest::Client::new()
        .post(format!("{}/_sitesim/faults", site.base_url()))
        .basic_auth("admin", Some(PASSWORD))
        .body(faults.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
}

fn names(list: &[Value], class: &str) -> Vec<String> {
    list.iter()
        .map(|o| {
            o[class]["attributes"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn reads_and_writes_objects() {
    let (site, _) = site(1, "crud").await;
    let apic = client(&site);
    let tenants = names(&apic.get_class("fvTenant", &[]).await.unwrap(), "fvTenant");
    assert!(
        tenants.contains(&"common".to_string()) && tenants.contains(&"infra".to_string()),
        "{tenants:?}"
    );

    let created = apic
        .post_mo(
            "uni",
            &json!({"fvTenant": {"attributes": {"name": "Tenant1"}}}),
        )
        .await
        .unwrap();
    assert_eq!(
        created["imdata"][0]["fvTenant"]["attributes"]["status"],
        "created"
    );
    let again = apic
        .post_mo(
            "uni",
            &json!({"fvTenant": {"attributes": {"name": "Tenant1"}}}),
        )
        .await
        .unwrap();
    assert_eq!(again["imdata"], json!([]));

    let filtered = apic
        .get_class(
            "fvTenant",
            &[("query-target-filter", r#"eq(fvTenant.name,"Tenant1")"#)],
        )
        .await
        .unwrap();
    assert_eq!(names(&filtered, "fvTenant"), ["Tenant1"]);
    assert_eq!(
        apic.get_mo("uni/tn-Tenant1", &[("rsp-prop-include", "config-only")])
            .await
            .unwrap()
            .len(),
        1
    );

    let deleted = apic.delete_mo("uni/tn-Tenant1").await.unwrap();
    assert_eq!(
        deleted["imdata"][0]["fvTenant"]["attributes"]["status"],
        "deleted"
    );
    assert!(apic.get_mo("uni/tn-Tenant1", &[]).await.unwrap().is_empty());

    let err = apic
        .post_mo("uni", &json!({"fvFoobar": {"attributes": {"name": "x"}}}))
        .await
        .unwrap_err();
    assert_eq!((err.status(), err.code()), (Some(400), Some("122")));
    apic.logout().await.unwrap();
    site.stop().await.unwrap();
}

#[tokio::test]
async fn bad_credentials_are_a_login_error() {
    let (site, _) = site(1, "badpw").await;
    let apic = ApicClient::with_options(&site.base_url(), "admin", "wrong", fast()).unwrap();
    let err = apic.get_class("fvTenant", &[]).await.unwrap_err();
    assert!(
        matches!(err, ApicClientError::Login { status: 401, .. }),
        "{err}"
    );
    assert_eq!(err.code(), Some("401"));
    site.stop().await.unwrap();
}

#[tokio::test]
async fn logs_in_again_when_the_site_forgot_the_session() {
    let (site, mut cfg) = site(1, "relogin").await;
    let apic = client(&site);
    apic.post_mo(
        "uni",
        &json!({"fvTenant": {"attributes": {"name": "kept"}}}),
    )
    .await
    .unwrap();
    cfg.listen = site.addr();
    site.stop().await.unwrap();
    let site = spawn(cfg).await.unwrap();
    // The old cookie is answered 403; the client logs in again and sees the persisted tree.
    assert_eq!(apic.get_mo("uni/tn-kept", &[]).await.unwrap().len(), 1);
    site.stop().await.unwrap();
}

#[tokio::test]
async fn reads_retry_server_failures_but_writes_do_not() {
    let (site, _) = site(1, "retry").await;
    let apic = client(&site);
    apic.login().await.unwrap();

    set_faults(&site, json!({"fail_next": 2})).await;
    let tenants = apic
        .get_class(
            "fvTenant",
            &[("query-target-filter", r#"eq(fvTenant.name,"common")"#)],
        )
        .await;
    assert_eq!(tenants.unwrap().len(), 1, "two failures fit in two retries");

    set_faults(&site, json!({"fail_next": 3})).await;
    let err = apic.get_class("fvTenant", &[]).await.unwrap_err();
    assert_eq!((err.status(), err.code()), (Some(500), Some("500")));

    set_faults(&site, json!({"fail_next": 1})).await;
    let err = apic
        .post_mo("uni", &json!({"fvTenant": {"attributes": {"name": "t"}}}))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    apic.post_mo("uni", &json!({"fvTenant": {"attributes": {"name": "t"}}}))
        .await
        .unwrap();

    set_faults(&site, json!({"down": true})).await;
    let err = apic.get_mo("uni/tn-t", &[]).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    site.stop().await.unwrap();
}

#[tokio::test]
async fn an_unreachable_site_is_a_transport_error() {
    let (site, _) = site(1, "gone").await;
    let base = site.base_url();
    site.stop().await.unwrap();
    let apic = ApicClient::with_options(&base, "admin", PASSWORD, fast()).unwrap();
    let err = apic.version().await.unwrap_err();
    assert!(err.is_unreachable(), "{err}");
    assert!(ApicClient::new("site1:9101", "admin", PASSWORD).is_err());
}

#[tokio::test]
async fn version_pods_and_nodes() {
    let (s1, _) = site(1, "v1").await;
    let (s2, _) = site(2, "v2").await;
    assert_eq!(client(&s1).version().await.unwrap(), "5.1(4c)");
    assert_eq!(client(&s2).version().await.unwrap(), "4.2(7w)");
    let pods = client(&s2).pods().await.unwrap();
    let ids: Vec<(u32, &str)> = pods.iter().map(|p| (p.id, p.dn.as_str())).collect();
    assert_eq!(ids, [(1, "topology/pod-1")]);
    let nodes = client(&s1).nodes().await.unwrap();
    let summary: Vec<(u32, &str)> = nodes.iter().map(|n| (n.id, n.role.as_str())).collect();
    assert_eq!(
        summary,
        [
            (1, "controller"),
            (101, "leaf"),
            (102, "leaf"),
            (103, "leaf"),
            (1101, "spine"),
            (1102, "spine")
        ]
    );
    assert_eq!(nodes[0].address, "10.1.0.1");
    s1.stop().await.unwrap();
    s2.stop().await.unwrap();
}

#[tokio::test]
async fn pods_report_their_tep_pool() {
    let (s2, _) = site(2, "tep").await;
    let pods = client(&s2).pods().await.unwrap();
    assert_eq!(
        pods,
        [PodInfo {
            id: 1,
            dn: "topology/pod-1".into(),
            tep_pool: Some("10.2.0.0/16".into())
        }]
    );
    s2.stop().await.unwrap();
}

/// The seed's per-site objects: device Site1-FW with two concrete devices, two cluster
/// interfaces and two PBR policies.
async fn build_firewall(apic: &ApicClient) {
    apic.post_mo(
        "uni",
        &json!({"fvTenant": {"attributes": {"name": "Tenant1"}}}),
    )
    .await
    .unwrap();
    let cdev = |name: &str| {
        json!({"vnsCDev": {"attributes": {"name": name, "vcenterName": "vc1", "vmName": format!("MSO-SG-WP-{name}")},
            "children": [{"vnsCIf": {"attributes": {"name": "g0/0"}}}, {"vnsCIf": {"attributes": {"name": "g0/1"}}}]}})
    };
    let cif =
        |dev: &str, port: &str| format!("uni/tn-Tenant1/lDevVip-Site1-FW/cDev-{dev}/cIf-[{port}]");
    let lif = |name: &str, port: &str| {
        json!({"vnsLIf": {"attributes": {"name": name}, "children": [
            {"vnsRsCIfAttN": {"attributes": {"tDn": cif("ASAv2", port)}}},
            {"vnsRsCIfAttN": {"attributes": {"tDn": cif("ASAv1", port)}}}]}})
    };
    let device = json!({"vnsLDevVip": {
        "attributes": {"name": "Site1-FW", "svcType": "FW", "devtype": "VIRTUAL", "funcType": "GoTo", "managed": "no", "contextAware": "single-Context"},
        "children": [{"vnsRsALDevToDomP": {"attributes": {"tDn": "uni/vmmp-VMware/dom-S1-VMM"}}}, cdev("ASAv1"), cdev("ASAv2")]}});
    apic.post_mo("uni/tn-Tenant1/lDevVip-Site1-FW", &device)
        .await
        .unwrap();
    for (name, port) in [("FW-external", "g0/0"), ("FW-internal", "g0/1")] {
        apic.post_mo("uni/tn-Tenant1/lDevVip-Site1-FW", &lif(name, port))
            .await
            .unwrap();
    }
    for (name, ip, mac) in [
        ("FW-external", "192.168.11.1", "00:50:56:95:11:01"),
        ("FW-internal", "192.168.12.1", "00:50:56:95:12:01"),
    ] {
        let pol = json!({"vnsSvcRedirectPol": {"attributes": {"name": name, "destType": "L3"},
            "children": [{"vnsRedirectDest": {"attributes": {"ip": ip, "mac": mac}}}]}});
        apic.post_mo(
            &format!("uni/tn-Tenant1/svcCont/svcRedirectPol-{name}"),
            &pol,
        )
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn devices_cluster_interfaces_and_redirect_policies() {
    let (site, _) = site(1, "devices").await;
    let apic = client(&site);
    assert!(apic.devices("Tenant1").await.unwrap().is_empty());
    assert!(apic.redirect_policies("Tenant1").await.unwrap().is_empty());
    build_firewall(&apic).await;

    let devices = apic.devices("Tenant1").await.unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(
        (
            devices[0].dn.as_str(),
            devices[0].name.as_str(),
            devices[0].func_type.as_str(),
            devices[0].svc_type.as_str(),
            devices[0].dev_type.as_str()
        ),
        (
            "uni/tn-Tenant1/lDevVip-Site1-FW",
            "Site1-FW",
            "GoTo",
            "FW",
            "VIRTUAL"
        )
    );

    let lifs = apic
        .cluster_interfaces("Tenant1", "Site1-FW")
        .await
        .unwrap();
    let shown: Vec<(&str, Vec<&str>)> = lifs
        .iter()
        .map(|l| {
            (
                l.name.as_str(),
                l.concrete_interfaces.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (
                "FW-external",
                vec![
                    "uni/tn-Tenant1/lDevVip-Site1-FW/cDev-ASAv1/cIf-[g0/0]",
                    "uni/tn-Tenant1/lDevVip-Site1-FW/cDev-ASAv2/cIf-[g0/0]"
                ]
            ),
            (
                "FW-internal",
                vec![
                    "uni/tn-Tenant1/lDevVip-Site1-FW/cDev-ASAv1/cIf-[g0/1]",
                    "uni/tn-Tenant1/lDevVip-Site1-FW/cDev-ASAv2/cIf-[g0/1]"
                ]
            ),
        ]
    );

    let pbr = apic.redirect_policies("Tenant1").await.unwrap();
    let shown: Vec<(&str, &str, &str, &str)> = pbr
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.hashing_algorithm.as_str(),
                p.destinations[0].ip.as_str(),
                p.destinations[0].mac.as_str(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (
                "FW-external",
                "sip-dip-prototype",
                "192.168.11.1",
                "00:50:56:95:11:01"
            ),
            (
                "FW-internal",
                "sip-dip-prototype",
                "192.168.12.1",
                "00:50:56:95:12:01"
            ),
        ]
    );
    assert!(apic.devices("NoSuchTenant").await.unwrap().is_empty());
    site.stop().await.unwrap();
}
