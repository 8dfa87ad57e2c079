//! An emulated Cisco APIC: one site's controller, speaking APIC's REST API over HTTP on
//! top of the `multisite-apic` object tree.
//!
//! * `POST /api/aaaLogin.json`, `aaaRefresh`, `aaaLogout`: sessions as `APIC-cookie`
//!   (user `admin`, the configured password; 600 s inactivity timeout).
//! * `GET|POST|DELETE /api/[node/]mo/{dn}.json`, `GET /api/[node/]class/[{dn}/]{class}.json`:
//!   answered by the tree, errors as APIC error envelopes with their HTTP status.
//! * `/_sitesim/...`: the emulator's own control endpoints (not APIC's): `info`, `reset`,
//!   `snapshot`, `restore`, `faults`, `writes`, `writes/reset`, `endpoints`, `topology`.
//!   They accept the session cookie or the admin password with HTTP basic auth.
//!
//! The fabric's topology comes from a JSON file (format in [`topology`]) or, by default, the
//! demo fabric for the site id. The tree is kept in `<data_dir>/tree.json` and added
//! endpoints in `<data_dir>/endpoints.json`, both rewritten atomically shortly after each
//! change and on shutdown, so a restarted site keeps its objects.

pub mod auth;
mod demo;
pub mod faults;
mod persist;
mod routes;
mod server;
mod state;
pub mod topology;
pub mod wire;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use multisite_apic::{ApicError, SiteIdentity};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use faults::Faults;
pub use topology::{Endpoint, Topology, TopologyError};

/// How one emulated site is set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteConfig {
    /// The site's name (`site1`), reported as its fabric domain.
    pub name: String,
    /// The site id (1, 2, ...), used for the demo topology and per-site allocations.
    pub site_id: u32,
    /// Where to listen; port 0 picks a free port.
    pub listen: SocketAddr,
    /// The APIC release to report, e.g. `5.1(4c)`.
    pub apic_version: String,
    /// A topology file; `None` means the demo fabric for `site_id`.
    pub topology: Option<PathBuf>,
    /// Where the tree is persisted.
    pub data_dir: PathBuf,
    /// The password of user `admin`.
    pub password: String,
}

impl SiteConfig {
    /// The demo site `site_id` on a free loopback port, with the release the project's
    /// scenarios give it (site 2 runs `4.2(7w)`, every other site `5.1(4c)`).
    pub fn demo(
        site_id: u32,
        data_dir: impl Into<PathBuf>,
        password: impl Into<String>,
    ) -> SiteConfig {
        SiteConfig {
            name: format!("site{site_id}"),
            site_id,
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            apic_version: if site_id == 2 { "4.2(7w)" } else { "5.1(4c)" }.to_string(),
            topology: None,
            data_dir: data_dir.into(),
            password: password.into(),
        }
    }
}

/// Why a site could not start or stopped badly.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot read topology file {path}: {source}")]
    TopologyFile {
        path: String,
        source: std::io::Error,
    },
    #[error("topology {path}: {source}")]
    Topology { path: String, source: TopologyError },
    #[error("data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("stored state {path} cannot be loaded: {detail}")]
    Stored { path: String, detail: String },
    #[error("site tree refused the fabric's objects: {0}")]
    Tree(#[from] ApicError),
    #[error("site task failed: {0}")]
    Task(String),
}

/// A site serving in the background.
#[derive(Debug)]
pub struct RunningSite {
    addr: SocketAddr,
    name: String,
    shutdown: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl RunningSite {
    /// The address actually bound.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>`, the base URL for clients.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Stop accepting connections, write the tree to disk, and wait for both.
    pub async fn stop(self) -> Result<(), SiteError> {
        let _ = self.shutdown.send(true);
        self.task.await.map_err(|e| SiteError::Task(e.to_string()))
    }

    /// Wait until the site stops (after [`RunningSite::stop`] from elsewhere, or forever).
    pub async fn wait(self) -> Result<(), SiteError> {
        self.task.await.map_err(|e| SiteError::Task(e.to_string()))
    }
}

fn load_topology(cfg: &SiteConfig) -> Result<Topology, SiteError> {
    match &cfg.topology {
        None => Ok(Topology::demo(&cfg.name, cfg.site_id)),
        Some(path) => {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|source| SiteError::TopologyFile {
                path: shown.clone(),
                source,
            })?;
            Topology::from_json(&text).map_err(|source| SiteError::Topology {
                path: shown,
                source,
            })
        }
    }
}

/// Start a site: load (or create) its tree, bind, and serve in the background.
pub async fn spawn(cfg: SiteConfig) -> Result<RunningSite, SiteError> {
    let topology = load_topology(&cfg)?;
    let identity = SiteIdentity {
        name: cfg.name.clone(),
        site_id: cfg.site_id,
        version: cfg.apic_version.clone(),
    };
    let data_dir = cfg.data_dir.clone();
    let password = cfg.password.clone();
    let site = tokio::task::spawn_blocking(move || {
        state::Site::load(identity, password, topology, data_dir)
    })
    .await
    .map_err(|e| SiteError::Task(e.to_string()))??;
    let site = Arc::new(site);
    let listener = TcpListener::bind(cfg.listen)
        .await
        .map_err(|source| SiteError::Bind {
            addr: cfg.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| SiteError::Bind {
        addr: cfg.listen,
        source,
    })?;
    let (shutdown, watch_rx) = watch::channel(false);
    let router = routes::router(site.clone());
    let task = tokio::spawn(async move {
        let writer = tokio::spawn(write_behind(site.clone(), watch_rx.clone()));
        server::accept_loop(listener, router, watch_rx).await;
        let _ = writer.await;
        site.flush().await;
    });
    tracing::info!(site = %cfg.name, %addr, version = %cfg.apic_version, "emulated APIC listening");
    Ok(RunningSite {
        addr,
        name: cfg.name,
        shutdown,
        task,
    })
}

/// Flush changes to disk at most every ~100 ms while the site runs.
async fn write_behind(site: Arc<state::Site>, mut shutdown: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            () = site.dirty.wait() => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                site.flush().await;
            }
            changed = shutdown.changed() => {
                if changed.is_err() || *shutdown.borrow() {
                    break;
                }
            }
        }
    }
}

/// Serve a site until Ctrl-C, then stop it cleanly.
pub async fn run(cfg: SiteConfig) -> Result<(), SiteError> {
    let site = spawn(cfg).await?;
    let _ = tokio::signal::ctrl_c().await;
    site.stop().await
}
