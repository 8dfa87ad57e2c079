//! Typed references between schema objects: the canonical string form
//! (`/schemas/{sid}/templates/{T}/vrfs/{V}`), the dict forms clients send, and the pass
//! that turns every dict ref inside a JSON value into its string.

use crate::error::ModelError;
use crate::ids::{SchemaId, TemplateName};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

/// What a reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefKind {
    Vrf,
    Bd,
    Anp,
    Epg,
    Contract,
    Filter,
    L3out,
    ExternalEpg,
    ServiceGraph,
    ServiceNode,
}

impl RefKind {
    /// The kind a `*Ref` JSON key carries (`vrfRef` → VRF), if the key is one of NDO's.
    pub fn for_key(key: &str) -> Option<RefKind> {
        Some(match key {
            "vrfRef" => RefKind::Vrf,
            "bdRef" => RefKind::Bd,
            "anpRef" => RefKind::Anp,
            "epgRef" => RefKind::Epg,
            "contractRef" => RefKind::Contract,
            "filterRef" => RefKind::Filter,
            "l3outRef" => RefKind::L3out,
            "externalEpgRef" => RefKind::ExternalEpg,
            "serviceGraphRef" => RefKind::ServiceGraph,
            "serviceNodeRef" => RefKind::ServiceNode,
            _ => return None,
        })
    }

    /// The dict key naming the object (`vrfName`).
    pub fn name_key(self) -> &'static str {
        match self {
            RefKind::Vrf => "vrfName",
            RefKind::Bd => "bdName",
            RefKind::Anp => "anpName",
            RefKind::Epg => "epgName",
            RefKind::Contract => "contractName",
            RefKind::Filter => "filterName",
            RefKind::L3out => "l3outName",
            RefKind::ExternalEpg => "externalEpgName",
            RefKind::ServiceGraph => "serviceGraphName",
            RefKind::ServiceNode => "serviceNodeName",
        }
    }

    /// A readable name for messages.
    pub fn label(self) -> &'static str {
        match self {
            RefKind::Vrf => "VRF",
            RefKind::Bd => "BD",
            RefKind::Anp => "ANP",
            RefKind::Epg => "EPG",
            RefKind::Contract => "contract",
            RefKind::Filter => "filter",
            RefKind::L3out => "L3Out",
            RefKind::ExternalEpg => "external EPG",
            RefKind::ServiceGraph => "service graph",
            RefKind::ServiceNode => "service node",
        }
    }

    fn segment(self) -> &'static str {
        match self {
            RefKind::Vrf => "vrfs",
            RefKind::Bd => "bds",
            RefKind::Anp | RefKind::Epg => "anps",
            RefKind::Contract => "contracts",
            RefKind::Filter => "filters",
            RefKind::L3out => "l3outs",
            RefKind::ExternalEpg => "externalEpgs",
            RefKind::ServiceGraph | RefKind::ServiceNode => "serviceGraphs",
        }
    }
}

/// The object a reference designates inside its template.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefTarget {
    Vrf(String),
    Bd(String),
    Anp(String),
    Epg { anp: String, epg: String },
    Contract(String),
    Filter(String),
    L3out(String),
    ExternalEpg(String),
    ServiceGraph(String),
    ServiceNode { graph: String, node: String },
}

/// A reference to a template object, possibly in another schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ref {
    pub schema: SchemaId,
    pub template: TemplateName,
    pub target: RefTarget,
}

/// Why a string or dict is not a reference.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid reference '{input}': {reason}")]
pub struct RefError {
    pub input: String,
    pub reason: String,
}

impl Ref {
    /// A reference to `target` in `schema`/`template`.
    pub fn new(schema: &str, template: &str, target: RefTarget) -> Ref {
        Ref {
            schema: SchemaId::from(schema),
            template: TemplateName::from(template),
            target,
        }
    }

