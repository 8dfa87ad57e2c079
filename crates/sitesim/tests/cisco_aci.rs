//! The exact requests cisco.aci 2.13.0 makes (raw quotes in the target, percent-encoded
//! filters, form content type on JSON bodies, the cookie sent back whole).

mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn aci_tenant_present_twice_then_changed() {
    let dir = data_dir("tenant");
    let site = start(1, &dir).await;
    let addr = site.addr();
    let cookie = login(addr).await;
    let target = "/api/mo/uni/tn-t1.json?rsp-prop-include=config-only";

    let first = get(addr, &cookie, target).await;
    assert_eq!(
        (first.status, first.json()),
        (200, json!({"totalCount": "0", "imdata": []}))
    );

    let body = r#"{"fvTenant": {"attributes": {"name": "t1", "descr": "d", "annotation": "orchestrator:ansible"}}}"#;
    let posted = post(addr, &cookie, "/api/mo/uni/tn-t1.json", body).await;
    assert_eq!(posted.status, 200, "{}", posted.body);
    assert_eq!(posted.json(), json!({"totalCount": "0", "imdata": []}));

    let after = get(addr, &cookie, target).await;
    let tenant = &after.imdata()[0]["fvTenant"]["attributes"];
    assert_eq!(tenant["dn"], "uni/tn-t1");
    assert_eq!(tenant["descr"], "d");
    assert_eq!(tenant["annotation"], "orchestrator:ansible");

    // A diff update carries no naming attribute.
    let posted = post(
        addr,
        &cookie,
        "/api/mo/uni/tn-t1.json",
        r#"{"fvTenant": {"attributes": {"descr": "d2"}}}"#,
    )
    .await;
    assert_eq!(posted.status, 200, "{}", posted.body);
    let after = get(addr, &cookie, target).await;
    assert_eq!(after.imdata()[0]["fvTenant"]["attributes"]["descr"], "d2");
    site.stop().await.unwrap();
}

#[tokio::test]
async fn aci_rest_filters_raw_and_encoded_pages_and_modified() {
    let dir = data_dir("rest");
    let site = start(1, &dir).await;
    let addr = site.addr();
    let cookie = login(addr).await;

    let body =
        r#"{"fvTenant": {"attributes": {"name": "t2", "annotation": "orchestrator:ansible"}}}"#;
    let created = post(addr, &cookie, "/api/mo/uni.json?rsp-subtree=modified", body).await;
    assert_eq!(created.status, 200, "{}", created.body);
    let items = created.imdata();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["fvTenant"]["attributes"]["dn"], "uni/tn-t2");
    assert_eq!(items[0]["fvTenant"]["attributes"]["status"], "created");
    let again = post(addr, &cookie, "/api/mo/uni.json?rsp-subtree=modified", body).await;
    assert_eq!(again.json(), json!({"totalCount": "0", "imdata": []}));

    for target in [
        r#"/api/class/fvTenant.json?query-target-filter=eq(fvTenant.name,"t2")"#,
        "/api/class/fvTenant.json?query-target-filter=eq%28fvTenant.name%2C%22t2%22%29",
        "/api/node/class/fvTenant.json?query-target-filter=eq(fvTenant.name,%22t2%22)",
        // Raw `^`, `|`, `$`: characters a strict URI parser refuses.
        r#"/api/class/fvTenant.json?query-target-filter=wcard(fvTenant.name,"^(t2|zz)$")"#,
        "/api/class/fvTenant.json?query-target-filter=and(eq(fvTenant.name,\"t2\"),ne(fvTenant.name,\"a b\"))",
    ] {
        let reply = get(addr, &cookie, target).await;
        assert_eq!(reply.status, 200, "{target}: {}", reply.body);
        let names: Vec<_> = reply
            .imdata()
            .iter()
            .map(|o| o["fvTenant"]["attributes"]["name"].clone())
            .collect();
        assert_eq!(names, [json!("t2")], "{target}");
    }

    let all = get(addr, &cookie, "/api/class/fvTenant.json")
        .await
        .imdata()
        .len();
    assert!(all >= 3, "common, infra and t2 at least");
    let page = get(addr, &cookie, "/api/class/fvTenant.json?page=0&page-size=1").await;
    assert_eq!(page.imdata().len(), 1);
    // The total counts every page.
    assert_eq!(page.json()["totalCount"], all.to_string());

    let children = get(addr, &cookie, "/api/mo/uni/tn-t2.json?rsp-subtree=children").await;
    assert_eq!(children.status, 200);

    let deleted = delete(addr, &cookie, "/api/mo/uni/tn-t2.json?rsp-subtree=modified").await;
    assert_eq!(
        deleted.imdata()[0]["fvTenant"]["attributes"]["status"],
        "deleted"
    );
    let gone = delete(addr, &cookie, "/api/mo/uni/tn-t2.json?rsp-subtree=modified").await;
    assert_eq!((gone.status, gone.imdata().len()), (200, 0));
    site.stop().await.unwrap();
}

