//! The template view: the schema's templates and sites on the left, the template's
//! areas (VRF, BD, application profiles and EPGs, filters, contracts, service graphs,
//! L3Outs, external EPGs) in the middle, and the selected object's form on the right.
//! Every change is one JSON-Patch through the same code as the REST API.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use multisite_store::{DocKind, Store};
use serde::Deserialize;
use serde_json::{json, Value};

use super::doc::{self, items, s};
use super::form::{Errors, FormData};
use super::layout::{general_errors, notice, page, respond, select, text};
use super::objects::{build, to_form, BuildCtx, Kind, NodeTypes, KINDS};
use super::objforms::{panel, PanelCtx};
use super::schemas::{settings_form, template_url, tenant_options};
use super::session::Session;
use super::with_msg;
use crate::error::ApiResult;
use crate::routes::sites::all_sites;
use crate::state::Shared;

/// What the right-hand panel shows.
pub enum Panel {
    /// The template's properties.
    Settings { form: FormData, errors: Errors },
    /// The properties, with errors of the schema-level forms on the left.
    Schema { form: FormData, errors: Errors },
    /// One object, new (`name` None) or existing.
    Object {
        kind: Kind,
        name: Option<String>,
        anp: Option<String>,
        form: FormData,
        errors: Errors,
    },
}

#[derive(Debug, Default, Deserialize)]
pub struct ViewQuery {
    pub new: Option<String>,
    pub edit: Option<String>,
    pub name: Option<String>,
    pub anp: Option<String>,
    pub msg: Option<String>,
}

/// The service node types: `(id, displayName)`.
pub async fn node_types(state: &Shared) -> NodeTypes {
    let docs = state
        .store
        .list_docs(DocKind::ServiceNodeType)
        .await
        .unwrap_or_default();
    docs.iter()
        .map(|d| (d.id.clone(), s(&d.body, "displayName").to_string()))
        .collect()
}

fn object_path(t: &str, kind: Kind, anp: Option<&str>, name: Option<&str>) -> String {
    let base = match (kind, anp) {
        (Kind::Epg, Some(a)) => format!("/templates/{t}/anps/{a}/epgs"),
        _ => format!("/templates/{t}/{}", kind.collection()),
    };
    match name {
        Some(n) => format!("{base}/{n}"),
        None => format!("{base}/-"),
    }
}

fn edit_link(id: &str, t: &str, kind: Kind, name: &str, anp: Option<&str>) -> String {
    let mut u = format!("{}?edit={}&name={name}", template_url(id, t), kind.slug());
    if let Some(a) = anp {
        u.push_str(&format!("&anp={a}"));
    }
    u
}

fn chip(href: String, label: &str, current: bool) -> Markup {
    html! { li { a href=(href) aria-current=[current.then_some("true")] { (label) } } }
}

