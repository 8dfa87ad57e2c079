//! The site controller's object model, with no I/O: DN/RN parsing, class metadata,
//! the wire JSON codec (`imdata`, nested `children`, `status`), the query language
//! and an in-memory managed-object tree that answers it.
//!
//! The request-level facade below is what the emulator (`sitesim`) serves over HTTP
//! and what the renderer and the fabric simulator read. It is deterministic: ordered
//! maps everywhere output is shown.

use std::collections::BTreeMap;

use serde_json::Value;

pub mod dn;
mod error;
pub mod filter;
pub mod meta;
pub mod params;
mod read;
pub mod resolve;
mod snapshot;
mod store;
pub mod value;
mod write;

pub use error::ApicError;
pub use write::{Change, ChangeKind};

use store::Store;

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

impl<'a> MoView<'a> {
    /// One attribute, `""` when absent.
    pub fn attr(&self, name: &str) -> &'a str {
        self.attrs.get(name).map(String::as_str).unwrap_or("")
    }
}

/// The managed-object tree of one site.
#[derive(Debug, Clone)]
pub struct Tree {
    store: Store,
}

fn attrs(pairs: &[(&str, String)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

impl Tree {
    /// A fresh tree with the implicit roots (`uni`, `topology`, version objects).
    pub fn new(identity: SiteIdentity) -> Tree {
        let mut tree = Tree {
            store: Store::new(identity.clone()),
        };
        let version = identity.version.clone();
        let address = format!("10.{}.0.1", identity.site_id % 256);
        let seed: Vec<(&str, &str, BTreeMap<String, String>)> = vec![
            ("polUni", "uni", BTreeMap::new()),
            ("fvTenant", "uni/tn-common", BTreeMap::new()),
            ("fvTenant", "uni/tn-infra", BTreeMap::new()),
            ("fvTenant", "uni/tn-mgmt", BTreeMap::new()),
            ("infraInfra", "uni/infra", BTreeMap::new()),
            ("vmmProvP", "uni/vmmp-VMware", BTreeMap::new()),
            ("fabricTopology", "topology", BTreeMap::new()),
            ("fabricPod", "topology/pod-1", BTreeMap::new()),
            (
                "fabricNode",
                "topology/pod-1/node-1",
                attrs(&[
                    ("role", "controller".into()),
                    ("name", "apic1".into()),
                    ("model", "APIC-SERVER-M3".into()),
                    ("serial", format!("FCH{:04}A001", identity.site_id)),
                    ("address", address.clone()),
                    ("version", version.clone()),
                ]),
            ),
            (
                "topSystem",
                "topology/pod-1/node-1/sys",
                attrs(&[
                    ("role", "controller".into()),
                    ("name", "apic1".into()),
                    ("id", "1".into()),
                    ("address", address),
                    ("version", version.clone()),
                    ("siteId", identity.site_id.to_string()),
                    ("podId", "1".into()),
                    ("fabricDomain", identity.name.clone()),
                ]),
            ),
            (
                "firmwareCtrlrRunning",
                "topology/pod-1/node-1/sys/ctrlrfwstatuscont/ctrlrrunning",
                attrs(&[("version", version)]),
            ),
        ];
        for (class, dn, a) in seed {
            write::insert_system(&mut tree.store, class, dn, a)
                .expect("the seed objects are valid");
        }
        tree
    }

    /// The identity the tree was created with.
    pub fn identity(&self) -> &SiteIdentity {
        &self.store.identity
    }

    /// Answer a GET. `path` is the request path without the query string, as sent by the
    /// client: `/api/mo/{dn}.json`, `/api/node/mo/{dn}.json`, `/api/class/{class}.json`,
    /// `/api/node/class/{class}.json` or `/api/class/{dn}/{class}.json`. `params` are the
    /// percent-decoded query parameters in order. Returns the whole envelope
    /// `{"totalCount": "N", "imdata": [...]}`.
    pub fn get(&self, path: &str, params: &[(String, String)]) -> Result<Value, ApicError> {
        read::get(&self.store, path, params)
    }

    /// Apply a POST atomically: validate the whole posted tree, then commit, or change
    /// nothing. Returns the response envelope (with `rsp-subtree=modified`, the changed
    /// objects with their status).
    pub fn post(
        &mut self,
        path: &str,
        params: &[(String, String)],
        body: &Value,
    ) -> Result<Value, ApicError> {
        write::post(&mut self.store, path, params, body).map(|(v, _)| v)
    }

    /// Like [`Tree::post`], also returning the list of committed changes.
    pub fn post_changes(
        &mut self,
        path: &str,
        params: &[(String, String)],
        body: &Value,
    ) -> Result<(Value, Vec<Change>), ApicError> {
        write::post(&mut self.store, path, params, body)
    }

    /// Delete the object at `path` and its subtree (absent: success, empty imdata).
    pub fn delete(&mut self, path: &str, params: &[(String, String)]) -> Result<Value, ApicError> {
        write::delete(&mut self.store, path, params).map(|(v, _)| v)
    }

    /// Insert or overwrite an object that the fabric itself owns (topology, version
    /// classes): no configuration validation, parents created as needed.
    pub fn insert_system(
        &mut self,
        class: &str,
        dn: &str,
        attrs: BTreeMap<String, String>,
    ) -> Result<(), ApicError> {
        write::insert_system(&mut self.store, class, dn, attrs)
    }

    /// Every object, in DN order.
    pub fn iter(&self) -> Box<dyn Iterator<Item = MoView<'_>> + '_> {
        Box::new(self.store.objects.iter().map(|(dn, mo)| MoView {
            class: mo.class,
            dn,
            attrs: &mo.attrs,
        }))
    }

    /// Every object of one class, in DN order (costs what it returns).
    pub fn by_class<'a>(&'a self, class: &str) -> Box<dyn Iterator<Item = MoView<'a>> + 'a> {
        Box::new(self.store.class_dns(class).filter_map(|dn| self.lookup(dn)))
    }

    /// Direct children of an object, in DN order.
    pub fn children<'a>(&'a self, dn: &str) -> Box<dyn Iterator<Item = MoView<'a>> + 'a> {
        Box::new(self.store.children(dn).filter_map(|d| self.lookup(d)))
    }

    /// An object and all its descendants, in DN order.
    pub fn subtree<'a>(&'a self, dn: &'a str) -> Box<dyn Iterator<Item = MoView<'a>> + 'a> {
        Box::new(self.store.subtree(dn).map(|(dn, mo)| MoView {
            class: mo.class,
            dn,
            attrs: &mo.attrs,
        }))
    }

    /// One object by DN.
    pub fn lookup(&self, dn: &str) -> Option<MoView<'_>> {
        self.store.objects.get_key_value(dn).map(|(dn, mo)| MoView {
            class: mo.class,
            dn,
            attrs: &mo.attrs,
        })
    }

    pub fn len(&self) -> usize {
        self.store.objects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A JSON snapshot of the whole tree (identity, allocator state, every object).
    pub fn snapshot(&self) -> Value {
        snapshot::snapshot(&self.store)
    }

    /// Rebuild a tree from [`Tree::snapshot`] output.
    pub fn restore(snapshot: &Value) -> Result<Tree, ApicError> {
        snapshot::restore(snapshot).map(|store| Tree { store })
    }
}
