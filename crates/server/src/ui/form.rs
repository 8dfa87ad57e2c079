//! Form plumbing shared by every page: the url-encoded body (repeated keys kept), the
//! errors of one submission keyed by field, and how an API error is placed beside the
//! field it concerns.

use std::collections::BTreeMap;

use crate::error::ApiError;

/// A submitted `application/x-www-form-urlencoded` body, in order, repeated keys kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    /// Parse a url-encoded body; malformed escapes are kept as written.
    pub fn parse(body: &[u8]) -> FormData {
        let text = String::from_utf8_lossy(body);
        let pairs = text
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect();
        FormData(pairs)
    }

    /// The first value of `key`, trimmed; `""` when absent.
    pub fn get(&self, key: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .unwrap_or_default()
    }

    /// Every non-empty value of `key`.
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
            .collect()
    }

    /// Was a checkbox `key` ticked?
    pub fn checked(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The errors of one submission: per field, plus those that concern the whole form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Errors {
    pub fields: BTreeMap<String, String>,
    pub general: Vec<String>,
}

impl Errors {
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_empty()
    }
    pub fn field(&mut self, name: &str, message: impl Into<String>) {
        self.fields
            .entry(name.to_string())
            .or_insert_with(|| message.into());
    }
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
    /// An error for a required field left empty.
    pub fn require(&mut self, form: &FormData, name: &str, what: &str) {
        if form.get(name).is_empty() {
            self.field(name, format!("{what} is required"));
        }
    }

    /// Place an API error beside the field it names. `fields` maps the document keys the
    /// form edits (`vrfRef`, `name`, ...) to the form's field names.
    pub fn from_api(err: &ApiError, fields: &[(&str, &str)]) -> Errors {
        let mut errors = Errors::default();
        let message = err.message.as_str();
        let (path, reason) = match message.split_once(": ") {
            Some((p, r)) if p.starts_with('/') => (p, r),
            _ => ("", message),
        };
        let last = path.rsplit('/').next().unwrap_or_default();
        let target = fields
            .iter()
            .find(|(key, _)| *key == last)
            .or_else(|| {
                fields.iter().find(|(key, _)| {
                    reason.contains(&format!("{key} '")) || reason.contains(&format!("'{key}'"))
                })
            })
            .or_else(|| {
                let about_name = reason.contains("already exists") || reason.contains("name");
                fields.iter().find(|(key, _)| *key == "name" && about_name)
            });
        match target {
            Some((_, field)) => errors.field(field, message),
            None => errors.general.push(message.to_string()),
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_repeated_keys_and_escapes() {
        let f = FormData::parse(b"name=bd+app&c=%2Fschemas%2Fx&c=y&flag=on&bad=%zz");
        assert_eq!(f.get("name"), "bd app");
        assert_eq!(f.all("c"), vec!["/schemas/x", "y"]);
        assert!(f.checked("flag"));
        assert!(!f.checked("other"));
        assert_eq!(f.get("bad"), "%zz");
        assert_eq!(f.get("missing"), "");
    }

    #[test]
    fn api_error_goes_beside_its_field() {
        let fields = [("name", "name"), ("vrfRef", "vrf")];
        let e = ApiError::bad_request(
            "/templates/t/bds/b/vrfRef: vrfRef '/schemas/s/templates/t/vrfs/x' does not exist",
        );
        assert_eq!(
            Errors::from_api(&e, &fields)
                .get("vrf")
                .map(|m| m.contains("does not exist")),
            Some(true)
        );
        let e = ApiError::bad_request(
            "/templates/t/bds/b: vrfRef '/schemas/s/templates/t/vrfs/x' does not exist",
        );
        assert!(Errors::from_api(&e, &fields).get("vrf").is_some());
        let e = ApiError::bad_request("/templates/t/bds: a BD named 'b' already exists");
        assert!(Errors::from_api(&e, &fields).get("name").is_some());
        let e = ApiError::conflict("schema changed");
        let errs = Errors::from_api(&e, &fields);
        assert!(errs.fields.is_empty());
        assert_eq!(errs.general, vec!["schema changed".to_string()]);
    }
}
