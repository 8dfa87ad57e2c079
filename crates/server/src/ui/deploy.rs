//! Deploy a template: first the dry run (each site's changes, in their text form), then
//! the deployment, started as a job that runs on its own task while the browser is sent
//! to the job's page (see [`super::job`]). A schema that does not validate is refused
//! with every finding, and nothing reaches any site.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use multisite_deploy::{Action, DeployRequest};
use multisite_store::{DocKind, Store};

use super::doc::s;
use super::job::job_url;
use super::layout::{page, respond};
use super::schemas::template_url;
use super::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::routes::deploy::{plan, refresh_sites};
use crate::state::Shared;

/// A refusal or failure message, one paragraph a line.
pub fn refusal(message: &str) -> Markup {
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

/// Validate the schema, record a deploy job for template `t` and start it on its own
/// task; answers the job's id at once.
pub async fn start(state: &Shared, id: &str, t: &str) -> ApiResult<String> {
    let doc = {
        let guard = state.schemas.lock(&state.store, id).await?;
        let schema = guard.schema();
        if schema.template(t).is_none() {
            return Err(ApiError::not_found(format!(
                "Template '{t}' not found in schema '{}'",
                schema.display_name()
            )));
        }
        crate::validation::check(state, schema).await?;
        schema.to_json()
    };
    let tenants = state
        .store
        .list_docs(DocKind::Tenant)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    refresh_sites(state).await?;
    let job = state
        .deployer
        .submit(DeployRequest::new(doc, t, tenants), Action::Deploy)
        .await
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let job_id = job.id.clone();
    let runner = state.clone();
    tokio::spawn(async move {
        let id = job.id.clone();
        if let Err(e) = runner.deployer.run(job).await {
            tracing::warn!(job = %id, error = %e, "deploy job failed");
        }
    });
    Ok(job_id)
}

/// `POST /ui/schemas/{id}/templates/{t}/deploy`: start the deployment and go to its page.
pub async fn run(
    _s: Session,
    State(state): State<Shared>,
    Path((id, t)): Path<(String, String)>,
) -> Response {
    match start(&state, &id, &t).await {
        Ok(job) => Redirect::to(&job_url(&job)).into_response(),
        Err(e) => {
            let body = html! {
                p { a href=(template_url(&id, &t)) { "← Back to template " (t) } }
                p role="status" class="bad" { "Deployment of " (t) " was refused" }
                (refusal(&e.message))
            };
            respond(
                StatusCode::BAD_REQUEST,
                page(&format!("Deploy {t}"), "/ui/schemas", body),
            )
        }
    }
}
