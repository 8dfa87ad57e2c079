//! Several orchestrator replicas sharing one PostgreSQL database: writes through either
//! replica land, concurrent writers on both lose nothing, and each replica sees the
//! other's changes (its cached schema is checked against the stored version).
//!
//! Needs PostgreSQL (default `postgres://postgres@127.0.0.1:5432/test`, override with
//! `MULTISITE_TEST_PG`); fails when it is unreachable unless `MULTISITE_SKIP_PG=1`.

use std::sync::Arc;

use multisite_testkit::{Options, TestServer};
use serde_json::json;

fn pg_url() -> Option<String> {
    if std::env::var_os("MULTISITE_SKIP_PG").is_some() {
        return None;
    }
    Some(
        std::env::var("MULTISITE_TEST_PG")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into()),
    )
}

#[tokio::test]
async fn two_replicas_on_postgres_share_schemas_and_lose_no_write() {
    let Some(base) = pg_url() else { return };
    let ns = format!(
        "msrep_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    // Create the namespace (and run the migrations) once, then point both replicas at it.
    let setup = multisite_store::PgStore::connect_in_namespace(&base, &ns)
        .await
        .expect("PostgreSQL reachable");
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{ns}");
    let a = Arc::new(
        TestServer::start(Options {
            database: Some(url.clone()),
            ..Default::default()
        })
        .await,
    );
    let b = Arc::new(
        TestServer::start(Options {
            database: Some(url),
            ..Default::default()
        })
        .await,
    );

    let t = a
        .post(
            "/api/v1/tenants",
            &json!({"name": "Tenant1", "displayName": "Tenant1"}),
        )
        .await;
    assert_eq!(t.status, 201, "{:?}", t.body);
    let tid = t.body["id"].as_str().unwrap().to_string();
    let s = b.post("/api/v1/schemas", &json!({"displayName": "shared", "templates": [{"name": "t1", "displayName": "t1", "tenantId": tid}]})).await;
    assert_eq!(
        s.status, 201,
        "replica B sees the tenant replica A made: {:?}",
        s.body
    );
    let sid = s.body["id"].as_str().unwrap().to_string();

    let mut tasks = Vec::new();
    for i in 0..16 {
        let server = if i % 2 == 0 { a.clone() } else { b.clone() };
        let sid = sid.clone();
        tasks.push(tokio::spawn(async move {
            let ops = json!([{"op": "add", "path": "/templates/t1/vrfs/-", "value": {"name": format!("v{i}"), "displayName": format!("v{i}")}}]);
            for _ in 0..50 {
                let r = server.patch(&format!("/api/v1/schemas/{sid}?validate=false"), &ops).await;
                match r.status {
                    200 => return,
                    409 => continue,
                    other => panic!("writer {i}: {other} {:?}", r.body),
                }
            }
            panic!("writer {i} never got through");
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let from_a = a.get(&format!("/api/v1/schemas/{sid}")).await.body;
    let from_b = b.get(&format!("/api/v1/schemas/{sid}")).await.body;
    assert_eq!(from_a, from_b, "the replicas disagree");
    let vrfs = from_a["templates"][0]["vrfs"].as_array().unwrap();
    assert_eq!(vrfs.len(), 16, "{vrfs:?}");
    a.running.abort();
    b.running.abort();
    setup.close().await;
    drop((a, b));
    multisite_store::PgStore::drop_namespace(&base, &ns)
        .await
        .expect("drop the test namespace");
}
