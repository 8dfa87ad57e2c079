//! The site-local view of a template: for one site, the service graph's device per node
//! (listed from the site's own APIC), the contract's connector cluster interfaces and
//! redirect policies, and the external EPG's L3Out (orchestrator-managed or one that
//! exists only in the site's APIC). Writes are `/sites/{siteId}-{T}/...` patches.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use multisite_apic_client::ApicClient;
use serde::Deserialize;
use serde_json::{json, Value};

use super::doc::{self, items, ref_name, s};
use super::form::{Errors, FormData};
use super::layout::{general_errors, notice, page, respond, select};
use super::session::Session;
use super::with_msg;
use crate::error::{ApiError, ApiResult};
use crate::routes::site_lookups::client_for;
use crate::routes::sites::all_sites;
use crate::routes::tenants::all_tenants;
use crate::state::Shared;

#[derive(Debug, Default, Deserialize)]
pub struct SiteQuery {
    pub edit: Option<String>,
    pub name: Option<String>,
    pub msg: Option<String>,
}

/// The site, its APIC client and the template's tenant name.
struct Scope {
    site_id: String,
    site_name: String,
    tenant: String,
    client: ApiResult<ApicClient>,
}

async fn scope(state: &Shared, d: &Value, site: &str, t: &str) -> ApiResult<Scope> {
    let sites = all_sites(state).await?;
    let sdoc = sites
        .iter()
        .find(|x| x.id == site)
        .ok_or_else(|| ApiError::not_found(format!("Site '{site}' not found")))?;
    let tv = doc::template(d, t)
        .ok_or_else(|| ApiError::not_found(format!("Template '{t}' not found")))?;
    let tenants = all_tenants(state).await?;
    let tenant = tenants
        .iter()
        .find(|x| s(x, "id") == s(tv, "tenantId"))
        .map(|x| s(x, "name").to_string())
        .unwrap_or_default();
    Ok(Scope {
        site_id: site.to_string(),
        site_name: sdoc.name.clone(),
        tenant,
        client: client_for(sdoc).await,
    })
}

fn url(id: &str, site: &str, t: &str) -> String {
    format!("/ui/schemas/{id}/sites/{site}/templates/{t}")
}

/// Name of a device from its DN (`uni/tn-T/lDevVip-NAME`).
fn device_name(dn: &str) -> &str {
    dn.rsplit_once("lDevVip-")
        .map(|(_, n)| n)
        .unwrap_or_default()
}

async fn lookups<T>(
    sc: &Scope,
    errors: &mut Errors,
    what: &str,
    f: impl AsyncFnOnce(&ApicClient) -> Result<Vec<T>, multisite_apic_client::ApicClientError>,
) -> Vec<T> {
    match &sc.client {
        Ok(c) => match f(c).await {
            Ok(v) => v,
            Err(e) => {
                errors
                    .general
                    .push(format!("{} did not list its {what}: {e}", sc.site_name));
                Vec::new()
            }
        },
        Err(e) => {
            errors.general.push(e.message.clone());
            Vec::new()
        }
    }
}

async fn l3out_names(sc: &Scope, errors: &mut Errors) -> Vec<String> {
    let dn = format!("uni/tn-{}", sc.tenant);
    let list = lookups(sc, errors, "L3Outs", async |c| {
        c.get_mo(
            &dn,
            &[
                ("query-target", "children"),
                ("target-subtree-class", "l3extOut"),
            ],
        )
        .await
    })
    .await;
    let mut names: Vec<String> = list
        .iter()
        .filter_map(|o| {
            o["l3extOut"]["attributes"]["name"]
                .as_str()
                .map(str::to_string)
        })
        .collect();
    names.sort();
    names
}

