//! Field access on the schema document. Objects of a schema have a handful of fields,
//! so a scan of the entries beats hashing the field name; large objects use the map.

use serde_json::Value;

/// Objects with more fields than this are searched through their map.
const SCAN_LIMIT: usize = 16;

/// The field `key` of an object, or `None` (also for a non-object).
#[inline]
pub(crate) fn field<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    let map = v.as_object()?;
    if map.len() > SCAN_LIMIT {
        return map.get(key);
    }
    map.iter()
        .find_map(|(k, value)| (k.as_str() == key).then_some(value))
}

/// The array under `key`, or an empty slice.
#[inline]
pub(crate) fn arr<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    field(v, key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The string under `key`, or "".
#[inline]
pub(crate) fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    field(v, key).and_then(Value::as_str).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{arr, field, text};
    use serde_json::{json, Map, Value};

    #[test]
    fn small_and_large_objects_read_alike() {
        let small = json!({"name": "bd1", "subnets": [1, 2], "flag": true});
        assert_eq!(text(&small, "name"), "bd1");
        assert_eq!(arr(&small, "subnets").len(), 2);
        assert_eq!(text(&small, "subnets"), "");
        assert_eq!(field(&small, "missing"), None);
        assert_eq!(text(&json!("not an object"), "name"), "");
        let large: Map<String, Value> = (0..40).map(|i| (format!("f{i}"), json!(i))).collect();
        let large = Value::Object(large);
        assert_eq!(field(&large, "f39"), Some(&json!(39)));
        assert_eq!(field(&large, "f40"), None);
    }
}
