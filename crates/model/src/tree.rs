//! The schema as a tree of units: each node holds one typed body (a template header, a
//! VRF, an ANP header, a site entry header, a site EPG, ...) and the collections of
//! child units below it. Knows how to build a subtree from client JSON (turning dict refs
//! into strings, back-filling defaults, recomputing self refs), how to print it back, and
//! how each unit is named in paths and in storage keys.

use crate::error::ModelError;
use crate::objects::*;
use crate::refs::{stringify_refs, Ref};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashSet;

/// Distance between the `ord` of consecutive siblings, leaving room for inserts.
pub(crate) const ORD_STEP: i64 = 1024;

/// The kind of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Root,
    Template,
    Vrf,
    Bd,
    Anp,
    Epg,
    Contract,
    Filter,
    ExternalEpg,
    L3out,
    ServiceGraph,
    Site,
    SiteVrf,
    SiteBd,
    SiteAnp,
    SiteEpg,
    SiteContract,
    SiteExternalEpg,
    SiteL3out,
    SiteServiceGraph,
}

const ROOT_COLLS: &[(&str, Kind)] = &[("templates", Kind::Template), ("sites", Kind::Site)];
const TEMPLATE_COLLS: &[(&str, Kind)] = &[
    ("vrfs", Kind::Vrf),
    ("bds", Kind::Bd),
    ("anps", Kind::Anp),
    ("contracts", Kind::Contract),
    ("filters", Kind::Filter),
    ("externalEpgs", Kind::ExternalEpg),
    ("intersiteL3outs", Kind::L3out),
    ("serviceGraphs", Kind::ServiceGraph),
];
const ANP_COLLS: &[(&str, Kind)] = &[("epgs", Kind::Epg)];
const SITE_COLLS: &[(&str, Kind)] = &[
    ("vrfs", Kind::SiteVrf),
    ("bds", Kind::SiteBd),
    ("anps", Kind::SiteAnp),
    ("contracts", Kind::SiteContract),
    ("externalEpgs", Kind::SiteExternalEpg),
    ("intersiteL3outs", Kind::SiteL3out),
    ("serviceGraphs", Kind::SiteServiceGraph),
];
const SITE_ANP_COLLS: &[(&str, Kind)] = &[("epgs", Kind::SiteEpg)];

impl Kind {
    /// The child collections of this kind, in document order.
    pub fn colls(self) -> &'static [(&'static str, Kind)] {
        match self {
            Kind::Root => ROOT_COLLS,
            Kind::Template => TEMPLATE_COLLS,
            Kind::Anp => ANP_COLLS,
            Kind::Site => SITE_COLLS,
            Kind::SiteAnp => SITE_ANP_COLLS,
            _ => &[],
        }
    }

    pub fn coll_index(self, key: &str) -> Option<usize> {
        self.colls().iter().position(|(k, _)| *k == key)
    }

    /// The site-local kind that twins this template object kind.
    pub fn twin(self) -> Option<Kind> {
        Some(match self {
            Kind::Vrf => Kind::SiteVrf,
            Kind::Bd => Kind::SiteBd,
            Kind::Anp => Kind::SiteAnp,
            Kind::Epg => Kind::SiteEpg,
            Kind::Contract => Kind::SiteContract,
            Kind::ExternalEpg => Kind::SiteExternalEpg,
            Kind::L3out => Kind::SiteL3out,
            Kind::ServiceGraph => Kind::SiteServiceGraph,
            _ => return None,
        })
    }

    /// The JSON key of the identity ref of a site-local kind.
    pub fn identity_key(self) -> Option<&'static str> {
        Some(match self {
            Kind::SiteVrf => "vrfRef",
            Kind::SiteBd => "bdRef",
            Kind::SiteAnp => "anpRef",
            Kind::SiteEpg => "epgRef",
            Kind::SiteContract => "contractRef",
            Kind::SiteExternalEpg => "externalEpgRef",
            Kind::SiteL3out => "l3outRef",
            Kind::SiteServiceGraph => "serviceGraphRef",
            _ => return None,
        })
    }
}

