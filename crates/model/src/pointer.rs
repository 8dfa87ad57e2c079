//! JSON Patch operations (RFC 6902 `add`, `replace`, `remove`, `test`) with NDO's path
//! addressing, applied to a plain JSON value. Array elements are found by `-`, by
//! `name`, by `{siteId}-{templateName}`, by `siteId`, by the last segment of the
//! element's identity ref, or by index. The schema tree uses the same rules one level up.

use crate::error::{ErrorKind, ModelError};
use serde_json::Value;

/// The four supported operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    Add,
    Replace,
    Remove,
    Test,
}

impl OpKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OpKind::Add => "add",
            OpKind::Replace => "replace",
            OpKind::Remove => "remove",
            OpKind::Test => "test",
        }
    }
}

/// One parsed operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    pub kind: OpKind,
    pub path: String,
    pub tokens: Vec<String>,
    pub value: Value,
}

/// Identity refs, in the priority order used to address ref-only elements.
pub(crate) const IDENTITY_KEYS: &[&str] = &[
    "epgRef",
    "anpRef",
    "externalEpgRef",
    "serviceNodeRef",
    "serviceGraphRef",
    "l3outRef",
    "bdRef",
    "contractRef",
    "filterRef",
    "vrfRef",
];

/// Parse a JSON Patch document (an array of operations).
pub fn parse_ops(doc: &Value) -> Result<Vec<Op>, ModelError> {
    let Value::Array(items) = doc else {
        return Err(ModelError::bad(
            "",
            "a patch must be a JSON array of operations",
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let at = format!("operation {i}");
            let op = item
                .get("op")
                .and_then(Value::as_str)
                .ok_or_else(|| ModelError::bad(&at, "missing 'op'"))?;
            let kind = match op {
                "add" => OpKind::Add,
                "replace" => OpKind::Replace,
                "remove" => OpKind::Remove,
                "test" => OpKind::Test,
                other => {
                    return Err(ModelError::bad(
                        &at,
                        format!(
                            "unsupported op '{other}': expected one of add, replace, remove, test"
                        ),
                    ))
                }
            };
            let path = item
                .get("path")
                .and_then(Value::as_str)
                .ok_or_else(|| ModelError::bad(&at, "missing 'path'"))?;
            let value = match (kind, item.get("value")) {
                (OpKind::Remove, _) => Value::Null,
                (_, Some(v)) => v.clone(),
                (_, None) => return Err(ModelError::bad(path, format!("'{op}' needs a 'value'"))),
            };
            Ok(Op {
                kind,
                path: path.to_string(),
                tokens: split_path(path)?,
                value,
            })
        })
        .collect()
}

/// Split an RFC 6901 pointer into unescaped tokens.
pub fn split_path(path: &str) -> Result<Vec<String>, ModelError> {
    if path.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Err(ModelError::bad(path, "a path must start with '/'"));
    };
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

/// Render resolved tokens as a path (`/sites/0/contracts/0`).
pub(crate) fn show(tokens: &[String]) -> String {
    tokens.iter().map(|t| format!("/{t}")).collect()
}

/// The index of the array element a token addresses.
pub(crate) fn find_in_array(items: &[Value], tok: &str) -> Option<usize> {
    if let Some(i) = items
        .iter()
        .position(|v| v.get("name").and_then(Value::as_str) == Some(tok))
    {
        return Some(i);
    }
    let site_key = |v: &Value| match (
        v.get("siteId").and_then(Value::as_str),
        v.get("templateName").and_then(Value::as_str),
    ) {
        (Some(s), Some(t)) => {
            tok.len() == s.len() + 1 + t.len() && tok.starts_with(s) && tok.ends_with(t)
        }
        _ => false,
    };
    if let Some(i) = items.iter().position(site_key) {
        return Some(i);
    }
    if let Some(i) = items
        .iter()
        .position(|v| v.get("siteId").and_then(Value::as_str) == Some(tok))
    {
        return Some(i);
    }
    let by_ref = |v: &Value| {
        IDENTITY_KEYS
            .iter()
            .find_map(|k| v.get(*k).and_then(Value::as_str))
            .is_some_and(|r| r.rsplit('/').next() == Some(tok))
    };
    if let Some(i) = items.iter().position(by_ref) {
        return Some(i);
    }
    tok.parse::<usize>().ok().filter(|i| *i < items.len())
}

/// The NDO wording for removing something that is not there.
pub(crate) fn remove_missing(shown: &[String], key: &str) -> ModelError {
    let path = show(shown);
    ModelError::verbatim(
        ErrorKind::BadRequest,
        path.clone(),
        format!("error in remove for path: '{path}': unable to remove nonexistent key: {key}: missing value"),
    )
}

/// Apply `op` at `tokens` inside `target`. `shown` holds the index form of the path up to
/// `target` and is extended while walking (for messages).
pub(crate) fn apply(
    target: &mut Value,
    op: &Op,
    tokens: &[String],
    shown: &mut Vec<String>,
) -> Result<(), ModelError> {
    let Some((last, parents)) = tokens.split_last() else {
        return match op.kind {
            OpKind::Test if *target != op.value => Err(test_failed(&op.path)),
            OpKind::Test => Ok(()),
            OpKind::Remove => Err(ModelError::bad(
                &op.path,
                "cannot remove this object's own body",
            )),
            OpKind::Add | OpKind::Replace => {
                *target = op.value.clone();
                Ok(())
            }
        };
    };
    let mut cur = target;
    for tok in parents {
        cur = match cur {
            Value::Object(map) => match map.get_mut(tok.as_str()) {
                Some(v) => {
                    shown.push(tok.clone());
                    v
                }
                None => return Err(missing(op, shown, tok)),
            },
            Value::Array(items) => match find_in_array(items, tok) {
                Some(i) => {
                    shown.push(i.to_string());
                    &mut items[i]
                }
                None => return Err(missing(op, shown, tok)),
            },
            _ => return Err(missing(op, shown, tok)),
        };
    }
    match cur {
        Value::Object(map) => match op.kind {
            OpKind::Add | OpKind::Replace => {
                map.insert(last.clone(), op.value.clone());
            }
            OpKind::Remove => {
                shown.push(last.clone());
                if map.shift_remove(last.as_str()).is_none() {
                    return Err(remove_missing(shown, last));
                }
            }
            OpKind::Test => {
                if map.get(last.as_str()) != Some(&op.value) {
                    return Err(test_failed(&op.path));
                }
            }
        },
        Value::Array(items) => {
            if last == "-" {
                return match op.kind {
                    OpKind::Add => {
                        items.push(op.value.clone());
                        Ok(())
                    }
                    _ => Err(ModelError::bad(
                        &op.path,
                        format!("'-' cannot be used with '{}'", op.kind.as_str()),
                    )),
                };
            }
            let found = find_in_array(items, last);
            match (op.kind, found) {
                (OpKind::Add, None) => match last.parse::<usize>() {
                    Ok(i) if i == items.len() => items.push(op.value.clone()),
                    _ => return Err(missing(op, shown, last)),
                },
                (OpKind::Add, Some(i)) => {
                    if last.parse::<usize>().is_ok() {
                        items.insert(i, op.value.clone());
                    } else {
                        items[i] = op.value.clone();
                    }
                }
                (OpKind::Replace, Some(i)) => items[i] = op.value.clone(),
                (OpKind::Remove, Some(i)) => {
                    items.remove(i);
                }
                (OpKind::Test, Some(i)) => {
                    if items[i] != op.value {
                        return Err(test_failed(&op.path));
                    }
                }
                (OpKind::Remove, None) => {
                    shown.push(last.clone());
                    return Err(remove_missing(shown, last));
                }
                (_, None) => return Err(missing(op, shown, last)),
            }
        }
        _ => return Err(missing(op, shown, last)),
    }
    Ok(())
}

fn missing(op: &Op, shown: &mut Vec<String>, tok: &str) -> ModelError {
    if op.kind == OpKind::Remove {
        shown.push(tok.to_string());
        return remove_missing(shown, tok);
    }
    ModelError::bad(&op.path, format!("no such member or element '{tok}'"))
}

pub(crate) fn test_failed(path: &str) -> ModelError {
    ModelError::bad(path, "test failed: the current value differs")
}
