//! The [`Schema`]: a header plus a tree of units. Building it from a client document,
//! printing the NDO document and the identity summary, and the conversion to and from
//! the stored form (a header and a flat list of [`Unit`]s).

use crate::error::ModelError;
use crate::integrity::ExternalRefs;
use crate::objects::{Ctx, SchemaHeader};
use crate::tree::{escape, Body, Kind, Node};
use crate::tx::Tx;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// One stored piece of a schema: a template header, a template object, an ANP header,
/// an EPG, a site entry header or a site-local object.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Unique within the schema, path-like: `templates/t1/anps/a1/epgs/e1`, `sites/1-t1/bds/b1`.
    pub key: String,
    /// Position among its siblings.
    pub ord: i64,
    /// The unit's JSON, without child collections.
    pub body: Value,
}

/// A schema: templates, their objects, and the per-site overlays.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub(crate) id: String,
    pub(crate) version: i64,
    pub(crate) root: Node,
}

impl Schema {
    /// From a client document (POST /schemas or PUT): normalise, create the site twins,
    /// check references. The document's own `id` is ignored in favour of `id`.
    pub fn from_client(id: &str, doc: Value, ext: &dyn ExternalRefs) -> Result<Schema, ModelError> {
        let Value::Object(mut map) = doc else {
            return Err(ModelError::bad("", "a schema must be a JSON object"));
        };
        map.shift_remove("id");
        let version = map
            .shift_remove("_updateVersion")
            .and_then(|v| v.as_i64())
            .unwrap_or(0);
        let ctx = Ctx {
            schema: id.to_string(),
            ..Ctx::default()
        };
        let root = Node::build(Kind::Root, Value::Object(map), &ctx, "")?;
        let mut schema = Schema {
            id: id.to_string(),
            version,
            root,
        };
        let mut tx = Tx::silent();
        for s in 0..schema.root.kids[1].len() {
            schema.sync_site(&mut tx, s)?;
        }
        schema.check_all_refs(ext)?;
        Ok(schema)
    }

    /// The schema id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The `displayName`.
    pub fn display_name(&self) -> &str {
        &self.header().display_name
    }

    /// The schema's own fields.
    pub fn header(&self) -> &SchemaHeader {
        match &*self.root.body {
            Body::Root(h) => h,
            _ => unreachable_header(),
        }
    }

    /// `_updateVersion`.
    pub fn version(&self) -> i64 {
        self.version
    }

    /// Set `_updateVersion` (the store's version after a commit).
    pub fn set_version(&mut self, v: i64) {
        self.version = v;
    }

