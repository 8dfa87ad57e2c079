//! Sites: the list (APIC version, pods, reachability) and adding a site, either a real
//! APIC by URL or an emulated APIC started inside this process.

use std::sync::Mutex;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use multisite_store::Doc;
use multisite_store::Store;
use serde_json::json;

use super::form::{Errors, FormData};
use super::layout::{checkbox, general_errors, notice, page, password, respond, text, text_with};
use super::session::Session;
use super::Flash;
use crate::routes::sites::{all_sites, create_site};
use crate::state::Shared;

/// Emulated sites started from the UI; they live as long as the process.
static STARTED: Mutex<Vec<multisite_sitesim::RunningSite>> = Mutex::new(Vec::new());

fn pods_text(doc: &Doc) -> String {
    let pods = doc.body["pods"].as_array().cloned().unwrap_or_default();
    pods.iter()
        .map(|p| {
            format!(
                "pod-{} ({})",
                p["podId"],
                p["tepPool"].as_str().unwrap_or("no TEP pool")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn add_form(form: &FormData, errors: &Errors) -> Markup {
    html! {
        section.panel aria-labelledby="add-site" {
            h2 #add-site { "Add site" }
            (general_errors(errors))
            form method="post" action="/ui/sites" {
                (text("name", "Site name", form.get("name"), errors))
                (text_with("apicSiteId", "APIC site id", form.get("apicSiteId"), errors, "1 to 127"))
                (checkbox("emulated", "Start an emulated APIC here (no URL needed)", form.checked("emulated")))
                (text_with("url", "APIC URL", form.get("url"), errors, "https://apic.example.net"))
                (text("username", "APIC user name", form.get("username"), errors))
                (password("password", "APIC password", errors))
                (text_with("version", "Release of an emulated APIC", form.get("version"), errors, "5.1(4c)"))
                button type="submit" { "Add site" }
            }
        }
    }
}

async fn render(state: &Shared, form: &FormData, errors: &Errors, flash: Option<&str>) -> Markup {
    let sites = sites_with_facts(state).await;
    page(
        "Sites",
        "/ui/sites",
        html! {
            (notice(flash))
            div.layout2 {
                section.panel aria-labelledby="site-list" {
                    h2 #site-list { "Sites" }
                    table {
                        thead { tr { th { "Name" } th { "Site id" } th { "URL" } th { "APIC release" } th { "Pods" } th { "State" } } }
                        tbody {
                            @for s in &sites {
                                tr {
                                    td { (s.name) }
                                    td { (s.body["apicSiteId"].as_str().unwrap_or_default()) }
                                    td { (s.body["urls"][0].as_str().unwrap_or_default()) }
                                    td { (s.body["apicVersion"].as_str().unwrap_or("unknown")) }
                                    td { (pods_text(s)) }
                                    td { (s.body["connectivity"].as_str().unwrap_or(if s.body["embedded"] == json!(true) { "embedded" } else { "unknown" })) }
                                }
                            }
                        }
                    }
                }
                (add_form(form, errors))
            }
        },
    )
}

/// `GET /ui/sites`.
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

/// `POST /ui/sites`.
pub async fn add(_s: Session, State(state): State<Shared>, body: Bytes) -> Response {
    let form = FormData::parse(&body);
    let mut errors = Errors::default();
    errors.require(&form, "name", "The site name");
    let site_id = form.get("apicSiteId");
    match site_id.parse::<u32>() {
        Ok(n) if (1..=127).contains(&n) => {}
        _ => errors.field(
            "apicSiteId",
            "The APIC site id must be a number from 1 to 127",
        ),
    }
    let emulated = form.checked("emulated");
    if !emulated {
        let url = form.get("url");
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            errors.field("url", "The APIC URL must start with http:// or https://");
        }
        errors.require(&form, "username", "The APIC user name");
        if form.get("password").is_empty() {
            errors.field("password", "The APIC password is required");
        }
    }
    let existing = all_sites(&state).await.unwrap_or_default();
    if existing.iter().any(|d| d.name == form.get("name")) {
        errors.field(
            "name",
            format!("A site named '{}' already exists", form.get("name")),
        );
    }
    if existing
        .iter()
        .any(|d| d.body["apicSiteId"].as_str() == Some(site_id))
    {
        errors.field(
            "apicSiteId",
            format!("Site id {site_id} is already used by another site"),
        );
    }
    if !errors.is_empty() {
        return respond(
            StatusCode::BAD_REQUEST,
            render(&state, &form, &errors, None).await,
        );
    }
    let name = form.get("name").to_string();
    let (url, user, pw) = if emulated {
        let pw = crate::auth::generate_password();
        let version = if form.get("version").is_empty() {
            "5.1(4c)"
        } else {
            form.get("version")
        };
        let cfg = multisite_sitesim::SiteConfig {
            name: name.clone(),
            site_id: site_id.parse().unwrap_or(1),
            listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
            apic_version: version.to_string(),
            topology: None,
            data_dir: state.config.data_dir.join("sites").join(&name),
            password: pw.clone(),
        };
        match multisite_sitesim::spawn(cfg).await {
            Ok(site) => {
                let url = site.base_url();
                STARTED.lock().unwrap_or_else(|e| e.into_inner()).push(site);
                (url, "admin".to_string(), pw)
            }
            Err(e) => {
                errors
                    .general
                    .push(format!("The emulated APIC did not start: {e}"));
                return respond(
                    StatusCode::BAD_REQUEST,
                    render(&state, &form, &errors, None).await,
                );
            }
        }
    } else {
        (
            form.get("url").to_string(),
            form.get("username").to_string(),
            form.get("password").to_string(),
        )
    };
    let doc = json!({
        "name": name, "apicSiteId": site_id, "urls": [url], "username": user, "password": pw,
        "labels": [], "location": {"lat": 0.0, "long": 0.0}, "platform": "on-premise",
    });
    match create_site(&state, doc).await {
        Ok(v) => {
            let state_word = v["connectivity"].as_str().unwrap_or("unknown").to_string();
            let msg = format!("Site {name} added ({state_word})");
            Redirect::to(&super::with_msg("/ui/sites", &msg)).into_response()
        }
        Err(e) => {
            let errors = Errors::from_api(
                &e,
                &[
                    ("name", "name"),
                    ("apicSiteId", "apicSiteId"),
                    ("urls", "url"),
                ],
            );
            respond(
                StatusCode::BAD_REQUEST,
                render(&state, &form, &errors, None).await,
            )
        }
    }
}

/// Every site, after reading version and pods from the APIC of those that have no pods
/// recorded yet (the embedded sites are registered before they answer).
pub async fn sites_with_facts(state: &Shared) -> Vec<Doc> {
    let mut docs = all_sites(state).await.unwrap_or_default();
    for d in docs.iter_mut() {
        let has_pods = d.body["pods"].as_array().is_some_and(|p| !p.is_empty());
        if !has_pods {
            crate::routes::site_lookups::refresh_site_facts(d).await;
            if d.body["pods"].as_array().is_some_and(|p| !p.is_empty()) {
                let _ = state
                    .store
                    .put_doc(multisite_store::DocKind::Site, d.clone())
                    .await;
            }
        }
    }
    docs
}

/// A site's display name by id.
pub fn site_name(sites: &[Doc], id: &str) -> String {
    sites
        .iter()
        .find(|d| d.id == id)
        .map(|d| d.name.clone())
        .unwrap_or_else(|| id.to_string())
}
