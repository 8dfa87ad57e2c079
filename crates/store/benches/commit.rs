//! Cost of one schema commit that upserts one unit, on SQLite, for a schema of
//! 1,000 and of 10,000 units. A commit must cost what the change costs, so the two
//! medians should be close: the ratio is printed next to both figures.

use multisite_store::{SchemaChange, SqliteStore, Store, Unit};
use serde_json::json;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const WARMUP: usize = 50;
const SAMPLES: usize = 500;

fn unit(i: usize, round: usize) -> Unit {
    Unit {
        key: format!("templates/t{}/epgs/e{i}", i % 4),
        ord: i as i64,
        body: json!({ "name": format!("e{i}"), "bd": format!("bd{}", i % 50), "round": round }),
    }
}

/// Median time of one single-unit commit on a fresh file holding `size` units.
async fn median_commit(size: usize) -> Duration {
    let dir = std::env::temp_dir().join(format!(
        "multisite-store-bench-{}-{size}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let path: PathBuf = dir.join("bench.db");
    let store = SqliteStore::open(&path).await.expect("open");
    let units = (0..size).map(|i| unit(i, 0)).collect();
    let mut version = store
        .create_schema("bench", "Bench", json!({ "displayName": "Bench" }), units)
        .await
        .expect("create");

    let mut samples = Vec::with_capacity(SAMPLES);
    for round in 0..WARMUP + SAMPLES {
        let change = SchemaChange {
            expected_version: version,
            header: None,
            upserts: vec![unit((round * 7919) % size, round + 1)],
            deletes: vec![],
        };
        let start = Instant::now();
        version = store
            .commit_schema("bench", "Bench", change)
            .await
            .expect("commit");
        if round >= WARMUP {
            samples.push(start.elapsed());
        }
    }
    assert_eq!(
        store.load_schema("bench").await.expect("load").units.len(),
        size
    );
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!("commit_schema upserting one unit, SQLite file (WAL, synchronous=NORMAL), median of {SAMPLES}");
    let small = rt.block_on(median_commit(1_000));
    let large = rt.block_on(median_commit(10_000));
    for (size, t) in [(1_000, small), (10_000, large)] {
        println!(
            "  {size:>6} units: {:>8.1} µs per commit, {:>8.0} commits/s",
            t.as_secs_f64() * 1e6,
            1.0 / t.as_secs_f64()
        );
    }
    println!(
        "  ratio 10,000 / 1,000 units: {:.2} (baseline: the 1,000-unit schema in this run)",
        large.as_secs_f64() / small.as_secs_f64()
    );
}
