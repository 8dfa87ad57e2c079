//! Deploy through the NDO API onto the two embedded emulated sites: the seed's workflow
//! (case B of the scenarios) validates, lands in both sites with shadows where needed, a
//! second deploy writes nothing, undeploy leaves the site admins' devices and PBR policies,
//! and a schema that breaks a guideline is refused before anything reaches a site.

use multisite_apic_client::ApicClient;
use multisite_testkit::{Options, TestServer, PASSWORD};
use serde_json::{json, Value};

const TN: &str = "uni/tn-Tenant1";
const TEMPLATES: [&str; 3] = ["template-stretched", "template-site1", "template-site2"];

/// What each site's own admins create: the tenant, the firewall cluster with its cluster
/// interfaces, the IP SLA policy and the PBR policies with their destinations.
async fn admin_setup(apic: &ApicClient, n: u32) {
    let fw = format!("Site{n}-FW");
    let body = json!({"fvTenant": {"attributes": {"dn": TN, "name": "Tenant1"}, "children": [
        {"vnsLDevVip": {"attributes": {"name": fw, "managed": "no", "svcType": "FW", "devtype": "VIRTUAL", "funcType": "GoTo"},
            "children": [
                {"vnsCDev": {"attributes": {"name": "ASAv1", "vmName": "MSO-SG-WP-ASAv1", "vcenterName": "vc1"},
                    "children": [{"vnsCIf": {"attributes": {"name": "g0/0"}}}, {"vnsCIf": {"attributes": {"name": "g0/1"}}}]}},
                {"vnsLIf": {"attributes": {"name": "FW-external"}, "children": [{"vnsRsCIfAttN": {"attributes": {
                    "tDn": format!("{TN}/lDevVip-{fw}/cDev-ASAv1/cIf-[g0/0]")}}}]}},
                {"vnsLIf": {"attributes": {"name": "FW-internal"}, "children": [{"vnsRsCIfAttN": {"attributes": {
                    "tDn": format!("{TN}/lDevVip-{fw}/cDev-ASAv1/cIf-[g0/1]")}}}]}}]}},
        {"fvIPSLAMonitoringPol": {"attributes": {"name": "icmp-sla", "slaType": "icmp", "slaFrequency": "60"}}},
        {"vnsSvcCont": {"attributes": {}, "children": [
            {"vnsSvcRedirectPol": {"attributes": {"name": "FW-external", "destType": "L3", "hashingAlgorithm": "sip-dip-prototype"},
                "children": [{"vnsRedirectDest": {"attributes": {"ip": format!("192.168.11.{n}"), "mac": format!("00:50:56:95:11:0{n}")}}}]}},
            {"vnsSvcRedirectPol": {"attributes": {"name": "FW-internal", "destType": "L3", "hashingAlgorithm": "sip-dip-prototype"},
                "children": [{"vnsRedirectDest": {"attributes": {"ip": format!("192.168.12.{n}"), "mac": format!("00:50:56:95:12:0{n}")}}}]}}]}}
    ]}});
    apic.post_mo(TN, &body)
        .await
        .unwrap_or_else(|e| panic!("admin setup on site{n}: {e}"));
}

struct Fixture {
    server: TestServer,
    sid: String,
    site_ids: [String; 2],
    apics: Vec<ApicClient>,
    control: Vec<String>,
}

