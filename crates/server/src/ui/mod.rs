//! The web UI: server-rendered pages (maud, no front-end build) that follow the
//! configuration guide's GUI workflow: sites and their infra configuration, tenants,
//! schemas with their templates and site-local settings, import from a site, validation,
//! deployment (followed as a job) and flow traces. Every write goes through the same
//! service functions as the REST API.
//!
//! The UI keeps its own session: a login page that sets the `AuthCookie` cookie, and
//! a redirect to it from every page when the token is missing or expired.

mod deploy;
mod doc;
mod form;
mod import;
mod infra;
mod job;
mod layout;
mod objects;
mod objforms;
mod schemas;
mod session;
mod sitelocal;
mod sites;
mod svg;
mod template;
mod tenants;
mod trace;
mod validate;

use axum::response::Redirect;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use crate::state::Shared;

pub use form::{Errors, FormData};

/// A one-line notice carried by a redirect (`?msg=`).
#[derive(Debug, Default, Deserialize)]
pub struct Flash {
    pub msg: Option<String>,
}

/// `path` with a notice appended as `msg`.
pub fn with_msg(path: &str, msg: &str) -> String {
    let enc: String = msg
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}msg={enc}")
}

/// `/ui/` and unknown UI pages: the start page, or a "not found" page.
async fn fallback(uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    if uri.path() == "/ui/" || uri.path() == "/ui" {
        return Redirect::to("/ui/schemas").into_response();
    }
    let body = maud::html! { p { "There is no page " code { (uri.path()) } "." } p { a href="/ui/schemas" { "Go to the schemas" } } };
    layout::respond(
        axum::http::StatusCode::NOT_FOUND,
        layout::page("Not found", "", body),
    )
}

/// The UI's routes, mounted under `/ui`.
pub fn router() -> Router<Shared> {
    let t = "/schemas/{id}/templates/{t}";
    Router::new()
        .route("/", get(|| async { Redirect::to("/ui/schemas") }))
        .route("/style.css", get(layout::style))
        .route("/login", get(session::login_form).post(session::login))
        .route("/logout", post(session::logout))
        .route("/sites", get(sites::list).post(sites::add))
        .route("/infra", get(infra::show))
        .route("/infra/{site}/{pod}/add", post(infra::add))
        .route("/infra/{site}/{pod}/remove", post(infra::remove))
        .route("/tenants", get(tenants::list).post(tenants::add))
        .route("/schemas", get(schemas::list).post(schemas::create))
        .route("/schemas/{id}", get(schemas::open))
        .route("/schemas/{id}/rename", post(schemas::rename))
        .route("/schemas/{id}/delete", post(schemas::remove))
        .route("/schemas/{id}/templates", post(schemas::add_template))
        .route(t, get(template::view))
        .route(&format!("{t}/settings"), post(schemas::settings))
        .route(&format!("{t}/objects/{{kind}}"), post(template::create))
        .route(
            &format!("{t}/objects/{{kind}}/{{name}}"),
            post(template::update),
        )
        .route(
            &format!("{t}/objects/{{kind}}/{{name}}/delete"),
            post(template::delete),
        )
        .route(
            "/schemas/{id}/sites/{site}/templates/{t}",
            get(sitelocal::view),
        )
        .route(
            "/schemas/{id}/sites/{site}/templates/{t}/{kind}/{name}",
            post(sitelocal::save),
        )
        .route("/schemas/{id}/validate", get(validate::show))
        .route("/trace", get(trace::show))
        .route(
            &format!("{t}/deploy"),
            get(deploy::preview).post(deploy::run),
        )
        .route("/deploy/jobs/{job}", get(job::show))
        .route(&format!("{t}/import"), get(import::show).post(import::run))
        .fallback(fallback)
}
