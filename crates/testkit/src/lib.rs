//! Test context for integration tests: an orchestrator on port 0 with a temporary data
//! directory, optionally with its two embedded emulated sites (also on port 0), and a
//! logged-in HTTP client. Dev-only: production crates never depend on it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;

/// The admin password test servers use.
pub const PASSWORD: &str = "test-Passw0rd";

/// A temporary directory removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> TempDir {
        static N: AtomicU64 = AtomicU64::new(0);
        let p = std::env::temp_dir().join(format!(
            "{prefix}-{}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        std::fs::create_dir_all(&p).expect("create temp dir");
        TempDir(p)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Options for [`TestServer::start`].
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Start the two embedded emulated sites.
    pub embedded_sites: bool,
    /// A database URL instead of the temporary SQLite file.
    pub database: Option<String>,
}

/// A running orchestrator and a logged-in client.
pub struct TestServer {
    pub running: multisite_server::Running,
    pub base: String,
    pub token: String,
    pub http: reqwest::Client,
    pub dir: TempDir,
}

/// A response: status and JSON body (`Null` when empty), plus the `modified` header.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub modified: Option<bool>,
}

impl TestServer {
    pub async fn start(opts: Options) -> TestServer {
        let dir = TempDir::new("multisite-test");
        Self::start_in(opts, dir).await
    }

    /// Start on an existing data directory (to test restarts).
    pub async fn start_in(opts: Options, dir: TempDir) -> TestServer {
        let any: SocketAddr = "127.0.0.1:0".parse().expect("addr");
        let config = multisite_server::ServerConfig {
            listen: any,
            data_dir: dir.path().to_path_buf(),
            database: opts.database.clone(),
            admin_password: Some(PASSWORD.to_string()),
            embedded_sites: opts.embedded_sites,
            embedded_site_addrs: [any, any],
        };
        let running = multisite_server::start(config)
            .await
            .expect("server starts");
        let base = format!("http://{}", running.addr);
        let http = reqwest::Client::new();
        let login: Value = http
            .post(format!("{base}/api/v1/auth/login"))
            .body(format!(r#"{{"username":"admin","password":"{PASSWORD}"}}"#))
            .send()
            .await
            .expect("login")
            .json()
            .await
            .expect("login body");
        let token = login["token"].as_str().expect("token").to_string();
        TestServer {
            running,
            base,
            token,
            http,
            dir,
        }
    }

    /// Send a request with the token; `body` is sent as given (text).
    pub async fn send(&self, method: &str, path: &str, body: Option<&str>) -> Reply {
        let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self
            .http
            .request(m, format!("{}{}", self.base, path))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.header("content-type", "text/json").body(b.to_string());
        }
        let resp = req.send().await.expect("request");
        let status = resp.status().as_u16();
        let modified = resp
            .headers()
            .get("modified")
            .and_then(|v| v.to_str().ok())
            .map(|v| v == "true");
        let text = resp.text().await.unwrap_or_default();
        let body = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Reply {
            status,
            body,
            modified,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send("GET", path, None).await
    }
    pub async fn post(&self, path: &str, body: &Value) -> Reply {
        self.send("POST", path, Some(&body.to_string())).await
    }
    pub async fn put(&self, path: &str, body: &Value) -> Reply {
        self.send("PUT", path, Some(&body.to_string())).await
    }
    pub async fn patch(&self, path: &str, body: &Value) -> Reply {
        self.send("PATCH", path, Some(&body.to_string())).await
    }
    pub async fn delete(&self, path: &str) -> Reply {
        self.send("DELETE", path, None).await
    }
}