    /// The full NDO document, as GET /schemas/{id} returns it.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("id".into(), Value::String(self.id.clone()));
        if let Value::Object(h) = self.root.body.to_value() {
            let mut h = h;
            let display = h
                .shift_remove("displayName")
                .unwrap_or(Value::String(String::new()));
            let description = h
                .shift_remove("description")
                .unwrap_or(Value::String(String::new()));
            out.insert("displayName".into(), display);
            out.insert("description".into(), description);
            out.insert("_updateVersion".into(), json!(self.version));
            out.extend(h);
        }
        for ((key, _), kids) in Kind::Root.colls().iter().zip(&self.root.kids) {
            out.insert(
                (*key).to_string(),
                Value::Array(kids.iter().map(Node::to_json).collect()),
            );
        }
        Value::Object(out)
    }

    /// `{"id","displayName","description","templates":[{"name","displayName","templateID","tenantId","templateType"}]}`.
    pub fn identity_json(&self) -> Value {
        let templates: Vec<Value> = self
            .templates()
            .map(|t| {
                let h = t.header();
                json!({"name": h.name, "displayName": h.display_name, "templateID": h.template_id,
                       "tenantId": h.tenant_id, "templateType": h.template_type})
            })
            .collect();
        json!({"id": self.id, "displayName": self.display_name(), "description": self.header().description,
               "templates": templates})
    }

    /// The stored form: the header (without id and version) and every unit.
    pub fn to_units(&self) -> (Value, Vec<Unit>) {
        let mut units = Vec::new();
        collect_units(&self.root, "", &mut units);
        (self.root.body.to_value(), units)
    }

    /// Rebuild a schema from its stored form.
    pub fn from_units(
        id: &str,
        version: i64,
        header: Value,
        units: Vec<Unit>,
    ) -> Result<Schema, ModelError> {
        let mut by_parent: HashMap<String, Vec<(String, String, Unit)>> = HashMap::new();
        for u in units {
            let segs: Vec<&str> = u.key.split('/').collect();
            if segs.len() < 2 || !segs.len().is_multiple_of(2) {
                return Err(ModelError::bad(format!("/{}", u.key), "malformed unit key"));
            }
            let parent = segs[..segs.len() - 2].join("/");
            let coll = segs[segs.len() - 2].to_string();
            let seg = segs[segs.len() - 1].to_string();
            by_parent.entry(parent).or_default().push((coll, seg, u));
        }
        let root_body = Body::parse(Kind::Root, header, "")?;
        let mut root = Node::new(0, root_body);
        attach(&mut root, "", &mut by_parent)?;
        if let Some(orphan) = by_parent.values().flatten().next() {
            return Err(ModelError::bad(
                format!("/{}", orphan.2.key),
                "unit without a parent",
            ));
        }
        Ok(Schema {
            id: id.to_string(),
            version,
            root,
        })
    }

    pub(crate) fn node(&self, p: &[(usize, usize)]) -> &Node {
        let mut n = &self.root;
        for (c, i) in p {
            n = &n.kids[*c][*i];
        }
        n
    }

    pub(crate) fn node_mut(&mut self, p: &[(usize, usize)]) -> &mut Node {
        let mut n = &mut self.root;
        for (c, i) in p {
            n = &mut n.kids[*c][*i];
        }
        n
    }

    /// The storage key of the node at `p`.
    pub(crate) fn key_of(&self, p: &[(usize, usize)]) -> String {
        let mut key = String::new();
        let mut n = &self.root;
        for (c, i) in p {
            let coll = n.kind().colls()[*c].0;
            n = &n.kids[*c][*i];
            push_key(&mut key, coll, &n.body.key_seg());
        }
        key
    }

    /// The node stored under `key`, if any.
    pub(crate) fn find_key(&self, key: &str) -> Option<&Node> {
        let segs: Vec<&str> = key.split('/').collect();
        let mut n = &self.root;
        for pair in segs.chunks(2) {
            let [coll, seg] = pair else { return None };
            let c = n.kind().coll_index(coll)?;
            let tok = unescape(seg);
            n = &n.kids[c][crate::tree::find_ident(&n.kids[c], &tok)?];
        }
        Some(n)
    }

    /// The context the node at `p` is normalised in.
    pub(crate) fn ctx_of(&self, p: &[(usize, usize)]) -> Ctx {
        let mut ctx = Ctx {
            schema: self.id.clone(),
            ..Ctx::default()
        };
        let mut n = &self.root;
        for (c, i) in p {
            ctx = n.body.child_ctx(&ctx);
            n = &n.kids[*c][*i];
        }
        ctx
    }
}

fn unreachable_header() -> &'static SchemaHeader {
    static EMPTY: std::sync::OnceLock<SchemaHeader> = std::sync::OnceLock::new();
    EMPTY.get_or_init(SchemaHeader::default)
}

pub(crate) fn push_key(key: &mut String, coll: &str, seg: &str) {
    if !key.is_empty() {
        key.push('/');
    }
    key.push_str(coll);
    key.push('/');
    key.push_str(seg);
}

pub(crate) fn unescape(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest.get(i + 1..i + 3);
        let c = match code {
            Some("25") => Some('%'),
            Some("2F") => Some('/'),
            Some("2D") => Some('-'),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[i + 3..];
            }
            None => {
                out.push('%');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn collect_units(node: &Node, key: &str, out: &mut Vec<Unit>) {
    for ((coll, _), kids) in node.kind().colls().iter().zip(&node.kids) {
        for k in kids {
            let mut child_key = key.to_string();
            push_key(&mut child_key, coll, &k.body.key_seg());
            out.push(Unit {
                key: child_key.clone(),
                ord: k.ord,
                body: k.body.to_value(),
            });
            collect_units(k, &child_key, out);
        }
    }
}

type ByParent = HashMap<String, Vec<(String, String, Unit)>>;

fn attach(node: &mut Node, key: &str, by_parent: &mut ByParent) -> Result<(), ModelError> {
    let Some(mut children) = by_parent.remove(key) else {
        return Ok(());
    };
    children.sort_by_key(|(_, _, u)| u.ord);
    for (coll, seg, unit) in children {
        let path = format!("/{}", unit.key);
        let Some(c) = node.kind().coll_index(&coll) else {
            return Err(ModelError::bad(
                path,
                format!("unknown collection '{coll}'"),
            ));
        };
        let kind = node.kind().colls()[c].1;
        let body = Body::parse(kind, unit.body, &path)?;
        if body.key_seg() != seg {
            return Err(ModelError::bad(path, "unit key does not match its body"));
        }
        let mut child = Node::new(unit.ord, body);
        attach(&mut child, &unit.key, by_parent)?;
        node.kids[c].push(child);
    }
    Ok(())
}

/// Escape a name for use in a unit key.
pub fn key_segment(name: &str) -> String {
    escape(name, false)
}
