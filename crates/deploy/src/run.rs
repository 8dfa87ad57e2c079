//! The executor's jobs. A job reconciles every site where the schema is (or was, before
//! an undeploy) deployed: first it reads every such site (so that each render knows the
//! other sites' ids), then it runs one round per site (`site_run`: render, diff, push,
//! verify), then a second round that picks up the ids the first round allocated (remote
//! ids). Sites run concurrently; one failing site does not stop the others.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use multisite_render::{Change, RenderContext, SiteId, TemplateName};
use multisite_store::Store;
use tokio::sync::Mutex;

use crate::job::{self, Action, DeployRequest, DeployState, Job, PolicyState, SiteOutcome, Status};
use crate::site::{RetryPolicy, SiteHandle};
use crate::site_run::SiteRun;
use crate::DeployError;

/// Runs deploy jobs against the known sites and keeps them in the store.
pub struct Deployer<S: Store> {
    store: Arc<S>,
    sites: RwLock<BTreeMap<SiteId, SiteHandle>>,
    retry: RetryPolicy,
    /// One job at a time: jobs read and write the same deployment state.
    running: Mutex<()>,
}

/// What a reconcile did.
struct Reconciled {
    outcomes: BTreeMap<SiteId, SiteOutcome>,
    deployed: BTreeSet<(SiteId, TemplateName)>,
    inventories: BTreeMap<SiteId, BTreeSet<String>>,
    targets: Vec<SiteId>,
}

fn job_id() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{nanos:x}-{:x}", N.fetch_add(1, Ordering::Relaxed))
}

