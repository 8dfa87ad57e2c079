//! Reading objects from APIC's wire JSON: an `imdata` envelope or a list of objects, with
//! nested children named by `rn`.

use serde_json::Value;

use crate::mo::{Mo, MoSet};
use crate::RenderError;

impl MoSet {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
