//! Validate: every finding of the schema's validation report, each linked to the
//! object it concerns (the template view or the site-local view, with that object's
//! form open).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use super::layout::{page, respond};
use super::objects::Kind;
use super::session::Session;
use super::with_msg;
use crate::state::Shared;

/// The page and form a finding's path points at, when it names an object.
pub fn link_for(schema_id: &str, path: &str) -> Option<String> {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["templates", t, "anps", a, "epgs", e, ..] => Some(format!(
            "/ui/schemas/{schema_id}/templates/{t}?edit=epg&name={e}&anp={a}"
        )),
        ["templates", t, coll, name, ..] => {
            let kind = super::objects::KINDS
                .into_iter()
                .find(|k| k.collection() == *coll && *k != Kind::Epg)?;
            Some(format!(
                "/ui/schemas/{schema_id}/templates/{t}?edit={}&name={name}",
                kind.slug()
            ))
        }
        ["templates", t, ..] => Some(format!("/ui/schemas/{schema_id}/templates/{t}")),
        ["sites", key, rest @ ..] => {
            let (site, t) = key.split_once('-')?;
            let base = format!("/ui/schemas/{schema_id}/sites/{site}/templates/{t}");
            let edit = match rest {
                ["serviceGraphs", n, ..] => Some(("service-graph", n)),
                ["contracts", n, ..] => Some(("contract", n)),
                ["externalEpgs", n, ..] => Some(("external-epg", n)),
                _ => None,
            };
            Some(match edit {
                Some((k, n)) => format!("{base}?edit={k}&name={n}"),
                None => base,
            })
        }
        ["infra", "sites", site, ..] => Some(format!("/ui/infra?site={site}")),
        _ => None,
    }
}

/// `GET /ui/schemas/{id}/validate`.
pub async fn show(_s: Session, State(state): State<Shared>, Path(id): Path<String>) -> Response {
    let guard = match state.schemas.lock(&state.store, &id).await {
        Ok(g) => g,
        Err(e) => return Redirect::to(&with_msg("/ui/schemas", &e.message)).into_response(),
    };
    let name = guard.schema().display_name().to_string();
    let report = crate::validation::report(&state, guard.schema()).await;
    drop(guard);
    let body = match report {
        Err(e) => {
            html! { div.errors role="alert" { p.error { "Validation could not run: " (e.message) } } }
        }
        Ok(report) => {
            let errors = report.errors().count();
            let warnings = report.warnings().count();
            html! {
                @if report.findings.is_empty() {
                    p.ok role="status" { "Validation passed: no finding." }
                } @else {
                    p role="status" class=(if errors > 0 { "bad" } else { "ok" }) {
                        (errors) " error(s), " (warnings) " warning(s)"
                    }
                    table {
                        thead { tr { th { "Severity" } th { "Code" } th { "Object" } th { "What to change" } } }
                        tbody {
                            @for f in &report.findings {
                                tr {
                                    td class={ "sev-" (f.severity) } { (f.severity) }
                                    td { code { (f.code) } }
                                    td {
                                        @match link_for(&id, &f.path) {
                                            Some(href) => a href=(href) { (f.path) },
                                            None => code { (f.path) },
                                        }
                                    }
                                    td { (f.message) }
                                }
                            }
                        }
                    }
                }
                p { a href={ "/ui/schemas/" (id) } { "← Back to the schema" } }
            }
        }
    };
    respond(
        StatusCode::OK,
        page(&format!("Validate {name}"), "/ui/schemas", body),
    )
}

#[cfg(test)]
mod tests {
    use super::link_for;

    #[test]
    fn findings_link_to_their_objects() {
        let cases = [
            (
                "/templates/t1/contracts/c1",
                Some("/ui/schemas/S/templates/t1?edit=contract&name=c1"),
            ),
            (
                "/templates/t1/anps/app/epgs/web/contractRelationships/0",
                Some("/ui/schemas/S/templates/t1?edit=epg&name=web&anp=app"),
            ),
            (
                "/templates/t1/intersiteL3outs/l1",
                Some("/ui/schemas/S/templates/t1?edit=l3out&name=l1"),
            ),
            (
                "/sites/abc-t1/serviceGraphs/sg",
                Some("/ui/schemas/S/sites/abc/templates/t1?edit=service-graph&name=sg"),
            ),
            (
                "/sites/abc-t1/contracts/c1/serviceGraphRelationship",
                Some("/ui/schemas/S/sites/abc/templates/t1?edit=contract&name=c1"),
            ),
            ("/infra/sites/abc/pods/1", Some("/ui/infra?site=abc")),
            ("/templates/t1", Some("/ui/schemas/S/templates/t1")),
            ("", None),
        ];
        for (path, want) in cases {
            assert_eq!(link_for("S", path).as_deref(), want, "{path}");
        }
    }
}