/// The typed content of one unit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Body {
    Root(SchemaHeader),
    Template(Template),
    Vrf(Vrf),
    Bd(Bd),
    Anp(Anp),
    Epg(Epg),
    Contract(Contract),
    Filter(Filter),
    ExternalEpg(ExternalEpg),
    L3out(IntersiteL3out),
    ServiceGraph(ServiceGraph),
    Site(SiteEntry),
    SiteVrf(SiteVrf),
    SiteBd(SiteBd),
    SiteAnp(SiteAnp),
    SiteEpg(SiteEpg),
    SiteContract(SiteContract),
    SiteExternalEpg(SiteExternalEpg),
    SiteL3out(SiteL3out),
    SiteServiceGraph(SiteServiceGraph),
}

macro_rules! each_body {
    ($b:expr, $x:ident => $e:expr) => {
        match $b {
            Body::Root($x) => $e,
            Body::Template($x) => $e,
            Body::Vrf($x) => $e,
            Body::Bd($x) => $e,
            Body::Anp($x) => $e,
            Body::Epg($x) => $e,
            Body::Contract($x) => $e,
            Body::Filter($x) => $e,
            Body::ExternalEpg($x) => $e,
            Body::L3out($x) => $e,
            Body::ServiceGraph($x) => $e,
            Body::Site($x) => $e,
            Body::SiteVrf($x) => $e,
            Body::SiteBd($x) => $e,
            Body::SiteAnp($x) => $e,
            Body::SiteEpg($x) => $e,
            Body::SiteContract($x) => $e,
            Body::SiteExternalEpg($x) => $e,
            Body::SiteL3out($x) => $e,
            Body::SiteServiceGraph($x) => $e,
        }
    };
}

fn typed<T: DeserializeOwned>(v: Value, path: &str) -> Result<T, ModelError> {
    serde_json::from_value(v).map_err(|e| ModelError::bad(path, e))
}

impl Body {
    pub fn kind(&self) -> Kind {
        match self {
            Body::Root(_) => Kind::Root,
            Body::Template(_) => Kind::Template,
            Body::Vrf(_) => Kind::Vrf,
            Body::Bd(_) => Kind::Bd,
            Body::Anp(_) => Kind::Anp,
            Body::Epg(_) => Kind::Epg,
            Body::Contract(_) => Kind::Contract,
            Body::Filter(_) => Kind::Filter,
            Body::ExternalEpg(_) => Kind::ExternalEpg,
            Body::L3out(_) => Kind::L3out,
            Body::ServiceGraph(_) => Kind::ServiceGraph,
            Body::Site(_) => Kind::Site,
            Body::SiteVrf(_) => Kind::SiteVrf,
            Body::SiteBd(_) => Kind::SiteBd,
            Body::SiteAnp(_) => Kind::SiteAnp,
            Body::SiteEpg(_) => Kind::SiteEpg,
            Body::SiteContract(_) => Kind::SiteContract,
            Body::SiteExternalEpg(_) => Kind::SiteExternalEpg,
            Body::SiteL3out(_) => Kind::SiteL3out,
            Body::SiteServiceGraph(_) => Kind::SiteServiceGraph,
        }
    }

    /// The body as JSON (without child collections).
    pub fn to_value(&self) -> Value {
        each_body!(self, x => serde_json::to_value(x).unwrap_or(Value::Null))
    }

    /// Parse a body of `kind` (child collections already removed). No normalisation.
    pub fn parse(kind: Kind, v: Value, path: &str) -> Result<Body, ModelError> {
        Ok(match kind {
            Kind::Root => Body::Root(typed(v, path)?),
            Kind::Template => Body::Template(typed(v, path)?),
            Kind::Vrf => Body::Vrf(typed(v, path)?),
            Kind::Bd => Body::Bd(typed(v, path)?),
            Kind::Anp => Body::Anp(typed(v, path)?),
            Kind::Epg => Body::Epg(typed(v, path)?),
            Kind::Contract => Body::Contract(typed(v, path)?),
            Kind::Filter => Body::Filter(typed(v, path)?),
            Kind::ExternalEpg => Body::ExternalEpg(typed(v, path)?),
            Kind::L3out => Body::L3out(typed(v, path)?),
            Kind::ServiceGraph => Body::ServiceGraph(typed(v, path)?),
            Kind::Site => Body::Site(typed(v, path)?),
            Kind::SiteVrf => Body::SiteVrf(typed(v, path)?),
            Kind::SiteBd => Body::SiteBd(typed(v, path)?),
            Kind::SiteAnp => Body::SiteAnp(typed(v, path)?),
            Kind::SiteEpg => Body::SiteEpg(typed(v, path)?),
            Kind::SiteContract => Body::SiteContract(typed(v, path)?),
            Kind::SiteExternalEpg => Body::SiteExternalEpg(typed(v, path)?),
            Kind::SiteL3out => Body::SiteL3out(typed(v, path)?),
            Kind::SiteServiceGraph => Body::SiteServiceGraph(typed(v, path)?),
        })
    }

