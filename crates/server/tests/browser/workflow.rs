//! The seed's workflow, page by page, with the checks a user would make.

use multisite_testkit::{TestServer, PASSWORD};
use serde_json::Value;

use super::driver::Ui;

type Res = Result<(), String>;

fn expect(cond: bool, what: impl Into<String>) -> Res {
    if cond {
        Ok(())
    } else {
        Err(what.into())
    }
}

async fn schema_doc(server: &TestServer) -> Value {
    let list = server.get("/api/v1/schemas").await.body;
    list["schemas"][0].clone()
}

async fn login(ui: &Ui) -> Res {
    ui.goto("/ui").await;
    expect(
        ui.path().await.starts_with("/ui/login"),
        format!("not sent to the login page: {}", ui.path().await),
    )?;
    ui.fill("f-username", "admin").await;
    ui.fill("f-password", "wrong").await;
    ui.click("Log in").await;
    expect(
        ui.field_error("password").await.is_some(),
        "a wrong password shows no error",
    )?;
    ui.fill("f-password", PASSWORD).await;
    ui.enter("f-password").await;
    expect(
        ui.path().await.starts_with("/ui/schemas"),
        format!("login did not land on schemas: {}", ui.path().await),
    )?;
    ui.shot("01-schemas-empty").await;
    Ok(())
}

