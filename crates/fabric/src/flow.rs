//! The flow a trace follows: a 5-tuple, with a short text form
//! (`10.10.1.12:40000 -> 203.0.113.10:443 tcp`, `10.10.1.12 -> 203.0.113.10 icmp`).

use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::FabricError;

/// The IP protocol of a flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// ICMP (1).
    Icmp,
    /// TCP (6).
    Tcp,
    /// UDP (17).
    Udp,
    /// Any other protocol number.
    Number(u8),
}

impl Protocol {
    /// The IP protocol number.
    pub fn number(&self) -> u8 {
        match self {
            Protocol::Icmp => 1,
            Protocol::Tcp => 6,
            Protocol::Udp => 17,
            Protocol::Number(n) => *n,
        }
    }

    /// Whether the protocol carries ports.
    pub fn has_ports(&self) -> bool {
        matches!(self.number(), 6 | 17)
    }

    /// The protocol for a number.
    pub fn from_number(n: u8) -> Protocol {
        match n {
            1 => Protocol::Icmp,
            6 => Protocol::Tcp,
            17 => Protocol::Udp,
            n => Protocol::Number(n),
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Protocol::Icmp => f.write_str("icmp"),
            Protocol::Tcp => f.write_str("tcp"),
            Protocol::Udp => f.write_str("udp"),
            Protocol::Number(n) => write!(f, "proto-{n}"),
        }
    }
}

/// A unidirectional flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Flow {
    /// Source address.
    pub src_ip: Ipv4Addr,
    /// Destination address.
    pub dst_ip: Ipv4Addr,
    /// Protocol.
    pub protocol: Protocol,
    /// Source port (0 when the protocol has none).
    pub sport: u16,
    /// Destination port (0 when the protocol has none).
    pub dport: u16,
}

impl Flow {
    /// The same connection seen in the other direction.
    pub fn reverse(&self) -> Flow {
        Flow {
            src_ip: self.dst_ip,
            dst_ip: self.src_ip,
            protocol: self.protocol,
            sport: self.dport,
            dport: self.sport,
        }
    }
}

impl FromStr for Flow {
    type Err = FabricError;
    fn from_str(s: &str) -> Result<Flow, FabricError> {
        let err = |reason: &str| FabricError::Parse {
            input: s.to_string(),
            reason: reason.to_string(),
        };
        let words: Vec<&str> = s.split_whitespace().collect();
        let [src, "->", dst, proto] = words[..] else {
            return Err(err(
                "expected `<src>[:port] -> <dst>[:port] <icmp|tcp|udp|proto-N>`",
            ));
        };
        let end = |w: &str| -> Result<(Ipv4Addr, u16), FabricError> {
            let (ip, port) = match w.split_once(':') {
                Some((ip, port)) => (ip, port.parse().map_err(|_| err("bad port"))?),
                None => (w, 0),
            };
            Ok((ip.parse().map_err(|_| err("bad IPv4 address"))?, port))
        };
        let (src_ip, sport) = end(src)?;
        let (dst_ip, dport) = end(dst)?;
        let protocol = match proto {
            "icmp" => Protocol::Icmp,
            "tcp" => Protocol::Tcp,
            "udp" => Protocol::Udp,
            other => {
                let n = other.strip_prefix("proto-").unwrap_or(other);
                Protocol::from_number(n.parse().map_err(|_| err("bad protocol"))?)
            }
        };
        Ok(Flow {
            src_ip,
            dst_ip,
            protocol,
            sport,
            dport,
        })
    }
}

impl fmt::Display for Flow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.protocol.has_ports() {
            write!(
                f,
                "{}:{} -> {}:{} {}",
                self.src_ip, self.sport, self.dst_ip, self.dport, self.protocol
            )
        } else {
            write!(f, "{} -> {} {}", self.src_ip, self.dst_ip, self.protocol)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_parse_and_print() {
        for text in [
            "10.10.1.12 -> 203.0.113.10 icmp",
            "10.10.1.12:40000 -> 203.0.113.10:443 tcp",
            "10.10.1.12 -> 203.0.113.10 proto-47",
        ] {
            let f: Flow = text.parse().unwrap();
            assert_eq!(f.to_string(), text);
        }
        let f: Flow = "1.1.1.1:1 -> 2.2.2.2:2 udp".parse().unwrap();
        assert_eq!(f.reverse().to_string(), "2.2.2.2:2 -> 1.1.1.1:1 udp");
        assert!("1.1.1.1 2.2.2.2 icmp".parse::<Flow>().is_err());
        assert!("1.1.1.1 -> 2.2.2.2 gre".parse::<Flow>().is_err());
    }
}
