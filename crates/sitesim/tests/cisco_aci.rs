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
    let get = "/api/mo/uni/tn-t1.json?rsp-prop-include=config-only";

    let first = send(addr, "GET", get, Some(&cookie), None).await;
    assert_eq!(
        (first.status, first.json()),
        (200, json!({"totalCount": "0", "imdata": []}))
    );

    let body = r#"{"fvTenant": {"attributes": {"name": "t1", "descr": "d", "annotation": "orchestrator:ansible"}}}"#;
    let post = send(
        addr,
        "POST",
        "/api/mo/uni/tn-t1.json",
        Some(&cookie),
        Some(body),
    )
    .await;
    assert_eq!(post.status, 200, "{}", post.body);
    assert_eq!(post.json(), json!({"totalCount": "0", "imdata": []}));

    let after = send(addr, "GET", get, Some(&cookie), None).await;
    let tenant = &after.imdata()[0]["fvTenant"]["attributes"];
    assert_eq!(tenant["dn"], "uni/tn-t1");
    assert_eq!(tenant["descr"], "d");
    assert_eq!(tenant["annotation"], "orchestrator:ansible");

    // A diff update carries no naming attribute.
    let post = send(
        addr,
        "POST",
        "/api/mo/uni/tn-t1.json",
        Some(&cookie),
        Some(r#"{"fvTenant": {"attributes": {"descr": "d2"}}}"#),
    )
    .await;
    assert_eq!(post.status, 200, "{}", post.body);
    let after = send(addr, "GET", get, Some(&cookie), None).await;
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
    let created = send(
        addr,
        "POST",
        "/api/mo/uni.json?rsp-subtree=modified",
        Some(&cookie),
        Some(body),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let items = created.imdata();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["fvTenant"]["attributes"]["dn"], "uni/tn-t2");
    assert_eq!(items[0]["fvTenant"]["attributes"]["status"], "created");
    let again = send(
        addr,
        "POST",
        "/api/mo/uni.json?rsp-subtree=modified",
        Some(&cookie),
        Some(body),
    )
    .await;
    assert_eq!(again.json(), json!({"totalCount": "0", "imdata": []}));

    for target in [
        r#"/api/class/fvTenant.json?query-target-filter=eq(fvTenant.name,"t2")"#,
        "/api/class/fvTenant.json?query-target-filter=eq%28fvTenant.name%2C%22t2%22%29",
        "/api/node/class/fvTenant.json?query-target-filter=eq(fvTenant.name,%22t2%22)",
        // Raw `^`, `|`, `$`: characters a strict URI parser refuses.
        r#"/api/class/fvTenant.json?query-target-filter=wcard(fvTenant.name,"^(t2|zz)$")"#,
        "/api/class/fvTenant.json?query-target-filter=and(eq(fvTenant.name,\"t2\"),ne(fvTenant.name,\"a b\"))",
    ] {
        let reply = send(addr, "GET", target, Some(&cookie), None).await;
        assert_eq!(reply.status, 200, "{target}: {}", reply.body);
        let names: Vec<_> = reply
            .imdata()
            .iter()
            .map(|o| o["fvTenant"]["attributes"]["name"].clone())
            .collect();
        assert_eq!(names, [json!("t2")], "{target}");
    }

    let all = send(addr, "GET", "/api/class/fvTenant.json", Some(&cookie), None)
        .await
        .imdata()
        .len();
    assert!(all >= 3, "common, infra and t2 at least");
    let page = send(
        addr,
        "GET",
        "/api/class/fvTenant.json?page=0&page-size=1",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(page.imdata().len(), 1);
    // The total counts every page.
    assert_eq!(page.json()["totalCount"], all.to_string());

    let children = send(
        addr,
        "GET",
        "/api/mo/uni/tn-t2.json?rsp-subtree=children",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(children.status, 200);

    let deleted = send(
        addr,
        "DELETE",
        "/api/mo/uni/tn-t2.json?rsp-subtree=modified",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(
        deleted.imdata()[0]["fvTenant"]["attributes"]["status"],
        "deleted"
    );
    let gone = send(
        addr,
        "DELETE",
        "/api/mo/uni/tn-t2.json?rsp-subtree=modified",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!((gone.status, gone.imdata().len()), (200, 0));
    site.stop().await.unwrap();
}

#[tokio::test]
async fn l4l7_device_and_bracketed_dns() {
    let dir = data_dir("device");
    let site = start(1, &dir).await;
    let addr = site.addr();
    let cookie = login(addr).await;
    send(
        addr,
        "POST",
        "/api/mo/uni.json",
        Some(&cookie),
        Some(r#"{"fvTenant":{"attributes":{"name":"t1"}}}"#),
    )
    .await;
    let get = "/api/mo/uni/tn-t1/lDevVip-fw1.json?rsp-prop-include=config-only&rsp-subtree=full&rsp-subtree-class=vnsCDev,vnsRsALDevToDomP,vnsRsALDevToPhysDomP";
    assert_eq!(
        send(addr, "GET", get, Some(&cookie), None)
            .await
            .imdata()
            .len(),
        0
    );
    let body = r#"{"vnsLDevVip": {"attributes": {"name": "fw1", "contextAware": "single-Context", "devtype": "PHYSICAL", "funcType": "GoTo", "managed": "no", "promMode": "no", "svcType": "FW", "trunking": "no", "annotation": "orchestrator:ansible"}, "children": [{"vnsRsALDevToPhysDomP": {"attributes": {"tDn": "uni/phys-physdom"}}}]}}"#;
    let post = send(
        addr,
        "POST",
        "/api/mo/uni/tn-t1/lDevVip-fw1.json",
        Some(&cookie),
        Some(body),
    )
    .await;
    assert_eq!(post.status, 200, "{}", post.body);
    let device = send(addr, "GET", get, Some(&cookie), None).await.imdata();
    let dev = &device[0]["vnsLDevVip"];
    assert_eq!(dev["attributes"]["svcType"], "FW");
    assert_eq!(
        dev["children"][0]["vnsRsALDevToPhysDomP"]["attributes"]["tDn"],
        "uni/phys-physdom"
    );

    // A DN with brackets and slashes inside, raw in the path.
    let body =
        r#"{"l3extSubnet": {"attributes": {"ip": "0.0.0.0/0", "scope": "import-security"}}}"#;
    send(
        addr,
        "POST",
        "/api/mo/uni/tn-t1/out-o1.json",
        Some(&cookie),
        Some(r#"{"l3extOut":{"attributes":{"name":"o1"}}}"#),
    )
    .await;
    send(
        addr,
        "POST",
        "/api/mo/uni/tn-t1/out-o1/instP-e1.json",
        Some(&cookie),
        Some(r#"{"l3extInstP":{"attributes":{"name":"e1"}}}"#),
    )
    .await;
    let post = send(
        addr,
        "POST",
        "/api/mo/uni/tn-t1/out-o1/instP-e1/extsubnet-[0.0.0.0/0].json",
        Some(&cookie),
        Some(body),
    )
    .await;
    assert_eq!(post.status, 200, "{}", post.body);
    let got = send(
        addr,
        "GET",
        "/api/mo/uni/tn-t1/out-o1/instP-e1/extsubnet-[0.0.0.0/0].json",
        Some(&cookie),
        None,
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
    let bad = send(
        addr,
        "POST",
        "/api/mo/uni.json",
        Some(&cookie),
        Some(r#"{"fvFoobar":{"attributes":{"name":"x"}}}"#),
    )
    .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.apic_error().0, "122");
    let broken = send(
        addr,
        "POST",
        "/api/mo/uni.json",
        Some(&cookie),
        Some("{not json"),
    )
    .await;
    assert_eq!(
        (broken.status, broken.apic_error().0.as_str()),
        (400, "400")
    );
    let unknown = send(addr, "GET", "/api/elsewhere.json", Some(&cookie), None).await;
    assert_eq!(unknown.status, 400);
    site.stop().await.unwrap();
}

#[tokio::test]
async fn the_fabric_is_visible_as_apic_classes() {
    let dir = data_dir("fabric");
    let site = start(2, &dir).await;
    let addr = site.addr();
    let cookie = login(addr).await;
    let fw = send(
        addr,
        "GET",
        "/api/class/firmwareCtrlrRunning.json",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(
        fw.imdata()[0]["firmwareCtrlrRunning"]["attributes"]["version"],
        "4.2(7w)"
    );
    let nodes = send(
        addr,
        "GET",
        "/api/node/class/fabricNode.json",
        Some(&cookie),
        None,
    )
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
    let leaf = send(
        addr,
        "GET",
        "/api/mo/topology/pod-1/node-201/sys.json",
        Some(&cookie),
        None,
    )
    .await
    .imdata();
    assert_eq!(leaf[0]["topSystem"]["attributes"]["siteId"], "2");
    let tenants = send(addr, "GET", "/api/class/fvTenant.json", Some(&cookie), None)
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
