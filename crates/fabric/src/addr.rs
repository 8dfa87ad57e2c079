//! IPv4 prefixes and the longest-prefix-match table used for every lookup
//! (BD subnets, external EPG subnets, routes).

use std::collections::HashMap;
use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::FabricError;
use crate::hash::FastHasher;

/// An IPv4 prefix such as `10.10.1.0/24`. A gateway form (`10.10.1.1/24`) is
/// accepted and keeps its address; [`Prefix::network`] gives the masked one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Prefix {
    addr: Ipv4Addr,
    len: u8,
}

impl Prefix {
    /// Builds a prefix; `len` above 32 is refused.
    pub fn new(addr: Ipv4Addr, len: u8) -> Result<Prefix, FabricError> {
        if len > 32 {
            return Err(FabricError::BadPrefix(format!("{addr}/{len}")));
        }
        Ok(Prefix { addr, len })
    }

    /// The address as written (a gateway address for BD subnets).
    pub fn addr(&self) -> Ipv4Addr {
        self.addr
    }

    /// The prefix length.
    pub fn length(&self) -> u8 {
        self.len
    }

    /// The masked network address as a number.
    pub fn network(&self) -> u32 {
        u32::from(self.addr) & mask(self.len)
    }

    /// Whether `ip` falls inside this prefix.
    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        u32::from(ip) & mask(self.len) == self.network()
    }

    /// Whether the two prefixes share at least one address.
    pub fn overlaps(&self, other: &Prefix) -> bool {
        let len = self.len.min(other.len);
        u32::from(self.addr) & mask(len) == u32::from(other.addr) & mask(len)
    }
}

/// The netmask of a prefix length as a number.
pub fn mask(len: u8) -> u32 {
    if len == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(len.min(32)))
    }
}

impl FromStr for Prefix {
    type Err = FabricError;
    fn from_str(s: &str) -> Result<Prefix, FabricError> {
        let bad = || FabricError::BadPrefix(s.to_string());
        let (a, l) = s.trim().split_once('/').ok_or_else(bad)?;
        let addr: Ipv4Addr = a.parse().map_err(|_| bad())?;
        let len: u8 = l.parse().map_err(|_| bad())?;
        Prefix::new(addr, len).map_err(|_| bad())
    }
}

impl TryFrom<String> for Prefix {
    type Error = FabricError;
    fn try_from(s: String) -> Result<Prefix, FabricError> {
        s.parse()
    }
}

impl From<Prefix> for String {
    fn from(p: Prefix) -> String {
        p.to_string()
    }
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.len)
    }
}

/// A longest-prefix-match table: one hash map per prefix length, probed from
/// the longest length present down. A few probes per lookup, whatever the size.
#[derive(Clone, Debug)]
pub struct Lpm<T> {
    lens: Vec<u8>,
    map: HashMap<(u8, u32), (Prefix, T), FastHasher>,
}

impl<T> Default for Lpm<T> {
    fn default() -> Self {
        Lpm {
            lens: Vec::new(),
            map: HashMap::default(),
        }
    }
}

impl<T> Lpm<T> {
    /// Inserts `value` for `prefix` unless an entry for the same network is
    /// already present (the first insertion wins, so callers insert in
    /// preference order).
    pub fn insert(&mut self, prefix: Prefix, value: T) {
        let key = (prefix.length(), prefix.network());
        if self.map.contains_key(&key) {
            return;
        }
        self.map.insert(key, (prefix, value));
        if let Err(pos) = self.lens.binary_search_by(|l| prefix.length().cmp(l)) {
            self.lens.insert(pos, prefix.length());
        }
    }

    /// The entry of the longest prefix containing `ip`.
    pub fn lookup(&self, ip: Ipv4Addr) -> Option<&(Prefix, T)> {
        let n = u32::from(ip);
        self.lens
            .iter()
            .find_map(|&len| self.map.get(&(len, n & mask(len))))
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins() {
        let mut t = Lpm::default();
        t.insert("0.0.0.0/0".parse().unwrap(), "default");
        t.insert("203.0.113.0/24".parse().unwrap(), "ext");
        t.insert("10.10.1.1/24".parse().unwrap(), "bd");
        assert_eq!(t.lookup("203.0.113.10".parse().unwrap()).unwrap().1, "ext");
        assert_eq!(t.lookup("10.10.1.77".parse().unwrap()).unwrap().1, "bd");
        assert_eq!(t.lookup("8.8.8.8".parse().unwrap()).unwrap().1, "default");
        let p = t.lookup("10.10.1.77".parse().unwrap()).unwrap().0;
        assert_eq!(p.to_string(), "10.10.1.1/24");
    }

    #[test]
    fn bad_prefixes_are_refused() {
        for s in ["10.0.0.0", "10.0.0.0/33", "x/8", "10.0.0/8"] {
            assert!(s.parse::<Prefix>().is_err(), "{s}");
        }
        let a: Prefix = "10.1.0.0/16".parse().unwrap();
        assert!(a.overlaps(&"10.1.2.0/24".parse().unwrap()));
        assert!(!a.overlaps(&"10.2.0.0/16".parse().unwrap()));
    }
}