#[tokio::test]
async fn l4l7_device_and_bracketed_dns() {
    let dir = data_dir("device");
    let site = start(1, &dir).await;
    let addr = site.addr();
    let cookie = login(addr).await;
    post(
        addr,
        &cookie,
        "/api/mo/uni.json",
        r#"{"fvTenant":{"attributes":{"name":"t1"}}}"#,
    )
    .await;
    let target = "/api/mo/uni/tn-t1/lDevVip-fw1.json?rsp-prop-include=config-only&rsp-subtree=full&rsp-subtree-class=vnsCDev,vnsRsALDevToDomP,vnsRsALDevToPhysDomP";
    assert_eq!(get(addr, &cookie, target).await.imdata().len(), 0);
    let body = r#"{"vnsLDevVip": {"attributes": {"name": "fw1", "contextAware": "single-Context", "devtype": "PHYSICAL", "funcType": "GoTo", "managed": "no", "promMode": "no", "svcType": "FW", "trunking": "no", "annotation": "orchestrator:ansible"}, "children": [{"vnsRsALDevToPhysDomP": {"attributes": {"tDn": "uni/phys-physdom"}}}]}}"#;
    let posted = post(addr, &cookie, "/api/mo/uni/tn-t1/lDevVip-fw1.json", body).await;
    assert_eq!(posted.status, 200, "{}", posted.body);
    let device = get(addr, &cookie, target).await.imdata();
    let dev = &device[0]["vnsLDevVip"];
    assert_eq!(dev["attributes"]["svcType"], "FW");
    assert_eq!(
        dev["children"][0]["vnsRsALDevToPhysDomP"]["attributes"]["tDn"],
        "uni/phys-physdom"
    );

    // A DN with brackets and slashes inside, raw in the path.
    let body =
        r#"{"l3extSubnet": {"attributes": {"ip": "0.0.0.0/0", "scope": "import-security"}}}"#;
    post(
        addr,
        &cookie,
        "/api/mo/uni/tn-t1/out-o1.json",
        r#"{"l3extOut":{"attributes":{"name":"o1"}}}"#,
    )
    .await;
    post(
        addr,
        &cookie,
        "/api/mo/uni/tn-t1/out-o1/instP-e1.json",
        r#"{"l3extInstP":{"attributes":{"name":"e1"}}}"#,
    )
    .await;
    let posted = post(
        addr,
        &cookie,
        "/api/mo/uni/tn-t1/out-o1/instP-e1/extsubnet-[0.0.0.0/0].json",
        body,
    )
    .await;
    assert_eq!(posted.status, 200, "{}", posted.body);
    let got = get(
        addr,
        &cookie,
        "/api/mo/uni/tn-t1/out-o1/instP-e1/extsubnet-[0.0.0.0/0].json",
    )
    .await;
    assert_eq!(
        got.imdata()[0]["l3extSubnet"]["attributes"]["dn"],
        "uni/tn-t1/out-o1/instP-e1/extsubnet-[0.0.0.0/0]"
    );
    site.stop().await.unwrap();
}

#[tokio::test]
async fn apic_errors_keep_their_status_and_envelope() {
    let dir = data_dir("errors");
    let site = start(1, &dir).await;
    let addr = site.addr();
    let cookie = login(addr).await;
    let bad = post(
        addr,
        &cookie,
        "/api/mo/uni.json",
        r#"{"fvFoobar":{"attributes":{"name":"x"}}}"#,
    )
    .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.apic_error().0, "122");
    let broken = post(addr, &cookie, "/api/mo/uni.json", "{not json").await;
    assert_eq!(
        (broken.status, broken.apic_error().0.as_str()),
        (400, "400")
    );
    let unknown = get(addr, &cookie, "/api/elsewhere.json").await;
    assert_eq!(unknown.status, 400);
    site.stop().await.unwrap();
}

#[tokio::test]
async fn the_fabric_is_visible_as_apic_classes() {
    let dir = data_dir("fabric");
    let site = start(2, &dir).await;
    let addr = site.addr();
    let cookie = login(addr).await;
    let fw = get(addr, &cookie, "/api/class/firmwareCtrlrRunning.json").await;
    assert_eq!(
        fw.imdata()[0]["firmwareCtrlrRunning"]["attributes"]["version"],
        "4.2(7w)"
    );
    let nodes = get(addr, &cookie, "/api/node/class/fabricNode.json")
        .await
        .imdata();
    let mut ids: Vec<u32> = nodes
        .iter()
        .map(|n| {
            n["fabricNode"]["attributes"]["id"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, [1, 201, 202, 203, 2101, 2102]);
    let leaf = get(addr, &cookie, "/api/mo/topology/pod-1/node-201/sys.json")
        .await
        .imdata();
    assert_eq!(leaf[0]["topSystem"]["attributes"]["siteId"], "2");
    let tenants = get(addr, &cookie, "/api/class/fvTenant.json")
        .await
        .imdata();
    let names: Vec<_> = tenants
        .iter()
        .map(|t| t["fvTenant"]["attributes"]["name"].clone())
        .collect();
    assert!(
        names.contains(&json!("common")) && names.contains(&json!("infra")),
        "{names:?}"
    );
    site.stop().await.unwrap();
}
