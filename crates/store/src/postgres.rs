//! The PostgreSQL backend, for several orchestrator processes sharing one database.
//!
//! Nothing here serialises writers: the conditional version update of a schema
//! commit is the guard. A writer that loses the race sees its `UPDATE` touch no
//! row (PostgreSQL re-checks the `WHERE` against the committed row after waiting
//! for its lock) and gets [`crate::StoreError::Conflict`]. Reads of a whole schema
//! run in a repeatable-read transaction so the header and units come from one
//! snapshot. Tables can live in their own namespace (a PostgreSQL schema), so
//! several deployments or test runs can share a database.

use crate::sql::{db_err, impl_store};
use crate::{Result, StoreError};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::ConnectOptions;
use std::str::FromStr;

/// Connections per process.
const CONNECTIONS: u32 = 8;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// A [`crate::Store`] kept in a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host:port/db`), using the connection's
    /// default search path, and brings the tables up to date.
    pub async fn connect(url: &str) -> Result<Self> {
        let options = parse_url(url)?;
        Self::connect_with(options).await
    }

    /// Like [`PgStore::connect`], with every table inside the PostgreSQL schema
    /// `namespace` (created if missing). The name must be a plain lower-case
    /// identifier (`[a-z_][a-z0-9_]*`, at most 63 bytes).
    pub async fn connect_in_namespace(url: &str, namespace: &str) -> Result<Self> {
        check_namespace(namespace)?;
        let options = parse_url(url)?;
        let mut conn = options.connect().await.map_err(db_err)?;
        sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS {namespace}"))
            .execute(&mut conn)
            .await
            .map_err(db_err)?;
        drop(conn);
        Self::connect_with(options.options([("search_path", namespace)])).await
    }

    /// Drop a namespace made by [`PgStore::connect_in_namespace`] and everything in it
    /// (for tests that share one database).
    pub async fn drop_namespace(url: &str, namespace: &str) -> Result<()> {
        check_namespace(namespace)?;
        let options = parse_url(url)?;
        let mut conn = options.connect().await.map_err(db_err)?;
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {namespace} CASCADE"))
            .execute(&mut conn)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn connect_with(options: PgConnectOptions) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(CONNECTIONS)
            .connect_with(options)
            .await
            .map_err(db_err)?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| StoreError::Database(format!("migrating the PostgreSQL database: {e}")))?;
        Ok(Self { pool })
    }

    /// Waits for open connections to finish and closes them.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    const INSERT_SCHEMA: &'static str =
        "INSERT INTO schemas (id, display_name, version, header) VALUES ($1, $2, 1, $3)";
    const INSERT_DOC: &'static str = "INSERT INTO docs (kind, id, name, body) \
         VALUES ($1, $2, $3, $4) \
         ON CONFLICT (kind, id) DO UPDATE SET name = excluded.name, body = excluded.body";

    fn read_pool(&self) -> &PgPool {
        &self.pool
    }

    async fn begin_read(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>> {
        self.pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await
            .map_err(db_err)
    }

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>> {
        self.pool.begin().await.map_err(db_err)
    }
}

impl_store!(PgStore, sqlx::Postgres);

fn parse_url(url: &str) -> Result<PgConnectOptions> {
    PgConnectOptions::from_str(url)
        .map_err(|e| StoreError::Database(format!("bad PostgreSQL URL: {e}")))
}

fn check_namespace(name: &str) -> Result<()> {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if first_ok && rest_ok && name.len() <= 63 {
        Ok(())
    } else {
        Err(StoreError::Database(format!(
            "'{name}' is not a usable namespace: use lower-case letters, digits and '_'"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::check_namespace;

    #[test]
    fn namespaces_are_plain_identifiers() {
        for good in ["multisite", "_t1", "run_42_a"] {
            assert!(check_namespace(good).is_ok(), "{good}");
        }
        let too_long = "a".repeat(64);
        for bad in [
            "",
            "1abc",
            "Upper",
            "a-b",
            "a;drop table x",
            too_long.as_str(),
        ] {
            assert!(check_namespace(bad).is_err(), "{bad}");
        }
    }
}
