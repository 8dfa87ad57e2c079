//! Test support: a site on a free port with its own data directory, and a raw HTTP/1.1
//! client that sends requests byte for byte as APIC clients do.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use multisite_sitesim::{spawn, RunningSite, SiteConfig};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const PASSWORD: &str = "s3cret!";

/// A fresh, empty data directory under the system's temporary directory.
pub fn data_dir(tag: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("sitesim-test-{}-{tag}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub async fn start(site_id: u32, dir: &Path) -> RunningSite {
    spawn(SiteConfig::demo(site_id, dir, PASSWORD))
        .await
        .expect("site starts")
}

/// A parsed HTTP response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// `imdata[0].error.attributes` as `(code, text)`.
    pub fn apic_error(&self) -> (String, String) {
        let v = self.json();
        let a = &v["imdata"][0]["error"]["attributes"];
        (
            a["code"].as_str().unwrap_or_default().into(),
            a["text"].as_str().unwrap_or_default().into(),
        )
    }

    pub fn imdata(&self) -> Vec<Value> {
        self.json()["imdata"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

/// Send raw bytes and read the whole answer (the server closes the connection).
pub async fn raw(addr: SocketAddr, request: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_string(),
    }
}

/// A request as Python's urllib sends it: raw target, form content type, JSON body.
pub async fn send(
    addr: SocketAddr,
    method: &str,
    target: &str,
    cookie: Option<&str>,
    body: Option<&str>,
) -> Reply {
    let mut req = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nAccept-Encoding: identity\r\nUser-Agent: Python-urllib/3.12\r\nConnection: close\r\n");
    if let Some(cookie) = cookie {
        req.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    if let Some(body) = body {
        req.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    req.push_str("\r\n");
    if let Some(body) = body {
        req.push_str(body);
    }
    raw(addr, req.as_bytes()).await
}

/// Log in as cisco.aci does; returns the whole `Set-Cookie` value (sent back verbatim).
pub async fn login(addr: SocketAddr) -> String {
    let body =
        format!(r#"{{"aaaUser": {{"attributes": {{"name": "admin", "pwd": "{PASSWORD}"}}}}}}"#);
    let reply = send(addr, "POST", "/api/aaaLogin.json", None, Some(&body)).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.header("set-cookie").expect("Set-Cookie").to_string()
}

/// `Authorization` header for the control endpoints.
pub fn basic_auth() -> String {
    // base64("admin:s3cret!")
    "Basic YWRtaW46czNjcmV0IQ==".to_string()
}

/// A control request with basic auth and a JSON body.
pub async fn control(addr: SocketAddr, method: &str, path: &str, body: Option<&str>) -> Reply {
    let body = body.unwrap_or("");
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        basic_auth(),
        body.len()
    );
    raw(addr, req.as_bytes()).await
}

/// `send` with the session cookie and a body, as cisco.aci posts.
pub async fn post(addr: SocketAddr, cookie: &str, target: &str, body: &str) -> Reply {
    send(addr, "POST", target, Some(cookie), Some(body)).await
}

/// `send` with the session cookie and no body.
pub async fn get(addr: SocketAddr, cookie: &str, target: &str) -> Reply {
    send(addr, "GET", target, Some(cookie), None).await
}

/// `send` with the session cookie and no body.
pub async fn delete(addr: SocketAddr, cookie: &str, target: &str) -> Reply {
    send(addr, "DELETE", target, Some(cookie), None).await
}
