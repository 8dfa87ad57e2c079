//! The deploy executor: for a template, reconcile each of its sites (render, read what the
//! site holds, diff, push only the changes, read back to verify), with per-site status and
//! a per-object result; jobs kept in the store and resumed after a restart; retries with
//! backoff on 5xx and timeouts; undeploy that removes only what the orchestrator created;
//! and a dry run that returns each site's changes without pushing anything.
//!
//! ```no_run
//! # async fn demo(store: std::sync::Arc<multisite_store::SqliteStore>, schema: serde_json::Value) -> Result<(), multisite_deploy::DeployError> {
//! use std::sync::Arc;
//! use multisite_deploy::{Deployer, DeployRequest, SiteHandle};
//! use multisite_render::{SiteId, SiteInfo};
//! let client = multisite_apic_client::ApicClient::new("https://apic1.example.net", "admin", "secret").unwrap();
//! let site = SiteHandle::new(SiteInfo { id: SiteId::from("1"), name: "site1".into(), apic_site_id: 1 }, Arc::new(client));
//! let deployer = Deployer::new(store, vec![site]);
//! let tenants = [("tenant-id".to_string(), "Tenant1".to_string())].into();
//! let job = deployer.deploy_template(DeployRequest::new(schema, "template-stretched", tenants)).await?;
//! println!("{:?}", job.status);
//! # Ok(()) }
//! ```

mod job;
mod run;
mod site;
mod site_run;

pub use job::{
    Action, DeployRequest, DeployState, Job, ObjectResult, PolicyState, SiteOutcome, Status,
};
pub use run::Deployer;
pub use site::{BoxFuture, RetryPolicy, SiteApi, SiteError, SiteHandle};

use multisite_render::{RenderError, SiteId};
use multisite_store::StoreError;

/// Why a job could not be run or looked up (a failing site is not an error: it is
/// reported in the job).
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    #[error("deploy job '{0}' not found")]
    NotFound(String),
    #[error("site '{0}' is not known to the deployer")]
    UnknownSite(SiteId),
    #[error("invalid request: {0}")]
    Request(String),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("site {site}: {message}")]
    Site { site: SiteId, message: String },
    #[error("stored deploy document is unreadable: {0}")]
    Corrupt(String),
    #[error("store: {0}")]
    Store(StoreError),
    #[error("internal: {0}")]
    Internal(String),
}

impl From<StoreError> for DeployError {
    fn from(e: StoreError) -> DeployError {
        match e {
            StoreError::NotFound { id, .. } => DeployError::NotFound(id),
            other => DeployError::Store(other),
        }
    }
}
