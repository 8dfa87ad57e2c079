//! Deploy jobs and the per-schema deployment state, as they are kept in the store
//! (`DocKind::DeployJob`): a job holds its request (so that it can run again after a
//! restart), its status, and per site the status and the result of every object change.
//! The state document of a schema (id `state-<schema id>`) records which templates are
//! deployed on which site and which objects the schema has put on each site.

use std::collections::{BTreeMap, BTreeSet};

use multisite_render::{SiteId, TemplateName};
use multisite_store::{Doc, DocKind, Store, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::DeployError;

/// Deploy a template onto sites, or take it away from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    Deploy,
    Undeploy,
}

/// What a job is asked to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeployRequest {
    /// The schema document (NDO's JSON shape) as it was when the job was asked for.
    pub schema: Value,
    pub template: TemplateName,
    /// Tenant id -> tenant name, for every tenant the schema's templates use.
    pub tenants: BTreeMap<String, String>,
    /// The sites to act on; `None` means every site the template is bound to.
    pub sites: Option<Vec<SiteId>>,
}

impl DeployRequest {
    pub fn new(
        schema: Value,
        template: impl Into<TemplateName>,
        tenants: BTreeMap<String, String>,
    ) -> DeployRequest {
        DeployRequest {
            schema,
            template: template.into(),
            tenants,
            sites: None,
        }
    }

    /// Restrict the request to some sites.
    pub fn on_sites(mut self, sites: impl IntoIterator<Item = SiteId>) -> DeployRequest {
        self.sites = Some(sites.into_iter().collect());
        self
    }

    pub fn schema_id(&self) -> String {
        self.schema
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    }
}

/// The state of a job or of one site in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    Pending,
    Running,
    Succeeded,
    /// Some sites succeeded, others failed (job level only).
    PartiallySucceeded,
    Failed,
}

impl Status {
    pub fn is_finished(self) -> bool {
        !matches!(self, Status::Pending | Status::Running)
    }
}

/// The result of one object change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectResult {
    pub dn: String,
    pub class: String,
    /// `create`, `modify` or `delete`.
    pub action: String,
    pub ok: bool,
    pub error: Option<String>,
    /// Calls made (more than one after retries).
    pub attempts: u32,
}

/// What happened on one site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteOutcome {
    pub status: Status,
    pub error: Option<String>,
    /// Every change pushed, in order.
    pub objects: Vec<ObjectResult>,
    /// The changes still left after the push (empty when the site converged).
    pub remaining: Vec<String>,
}

impl SiteOutcome {
    pub fn pending() -> SiteOutcome {
        SiteOutcome {
            status: Status::Pending,
            error: None,
            objects: Vec::new(),
            remaining: Vec::new(),
        }
    }
}

/// A deploy or undeploy job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    pub id: String,
    pub schema_id: String,
    pub template: TemplateName,
    pub action: Action,
    pub status: Status,
    /// When the job was asked for, in milliseconds since the Unix epoch.
    pub created_ms: u64,
    /// The sites the template was deployed on or taken away from.
    pub targets: Vec<SiteId>,
    /// Every site reconciled (targets, and sites whose shadows or remote ids follow them).
    pub sites: BTreeMap<SiteId, SiteOutcome>,
    /// Why the job could not run at all (a failing site is reported in `sites`).
    pub error: Option<String>,
    pub request: DeployRequest,
}

/// The deployment state of one template on one site, for status pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyState {
    pub site_id: SiteId,
    pub template: TemplateName,
    pub deployed: bool,
    /// The last job that targeted this template on this site, and how it went there.
    pub last_job: Option<String>,
    pub last_status: Option<Status>,
}

/// Which templates of a schema are deployed where, and what the schema put on each site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeployState {
    pub deployed: BTreeSet<(SiteId, TemplateName)>,
    pub inventory: BTreeMap<SiteId, BTreeSet<String>>,
}

const JOB: &str = "job";
const STATE: &str = "state";

fn to_doc(kind: &str, id: String, value: &impl Serialize) -> Result<Doc, DeployError> {
    let value = serde_json::to_value(value).map_err(|e| DeployError::Corrupt(e.to_string()))?;
    let body = serde_json::json!({ "kind": kind, "value": value });
    Ok(Doc {
        name: id.clone(),
        id,
        body,
    })
}

fn from_doc<T: for<'de> Deserialize<'de>>(doc: &Doc) -> Result<T, DeployError> {
    serde_json::from_value(doc.body["value"].clone())
        .map_err(|e| DeployError::Corrupt(format!("{}: {e}", doc.id)))
}

pub(crate) async fn save_job<S: Store>(store: &S, job: &Job) -> Result<(), DeployError> {
    store
        .put_doc(DocKind::DeployJob, to_doc(JOB, job.id.clone(), job)?)
        .await
        .map_err(DeployError::from)
}

pub(crate) async fn load_job<S: Store>(store: &S, id: &str) -> Result<Job, DeployError> {
    let doc = store.get_doc(DocKind::DeployJob, id).await?;
    if doc.body["kind"] != JOB {
        return Err(DeployError::NotFound(id.to_string()));
    }
    from_doc(&doc)
}

pub(crate) async fn list_jobs<S: Store>(store: &S) -> Result<Vec<Job>, DeployError> {
    let docs = store.list_docs(DocKind::DeployJob).await?;
    docs.iter()
        .filter(|d| d.body["kind"] == JOB)
        .map(from_doc)
        .collect()
}

fn state_id(schema_id: &str) -> String {
    format!("state-{schema_id}")
}

pub(crate) async fn load_state<S: Store>(
    store: &S,
    schema_id: &str,
) -> Result<DeployState, DeployError> {
    match store
        .get_doc(DocKind::DeployJob, &state_id(schema_id))
        .await
    {
        Ok(doc) => from_doc(&doc),
        Err(StoreError::NotFound { .. }) => Ok(DeployState::default()),
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn save_state<S: Store>(
    store: &S,
    schema_id: &str,
    state: &DeployState,
) -> Result<(), DeployError> {
    store
        .put_doc(
            DocKind::DeployJob,
            to_doc(STATE, state_id(schema_id), state)?,
        )
        .await
        .map_err(DeployError::from)
}
