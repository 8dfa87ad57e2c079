//! Plain managed-object values: one object (`Mo`: class, DN, attributes), an ordered set of
//! them keyed by DN (`MoSet`), the ownership annotations, the stable text listing (one line
//! per DN) and the conversions from and to APIC's wire JSON.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::RenderError;

/// The annotation on every object the orchestrator deploys.
pub const OWNER_ANNOTATION: &str = "orchestrator:msc";
/// The annotation on shadow objects (the mirror of an object deployed in another site).
pub const SHADOW_ANNOTATION: &str = "orchestrator:msc-shadow:yes";

/// Attributes the site fills in or computes; they are never part of a desired object and
/// never count as a difference.
const SITE_FILLED: &[&str] = &[
    "dn",
    "rn",
    "status",
    "childAction",
    "extMngdBy",
    "lcOwn",
    "modTs",
    "uid",
    "monPolDn",
    "pcTag",
    "seg",
    "configSt",
    "state",
    "stateQual",
    "tCl",
    "tType",
    "rType",
    "forceResolve",
    "configIssues",
];

/// Whether `attr` of `class` is filled in by the site (read-only state, allocated ids).
pub fn is_site_filled(class: &str, attr: &str) -> bool {
    SITE_FILLED.contains(&attr) || (class == "fvCtx" && attr == "scope")
}

/// One managed object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mo {
    pub class: String,
    pub dn: String,
    /// Attributes without `dn`, `rn` and `status`.
    pub attrs: BTreeMap<String, String>,
}

impl Mo {
    pub fn new(class: &str, dn: impl Into<String>) -> Mo {
        Mo {
            class: class.to_string(),
            dn: dn.into(),
            attrs: BTreeMap::new(),
        }
    }

    /// Builder: set one attribute.
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Mo {
        self.attrs.insert(key.to_string(), value.into());
        self
    }

    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).map(String::as_str)
    }

    pub fn annotation(&self) -> &str {
        self.attr("annotation").unwrap_or("")
    }

    /// Deployed by the orchestrator (real or shadow).
    pub fn is_owned(&self) -> bool {
        is_owned_annotation(self.annotation())
    }

    pub fn is_shadow(&self) -> bool {
        self.annotation() == SHADOW_ANNOTATION
    }

    /// The parent DN, `None` for a one-RN DN.
    pub fn parent_dn(&self) -> Option<&str> {
        parent_dn(&self.dn)
    }

    /// The POST body that creates or updates this object with all its attributes.
    pub fn post_body(&self) -> Value {
        post_body(
            &self.class,
            &self.dn,
            self.attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        )
    }
}

/// Whether an annotation marks an object the orchestrator owns.
pub fn is_owned_annotation(annotation: &str) -> bool {
    annotation.starts_with(OWNER_ANNOTATION)
}

/// The parent of a DN (split at the last `/` outside brackets).
pub fn parent_dn(dn: &str) -> Option<&str> {
    let mut depth = 0usize;
    let mut last = None;
    for (i, c) in dn.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => last = Some(i),
            _ => {}
        }
    }
    last.map(|i| &dn[..i])
}

/// Whether `dn` lies strictly below `ancestor`.
pub fn is_below(dn: &str, ancestor: &str) -> bool {
    dn.len() > ancestor.len() + 1
        && dn.starts_with(ancestor)
        && dn.as_bytes()[ancestor.len()] == b'/'
}

/// A POST body `{class: {attributes: {dn, ..}}}`.
pub fn post_body<'a>(
    class: &str,
    dn: &str,
    attrs: impl Iterator<Item = (&'a str, &'a str)>,
) -> Value {
    let mut map = Map::new();
    map.insert("dn".into(), Value::String(dn.to_string()));
    for (k, v) in attrs {
        map.insert(k.to_string(), Value::String(v.to_string()));
    }
    json!({ class: { "attributes": Value::Object(map) } })
}

/// An ordered set of objects keyed by DN. DN order puts every parent before its children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MoSet {
    objects: BTreeMap<String, Mo>,
}

impl MoSet {
    pub fn new() -> MoSet {
        MoSet::default()
    }

    /// Insert or replace.
    pub fn insert(&mut self, mo: Mo) {
        self.objects.insert(mo.dn.clone(), mo);
    }

    /// Insert unless an object with this DN is already there.
    pub fn insert_if_absent(&mut self, mo: Mo) {
        self.objects.entry(mo.dn.clone()).or_insert(mo);
    }

