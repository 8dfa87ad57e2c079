//! The shared state of one running site: its identity, the managed-object tree behind
//! one lock, sessions, faults, counters, endpoints, and loading/flushing them to disk.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use multisite_apic::{ApicError, SiteIdentity, Tree};
use rand::Rng;
use serde_json::{json, Value};
use tokio::sync::RwLock;

use crate::auth::Sessions;
use crate::faults::{Faults, Injected};
use crate::persist::{self, Dirty, ENDPOINTS_FILE, TREE_FILE};
use crate::topology::{system_objects, Endpoint, Topology};
use crate::SiteError;

/// Tenants every APIC has.
const BUILTIN_TENANTS: [&str; 2] = ["common", "infra"];

/// Request counters shown by `/_sitesim/info`.
#[derive(Debug, Default)]
pub struct Counters {
    pub requests: AtomicU64,
    pub logins: AtomicU64,
    pub failed_logins: AtomicU64,
    pub reads: AtomicU64,
    /// Successful POST/DELETE requests that changed the tree (resettable).
    pub writes: AtomicU64,
    pub unchanged_writes: AtomicU64,
    pub errors: AtomicU64,
    pub injected_faults: AtomicU64,
}

impl Counters {
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn to_json(&self) -> Value {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        json!({
            "requests": get(&self.requests),
            "logins": get(&self.logins),
            "failed_logins": get(&self.failed_logins),
            "reads": get(&self.reads),
            "writes": get(&self.writes),
            "unchanged_writes": get(&self.unchanged_writes),
            "errors": get(&self.errors),
            "injected_faults": get(&self.injected_faults),
        })
    }
}

/// Everything one emulated site holds.
#[derive(Debug)]
pub struct Site {
    pub identity: SiteIdentity,
    pub password: String,
    pub topology: Topology,
    pub data_dir: PathBuf,
    pub tree: RwLock<Tree>,
    pub endpoints: Mutex<Vec<Endpoint>>,
    pub sessions: Mutex<Sessions>,
    pub faults: Mutex<Faults>,
    pub counters: Counters,
    pub dirty: Dirty,
}

/// Lock a std mutex, recovering the data if a panicking thread poisoned it.
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Put the topology's system objects and the built-in tenants into a tree.
pub fn furnish(
    tree: &mut Tree,
    identity: &SiteIdentity,
    topology: &Topology,
) -> Result<(), SiteError> {
    let objects = system_objects(topology, identity).map_err(|source| SiteError::Topology {
        path: "(topology)".into(),
        source,
    })?;
    for obj in objects {
        match tree.insert_system(obj.class, &obj.dn, obj.attrs) {
            Ok(()) => {}
            // The pod setup policy is informative; a tree that does not model it still works.
            Err(e) if obj.class == "fabricSetupP" => {
                tracing::warn!(dn = %obj.dn, error = %e, "pod setup policy not stored")
            }
            Err(e) => return Err(SiteError::Tree(e)),
        }
    }
    for tenant in BUILTIN_TENANTS {
        if tree.lookup(&format!("uni/tn-{tenant}")).is_none() {
            let body = json!({"fvTenant": {"attributes": {"name": tenant}}});
            tree.post("/api/mo/uni.json", &[], &body)?;
        }
    }
    Ok(())
}

/// A tree holding only what the fabric itself owns.
pub fn fresh_tree(identity: &SiteIdentity, topology: &Topology) -> Result<Tree, SiteError> {
    let mut tree = Tree::new(identity.clone());
    furnish(&mut tree, identity, topology)?;
    Ok(tree)
}

impl Site {
    /// Load the site from its data directory, or start fresh.
    pub fn load(
        identity: SiteIdentity,
        password: String,
        topology: Topology,
        data_dir: PathBuf,
    ) -> Result<Site, SiteError> {
        std::fs::create_dir_all(&data_dir).map_err(|source| SiteError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        let tree_path = data_dir.join(TREE_FILE);
        let stored = persist::read_json(&tree_path).map_err(|detail| SiteError::Stored {
            path: tree_path.display().to_string(),
            detail,
        })?;
        let tree = match stored {
            Some(snapshot) => {
                let mut tree = Tree::restore(&snapshot).map_err(|e| SiteError::Stored {
                    path: tree_path.display().to_string(),
                    detail: e.to_string(),
                })?;
                furnish(&mut tree, &identity, &topology)?;
                tree
            }
            None => fresh_tree(&identity, &topology)?,
        };
        let ep_path = data_dir.join(ENDPOINTS_FILE);
        let endpoints = match persist::read_json(&ep_path).map_err(|detail| SiteError::Stored {
            path: ep_path.display().to_string(),
            detail,
        })? {
            Some(value) => {
                let list: Vec<Endpoint> =
                    serde_json::from_value(value).map_err(|e| SiteError::Stored {
                        path: ep_path.display().to_string(),
                        detail: e.to_string(),
                    })?;
                list.into_iter()
                    .map(|ep| topology.check_endpoint(ep))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| SiteError::Stored {
                        path: ep_path.display().to_string(),
                        detail: e.to_string(),
                    })?
            }
            None => topology.endpoints.clone(),
        };
        let site = Site {
            identity,
            password,
            data_dir,
            tree: RwLock::new(tree),
            endpoints: Mutex::new(endpoints),
            topology,
            sessions: Mutex::default(),
            faults: Mutex::default(),
            counters: Counters::default(),
            dirty: Dirty::default(),
        };
        site.dirty.tree_changed();
        Ok(site)
    }

