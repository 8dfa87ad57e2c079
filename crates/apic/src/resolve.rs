//! Resolving a DN against the class metadata: which class each RN belongs to, its
//! naming values, and the canonical DN (naming values validated and unbracketed
//! where the class's RN format does not bracket them).

use crate::dn::{format_rn, match_rn, split_dn};
use crate::error::ApicError;
use crate::meta::{self, ClassInfo};
use crate::value;

/// One RN of a resolved DN.
#[derive(Debug, Clone)]
pub struct ResolvedRn {
    pub class: &'static ClassInfo,
    pub rn: String,
    pub naming: Vec<(&'static str, String)>,
}

/// A DN whose every RN belongs to a known class.
#[derive(Debug, Clone)]
pub struct ResolvedDn {
    pub rns: Vec<ResolvedRn>,
}

impl ResolvedDn {
    pub fn dn(&self) -> String {
        crate::dn::join_dn(&self.rns.iter().map(|r| r.rn.as_str()).collect::<Vec<_>>())
    }

    pub fn last(&self) -> &ResolvedRn {
        &self.rns[self.rns.len() - 1]
    }

    pub fn class(&self) -> &'static ClassInfo {
        self.last().class
    }
}

/// Match one RN under a parent class (`None` for a root RN).
pub fn resolve_rn(parent: Option<&'static ClassInfo>, rn: &str) -> Result<ResolvedRn, ApicError> {
    let reg = meta::registry();
    let mut candidates: Box<dyn Iterator<Item = &'static ClassInfo>> = match parent {
        Some(p) => Box::new(reg.child_classes(p.name())),
        None => Box::new(reg.roots()),
    };
    let (class, values) = candidates
        .find_map(|c| match_rn(&c.rn_parts, rn).map(|v| (c, v)))
        .ok_or_else(|| ApicError::invalid_rn(rn))?;
    let mut naming = Vec::with_capacity(values.len());
    for (prop, raw) in values {
        let meta = class.prop(prop).ok_or_else(|| ApicError::invalid_rn(rn))?;
        let v = value::canonical(meta, &raw).map_err(|_| ApicError::invalid_rn(rn))?;
        naming.push((prop, v));
    }
    let canonical = format_rn(&class.rn_parts, |p| {
        naming
            .iter()
            .find(|(k, _)| *k == p)
            .map(|(_, v)| v.as_str())
    })
    .unwrap_or_else(|| rn.to_string());
    Ok(ResolvedRn {
        class,
        rn: canonical,
        naming,
    })
}

/// Resolve a whole DN from its root.
pub fn resolve_dn(dn: &str) -> Result<ResolvedDn, ApicError> {
    let mut rns: Vec<ResolvedRn> = Vec::new();
    for rn in split_dn(dn)? {
        let parent = rns.last().map(|r| r.class);
        rns.push(resolve_rn(parent, rn)?);
    }
    Ok(ResolvedDn { rns })
}

/// The canonical form of a DN (`uni/tn-[t1]` to `uni/tn-t1`).
pub fn canonical_dn(dn: &str) -> Result<String, ApicError> {
    resolve_dn(dn).map(|r| r.dn())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonicalises_bracketed_names() {
        assert_eq!(
            canonical_dn("uni/tn-[t1]/ctx-v").unwrap(),
            "uni/tn-t1/ctx-v"
        );
        assert_eq!(
            canonical_dn("uni/tn-t1/svcCont/svcRedirectPol-p/L1L2RedirectDest-[x]").unwrap(),
            "uni/tn-t1/svcCont/svcRedirectPol-p/L1L2RedirectDest-x"
        );
        let r = resolve_dn(
            "uni/tn-t1/lDevVip-d/lIf-l/rscIfAttN-[uni/tn-t1/lDevVip-d/cDev-c/cIf-[eth1/1]]",
        )
        .unwrap();
        assert_eq!(r.class().name(), "vnsRsCIfAttN");
        assert_eq!(
            r.last().naming[0].1,
            "uni/tn-t1/lDevVip-d/cDev-c/cIf-[eth1/1]"
        );
        let r = resolve_dn(
            "uni/tn-t1/ldevCtx-c-c1-g-sg-firewall-n-node1/lIfCtx-c-consumer/rsLIfCtxToBD",
        )
        .unwrap();
        assert_eq!(r.class().name(), "vnsRsLIfCtxToBD");
    }

    #[test]
    fn refuses_unknown_or_invalid_rns() {
        assert_eq!(
            resolve_dn("uni/tn-t1/bogus-x").unwrap_err().text,
            "Invalid RN bogus-x"
        );
        assert_eq!(
            resolve_dn("uni/tn-t1/BD-b/subnet-[non_existing]")
                .unwrap_err()
                .code,
            "104"
        );
        assert_eq!(resolve_dn("uni/tn-bad name").unwrap_err().code, "104");
    }
}