    /// Back-fill what depends on the position: self refs, display names, ids.
    pub fn normalise(&mut self, ctx: &Ctx) {
        match self {
            Body::Template(t) => t.normalise(ctx),
            Body::Vrf(x) => x.normalise(ctx),
            Body::Bd(x) => x.normalise(ctx),
            Body::Anp(x) => x.normalise(ctx),
            Body::Epg(x) => x.normalise(ctx),
            Body::Contract(x) => x.normalise(ctx),
            Body::Filter(x) => x.normalise(ctx),
            Body::ExternalEpg(x) => x.normalise(ctx),
            Body::L3out(x) => x.normalise(ctx),
            Body::ServiceGraph(x) => x.normalise(ctx),
            Body::Site(s) => s.template_name.retain(|c| c != ' '),
            _ => {}
        }
    }

    /// The `name` of a named unit.
    pub fn name(&self) -> Option<&str> {
        Some(match self {
            Body::Template(x) => &x.name,
            Body::Vrf(x) => &x.name,
            Body::Bd(x) => &x.name,
            Body::Anp(x) => &x.name,
            Body::Epg(x) => &x.name,
            Body::Contract(x) => &x.name,
            Body::Filter(x) => &x.name,
            Body::ExternalEpg(x) => &x.name,
            Body::L3out(x) => &x.name,
            Body::ServiceGraph(x) => &x.name,
            _ => return None,
        })
    }

    /// The identity ref of a site-local unit.
    pub fn identity_ref(&self) -> Option<&Ref> {
        Some(match self {
            Body::SiteVrf(x) => &x.vrf_ref,
            Body::SiteBd(x) => &x.bd_ref,
            Body::SiteAnp(x) => &x.anp_ref,
            Body::SiteEpg(x) => &x.epg_ref,
            Body::SiteContract(x) => &x.contract_ref,
            Body::SiteExternalEpg(x) => &x.external_epg_ref,
            Body::SiteL3out(x) => &x.l3out_ref,
            Body::SiteServiceGraph(x) => &x.service_graph_ref,
            _ => return None,
        })
    }

    /// Does a path token address this unit (by name, by `{siteId}-{templateName}`, or by
    /// the last segment of its identity ref)? Allocation-free.
    pub fn ident_matches(&self, tok: &str) -> bool {
        if let Some(n) = self.name() {
            return n == tok;
        }
        if let Some(r) = self.identity_ref() {
            return r.name() == tok;
        }
        if let Body::Site(s) = self {
            let id = s.site_id.as_str();
            return tok.len() == id.len() + 1 + s.template_name.len()
                && tok.starts_with(id)
                && tok.as_bytes()[id.len()] == b'-'
                && tok.ends_with(s.template_name.as_str());
        }
        false
    }

    /// The token that addresses this unit among its siblings.
    pub fn ident(&self) -> String {
        if let Some(n) = self.name() {
            return n.to_string();
        }
        if let Some(r) = self.identity_ref() {
            return r.name().to_string();
        }
        match self {
            Body::Site(s) => format!("{}-{}", s.site_id, s.template_name),
            _ => String::new(),
        }
    }

    /// The escaped segment of this unit in storage keys.
    pub fn key_seg(&self) -> String {
        match self {
            Body::Site(s) => format!(
                "{}-{}",
                escape(s.site_id.as_str(), true),
                escape(&s.template_name, false)
            ),
            _ => escape(&self.ident(), false),
        }
    }

    /// The context children of this unit are normalised in.
    pub fn child_ctx(&self, ctx: &Ctx) -> Ctx {
        match self {
            Body::Template(t) => Ctx {
                template: t.name.clone(),
                ..ctx.clone()
            },
            Body::Anp(a) => Ctx {
                anp: a.name.clone(),
                ..ctx.clone()
            },
            Body::Site(s) => Ctx {
                template: s.template_name.clone(),
                ..ctx.clone()
            },
            _ => ctx.clone(),
        }
    }
}

