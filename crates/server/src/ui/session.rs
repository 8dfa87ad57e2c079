//! The UI's own session check: the login page, the `AuthCookie` cookie (HttpOnly,
//! SameSite=Lax) holding an API token, and the [`Session`] extractor that sends a
//! visitor without a live token to the login page.

use axum::body::Bytes;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use multisite_store::{DocKind, Store};
use serde_json::Value;

use super::form::{Errors, FormData};
use super::layout::{general_errors, password, respond, text};
use crate::auth::{request_token, verify_password};
use crate::state::Shared;

/// The cookie that carries the token.
pub const COOKIE: &str = "AuthCookie";

/// Proof that the visitor has a live session.
#[derive(Debug, Clone)]
pub struct Session;

impl FromRequestParts<Shared> for Session {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Shared,
    ) -> Result<Self, Self::Rejection> {
        match request_token(&parts.headers).and_then(|t| state.sessions.check(&t)) {
            Some(_) => Ok(Session),
            None => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/ui/schemas");
                let target = if parts.method == axum::http::Method::GET {
                    next
                } else {
                    "/ui/schemas"
                };
                Err(Redirect::to(&format!("/ui/login?next={}", encode(target))).into_response())
            }
        }
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Only same-site paths are followed after login.
fn safe_next(next: &str) -> &str {
    if next.starts_with("/ui") && !next.starts_with("//") {
        next
    } else {
        "/ui/schemas"
    }
}

fn login_page(next: &str, user: &str, errors: &Errors) -> maud::Markup {
    html! {
        (maud::DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { "Log in · multisite" }
                link rel="stylesheet" href="/ui/style.css";
            }
            body {
                main #main.login {
                    div.panel style="max-width:380px;margin:60px auto" {
                        h1 { "multisite" }
                        p.muted { "Multi-site orchestrator" }
                        (general_errors(errors))
                        form method="post" action="/ui/login" {
                            input type="hidden" name="next" value=(next);
                            (text("username", "User name", user, errors))
                            (password("password", "Password", errors))
                            button type="submit" { "Log in" }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /ui/login`.
pub async fn login_form(Query(q): Query<std::collections::BTreeMap<String, String>>) -> Response {
    let next = q.get("next").map(String::as_str).unwrap_or("/ui/schemas");
    respond(
        StatusCode::OK,
        login_page(safe_next(next), "admin", &Errors::default()),
    )
}

/// `POST /ui/login`: check the password as the API does, then set the cookie.
pub async fn login(State(state): State<Shared>, body: Bytes) -> Response {
    let form = FormData::parse(&body);
    let (user, pw) = (form.get("username"), form.get("password"));
    let next = safe_next(form.get("next")).to_string();
    let mut errors = Errors::default();
    errors.require(&form, "username", "The user name");
    if pw.is_empty() {
        errors.field("password", "The password is required");
    }
    if errors.is_empty() {
        let users = match state.store.list_docs(DocKind::User).await {
            Ok(u) => u,
            Err(e) => {
                errors.general.push(e.to_string());
                Vec::new()
            }
        };
        let ok = users.iter().find(|d| d.name == user).is_some_and(|d| {
            verify_password(
                pw,
                d.body
                    .get("passwordHash")
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
            )
        });
        if ok {
            let token = state.sessions.open(user);
            let cookie = format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax");
            return (
                StatusCode::SEE_OTHER,
                [(header::SET_COOKIE, cookie), (header::LOCATION, next)],
            )
                .into_response();
        }
        if errors.general.is_empty() {
            errors.field("password", "Invalid user name or password");
        }
    }
    respond(StatusCode::UNAUTHORIZED, login_page(&next, user, &errors))
}

/// `POST /ui/logout`: forget the cookie.
pub async fn logout() -> Response {
    let cookie = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    (
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, cookie),
            (header::LOCATION, "/ui/login".to_string()),
        ],
    )
        .into_response()
}
