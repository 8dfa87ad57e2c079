//! Reading a schema document (NDO's JSON shape, refs as strings) for the pages: the
//! templates, the objects of a collection, the choices a drop-down offers, and the one
//! way the UI writes: a JSON-Patch through [`patch_schema`], like the REST API.

use serde_json::Value;

use crate::error::ApiResult;
use crate::routes::schemas::patch_schema;
use crate::state::Shared;

/// The current document of schema `id`.
pub async fn load(state: &Shared, id: &str) -> ApiResult<Value> {
    let guard = state.schemas.lock(&state.store, id).await?;
    Ok(guard.schema().to_json())
}

/// Apply `ops` (NDO's JSON-Patch dialect) to schema `id`.
pub async fn apply(state: &Shared, id: &str, ops: Value) -> ApiResult<()> {
    patch_schema(state, id, &ops, false).await.map(|_| ())
}

/// Elements of an array member, or none.
pub fn items<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> + 'a {
    v.get(key).and_then(Value::as_array).into_iter().flatten()
}

/// A string member, or "".
pub fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// Template `name` of the document.
pub fn template<'a>(doc: &'a Value, name: &str) -> Option<&'a Value> {
    items(doc, "templates").find(|t| s(t, "name") == name)
}

/// The element of `coll` named `name` in a template.
pub fn object<'a>(template: &'a Value, coll: &str, name: &str) -> Option<&'a Value> {
    items(template, coll).find(|o| s(o, "name") == name)
}

/// The last segment of a ref string: the object's name.
pub fn ref_name(r: &str) -> &str {
    r.rsplit('/').next().unwrap_or_default()
}

/// The template a ref string points into.
pub fn ref_template(r: &str) -> &str {
    r.split('/').nth(4).unwrap_or_default()
}

/// `(ref, "name (template)")` for every object of `coll` in every template, by the
/// self-ref key `ref_key`.
pub fn choices(doc: &Value, coll: &str, ref_key: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for t in items(doc, "templates") {
        for o in items(t, coll) {
            out.push((
                s(o, ref_key).to_string(),
                format!("{} ({})", s(o, "name"), s(t, "name")),
            ));
        }
    }
    out
}

/// The object a ref string names, looked up in this document.
pub fn resolve<'a>(doc: &'a Value, r: &str) -> Option<&'a Value> {
    let parts: Vec<&str> = r.split('/').collect();
    if parts.len() < 7 || parts[1] != "schemas" || parts[2] != s(doc, "id") {
        return None;
    }
    let t = template(doc, parts[4])?;
    let coll = if parts[5] == "l3outs" {
        "intersiteL3outs"
    } else {
        parts[5]
    };
    let o = object(t, coll, parts[6])?;
    match parts.get(7..) {
        Some([sub, name]) => items(o, sub).find(|x| s(x, "name") == *name),
        _ => Some(o),
    }
}

/// The site entries of the document for template `t`: `(siteId, entry)`.
pub fn site_entries<'a>(
    doc: &'a Value,
    t: &'a str,
) -> impl Iterator<Item = (&'a str, &'a Value)> + 'a {
    items(doc, "sites")
        .filter(move |e| s(e, "templateName") == t)
        .map(|e| (s(e, "siteId"), e))
}

/// The site entry of `(site, template)`.
pub fn site_entry<'a>(doc: &'a Value, site: &str, t: &str) -> Option<&'a Value> {
    items(doc, "sites").find(|e| s(e, "siteId") == site && s(e, "templateName") == t)
}

/// Every site entry of the document: `(siteId, entry)`.
pub fn site_entries_all(doc: &Value) -> impl Iterator<Item = (&str, &Value)> {
    items(doc, "sites").map(|e| (s(e, "siteId"), e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn resolves_refs_and_lists_choices() {
        let doc = json!({"id": "S", "templates": [{"name": "t1",
            "vrfs": [{"name": "v", "vrfRef": "/schemas/S/templates/t1/vrfs/v"}],
            "serviceGraphs": [{"name": "sg", "serviceNodes": [{"name": "node1"}]}],
            "intersiteL3outs": [{"name": "l", "l3outRef": "/schemas/S/templates/t1/l3outs/l"}]}]});
        assert_eq!(
            choices(&doc, "vrfs", "vrfRef"),
            vec![(
                "/schemas/S/templates/t1/vrfs/v".to_string(),
                "v (t1)".to_string()
            )]
        );
        assert_eq!(
            resolve(&doc, "/schemas/S/templates/t1/l3outs/l").map(|o| s(o, "name")),
            Some("l")
        );
        assert_eq!(
            resolve(
                &doc,
                "/schemas/S/templates/t1/serviceGraphs/sg/serviceNodes/node1"
            )
            .map(|o| s(o, "name")),
            Some("node1")
        );
        assert!(resolve(&doc, "/schemas/X/templates/t1/vrfs/v").is_none());
        assert_eq!(ref_template("/schemas/S/templates/t1/vrfs/v"), "t1");
    }
}