    pub fn get(&self, dn: &str) -> Option<&Mo> {
        self.objects.get(dn)
    }

    pub fn get_mut(&mut self, dn: &str) -> Option<&mut Mo> {
        self.objects.get_mut(dn)
    }

    pub fn contains(&self, dn: &str) -> bool {
        self.objects.contains_key(dn)
    }

    /// Every object in DN order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Mo> + '_ {
        self.objects.values()
    }

    /// Every object of one class, in DN order.
    pub fn by_class<'a>(&'a self, class: &'a str) -> impl Iterator<Item = &'a Mo> + 'a {
        self.objects.values().filter(move |m| m.class == class)
    }

    /// The object at `dn` and everything below it, in DN order.
    pub fn subtree<'a>(&'a self, dn: &'a str) -> impl Iterator<Item = &'a Mo> + 'a {
        self.objects
            .range(dn.to_string()..)
            .map(|(_, m)| m)
            .take_while(move |m| m.dn == dn || m.dn.starts_with(dn))
            .filter(move |m| m.dn == dn || is_below(&m.dn, dn))
    }

    /// The direct children of `dn`.
    pub fn children<'a>(&'a self, dn: &'a str) -> impl Iterator<Item = &'a Mo> + 'a {
        self.subtree(dn).filter(move |m| m.parent_dn() == Some(dn))
    }

    /// Remove the object at `dn` and its subtree.
    pub fn remove_subtree(&mut self, dn: &str) {
        let doomed: Vec<String> = self.subtree(dn).map(|m| m.dn.clone()).collect();
        for d in doomed {
            self.objects.remove(&d);
        }
    }

    pub fn len(&self) -> usize {
        self.objects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// Add every object of `other`, replacing objects with the same DN.
    pub fn extend(&mut self, other: MoSet) {
        self.objects.extend(other.objects);
    }

    /// The stable text listing: one line per DN, `dn class key=value ...`, attributes sorted.
    pub fn listing(&self) -> String {
        let mut out = String::new();
        for mo in self.objects.values() {
            out.push_str(&mo.dn);
            out.push(' ');
            out.push_str(&mo.class);
            for (k, v) in &mo.attrs {
                out.push(' ');
                out.push_str(k);
                out.push('=');
                out.push_str(&quote(v));
            }
            out.push('\n');
        }
        out
    }

    /// Parse [`MoSet::listing`] output. Blank lines and lines starting with `#` are skipped.
    pub fn parse_listing(text: &str) -> Result<MoSet, RenderError> {
        let mut set = MoSet::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |what: &str| RenderError::Listing {
                line: n + 1,
                message: what.to_string(),
            };
            let tokens = tokenize(line).map_err(|e| bad(&e))?;
            let mut it = tokens.into_iter();
            let dn = it.next().ok_or_else(|| bad("missing DN"))?;
            let class = it.next().ok_or_else(|| bad("missing class"))?;
            let mut mo = Mo::new(&class, dn);
            for tok in it {
                let (k, v) = tok
                    .split_once('=')
                    .ok_or_else(|| bad("attribute without '='"))?;
                mo.attrs
                    .insert(k.to_string(), unquote(v).map_err(|e| bad(&e))?);
            }
            set.insert(mo);
        }
        Ok(set)
    }

    /// Read APIC wire JSON: an envelope `{"imdata": [...]}` or a bare list of objects, each
    /// `{class: {attributes: {dn, ..}, children: [...]}}` with children named by `rn`.
    pub fn from_wire(value: &Value) -> Result<MoSet, RenderError> {
        let list = match value {
            Value::Object(o) if o.contains_key("imdata") => &o["imdata"],
            other => other,
        };
        let items = list
            .as_array()
            .ok_or_else(|| RenderError::Wire("expected a list of objects".into()))?;
        let mut set = MoSet::new();
        for item in items {
            read_wire_object(item, None, &mut set)?;
        }
        Ok(set)
    }
}

impl FromIterator<Mo> for MoSet {
    fn from_iter<I: IntoIterator<Item = Mo>>(iter: I) -> MoSet {
        let mut set = MoSet::new();
        for mo in iter {
            set.insert(mo);
        }
        set
    }
}