/// Escape a key segment: `%`, `/` (and `-` for site ids, which are joined with a `-`).
pub(crate) fn escape(s: &str, dash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '/' => out.push_str("%2F"),
            '-' if dash => out.push_str("%2D"),
            c => out.push(c),
        }
    }
    out
}

/// A 64-bit FNV-1a hash of a unit's identity, kept inline so that scanning siblings by
/// name touches only the sibling vector.
pub(crate) fn ident_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One unit and the units below it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub ord: i64,
    /// `ident_hash(body.ident())`, kept in step by `new` and `set_body`.
    hash: u64,
    pub body: Box<Body>,
    pub kids: Vec<Vec<Node>>,
}

/// The position of the sibling a path token addresses.
pub(crate) fn find_ident(nodes: &[Node], tok: &str) -> Option<usize> {
    let h = ident_hash(tok);
    nodes
        .iter()
        .position(|n| n.hash == h && n.body.ident_matches(tok))
}

/// The position of the site-local sibling whose identity ref is `r`.
pub(crate) fn find_ref(nodes: &[Node], r: &Ref) -> Option<usize> {
    let h = ident_hash(r.name());
    nodes
        .iter()
        .position(|n| n.hash == h && n.body.identity_ref() == Some(r))
}

impl Node {
    pub fn new(ord: i64, body: Body) -> Node {
        let n = body.kind().colls().len();
        let hash = ident_hash(&body.ident());
        Node {
            ord,
            hash,
            body: Box::new(body),
            kids: (0..n).map(|_| Vec::new()).collect(),
        }
    }

    /// Swap the body, returning the old one.
    pub fn set_body(&mut self, body: Box<Body>) -> Box<Body> {
        self.hash = ident_hash(&body.ident());
        std::mem::replace(&mut self.body, body)
    }

    pub fn kind(&self) -> Kind {
        self.body.kind()
    }

    /// The document form of this subtree.
    pub fn to_json(&self) -> Value {
        let mut v = self.body.to_value();
        if let Value::Object(map) = &mut v {
            for ((key, _), kids) in self.kind().colls().iter().zip(&self.kids) {
                map.insert(
                    (*key).to_string(),
                    Value::Array(kids.iter().map(Node::to_json).collect()),
                );
            }
        }
        v
    }

    /// Build a subtree of `kind` from client JSON: refs stringified, defaults back-filled,
    /// self refs computed, names unique within each collection.
    pub fn build(kind: Kind, value: Value, ctx: &Ctx, path: &str) -> Result<Node, ModelError> {
        let mut value = value;
        stringify_refs(&mut value, path)?;
        let Value::Object(mut map) = value else {
            return Err(ModelError::bad(path, "expected a JSON object"));
        };
        let mut kid_values = Vec::new();
        for (key, _) in kind.colls() {
            let items = match map.remove(*key) {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(items)) => items,
                Some(_) => return Err(ModelError::bad(format!("{path}/{key}"), "expected a list")),
            };
            kid_values.push(items);
        }
        let mut body = Body::parse(kind, Value::Object(map), path)?;
        body.normalise(ctx);
        let mut node = Node::new(0, body);
        let child_ctx = node.body.child_ctx(ctx);
        for (c, items) in kid_values.into_iter().enumerate() {
            let (key, child_kind) = kind.colls()[c];
            let list = build_list(child_kind, items, &child_ctx, &format!("{path}/{key}"))?;
            node.kids[c] = list;
        }
        Ok(node)
    }
}

/// Build a collection of siblings with ords `0, STEP, 2*STEP, ...`, refusing duplicates.
pub(crate) fn build_list(
    kind: Kind,
    items: Vec<Value>,
    ctx: &Ctx,
    path: &str,
) -> Result<Vec<Node>, ModelError> {
    let mut out = Vec::with_capacity(items.len());
    let mut seen = HashSet::new();
    for (i, item) in items.into_iter().enumerate() {
        let mut node = Node::build(kind, item, ctx, &format!("{path}/{i}"))?;
        let ident = node.body.ident();
        if !seen.insert(ident.clone()) {
            return Err(ModelError::bad(path, format!("duplicate name '{ident}'")));
        }
        node.ord = i as i64 * ORD_STEP;
        out.push(node);
    }
    Ok(out)
}