    /// Parse the canonical string form.
    pub fn parse(s: &str) -> Result<Ref, RefError> {
        let err = |reason: &str| RefError {
            input: s.to_string(),
            reason: reason.to_string(),
        };
        let parts: Vec<&str> = s.split('/').collect();
        if parts.len() < 7
            || !parts[0].is_empty()
            || parts[1] != "schemas"
            || parts[3] != "templates"
        {
            return Err(err(
                "expected /schemas/{schemaId}/templates/{template}/{collection}/{name}",
            ));
        }
        if parts.iter().skip(1).any(|p| p.is_empty()) {
            return Err(err("empty path segment"));
        }
        let name = |i: usize| parts[i].to_string();
        let target = match (parts[5], parts.len()) {
            ("vrfs", 7) => RefTarget::Vrf(name(6)),
            ("bds", 7) => RefTarget::Bd(name(6)),
            ("anps", 7) => RefTarget::Anp(name(6)),
            ("anps", 9) if parts[7] == "epgs" => RefTarget::Epg {
                anp: name(6),
                epg: name(8),
            },
            ("contracts", 7) => RefTarget::Contract(name(6)),
            ("filters", 7) => RefTarget::Filter(name(6)),
            ("l3outs", 7) => RefTarget::L3out(name(6)),
            ("externalEpgs", 7) => RefTarget::ExternalEpg(name(6)),
            ("serviceGraphs", 7) => RefTarget::ServiceGraph(name(6)),
            ("serviceGraphs", 9) if parts[7] == "serviceNodes" => RefTarget::ServiceNode {
                graph: name(6),
                node: name(8),
            },
            _ => return Err(err("unknown collection or wrong number of segments")),
        };
        Ok(Ref {
            schema: SchemaId::from(parts[2]),
            template: TemplateName::from(parts[4]),
            target,
        })
    }

    /// Build a reference from a client dict (`{"vrfName","schemaId","templateName"}`).
    /// `expected` is the kind implied by the JSON key, when known.
    pub fn from_dict(map: &Map<String, Value>, expected: Option<RefKind>) -> Result<Ref, RefError> {
        let text = Value::Object(map.clone()).to_string();
        let err = |reason: String| RefError {
            input: text.clone(),
            reason,
        };
        let get = |k: &str| -> Result<String, RefError> {
            match map.get(k) {
                Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
                _ => Err(err(format!("missing {k}"))),
            }
        };
        let kind = match expected {
            Some(k) => k,
            None => {
                let inferred = if map.contains_key("epgName") {
                    Some(RefKind::Epg)
                } else if map.contains_key("serviceNodeName") {
                    Some(RefKind::ServiceNode)
                } else {
                    [
                        RefKind::Vrf,
                        RefKind::Bd,
                        RefKind::Contract,
                        RefKind::Filter,
                        RefKind::L3out,
                        RefKind::ExternalEpg,
                        RefKind::ServiceGraph,
                        RefKind::Anp,
                    ]
                    .into_iter()
                    .find(|k| map.contains_key(k.name_key()))
                };
                inferred.ok_or_else(|| err("no object name in reference".to_string()))?
            }
        };
        let schema = get("schemaId")?;
        let template = get("templateName")?.replace(' ', "");
        let target = match kind {
            RefKind::Vrf => RefTarget::Vrf(get("vrfName")?),
            RefKind::Bd => RefTarget::Bd(get("bdName")?),
            RefKind::Anp => RefTarget::Anp(get("anpName")?),
            RefKind::Epg => RefTarget::Epg {
                anp: get("anpName")?,
                epg: get("epgName")?,
            },
            RefKind::Contract => RefTarget::Contract(get("contractName")?),
            RefKind::Filter => RefTarget::Filter(get("filterName")?),
            RefKind::L3out => RefTarget::L3out(get("l3outName")?),
            RefKind::ExternalEpg => RefTarget::ExternalEpg(get("externalEpgName")?),
            RefKind::ServiceGraph => RefTarget::ServiceGraph(get("serviceGraphName")?),
            RefKind::ServiceNode => RefTarget::ServiceNode {
                graph: get("serviceGraphName")?,
                node: get("serviceNodeName")?,
            },
        };
        Ok(Ref {
            schema: SchemaId(schema),
            template: TemplateName(template),
            target,
        })
    }

