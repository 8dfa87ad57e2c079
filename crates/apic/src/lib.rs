//! The site controller's object model, with no I/O: DN/RN parsing, class metadata,
//! the wire JSON codec (`imdata`, nested `children`, `status`), the query language
//! and an in-memory managed-object tree that answers it.
//!
//! The request-level facade below is what the emulator (`sitesim`) serves over HTTP
//! and what the renderer and the fabric simulator read. It is deterministic: ordered
//! maps everywhere output is shown.

use std::collections::BTreeMap;

use serde_json::Value;

/// An error in APIC's own terms: the HTTP status, APIC's error code and text.
/// Rendered as `{"totalCount":"1","imdata":[{"error":{"attributes":{"code":..,"text":..}}}]}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("APIC Error {code}: {text}")]
pub struct ApicError {
    pub status: u16,
    pub code: String,
    pub text: String,
}

impl ApicError {
    pub fn new(status: u16, code: impl Into<String>, text: impl Into<String>) -> Self {
        ApicError { status, code: code.into(), text: text.into() }
    }

    /// APIC's error envelope.
    pub fn envelope(&self) -> Value {
        serde_json::json!({"totalCount": "1", "imdata": [{"error": {"attributes": {"code": self.code, "text": self.text}}}]})
    }
}

/// Who this site is: used for version classes and per-site allocation of pcTag/seg/scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteIdentity {
    pub name: String,
    pub site_id: u32,
    /// As a real APIC reports it, for example `5.1(4c)`.
    pub version: String,
}

/// A read-only view of one managed object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoView<'a> {
    pub class: &'a str,
    pub dn: &'a str,
    pub attrs: &'a BTreeMap<String, String>,
}

/// The managed-object tree of one site.
#[derive(Debug, Clone)]
pub struct Tree {
    _private: (),
}

impl Tree {
    /// A fresh tree with the implicit roots (`uni`, `topology`, version objects).
    pub fn new(_identity: SiteIdentity) -> Tree {
        todo!()
    }

    /// Answer a GET. `path` is the request path without the query string, as sent by the
    /// client: `/api/mo/{dn}.json`, `/api/node/mo/{dn}.json`, `/api/class/{class}.json`,
    /// `/api/node/class/{class}.json` or `/api/class/{dn}/{class}.json`. `params` are the
    /// percent-decoded query parameters in order. Returns the whole envelope
    /// `{"totalCount": "N", "imdata": [...]}`.
    pub fn get(&self, _path: &str, _params: &[(String, String)]) -> Result<Value, ApicError> {
        todo!()
    }

    /// Apply a POST atomically: validate the whole posted tree, then commit, or change
    /// nothing. Returns the response envelope (with `rsp-subtree=modified`, the changed
    /// objects with their status).
    pub fn post(&mut self, _path: &str, _params: &[(String, String)], _body: &Value) -> Result<Value, ApicError> {
        todo!()
    }

    /// Delete the object at `path` and its subtree (absent: success, empty imdata).
    pub fn delete(&mut self, _path: &str, _params: &[(String, String)]) -> Result<Value, ApicError> {
        todo!()
    }

    /// Insert or overwrite an object that the fabric itself owns (topology, version
    /// classes): no configuration validation, parents created as needed.
    pub fn insert_system(&mut self, _class: &str, _dn: &str, _attrs: BTreeMap<String, String>) -> Result<(), ApicError> {
        todo!()
    }

    /// Every object, in DN order.
    pub fn iter(&self) -> Box<dyn Iterator<Item = MoView<'_>> + '_> {
        todo!()
    }

    /// Every object of one class, in DN order (costs what it returns).
    pub fn by_class<'a>(&'a self, _class: &str) -> Box<dyn Iterator<Item = MoView<'a>> + 'a> {
        todo!()
    }

    /// One object by DN.
    pub fn lookup(&self, _dn: &str) -> Option<MoView<'_>> {
        todo!()
    }

    pub fn len(&self) -> usize {
        todo!()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A JSON snapshot of the whole tree (identity, allocator state, every object).
    pub fn snapshot(&self) -> Value {
        todo!()
    }

    /// Rebuild a tree from [`Tree::snapshot`] output.
    pub fn restore(_snapshot: &Value) -> Result<Tree, ApicError> {
        todo!()
    }
}
