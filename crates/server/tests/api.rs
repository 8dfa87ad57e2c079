//! HTTP-level behaviour of the NDO API: bad input is refused in NDO's envelope and leaves
//! the stored schema unchanged; concurrent writers lose nothing; the `modified` header.

use std::path::Path;

use multisite_testkit::{Options, Reply, TestServer};
use serde_json::{json, Value};

/// A tenant, a schema with template `t1`, VRF `v1` and BD `b1`; returns the schema id.
async fn setup(s: &TestServer) -> String {
    let t = s.post("/api/v1/tenants", &json!({"name": "Tenant1", "displayName": "Tenant1", "siteAssociations": [], "userAssociations": []})).await;
    assert_eq!(t.status, 201, "{:?}", t.body);
    let tid = t.body["id"].as_str().unwrap().to_string();
    let sc = s
        .post("/api/v1/schemas", &json!({"displayName": "S1", "templates": [{"name": "t1", "displayName": "t1", "tenantId": tid}], "sites": []}))
        .await;
    assert!(sc.status == 201 || sc.status == 200, "{:?}", sc.body);
    let sid = sc.body["id"].as_str().unwrap().to_string();
    let r = s
        .patch(
            &format!("/api/v1/schemas/{sid}?validate=false"),
            &json!([
                {"op": "add", "path": "/templates/t1/vrfs/-", "value": {"name": "v1", "displayName": "v1"}},
                {"op": "add", "path": "/templates/t1/bds/-", "value": {"name": "b1", "displayName": "b1",
                    "vrfRef": {"vrfName": "v1", "templateName": "t1", "schemaId": sid}}}
            ]),
        )
        .await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    sid
}

/// The reply with the run's random schema id replaced by `{sid}`, so expected files are stable.
fn summary(r: &Reply, sid: &str) -> Value {
    let text = serde_json::to_string(&json!({"status": r.status, "body": r.body})).unwrap();
    serde_json::from_str(&text.replace(sid, "{sid}")).unwrap()
}

