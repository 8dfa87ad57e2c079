//! The NDO-compatible routes. Every v1 route is served under both `/api/v1` and
//! `/mso/api/v1` (cisco.mso's `cisco.mso.mso` plugin logs in under `/mso` but sends data
//! to `/api/v1`; the Nexus Dashboard plugin uses `/mso/api/v1` throughout), and v2 under
//! `/api/v2` and `/mso/api/v2`.

pub mod deploy;
pub mod infra;
pub mod login;
pub mod nd;
pub mod platform;
pub mod schemas;
pub mod service_node_types;
pub mod site_lookups;
pub mod sites;
pub mod tenants;
pub mod trace;
pub mod users;

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::Router;

use crate::auth::request_token;
use crate::error::ApiError;
use crate::state::Shared;

/// Paths served without a token.
fn is_public(path: &str) -> bool {
    // The web UI has its own session handling (login page, redirects).
    if path == "/" || path == "/ui" || path.starts_with("/ui/") {
        return true;
    }
    let p = path.strip_prefix("/mso").unwrap_or(path);
    matches!(
        p,
        "/api/v1/auth/login"
            | "/api/v1/auth/login-domains"
            | "/api/v1/auth/logout"
            | "/api/v1/openapi.json"
            | "/login"
            | "/logout"
    )
}

async fn require_token(State(state): State<Shared>, req: Request, next: Next) -> Response {
    if is_public(req.uri().path()) {
        return next.run(req).await;
    }
    match request_token(req.headers()).and_then(|t| state.sessions.check(&t)) {
        Some(_) => next.run(req).await,
        None => ApiError::unauthorized("Unauthorized: a valid token is required (log in first)")
            .into_response(),
    }
}

fn v1() -> Router<Shared> {
    Router::new()
        .route("/auth/login", post(login::login_v1))
        .route("/auth/login-domains", get(login::login_domains))
        .route("/auth/logout", delete(login::logout).post(login::logout))
        .route("/platform/version", get(platform::version))
        .route(
            "/openapi.json",
            get(|| async { axum::Json(crate::openapi::document()) }),
        )
        .route("/users", get(users::list))
        .route("/users/{id}", get(users::get_one))
        .route("/labels", get(users::list_labels).post(users::create_label))
        .route("/sites", get(sites::list).post(sites::create))
        .route(
            "/sites/{id}",
            get(sites::get_one)
                .put(sites::replace)
                .delete(sites::remove),
        )
        .route(
            "/sites/{id}/aci/tenants/{tenant}/devices",
            get(site_lookups::devices),
        )
        .route(
            "/sites/{id}/aci/tenants/{tenant}/devices/{device}/interfaces",
            get(site_lookups::cluster_interfaces),
        )
        .route(
            "/sites/{id}/aci/tenants/{tenant}/redirect-policies",
            get(site_lookups::redirect_policies),
        )
        .route(
            "/sites/{id}/aci/tenants/{tenant}/l3outs",
            get(site_lookups::l3outs),
        )
        .route("/tenants", get(tenants::list).post(tenants::create))
        .route(
            "/tenants/{id}",
            get(tenants::get_one)
                .put(tenants::replace)
                .patch(tenants::patch)
                .delete(tenants::remove),
        )
        .route("/schemas", get(schemas::list).post(schemas::create))
        .route("/schemas/list-identity", get(schemas::list_identity))
        .route(
            "/schemas/service-node-types",
            get(service_node_types::list).post(service_node_types::create),
        )
        .route(
            "/schemas/service-node-types/{id}",
            delete(service_node_types::remove),
        )
        .route(
            "/schemas/{id}",
            get(schemas::get_one)
                .put(schemas::replace)
                .patch(schemas::patch)
                .delete(schemas::remove),
        )
        .route("/schemas/{id}/validate", get(schemas::validate))
        .route(
            "/schemas/{id}/validation-report",
            get(schemas::validation_report),
        )
        .route(
            "/schemas/{id}/policy-states",
            get(deploy::policy_states_route),
        )
        .route(
            "/schemas/{id}/templates/{template}/plan",
            post(deploy::plan_route),
        )
        .route(
            "/schemas/{id}/templates/{template}/import",
            post(deploy::import_route),
        )
        .route("/task", post(deploy::task))
        .route(
            "/execute/schema/{id}/template/{template}",
            get(deploy::execute),
        )
        .route(
            "/status/schema/{id}/template/{template}",
            get(deploy::status),
        )
        .route("/deploy/jobs", get(deploy::jobs))
        .route("/deploy/jobs/{id}", get(deploy::job))
        .route("/infra/sites", get(infra::list))
        .route(
            "/infra/sites/{site}/pods/{pod}",
            axum::routing::put(infra::set_pod),
        )
        .merge(trace::routes())
}

fn v2() -> Router<Shared> {
    Router::new()
        .route("/sites", get(sites::list_v2))
        .route("/sites/manage", post(sites::manage_v2))
        .route("/sites/manage/{id}", delete(sites::unmanage_v2))
}

/// The whole API.
pub fn router(state: Shared) -> Router {
    Router::new()
        .nest("/api/v1", v1())
        .nest("/mso/api/v1", v1())
        .nest("/api/v2", v2())
        .nest("/mso/api/v2", v2())
        .route("/login", post(login::login_nd))
        .route("/logout", post(login::logout))
        .route("/nexus/infra/api/aaa/v4/localusers", get(nd::local_users))
        .route("/nexus/infra/api/aaa/v4/remoteusers", get(nd::remote_users))
        .route(
            "/",
            get(|| async { axum::response::Redirect::to("/ui/schemas") }),
        )
        .route(
            "/ui/",
            get(|| async { axum::response::Redirect::to("/ui/schemas") }),
        )
        .nest("/ui", crate::ui::router())
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), require_token))
        .with_state(state)
}

async fn not_found(req: Request) -> Response {
    ApiError::not_found(format!(
        "no such resource: {} {}",
        req.method(),
        req.uri().path()
    ))
    .into_response()
}
