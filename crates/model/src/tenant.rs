//! Tenants: their site and user associations, created from client documents and patched
//! with the same JSON Patch dialect as schemas (`/siteAssociations/{siteId}`).

use crate::error::ModelError;
use crate::ids::{SiteId, TenantId};
use crate::objects::Extra;
use crate::pointer::{self, parse_ops, OpKind};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashSet;

/// A tenant's association with a site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteAssociation {
    pub site_id: SiteId,
    #[serde(default)]
    pub security_domains: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A user allowed to manage a tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserAssociation {
    pub user_id: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tenant {
    #[serde(default)]
    pub id: TenantId,
    pub name: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub site_associations: Vec<SiteAssociation>,
    #[serde(default)]
    pub user_associations: Vec<UserAssociation>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Tenant {
    /// From a client document (POST or PUT); `id` wins over the document's own.
    pub fn from_client(id: &str, doc: Value) -> Result<Tenant, ModelError> {
        let Value::Object(mut map) = doc else {
            return Err(ModelError::bad("", "a tenant must be a JSON object"));
        };
        map.insert("id".into(), Value::String(id.to_string()));
        let mut t: Tenant =
            serde_json::from_value(Value::Object(map)).map_err(|e| ModelError::bad("", e))?;
        if t.name.trim().is_empty() {
            return Err(ModelError::bad("/name", "a tenant needs a non-empty name"));
        }
        if t.display_name.is_empty() {
            t.display_name = t.name.clone();
        }
        let mut seen = HashSet::new();
        for (i, a) in t.site_associations.iter().enumerate() {
            if !seen.insert(a.site_id.clone()) {
                return Err(ModelError::bad(
                    format!("/siteAssociations/{i}"),
                    format!("site '{}' is associated twice", a.site_id),
                ));
            }
        }
        Ok(t)
    }

    /// The document as GET /tenants/{id} returns it.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Apply a JSON Patch atomically; returns whether the tenant changed.
    pub fn apply_patch(&mut self, ops: &Value) -> Result<bool, ModelError> {
        let ops = parse_ops(ops)?;
        let mut doc = self.to_json();
        for op in &ops {
            if op.tokens.first().map(String::as_str) == Some("id") && op.kind != OpKind::Test {
                return Err(ModelError::bad("/id", "the tenant id cannot be changed"));
            }
            pointer::apply(&mut doc, op, &op.tokens, &mut Vec::new())?;
        }
        let new = Tenant::from_client(self.id.as_str(), doc)?;
        let modified = new != *self;
        *self = new;
        Ok(modified)
    }
}
