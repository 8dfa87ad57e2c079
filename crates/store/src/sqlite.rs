//! The embedded SQLite backend: one file in WAL mode, migrated at open.
//!
//! Writes go through a pool of exactly one connection and start with
//! `BEGIN IMMEDIATE`, so writers in this process queue instead of racing for the
//! lock, and writers in other processes wait on the busy timeout instead of failing
//! on a read-to-write lock upgrade. Reads use a separate pool and see the last
//! committed state (WAL lets them run beside the writer).

use crate::sql::{db_err, impl_store};
use crate::{Result, StoreError};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::time::Duration;

/// How long a writer waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// Concurrent readers on a file database.
const READERS: u32 = 4;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// A [`crate::Store`] kept in an SQLite database.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    reader: SqlitePool,
    writer: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating it and its directory if missing) the database file at `path`
    /// and brings its tables up to date.
    pub async fn open(path: &Path) -> Result<Self> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| StoreError::Database(format!("creating {}: {e}", parent.display())))?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .map_err(|e| open_err(path, e))?;
        migrate(&writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(READERS)
            .connect_with(options)
            .await
            .map_err(|e| open_err(path, e))?;
        Ok(Self { reader, writer })
    }

    /// A private in-memory database, gone when the store is dropped (for tests).
    pub async fn memory() -> Result<Self> {
        let options = SqliteConnectOptions::new()
            .in_memory(true)
            .foreign_keys(true);
        // One connection that never expires: the database lives as long as it does.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await
            .map_err(db_err)?;
        migrate(&pool).await?;
        Ok(Self {
            reader: pool.clone(),
            writer: pool,
        })
    }

    /// Waits for open connections to finish and closes them.
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }

    const INSERT_SCHEMA: &'static str =
        "INSERT INTO schemas (id, display_name, version, header, created_seq) \
         VALUES ($1, $2, 1, $3, (SELECT COALESCE(MAX(created_seq), 0) + 1 FROM schemas))";
    const INSERT_DOC: &'static str = "INSERT INTO docs (kind, id, name, body, created_seq) \
         VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(created_seq), 0) + 1 FROM docs)) \
         ON CONFLICT (kind, id) DO UPDATE SET name = excluded.name, body = excluded.body";

    fn read_pool(&self) -> &SqlitePool {
        &self.reader
    }

    async fn begin_read(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        self.reader.begin().await.map_err(db_err)
    }

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        self.writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(db_err)
    }
}

impl_store!(SqliteStore, sqlx::Sqlite);

async fn migrate(pool: &SqlitePool) -> Result<()> {
    MIGRATOR
        .run(pool)
        .await
        .map_err(|e| StoreError::Database(format!("migrating the SQLite database: {e}")))
}

fn open_err(path: &Path, e: sqlx::Error) -> StoreError {
    StoreError::Database(format!("opening {}: {e}", path.display()))
}
