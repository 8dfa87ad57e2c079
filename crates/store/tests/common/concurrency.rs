//! Many writers on one schema: the optimistic version check must lose no update.

use super::{header, unit};
use multisite_store::{SchemaChange, Store, StoreError};
use serde_json::json;
use std::sync::Arc;

const WRITERS: usize = 16;
/// A writer that cannot land after this many conflicts points at a livelock.
const MAX_ATTEMPTS: usize = 10_000;

/// Each writer reads the schema, increments a counter in the header and adds its
/// own unit, retrying on conflict. A lost update would show as a short counter or
/// a missing unit.
pub async fn sixteen_concurrent_writers_lose_nothing<S: Store + 'static>(s: Arc<S>) {
    let mut start = header("Busy");
    start["counter"] = json!(0);
    s.create_schema("busy", "Busy", start, vec![unit("base", 0, "base")])
        .await
        .unwrap();

    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let s = Arc::clone(&s);
        tasks.push(tokio::spawn(async move {
            for attempt in 1..=MAX_ATTEMPTS {
                let seen = s.load_schema("busy").await.unwrap();
                let mut next = seen.header.clone();
                next["counter"] = json!(seen.header["counter"].as_i64().unwrap() + 1);
                let change = SchemaChange {
                    expected_version: seen.version,
                    header: Some(next),
                    upserts: vec![unit(&format!("writer/{w:02}"), 1 + w as i64, "mine")],
                    deletes: vec![],
                };
                match s.commit_schema("busy", "Busy", change).await {
                    Ok(v) => {
                        assert_eq!(v, seen.version + 1);
                        return attempt;
                    }
                    Err(StoreError::Conflict { .. }) => tokio::task::yield_now().await,
                    Err(e) => panic!("writer {w}: {e}"),
                }
            }
            panic!("writer {w} never landed");
        }));
    }
    let mut attempts = 0;
    for t in tasks {
        attempts += t.await.unwrap();
    }

    let got = s.load_schema("busy").await.unwrap();
    assert_eq!(got.version, 1 + WRITERS as i64);
    assert_eq!(got.header["counter"], json!(WRITERS));
    let mut keys: Vec<_> = got.units.iter().map(|u| u.key.clone()).collect();
    keys.sort();
    let mut want: Vec<_> = (0..WRITERS).map(|w| format!("writer/{w:02}")).collect();
    want.push("base".into());
    want.sort();
    assert_eq!(keys, want);
    assert!(attempts >= WRITERS);
}
