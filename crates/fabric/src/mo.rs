//! The sites' objects as plain data (class, DN, attributes), exactly as an
//! APIC holds them, and the DN functions the snapshot needs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The annotation that marks an object the orchestrator pushed only to
/// support an intersite relation (a shadow object).
pub const SHADOW_ANNOTATION: &str = "orchestrator:msc-shadow:yes";

/// One managed object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mo {
    /// APIC class name, e.g. `fvAEPg`.
    pub class: String,
    /// Distinguished name, e.g. `uni/tn-Tenant1/ap-app/epg-web`.
    pub dn: String,
    /// Attributes, all strings as on the wire.
    #[serde(default)]
    pub attrs: BTreeMap<String, String>,
}

impl Mo {
    /// Builds an object from `(name, value)` pairs.
    pub fn new(class: &str, dn: &str, attrs: &[(&str, &str)]) -> Mo {
        Mo {
            class: class.to_string(),
            dn: dn.to_string(),
            attrs: attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// An attribute's value, `""` when absent.
    pub fn attr(&self, name: &str) -> &str {
        self.attrs.get(name).map(String::as_str).unwrap_or("")
    }

    /// Whether the object is a shadow object.
    pub fn is_shadow(&self) -> bool {
        self.attr("annotation") == SHADOW_ANNOTATION
    }
}

/// Everything one site holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteObjects {
    /// The site's name, as in the topology.
    pub site: String,
    /// The site's id, as in the topology.
    pub site_id: u32,
    /// The objects, in any order.
    pub objects: Vec<Mo>,
}

/// Splits a DN into RNs at `/` outside brackets.
pub fn split_rns(dn: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in dn.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            '/' if depth == 0 => {
                out.push(&dn[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&dn[start..]);
    out
}

/// The parent DN (everything before the last RN), if any.
pub fn parent_dn(dn: &str) -> Option<&str> {
    let rns = split_rns(dn);
    let last = rns.last()?;
    if rns.len() < 2 {
        return None;
    }
    Some(&dn[..dn.len() - last.len() - 1])
}

/// The tenant name of a DN under `uni/tn-{name}`.
pub fn tenant_of(dn: &str) -> Option<&str> {
    split_rns(dn).get(1).and_then(|rn| rn.strip_prefix("tn-"))
}

/// The display name of an object: its last RN without the class prefix
/// (`uni/tn-T/svcCont/svcRedirectPol-FW-external` gives `FW-external`).
pub fn name_of(dn: &str) -> &str {
    let rns = split_rns(dn);
    let last = rns.last().copied().unwrap_or(dn);
    last.split_once('-').map(|(_, n)| n).unwrap_or(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_split_outside_brackets() {
        let dn = "uni/tn-T/out-o/lnodep-n/rsnodeL3OutAtt-[topology/pod-1/node-101]";
        assert_eq!(
            split_rns(dn),
            [
                "uni",
                "tn-T",
                "out-o",
                "lnodep-n",
                "rsnodeL3OutAtt-[topology/pod-1/node-101]"
            ]
        );
        assert_eq!(parent_dn(dn), Some("uni/tn-T/out-o/lnodep-n"));
        assert_eq!(tenant_of(dn), Some("T"));
        assert_eq!(
            name_of("uni/tn-T/svcCont/svcRedirectPol-FW-external"),
            "FW-external"
        );
        assert_eq!(parent_dn("uni"), None);
    }
}
