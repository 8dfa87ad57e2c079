//! "Import from a site" on the template view: choose a site and a policy type, tick the
//! objects of that type the site holds in the template's tenant (read from the site's
//! own APIC), say whether their relations come along, and import them into the template
//! through the same service function as the REST API.

use std::collections::BTreeSet;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use multisite_store::Doc;
use serde::Deserialize;
use serde_json::{json, Value};

use super::doc::{self, s};
use super::form::{Errors, FormData};
use super::layout::{checkbox, checkbox_value, general_errors, page, respond, select};
use super::objects::KINDS;
use super::schemas::{template_url, tenant_options};
use super::session::Session;
use super::with_msg;
use crate::error::ApiError;
use crate::routes::deploy::import;
use crate::routes::site_lookups::client_for;
use crate::routes::sites::all_sites;
use crate::state::Shared;

/// One entry of the Policy Type menu: the import kind, its label, and where the site
/// keeps such objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyType {
    /// The `kind` the import service takes.
    pub kind: &'static str,
    pub label: &'static str,
    /// The APIC class of the objects.
    pub class: &'static str,
    /// The template's collection of such objects (EPGs: their ANP's `epgs`).
    pub collection: &'static str,
    /// The class of the parent the name is given with (`anp/epg`, `l3out/extEpg`), for
    /// objects that are not direct children of the tenant.
    pub parent: Option<&'static str>,
}

const fn pt(
    kind: &'static str,
    label: &'static str,
    class: &'static str,
    collection: &'static str,
    parent: Option<&'static str>,
) -> PolicyType {
    PolicyType {
        kind,
        label,
        class,
        collection,
        parent,
    }
}

/// The Policy Type menu, in the configuration guide's order.
pub const POLICY_TYPES: [PolicyType; 8] = [
    pt("vrf", "VRF", "fvCtx", "vrfs", None),
    pt("bd", "BD", "fvBD", "bds", None),
    pt("anp", "Application profile", "fvAp", "anps", None),
    pt("epg", "EPG", "fvAEPg", "epgs", Some("ap-")),
    pt(
        "externalEpg",
        "External EPG",
        "l3extInstP",
        "externalEpgs",
        Some("out-"),
    ),
    pt("contract", "Contract", "vzBrCP", "contracts", None),
    pt("filter", "Filter", "vzFilter", "filters", None),
    pt("l3out", "L3Out", "l3extOut", "intersiteL3outs", None),
];

/// The policy type of an import kind.
pub fn policy_type(kind: &str) -> Option<PolicyType> {
    POLICY_TYPES.into_iter().find(|p| p.kind == kind)
}

/// The name the import service takes for an object read from the site: its own name,
/// or `parent/name` for EPGs and external EPGs (the parent read from the dn).
pub fn import_name(pt: &PolicyType, dn: &str, name: &str) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    match pt.parent {
        None => Some(name.to_string()),
        Some(prefix) => dn
            .split('/')
            .find_map(|seg| seg.strip_prefix(prefix))
            .filter(|p| !p.is_empty())
            .map(|p| format!("{p}/{name}")),
    }
}

/// The names of the objects of one type in `tenant` on a site, sorted.
async fn site_objects(site: &Doc, tenant: &str, pt: &PolicyType) -> Result<Vec<String>, String> {
    let client = client_for(site).await.map_err(|e| e.message)?;
    let target = if pt.parent.is_some() {
        "subtree"
    } else {
        "children"
    };
    let query = [("query-target", target), ("target-subtree-class", pt.class)];
    let objects = client
        .get_mo(&format!("uni/tn-{tenant}"), &query)
        .await
        .map_err(|e| format!("site '{}' did not answer: {e}", site.name))?;
    let names: BTreeSet<String> = objects
        .iter()
        .filter_map(|o| o.get(pt.class))
        .filter_map(|o| {
            let a = &o["attributes"];
            import_name(pt, s(a, "dn"), s(a, "name"))
        })
        .collect();
    Ok(names.into_iter().collect())
}

