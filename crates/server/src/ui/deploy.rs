//! Deploy a template: first the dry run (each site's changes, in their text form), then
//! the deployment with each site's result (state, objects pushed, what is left, error).
//! A schema that does not validate is refused with every finding, and nothing reaches
//! any site.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};
use serde_json::Value;

use super::doc::s;
use super::layout::{page, respond};
use super::schemas::template_url;
use super::session::Session;
use crate::routes::deploy::{deploy, plan};
use crate::routes::sites::all_sites;
use crate::state::Shared;

fn refusal(message: &str) -> Markup {
    html! {
        div.errors role="alert" {
            @for line in message.lines() { p.error { (line) } }
        }
    }
}

/// `GET /ui/schemas/{id}/templates/{t}/deploy`: the dry run.
pub async fn preview(
    _s: Session,
    State(state): State<Shared>,
    Path((id, t)): Path<(String, String)>,
) -> Response {
    let body = match plan(&state, &id, &t, false).await {
        Err(e) => html! { (refusal(&e.message)) },
        Ok(p) => html! {
            p { "What a deployment of " strong { (t) } " changes on each site:" }
            @for site in p["sites"].as_array().into_iter().flatten() {
                section.panel aria-labelledby={ "plan-" (s(site, "siteId")) } {
                    h2 #{ "plan-" (s(site, "siteId")) } { (s(site, "siteName")) " — " (site["changes"].as_array().map_or(0, Vec::len)) " change(s)" }
                    @if s(site, "text").trim().is_empty() { p.muted { "Nothing to change: the site already holds this template." } }
                    @else { pre style="white-space:pre-wrap;font-size:12.5px" { (s(site, "text")) } }
                }
            }
            form method="post" action={ (template_url(&id, &t)) "/deploy" } {
                button type="submit" { "Deploy to sites" }
            }
        },
    };
    let back = html! { p { a href=(template_url(&id, &t)) { "← Back to template " (t) } } (body) };
    respond(
        StatusCode::OK,
        page(&format!("Deploy {t}"), "/ui/schemas", back),
    )
}

/// `POST /ui/schemas/{id}/templates/{t}/deploy`: deploy and show each site's result.
pub async fn run(
    _s: Session,
    State(state): State<Shared>,
    Path((id, t)): Path<(String, String)>,
) -> Response {
    let names = all_sites(&state).await.unwrap_or_default();
    let name = |sid: &str| {
        names
            .iter()
            .find(|d| d.id == sid)
            .map(|d| d.name.clone())
            .unwrap_or_else(|| sid.to_string())
    };
    let (status, body) = match deploy(&state, &id, &t).await {
        Err(e) => (StatusCode::BAD_REQUEST, html! { (refusal(&e.message)) }),
        Ok(job) => {
            let job = serde_json::to_value(&job).unwrap_or(Value::Null);
            let ok = s(&job, "status") == "succeeded";
            (
                StatusCode::OK,
                html! {
                    p role="status" class=(if ok { "ok" } else { "bad" }) { "Deployment of " (t) ": " (s(&job, "status")) }
                    @if let Some(e) = job["error"].as_str() { (refusal(e)) }
                    table {
                        thead { tr { th { "Site" } th { "Result" } th { "Objects pushed" } th { "Left to change" } th { "Error" } } }
                        tbody {
                            @for (sid, o) in job["sites"].as_object().into_iter().flatten() {
                                tr {
                                    td { (name(sid)) }
                                    td class=(if s(o, "status") == "succeeded" { "ok" } else { "bad" }) { (s(o, "status")) }
                                    td { (o["objects"].as_array().map_or(0, Vec::len)) }
                                    td { (o["remaining"].as_array().map_or(0, Vec::len)) }
                                    td { (o["error"].as_str().unwrap_or_default()) }
                                }
                            }
                        }
                    }
                },
            )
        }
    };
    let back = html! { p { a href=(template_url(&id, &t)) { "← Back to template " (t) } } (body) };
    respond(status, page(&format!("Deploy {t}"), "/ui/schemas", back))
}
