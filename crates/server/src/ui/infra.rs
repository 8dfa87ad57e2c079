//! Infrastructure > Infra Configuration: the external TEP pools of each site's pods,
//! kept in the site document's `pods[].externalTepPools` through the model's `Site`.
//! A new pool is refused, with the reason, when it overlaps any other external pool or
//! any fabric TEP pool of any site.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use multisite_model::{Cidr, Site};
use multisite_store::{Doc, DocKind, Store};
use serde::Deserialize;

use super::form::{Errors, FormData};
use super::layout::{general_errors, notice, page, respond, text_with};
use super::session::Session;
use crate::routes::sites::all_sites;
use crate::state::Shared;

#[derive(Debug, Default, Deserialize)]
pub struct InfraQuery {
    pub site: Option<String>,
    pub msg: Option<String>,
}

/// Why a pool cannot be added, or `None`.
pub fn conflict(sites: &[Site], new: Cidr) -> Option<String> {
    for s in sites {
        for p in &s.pods {
            if let Some(t) = p.tep_pool {
                if t.overlaps(new) {
                    return Some(format!(
                        "{new} overlaps the fabric TEP pool {t} of {} pod-{}",
                        s.name, p.pod_id
                    ));
                }
            }
            for e in &p.external_tep_pools {
                if e.overlaps(new) {
                    return Some(format!(
                        "{new} overlaps the external TEP pool {e} of {} pod-{}",
                        s.name, p.pod_id
                    ));
                }
            }
        }
    }
    None
}

fn parse_sites(docs: &[Doc]) -> Vec<Site> {
    docs.iter()
        .filter_map(|d| Site::from_client(&d.id, d.body.clone()).ok())
        .collect()
}

fn pool_field(pod: i64) -> String {
    format!("pool-{pod}")
}

