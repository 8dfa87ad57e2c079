//! Persistence for the orchestrator: one storage trait, [`Store`], with an SQLite
//! implementation (embedded default) and a PostgreSQL one (several replicas).
//!
//! The store knows SQL and nothing about HTTP. It does not know the policy model's
//! types either: a schema is kept as a header document plus *units* (one row per
//! top-level object such as a VRF, an EPG or a site-local contract), keyed by the
//! path string the model gives (`templates/t1/vrfs/v1`), so that a one-object change
//! writes one row. Every write is one transaction. Schemas carry an optimistic
//! version: a commit based on a stale version fails with [`StoreError::Conflict`].
//!
//! Backends: [`SqliteStore`] (one file, WAL, a single writer connection) and
//! [`PgStore`] (several processes may share the database; the conditional version
//! update is the guard). [`connect`] picks one from a URL or path and returns an
//! [`AnyStore`]. Both run their migrations when opened.

use serde_json::Value;

mod any;
mod postgres;
mod sql;
mod sqlite;

pub use any::{connect, AnyStore};
pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The object does not exist.
    #[error("{kind} '{id}' not found")]
    NotFound { kind: &'static str, id: String },
    /// A unique key (for example a name) is already taken.
    #[error("{kind} '{name}' already exists")]
    Duplicate { kind: &'static str, name: String },
    /// The write was based on a stale version.
    #[error("version conflict on {kind} '{id}': expected {expected}, found {found}")]
    Conflict {
        kind: &'static str,
        id: String,
        expected: i64,
        found: i64,
    },
    /// Anything the database itself reports.
    #[error("database error: {0}")]
    Database(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// One stored unit of a schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Model-defined key, unique within the schema (for example `templates/t1/vrfs/v1`).
    pub key: String,
    /// Position among its siblings; the model orders siblings by it when it rebuilds.
    pub ord: i64,
    /// The unit's JSON body.
    pub body: Value,
}

/// A whole stored schema.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSchema {
    pub id: String,
    pub version: i64,
    pub header: Value,
    pub units: Vec<Unit>,
}

/// A change to one schema, applied in one transaction if and only if the stored
/// version still equals `expected_version`; the version then becomes `expected_version + 1`.
#[derive(Debug, Clone, Default)]
pub struct SchemaChange {
    pub expected_version: i64,
    /// New header, if it changed.
    pub header: Option<Value>,
    /// Units to insert or overwrite.
    pub upserts: Vec<Unit>,
    /// Keys of units to delete. Applied before the upserts; a key that is not
    /// stored is ignored.
    pub deletes: Vec<String>,
}

/// A simple named document (tenant, site, label, user, service node type, deploy job...).
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub id: String,
    /// Unique name within its kind.
    pub name: String,
    pub body: Value,
}

/// The kinds of simple documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    Site,
    Tenant,
    Label,
    User,
    ServiceNodeType,
    DeployJob,
    InfraConfig,
}

impl DocKind {
    /// Every kind, in declaration order.
    pub const ALL: [DocKind; 7] = [
        DocKind::Site,
        DocKind::Tenant,
        DocKind::Label,
        DocKind::User,
        DocKind::ServiceNodeType,
        DocKind::DeployJob,
        DocKind::InfraConfig,
    ];

    /// The name stored in the `kind` column and used in error messages.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Site => "site",
            DocKind::Tenant => "tenant",
            DocKind::Label => "label",
            DocKind::User => "user",
            DocKind::ServiceNodeType => "service node type",
            DocKind::DeployJob => "deploy job",
            DocKind::InfraConfig => "infra config",
        }
    }
}

/// The storage trait shared by SQLite and PostgreSQL.
#[allow(async_fn_in_trait)]
pub trait Store: Send + Sync {
    /// Schema ids with their display names and versions, in creation order.
    fn list_schemas(
        &self,
    ) -> impl std::future::Future<Output = Result<Vec<(String, String, i64)>>> + Send;
    fn load_schema(
        &self,
        id: &str,
    ) -> impl std::future::Future<Output = Result<StoredSchema>> + Send;
    /// Current version only (cheap: lets a cache check freshness).
    fn schema_version(&self, id: &str) -> impl std::future::Future<Output = Result<i64>> + Send;
    /// Create a schema with version 1; `display_name` must be unique.
    fn create_schema(
        &self,
        id: &str,
        display_name: &str,
        header: Value,
        units: Vec<Unit>,
    ) -> impl std::future::Future<Output = Result<i64>> + Send;
    /// Apply a change; returns the new version.
    fn commit_schema(
        &self,
        id: &str,
        display_name: &str,
        change: SchemaChange,
    ) -> impl std::future::Future<Output = Result<i64>> + Send;
    /// Replace every unit (whole-document PUT); returns the new version.
    fn replace_schema(
        &self,
        id: &str,
        display_name: &str,
        expected_version: i64,
        header: Value,
        units: Vec<Unit>,
    ) -> impl std::future::Future<Output = Result<i64>> + Send;
    fn delete_schema(&self, id: &str) -> impl std::future::Future<Output = Result<()>> + Send;

    fn list_docs(
        &self,
        kind: DocKind,
    ) -> impl std::future::Future<Output = Result<Vec<Doc>>> + Send;
    fn get_doc(
        &self,
        kind: DocKind,
        id: &str,
    ) -> impl std::future::Future<Output = Result<Doc>> + Send;
    /// Insert (fails with Duplicate on a taken name) or, when the id exists, overwrite.
    fn put_doc(
        &self,
        kind: DocKind,
        doc: Doc,
    ) -> impl std::future::Future<Output = Result<()>> + Send;
    fn delete_doc(
        &self,
        kind: DocKind,
        id: &str,
    ) -> impl std::future::Future<Output = Result<()>> + Send;
}