async fn panel(
    d: &Value,
    id: &str,
    t: &str,
    sc: &Scope,
    (kind, name): (&str, &str),
    form: &FormData,
    errors: &Errors,
) -> Markup {
    let mut errs = errors.clone();
    let tv = doc::template(d, t).cloned().unwrap_or(Value::Null);
    let action = format!("{}/{kind}/{name}", url(id, &sc.site_id, t));
    let body = match kind {
        "service-graph" => {
            let devices = lookups(sc, &mut errs, "L4-L7 devices", async |c| {
                c.devices(&sc.tenant).await
            })
            .await;
            let opts: Vec<(String, String)> = devices
                .iter()
                .map(|dv| {
                    (
                        dv.dn.clone(),
                        format!("{} ({}, {})", dv.name, dv.svc_type, dv.func_type),
                    )
                })
                .collect();
            let graph = doc::object(&tv, "serviceGraphs", name)
                .cloned()
                .unwrap_or(Value::Null);
            html! {
                @for n in items(&graph, "serviceNodes") {
                    (select(s(n, "name"), &format!("Device for {}", s(n, "name")), &opts, form.get(s(n, "name")), Some("Select Device Details"), &errs))
                }
            }
        }
        "contract" => {
            let contract = doc::object(&tv, "contracts", name)
                .cloned()
                .unwrap_or(Value::Null);
            let rel = contract
                .get("serviceGraphRelationship")
                .cloned()
                .unwrap_or(Value::Null);
            let graph_ref = s(&rel, "serviceGraphRef").to_string();
            let policies = lookups(sc, &mut errs, "redirect policies", async |c| {
                c.redirect_policies(&sc.tenant).await
            })
            .await;
            let pol_opts: Vec<(String, String)> = policies
                .iter()
                .map(|p| (p.dn.clone(), p.name.clone()))
                .collect();
            let graph_entry = doc::site_entry(d, &sc.site_id, doc::ref_template(&graph_ref))
                .cloned()
                .unwrap_or(Value::Null);
            let site_graph = items(&graph_entry, "serviceGraphs")
                .find(|g| s(g, "serviceGraphRef") == graph_ref)
                .cloned()
                .unwrap_or(Value::Null);
            let mut nodes = Vec::new();
            for (i, n) in items(&rel, "serviceNodesRelationship").enumerate() {
                let node_ref = s(n, "serviceNodeRef").to_string();
                let dev_dn = items(&site_graph, "serviceNodes")
                    .find(|x| s(x, "serviceNodeRef") == node_ref)
                    .map(|x| s(&x["device"], "dn").to_string())
                    .unwrap_or_default();
                let ifs = if dev_dn.is_empty() {
                    errs.general.push(format!(
                        "Choose the device of {} for this site first (service graph {})",
                        ref_name(&node_ref),
                        ref_name(&graph_ref)
                    ));
                    Vec::new()
                } else {
                    let dev = device_name(&dev_dn).to_string();
                    lookups(sc, &mut errs, "cluster interfaces", async |c| {
                        c.cluster_interfaces(&sc.tenant, &dev).await
                    })
                    .await
                };
                let if_opts: Vec<(String, String)> =
                    ifs.iter().map(|x| (x.dn.clone(), x.name.clone())).collect();
                nodes.push((i + 1, ref_name(&node_ref).to_string(), if_opts));
            }
            html! {
                @if graph_ref.is_empty() { p { "This contract has no service graph." } }
                @for (i, node, if_opts) in &nodes {
                    fieldset {
                        legend { "Service node " (node) }
                        h3 { "Consumer Connector" }
                        (select(&format!("n{i}ConsumerIf"), "Cluster Interface", if_opts, form.get(&format!("n{i}ConsumerIf")), Some("Select"), &errs))
                        (select(&format!("n{i}ConsumerPol"), "Redirect Policy", &pol_opts, form.get(&format!("n{i}ConsumerPol")), Some("None"), &errs))
                        h3 { "Provider Connector" }
                        (select(&format!("n{i}ProviderIf"), "Cluster Interface", if_opts, form.get(&format!("n{i}ProviderIf")), Some("Select"), &errs))
                        (select(&format!("n{i}ProviderPol"), "Redirect Policy", &pol_opts, form.get(&format!("n{i}ProviderPol")), Some("None"), &errs))
                    }
                }
            }
        }
        _ => {
            let mut opts: Vec<(String, String)> = Vec::new();
            for (sid, e) in doc::site_entries_all(d) {
                if sid != sc.site_id {
                    continue;
                }
                let tn = s(e, "templateName");
                if let Some(tpl) = doc::template(d, tn) {
                    for l in items(tpl, "intersiteL3outs") {
                        opts.push((
                            format!("schema:{}", s(l, "l3outRef")),
                            format!("{} (orchestrator, {tn})", s(l, "name")),
                        ));
                    }
                }
            }
            for n in l3out_names(sc, &mut errs).await {
                if !opts
                    .iter()
                    .any(|(v, _)| v.starts_with("schema:") && ref_name(v) == n)
                {
                    opts.push((format!("apic:{n}"), format!("{n} (APIC)")));
                }
            }
            html! { (select("l3out", "L3Out", &opts, form.get("l3out"), Some("None"), &errs)) }
        }
    };
    html! {
        section.panel aria-labelledby="panel-title" {
            h2 #panel-title { (sc.site_name) ": " (name) }
            (general_errors(&errs))
            form method="post" action=(action) {
                (body)
                button type="submit" { "Done" }
            }
        }
    }
}

