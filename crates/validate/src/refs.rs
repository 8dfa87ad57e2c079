//! References between schema objects: the canonical ref strings
//! (`/schemas/{sid}/templates/{T}/bds/{B}`, `.../anps/{A}/epgs/{E}`,
//! `.../serviceGraphs/{SG}/serviceNodes/{N}`, `.../l3outs/{L}`) parsed into keys, and
//! the schema path of an object for findings.

use std::fmt;
use std::hash::{Hash, Hasher};

/// The kind of a template object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    Vrf,
    Bd,
    Anp,
    Epg,
    Contract,
    Filter,
    ExternalEpg,
    L3out,
    ServiceGraph,
    ServiceNode,
}

impl Kind {
    /// How many kinds there are (`kind as usize` is below this).
    pub const COUNT: usize = 10;

    /// The collection name inside a ref string.
    fn ref_collection(self) -> &'static str {
        match self {
            Kind::Vrf => "vrfs",
            Kind::Bd => "bds",
            Kind::Anp => "anps",
            Kind::Epg => "epgs",
            Kind::Contract => "contracts",
            Kind::Filter => "filters",
            Kind::ExternalEpg => "externalEpgs",
            Kind::L3out => "l3outs",
            Kind::ServiceGraph => "serviceGraphs",
            Kind::ServiceNode => "serviceNodes",
        }
    }

    /// The collection name in the document (L3Outs live in `intersiteL3outs`).
    pub fn doc_collection(self) -> &'static str {
        match self {
            Kind::L3out => "intersiteL3outs",
            other => other.ref_collection(),
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Kind::Vrf => "VRF",
            Kind::Bd => "BD",
            Kind::Anp => "ANP",
            Kind::Epg => "EPG",
            Kind::Contract => "contract",
            Kind::Filter => "filter",
            Kind::ExternalEpg => "external EPG",
            Kind::L3out => "L3Out",
            Kind::ServiceGraph => "service graph",
            Kind::ServiceNode => "service node",
        }
    }

    fn from_ref_collection(s: &str) -> Option<Kind> {
        Some(match s {
            "vrfs" => Kind::Vrf,
            "bds" => Kind::Bd,
            "anps" => Kind::Anp,
            "contracts" => Kind::Contract,
            "filters" => Kind::Filter,
            "externalEpgs" => Kind::ExternalEpg,
            "l3outs" => Kind::L3out,
            "serviceGraphs" => Kind::ServiceGraph,
            _ => return None,
        })
    }
}

/// The identity of a template object. `parent` is the ANP of an EPG or the graph of a
/// service node, empty otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Key<'a> {
    pub schema: &'a str,
    pub template: &'a str,
    pub kind: Kind,
    pub parent: &'a str,
    pub name: &'a str,
}

impl<'a> Key<'a> {
    pub fn new(schema: &'a str, template: &'a str, kind: Kind, name: &'a str) -> Key<'a> {
        Key {
            schema,
            template,
            kind,
            parent: "",
            name,
        }
    }

    pub fn child(self, kind: Kind, name: &'a str) -> Key<'a> {
        Key {
            schema: self.schema,
            template: self.template,
            kind,
            parent: self.name,
            name,
        }
    }

    /// Parses a canonical ref string; `None` when it is not one.
    pub fn parse(s: &'a str) -> Option<Key<'a>> {
        let rest = s.strip_prefix("/schemas/")?;
        let mut parts = rest.split('/');
        let schema = parts.next()?;
        if parts.next()? != "templates" {
            return None;
        }
        let template = parts.next()?;
        let kind = Kind::from_ref_collection(parts.next()?)?;
        let name = parts.next()?;
        let key = Key::new(schema, template, kind, name);
        let key = match (kind, parts.next(), parts.next()) {
            (_, None, _) => key,
            (Kind::Anp, Some("epgs"), Some(epg)) => key.child(Kind::Epg, epg),
            (Kind::ServiceGraph, Some("serviceNodes"), Some(node)) => {
                key.child(Kind::ServiceNode, node)
            }
            _ => return None,
        };
        let fields_ok = [key.schema, key.template, key.parent, key.name]
            .iter()
            .enumerate()
            .all(|(i, f)| {
                !f.is_empty() || (i == 2 && key.kind != Kind::Epg && key.kind != Kind::ServiceNode)
            });
        if parts.next().is_some() || !fields_ok {
            return None;
        }
        Some(key)
    }

    /// The object's path in its schema's document, prefixed with `/schemas/{id}` unless it
    /// is in the schema being validated.
    pub fn path(&self, main: &str) -> String {
        let mut out = String::new();
        if self.schema != main {
            out.push_str("/schemas/");
            out.push_str(self.schema);
        }
        out.push_str("/templates/");
        out.push_str(self.template);
        match self.kind {
            Kind::Epg => {
                out.push_str("/anps/");
                out.push_str(self.parent);
                out.push_str("/epgs/");
            }
            Kind::ServiceNode => {
                out.push_str("/serviceGraphs/");
                out.push_str(self.parent);
                out.push_str("/serviceNodes/");
            }
            other => {
                out.push('/');
                out.push_str(other.doc_collection());
                out.push('/');
            }
        }
        out.push_str(self.name);
        out
    }

    /// The path of this object's site-local twin in the site entry `{site}-{template}`.
    pub fn site_path(&self, main: &str, site: &str, entry_template: &str) -> String {
        let tpl = self.path(main);
        let prefix = if self.schema != main {
            format!("/schemas/{}", self.schema)
        } else {
            String::new()
        };
        let tail = tpl
            .split_once(&format!("/templates/{}", self.template))
            .map_or("", |(_, t)| t);
        format!("{prefix}/sites/{site}-{entry_template}{tail}")
    }
}

/// One word for the kind and the four lengths, then the bytes of each field: equal keys
/// hash alike, and the lengths keep the field boundaries apart.
impl Hash for Key<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let fields = [self.schema, self.template, self.parent, self.name];
        let shape = fields
            .iter()
            .fold(self.kind as u64, |acc, f| (acc << 14) ^ f.len() as u64);
        state.write_u64(shape);
        for f in fields {
            state.write(f.as_bytes());
        }
    }
}

/// `BD 'bd-app'`.
impl fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} '{}'", self.kind.noun(), self.name)
    }
}
