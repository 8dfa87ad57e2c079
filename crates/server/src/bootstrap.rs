//! First-start and every-start set-up: the admin user, the service-node types NDO ships
//! with, and the two embedded emulated sites registered as the orchestrator's sites.

use multisite_store::{Doc, DocKind, Store};
use serde_json::{json, Value};

use crate::auth::{generate_password, hash_password, new_id, verify_password};
use crate::state::AppState;
use crate::StartError;

/// The built-in service-node types, with the ids real NDO uses.
pub const SERVICE_NODE_TYPES: [(&str, &str, &str); 3] = [
    ("0000ffff0000000000000051", "firewall", "Firewall"),
    ("0000ffff0000000000000052", "load-balancer", "Load Balancer"),
    ("0000ffff0000000000000053", "other", "Other"),
];

/// The embedded sites: name, APIC site id, reported APIC version, and the external TEP
/// pool of pod 1 set at first registration (the demo fabric's infra configuration).
pub const EMBEDDED_SITES: [(&str, u32, &str, &str); 2] = [
    ("site1", 1, "5.1(4c)", "172.16.1.0/24"),
    ("site2", 2, "4.2(7w)", "172.16.2.0/24"),
];

/// Make sure user `admin` exists; returns its password in clear when known (given, or
/// generated now), else the password kept for the embedded sites.
pub async fn ensure_admin(state: &AppState) -> Result<String, StartError> {
    let users = state.store.list_docs(DocKind::User).await?;
    let existing = users.into_iter().find(|d| d.name == "admin");
    let given = state
        .config
        .admin_password
        .clone()
        .filter(|p| !p.is_empty());
    match (existing, given) {
        (Some(mut doc), Some(pw)) => {
            let hash = doc
                .body
                .get("passwordHash")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if !verify_password(&pw, hash) {
                doc.body["passwordHash"] = json!(hash_password(&pw));
                state.store.put_doc(DocKind::User, doc).await?;
            }
            Ok(pw)
        }
        (Some(_), None) => Ok(embedded_password(state).await?.unwrap_or_default()),
        (None, given) => {
            let pw = match given {
                Some(p) => p,
                None => {
                    let p = generate_password();
                    println!(
                        "multisite: first start; user 'admin' has the generated password: {p}"
                    );
                    println!("multisite: it is shown only once; set MULTISITE_ADMIN_PASSWORD to choose one.");
                    p
                }
            };
            let id = new_id();
            let body = json!({
                "id": id, "username": "admin", "firstName": "admin", "lastName": "",
                "emailAddress": "", "accountStatus": "active", "domainId": LOCAL_DOMAIN_ID,
                "roles": [{"roleId": "0000ffff0000000000000031", "accessType": "readWrite"}],
                "passwordHash": hash_password(&pw),
            });
            state
                .store
                .put_doc(
                    DocKind::User,
                    Doc {
                        id,
                        name: "admin".into(),
                        body,
                    },
                )
                .await?;
            Ok(pw)
        }
    }
}

/// The id of the `Local` login domain.
pub const LOCAL_DOMAIN_ID: &str = "0000ffff0000000000000090";

async fn embedded_password(state: &AppState) -> Result<Option<String>, StartError> {
    let sites = state.store.list_docs(DocKind::Site).await?;
    Ok(sites
        .iter()
        .find(|d| d.body.get("embedded").and_then(Value::as_bool) == Some(true))
        .and_then(|d| {
            d.body
                .get("password")
                .and_then(Value::as_str)
                .map(str::to_string)
        }))
}

/// Seed the three service-node types when none exist.
pub async fn ensure_service_node_types(state: &AppState) -> Result<(), StartError> {
    let have = state.store.list_docs(DocKind::ServiceNodeType).await?;
    for (id, name, display) in SERVICE_NODE_TYPES {
        if have.iter().any(|d| d.name == name) {
            continue;
        }
        let body = json!({"id": id, "name": name, "displayName": display});
        state
            .store
            .put_doc(
                DocKind::ServiceNodeType,
                Doc {
                    id: id.into(),
                    name: name.into(),
                    body,
                },
            )
            .await?;
    }
    Ok(())
}

/// Start the embedded sites and register them as the orchestrator's sites on first start.
pub async fn start_embedded_sites(
    state: &AppState,
    admin_password: &str,
) -> Result<Vec<multisite_sitesim::RunningSite>, StartError> {
    let mut running = Vec::new();
    let registered = state.store.list_docs(DocKind::Site).await?;
    for (i, (name, site_id, version, ext_tep)) in EMBEDDED_SITES.iter().enumerate() {
        let addr = state.config.embedded_site_addrs[i];
        let existing = registered.iter().find(|d| d.name == *name);
        let password = existing
            .and_then(|d| d.body.get("password").and_then(Value::as_str))
            .map(str::to_string)
            .unwrap_or_else(|| admin_password.to_string());
        let cfg = multisite_sitesim::SiteConfig {
            name: name.to_string(),
            site_id: *site_id,
            listen: addr,
            apic_version: version.to_string(),
            topology: None,
            data_dir: state.config.data_dir.join("sites").join(name),
            password: password.clone(),
        };
        let site = multisite_sitesim::spawn(cfg)
            .await
            .map_err(|e| StartError::Site {
                site: name.to_string(),
                reason: e.to_string(),
            })?;
        let url = format!("http://{}", site.addr());
        let mut doc = match existing {
            None => {
                let id = new_id();
                let body = json!({
                    "id": id, "name": name, "apicSiteId": site_id.to_string(), "urls": [url],
                    "username": "admin", "password": password, "labels": [],
                    "location": {"lat": 0.0, "long": 0.0}, "platform": "on-premise",
                    "cloudProviders": [], "apicVersion": version, "embedded": true,
                });
                Doc {
                    id,
                    name: name.to_string(),
                    body,
                }
            }
            Some(d) => {
                let mut d = d.clone();
                d.body["urls"] = json!([url]);
                d
            }
        };
        // Keep the version and pods current: read them from the site itself.
        crate::routes::site_lookups::refresh_site_facts(&mut doc).await;
        if existing.is_none() {
            if let Some(pods) = doc.body["pods"].as_array_mut() {
                for pod in pods.iter_mut().filter(|p| p["podId"] == json!(1)) {
                    pod["externalTepPools"] = json!([ext_tep]);
                }
            }
        }
        state.store.put_doc(DocKind::Site, doc).await?;
        running.push(site);
    }
    Ok(running)
}