/// Form values of the current site-local settings.
fn current_form(d: &Value, site: &str, t: &str, kind: &str, name: &str) -> FormData {
    let mut out = Vec::new();
    let Some(entry) = doc::site_entry(d, site, t) else {
        return FormData(out);
    };
    match kind {
        "service-graph" => {
            if let Some(g) =
                items(entry, "serviceGraphs").find(|g| ref_name(s(g, "serviceGraphRef")) == name)
            {
                for n in items(g, "serviceNodes") {
                    out.push((
                        ref_name(s(n, "serviceNodeRef")).to_string(),
                        s(&n["device"], "dn").to_string(),
                    ));
                }
            }
        }
        "contract" => {
            if let Some(c) =
                items(entry, "contracts").find(|c| ref_name(s(c, "contractRef")) == name)
            {
                for (i, n) in
                    items(&c["serviceGraphRelationship"], "serviceNodesRelationship").enumerate()
                {
                    for (side, key) in [
                        ("Consumer", "consumerConnector"),
                        ("Provider", "providerConnector"),
                    ] {
                        out.push((
                            format!("n{}{side}If", i + 1),
                            s(&n[key]["clusterInterface"], "dn").to_string(),
                        ));
                        out.push((
                            format!("n{}{side}Pol", i + 1),
                            s(&n[key]["redirectPolicy"], "dn").to_string(),
                        ));
                    }
                }
            }
        }
        _ => {
            if let Some(e) =
                items(entry, "externalEpgs").find(|e| ref_name(s(e, "externalEpgRef")) == name)
            {
                if !s(e, "l3outRef").is_empty() {
                    out.push(("l3out".into(), format!("schema:{}", s(e, "l3outRef"))));
                } else if !s(e, "l3outDn").is_empty() {
                    out.push((
                        "l3out".into(),
                        format!(
                            "apic:{}",
                            s(e, "l3outDn")
                                .rsplit_once("out-")
                                .map(|(_, n)| n)
                                .unwrap_or_default()
                        ),
                    ));
                }
            }
        }
    }
    FormData(out)
}