fn read_wire_object(
    item: &Value,
    parent: Option<&str>,
    set: &mut MoSet,
) -> Result<(), RenderError> {
    let obj = item
        .as_object()
        .filter(|o| o.len() == 1)
        .ok_or_else(|| RenderError::Wire(format!("not a single-class object: {item}")))?;
    let (class, body) = obj
        .iter()
        .next()
        .ok_or_else(|| RenderError::Wire("empty object".into()))?;
    if class == "error" {
        return Err(RenderError::Wire(format!("site error: {body}")));
    }
    let attrs = body
        .get("attributes")
        .and_then(Value::as_object)
        .ok_or_else(|| RenderError::Wire(format!("{class}: no attributes")))?;
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let dn = match (
        attrs.get("dn").map(text).filter(|d| !d.is_empty()),
        attrs.get("rn").map(text),
        parent,
    ) {
        (Some(dn), _, _) => dn,
        (None, Some(rn), Some(p)) => format!("{p}/{rn}"),
        _ => return Err(RenderError::Wire(format!("{class}: neither dn nor rn"))),
    };
    let mut mo = Mo::new(class, dn.clone());
    for (k, v) in attrs {
        if !matches!(k.as_str(), "dn" | "rn" | "status") {
            mo.attrs.insert(k.clone(), text(v));
        }
    }
    set.insert(mo);
    if let Some(children) = body.get("children").and_then(Value::as_array) {
        for child in children {
            read_wire_object(child, Some(&dn), set)?;
        }
    }
    Ok(())
}

/// Quote a value when it is empty or holds spaces, quotes, `=` or backslashes.
pub(crate) fn quote(v: &str) -> String {
    if !v.is_empty()
        && !v
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '\\' || c == '=')
    {
        return v.to_string();
    }
    let mut out = String::from("\"");
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn unquote(v: &str) -> Result<String, String> {
    if !v.starts_with('"') {
        return Ok(v.to_string());
    }
    if v.len() < 2 || !v.ends_with('"') {
        return Err(format!("unterminated quote in {v}"));
    }
    let mut out = String::new();
    let mut chars = v[1..v.len() - 1].chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(c) => out.push(c),
                None => return Err("dangling backslash".into()),
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// Split a line on spaces outside double quotes.
pub(crate) fn tokenize(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_quote = false;
    let mut escaped = false;
    for c in line.chars() {
        if escaped {
            cur.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' if in_quote => {
                cur.push(c);
                escaped = true;
            }
            '"' => {
                in_quote = !in_quote;
                cur.push(c);
            }
            ' ' if !in_quote => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if in_quote {
        return Err("unterminated quote".into());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_round_trips_awkward_values() {
        let set: MoSet = [
            Mo::new("fvTenant", "uni/tn-t")
                .with("descr", "two words")
                .with("name", "t")
                .with("nameAlias", ""),
            Mo::new("fvSubnet", "uni/tn-t/BD-b/subnet-[10.0.0.1/24]").with("descr", "a \"q\" = \\"),
        ]
        .into_iter()
        .collect();
        let text = set.listing();
        assert_eq!(MoSet::parse_listing(&text).unwrap(), set);
    }

    #[test]
    fn subtree_stops_at_siblings_sharing_a_prefix() {
        let set: MoSet = [
            "uni/tn-t",
            "uni/tn-t/BD-b",
            "uni/tn-t/BD-b/rsctx",
            "uni/tn-t/BD-b2",
            "uni/tn-t2",
        ]
        .iter()
        .map(|d| Mo::new("x", *d))
        .collect();
        let dns: Vec<_> = set
            .subtree("uni/tn-t/BD-b")
            .map(|m| m.dn.as_str())
            .collect();
        assert_eq!(dns, ["uni/tn-t/BD-b", "uni/tn-t/BD-b/rsctx"]);
        assert_eq!(set.children("uni/tn-t").count(), 2);
    }

    #[test]
    fn reads_nested_wire_objects() {
        let wire = json!({"totalCount": "1", "imdata": [{"fvBD": {"attributes": {"dn": "uni/tn-t/BD-b", "name": "b", "seg": "16000"},
            "children": [{"fvRsCtx": {"attributes": {"rn": "rsctx", "tnFvCtxName": "v"}}}]}}]});
        let set = MoSet::from_wire(&wire).unwrap();
        assert_eq!(
            set.get("uni/tn-t/BD-b/rsctx").unwrap().attr("tnFvCtxName"),
            Some("v")
        );
        assert!(
            MoSet::from_wire(&json!({"imdata": [{"error": {"attributes": {"code": "1"}}}]}))
                .is_err()
        );
    }
}
