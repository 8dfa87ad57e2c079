//! The shared suite on SQLite files, plus what only SQLite has: reopening a file.

mod common;

use multisite_store::{connect, AnyStore, DocKind, SchemaChange, SqliteStore, Store};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// A private directory holding one database file; removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("multisite-store-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn db(&self) -> PathBuf {
        self.0.join("store.db")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Fixture {
    store: Arc<SqliteStore>,
    _dir: TempDir,
}

impl Fixture {
    async fn cleanup(self) {
        self.store.close().await;
    }
}

async fn fresh() -> Option<Fixture> {
    let dir = TempDir::new();
    let store = SqliteStore::open(&dir.db()).await.unwrap();
    Some(Fixture {
        store: Arc::new(store),
        _dir: dir,
    })
}

store_suite!(fresh);

#[tokio::test]
async fn reopening_a_file_keeps_everything_and_migrates_once() {
    let dir = TempDir::new();
    let s = SqliteStore::open(&dir.db()).await.unwrap();
    s.create_schema(
        "s1",
        "S",
        common::header("S"),
        vec![common::unit("a", 0, "v1")],
    )
    .await
    .unwrap();
    let change = SchemaChange {
        expected_version: 1,
        upserts: vec![common::unit("b", 1, "v2")],
        ..Default::default()
    };
    s.commit_schema("s1", "S", change).await.unwrap();
    s.put_doc(
        DocKind::Site,
        multisite_store::Doc {
            id: "1".into(),
            name: "site1".into(),
            body: serde_json::json!({}),
        },
    )
    .await
    .unwrap();
    s.close().await;

    for _ in 0..2 {
        let again = SqliteStore::open(&dir.db()).await.unwrap();
        let got = again.load_schema("s1").await.unwrap();
        assert_eq!(got.version, 2);
        assert_eq!(common::keys_and_tags(&got.units).len(), 2);
        assert_eq!(again.list_docs(DocKind::Site).await.unwrap().len(), 1);
        again.close().await;
    }
}

#[tokio::test]
async fn two_handles_on_one_file_see_each_others_writes() {
    let dir = TempDir::new();
    let a = SqliteStore::open(&dir.db()).await.unwrap();
    let b = SqliteStore::open(&dir.db()).await.unwrap();
    a.create_schema("s1", "S", common::header("S"), vec![])
        .await
        .unwrap();
    let change = SchemaChange {
        expected_version: 1,
        ..Default::default()
    };
    assert_eq!(b.commit_schema("s1", "S", change.clone()).await.unwrap(), 2);
    common::expect_conflict(a.commit_schema("s1", "S", change).await, 1, 2);
    assert_eq!(a.schema_version("s1").await.unwrap(), 2);
}

#[tokio::test]
async fn connect_picks_sqlite_for_paths_and_urls() {
    let dir = TempDir::new();
    let nested = dir.0.join("made/on/open/store.db");
    let url = format!("sqlite://{}", nested.display());
    let s = connect(&url).await.unwrap();
    assert_eq!(s.backend(), "sqlite");
    s.create_schema("s1", "S", common::header("S"), vec![])
        .await
        .unwrap();
    s.close().await;

    let plain = connect(nested.to_str().unwrap()).await.unwrap();
    assert_eq!(plain.schema_version("s1").await.unwrap(), 1);

    let mem = connect("sqlite::memory:").await.unwrap();
    assert!(matches!(mem, AnyStore::Sqlite(_)));
    assert!(mem.list_schemas().await.unwrap().is_empty());
}

#[tokio::test]
async fn memory_store_runs_the_basic_cases() {
    let s = SqliteStore::memory().await.unwrap();
    common::cases::create_then_load(&s).await;
    common::cases::commit_writes_only_the_change(&SqliteStore::memory().await.unwrap()).await;
    common::cases::delete_cascades_to_units(&SqliteStore::memory().await.unwrap()).await;
}