async fn render(
    state: &Shared,
    selected: Option<&str>,
    errors: &Errors,
    typed: &str,
    flash: Option<&str>,
) -> Markup {
    let docs = super::sites::sites_with_facts(state).await;
    let sites = parse_sites(&docs);
    let current = selected
        .and_then(|id| sites.iter().find(|s| s.id.as_str() == id))
        .or(sites.first());
    page(
        "Infra Configuration",
        "/ui/infra",
        html! {
            (notice(flash))
            div.layout2 style="grid-template-columns:220px 1fr" {
                aside.side aria-label="Sites" {
                    h2 { "Sites" }
                    ul {
                        @for s in &sites {
                            li {
                                a href={ "/ui/infra?site=" (s.id.as_str()) }
                                  aria-current=[current.is_some_and(|c| c.id == s.id).then_some("true")] { (s.name) }
                            }
                        }
                    }
                }
                @if let Some(site) = current {
                    section.panel aria-labelledby="site-infra" {
                        h2 #site-infra { (site.name) " — APIC " (site.apic_version) }
                        (general_errors(errors))
                        @if site.pods.is_empty() { p.muted { "The site reported no pods." } }
                        @for pod in &site.pods {
                            div.area {
                                h3 { "pod-" (pod.pod_id) }
                                p { "Fabric TEP pool: " (pod.tep_pool.map(|t| t.to_string()).unwrap_or_else(|| "unknown".into())) }
                                table {
                                    caption { "External TEP pools" }
                                    thead { tr { th { "Pool" } th { span.muted { "Action" } } } }
                                    tbody {
                                        @if pod.external_tep_pools.is_empty() { tr { td colspan="2" { span.muted { "none" } } } }
                                        @for e in &pod.external_tep_pools {
                                            tr {
                                                td { (e) }
                                                td {
                                                    form method="post" action={ "/ui/infra/" (site.id.as_str()) "/" (pod.pod_id) "/remove" } {
                                                        input type="hidden" name="pool" value=(e.to_string());
                                                        button.danger type="submit" aria-label={ "Remove " (e) } { "Remove" }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                                form.row method="post" action={ "/ui/infra/" (site.id.as_str()) "/" (pod.pod_id) "/add" } {
                                    (text_with(&pool_field(pod.pod_id), "Add TEP Pool", if errors.get(&pool_field(pod.pod_id)).is_some() { typed } else { "" }, errors, "172.16.1.0/24"))
                                    div.field { button type="submit" { "+ Add TEP Pool" } }
                                }
                            }
                        }
                    }
                } @else {
                    p { "No site yet: add one under Sites." }
                }
            }
        },
    )
}

/// `GET /ui/infra`.
pub async fn show(
    _s: Session,
    State(state): State<Shared>,
    Query(q): Query<InfraQuery>,
) -> Response {
    respond(
        StatusCode::OK,
        render(
            &state,
            q.site.as_deref(),
            &Errors::default(),
            "",
            q.msg.as_deref(),
        )
        .await,
    )
}

async fn save(state: &Shared, site: &Site) -> Result<(), String> {
    let name = site.name.clone();
    let doc = Doc {
        id: site.id.as_str().to_string(),
        name,
        body: site.to_stored_json(),
    };
    state
        .store
        .put_doc(DocKind::Site, doc)
        .await
        .map_err(|e| e.to_string())
}

/// `POST /ui/infra/{site}/{pod}/add`.
pub async fn add(
    _s: Session,
    State(state): State<Shared>,
    Path((site_id, pod_id)): Path<(String, i64)>,
    body: Bytes,
) -> Response {
    let form = FormData::parse(&body);
    let field = pool_field(pod_id);
    let typed = form.get(&field).to_string();
    let mut errors = Errors::default();
    let docs = all_sites(&state).await.unwrap_or_default();
    let sites = parse_sites(&docs);
    let Some(mut site) = sites.iter().find(|s| s.id.as_str() == site_id).cloned() else {
        return Redirect::to("/ui/infra").into_response();
    };
    match Cidr::parse(&typed) {
        Err(e) if typed.is_empty() => {
            let _ = e;
            errors.field(&field, "The TEP pool is required (a.b.c.d/n)");
        }
        Err(e) => errors.field(&field, e.to_string()),
        Ok(cidr) => match conflict(&sites, cidr) {
            Some(reason) => errors.field(&field, format!("Refused: {reason}; every pod needs its own pool that overlaps no other TEP pool")),
            None => match site.pods.iter_mut().find(|p| p.pod_id == pod_id) {
                Some(pod) => {
                    pod.external_tep_pools.push(cidr);
                    pod.external_tep_pools.sort();
                    match save(&state, &site).await {
                        Ok(()) => {
                            let to = super::with_msg(&format!("/ui/infra?site={site_id}"), &format!("TEP pool {cidr} added to {} pod-{pod_id}", site.name));
                            return Redirect::to(&to).into_response();
                        }
                        Err(e) => errors.general.push(e),
                    }
                }
                None => errors.general.push(format!("{} has no pod {pod_id}", site.name)),
            },
        },
    }
    respond(
        StatusCode::BAD_REQUEST,
        render(&state, Some(&site_id), &errors, &typed, None).await,
    )
}

/// `POST /ui/infra/{site}/{pod}/remove`.
pub async fn remove(
    _s: Session,
    State(state): State<Shared>,
    Path((site_id, pod_id)): Path<(String, i64)>,
    body: Bytes,
) -> Response {
    let form = FormData::parse(&body);
    let docs = all_sites(&state).await.unwrap_or_default();
    let mut sites = parse_sites(&docs);
    let Some(site) = sites.iter_mut().find(|s| s.id.as_str() == site_id) else {
        return Redirect::to("/ui/infra").into_response();
    };
    let pool = form.get("pool").to_string();
    if let Some(pod) = site.pods.iter_mut().find(|p| p.pod_id == pod_id) {
        pod.external_tep_pools.retain(|c| c.to_string() != pool);
    }
    let msg = match save(&state, site).await {
        Ok(()) => format!("TEP pool {pool} removed"),
        Err(e) => e,
    };
    Redirect::to(&super::with_msg(&format!("/ui/infra?site={site_id}"), &msg)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn site(name: &str, tep: &str, ext: &[&str]) -> Site {
        Site::from_client(
            name,
            json!({"name": name, "pods": [{"podId": 1, "tepPool": tep, "externalTepPools": ext}]}),
        )
        .unwrap()
    }

    #[test]
    fn overlapping_pools_are_refused_with_the_reason() {
        let sites = vec![
            site("site1", "10.1.0.0/16", &["172.16.1.0/24"]),
            site("site2", "10.2.0.0/16", &[]),
        ];
        assert_eq!(
            conflict(&sites, Cidr::parse("172.16.2.0/24").unwrap()),
            None
        );
        let r = conflict(&sites, Cidr::parse("172.16.1.128/25").unwrap()).unwrap();
        assert!(
            r.contains("external TEP pool 172.16.1.0/24 of site1 pod-1"),
            "{r}"
        );
        let r = conflict(&sites, Cidr::parse("10.0.0.0/8").unwrap()).unwrap();
        assert!(r.contains("fabric TEP pool 10.1.0.0/16 of site1"), "{r}");
    }
}
