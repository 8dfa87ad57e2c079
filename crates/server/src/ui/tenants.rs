//! Tenants: the list with their sites, and adding one associated with sites.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use serde_json::json;

use super::form::{Errors, FormData};
use super::layout::{checkbox_value, general_errors, notice, page, respond, text};
use super::session::Session;
use super::sites::site_name;
use super::Flash;
use crate::routes::sites::all_sites;
use crate::routes::tenants::{all_tenants, create_tenant};
use crate::state::Shared;

async fn render(state: &Shared, form: &FormData, errors: &Errors, flash: Option<&str>) -> Markup {
    let tenants = all_tenants(state).await.unwrap_or_default();
    let sites = all_sites(state).await.unwrap_or_default();
    page(
        "Tenants",
        "/ui/tenants",
        html! {
            (notice(flash))
            div.layout2 {
                section.panel aria-labelledby="tenant-list" {
                    h2 #tenant-list { "Tenants" }
                    table {
                        thead { tr { th { "Name" } th { "Sites" } } }
                        tbody {
                            @for t in &tenants {
                                tr {
                                    td { (t["name"].as_str().unwrap_or_default()) }
                                    td {
                                        @for (i, a) in t["siteAssociations"].as_array().cloned().unwrap_or_default().iter().enumerate() {
                                            @if i > 0 { ", " }
                                            (site_name(&sites, a["siteId"].as_str().unwrap_or_default()))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                section.panel aria-labelledby="add-tenant" {
                    h2 #add-tenant { "Add tenant" }
                    (general_errors(errors))
                    form method="post" action="/ui/tenants" {
                        (text("name", "Tenant name", form.get("name"), errors))
                        fieldset {
                            legend { "Associated sites" }
                            @for s in &sites {
                                (checkbox_value("site", &format!("f-site-{}", s.name), &s.id, &s.name, form.all("site").contains(&s.id.as_str())))
                            }
                        }
                        button type="submit" { "Add tenant" }
                    }
                }
            }
        },
    )
}

/// `GET /ui/tenants`.
pub async fn list(
    _s: Session,
    State(state): State<Shared>,
    Query(flash): Query<Flash>,
) -> Response {
    respond(
        StatusCode::OK,
        render(
            &state,
            &FormData::default(),
            &Errors::default(),
            flash.msg.as_deref(),
        )
        .await,
    )
}

/// `POST /ui/tenants`.
pub async fn add(_s: Session, State(state): State<Shared>, body: Bytes) -> Response {
    let form = FormData::parse(&body);
    let mut errors = Errors::default();
    errors.require(&form, "name", "The tenant name");
    if errors.is_empty() {
        let assoc: Vec<_> = form
            .all("site")
            .iter()
            .map(|s| json!({"siteId": s, "securityDomains": []}))
            .collect();
        let doc = json!({"name": form.get("name"), "displayName": form.get("name"), "siteAssociations": assoc, "userAssociations": []});
        match create_tenant(&state, doc).await {
            Ok(_) => {
                return Redirect::to(&super::with_msg(
                    "/ui/tenants",
                    &format!("Tenant {} added", form.get("name")),
                ))
                .into_response()
            }
            Err(e) => {
                errors = Errors::from_api(&e, &[("name", "name"), ("siteAssociations", "site")])
            }
        }
    }
    respond(
        StatusCode::BAD_REQUEST,
        render(&state, &form, &errors, None).await,
    )
}
