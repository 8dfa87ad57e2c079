//! The client for one site's controller (a real APIC or an emulated one): logs in with
//! `aaaLogin`, keeps the `APIC-cookie`, logs in again once on a 403, retries idempotent
//! reads on failures with a bounded exponential backoff, and reads or writes managed
//! objects. It is the only code in the project that talks to a site.
//!
//! ```no_run
//! # async fn demo() -> Result<(), multisite_apic_client::ApicClientError> {
//! use multisite_apic_client::ApicClient;
//! let apic = ApicClient::new("https://apic1.example.net", "admin", "secret")?;
//! let tenants = apic.get_class("fvTenant", &[]).await?;
//! let version = apic.version().await?;
//! # let _ = (tenants, version); Ok(()) }
//! ```

mod error;
mod objects;
mod transport;

use reqwest::Method;
use serde_json::Value;

pub use error::ApicClientError;
pub use objects::{
    ClusterInterface, Device, NodeInfo, PodInfo, RedirectDestination, RedirectPolicy,
};
pub use transport::ClientOptions;

use transport::{query_string, Transport};

/// Query parameters, in order, unencoded: `&[("rsp-subtree", "full")]`.
pub type Query<'a> = &'a [(&'a str, &'a str)];

/// A session with one site.
#[derive(Debug)]
pub struct ApicClient {
    transport: Transport,
}

/// The `imdata` list of an answer.
fn imdata(value: Value) -> Vec<Value> {
    match value {
        Value::Object(mut map) => match map.remove("imdata") {
            Some(Value::Array(list)) => list,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

impl ApicClient {
    /// A client for the site at `base_url` (`https://host[:port]`) with default options.
    /// Nothing is sent until the first call.
    pub fn new(
        base_url: &str,
        username: &str,
        password: &str,
    ) -> Result<ApicClient, ApicClientError> {
        Self::with_options(base_url, username, password, ClientOptions::default())
    }

    pub fn with_options(
        base_url: &str,
        username: &str,
        password: &str,
        options: ClientOptions,
    ) -> Result<ApicClient, ApicClientError> {
        Ok(ApicClient {
            transport: Transport::new(base_url, username, password, options)?,
        })
    }

    /// The site's base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.transport.base()
    }

    /// Log in now (calls log in on demand anyway); checks the credentials.
    pub async fn login(&self) -> Result<(), ApicClientError> {
        self.transport.login().await.map(|_| ())
    }

    /// End the session.
    pub async fn logout(&self) -> Result<(), ApicClientError> {
        self.transport.logout().await
    }

    /// `GET /api/mo/{dn}.json?{query}`: the `imdata` list (empty when the object is absent).
    pub async fn get_mo(&self, dn: &str, query: Query<'_>) -> Result<Vec<Value>, ApicClientError> {
        let path = format!("/api/mo/{dn}.json{}", query_string(query));
        self.transport
            .call(Method::GET, &path, None)
            .await
            .map(imdata)
    }

    /// `GET /api/class/{class}.json?{query}`: every object of the class.
    pub async fn get_class(
        &self,
        class: &str,
        query: Query<'_>,
    ) -> Result<Vec<Value>, ApicClientError> {
        let path = format!("/api/class/{class}.json{}", query_string(query));
        self.transport
            .call(Method::GET, &path, None)
            .await
            .map(imdata)
    }

    /// `POST /api/mo/{dn}.json?rsp-subtree=modified` with one object (and its children).
    /// Returns the whole answer: its `imdata` lists what changed, each with its `status`
    /// (`created`, `modified`, `deleted`); empty when nothing changed.
    pub async fn post_mo(&self, dn: &str, body: &Value) -> Result<Value, ApicClientError> {
        let path = format!("/api/mo/{dn}.json?rsp-subtree=modified");
        self.transport.call(Method::POST, &path, Some(body)).await
    }

    /// `DELETE /api/mo/{dn}.json?rsp-subtree=modified`: removes the object and its subtree
    /// (absent objects are no error). Returns the answer as [`ApicClient::post_mo`] does.
    pub async fn delete_mo(&self, dn: &str) -> Result<Value, ApicClientError> {
        let path = format!("/api/mo/{dn}.json?rsp-subtree=modified");
        self.transport.call(Method::DELETE, &path, None).await
    }
}
