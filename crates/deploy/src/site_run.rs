//! One site's share of a job: read what the site holds under the schema's tenants,
//! render its desired objects, diff them against the part of the site the schema may
//! touch, push the changes one object at a time (with retries), read back and check that
//! nothing is left.

use std::collections::BTreeSet;
use std::sync::Arc;

use multisite_render::{changes_text, diff, render_site, Change, MoSet, RenderContext, SiteId};

use crate::job::{DeployRequest, ObjectResult, SiteOutcome, Status};
use crate::site::{RetryPolicy, SiteHandle};

/// Everything one site's reconcile needs, owned so that it can run on its own task.
pub(crate) struct SiteRun {
    pub(crate) handle: SiteHandle,
    pub(crate) request: Arc<DeployRequest>,
    pub(crate) ctx: Arc<RenderContext>,
    pub(crate) roots: Arc<Vec<String>>,
    pub(crate) inventory: BTreeSet<String>,
    pub(crate) retry: RetryPolicy,
}

/// The site as this schema's diff must see it: the owned objects this schema put there or
/// wants there stay as they are; objects another schema deployed count as not ours (they
/// are never deleted and keep their parents alive, like the site admins' objects).
pub(crate) fn scoped(observed: &MoSet, desired: &MoSet, inventory: &BTreeSet<String>) -> MoSet {
    observed
        .iter()
        .map(|m| {
            if m.is_owned() && !desired.contains(&m.dn) && !inventory.contains(&m.dn) {
                let mut foreign = m.clone();
                foreign.attrs.insert("annotation".into(), String::new());
                foreign
            } else {
                m.clone()
            }
        })
        .collect()
}

impl SiteRun {
    pub(crate) async fn read(&self) -> Result<MoSet, String> {
        let mut all = MoSet::new();
        for root in self.roots.iter() {
            let api = self.handle.api.clone();
            let (res, _) = self
                .retry
                .run(|| {
                    let api = api.clone();
                    let root = root.clone();
                    Box::pin(async move { api.read_subtree(&root).await })
                })
                .await;
            all.extend(res.map_err(|e| format!("reading {root}: {e}"))?);
        }
        Ok(all)
    }

    pub(crate) fn plan(&self, observed: &MoSet) -> Result<(MoSet, Vec<Change>), String> {
        let desired = render_site(&self.request.schema, &self.ctx, &self.handle.info.id)
            .map_err(|e| e.to_string())?;
        let changes = diff(&desired, &scoped(observed, &desired, &self.inventory));
        Ok((desired, changes))
    }

    async fn push(&self, changes: &[Change]) -> Vec<ObjectResult> {
        let mut results = Vec::new();
        for change in changes {
            let api = self.handle.api.clone();
            let (res, attempts) = self
                .retry
                .run(|| {
                    let api = api.clone();
                    let change = change.clone();
                    Box::pin(async move {
                        match &change {
                            Change::Delete { dn, .. } => api.delete(dn).await,
                            other => api.post(other.dn(), &other.post_body()).await,
                        }
                    })
                })
                .await;
            results.push(ObjectResult {
                dn: change.dn().to_string(),
                class: change.class().to_string(),
                action: change.verb().to_string(),
                ok: res.is_ok(),
                error: res.err().map(|e| e.message),
                attempts,
            });
        }
        results
    }

    /// One round on this site. Returns the outcome, what the site holds afterwards, and
    /// the owned objects that now belong to the schema there.
    pub(crate) async fn round(
        self,
        outcome: SiteOutcome,
    ) -> (SiteId, SiteOutcome, Option<MoSet>, BTreeSet<String>) {
        let id = self.handle.info.id.clone();
        let mut outcome = outcome;
        let fail = |mut o: SiteOutcome, e: String| {
            o.status = Status::Failed;
            o.error = Some(e);
            o
        };
        let observed = match self.read().await {
            Ok(o) => o,
            Err(e) => return (id, fail(outcome, e), None, self.inventory.clone()),
        };
        let (desired, changes) = match self.plan(&observed) {
            Ok(p) => p,
            Err(e) => return (id, fail(outcome, e), Some(observed), self.inventory.clone()),
        };
        let results = self.push(&changes).await;
        let failed = results.iter().filter(|r| !r.ok).count();
        outcome.objects.extend(results);
        let after = match self.read().await {
            Ok(a) => a,
            Err(e) => return (id, fail(outcome, e), None, self.inventory.clone()),
        };
        let left = diff(&desired, &scoped(&after, &desired, &self.inventory));
        outcome.remaining = left.iter().map(Change::to_line).collect();
        let inventory: BTreeSet<String> = after
            .iter()
            .filter(|m| m.is_owned() && (desired.contains(&m.dn) || self.inventory.contains(&m.dn)))
            .map(|m| m.dn.clone())
            .collect();
        if failed > 0 {
            outcome = fail(outcome, format!("{failed} object change(s) failed"));
        } else if !left.is_empty() {
            outcome = fail(
                outcome,
                format!("the site did not converge:\n{}", changes_text(&left)),
            );
        } else {
            outcome.status = Status::Succeeded;
            outcome.error = None;
        }
        (id, outcome, Some(after), inventory)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use multisite_render::diff;

    #[test]
    fn another_schemas_objects_are_neither_deleted_nor_left_unprotected() {
        let observed = MoSet::parse_listing(
            "uni/tn-t fvTenant annotation=orchestrator:msc name=t\n\
             uni/tn-t/ctx-mine fvCtx annotation=orchestrator:msc name=mine\n\
             uni/tn-t/ctx-theirs fvCtx annotation=orchestrator:msc name=theirs\n",
        )
        .unwrap();
        let inventory: BTreeSet<String> = ["uni/tn-t", "uni/tn-t/ctx-mine"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let changes = diff(&MoSet::new(), &scoped(&observed, &MoSet::new(), &inventory));
        let text = multisite_render::changes_text(&changes);
        assert_eq!(text, "- uni/tn-t/ctx-mine fvCtx\n");
    }
}