impl Fixture {
    async fn start() -> Fixture {
        let server = TestServer::start(Options {
            embedded_sites: true,
            ..Default::default()
        })
        .await;
        let sites = server.get("/api/v1/sites").await.body;
        let id_of = |name: &str| {
            sites["sites"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["name"] == name)
                .unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let site_ids = [id_of("site1"), id_of("site2")];
        let mut apics = Vec::new();
        let mut control = Vec::new();
        for (i, site) in server.running.sites.iter().enumerate() {
            let apic = ApicClient::new(&site.base_url(), "admin", PASSWORD).unwrap();
            admin_setup(&apic, i as u32 + 1).await;
            apics.push(apic);
            control.push(site.base_url());
        }
        let tenant = server
            .post("/api/v1/tenants", &json!({"name": "Tenant1", "displayName": "Tenant1",
                "siteAssociations": [{"siteId": site_ids[0], "securityDomains": []}, {"siteId": site_ids[1], "securityDomains": []}]}))
            .await;
        assert_eq!(tenant.status, 201, "{:?}", tenant.body);
        let tid = tenant.body["id"].as_str().unwrap().to_string();
        let created = server
            .post("/api/v1/schemas", &json!({"displayName": "intersite-pbr"}))
            .await;
        let sid = created.body["id"].as_str().unwrap().to_string();
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/schema-case-b.json"
        ))
        .unwrap();
        let text = text
            .replace("sid-intersite-pbr", &sid)
            .replace("tenant1-id", &tid)
            .replace(
                "\"siteId\": \"1\"",
                &format!("\"siteId\": \"{}\"", site_ids[0]),
            )
            .replace(
                "\"siteId\": \"2\"",
                &format!("\"siteId\": \"{}\"", site_ids[1]),
            );
        let mut doc: Value = serde_json::from_str(&text).unwrap();
        doc.as_object_mut().unwrap().remove("_updateVersion");
        let put = server.put(&format!("/api/v1/schemas/{sid}"), &doc).await;
        assert_eq!(put.status, 200, "{:?}", put.body);
        Fixture {
            server,
            sid,
            site_ids,
            apics,
            control,
        }
    }

    async fn writes(&self, site: usize) -> u64 {
        let v: Value = reqwest::Client::new()
            .get(format!("{}/_sitesim/writes", self.control[site]))
            .basic_auth("admin", Some(PASSWORD))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["writes"].as_u64().unwrap()
    }

    async fn annotation(&self, site: usize, dn: &str) -> Option<String> {
        let objs = self.apics[site].get_mo(dn, &[]).await.unwrap();
        objs.first().map(|o| {
            o.as_object().unwrap().values().next().unwrap()["attributes"]["annotation"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
    }

    async fn deploy(&self, template: &str) -> multisite_testkit::Reply {
        self.server
            .post(
                "/api/v1/task",
                &json!({"schemaId": self.sid, "templateName": template, "isRedeploy": false}),
            )
            .await
    }
}

#[tokio::test]
async fn the_seed_workflow_deploys_redeploys_idle_and_undeploys_cleanly() {
    let f = Fixture::start().await;
    let v = f
        .server
        .get(&format!("/api/v1/schemas/{}/validate", f.sid))
        .await;
    assert_eq!(
        (v.status, &v.body),
        (200, &json!({"result": true})),
        "validation: {:?}",
        v.body
    );

    for t in TEMPLATES {
        let r = f.deploy(t).await;
        assert_eq!(r.status, 202, "deploy {t}: {:?}", r.body);
        assert!(r.body["reqDetails"]["deploy"].is_array());
    }
    // Both sites: the stretched objects and each site's own device selection.
    for (i, fw) in [(0usize, "Site1-FW"), (1, "Site2-FW")] {
        for dn in [
            format!("{TN}/ctx-vrf1"),
            format!("{TN}/BD-bd-app"),
            format!("{TN}/ap-app/epg-web"),
            format!("{TN}/flt-icmp"),
            format!("{TN}/brc-c1/subj-msc-subject"),
            format!("{TN}/AbsGraph-sg-firewall"),
        ] {
            assert_eq!(
                f.annotation(i, &dn).await.as_deref(),
                Some("orchestrator:msc"),
                "site{} {dn}",
                i + 1
            );
        }
        let ctx = f.apics[i]
            .get_mo(
                &format!("{TN}/ldevCtx-c-c1-g-sg-firewall-n-node1"),
                &[("rsp-subtree", "full")],
            )
            .await
            .unwrap();
        let text = serde_json::to_string(&ctx).unwrap();
        assert!(
            text.contains(&format!("{TN}/lDevVip-{fw}")),
            "site{} device selection: {text}",
            i + 1
        );
        assert!(
            text.contains("svcRedirectPol-FW-internal")
                && text.contains(&format!("lDevVip-{fw}/lIf-FW-internal"))
        );
    }
    // The L3Out and external EPG: real in site1, shadows in site2; the site-local EPG db the other way round.
    let l3out = format!("{TN}/out-l3out-intersite");
    assert_eq!(
        f.annotation(0, &l3out).await.as_deref(),
        Some("orchestrator:msc")
    );
    assert_eq!(
        f.annotation(1, &l3out).await.as_deref(),
        Some("orchestrator:msc-shadow:yes")
    );
    assert_eq!(
        f.annotation(1, &format!("{l3out}/instP-extEpg"))
            .await
            .as_deref(),
        Some("orchestrator:msc-shadow:yes")
    );
    assert_eq!(
        f.annotation(1, &format!("{TN}/ap-app/epg-db"))
            .await
            .as_deref(),
        Some("orchestrator:msc")
    );
    assert_eq!(
        f.annotation(0, &format!("{TN}/ap-app/epg-db"))
            .await
            .as_deref(),
        Some("orchestrator:msc-shadow:yes")
    );
    assert_eq!(
        f.annotation(0, &format!("{TN}/BD-bd-db")).await.as_deref(),
        Some("orchestrator:msc-shadow:yes")
    );

    // Status and policy states follow.
    let st = f
        .server
        .get(&format!(
            "/api/v1/status/schema/{}/template/template-stretched",
            f.sid
        ))
        .await;
    assert!(
        st.body["status"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"]["siteStatus"] == "Succeeded"),
        "{:?}",
        st.body
    );

    // A second deploy pushes nothing: the write counters stay put.
    let before = (f.writes(0).await, f.writes(1).await);
    for t in TEMPLATES {
        assert_eq!(f.deploy(t).await.status, 202);
    }
    let plan = f
        .server
        .post(
            &format!(
                "/api/v1/schemas/{}/templates/template-stretched/plan",
                f.sid
            ),
            &json!({}),
        )
        .await;
    assert!(
        plan.body["sites"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["changes"].as_array().unwrap().is_empty()),
        "{:?}",
        plan.body
    );
    assert_eq!(
        (f.writes(0).await, f.writes(1).await),
        before,
        "a redeploy wrote to a site"
    );

    // Undeploy removes what was deployed and leaves the admins' objects.
    for t in TEMPLATES.iter().rev() {
        let r = f
            .server
            .post("/api/v1/task", &json!({"schemaId": f.sid, "templateName": t, "undeploy": [f.site_ids[0], f.site_ids[1]]}))
            .await;
        assert_eq!(r.status, 202, "undeploy {t}: {:?}", r.body);
    }
    for i in 0..2 {
        assert_eq!(
            f.annotation(i, &format!("{TN}/ctx-vrf1")).await,
            None,
            "site{} still has vrf1",
            i + 1
        );
        assert_eq!(f.annotation(i, &l3out).await, None);
        assert!(
            f.annotation(i, &format!("{TN}/lDevVip-Site{}-FW", i + 1))
                .await
                .is_some(),
            "the device was removed"
        );
        assert!(
            f.annotation(i, &format!("{TN}/svcCont/svcRedirectPol-FW-external"))
                .await
                .is_some(),
            "the PBR policy was removed"
        );
    }
}

#[tokio::test]
async fn a_schema_breaking_a_guideline_is_refused_and_no_site_is_written() {
    let f = Fixture::start().await;
    // Inter-VRF with the application EPG as provider: move bd-app to its own VRF and swap roles.
    let sid = &f.sid;
    let ops = json!([
        {"op": "add", "path": "/templates/template-stretched/vrfs/-", "value": {"name": "vrf-app", "displayName": "vrf-app"}},
        {"op": "replace", "path": "/templates/template-stretched/bds/bd-app/vrfRef",
         "value": {"vrfName": "vrf-app", "templateName": "template-stretched", "schemaId": sid}},
        {"op": "replace", "path": "/templates/template-stretched/anps/app/epgs/web/contractRelationships/0/relationshipType", "value": "provider"},
        {"op": "replace", "path": "/templates/template-stretched/externalEpgs/extEpg/contractRelationships/0/relationshipType", "value": "consumer"}
    ]);
    let r = f
        .server
        .patch(&format!("/api/v1/schemas/{sid}?validate=false"), &ops)
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let before = (f.writes(0).await, f.writes(1).await);
    let v = f
        .server
        .get(&format!("/api/v1/schemas/{sid}/validate"))
        .await;
    assert_eq!(v.status, 400);
    let msg = v.body["message"].as_str().unwrap();
    assert!(msg.contains("MS-CTR-001"), "{msg}");
    let d = f.deploy("template-stretched").await;
    assert_eq!(d.status, 400, "{:?}", d.body);
    assert!(d.body["message"].as_str().unwrap().contains("MS-CTR-001"));
    let legacy = f
        .server
        .get(&format!(
            "/api/v1/execute/schema/{sid}/template/template-stretched"
        ))
        .await;
    assert_eq!(legacy.status, 400);
    assert_eq!(
        (f.writes(0).await, f.writes(1).await),
        before,
        "a refused deploy wrote to a site"
    );
    assert_eq!(f.annotation(0, &format!("{TN}/ctx-vrf1")).await, None);
}

#[tokio::test]
async fn a_trace_can_ask_what_an_undeployed_schema_would_do() {
    let f = Fixture::start().await;
    // The physical side of the L3Out is made in site1's APIC by its admins (seed: "the
    // physical configuration of the L3Out must be done in the APIC"): border leaf 101.
    let l3out = json!({"l3extOut": {"attributes": {"dn": format!("{TN}/out-l3out-intersite"), "name": "l3out-intersite"},
        "children": [{"l3extLNodeP": {"attributes": {"name": "border"}, "children": [
            {"l3extRsNodeL3OutAtt": {"attributes": {"tDn": "topology/pod-1/node-101", "rtrId": "1.1.1.101"}}}]}}]}});
    f.apics[0]
        .post_mo(&format!("{TN}/out-l3out-intersite"), &l3out)
        .await
        .unwrap();
    let flow = json!({"src": "203.0.113.10", "dst": "10.10.1.12", "protocol": "icmp"});
    // Nothing is deployed: no policy lets the external host in.
    let now = f.server.post("/api/v1/trace", &flow).await;
    assert!(
        now.status == 400 || now.body["trace"]["disposition"] != json!("delivered"),
        "{:?}",
        now.body
    );
    // What if the schema were deployed: inbound through site1's L3Out, redirected in site2.
    let mut whatif = flow.clone();
    whatif["schema"] = json!("intersite-pbr");
    let r = f.server.post("/api/v1/trace", &whatif).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let text = r.body["text"].as_str().unwrap();
    assert_eq!(r.body["trace"]["disposition"], json!("delivered"), "{text}");
    assert!(text.contains("Site2-FW"), "{text}");
    assert!(!text.contains("Site1-FW"), "{text}");
    // And the sites were not written by asking.
    assert_eq!(f.annotation(0, &format!("{TN}/ctx-vrf1")).await, None);
}

#[tokio::test]
async fn bad_input_to_infra_import_and_task_is_refused_and_writes_nothing() {
    let f = Fixture::start().await;
    let sid = &f.sid;
    let site1 = &f.site_ids[0];
    let infra_before = f.server.get("/api/v1/infra/sites").await.body;
    let schema_before = f.server.get(&format!("/api/v1/schemas/{sid}")).await.body;
    let writes_before = (f.writes(0).await, f.writes(1).await);
    let cases: Vec<(&str, String, serde_json::Value, u16, &str)> = vec![
        (
            "PUT",
            format!("/api/v1/infra/sites/{site1}/pods/1"),
            json!({"externalTepPools": ["172.16.2.128/25"]}),
            400,
            "MS-TEP-001",
        ),
        (
            "PUT",
            format!("/api/v1/infra/sites/{site1}/pods/1"),
            json!({"externalTepPools": ["10.1.5.0/24"]}),
            400,
            "MS-TEP-002",
        ),
        (
            "PUT",
            format!("/api/v1/infra/sites/{site1}/pods/1"),
            json!({"externalTepPools": ["not-a-prefix"]}),
            400,
            "externalTepPools/0",
        ),
        (
            "PUT",
            format!("/api/v1/infra/sites/{site1}/pods/9"),
            json!({"externalTepPools": ["172.16.9.0/24"]}),
            404,
            "no pod 9",
        ),
        (
            "PUT",
            format!("/api/v1/infra/sites/{site1}/pods/1"),
            json!({}),
            400,
            "externalTepPools",
        ),
        (
            "POST",
            format!("/api/v1/schemas/{sid}/templates/template-site1/import"),
            json!({"siteId": site1, "names": ["x"]}),
            400,
            "'kind'",
        ),
        (
            "POST",
            format!("/api/v1/schemas/{sid}/templates/template-site1/import"),
            json!({"siteId": site1, "kind": "galaxy", "names": ["x"]}),
            400,
            "unknown kind",
        ),
        (
            "POST",
            format!("/api/v1/schemas/{sid}/templates/template-site1/import"),
            json!({"siteId": site1, "kind": "l3out", "names": []}),
            400,
            "'names'",
        ),
        (
            "POST",
            format!("/api/v1/schemas/{sid}/templates/nope/import"),
            json!({"siteId": site1, "kind": "l3out", "names": ["x"]}),
            404,
            "nope",
        ),
        (
            "POST",
            "/api/v1/task".to_string(),
            json!({"templateName": "template-stretched"}),
            400,
            "'schemaId'",
        ),
        (
            "POST",
            "/api/v1/task".to_string(),
            json!({"schemaId": sid, "templateName": "nope"}),
            404,
            "nope",
        ),
    ];
    for (method, path, body, status, needle) in cases {
        let r = f.server.send(method, &path, Some(&body.to_string())).await;
        assert_eq!(r.status, status, "{method} {path} {body}: {:?}", r.body);
        assert_eq!(
            r.body["code"].as_u64(),
            Some(status as u64),
            "NDO envelope: {:?}",
            r.body
        );
        let msg = r.body["message"].as_str().unwrap_or_default();
        assert!(
            msg.contains(needle),
            "{method} {path}: '{msg}' should name '{needle}'"
        );
    }
    assert_eq!(
        f.server.get("/api/v1/infra/sites").await.body,
        infra_before,
        "infra changed"
    );
    assert_eq!(
        f.server.get(&format!("/api/v1/schemas/{sid}")).await.body,
        schema_before,
        "schema changed"
    );
    assert_eq!(
        (f.writes(0).await, f.writes(1).await),
        writes_before,
        "a site was written"
    );
}