async fn render(
    state: &Shared,
    id: &str,
    site: &str,
    t: &str,
    q: &SiteQuery,
    form: Option<FormData>,
    errors: &Errors,
) -> ApiResult<Markup> {
    let d = doc::load(state, id).await?;
    let sc = scope(state, &d, site, t).await?;
    let tv = doc::template(&d, t).cloned().unwrap_or(Value::Null);
    let entry = doc::site_entry(&d, site, t).cloned().unwrap_or(Value::Null);
    let right = match (q.edit.as_deref(), q.name.as_deref()) {
        (Some(kind @ ("service-graph" | "contract" | "external-epg")), Some(name)) => {
            let f = form.unwrap_or_else(|| current_form(&d, site, t, kind, name));
            panel(&d, id, t, &sc, (kind, name), &f, errors).await
        }
        _ => {
            html! { section.panel { h2 { "Site-local settings" } p { "Select a service graph, a contract or an external EPG." } } }
        }
    };
    let link = |kind: &str, name: &str| format!("{}?edit={kind}&name={name}", url(id, site, t));
    let configured = |coll: &str, key: &str, name: &str, test: &dyn Fn(&Value) -> bool| {
        items(&entry, coll)
            .find(|o| ref_name(s(o, key)) == name)
            .is_some_and(test)
    };
    let body = html! {
        (notice(q.msg.as_deref()))
        p { a href=(super::schemas::template_url(id, t)) { "← Back to template " (t) } " · tenant " strong { (sc.tenant) } }
        div.layout2 {
            div {
                section.area aria-labelledby="sl-sg" {
                    h2 #sl-sg { "Service Graph" }
                    ul.chips {
                        @for g in items(&tv, "serviceGraphs") {
                            @let done = configured("serviceGraphs", "serviceGraphRef", s(g, "name"), &|o| items(o, "serviceNodes").all(|n| !s(&n["device"], "dn").is_empty()) && items(o, "serviceNodes").count() > 0);
                            li { a href=(link("service-graph", s(g, "name"))) { (s(g, "name")) @if done { " ✓" } } }
                        }
                    }
                }
                section.area aria-labelledby="sl-contract" {
                    h2 #sl-contract { "Contract" }
                    ul.chips {
                        @for c in items(&tv, "contracts") {
                            @if c.get("serviceGraphRelationship").is_some() {
                                @let done = configured("contracts", "contractRef", s(c, "name"), &|o| o.get("serviceGraphRelationship").is_some());
                                li { a href=(link("contract", s(c, "name"))) { (s(c, "name")) @if done { " ✓" } } }
                            } @else {
                                li { span.muted { (s(c, "name")) " (no service graph)" } }
                            }
                        }
                    }
                }
                section.area aria-labelledby="sl-ext" {
                    h2 #sl-ext { "External EPG" }
                    ul.chips {
                        @for e in items(&tv, "externalEpgs") {
                            @let dn = items(&entry, "externalEpgs").find(|o| ref_name(s(o, "externalEpgRef")) == s(e, "name")).map(|o| s(o, "l3outDn").to_string()).unwrap_or_default();
                            li { a href=(link("external-epg", s(e, "name"))) { (s(e, "name")) @if !dn.is_empty() { " → " (dn.rsplit_once("/out-").map(|(_, n)| n).unwrap_or(&dn)) } } }
                        }
                    }
                }
                section.area {
                    h2 { "Also deployed here" }
                    p.muted {
                        "VRF: " (items(&tv, "vrfs").map(|o| s(o, "name")).collect::<Vec<_>>().join(", "))
                        " · BD: " (items(&tv, "bds").map(|o| s(o, "name")).collect::<Vec<_>>().join(", "))
                        " · L3Out: " (items(&tv, "intersiteL3outs").map(|o| s(o, "name")).collect::<Vec<_>>().join(", "))
                    }
                }
            }
            (right)
        }
    };
    Ok(page(
        &format!("{} › {} › {}", s(&d, "displayName"), sc.site_name, t),
        "/ui/schemas",
        body,
    ))
}

/// `GET /ui/schemas/{id}/sites/{site}/templates/{t}`.
pub async fn view(
    _s: Session,
    State(state): State<Shared>,
    Path((id, site, t)): Path<(String, String, String)>,
    Query(q): Query<SiteQuery>,
) -> Response {
    match render(&state, &id, &site, &t, &q, None, &Errors::default()).await {
        Ok(m) => respond(StatusCode::OK, m),
        Err(e) => Redirect::to(&with_msg("/ui/schemas", &e.message)).into_response(),
    }
}

fn value_for(
    d: &Value,
    (site, t): (&str, &str),
    tenant: &str,
    (kind, name): (&str, &str),
    form: &FormData,
    errors: &mut Errors,
) -> Option<(String, Value)> {
    let tv = doc::template(d, t)?;
    let entry = doc::site_entry(d, site, t)?;
    match kind {
        "service-graph" => {
            let g = doc::object(tv, "serviceGraphs", name)?;
            let mut nodes = Vec::new();
            for n in items(g, "serviceNodes") {
                let dn = form.get(s(n, "name"));
                if dn.is_empty() {
                    errors.field(
                        s(n, "name"),
                        "Choose the device this site uses for the node",
                    );
                }
                nodes.push(json!({"serviceNodeRef": s(n, "serviceNodeRef"), "device": {"dn": dn, "funcType": "GoTo"}}));
            }
            Some((
                "serviceGraphs".into(),
                json!({"serviceGraphRef": s(g, "serviceGraphRef"), "serviceNodes": nodes}),
            ))
        }
        "contract" => {
            let c = doc::object(tv, "contracts", name)?;
            let rel = c.get("serviceGraphRelationship")?;
            let mut nodes = Vec::new();
            for (i, n) in items(rel, "serviceNodesRelationship").enumerate() {
                let mut side = |which: &str| {
                    let (fi, fp) = (
                        format!("n{}{which}If", i + 1),
                        format!("n{}{which}Pol", i + 1),
                    );
                    if form.get(&fi).is_empty() {
                        errors.field(&fi, "Choose the cluster interface");
                    }
                    let mut v = json!({"clusterInterface": {"dn": form.get(&fi)}});
                    if !form.get(&fp).is_empty() {
                        v["redirectPolicy"] = json!({"dn": form.get(&fp)});
                    }
                    v
                };
                let consumer = side("Consumer");
                let provider = side("Provider");
                nodes.push(json!({"serviceNodeRef": s(n, "serviceNodeRef"), "consumerConnector": consumer, "providerConnector": provider}));
            }
            let _ = entry;
            Some((
                "contracts".into(),
                json!({"serviceGraphRef": s(rel, "serviceGraphRef"), "serviceNodesRelationship": nodes}),
            ))
        }
        _ => {
            let e = doc::object(tv, "externalEpgs", name)?;
            let choice = form.get("l3out");
            let mut v = json!({"externalEpgRef": s(e, "externalEpgRef"), "routeReachabilityInternetType": "internet", "l3outDn": ""});
            if let Some(r) = choice.strip_prefix("schema:") {
                v["l3outDn"] = json!(format!("uni/tn-{tenant}/out-{}", ref_name(r)));
                v["l3outRef"] = json!(r);
            } else if let Some(n) = choice.strip_prefix("apic:") {
                v["l3outDn"] = json!(format!("uni/tn-{tenant}/out-{n}"));
            }
            if let Some(old) =
                items(entry, "externalEpgs").find(|o| ref_name(s(o, "externalEpgRef")) == name)
            {
                for k in ["subnets", "selectors"] {
                    if let Some(x) = old.get(k) {
                        v[k] = x.clone();
                    }
                }
            }
            Some(("externalEpgs".into(), v))
        }
    }
}