async fn sites_and_infra(ui: &Ui, server: &TestServer) -> Res {
    ui.goto("/ui/sites").await;
    let text = ui.text().await;
    expect(
        text.contains("site1") && text.contains("5.1(4c)") && text.contains("4.2(7w)"),
        format!("sites page: {text}"),
    )?;
    ui.shot("02-sites").await;

    ui.goto("/ui/infra").await;
    ui.click("site1").await;
    expect(
        ui.text().await.contains("172.16.1.0/24"),
        "site1's external TEP pool is not shown",
    )?;
    ui.fill("f-pool-1", "172.16.1.128/25").await;
    ui.click("+ Add TEP Pool").await;
    let err = ui.field_error("pool-1").await.unwrap_or_default();
    expect(
        err.contains("overlaps the external TEP pool 172.16.1.0/24"),
        format!("overlap error: {err:?}"),
    )?;
    ui.shot("03-infra-overlap-refused").await;
    ui.fill("f-pool-1", "10.2.5.0/24").await;
    ui.click("+ Add TEP Pool").await;
    let err = ui.field_error("pool-1").await.unwrap_or_default();
    expect(
        err.contains("fabric TEP pool 10.2.0.0/16 of site2"),
        format!("fabric overlap error: {err:?}"),
    )?;
    ui.fill("f-pool-1", "not-a-prefix").await;
    ui.click("+ Add TEP Pool").await;
    expect(
        ui.field_error("pool-1")
            .await
            .is_some_and(|e| e.contains("invalid IPv4 prefix")),
        "a malformed pool is not refused",
    )?;
    ui.click("site2").await;
    ui.click("Remove").await;
    expect(
        ui.text().await.contains("TEP pool 172.16.2.0/24 removed"),
        "pool not removed",
    )?;
    ui.fill("f-pool-1", "172.16.2.0/24").await;
    ui.click("+ Add TEP Pool").await;
    expect(
        ui.text().await.contains("TEP pool 172.16.2.0/24 added"),
        "pool not added",
    )?;
    ui.shot("04-infra").await;
    let sites = server.get("/api/v1/sites").await.body;
    let pools: Vec<String> = sites["sites"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            format!(
                "{}={}",
                s["name"].as_str().unwrap_or(""),
                s["pods"][0]["externalTepPools"]
            )
        })
        .collect();
    expect(
        pools.contains(&r#"site1=["172.16.1.0/24"]"#.to_string())
            && pools.contains(&r#"site2=["172.16.2.0/24"]"#.to_string()),
        format!("stored pools: {pools:?}"),
    )
}

async fn tenant(ui: &Ui, server: &TestServer) -> Res {
    ui.goto("/ui/tenants").await;
    ui.click("Add tenant").await;
    expect(
        ui.field_error("name")
            .await
            .is_some_and(|e| e.contains("required")),
        "empty tenant name not refused",
    )?;
    expect(
        server.get("/api/v1/tenants").await.body["tenants"]
            .as_array()
            .is_some_and(|a| a.is_empty()),
        "a tenant was created anyway",
    )?;
    ui.fill("f-name", "Tenant1").await;
    ui.tick("f-site-site1").await;
    ui.tick("f-site-site2").await;
    ui.click("Add tenant").await;
    expect(
        ui.text().await.contains("Tenant Tenant1 added"),
        "tenant not added",
    )
}

async fn schema_and_templates(ui: &Ui, server: &TestServer) -> Res {
    ui.goto("/ui/schemas").await;
    ui.fill("f-name", "").await;
    ui.click("Add Schema").await;
    expect(
        ui.field_error("name").await.is_some(),
        "empty schema name not refused",
    )?;
    ui.fill("f-name", "intersite-pbr").await;
    ui.click("Add Schema").await;
    expect(
        ui.path().await.contains("/templates/Template1"),
        format!("not on the template view: {}", ui.path().await),
    )?;
    expect(
        ui.text()
            .await
            .contains("To build your schema, select a tenant"),
        "no tenant prompt",
    )?;
    ui.shot("05-new-schema").await;
    ui.fill("f-templateName", "template-stretched").await;
    ui.pick("f-tenant", "Tenant1").await;
    ui.tick("f-site-site1").await;
    ui.tick("f-site-site2").await;
    ui.click("Save template").await;
    expect(
        ui.path().await.contains("/templates/template-stretched"),
        format!("rename failed: {}", ui.text().await),
    )?;
    for (t, site) in [("template-site1", "site1"), ("template-site2", "site2")] {
        ui.fill("f-newTemplate", t).await;
        ui.pick("f-newTenant", "Tenant1").await;
        ui.click("+ Template").await;
        expect(
            ui.path().await.contains(&format!("/templates/{t}")),
            format!("{t} not added: {}", ui.text().await),
        )?;
        ui.tick(&format!("f-site-{site}")).await;
        ui.click("Save template").await;
    }
    let doc = schema_doc(server).await;
    let sites: Vec<String> = doc["sites"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["templateName"].as_str().unwrap_or("").to_string())
        .collect();
    expect(sites.len() == 4, format!("site associations: {sites:?}"))
}

async fn open_template(ui: &Ui, t: &str) {
    let path = ui.path().await;
    let base = path
        .split("/templates/")
        .next()
        .unwrap_or_default()
        .to_string();
    ui.goto(&format!("{base}/templates/{t}")).await;
}

async fn add(ui: &Ui, kind_title: &str) {
    let xp = format!("//a[@aria-label='Add {kind_title}']");
    let link =
        ui.c.find(fantoccini::Locator::XPath(&xp))
            .await
            .unwrap_or_else(|e| panic!("no add link for {kind_title}: {e}"));
    ui.navigating(|| async { link.click().await.expect("click") })
        .await;
}

async fn saved(ui: &Ui, what: &str) -> Res {
    let text = ui.text().await;
    expect(
        text.contains(&format!("{what} saved")),
        format!("{what} not saved: {text}"),
    )
}

async fn objects(ui: &Ui, server: &TestServer) -> Res {
    open_template(ui, "template-stretched").await;
    add(ui, "VRF").await;
    ui.fill("f-name", "vrf1").await;
    ui.click("Add").await;
    saved(ui, "VRF vrf1").await?;

    // A BD without its VRF is refused beside the VRF field.
    let before = schema_doc(server).await;
    add(ui, "Bridge Domain").await;
    ui.fill("f-name", "bd-app").await;
    ui.fill("f-subnets", "10.10.1.1/24").await;
    ui.click("Add").await;
    let err = ui.field_error("vrf").await.unwrap_or_default();
    expect(
        err.contains("VRF is required"),
        format!("BD without VRF: {err:?}"),
    )?;
    ui.shot("06-bd-missing-vrf").await;
    expect(
        schema_doc(server).await["_updateVersion"] == before["_updateVersion"],
        "a refused BD changed the schema",
    )?;
    ui.pick("f-vrf", "vrf1 (template-stretched)").await;
    ui.click("Add").await;
    saved(ui, "Bridge Domain bd-app").await?;
    for (bd, gw) in [
        ("bd-fw-external", "192.168.11.254/24"),
        ("bd-fw-internal", "192.168.12.254/24"),
    ] {
        add(ui, "Bridge Domain").await;
        ui.fill("f-name", bd).await;
        ui.pick("f-vrf", "vrf1 (template-stretched)").await;
        ui.fill("f-subnets", gw).await;
        ui.click("Add").await;
        saved(ui, &format!("Bridge Domain {bd}")).await?;
    }

    add(ui, "Filter").await;
    ui.fill("f-name", "icmp").await;
    ui.fill("f-entryName", "icmp").await;
    ui.pick("f-etherType", "ip").await;
    ui.pick("f-ipProtocol", "icmp").await;
    ui.click("Add").await;
    saved(ui, "Filter icmp").await?;

    add(ui, "Service Graph").await;
    ui.fill("f-name", "sg-firewall").await;
    ui.pick("f-node1", "Firewall").await;
    ui.click("Add").await;
    saved(ui, "Service Graph sg-firewall").await?;

    add(ui, "Contract").await;
    ui.fill("f-name", "c1").await;
    ui.pick("f-scope", "vrf").await;
    ui.tick("f-filter-icmp").await;
    ui.pick("f-graph", "sg-firewall (template-stretched)").await;
    ui.pick("f-n1Consumer", "bd-fw-internal (template-stretched)")
        .await;
    ui.pick("f-n1Provider", "bd-fw-external (template-stretched)")
        .await;
    ui.click("Add").await;
    saved(ui, "Contract c1").await?;
    ui.shot("07-contract").await;

    add(ui, "Application Profile").await;
    ui.fill("f-name", "app").await;
    ui.click("Add").await;
    saved(ui, "Application Profile app").await?;
    ui.click("+ Add EPG").await;
    ui.fill("f-name", "web").await;
    ui.pick("f-bd", "bd-app (template-stretched)").await;
    ui.tick("f-consumer-c1").await;
    // A reference to a BD that does not exist is refused beside the BD field.
    let before = schema_doc(server).await;
    let sid = before["id"].as_str().unwrap_or_default().to_string();
    ui.c.execute(
        "document.querySelector('#f-bd option:checked').value = arguments[0];",
        vec![serde_json::json!(format!(
            "/schemas/{sid}/templates/template-stretched/bds/bd-missing"
        ))],
    )
    .await
    .map_err(|e| e.to_string())?;
    ui.click("Add").await;
    let err = ui.field_error("bd").await.unwrap_or_default();
    expect(
        err.contains("bd-missing"),
        format!("missing reference: {err:?} on {}", ui.text().await),
    )?;
    ui.shot("08-epg-missing-reference").await;
    expect(
        schema_doc(server).await["_updateVersion"] == before["_updateVersion"],
        "a refused EPG changed the schema",
    )?;
    ui.pick("f-bd", "bd-app (template-stretched)").await;
    ui.click("Add").await;
    saved(ui, "EPG web").await?;

    add(ui, "External EPG").await;
    ui.fill("f-name", "extEpg").await;
    ui.pick("f-vrf", "vrf1 (template-stretched)").await;
    ui.fill("f-subnets", "0.0.0.0/0").await;
    ui.tick("f-provider-c1").await;
    ui.click("Add").await;
    saved(ui, "External EPG extEpg").await?;
    ui.shot("09-template-stretched").await;

    open_template(ui, "template-site1").await;
    add(ui, "L3Out").await;
    ui.fill("f-name", "l3out-intersite").await;
    ui.pick("f-vrf", "vrf1 (template-stretched)").await;
    ui.click("Add").await;
    saved(ui, "L3Out l3out-intersite").await
}

async fn site_local(ui: &Ui, server: &TestServer) -> Res {
    let doc = schema_doc(server).await;
    let sid = doc["id"].as_str().unwrap_or_default().to_string();
    let sites = server.get("/api/v1/sites").await.body;
    for (n, site) in [(1, "site1"), (2, "site2")] {
        let site_id = sites["sites"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| s["name"] == site)
            .and_then(|s| s["id"].as_str())
            .unwrap_or_default()
            .to_string();
        let base = format!("/ui/schemas/{sid}/sites/{site_id}/templates/template-stretched");
        ui.goto(&base).await;
        ui.click("sg-firewall").await;
        ui.pick_value("f-node1", &format!("uni/tn-Tenant1/lDevVip-Site{n}-FW"))
            .await;
        ui.click("Done").await;
        expect(
            ui.text()
                .await
                .contains("Site-local settings of sg-firewall saved"),
            format!("{site} graph: {}", ui.text().await),
        )?;
        ui.goto(&format!("{base}?edit=contract&name=c1")).await;
        let dev = format!("uni/tn-Tenant1/lDevVip-Site{n}-FW");
        ui.pick_value("f-n1ConsumerIf", &format!("{dev}/lIf-FW-internal"))
            .await;
        ui.pick_value(
            "f-n1ConsumerPol",
            "uni/tn-Tenant1/svcCont/svcRedirectPol-FW-internal",
        )
        .await;
        ui.pick_value("f-n1ProviderIf", &format!("{dev}/lIf-FW-external"))
            .await;
        ui.pick_value(
            "f-n1ProviderPol",
            "uni/tn-Tenant1/svcCont/svcRedirectPol-FW-external",
        )
        .await;
        ui.shot(&format!("10-site-local-contract-{site}")).await;
        ui.click("Done").await;
        expect(
            ui.text().await.contains("Site-local settings of c1 saved"),
            format!("{site} contract: {}", ui.text().await),
        )?;
        if site == "site1" {
            ui.goto(&format!("{base}?edit=external-epg&name=extEpg"))
                .await;
            ui.pick("f-l3out", "l3out-intersite (orchestrator, template-site1)")
                .await;
            ui.click("Done").await;
            expect(
                ui.text().await.contains("extEpg → l3out-intersite"),
                format!("site1 extEpg: {}", ui.text().await),
            )?;
            ui.shot("11-site-local-site1").await;
        }
    }
    let doc = schema_doc(server).await;
    let entry = doc["sites"].as_array().into_iter().flatten().find(|e| {
        e["templateName"] == "template-stretched"
            && e["contracts"][0]["serviceGraphRelationship"].is_object()
    });
    expect(entry.is_some(), "no site contract relationship stored")
}

async fn validate(ui: &Ui, server: &TestServer) -> Res {
    let sid = schema_doc(server).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    ui.goto(&format!("/ui/schemas/{sid}")).await;
    ui.click("Validate").await;
    let text = ui.text().await;
    ui.shot("12-validate").await;
    expect(
        text.contains("Validation passed") || text.contains("0 error(s)"),
        format!("validation: {text}"),
    )
}

async fn deploy(ui: &Ui, server: &TestServer) -> Res {
    let sid = schema_doc(server).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    for t in ["template-stretched", "template-site1", "template-site2"] {
        ui.goto(&format!("/ui/schemas/{sid}/templates/{t}")).await;
        ui.click("Deploy template").await;
        let plan = ui.text().await;
        expect(
            plan.contains("change(s)") && plan.contains("site1"),
            format!("{t} dry run: {plan}"),
        )?;
        if t == "template-stretched" {
            ui.shot("13-deploy-dry-run").await;
        }
        ui.click("Deploy to sites").await;
        expect(
            ui.path().await.starts_with("/ui/deploy/jobs/"),
            format!("{t}: not on the job page: {}", ui.path().await),
        )?;
        if t == "template-stretched" {
            ui.shot("14-deploy-progress").await;
        }
        // The page follows the job by itself until every site is finished.
        let over = |text: &str| {
            let word = text
                .split(&format!("Deployment of {t}: "))
                .nth(1)
                .unwrap_or_default();
            ["succeeded", "partially succeeded", "failed"]
                .iter()
                .any(|w| word.starts_with(w))
                && text.contains("Job ")
        };
        let done = ui
            .wait_text(1200, over)
            .await
            .map_err(|last| format!("{t} deploy never finished: {last}"))?;
        if t == "template-stretched" {
            ui.shot("14-deploy-result").await;
        }
        expect(
            done.contains(&format!("Deployment of {t}: succeeded")),
            format!("{t} deploy: {done}"),
        )?;
        expect(
            done.contains("site1") && !done.contains("under way"),
            format!("{t}: the finished page lacks its sites: {done}"),
        )?;
    }
    Ok(())
}

async fn trace(ui: &Ui, _server: &TestServer) -> Res {
    ui.goto("/ui/trace").await;
    ui.fill("f-src", "203.0.113.10").await;
    ui.fill("f-dst", "10.10.1.12").await;
    ui.pick("f-protocol", "icmp").await;
    ui.click("Run trace").await;
    let text = ui.text().await;
    ui.shot("15-trace-case-a").await;
    expect(
        text.contains("site2 service node Site2-FW"),
        format!("no Site2-FW hop: {text}"),
    )?;
    expect(
        text.contains("site1 border leaf 101"),
        format!("no site1 border leaf: {text}"),
    )?;
    let svg =
        ui.c.find(fantoccini::Locator::Css("svg[role=img]"))
            .await
            .map_err(|e| format!("no picture: {e}"))?;
    let drawn = svg.html(false).await.map_err(|e| e.to_string())?;
    expect(
        drawn.contains("Site2-FW")
            && drawn.contains("leaf 101")
            && drawn.contains("L3Out l3out-intersite"),
        "the picture lacks the path's nodes",
    )?;
    // Take site2's firewall destinations down: the path changes.
    let boxes =
        ui.c.find_all(fantoccini::Locator::Css("input[name=down]"))
            .await
            .map_err(|e| e.to_string())?;
    let mut ticked = 0;
    for b in boxes {
        let v = b
            .attr("value")
            .await
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        if v.starts_with("destination site2 ") {
            b.click().await.map_err(|e| e.to_string())?;
            ticked += 1;
        }
    }
    expect(ticked > 0, "no firewall destination of site2 to take down")?;
    ui.click("Run trace").await;
    let after = ui.text().await;
    ui.shot("16-trace-firewall-down").await;
    expect(
        after.contains("What if: destination site2"),
        format!("what-if not applied: {after}"),
    )?;
    expect(
        !after.contains("site2 service node Site2-FW"),
        format!("Site2-FW still used when down: {after}"),
    )
}

/// The whole workflow.
pub async fn run(ui: &Ui, server: &TestServer) -> Res {
    login(ui).await?;
    sites_and_infra(ui, server).await?;
    tenant(ui, server).await?;
    schema_and_templates(ui, server).await?;
    objects(ui, server).await?;
    site_local(ui, server).await?;
    validate(ui, server).await?;
    deploy(ui, server).await?;
    trace(ui, server).await?;
    super::import::run(ui, server).await?;
    Ok(())
}
