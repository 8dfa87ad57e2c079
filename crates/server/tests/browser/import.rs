//! "Import from a site": an L3Out and its VRF that site1's administrator made directly on
//! the site are imported, with their relations, into template-site1.

use multisite_apic_client::ApicClient;
use multisite_testkit::{TestServer, PASSWORD};
use serde_json::{json, Value};

use super::driver::Ui;

type Res = Result<(), String>;

fn expect(cond: bool, what: impl Into<String>) -> Res {
    if cond {
        Ok(())
    } else {
        Err(what.into())
    }
}

/// VRF `vrf-imported` and L3Out `l3out-imported` (using it) in Tenant1, straight on site1.
async fn made_on_site1(server: &TestServer) -> Res {
    let site1 = server
        .running
        .sites
        .iter()
        .find(|s| s.name() == "site1")
        .ok_or("no embedded site1")?;
    let apic = ApicClient::new(&site1.base_url(), "admin", PASSWORD).map_err(|e| e.to_string())?;
    let body = json!({"fvTenant": {"attributes": {"dn": "uni/tn-Tenant1"}, "children": [
        {"fvCtx": {"attributes": {"name": "vrf-imported"}}},
        {"l3extOut": {"attributes": {"name": "l3out-imported"}, "children": [
            {"l3extRsEctx": {"attributes": {"tnFvCtxName": "vrf-imported"}}}
        ]}}
    ]}});
    apic.post_mo("uni/tn-Tenant1", &body)
        .await
        .map(|_| ())
        .map_err(|e| format!("posting to site1: {e}"))
}

async fn schema_doc(server: &TestServer) -> Value {
    server.get("/api/v1/schemas").await.body["schemas"][0].clone()
}

fn names(t: &Value, coll: &str) -> Vec<String> {
    t[coll]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["name"].as_str().map(str::to_string))
        .collect()
}

async fn area_text(ui: &Ui, slug: &str) -> String {
    match ui
        .c
        .find(fantoccini::Locator::Css(&format!(
            "section[aria-labelledby=area-{slug}]"
        )))
        .await
    {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// The import, from the template view to the template holding both objects.
pub async fn run(ui: &Ui, server: &TestServer) -> Res {
    made_on_site1(server).await?;
    let sid = schema_doc(server).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    ui.goto(&format!("/ui/schemas/{sid}/templates/template-site1"))
        .await;
    ui.click("Import from a site").await;
    expect(
        ui.text().await.contains("Import from site1"),
        "the import page does not start from the template's site",
    )?;
    ui.pick("f-site", "site1").await;
    ui.pick("f-kind", "L3Out").await;
    ui.click("Show objects").await;
    let listed = ui.text().await;
    expect(
        listed.contains("Import from site1")
            && listed.contains("l3out-imported")
            && listed.contains("l3out-intersite (already in the template)"),
        format!("site1's L3Outs are not listed: {listed}"),
    )?;
    ui.shot("17-import-choose").await;

    // Nothing ticked: refused beside the list, and the schema is unchanged.
    let before = schema_doc(server).await;
    ui.click("Import").await;
    let err = ui.field_error("names").await.unwrap_or_default();
    expect(
        err.contains("at least one"),
        format!("empty import: {err:?}"),
    )?;
    expect(
        schema_doc(server).await["_updateVersion"] == before["_updateVersion"],
        "a refused import changed the schema",
    )?;

    // An object the template already holds: refused beside the list.
    ui.tick("f-name-l3out-intersite").await;
    ui.click("Import").await;
    let err = ui.field_error("names").await.unwrap_or_default();
    expect(
        err.contains("l3out-intersite"),
        format!("importing an existing L3Out: {err:?}"),
    )?;
    ui.shot("17-import-refused").await;
    expect(
        schema_doc(server).await["_updateVersion"] == before["_updateVersion"],
        "a refused import changed the schema",
    )?;

    ui.untick("f-name-l3out-intersite").await;
    ui.tick("f-name-l3out-imported").await;
    ui.tick("f-relations").await;
    ui.click("Import").await;
    let text = ui.text().await;
    expect(
        text.contains("Imported from site1: L3Out l3out-imported, VRF vrf-imported")
            || text.contains("Imported from site1: VRF vrf-imported, L3Out l3out-imported"),
        format!("import: {text}"),
    )?;
    expect(
        ui.path().await.contains("/templates/template-site1"),
        format!("not back on the template: {}", ui.path().await),
    )?;
    let (l3outs, vrfs) = (area_text(ui, "l3out").await, area_text(ui, "vrf").await);
    ui.shot("18-imported").await;
    expect(
        l3outs.contains("l3out-imported"),
        format!("L3Out area: {l3outs}"),
    )?;
    expect(vrfs.contains("vrf-imported"), format!("VRF area: {vrfs}"))?;
    let doc = schema_doc(server).await;
    let t = doc["templates"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| t["name"] == "template-site1")
        .cloned()
        .unwrap_or_default();
    let l3out = t["intersiteL3outs"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|o| o["name"] == "l3out-imported")
        .cloned()
        .unwrap_or_default();
    expect(
        names(&t, "vrfs").contains(&"vrf-imported".to_string())
            && l3out["vrfRef"]
                .as_str()
                .is_some_and(|r| r.ends_with("/vrfs/vrf-imported")),
        format!("stored template: {t}"),
    )
}