/// `POST /ui/schemas/{id}/sites/{site}/templates/{t}/{kind}/{name}`.
pub async fn save(
    _s: Session,
    State(state): State<Shared>,
    Path((id, site, t, kind, name)): Path<(String, String, String, String, String)>,
    body: Bytes,
) -> Response {
    let form = FormData::parse(&body);
    let q = SiteQuery {
        edit: Some(kind.clone()),
        name: Some(name.clone()),
        msg: None,
    };
    let d = match doc::load(&state, &id).await {
        Ok(d) => d,
        Err(e) => return Redirect::to(&with_msg("/ui/schemas", &e.message)).into_response(),
    };
    let tenant = match scope(&state, &d, &site, &t).await {
        Ok(sc) => sc.tenant,
        Err(e) => return Redirect::to(&with_msg("/ui/schemas", &e.message)).into_response(),
    };
    let mut errors = Errors::default();
    match value_for(&d, (&site, &t), &tenant, (&kind, &name), &form, &mut errors) {
        Some((coll, value)) if errors.is_empty() => {
            let key = format!("/sites/{site}-{t}/{coll}");
            let entry = doc::site_entry(&d, &site, &t)
                .cloned()
                .unwrap_or(Value::Null);
            let exists = |k: &str| items(&entry, &coll).any(|o| ref_name(s(o, k)) == name);
            let op = match coll.as_str() {
                "contracts" => {
                    let has = items(&entry, "contracts")
                        .find(|o| ref_name(s(o, "contractRef")) == name)
                        .is_some_and(|o| o.get("serviceGraphRelationship").is_some());
                    json!({"op": if has { "replace" } else { "add" }, "path": format!("{key}/{name}/serviceGraphRelationship"), "value": value})
                }
                "serviceGraphs" if exists("serviceGraphRef") => {
                    json!({"op": "replace", "path": format!("{key}/{name}"), "value": value})
                }
                "externalEpgs" if exists("externalEpgRef") => {
                    json!({"op": "replace", "path": format!("{key}/{name}"), "value": value})
                }
                _ => json!({"op": "add", "path": format!("{key}/-"), "value": value}),
            };
            match doc::apply(&state, &id, json!([op])).await {
                Ok(()) => {
                    let to = format!("{}?edit={kind}&name={name}", url(&id, &site, &t));
                    return Redirect::to(&with_msg(
                        &to,
                        &format!("Site-local settings of {name} saved"),
                    ))
                    .into_response();
                }
                Err(e) => errors.general.push(e.message),
            }
        }
        Some(_) => {}
        None => errors.general.push(format!(
            "{name} is not in template {t} or the site is not associated"
        )),
    }
    match render(&state, &id, &site, &t, &q, Some(form), &errors).await {
        Ok(m) => respond(StatusCode::BAD_REQUEST, m),
        Err(e) => Redirect::to(&with_msg("/ui/schemas", &e.message)).into_response(),
    }
}
