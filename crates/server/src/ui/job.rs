//! A deploy job's page: the job's state and each site's (state, objects pushed, what is
//! left to change, error). While the job runs, a small script polls the job through the
//! REST API (the session cookie is accepted there) and updates the table, then reloads
//! the page once the job is over; without scripts, the page refreshes itself.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup, PreEscaped};
use multisite_deploy::{Job, Status};

use super::deploy::refusal;
use super::doc::{items, s};
use super::layout::{page, page_with_head, respond};
use super::schemas::template_url;
use super::session::Session;
use crate::routes::sites::all_sites;
use crate::state::Shared;

/// The page of job `id`.
pub fn job_url(id: &str) -> String {
    format!("/ui/deploy/jobs/{id}")
}

/// How a state reads on the page.
pub fn status_text(s: Status) -> &'static str {
    match s {
        Status::Pending => "pending",
        Status::Running => "running",
        Status::Succeeded => "succeeded",
        Status::PartiallySucceeded => "partially succeeded",
        Status::Failed => "failed",
    }
}

fn status_class(s: Status) -> &'static str {
    match s {
        Status::Succeeded => "ok",
        Status::Pending | Status::Running => "muted",
        _ => "bad",
    }
}

/// One line of the sites table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteRow {
    pub site_id: String,
    pub site: String,
    pub status: Status,
    /// Objects pushed and changes left, once the site is done.
    pub counts: Option<(usize, usize)>,
    pub error: String,
}

/// The sites of a job: their results once known; before that, the sites the request
/// names (or the template is bound to), each in the job's own state.
pub fn site_rows(job: &Job, names: &BTreeMap<String, String>) -> Vec<SiteRow> {
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    if !job.sites.is_empty() {
        return job
            .sites
            .iter()
            .map(|(sid, o)| SiteRow {
                site_id: sid.as_str().to_string(),
                site: name(sid.as_str()),
                status: o.status,
                counts: Some((o.objects.len(), o.remaining.len())),
                error: o.error.clone().unwrap_or_default(),
            })
            .collect();
    }
    let expected: Vec<String> = match &job.request.sites {
        Some(list) => list.iter().map(|s| s.as_str().to_string()).collect(),
        None => items(&job.request.schema, "sites")
            .filter(|e| s(e, "templateName") == job.template.as_str())
            .map(|e| s(e, "siteId").to_string())
            .collect(),
    };
    let status = if job.status.is_finished() {
        Status::Failed
    } else {
        job.status
    };
    expected
        .into_iter()
        .map(|sid| SiteRow {
            site: name(&sid),
            site_id: sid,
            status,
            counts: None,
            error: String::new(),
        })
        .collect()
}

/// Polls the job until it is over, keeping the table current, then reloads the page.
const POLL: &str = r#"
document.addEventListener('DOMContentLoaded', function () {
  var box = document.getElementById('job');
  if (!box) { return; }
  var id = box.getAttribute('data-job');
  var words = {pending: 'pending', running: 'running', succeeded: 'succeeded',
               partiallySucceeded: 'partially succeeded', failed: 'failed'};
  var over = ['succeeded', 'partiallySucceeded', 'failed'];
  var note = document.getElementById('job-poll');
  function show(el, st) { if (el) { el.textContent = words[st] || st; } }
  function tick() {
    fetch('/api/v1/deploy/jobs/' + encodeURIComponent(id),
          {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (t) {
        var job = t.job || {};
        if (over.indexOf(job.status) >= 0) { window.location.reload(); return; }
        show(document.getElementById('job-word'), job.status);
        var cells = document.querySelectorAll('td[data-site]');
        for (var i = 0; i < cells.length; i++) {
          var own = (job.sites || {})[cells[i].getAttribute('data-site')];
          show(cells[i], own ? own.status : job.status);
        }
        note.textContent = 'Checked at ' + new Date().toLocaleTimeString() + '.';
        setTimeout(tick, 1000);
      })
      .catch(function (e) {
        note.textContent = 'Could not read the job (' + e.message + '); trying again.';
        setTimeout(tick, 3000);
      });
  }
  setTimeout(tick, 500);
});
"#;

/// The job's state line, its error, and the sites table.
pub fn job_body(job: &Job, rows: &[SiteRow]) -> Markup {
    let t = job.template.as_str();
    let running = !job.status.is_finished();
    html! {
        p { a href=(template_url(&job.schema_id, t)) { "← Back to template " (t) } }
        div #job data-job=(job.id) {
            p role="status" aria-live="polite" class=(status_class(job.status)) {
                "Deployment of " (t) ": " span #job-word { (status_text(job.status)) }
            }
            @if let Some(e) = &job.error { (refusal(e)) }
            table {
                thead { tr { th { "Site" } th { "Result" } th { "Objects pushed" } th { "Left to change" } th { "Error" } } }
                tbody {
                    @for r in rows {
                        tr {
                            td { (r.site) }
                            @if running {
                                td class=(status_class(r.status)) data-site=(r.site_id) { (status_text(r.status)) }
                            } @else {
                                td class=(status_class(r.status)) { (status_text(r.status)) }
                            }
                            td { (r.counts.map_or("—".to_string(), |c| c.0.to_string())) }
                            td { (r.counts.map_or("—".to_string(), |c| c.1.to_string())) }
                            td { (r.error) }
                        }
                    }
                }
            }
            @if running {
                p.muted #job-poll { "The deployment is under way; this page follows it." }
            } @else {
                p.muted { "Job " code { (job.id) } }
            }
        }
    }
}