    /// The kind of object designated.
    pub fn kind(&self) -> RefKind {
        match &self.target {
            RefTarget::Vrf(_) => RefKind::Vrf,
            RefTarget::Bd(_) => RefKind::Bd,
            RefTarget::Anp(_) => RefKind::Anp,
            RefTarget::Epg { .. } => RefKind::Epg,
            RefTarget::Contract(_) => RefKind::Contract,
            RefTarget::Filter(_) => RefKind::Filter,
            RefTarget::L3out(_) => RefKind::L3out,
            RefTarget::ExternalEpg(_) => RefKind::ExternalEpg,
            RefTarget::ServiceGraph(_) => RefKind::ServiceGraph,
            RefTarget::ServiceNode { .. } => RefKind::ServiceNode,
        }
    }

    /// The last segment: the designated object's own name.
    pub fn name(&self) -> &str {
        match &self.target {
            RefTarget::Vrf(n)
            | RefTarget::Bd(n)
            | RefTarget::Anp(n)
            | RefTarget::Contract(n)
            | RefTarget::Filter(n)
            | RefTarget::L3out(n)
            | RefTarget::ExternalEpg(n)
            | RefTarget::ServiceGraph(n) => n,
            RefTarget::Epg { epg, .. } => epg,
            RefTarget::ServiceNode { node, .. } => node,
        }
    }

    /// The same reference with another template name.
    pub fn with_template(&self, template: &str) -> Ref {
        Ref {
            template: TemplateName::from(template),
            ..self.clone()
        }
    }
}

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "/schemas/{}/templates/{}/{}/",
            self.schema,
            self.template,
            self.kind().segment()
        )?;
        match &self.target {
            RefTarget::Epg { anp, epg } => write!(f, "{anp}/epgs/{epg}"),
            RefTarget::ServiceNode { graph, node } => write!(f, "{graph}/serviceNodes/{node}"),
            _ => f.write_str(self.name()),
        }
    }
}

impl std::str::FromStr for Ref {
    type Err = RefError;
    fn from_str(s: &str) -> Result<Ref, RefError> {
        Ref::parse(s)
    }
}

impl Serialize for Ref {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Ref {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ref, D::Error> {
        let s = String::deserialize(d)?;
        Ref::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Serde functions for optional refs: `""` and `null` read as absent; absent is skipped.
pub(crate) mod opt_ref {
    use super::Ref;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(r: &Option<Ref>, s: S) -> Result<S::Ok, S::Error> {
        match r {
            Some(r) => s.collect_str(r),
            None => s.serialize_str(""),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Ref>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) if s.is_empty() => Ok(None),
            Some(s) => Ref::parse(&s).map(Some).map_err(serde::de::Error::custom),
        }
    }
}

/// Replace every `*Ref` dict that names a schema and template with its canonical string,
/// recursively. Other values (UUID strings, DN objects) are left alone.
pub(crate) fn stringify_refs(v: &mut Value, path: &str) -> Result<(), ModelError> {
    match v {
        Value::Object(map) => {
            for (k, item) in map.iter_mut() {
                if k.ends_with("Ref") {
                    if let Value::Object(dict) = item {
                        if dict.contains_key("schemaId") && dict.contains_key("templateName") {
                            let r = Ref::from_dict(dict, RefKind::for_key(k))
                                .map_err(|e| ModelError::bad(path, format!("{k}: {e}")))?;
                            *item = Value::String(r.to_string());
                            continue;
                        }
                    }
                }
                stringify_refs(item, path)?;
            }
        }
        Value::Array(items) => {
            for item in items {
                stringify_refs(item, path)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Every `(key, ref)` found in a stored value: string values under `*Ref` keys that parse.
pub(crate) fn collect_refs(v: &Value, out: &mut Vec<(String, Ref)>) {
    match v {
        Value::Object(map) => {
            for (k, item) in map {
                match item {
                    Value::String(s) if k.ends_with("Ref") && s.starts_with("/schemas/") => {
                        if let Ok(r) = Ref::parse(s) {
                            out.push((k.clone(), r));
                        }
                    }
                    _ => collect_refs(item, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_refs(i, out)),
        _ => {}
    }
}