impl<S: Store + 'static> Deployer<S> {
    pub fn new(store: Arc<S>, sites: Vec<SiteHandle>) -> Deployer<S> {
        let sites = sites.into_iter().map(|s| (s.info.id.clone(), s)).collect();
        Deployer {
            store,
            sites: RwLock::new(sites),
            retry: RetryPolicy::default(),
            running: Mutex::new(()),
        }
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Deployer<S> {
        self.retry = retry;
        self
    }

    /// Add or replace a site.
    pub fn set_site(&self, handle: SiteHandle) {
        if let Ok(mut sites) = self.sites.write() {
            sites.insert(handle.info.id.clone(), handle);
        }
    }

    pub fn remove_site(&self, id: &SiteId) {
        if let Ok(mut sites) = self.sites.write() {
            sites.remove(id);
        }
    }

    fn site_handles(&self) -> BTreeMap<SiteId, SiteHandle> {
        self.sites.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// Deploy a template onto its sites (or the request's) and wait for the result.
    pub async fn deploy_template(&self, request: DeployRequest) -> Result<Job, DeployError> {
        let job = self.submit(request, Action::Deploy).await?;
        self.run(job).await
    }

    /// Take a template away from its sites (or the request's): remove what only it needed.
    pub async fn undeploy(&self, request: DeployRequest) -> Result<Job, DeployError> {
        let job = self.submit(request, Action::Undeploy).await?;
        self.run(job).await
    }

    /// Record a pending job without running it (run it with [`Deployer::run`]).
    pub async fn submit(&self, request: DeployRequest, action: Action) -> Result<Job, DeployError> {
        let schema_id = request.schema_id();
        if schema_id.is_empty() {
            return Err(DeployError::Request("the schema document has no id".into()));
        }
        let job = Job {
            id: job_id(),
            schema_id,
            template: request.template.clone(),
            action,
            status: Status::Pending,
            created_ms: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() as u64)
                .unwrap_or(0),
            targets: Vec::new(),
            sites: BTreeMap::new(),
            error: None,
            request,
        };
        job::save_job(&*self.store, &job).await?;
        Ok(job)
    }

    pub async fn job_status(&self, id: &str) -> Result<Job, DeployError> {
        job::load_job(&*self.store, id).await
    }

    /// Every job in the store.
    pub async fn jobs(&self) -> Result<Vec<Job>, DeployError> {
        job::list_jobs(&*self.store).await
    }

    /// Which templates of a schema are deployed on which sites.
    pub async fn deployed(
        &self,
        schema_id: &str,
    ) -> Result<BTreeSet<(SiteId, TemplateName)>, DeployError> {
        Ok(job::load_state(&*self.store, schema_id).await?.deployed)
    }

    /// Per (site, template) binding of the schema: deployed or not, and the last job.
    pub async fn policy_states(
        &self,
        request_schema: &serde_json::Value,
    ) -> Result<Vec<PolicyState>, DeployError> {
        let schema_id = request_schema
            .get("id")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string();
        let ctx = RenderContext {
            sites: self
                .site_handles()
                .values()
                .map(|h| h.info.clone())
                .collect(),
            ..Default::default()
        };
        let bound = multisite_render::bindings(request_schema, &ctx)?;
        let state = job::load_state(&*self.store, &schema_id).await?;
        let mut jobs: Vec<Job> = job::list_jobs(&*self.store)
            .await?
            .into_iter()
            .filter(|j| j.schema_id == schema_id)
            .collect();
        jobs.sort_by(|a, b| (a.created_ms, &a.id).cmp(&(b.created_ms, &b.id)));
        Ok(bound
            .into_iter()
            .map(|(site, template)| {
                let last = jobs
                    .iter()
                    .rev()
                    .find(|j| j.template == template && j.targets.contains(&site));
                PolicyState {
                    deployed: state.deployed.contains(&(site.clone(), template.clone())),
                    last_job: last.map(|j| j.id.clone()),
                    last_status: last.and_then(|j| j.sites.get(&site)).map(|o| o.status),
                    site_id: site,
                    template,
                }
            })
            .collect())
    }

    /// Run again every job a restart interrupted (pending or running).
    pub async fn resume(&self) -> Result<Vec<Job>, DeployError> {
        let mut done = Vec::new();
        for job in job::list_jobs(&*self.store)
            .await?
            .into_iter()
            .filter(|j| !j.status.is_finished())
        {
            tracing::info!(job = %job.id, "resuming an interrupted deploy job");
            done.push(self.run(job).await?);
        }
        Ok(done)
    }

    /// A dry run: each affected site's changes, nothing pushed and nothing recorded.
    pub async fn plan(
        &self,
        request: &DeployRequest,
        action: Action,
    ) -> Result<BTreeMap<SiteId, Vec<Change>>, DeployError> {
        let _guard = self.running.lock().await;
        let state = job::load_state(&*self.store, &request.schema_id()).await?;
        let p = self.prepare(request, action, &state).await?;
        let ctx = Arc::new(p.ctx.clone());
        let mut out = BTreeMap::new();
        for site in &p.affected {
            let observed = p.ctx.observed.get(site).ok_or_else(|| DeployError::Site {
                site: site.clone(),
                message: "the site could not be read".into(),
            })?;
            let (_, changes) = p
                .site_run(site, ctx.clone(), self.retry)?
                .plan(observed)
                .map_err(|message| DeployError::Site {
                    site: site.clone(),
                    message,
                })?;
            out.insert(site.clone(), changes);
        }
        Ok(out)
    }

    /// Run a submitted job to its end.
    pub async fn run(&self, mut job: Job) -> Result<Job, DeployError> {
        let _guard = self.running.lock().await;
        job.status = Status::Running;
        job::save_job(&*self.store, &job).await?;
        let mut state = job::load_state(&*self.store, &job.schema_id).await?;
        let request = job.request.clone();
        let done = match self.reconcile(&request, job.action, &state, &mut job).await {
            Ok(done) => done,
            Err(e) => {
                job.status = Status::Failed;
                job.error = Some(e.to_string());
                job::save_job(&*self.store, &job).await?;
                return Err(e);
            }
        };
        job.sites = done.outcomes;
        job.targets = done.targets;
        let ok = job
            .sites
            .values()
            .filter(|o| o.status == Status::Succeeded)
            .count();
        job.status = match ok {
            n if n == job.sites.len() => Status::Succeeded,
            0 => Status::Failed,
            _ => Status::PartiallySucceeded,
        };
        state.deployed = done.deployed;
        state.inventory.extend(done.inventories);
        state.inventory.retain(|_, v| !v.is_empty());
        job::save_state(&*self.store, &job.schema_id, &state).await?;
        job::save_job(&*self.store, &job).await?;
        Ok(job)
    }

    /// Work out which sites a request affects and read them all, so that every render
    /// knows the other sites' ids.
    async fn prepare(
        &self,
        request: &DeployRequest,
        action: Action,
        state: &DeployState,
    ) -> Result<Prepared, DeployError> {
        let handles = self.site_handles();
        let mut ctx = RenderContext {
            tenants: request.tenants.clone(),
            sites: handles.values().map(|h| h.info.clone()).collect(),
            ..Default::default()
        };
        let bound = multisite_render::bindings(&request.schema, &ctx)?;
        let targets: BTreeSet<SiteId> = match &request.sites {
            Some(list) => list.iter().cloned().collect(),
            None => bound
                .iter()
                .filter(|(_, t)| *t == request.template)
                .map(|(s, _)| s.clone())
                .collect(),
        };
        if let Some(unknown) = targets.iter().find(|s| !handles.contains_key(*s)) {
            return Err(DeployError::UnknownSite(unknown.clone()));
        }
        let mut deployed = state.deployed.clone();
        for site in &targets {
            let pair = (site.clone(), request.template.clone());
            match action {
                Action::Deploy if bound.contains(&pair) => {
                    deployed.insert(pair);
                }
                Action::Deploy => {
                    return Err(DeployError::Request(format!(
                        "template {} is not bound to site {site}",
                        request.template
                    )))
                }
                Action::Undeploy => {
                    deployed.remove(&pair);
                }
            }
        }
        // Only bindings that still exist count.
        deployed.retain(|p| bound.contains(p));
        let mut affected: BTreeSet<SiteId> = deployed.iter().map(|(s, _)| s.clone()).collect();
        affected.extend(targets.iter().cloned());
        affected.extend(
            state
                .inventory
                .keys()
                .filter(|s| handles.contains_key(*s))
                .cloned(),
        );
        ctx.deployed = Some(deployed.clone());
        let roots = Arc::new(multisite_render::tenant_roots(&request.schema, &ctx)?);
        let prepared = Prepared {
            handles,
            ctx,
            deployed,
            affected,
            targets,
            roots,
            request: Arc::new(request.clone()),
            inventories: state.inventory.clone(),
        };
        let mut prepared = prepared;
        let mut reads = tokio::task::JoinSet::new();
        for site in &prepared.affected {
            let run = prepared.site_run(site, Arc::new(RenderContext::default()), self.retry)?;
            reads.spawn(async move { (run.handle.info.id.clone(), run.read().await) });
        }
        while let Some(res) = reads.join_next().await {
            if let Ok((site, Ok(seen))) = res {
                prepared.ctx.observed.insert(site, seen);
            }
        }
        Ok(prepared)
    }

    /// Reconcile every affected site: two rounds (the second carries the ids allocated in
    /// the first). Returns per-site outcomes, the new deployed set and the new inventories.
    /// As each site finishes a round, `job` is saved with the outcomes so far, so that a
    /// status page shows per-site progress while the job runs.
    async fn reconcile(
        &self,
        request: &DeployRequest,
        action: Action,
        state: &DeployState,
        job: &mut Job,
    ) -> Result<Reconciled, DeployError> {
        let mut p = self.prepare(request, action, state).await?;
        let mut outcomes: BTreeMap<SiteId, SiteOutcome> = p
            .affected
            .iter()
            .map(|s| (s.clone(), SiteOutcome::pending()))
            .collect();
        for round in 0..2 {
            let ctx_now = Arc::new(p.ctx.clone());
            let mut tasks = tokio::task::JoinSet::new();
            for site in &p.affected {
                let prev = outcomes
                    .get(site)
                    .cloned()
                    .unwrap_or_else(SiteOutcome::pending);
                if round > 0 && prev.status == Status::Failed {
                    continue;
                }
                tasks.spawn(p.site_run(site, ctx_now.clone(), self.retry)?.round(prev));
            }
            while let Some(res) = tasks.join_next().await {
                let (site, outcome, seen, inventory) =
                    res.map_err(|e| DeployError::Internal(e.to_string()))?;
                if let Some(seen) = seen {
                    p.ctx.observed.insert(site.clone(), seen);
                }
                p.inventories.insert(site.clone(), inventory);
                outcomes.insert(site, outcome);
                job.sites = outcomes.clone();
                if let Err(e) = job::save_job(&*self.store, job).await {
                    tracing::warn!(job = %job.id, error = %e, "cannot record deploy progress");
                }
            }
        }
        Ok(Reconciled {
            outcomes,
            deployed: p.deployed,
            inventories: p.inventories,
            targets: p.targets.into_iter().collect(),
        })
    }
}

/// A request worked out: the affected sites, read, and the context to render them.
struct Prepared {
    handles: BTreeMap<SiteId, SiteHandle>,
    ctx: RenderContext,
    deployed: BTreeSet<(SiteId, TemplateName)>,
    affected: BTreeSet<SiteId>,
    targets: BTreeSet<SiteId>,
    roots: Arc<Vec<String>>,
    request: Arc<DeployRequest>,
    inventories: BTreeMap<SiteId, BTreeSet<String>>,
}

impl Prepared {
    fn site_run(
        &self,
        site: &SiteId,
        ctx: Arc<RenderContext>,
        retry: RetryPolicy,
    ) -> Result<SiteRun, DeployError> {
        Ok(SiteRun {
            handle: self
                .handles
                .get(site)
                .cloned()
                .ok_or_else(|| DeployError::UnknownSite(site.clone()))?,
            request: self.request.clone(),
            ctx,
            roots: self.roots.clone(),
            inventory: self.inventories.get(site).cloned().unwrap_or_default(),
            retry,
        })
    }
}
