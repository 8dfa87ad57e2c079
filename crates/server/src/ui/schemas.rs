//! Application Management > Schemas: the list, "Add Schema", renaming the schema,
//! adding templates, and a template's own settings (name, tenant, associated sites).

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use serde_json::{json, Value};

use super::doc::{self, items, s};
use super::form::{Errors, FormData};
use super::layout::{general_errors, notice, page, respond, select, text};
use super::session::Session;
use super::template::{render_view, Panel};
use super::{with_msg, Flash};
use crate::routes::schemas::{all_schemas, create_schema, delete_schema};
use crate::routes::tenants::all_tenants;
use crate::state::Shared;

/// `(id, name)` of every tenant.
pub async fn tenant_options(state: &Shared) -> Vec<(String, String)> {
    all_tenants(state)
        .await
        .unwrap_or_default()
        .iter()
        .map(|t| (s(t, "id").to_string(), s(t, "name").to_string()))
        .collect()
}

/// The link of a template's view.
pub fn template_url(id: &str, t: &str) -> String {
    format!("/ui/schemas/{id}/templates/{t}")
}

async fn render_list(
    state: &Shared,
    form: &FormData,
    errors: &Errors,
    flash: Option<&str>,
) -> Markup {
    let schemas = all_schemas(state).await.unwrap_or_default();
    page(
        "Schemas",
        "/ui/schemas",
        html! {
            (notice(flash))
            div.layout2 {
                section.panel aria-labelledby="schema-list" {
                    h2 #schema-list { "Schemas" }
                    table {
                        thead { tr { th { "Name" } th { "Templates" } th { "Sites" } } }
                        tbody {
                            @for sc in &schemas {
                                tr {
                                    td { a href={ "/ui/schemas/" (s(sc, "id")) } { (s(sc, "displayName")) } }
                                    td { (items(sc, "templates").map(|t| s(t, "name")).collect::<Vec<_>>().join(", ")) }
                                    td { (items(sc, "sites").count()) }
                                }
                            }
                        }
                    }
                }
                section.panel aria-labelledby="add-schema" {
                    h2 #add-schema { "Add Schema" }
                    (general_errors(errors))
                    form method="post" action="/ui/schemas" {
                        (text("name", "Schema name", form.get("name"), errors))
                        (text("template", "First template name", if form.is_empty() { "Template1" } else { form.get("template") }, errors))
                        button type="submit" { "Add Schema" }
                    }
                }
            }
        },
    )
}

/// `GET /ui/schemas`.
pub async fn list(
    _s: Session,
    State(state): State<Shared>,
    Query(flash): Query<Flash>,
) -> Response {
    respond(
        StatusCode::OK,
        render_list(
            &state,
            &FormData::default(),
            &Errors::default(),
            flash.msg.as_deref(),
        )
        .await,
    )
}

fn check_template_name(form: &FormData, key: &str, errors: &mut Errors) {
    let n = form.get(key);
    if n.is_empty() {
        errors.field(key, "The template name is required");
    } else if n.contains([' ', '/']) {
        errors.field(key, "A template name cannot contain spaces or '/'");
    }
}

/// `POST /ui/schemas`: a schema with one template and no tenant yet.
pub async fn create(_s: Session, State(state): State<Shared>, body: Bytes) -> Response {
    let form = FormData::parse(&body);
    let mut errors = Errors::default();
    errors.require(&form, "name", "The schema name");
    check_template_name(&form, "template", &mut errors);
    if errors.is_empty() {
        let t = form.get("template");
        let doc = json!({"displayName": form.get("name"), "description": "",
            "templates": [{"name": t, "displayName": t, "tenantId": ""}], "sites": []});
        match create_schema(&state, doc).await {
            Ok(v) => return Redirect::to(&template_url(s(&v, "id"), t)).into_response(),
            Err(e) => {
                errors = Errors::from_api(&e, &[("displayName", "name"), ("name", "template")])
            }
        }
    }
    respond(
        StatusCode::BAD_REQUEST,
        render_list(&state, &form, &errors, None).await,
    )
}

/// `GET /ui/schemas/{id}`: the first template.
pub async fn open(_s: Session, State(state): State<Shared>, Path(id): Path<String>) -> Response {
    match doc::load(&state, &id).await {
        Ok(d) => match items(&d, "templates").next() {
            Some(t) => Redirect::to(&template_url(&id, s(t, "name"))).into_response(),
            None => Redirect::to(&format!("/ui/schemas/{id}/templates/-")).into_response(),
        },
        Err(e) => Redirect::to(&with_msg("/ui/schemas", &e.message)).into_response(),
    }
}

async fn redisplay(state: &Shared, id: &str, t: &str, panel: Panel) -> Response {
    match render_view(state, id, t, panel, None).await {
        Ok(m) => respond(StatusCode::BAD_REQUEST, m),
        Err(e) => Redirect::to(&with_msg("/ui/schemas", &e.message)).into_response(),
    }
}

/// `POST /ui/schemas/{id}/rename`.
pub async fn rename(
    _s: Session,
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let form = FormData::parse(&body);
    let back = form.get("template").to_string();
    let mut errors = Errors::default();
    errors.require(&form, "schemaName", "The schema name");
    if errors.is_empty() {
        match doc::apply(
            &state,
            &id,
            json!([{"op": "replace", "path": "/displayName", "value": form.get("schemaName")}]),
        )
        .await
        {
            Ok(()) => {
                return Redirect::to(&with_msg(&template_url(&id, &back), "Schema renamed"))
                    .into_response()
            }
            Err(e) => errors = Errors::from_api(&e, &[("displayName", "schemaName")]),
        }
    }
    redisplay(&state, &id, &back, Panel::Schema { form, errors }).await
}