fn areas(id: &str, t: &Value, selected: Option<(Kind, &str)>) -> Markup {
    let tn = s(t, "name");
    let is = |k: Kind, n: &str| selected == Some((k, n));
    html! {
        @for kind in KINDS {
            @if kind != Kind::Epg {
                section.area aria-labelledby={ "area-" (kind.slug()) } {
                    h2 #{ "area-" (kind.slug()) } {
                        (kind.title())
                        a href={ (template_url(id, tn)) "?new=" (kind.slug()) } aria-label={ "Add " (kind.title()) } { "+ Add" }
                    }
                    @if kind == Kind::Anp {
                        @for a in items(t, "anps") {
                            div {
                                ul.chips { (chip(edit_link(id, tn, Kind::Anp, s(a, "name"), None), s(a, "name"), is(Kind::Anp, s(a, "name")))) }
                                ul.chips style="margin:6px 0 6px 24px" {
                                    @for e in items(a, "epgs") {
                                        (chip(edit_link(id, tn, Kind::Epg, s(e, "name"), Some(s(a, "name"))), &format!("EPG {}", s(e, "name")), is(Kind::Epg, s(e, "name"))))
                                    }
                                    li { a href={ (template_url(id, tn)) "?new=epg&anp=" (s(a, "name")) } { "+ Add EPG" } }
                                }
                            }
                        }
                    } @else {
                        ul.chips {
                            @for o in items(t, kind.collection()) {
                                (chip(edit_link(id, tn, kind, s(o, "name"), None), s(o, "name"), is(kind, s(o, "name"))))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn sidebar(
    id: &str,
    d: &Value,
    current: &str,
    sites: &[(String, String)],
    tenants: &[(String, String)],
    form: &FormData,
    errors: &Errors,
) -> Markup {
    html! {
        aside.side aria-label="Schema" {
            (general_errors(errors))
            form method="post" action={ "/ui/schemas/" (id) "/rename" } {
                input type="hidden" name="template" value=(current);
                (text("schemaName", "Schema name", if form.get("schemaName").is_empty() { s(d, "displayName") } else { form.get("schemaName") }, errors))
                button.secondary type="submit" { "Rename schema" }
            }
            h2 { "Templates" }
            ul {
                @for t in items(d, "templates") {
                    li { a href=(template_url(id, s(t, "name"))) aria-current=[(s(t, "name") == current).then_some("page")] { (s(t, "name")) } }
                }
            }
            form method="post" action={ "/ui/schemas/" (id) "/templates" } {
                input type="hidden" name="from" value=(current);
                (text("newTemplate", "New template name", form.get("newTemplate"), errors))
                (select("newTenant", "Its tenant", tenants, form.get("newTenant"), Some("Select a Tenant"), errors))
                button.secondary type="submit" { "+ Template" }
            }
            h2 { "Sites" }
            ul {
                @for e in items(d, "sites") {
                    @let sname = sites.iter().find(|(sid, _)| sid == s(e, "siteId")).map(|(_, n)| n.as_str()).unwrap_or(s(e, "siteId"));
                    li { a href={ "/ui/schemas/" (id) "/sites/" (s(e, "siteId")) "/templates/" (s(e, "templateName")) } { (sname) " › " (s(e, "templateName")) } }
                }
            }
            h2 { "Actions" }
            ul {
                li { a href={ "/ui/schemas/" (id) "/validate" } { "Validate" } }
                li { a href={ "/ui/schemas/" (id) "/templates/" (current) "/import" } { "Import from a site" } }
                li { a href={ "/ui/schemas/" (id) "/templates/" (current) "/deploy" } { "Deploy template" } }
            }
            form method="post" action={ "/ui/schemas/" (id) "/delete" } {
                button.danger type="submit" { "Delete schema" }
            }
        }
    }
}

/// The whole template view.
pub async fn render_view(
    state: &Shared,
    id: &str,
    t: &str,
    panel_kind: Panel,
    flash: Option<&str>,
) -> ApiResult<Markup> {
    let d = doc::load(state, id).await?;
    let sites: Vec<(String, String)> = all_sites(state)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let tenants = tenant_options(state).await;
    let types = node_types(state).await;
    let empty = (FormData::default(), Errors::default());
    let (left_form, left_errors) = match &panel_kind {
        Panel::Schema { form, errors } => (form, errors),
        _ => (&empty.0, &empty.1),
    };
    let Some(tv) = doc::template(&d, t) else {
        let body = html! {
            (sidebar(id, &d, t, &sites, &tenants, left_form, left_errors))
            p { "This schema has no template " (t) "." }
        };
        return Ok(page(s(&d, "displayName"), "/ui/schemas", body));
    };
    let selected = match &panel_kind {
        Panel::Object {
            kind,
            name: Some(n),
            ..
        } => Some((*kind, n.as_str())),
        _ => None,
    };
    let right = match &panel_kind {
        Panel::Settings { form, errors } => {
            settings_form(id, tv, &d, &tenants, &sites, form, errors)
        }
        Panel::Schema { .. } => settings_form(
            id,
            tv,
            &d,
            &tenants,
            &sites,
            &FormData::default(),
            &Errors::default(),
        ),
        Panel::Object {
            kind,
            name,
            anp,
            form,
            errors,
        } => {
            let base = format!("{}/objects/{}", template_url(id, t), kind.slug());
            let q = anp
                .as_ref()
                .map(|a| format!("?anp={a}"))
                .unwrap_or_default();
            let ctx = PanelCtx {
                doc: &d,
                template: t,
                node_types: &types,
                action: match name {
                    Some(n) => format!("{base}/{n}{q}"),
                    None => format!("{base}{q}"),
                },
                delete: name.as_ref().map(|n| format!("{base}/{n}/delete{q}")),
            };
            panel(*kind, &ctx, form, errors, name.is_none())
        }
    };
    let tenant = tenants
        .iter()
        .find(|(tid, _)| tid == s(tv, "tenantId"))
        .map(|(_, n)| n.as_str())
        .unwrap_or("no tenant");
    let body = html! {
        (notice(flash))
        div.layout {
            (sidebar(id, &d, t, &sites, &tenants, left_form, left_errors))
            div {
                p.muted { "Template " strong { (t) } " · tenant " strong { (tenant) } " · "
                    a href=(template_url(id, t)) { "Template properties" } }
                (areas(id, tv, selected))
            }
            (right)
        }
    };
    Ok(page(
        &format!("{} › {}", s(&d, "displayName"), t),
        "/ui/schemas",
        body,
    ))
}

/// `GET /ui/schemas/{id}/templates/{t}`.
pub async fn view(
    _s: Session,
    State(state): State<Shared>,
    Path((id, t)): Path<(String, String)>,
    Query(q): Query<ViewQuery>,
) -> Response {
    let d = match doc::load(&state, &id).await {
        Ok(d) => d,
        Err(e) => return Redirect::to(&with_msg("/ui/schemas", &e.message)).into_response(),
    };
    let p = if let Some(kind) = q.new.as_deref().and_then(Kind::from_slug) {
        let mut form = to_form(kind, None);
        if let Some(a) = &q.anp {
            form.0.push(("anp".into(), a.clone()));
        }
        Panel::Object {
            kind,
            name: None,
            anp: None,
            form,
            errors: Errors::default(),
        }
    } else if let (Some(kind), Some(name)) =
        (q.edit.as_deref().and_then(Kind::from_slug), q.name.clone())
    {
        let existing = find(&d, &t, kind, q.anp.as_deref(), &name);
        match existing {
            Some(o) => Panel::Object {
                kind,
                name: Some(name),
                anp: q.anp.clone(),
                form: to_form(kind, Some(o)),
                errors: Errors::default(),
            },
            None => Panel::Settings {
                form: FormData::default(),
                errors: Errors::default(),
            },
        }
    } else {
        Panel::Settings {
            form: FormData::default(),
            errors: Errors::default(),
        }
    };
    match render_view(&state, &id, &t, p, q.msg.as_deref()).await {
        Ok(m) => respond(StatusCode::OK, m),
        Err(e) => Redirect::to(&with_msg("/ui/schemas", &e.message)).into_response(),
    }
}

fn find<'a>(d: &'a Value, t: &str, kind: Kind, anp: Option<&str>, name: &str) -> Option<&'a Value> {
    let tv = doc::template(d, t)?;
    match kind {
        Kind::Epg => doc::object(tv, "anps", anp?).and_then(|a| doc::object(a, "epgs", name)),
        _ => doc::object(tv, kind.collection(), name),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct AnpQuery {
    pub anp: Option<String>,
}

async fn save(
    state: &Shared,
    id: &str,
    t: &str,
    kind: Kind,
    name: Option<String>,
    anp: Option<String>,
    form: FormData,
) -> Response {
    let d = match doc::load(state, id).await {
        Ok(d) => d,
        Err(e) => return Redirect::to(&with_msg("/ui/schemas", &e.message)).into_response(),
    };
    let anp = anp.or_else(|| Some(form.get("anp").to_string()).filter(|a| !a.is_empty()));
    let existing = name
        .as_deref()
        .and_then(|n| find(&d, t, kind, anp.as_deref(), n));
    let types = node_types(state).await;
    let mut errors = Errors::default();
    let built = build(
        kind,
        &BuildCtx {
            doc: &d,
            node_types: &types,
        },
        &form,
        existing,
        &mut errors,
    );
    if let Some(value) = built {
        let op = match &name {
            Some(n) => {
                json!({"op": "replace", "path": object_path(t, kind, anp.as_deref(), Some(n)), "value": value})
            }
            None => {
                json!({"op": "add", "path": object_path(t, kind, anp.as_deref(), None), "value": value})
            }
        };
        match doc::apply(state, id, json!([op])).await {
            Ok(()) => {
                let new_name = form.get("name");
                let msg = format!("{} {new_name} saved", kind.title());
                return Redirect::to(&with_msg(
                    &edit_link(id, t, kind, new_name, anp.as_deref()),
                    &msg,
                ))
                .into_response();
            }
            Err(e) => errors = Errors::from_api(&e, kind.error_fields()),
        }
    }
    let p = Panel::Object {
        kind,
        name,
        anp,
        form,
        errors,
    };
    match render_view(state, id, t, p, None).await {
        Ok(m) => respond(StatusCode::BAD_REQUEST, m),
        Err(e) => Redirect::to(&with_msg("/ui/schemas", &e.message)).into_response(),
    }
}

/// `POST /ui/schemas/{id}/templates/{t}/objects/{kind}`: create.
pub async fn create(
    _s: Session,
    State(state): State<Shared>,
    Path((id, t, kind)): Path<(String, String, String)>,
    Query(q): Query<AnpQuery>,
    body: Bytes,
) -> Response {
    let Some(kind) = Kind::from_slug(&kind) else {
        return Redirect::to(&template_url(&id, &t)).into_response();
    };
    save(&state, &id, &t, kind, None, q.anp, FormData::parse(&body)).await
}

/// `POST /ui/schemas/{id}/templates/{t}/objects/{kind}/{name}`: edit.
pub async fn update(
    _s: Session,
    State(state): State<Shared>,
    Path((id, t, kind, name)): Path<(String, String, String, String)>,
    Query(q): Query<AnpQuery>,
    body: Bytes,
) -> Response {
    let Some(kind) = Kind::from_slug(&kind) else {
        return Redirect::to(&template_url(&id, &t)).into_response();
    };
    save(
        &state,
        &id,
        &t,
        kind,
        Some(name),
        q.anp,
        FormData::parse(&body),
    )
    .await
}

/// `POST /ui/schemas/{id}/templates/{t}/objects/{kind}/{name}/delete`.
pub async fn delete(
    _s: Session,
    State(state): State<Shared>,
    Path((id, t, kind, name)): Path<(String, String, String, String)>,
    Query(q): Query<AnpQuery>,
) -> Response {
    let Some(kind) = Kind::from_slug(&kind) else {
        return Redirect::to(&template_url(&id, &t)).into_response();
    };
    let op =
        json!([{"op": "remove", "path": object_path(&t, kind, q.anp.as_deref(), Some(&name))}]);
    let msg = match doc::apply(&state, &id, op).await {
        Ok(()) => format!("{} {name} deleted", kind.title()),
        Err(e) => format!("{} {name} was not deleted: {}", kind.title(), e.message),
    };
    Redirect::to(&with_msg(&template_url(&id, &t), &msg)).into_response()
}