    /// Fault injection for one APIC request: waits for the configured latency, then
    /// says whether to serve it.
    pub async fn gate(&self) -> Injected {
        let (latency, verdict) = {
            let mut faults = lock(&self.faults);
            let roll: f64 = rand::thread_rng().gen();
            (faults.latency_ms, faults.decide(roll))
        };
        if latency > 0 {
            tokio::time::sleep(Duration::from_millis(latency)).await;
        }
        if verdict != Injected::Pass {
            Counters::bump(&self.counters.injected_faults);
        }
        verdict
    }

    /// Replace the tree with an empty one holding only the topology; endpoints back to the topology's.
    pub async fn reset(&self) -> Result<(), SiteError> {
        let tree = fresh_tree(&self.identity, &self.topology)?;
        *self.tree.write().await = tree;
        *lock(&self.endpoints) = self.topology.endpoints.clone();
        self.dirty.tree_changed();
        self.dirty.endpoints_changed();
        Ok(())
    }

    /// Replace the tree with a snapshot.
    pub async fn restore(&self, snapshot: &Value) -> Result<usize, ApicError> {
        let tree = Tree::restore(snapshot)?;
        let len = tree.len();
        *self.tree.write().await = tree;
        self.dirty.tree_changed();
        Ok(len)
    }

    /// The topology with the current endpoint list.
    pub fn current_topology(&self) -> Topology {
        let mut topology = self.topology.clone();
        topology.endpoints = lock(&self.endpoints).clone();
        topology
    }

    /// Add an endpoint, replacing one with the same name. Returns the new list.
    pub fn add_endpoint(&self, ep: Endpoint) -> Result<Vec<Endpoint>, String> {
        let ep = self
            .topology
            .check_endpoint(ep)
            .map_err(|e| e.to_string())?;
        let mut list = lock(&self.endpoints);
        match list.iter_mut().find(|e| e.name == ep.name) {
            Some(existing) => *existing = ep,
            None => list.push(ep),
        }
        list.sort_by(|a, b| a.name.cmp(&b.name));
        self.dirty.endpoints_changed();
        Ok(list.clone())
    }

    /// The `/_sitesim/info` document.
    pub async fn info(&self) -> Value {
        let objects = self.tree.read().await.len();
        let faults = lock(&self.faults).clone();
        let sessions = lock(&self.sessions).len();
        let mut by_role: BTreeMap<&str, usize> = BTreeMap::new();
        for node in &self.topology.nodes {
            *by_role.entry(node.role.as_str()).or_default() += 1;
        }
        json!({
            "name": self.identity.name,
            "site_id": self.identity.site_id,
            "version": self.identity.version,
            "objects": objects,
            "sessions": sessions,
            "nodes": by_role,
            "counters": self.counters.to_json(),
            "faults": faults,
        })
    }

    /// Write whatever is dirty to disk.
    pub async fn flush(&self) {
        if self.dirty.take_tree() {
            let bytes = {
                let tree = self.tree.read().await;
                serde_json::to_vec(&tree.snapshot())
            };
            self.write_file(TREE_FILE, bytes, || self.dirty.tree_changed())
                .await;
        }
        if self.dirty.take_endpoints() {
            let bytes = serde_json::to_vec_pretty(&*lock(&self.endpoints));
            self.write_file(ENDPOINTS_FILE, bytes, || self.dirty.endpoints_changed())
                .await;
        }
    }

    async fn write_file(
        &self,
        name: &str,
        bytes: serde_json::Result<Vec<u8>>,
        on_failure: impl Fn(),
    ) {
        let path = self.data_dir.join(name);
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(file = %path.display(), error = %e, "cannot serialise");
                return;
            }
        };
        let target = path.clone();
        let result =
            tokio::task::spawn_blocking(move || persist::write_atomic(&target, &bytes)).await;
        match result {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                tracing::error!(file = %path.display(), error = %e, "cannot write");
                on_failure();
            }
            Err(e) => {
                tracing::error!(file = %path.display(), error = %e, "writer task failed");
                on_failure();
            }
        }
    }
}