/// `POST /ui/schemas/{id}/delete`.
pub async fn remove(_s: Session, State(state): State<Shared>, Path(id): Path<String>) -> Response {
    let msg = match delete_schema(&state, &id).await {
        Ok(()) => "Schema deleted".to_string(),
        Err(e) => e.message,
    };
    Redirect::to(&with_msg("/ui/schemas", &msg)).into_response()
}

/// `POST /ui/schemas/{id}/templates`: another template, with its tenant.
pub async fn add_template(
    _s: Session,
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let form = FormData::parse(&body);
    let back = form.get("from").to_string();
    let mut errors = Errors::default();
    check_template_name(&form, "newTemplate", &mut errors);
    if errors.is_empty() {
        let t = form.get("newTemplate");
        let op = json!([{"op": "add", "path": "/templates/-", "value": {"name": t, "displayName": t, "tenantId": form.get("newTenant")}}]);
        match doc::apply(&state, &id, op).await {
            Ok(()) => {
                return Redirect::to(&with_msg(
                    &template_url(&id, t),
                    &format!("Template {t} added"),
                ))
                .into_response()
            }
            Err(e) => {
                errors = Errors::from_api(&e, &[("name", "newTemplate"), ("tenantId", "newTenant")])
            }
        }
    }
    redisplay(&state, &id, &back, Panel::Schema { form, errors }).await
}

/// The template settings form: name, tenant, sites.
pub fn settings_form(
    id: &str,
    t: &Value,
    doc: &Value,
    tenants: &[(String, String)],
    sites: &[(String, String)],
    form: &FormData,
    errors: &Errors,
) -> Markup {
    let name = s(t, "name");
    let associated: Vec<&str> = doc::site_entries(doc, name).map(|(sid, _)| sid).collect();
    let tenant = if form.is_empty() {
        s(t, "tenantId")
    } else {
        form.get("tenant")
    };
    html! {
        section.panel aria-labelledby="panel-title" {
            h2 #panel-title { "Template properties" }
            (general_errors(errors))
            @if s(t, "tenantId").is_empty() {
                p { strong { "To build your schema, select a tenant." } }
            }
            form method="post" action={ (template_url(id, name)) "/settings" } {
                (text("templateName", "Template name", if form.is_empty() { name } else { form.get("templateName") }, errors))
                (select("tenant", "Tenant", tenants, tenant, Some("Select a Tenant"), errors))
                fieldset {
                    legend { "Associated sites" }
                    @for (sid, sname) in sites {
                        @let on = if form.is_empty() { associated.contains(&sid.as_str()) } else { form.all("site").contains(&sid.as_str()) };
                        (super::layout::checkbox_value("site", &format!("f-site-{sname}"), sid, sname, on))
                    }
                    @if let Some(e) = errors.get("site") { p.error role="alert" { (e) } }
                }
                button type="submit" { "Save template" }
            }
        }
    }
}

/// `POST /ui/schemas/{id}/templates/{t}/settings`.
pub async fn settings(
    _s: Session,
    State(state): State<Shared>,
    Path((id, t)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let form = FormData::parse(&body);
    let mut errors = Errors::default();
    check_template_name(&form, "templateName", &mut errors);
    let d = match doc::load(&state, &id).await {
        Ok(d) => d,
        Err(e) => return Redirect::to(&with_msg("/ui/schemas", &e.message)).into_response(),
    };
    if !errors.is_empty() {
        return redisplay(&state, &id, &t, Panel::Settings { form, errors }).await;
    }
    let new_name = form.get("templateName");
    let mut ops = Vec::new();
    if new_name != t {
        ops.push(
            json!({"op": "replace", "path": format!("/templates/{t}/name"), "value": new_name}),
        );
    }
    ops.push(json!({"op": "replace", "path": format!("/templates/{new_name}/displayName"), "value": new_name}));
    ops.push(json!({"op": "replace", "path": format!("/templates/{new_name}/tenantId"), "value": form.get("tenant")}));
    let wanted = form.all("site");
    let mut removals: Vec<usize> = Vec::new();
    for (i, e) in items(&d, "sites").enumerate() {
        if s(e, "templateName") == t && !wanted.contains(&s(e, "siteId")) {
            removals.push(i);
        }
    }
    for i in removals.into_iter().rev() {
        ops.push(json!({"op": "remove", "path": format!("/sites/{i}")}));
    }
    for sid in wanted {
        if doc::site_entry(&d, sid, &t).is_none() {
            ops.push(json!({"op": "add", "path": "/sites/-", "value": {"siteId": sid, "templateName": new_name,
                "anps": [], "bds": [], "contracts": [], "externalEpgs": [], "intersiteL3outs": [], "serviceGraphs": [], "vrfs": []}}));
        }
    }
    match doc::apply(&state, &id, Value::Array(ops)).await {
        Ok(()) => {
            Redirect::to(&with_msg(&template_url(&id, new_name), "Template saved")).into_response()
        }
        Err(e) => {
            let errors = Errors::from_api(
                &e,
                &[
                    ("name", "templateName"),
                    ("tenantId", "tenant"),
                    ("sites", "site"),
                    ("siteId", "site"),
                ],
            );
            redisplay(&state, &id, &t, Panel::Settings { form, errors }).await
        }
    }
}
