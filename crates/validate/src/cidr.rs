//! IPv4 prefixes for TEP pools, as inclusive address ranges.

use std::net::Ipv4Addr;

/// An IPv4 prefix such as `10.1.0.0/16`; host bits are ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Cidr {
    pub first: u32,
    pub last: u32,
}

impl Cidr {
    pub fn parse(s: &str) -> Option<Cidr> {
        let (addr, len) = s.trim().split_once('/')?;
        let addr: Ipv4Addr = addr.parse().ok()?;
        let len: u32 = len.parse().ok()?;
        if len > 32 {
            return None;
        }
        let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
        let first = u32::from(addr) & mask;
        Some(Cidr {
            first,
            last: first | !mask,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Cidr;

    #[test]
    fn parse_as_ranges() {
        let range = |s: &str| Cidr::parse(s).map(|c| (c.first, c.last));
        assert_eq!(range("10.1.0.0/16"), Some((0x0a01_0000, 0x0a01_ffff)));
        assert_eq!(range("10.1.2.3/24"), Some((0x0a01_0200, 0x0a01_02ff)));
        assert_eq!(range("10.1.2.3/32"), Some((0x0a01_0203, 0x0a01_0203)));
        assert_eq!(
            Cidr::parse("0.0.0.0/0").map(|c| (c.first, c.last)),
            Some((0, u32::MAX))
        );
        for bad in ["10.1.0.0", "10.1.0.0/33", "10.1.0/16", "x/8"] {
            assert_eq!(Cidr::parse(bad), None, "{bad}");
        }
    }
}
