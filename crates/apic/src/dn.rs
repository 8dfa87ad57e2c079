//! Distinguished names: splitting a DN into RNs at bracket depth 0, joining them back,
//! and matching an RN against a class's RN format (`tn-{name}`, `subnet-[{ip}]`,
//! `ldevCtx-c-{a}-g-{b}-n-{c}`), tolerating brackets around naming values that the
//! canonical form leaves bare.

use crate::error::ApicError;

/// Split a DN into its RNs on `/` at bracket depth 0.
/// `uni/tn-t1/out-o1/instP-e/extsubnet-[0.0.0.0/0]` has five RNs.
pub fn split_dn(dn: &str) -> Result<Vec<&str>, ApicError> {
    let mut out = Vec::new();
    let mut depth: usize = 0;
    let mut start = 0;
    for (i, c) in dn.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| ApicError::invalid_dn(dn))?
            }
            '/' if depth == 0 => {
                out.push(&dn[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Err(ApicError::invalid_dn(dn));
    }
    out.push(&dn[start..]);
    if let Some(rn) = out.iter().find(|rn| rn.is_empty()) {
        return Err(ApicError::invalid_rn(rn));
    }
    Ok(out)
}

/// Join RNs back into a DN.
pub fn join_dn<S: AsRef<str>>(rns: &[S]) -> String {
    let mut out = String::new();
    for (i, rn) in rns.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(rn.as_ref());
    }
    out
}

/// The parent DN and the last RN (`None` for a one-RN DN). Assumes a DN that splits.
pub fn parent_and_rn(dn: &str) -> (Option<&str>, &str) {
    let mut depth: usize = 0;
    let mut last = None;
    for (i, c) in dn.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => last = Some(i),
            _ => {}
        }
    }
    match last {
        Some(i) => (Some(&dn[..i]), &dn[i + 1..]),
        None => (None, dn),
    }
}

/// One piece of an RN format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RnPart {
    Lit(&'static str),
    Var(&'static str),
}

/// Parse a format such as `rscIfAttN-[{tDn}]` into literal and variable parts.
pub fn parse_format(format: &'static str) -> Vec<RnPart> {
    let mut parts = Vec::new();
    let mut rest = format;
    while !rest.is_empty() {
        match rest.find('{') {
            Some(open) => {
                if open > 0 {
                    parts.push(RnPart::Lit(&rest[..open]));
                }
                let close = rest[open..]
                    .find('}')
                    .map(|c| c + open)
                    .unwrap_or(rest.len() - 1);
                parts.push(RnPart::Var(&rest[open + 1..close]));
                rest = &rest[close + 1..];
            }
            None => {
                parts.push(RnPart::Lit(rest));
                rest = "";
            }
        }
    }
    parts
}

/// Render an RN from its format and naming values (looked up by property name).
pub fn format_rn<'v>(parts: &[RnPart], value: impl Fn(&str) -> Option<&'v str>) -> Option<String> {
    let mut out = String::new();
    for part in parts {
        match part {
            RnPart::Lit(l) => out.push_str(l),
            RnPart::Var(v) => out.push_str(value(v)?),
        }
    }
    Some(out)
}

/// Index of the `]` closing the `[` at `open`, if any.
fn closing_bracket(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s[open..].char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// First position at bracket depth 0 (relative to `start`) where `lit` begins.
fn find_at_depth0(s: &str, start: usize, lit: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s[start..].char_indices() {
        let at = start + i;
        if depth == 0 && s[at..].starts_with(lit) && at > start {
            return Some(at);
        }
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Match an RN against a format, returning the naming values in format order.
/// A variable the format leaves bare may arrive bracketed (`tn-[t1]`).
pub fn match_rn(parts: &[RnPart], rn: &str) -> Option<Vec<(&'static str, String)>> {
    let mut values = Vec::new();
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        match part {
            RnPart::Lit(l) => {
                if !rn[pos..].starts_with(l) {
                    return None;
                }
                pos += l.len();
            }
            RnPart::Var(name) => {
                let next = match parts.get(i + 1) {
                    Some(RnPart::Lit(l)) => Some(*l),
                    _ => None,
                };
                let bracketed_format = matches!(parts.get(i.wrapping_sub(1)), Some(RnPart::Lit(l)) if l.ends_with('['));
                if !bracketed_format && rn[pos..].starts_with('[') {
                    if let Some(close) = closing_bracket(rn, pos) {
                        let after = &rn[close + 1..];
                        let fits = match next {
                            Some(l) => after.starts_with(l),
                            None => after.is_empty(),
                        };
                        if fits {
                            values.push((*name, rn[pos + 1..close].to_string()));
                            pos = close + 1;
                            continue;
                        }
                    }
                }
                let end = match next {
                    Some(l) => find_at_depth0(rn, pos, l)?,
                    None => rn.len(),
                };
                if end == pos {
                    return None;
                }
                values.push((*name, rn[pos..end].to_string()));
                pos = end;
            }
        }
    }
    (pos == rn.len()).then_some(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_nested_brackets() {
        let dn = "uni/tn-t1/lDevVip-d/lIf-l/rscIfAttN-[uni/tn-t1/lDevVip-d/cDev-c/cIf-[eth1/1]]";
        let rns = split_dn(dn).unwrap();
        assert_eq!(rns.len(), 5);
        assert_eq!(
            rns[4],
            "rscIfAttN-[uni/tn-t1/lDevVip-d/cDev-c/cIf-[eth1/1]]"
        );
        assert_eq!(join_dn(&rns), dn);
        assert_eq!(
            parent_and_rn(dn),
            (Some("uni/tn-t1/lDevVip-d/lIf-l"), rns[4])
        );
    }

    #[test]
    fn rejects_broken_dns() {
        assert_eq!(split_dn("uni/tn-[x").unwrap_err().code, "104");
        assert_eq!(split_dn("uni//tn-x").unwrap_err().code, "104");
        assert_eq!(split_dn("uni/tn-x]").unwrap_err().code, "104");
    }

    #[test]
    fn matches_formats() {
        let f = parse_format("ldevCtx-c-{a}-g-{b}-n-{c}");
        let v = match_rn(&f, "ldevCtx-c-c1-g-sg-firewall-n-node1").unwrap();
        assert_eq!(
            v,
            vec![
                ("a", "c1".into()),
                ("b", "sg-firewall".into()),
                ("c", "node1".into())
            ]
        );
        let f = parse_format("subnet-[{ip}]");
        assert_eq!(
            match_rn(&f, "subnet-[10.0.0.1/24]").unwrap()[0].1,
            "10.0.0.1/24"
        );
        assert!(match_rn(&f, "subnet-10.0.0.1").is_none());
        let f = parse_format("L1L2RedirectDest-{destName}");
        assert_eq!(match_rn(&f, "L1L2RedirectDest-[x]").unwrap()[0].1, "x");
        let f = parse_format("rsctx");
        assert!(match_rn(&f, "rsctx").is_some());
        assert!(match_rn(&f, "rsctx2").is_none());
    }
}
