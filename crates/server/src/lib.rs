//! The orchestrator's HTTP server: the Nexus Dashboard Orchestrator-compatible REST API
//! (both `/api/v1` and `/mso/api/v1` prefixes, three login styles), auth, and start-up
//! (the admin user, the seeded service-node types, the embedded emulated sites).
//!
//! Handlers live one resource per module under [`routes`]; errors become NDO's
//! `{"code","message"}` envelope in exactly one place, [`error::ApiError`].

pub mod auth;
pub mod body;
pub mod bootstrap;
pub mod error;
pub mod openapi;
pub mod routes;
pub mod state;
pub mod trace;
pub mod ui;
pub mod validation;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub use error::{ApiError, ApiResult};
pub use state::{AppState, Shared};

/// The version this orchestrator reports, in NDO's form.
pub const NDO_VERSION: &str = "4.2.3e";

/// How to run the orchestrator.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    /// `postgres://...` or an SQLite path; default `<data_dir>/multisite.db`.
    pub database: Option<String>,
    /// The admin password; generated and printed once at first start when absent.
    pub admin_password: Option<String>,
    /// Start the two embedded emulated sites.
    pub embedded_sites: bool,
    /// Listen addresses of the embedded sites (site1, site2).
    pub embedded_site_addrs: [SocketAddr; 2],
}

impl ServerConfig {
    pub fn database_url(&self) -> String {
        match &self.database {
            Some(d) => d.clone(),
            None => self
                .data_dir
                .join("multisite.db")
                .to_string_lossy()
                .into_owned(),
        }
    }
}

/// Errors that stop the server from starting.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot open the database: {0}")]
    Store(#[from] multisite_store::StoreError),
    #[error("cannot start embedded site {site}: {reason}")]
    Site { site: String, reason: String },
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
}

/// A running orchestrator.
pub struct Running {
    pub addr: SocketAddr,
    pub state: Shared,
    pub sites: Vec<multisite_sitesim::RunningSite>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Wait until the server stops.
    pub async fn wait(self) {
        let _ = self.task.await;
    }
    /// Resolves when the serving task has ended.
    pub async fn stopped(&self) {
        while !self.task.is_finished() {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    }
    /// Stop serving.
    pub fn abort(&self) {
        self.task.abort();
    }
}

/// Open the store, bootstrap, start the embedded sites and serve; returns once listening.
pub async fn start(config: ServerConfig) -> Result<Running, StartError> {
    std::fs::create_dir_all(&config.data_dir)?;
    let store = multisite_store::connect(&config.database_url()).await?;
    let deployer = multisite_deploy::Deployer::new(Arc::new(store.clone()), Vec::new());
    let state = Arc::new(AppState {
        store,
        deployer,
        sessions: auth::Sessions::default(),
        schemas: state::SchemaCache::default(),
        config: config.clone(),
    });
    let admin_password = bootstrap::ensure_admin(&state).await?;
    bootstrap::ensure_service_node_types(&state).await?;
    let sites = if config.embedded_sites {
        bootstrap::start_embedded_sites(&state, &admin_password).await?
    } else {
        Vec::new()
    };
    // Jobs a restart interrupted run again, in the background.
    {
        let state = state.clone();
        tokio::spawn(async move {
            if let Err(e) = routes::deploy::refresh_sites(&state).await {
                tracing::warn!(error = %e.message, "cannot prepare sites for resumed deploy jobs");
                return;
            }
            match state.deployer.resume().await {
                Ok(jobs) if !jobs.is_empty() => {
                    tracing::info!(count = jobs.len(), "resumed deploy jobs")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "resuming deploy jobs failed"),
            }
        });
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| StartError::Listen {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr()?;
    let app = routes::router(state.clone());
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "server stopped");
        }
    });
    tracing::info!(%addr, "orchestrator listening");
    Ok(Running {
        addr,
        state,
        sites,
        task,
    })
}