/// `GET /ui/deploy/jobs/{id}`.
pub async fn show(_s: Session, State(state): State<Shared>, Path(id): Path<String>) -> Response {
    let job = match state.deployer.job_status(&id).await {
        Ok(job) => job,
        Err(e) => {
            let body = html! { p { "There is no deploy job " code { (id) } ": " (e.to_string()) } };
            return respond(
                StatusCode::NOT_FOUND,
                page("Deploy job", "/ui/schemas", body),
            );
        }
    };
    let names: BTreeMap<String, String> = all_sites(&state)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let rows = site_rows(&job, &names);
    let head = if job.status.is_finished() {
        html! {}
    } else {
        html! {
            noscript { meta http-equiv="refresh" content="2"; }
            script { (PreEscaped(POLL)) }
        }
    };
    let title = format!("Deploy {}", job.template.as_str());
    respond(
        StatusCode::OK,
        page_with_head(&title, "/ui/schemas", head, job_body(&job, &rows)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use multisite_deploy::{Action, DeployRequest, SiteOutcome};
    use multisite_model::SiteId;
    use serde_json::json;

    fn job(status: Status, sites: BTreeMap<SiteId, SiteOutcome>) -> Job {
        let schema = json!({"id": "S", "sites": [
            {"siteId": "s1", "templateName": "t"}, {"siteId": "s2", "templateName": "t"},
            {"siteId": "s3", "templateName": "other"}]});
        Job {
            id: "j1".into(),
            schema_id: "S".into(),
            template: "t".into(),
            action: Action::Deploy,
            status,
            created_ms: 0,
            targets: Vec::new(),
            sites,
            error: None,
            request: DeployRequest::new(schema, "t", BTreeMap::new()),
        }
    }

    fn names() -> BTreeMap<String, String> {
        BTreeMap::from([("s1".to_string(), "site1".to_string())])
    }

    #[test]
    fn a_running_job_lists_the_template_sites() {
        let rows = site_rows(&job(Status::Running, BTreeMap::new()), &names());
        let got: Vec<(&str, Status)> = rows.iter().map(|r| (r.site.as_str(), r.status)).collect();
        assert_eq!(got, [("site1", Status::Running), ("s2", Status::Running)]);
        let html = job_body(&job(Status::Running, BTreeMap::new()), &rows).into_string();
        assert!(html.contains(r#"data-site="s1""#), "{html}");
        assert!(html.contains("this page follows it"), "{html}");
    }

    #[test]
    fn a_finished_job_shows_each_site_result() {
        let mut failed = SiteOutcome::pending();
        failed.status = Status::Failed;
        failed.error = Some("site did not answer".into());
        failed.remaining = vec!["create fvCtx".into()];
        let mut ok = SiteOutcome::pending();
        ok.status = Status::Succeeded;
        let sites = BTreeMap::from([(SiteId::from("s1"), ok), (SiteId::from("s2"), failed)]);
        let j = job(Status::PartiallySucceeded, sites);
        let rows = site_rows(&j, &names());
        assert_eq!(rows[0].counts, Some((0, 0)));
        assert_eq!(rows[1].counts, Some((0, 1)));
        assert_eq!(rows[1].error, "site did not answer");
        let html = job_body(&j, &rows).into_string();
        assert!(html.contains("partially succeeded"), "{html}");
        assert!(
            !html.contains("data-site="),
            "a finished job is not followed"
        );
    }
}
