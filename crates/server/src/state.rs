//! Shared server state: the store, the sessions, and a cache of parsed schemas.
//!
//! The cache keeps each schema parsed in memory behind its own lock, so a PATCH touches
//! only the objects it changes. Before each use the cached copy's version is compared
//! with the store's (one indexed read); another replica's commit makes it reload.

use std::collections::HashMap;
use std::sync::Arc;

use multisite_model::Schema;
use multisite_store::{AnyStore, Store, StoreError};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::auth::Sessions;
use crate::error::{ApiError, ApiResult};

/// Everything a handler needs.
pub struct AppState {
    pub store: AnyStore,
    /// Runs deploy and undeploy jobs; its sites are refreshed from the store before each use.
    pub deployer: multisite_deploy::Deployer<AnyStore>,
    pub sessions: Sessions,
    pub schemas: SchemaCache,
    pub config: crate::ServerConfig,
}

pub type Shared = Arc<AppState>;

/// Parsed schemas by id, each behind its own async lock.
#[derive(Default)]
pub struct SchemaCache {
    entries: Mutex<HashMap<String, Arc<Mutex<Option<Schema>>>>>,
}

/// A locked, up-to-date schema.
pub struct SchemaGuard {
    guard: OwnedMutexGuard<Option<Schema>>,
}

impl SchemaGuard {
    pub fn schema(&self) -> &Schema {
        self.guard
            .as_ref()
            .expect("a guard always holds a loaded schema")
    }
    pub fn schema_mut(&mut self) -> &mut Schema {
        self.guard
            .as_mut()
            .expect("a guard always holds a loaded schema")
    }
    /// Replace the cached copy (after a whole-document write).
    pub fn set(&mut self, schema: Schema) {
        *self.guard = Some(schema);
    }
    /// Drop the cached copy (after a delete, or when the store state is uncertain).
    pub fn forget(&mut self) {
        *self.guard = None;
    }
}

impl SchemaCache {
    async fn slot(&self, id: &str) -> Arc<Mutex<Option<Schema>>> {
        let mut map = self.entries.lock().await;
        map.entry(id.to_string()).or_default().clone()
    }

    /// Lock schema `id`, loading it from the store if the cached copy is missing or stale.
    pub async fn lock(&self, store: &AnyStore, id: &str) -> ApiResult<SchemaGuard> {
        let slot = self.slot(id).await;
        let mut guard = slot.lock_owned().await;
        let stored_version = match store.schema_version(id).await {
            Ok(v) => v,
            Err(StoreError::NotFound { .. }) => {
                *guard = None;
                return Err(ApiError::not_found(format!("Schema '{id}' not found")));
            }
            Err(e) => return Err(e.into()),
        };
        let fresh = guard
            .as_ref()
            .is_some_and(|s| s.version() == stored_version);
        if !fresh {
            *guard = Some(load(store, id).await?);
        }
        Ok(SchemaGuard { guard })
    }

    /// Put a freshly created schema in the cache.
    pub async fn insert(&self, schema: Schema) {
        let slot = self.slot(schema.id()).await;
        *slot.lock().await = Some(schema);
    }

    pub async fn remove(&self, id: &str) {
        self.entries.lock().await.remove(id);
    }
}

/// Load and rebuild one schema from the store.
pub async fn load(store: &AnyStore, id: &str) -> ApiResult<Schema> {
    let stored = store.load_schema(id).await?;
    let units = stored
        .units
        .into_iter()
        .map(|u| multisite_model::Unit {
            key: u.key,
            ord: u.ord,
            body: u.body,
        })
        .collect();
    Ok(Schema::from_units(
        &stored.id,
        stored.version,
        stored.header,
        units,
    )?)
}
