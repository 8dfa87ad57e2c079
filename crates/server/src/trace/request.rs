//! The trace request as clients send it (`POST {v1}/trace`) and its checking into a
//! fabric flow and a list of what-if changes. Every refusal names the field at fault.
//!
//! ```json
//! {"src": "203.0.113.10", "dst": "10.10.1.12", "protocol": "tcp", "sport": 40000,
//!  "dport": 443, "whatIf": ["l3out site2 uni/tn-Tenant1/out-l3out-site2 down",
//!  {"kind": "destination", "site": "site2", "ip": "192.168.11.2", "health": "down"}]}
//! ```
//!
//! `protocol` is `icmp` (the default), `tcp`, `udp` or a protocol number; `dport` is
//! required with `tcp` and `udp` (`sport` defaults to 0) and refused with the others.
//! A what-if is either the text form `l3out <site> <l3out-dn> up|down` /
//! `destination <site> <ip> up|down`, or the same as an object.

use std::net::Ipv4Addr;

use multisite_fabric::{Flow, Protocol, StateChange};
use serde::Deserialize;
use serde_json::Value;

/// The body of `POST {v1}/trace`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TraceRequest {
    pub src: String,
    pub dst: String,
    #[serde(default)]
    pub protocol: Option<Value>,
    #[serde(default)]
    pub sport: Option<u32>,
    #[serde(default)]
    pub dport: Option<u32>,
    #[serde(default)]
    pub what_if: Vec<WhatIf>,
    /// What if this schema (name or id) were deployed as it is now: its rendered objects
    /// are laid over what the sites hold.
    #[serde(default)]
    pub schema: Option<String>,
}

/// One what-if change: its text form or its object form.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum WhatIf {
    Text(String),
    Change(StateChange),
}

/// A request that cannot be traced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct RequestError {
    pub field: &'static str,
    pub reason: String,
}

fn refuse(field: &'static str, reason: impl Into<String>) -> RequestError {
    RequestError {
        field,
        reason: reason.into(),
    }
}

impl TraceRequest {
    /// The flow to trace.
    pub fn flow(&self) -> Result<Flow, RequestError> {
        let ip = |field: &'static str, text: &str| {
            text.trim()
                .parse::<Ipv4Addr>()
                .map_err(|_| refuse(field, format!("'{text}' is not an IPv4 address")))
        };
        let src_ip = ip("src", &self.src)?;
        let dst_ip = ip("dst", &self.dst)?;
        let protocol = protocol(self.protocol.as_ref())?;
        let port = |field: &'static str, value: Option<u32>| match value {
            None => Ok(None),
            Some(p) => u16::try_from(p)
                .map(Some)
                .map_err(|_| refuse(field, format!("{p} is not a port (0-65535)"))),
        };
        let (sport, dport) = (port("sport", self.sport)?, port("dport", self.dport)?);
        let (sport, dport) = if protocol.has_ports() {
            let dport = dport
                .ok_or_else(|| refuse("dport", format!("required with protocol {protocol}")))?;
            (sport.unwrap_or(0), dport)
        } else {
            if sport.is_some() || dport.is_some() {
                return Err(refuse(
                    "sport/dport",
                    format!("protocol {protocol} has no ports"),
                ));
            }
            (0, 0)
        };
        Ok(Flow {
            src_ip,
            dst_ip,
            protocol,
            sport,
            dport,
        })
    }

    /// The what-if changes, in order.
    pub fn changes(&self) -> Result<Vec<StateChange>, RequestError> {
        self.what_if
            .iter()
            .map(|w| match w {
                WhatIf::Change(c) => Ok(c.clone()),
                WhatIf::Text(t) => t
                    .parse()
                    .map_err(|e: multisite_fabric::FabricError| refuse("whatIf", e.to_string())),
            })
            .collect()
    }
}

fn protocol(value: Option<&Value>) -> Result<Protocol, RequestError> {
    let bad = |shown: &str| {
        refuse(
            "protocol",
            format!("'{shown}' is not icmp, tcp, udp or a protocol number (0-255)"),
        )
    };
    match value {
        None | Some(Value::Null) => Ok(Protocol::Icmp),
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|n| u8::try_from(n).ok())
            .map(Protocol::from_number)
            .ok_or_else(|| bad(&n.to_string())),
        Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "icmp" => Ok(Protocol::Icmp),
            "tcp" => Ok(Protocol::Tcp),
            "udp" => Ok(Protocol::Udp),
            other => other
                .parse::<u8>()
                .map(Protocol::from_number)
                .map_err(|_| bad(s)),
        },
        Some(other) => Err(bad(&other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(body: Value) -> TraceRequest {
        serde_json::from_value(body).unwrap()
    }

    #[test]
    fn requests_become_flows() {
        let cases = [
            (
                serde_json::json!({"src": "1.1.1.1", "dst": "2.2.2.2"}),
                Ok("1.1.1.1 -> 2.2.2.2 icmp"),
            ),
            (
                serde_json::json!({"src": "1.1.1.1", "dst": "2.2.2.2", "protocol": "TCP", "dport": 443}),
                Ok("1.1.1.1:0 -> 2.2.2.2:443 tcp"),
            ),
            (
                serde_json::json!({"src": "1.1.1.1", "dst": "2.2.2.2", "protocol": 47}),
                Ok("1.1.1.1 -> 2.2.2.2 proto-47"),
            ),
            (
                serde_json::json!({"src": "1.1.1", "dst": "2.2.2.2"}),
                Err("src: '1.1.1' is not an IPv4 address"),
            ),
            (
                serde_json::json!({"src": "1.1.1.1", "dst": "2.2.2.2", "protocol": "gre"}),
                Err("protocol: 'gre' is not icmp, tcp, udp or a protocol number (0-255)"),
            ),
            (
                serde_json::json!({"src": "1.1.1.1", "dst": "2.2.2.2", "protocol": "udp"}),
                Err("dport: required with protocol udp"),
            ),
            (
                serde_json::json!({"src": "1.1.1.1", "dst": "2.2.2.2", "dport": 80}),
                Err("sport/dport: protocol icmp has no ports"),
            ),
            (
                serde_json::json!({"src": "1.1.1.1", "dst": "2.2.2.2", "protocol": "tcp", "dport": 70000}),
                Err("dport: 70000 is not a port (0-65535)"),
            ),
        ];
        for (body, want) in cases {
            let got = req(body.clone())
                .flow()
                .map(|f| f.to_string())
                .map_err(|e| e.to_string());
            assert_eq!(
                got,
                want.map(str::to_string).map_err(str::to_string),
                "{body}"
            );
        }
    }

    #[test]
    fn what_ifs_take_text_or_objects() {
        let r = req(
            serde_json::json!({"src": "1.1.1.1", "dst": "2.2.2.2", "whatIf": [
            "l3out site2 uni/tn-T/out-o down",
            {"kind": "destination", "site": "site2", "ip": "192.168.11.2", "health": "down"}]}),
        );
        let shown: Vec<String> = r
            .changes()
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                "l3out site2 uni/tn-T/out-o down",
                "destination site2 192.168.11.2 down"
            ]
        );
        let bad = req(
            serde_json::json!({"src": "1.1.1.1", "dst": "2.2.2.2", "whatIf": ["l3out site2 x sideways"]}),
        );
        assert!(bad
            .changes()
            .unwrap_err()
            .to_string()
            .starts_with("whatIf: "));
    }
}