#[tokio::test]
async fn bad_input_is_refused_and_changes_nothing() {
    let s = TestServer::start(Options::default()).await;
    let sid = setup(&s).await;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/bad_input");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 10);
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for file in files {
        let mut case: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let req = &case["request"];
        let method = req["method"].as_str().unwrap();
        let path = req["path"].as_str().unwrap().replace("{sid}", &sid);
        let body = match &req["body"] {
            Value::Null => None,
            Value::String(raw) => Some(raw.replace("{sid}", &sid)),
            other => Some(other.to_string().replace("{sid}", &sid)),
        };
        let before = s.get(&format!("/api/v1/schemas/{sid}")).await.body;
        let tenants_before = s.get("/api/v1/tenants").await.body;
        let reply = if req["auth"] == json!(false) {
            let resp = s
                .http
                .get(format!("{}{}", s.base, path))
                .send()
                .await
                .unwrap();
            let status = resp.status().as_u16();
            Reply {
                status,
                body: resp.json().await.unwrap_or(Value::Null),
                modified: None,
            }
        } else {
            s.send(method, &path, body.as_deref()).await
        };
        let after = s.get(&format!("/api/v1/schemas/{sid}")).await.body;
        let tenants_after = s.get("/api/v1/tenants").await.body;
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            reply.status >= 400,
            "{name}: expected a refusal, got {:?}",
            reply
        );
        assert_eq!(
            reply.body["code"].as_u64(),
            Some(reply.status as u64),
            "{name}: NDO error envelope"
        );
        assert!(
            reply.body["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{name}: message"
        );
        assert_eq!(before, after, "{name}: the stored schema changed");
        assert_eq!(tenants_before, tenants_after, "{name}: the tenants changed");
        let got = summary(&reply, &sid);
        if update {
            case["expect"] = got;
            std::fs::write(&file, serde_json::to_string_pretty(&case).unwrap() + "\n").unwrap();
        } else if case["expect"] != got {
            failures.push(format!(
                "{name}:\n  expected {}\n  got      {}",
                case["expect"], got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "run with UPDATE_EXPECT=1 to accept:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn sixteen_parallel_writers_lose_nothing() {
    let s = std::sync::Arc::new(TestServer::start(Options::default()).await);
    let sid = setup(&s).await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let s = s.clone();
        let sid = sid.clone();
        tasks.push(tokio::spawn(async move {
            let ops = json!([{"op": "add", "path": "/templates/t1/vrfs/-", "value": {"name": format!("pv{i}"), "displayName": format!("pv{i}")}}]);
            for _ in 0..50 {
                let r = s.patch(&format!("/api/v1/schemas/{sid}?validate=false"), &ops).await;
                match r.status {
                    200 => return true,
                    409 => continue,
                    other => panic!("writer {i}: unexpected {other}: {:?}", r.body),
                }
            }
            false
        }));
    }
    for t in tasks {
        assert!(t.await.unwrap(), "a writer never got through");
    }
    let doc = s.get(&format!("/api/v1/schemas/{sid}")).await.body;
    let names: Vec<&str> = doc["templates"][0]["vrfs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    for i in 0..16 {
        assert!(
            names.contains(&format!("pv{i}").as_str()),
            "pv{i} lost: {names:?}"
        );
    }
    assert_eq!(names.len(), 17);
}

#[tokio::test]
async fn modified_header_follows_the_stored_document() {
    let s = TestServer::start(Options::default()).await;
    let sid = setup(&s).await;
    let same = json!([{"op": "replace", "path": "/templates/t1/displayName", "value": "t1"}]);
    let r = s
        .patch(&format!("/api/v1/schemas/{sid}?validate=false"), &same)
        .await;
    assert_eq!((r.status, r.modified), (200, Some(false)));
    let change =
        json!([{"op": "replace", "path": "/templates/t1/displayName", "value": "Template One"}]);
    let r = s
        .patch(&format!("/api/v1/schemas/{sid}?validate=false"), &change)
        .await;
    assert_eq!((r.status, r.modified), (200, Some(true)));
    // A whole-BD replace with a dict ref equal to the stored string ref changes nothing.
    let bd = s.get(&format!("/api/v1/schemas/{sid}")).await.body["templates"][0]["bds"][0].clone();
    let mut replaced = bd.clone();
    replaced["vrfRef"] = json!({"vrfName": "v1", "templateName": "t1", "schemaId": sid});
    let r = s
        .patch(
            &format!("/api/v1/schemas/{sid}?validate=false"),
            &json!([{"op": "replace", "path": "/templates/t1/bds/b1", "value": replaced}]),
        )
        .await;
    assert_eq!((r.status, r.modified), (200, Some(false)), "{:?}", r.body);
}

#[tokio::test]
async fn schema_survives_a_restart() {
    let s = TestServer::start(Options::default()).await;
    let sid = setup(&s).await;
    let before = s.get(&format!("/api/v1/schemas/{sid}")).await.body;
    let TestServer { running, dir, .. } = s;
    running.abort();
    drop(running);
    let s2 = TestServer::start_in(Options::default(), dir).await;
    let after = s2.get(&format!("/api/v1/schemas/{sid}")).await.body;
    assert_eq!(before, after);
}

#[tokio::test]
async fn a_template_cannot_point_at_a_missing_tenant() {
    let s = TestServer::start(Options::default()).await;
    let sid = setup(&s).await;
    let before = s.get(&format!("/api/v1/schemas/{sid}")).await.body;
    for ops in [
        json!([{"op": "replace", "path": "/templates/t1/tenantId", "value": "000000000000000000000000"}]),
        json!([{"op": "add", "path": "/templates/-", "value": {"name": "t2", "displayName": "t2", "tenantId": "000000000000000000000000"}}]),
    ] {
        let r = s
            .patch(&format!("/api/v1/schemas/{sid}?validate=false"), &ops)
            .await;
        assert_eq!(r.status, 400, "{:?}", r.body);
        assert!(
            r.body["message"].as_str().unwrap().contains("tenantId"),
            "{:?}",
            r.body
        );
    }
    assert_eq!(s.get(&format!("/api/v1/schemas/{sid}")).await.body, before);
}