/// Where an import error goes: beside the site, the policy type, the objects, or on top.
pub fn import_error_field(e: &ApiError) -> Option<&'static str> {
    let m = e.message.as_str();
    if e.status == StatusCode::BAD_GATEWAY || m.contains("'siteId'") || m.starts_with("Site '") {
        Some("site")
    } else if m.contains("'kind'") || m.contains("unknown kind") {
        Some("kind")
    } else if e.status == StatusCode::NOT_FOUND || m.contains("tenantId") {
        None
    } else {
        Some("names")
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ImportQuery {
    pub site: Option<String>,
    pub kind: Option<String>,
}

fn import_url(id: &str, t: &str) -> String {
    format!("{}/import", template_url(id, t))
}

/// The import page: the chooser, and once a site and a type are chosen, their objects.
async fn render(state: &Shared, id: &str, t: &str, form: &FormData, errors: &Errors) -> Markup {
    let mut errors = errors.clone();
    let sites = all_sites(state).await.unwrap_or_default();
    let d = doc::load(state, id).await.unwrap_or(Value::Null);
    let tenant_id = doc::template(&d, t)
        .map(|tv| s(tv, "tenantId"))
        .unwrap_or_default();
    let tenant = tenant_options(state)
        .await
        .into_iter()
        .find(|(tid, _)| tid == tenant_id)
        .map(|(_, n)| n);
    // The template's first site is chosen until another is.
    let mut form = form.clone();
    if form.get("site").is_empty() {
        if let Some((sid, _)) = doc::site_entries(&d, t).next() {
            form.0.retain(|(k, _)| k != "site");
            form.0.push(("site".to_string(), sid.to_string()));
        }
    }
    let form = &form;
    let site = sites.iter().find(|d| d.id == form.get("site"));
    let pt = policy_type(form.get("kind"));
    if !form.get("kind").is_empty() && pt.is_none() {
        errors.field(
            "kind",
            format!("unknown policy type '{}'", form.get("kind")),
        );
    }
    if !form.get("site").is_empty() && site.is_none() {
        errors.field("site", format!("there is no site '{}'", form.get("site")));
    }
    let listed = match (site, pt, &tenant) {
        (Some(site), Some(pt), Some(tn)) => match site_objects(site, tn, &pt).await {
            Ok(names) => Some((site, pt, tn.as_str(), names)),
            Err(e) => {
                errors.field("site", e);
                None
            }
        },
        _ => None,
    };
    let site_opts: Vec<(String, String)> = sites
        .iter()
        .map(|d| (d.id.clone(), d.name.clone()))
        .collect();
    let type_opts: Vec<(String, String)> = POLICY_TYPES
        .iter()
        .map(|p| (p.kind.to_string(), p.label.to_string()))
        .collect();
    let in_template = |pt: &PolicyType, name: &str| {
        let Some(tv) = doc::template(&d, t) else {
            return false;
        };
        match (pt.kind, name.split_once('/')) {
            ("epg", Some((anp, epg))) => doc::object(tv, "anps", anp)
                .and_then(|a| doc::object(a, "epgs", epg))
                .is_some(),
            (_, Some((_, own))) => doc::object(tv, pt.collection, own).is_some(),
            (_, None) => doc::object(tv, pt.collection, name).is_some(),
        }
    };
    let chosen: BTreeSet<&str> = form.all("name").into_iter().collect();
    let names_bad = errors.get("names").is_some();
    let title = match site {
        Some(sd) => format!("Import from {}", sd.name),
        None => "Import from a site".to_string(),
    };
    let body = html! {
        p { a href=(template_url(id, t)) { "← Back to template " (t) } }
        @if tenant.is_none() {
            div.errors role="alert" { p.error { "Template " (t) " has no tenant yet: choose one in the template's properties before importing." } }
        }
        (general_errors(&Errors { fields: Default::default(), general: errors.general.clone() }))
        section.panel aria-labelledby="import-choose" {
            h2 #import-choose { "What to import into " (t) }
            form method="get" action=(import_url(id, t)) {
                div.row {
                    (select("site", "Site", &site_opts, form.get("site"), Some("Select a site"), &errors))
                    (select("kind", "Policy Type", &type_opts, form.get("kind"), Some("Select a policy type"), &errors))
                    div.field { button.secondary type="submit" { "Show objects" } }
                }
            }
        }
        @if let Some((sd, pt, tn, names)) = &listed {
            section.panel aria-labelledby="import-objects" style="margin-top:12px" {
                h2 #import-objects { (pt.label) " objects of tenant " (tn) " on " (sd.name) }
                form method="post" action=(import_url(id, t)) {
                    input type="hidden" name="site" value=(sd.id);
                    input type="hidden" name="kind" value=(pt.kind);
                    fieldset aria-invalid=[names_bad.then_some("true")] aria-describedby=[names_bad.then_some("f-names-error")] {
                        legend { "Objects to import" }
                        @if names.is_empty() { p.muted { "The site holds no " (pt.label) " in tenant " (tn) "." } }
                        @for n in names {
                            @let label = if in_template(pt, n) { format!("{n} (already in the template)") } else { n.clone() };
                            (checkbox_value("name", &format!("f-name-{n}"), n, &label, chosen.contains(n.as_str())))
                        }
                        @if let Some(e) = errors.get("names") { p.error id="f-names-error" role="alert" { (e) } }
                    }
                    (checkbox("relations", "Include relations", form.checked("relations")))
                    p.muted { "With relations, what the objects use comes along: an L3Out's VRF, a BD's VRF, an EPG's BD, an external EPG's L3Out, a contract's filters." }
                    button type="submit" { "Import" }
                }
            }
        }
    };
    page(&title, "/ui/schemas", body)
}

/// `GET /ui/schemas/{id}/templates/{t}/import[?site=&kind=]`.
pub async fn show(
    _s: Session,
    State(state): State<Shared>,
    Path((id, t)): Path<(String, String)>,
    Query(q): Query<ImportQuery>,
) -> Response {
    if let Err(e) = doc::load(&state, &id).await {
        return Redirect::to(&with_msg("/ui/schemas", &e.message)).into_response();
    }
    let mut form = FormData::default();
    for (k, v) in [("site", q.site), ("kind", q.kind)] {
        if let Some(v) = v {
            form.0.push((k.to_string(), v));
        }
    }
    respond(
        StatusCode::OK,
        render(&state, &id, &t, &form, &Errors::default()).await,
    )
}

/// "Imported from site1: L3Out l3out-imported, VRF vrf-imported".
pub fn imported_message(site: &str, imported: &Value) -> String {
    let mut parts = Vec::new();
    for (coll, list) in imported.as_object().into_iter().flatten() {
        let title = KINDS
            .into_iter()
            .find(|k| k.collection() == coll)
            .map_or(coll.as_str(), |k| k.title());
        for o in list.as_array().into_iter().flatten() {
            parts.push(format!("{title} {}", s(o, "name")));
        }
    }
    format!("Imported from {site}: {}", parts.join(", "))
}

/// `POST /ui/schemas/{id}/templates/{t}/import`: import the ticked objects.
pub async fn run(
    _s: Session,
    State(state): State<Shared>,
    Path((id, t)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let form = FormData::parse(&body);
    let mut errors = Errors::default();
    errors.require(&form, "site", "A site");
    errors.require(&form, "kind", "A policy type");
    if form.all("name").is_empty() {
        errors.field("names", "Tick at least one object to import");
    }
    if errors.is_empty() {
        let request = json!({
            "siteId": form.get("site"),
            "kind": form.get("kind"),
            "names": form.all("name"),
            "includeRelations": form.checked("relations"),
        });
        match import(&state, &id, &t, &request).await {
            Ok(done) => {
                let site = all_sites(&state)
                    .await
                    .unwrap_or_default()
                    .into_iter()
                    .find(|d| d.id == form.get("site"))
                    .map_or_else(|| form.get("site").to_string(), |d| d.name);
                let msg = imported_message(&site, &done["imported"]);
                return Redirect::to(&with_msg(&template_url(&id, &t), &msg)).into_response();
            }
            Err(e) => match import_error_field(&e) {
                Some(f) => errors.field(f, e.message),
                None => errors.general.push(e.message),
            },
        }
    }
    respond(
        StatusCode::BAD_REQUEST,
        render(&state, &id, &t, &form, &errors).await,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_from_the_site() {
        let cases = [
            (
                "l3out",
                "uni/tn-T/out-l3out-imported",
                "l3out-imported",
                Some("l3out-imported"),
            ),
            ("epg", "uni/tn-T/ap-app/epg-web", "web", Some("app/web")),
            (
                "externalEpg",
                "uni/tn-T/out-o1/instP-ext",
                "ext",
                Some("o1/ext"),
            ),
            ("epg", "uni/tn-T/epg-web", "web", None),
            ("vrf", "uni/tn-T/ctx-v", "", None),
        ];
        for (kind, dn, name, want) in cases {
            let pt = policy_type(kind).expect("known kind");
            assert_eq!(import_name(&pt, dn, name).as_deref(), want, "{kind} {dn}");
        }
        assert!(policy_type("serviceGraph").is_none());
        let labels: Vec<&str> = POLICY_TYPES.iter().map(|p| p.label).collect();
        assert_eq!(
            labels,
            [
                "VRF",
                "BD",
                "Application profile",
                "EPG",
                "External EPG",
                "Contract",
                "Filter",
                "L3Out"
            ]
        );
    }

    #[test]
    fn errors_go_beside_their_field() {
        let cases = [
            (
                ApiError::bad_gateway("site 'site1' did not answer"),
                Some("site"),
            ),
            (
                ApiError::bad_request("import: 'siteId' is required"),
                Some("site"),
            ),
            (
                ApiError::bad_request("import: unknown kind 'x'"),
                Some("kind"),
            ),
            (
                ApiError::bad_request("import: no l3extOut 'x' on the site"),
                Some("names"),
            ),
            (ApiError::not_found("Template 'x' not found"), None),
        ];
        for (e, want) in cases {
            assert_eq!(import_error_field(&e), want, "{}", e.message);
        }
    }

    #[test]
    fn message_names_every_imported_object() {
        let imported = json!({"intersiteL3outs": [{"name": "l3out-imported"}], "vrfs": [{"name": "vrf-imported"}]});
        assert_eq!(
            imported_message("site1", &imported),
            "Imported from site1: L3Out l3out-imported, VRF vrf-imported"
        );
    }
}
