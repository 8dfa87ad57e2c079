//! The shared suite on PostgreSQL, each test in its own namespace (a PostgreSQL
//! schema) that is dropped afterwards. The server is `MULTISITE_TEST_PG` or
//! `postgres://postgres@127.0.0.1:5432/test`; when it cannot be reached the tests
//! fail, unless `MULTISITE_SKIP_PG=1` asks to skip them.

mod common;

use multisite_store::{connect, PgStore, SchemaChange, Store};
use sqlx::{Connection, PgConnection};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

fn url() -> String {
    std::env::var("MULTISITE_TEST_PG").unwrap_or_else(|_| DEFAULT_URL.to_owned())
}

fn skipping() -> bool {
    std::env::var("MULTISITE_SKIP_PG").is_ok_and(|v| v == "1")
}

/// A namespace unique to this process and test; dropped with everything in it.
fn namespace() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("msstore_{}_{n}_{nanos}", std::process::id())
}

struct Fixture {
    store: Arc<PgStore>,
    namespace: String,
    dropped: bool,
}

async fn drop_namespace(ns: &str) -> Result<(), sqlx::Error> {
    let mut conn = PgConnection::connect(&url()).await?;
    // Never wait forever on a lock a stuck test still holds.
    sqlx::query("SET lock_timeout = '10s'")
        .execute(&mut conn)
        .await?;
    sqlx::query(&format!("DROP SCHEMA IF EXISTS {ns} CASCADE"))
        .execute(&mut conn)
        .await?;
    conn.close().await
}

impl Fixture {
    /// Closes the pool, then drops the namespace and everything in it.
    async fn cleanup(mut self) {
        self.store.close().await;
        drop_namespace(&self.namespace).await.unwrap();
        self.dropped = true;
    }
}

impl Drop for Fixture {
    /// After a failed test: Drop is synchronous, so clean up on a thread with its
    /// own small runtime.
    fn drop(&mut self) {
        if self.dropped {
            return;
        }
        let ns = self.namespace.clone();
        let done = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            rt.block_on(drop_namespace(&ns))
                .map_err(std::io::Error::other)
        })
        .join();
        if let Ok(Err(e)) = done {
            eprintln!("could not drop namespace {}: {e}", self.namespace);
        }
    }
}

async fn fresh() -> Option<Fixture> {
    let namespace = namespace();
    match PgStore::connect_in_namespace(&url(), &namespace).await {
        Ok(store) => Some(Fixture {
            store: Arc::new(store),
            namespace,
            dropped: false,
        }),
        Err(e) if skipping() => {
            eprintln!("skipping PostgreSQL test (MULTISITE_SKIP_PG=1): {e}");
            None
        }
        Err(e) => panic!(
            "PostgreSQL at {} is unreachable ({e}); set MULTISITE_SKIP_PG=1 to skip",
            url()
        ),
    }
}

store_suite!(fresh);

#[tokio::test]
async fn two_processes_worth_of_pools_share_one_namespace() {
    let Some(f) = fresh().await else { return };
    // A second pool on the same namespace: migrations already applied, data shared.
    let other = PgStore::connect_in_namespace(&url(), &f.namespace)
        .await
        .unwrap();
    f.store
        .create_schema("s1", "S", common::header("S"), vec![])
        .await
        .unwrap();
    let change = SchemaChange {
        expected_version: 1,
        ..Default::default()
    };
    assert_eq!(
        other
            .commit_schema("s1", "S", change.clone())
            .await
            .unwrap(),
        2
    );
    common::expect_conflict(f.store.commit_schema("s1", "S", change).await, 1, 2);
    other.close().await;
    f.cleanup().await;
}

#[tokio::test]
async fn connect_picks_postgres_for_postgres_urls() {
    let Some(f) = fresh().await else { return };
    let base = url();
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{}", f.namespace);
    let s = connect(&url).await.unwrap();
    assert_eq!(s.backend(), "postgres");
    s.create_schema("s1", "S", common::header("S"), vec![])
        .await
        .unwrap();
    assert_eq!(f.store.schema_version("s1").await.unwrap(), 1);
    s.close().await;
    f.cleanup().await;
}

#[tokio::test]
async fn unsafe_namespace_names_are_refused() {
    let err = PgStore::connect_in_namespace(&url(), "x; DROP TABLE schemas")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("namespace"), "{err}");
}
