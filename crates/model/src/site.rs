//! Sites: an APIC-managed fabric the orchestrator deploys to, with its credentials,
//! platform, APIC version and pods (TEP pools). The password is never shown.

use crate::cidr::Cidr;
use crate::enums::Platform;
use crate::error::ModelError;
use crate::ids::SiteId;
use crate::objects::Extra;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// What `to_json` shows instead of the password.
pub const MASKED_PASSWORD: &str = "******";

/// Geographic location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    #[serde(default)]
    pub lat: f64,
    #[serde(default)]
    pub long: f64,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A pod of a site's fabric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pod {
    pub pod_id: i64,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tep_pool: Option<Cidr>,
    #[serde(default)]
    pub external_tep_pools: Vec<Cidr>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Site {
    #[serde(default)]
    pub id: SiteId,
    pub name: String,
    #[serde(default, deserialize_with = "string_or_number")]
    pub apic_site_id: String,
    #[serde(default)]
    pub urls: Vec<String>,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default)]
    pub platform: Platform,
    #[serde(default)]
    pub cloud_providers: Vec<String>,
    #[serde(default)]
    pub apic_version: String,
    #[serde(default)]
    pub pods: Vec<Pod>,
    #[serde(flatten)]
    pub extra: Extra,
}

fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        Value::Null => Ok(String::new()),
        other => Err(serde::de::Error::custom(format!(
            "apicSiteId: expected a string or a number, got {other}"
        ))),
    }
}

impl Site {
    /// From a client document (POST or PUT); `id` wins over the document's own.
    pub fn from_client(id: &str, doc: Value) -> Result<Site, ModelError> {
        let Value::Object(mut map) = doc else {
            return Err(ModelError::bad("", "a site must be a JSON object"));
        };
        map.insert("id".into(), Value::String(id.to_string()));
        let site: Site =
            serde_json::from_value(Value::Object(map)).map_err(|e| ModelError::bad("", e))?;
        if site.name.trim().is_empty() {
            return Err(ModelError::bad("/name", "a site needs a non-empty name"));
        }
        Ok(site)
    }

    /// The document clients see: the password masked.
    pub fn to_json(&self) -> Value {
        let mut v = self.to_stored_json();
        if let Some(p) = v.get_mut("password") {
            *p = Value::String(MASKED_PASSWORD.to_string());
        }
        v
    }

    /// The document to store, with the password.
    pub fn to_stored_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// When a client sends back the masked password (or none), keep the stored one.
    pub fn keep_password_from(&mut self, previous: &Site) {
        if self.password.is_empty() || self.password == MASKED_PASSWORD {
            self.password = previous.password.clone();
        }
    }
}
