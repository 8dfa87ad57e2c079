//! Property values: validation against a property's type and the canonical stored
//! form (yes/no booleans, sorted flag lists, port and protocol names, upper-case MACs).

use std::net::IpAddr;

use crate::meta::{PropMeta, PropType};

/// Why a value was refused: a pattern/range failure (APIC code 801) or a value
/// outside an enumeration (code 120).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueError {
    Pattern,
    Enum,
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-')
}

fn is_descr_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "\\!#$%()*,-./:;@ _{|}~?&+".contains(c)
}

/// The canonical form of `raw` for `prop`, or why it is refused.
pub fn canonical(prop: &PropMeta, raw: &str) -> Result<String, ValueError> {
    use ValueError::*;
    match prop.ty {
        PropType::Name { max, required } => {
            let ok =
                raw.len() <= max && raw.chars().all(is_name_char) && !(raw.is_empty() && required);
            ok.then(|| raw.to_string()).ok_or(Pattern)
        }
        PropType::Descr => (raw.len() <= 128 && raw.chars().all(is_descr_char))
            .then(|| raw.to_string())
            .ok_or(Pattern),
        PropType::Annotation => (raw.len() <= 128 && raw.chars().all(is_name_char))
            .then(|| raw.to_string())
            .ok_or(Pattern),
        PropType::Text { max } => (raw.len() <= max && !raw.chars().any(char::is_control))
            .then(|| raw.to_string())
            .ok_or(Pattern),
        PropType::Enum(values) => values
            .iter()
            .find(|v| **v == raw)
            .map(|v| v.to_string())
            .ok_or(Enum),
        PropType::Bits(values) => {
            let mut flags = Vec::new();
            for f in raw.split(',').map(str::trim).filter(|f| !f.is_empty()) {
                let known = values.iter().find(|v| **v == f).ok_or(Enum)?;
                flags.push(*known);
            }
            flags.sort_unstable();
            flags.dedup();
            Ok(flags.join(","))
        }
        PropType::Bool => match raw {
            "yes" | "true" => Ok("yes".into()),
            "no" | "false" => Ok("no".into()),
            _ => Err(Enum),
        },
        PropType::Int { min, max } => {
            let n: u64 = raw.trim().parse().map_err(|_| Pattern)?;
            (min..=max)
                .contains(&n)
                .then(|| n.to_string())
                .ok_or(Pattern)
        }
        PropType::NamedInt { names, min, max } => {
            if let Some((name, _)) = names.iter().find(|(n, _)| *n == raw) {
                return Ok(name.to_string());
            }
            let n: u64 = raw.trim().parse().map_err(|_| Enum)?;
            if !(min..=max).contains(&n) {
                return Err(Pattern);
            }
            Ok(names
                .iter()
                .find(|(_, v)| *v == n)
                .map(|(name, _)| name.to_string())
                .unwrap_or_else(|| n.to_string()))
        }
        PropType::Mac => canonical_mac(raw).ok_or(Pattern),
        PropType::MacOr(word) => {
            if raw == word {
                Ok(raw.to_string())
            } else {
                canonical_mac(raw).ok_or(Pattern)
            }
        }
        PropType::Ip => canonical_ip(raw).ok_or(Pattern),
        PropType::Dn => {
            if raw.is_empty() {
                return Ok(String::new());
            }
            crate::dn::split_dn(raw)
                .map(|_| raw.to_string())
                .map_err(|_| Pattern)
        }
        PropType::Encap => canonical_encap(raw).ok_or(Pattern),
    }
}

/// `aa-bb-cc-dd-ee-ff`, `aa:bb:...` or `aabb.ccdd.eeff` to `AA:BB:CC:DD:EE:FF`.
pub fn canonical_mac(raw: &str) -> Option<String> {
    let hex: String = raw
        .chars()
        .filter(|c| !matches!(c, ':' | '-' | '.'))
        .collect();
    let seps = raw.len() - hex.len();
    if hex.len() != 12
        || !hex.chars().all(|c| c.is_ascii_hexdigit())
        || !(seps == 0 || seps == 5 || seps == 2)
    {
        return None;
    }
    let up = hex.to_ascii_uppercase();
    Some(
        (0..6)
            .map(|i| &up[i * 2..i * 2 + 2])
            .collect::<Vec<_>>()
            .join(":"),
    )
}

/// An address with an optional prefix length (`10.0.0.1/24`, `2001:db8::1/64`).
pub fn canonical_ip(raw: &str) -> Option<String> {
    let (addr, len) = match raw.split_once('/') {
        Some((a, l)) => (a, Some(l)),
        None => (raw, None),
    };
    let ip: IpAddr = addr.parse().ok()?;
    match len {
        None => Some(ip.to_string()),
        Some(l) => {
            let n: u8 = l.parse().ok()?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            (n <= max).then(|| format!("{ip}/{n}"))
        }
    }
}

fn canonical_encap(raw: &str) -> Option<String> {
    if raw == "unknown" {
        return Some(raw.into());
    }
    let (kind, n) = raw.split_once('-')?;
    let n: u32 = n.parse().ok()?;
    let ok = match kind {
        "vlan" => (1..=4094).contains(&n),
        "vxlan" => (1..=16777215).contains(&n),
        _ => false,
    };
    ok.then(|| format!("{kind}-{n}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::{cfg, PropType};

    fn c(ty: PropType, raw: &str) -> Result<String, ValueError> {
        canonical(&cfg("p", ty, ""), raw)
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(
            c(PropType::Bits(&["a", "b", "c"]), "c, a,b").unwrap(),
            "a,b,c"
        );
        assert_eq!(c(PropType::Bool, "true").unwrap(), "yes");
        assert_eq!(
            c(PropType::Mac, "aa-bb-cc-dd-ee-22").unwrap(),
            "AA:BB:CC:DD:EE:22"
        );
        assert_eq!(
            c(
                PropType::NamedInt {
                    names: &[("http", 80)],
                    min: 0,
                    max: 65535
                },
                "80"
            )
            .unwrap(),
            "http"
        );
        assert_eq!(
            c(
                PropType::NamedInt {
                    names: &[("http", 80)],
                    min: 0,
                    max: 65535
                },
                "8080"
            )
            .unwrap(),
            "8080"
        );
        assert_eq!(
            c(PropType::Int { min: 0, max: 10 }, "11"),
            Err(ValueError::Pattern)
        );
        assert_eq!(c(PropType::Enum(&["x"]), "y"), Err(ValueError::Enum));
        assert_eq!(
            c(PropType::Descr, "This is an [invalid] description"),
            Err(ValueError::Pattern)
        );
        assert_eq!(c(PropType::Ip, "10.0.0.1/33"), Err(ValueError::Pattern));
        assert_eq!(c(PropType::Encap, "vlan-0"), Err(ValueError::Pattern));
    }
}
