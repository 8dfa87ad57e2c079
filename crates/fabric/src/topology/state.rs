//! Run-time state the sites' objects do not hold: whether each L3Out is up
//! and how IP SLA sees each PBR destination; and the what-if changes to it.

use std::collections::BTreeMap;
use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::FabricError;

/// Up or down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Health {
    /// Working.
    Up,
    /// Failed.
    Down,
}

impl Health {
    fn parse(s: &str) -> Option<Health> {
        match s {
            "up" => Some(Health::Up),
            "down" => Some(Health::Down),
            _ => None,
        }
    }
}

/// The state; anything not listed is up.
///
/// File format: `{"l3outs": {"site2": {"uni/tn-T/out-o": "down"}},
/// "destinations": {"site2": {"192.168.11.2": "down"}}}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Per site, per L3Out DN.
    #[serde(default)]
    pub l3outs: BTreeMap<String, BTreeMap<String, Health>>,
    /// Per site, per PBR destination address, as IP SLA reports it.
    #[serde(default)]
    pub destinations: BTreeMap<String, BTreeMap<Ipv4Addr, Health>>,
}

impl State {
    /// Whether an L3Out of a site is up.
    pub fn l3out_up(&self, site: &str, dn: &str) -> bool {
        self.l3outs.get(site).and_then(|m| m.get(dn)) != Some(&Health::Down)
    }

    /// Whether a PBR destination of a site is up.
    pub fn destination_up(&self, site: &str, ip: Ipv4Addr) -> bool {
        self.destinations.get(site).and_then(|m| m.get(&ip)) != Some(&Health::Down)
    }

    /// Applies one change.
    pub fn apply(&mut self, change: &StateChange) {
        match change {
            StateChange::L3Out { site, dn, health } => {
                self.l3outs
                    .entry(site.clone())
                    .or_default()
                    .insert(dn.clone(), *health);
            }
            StateChange::Destination { site, ip, health } => {
                self.destinations
                    .entry(site.clone())
                    .or_default()
                    .insert(*ip, *health);
            }
        }
    }
}

/// A what-if change.
///
/// Text form: `l3out <site> <l3out-dn> up|down` or
/// `destination <site> <ip> up|down`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum StateChange {
    /// An L3Out of a site goes up or down.
    L3Out {
        site: String,
        dn: String,
        health: Health,
    },
    /// A PBR destination of a site goes up or down.
    Destination {
        site: String,
        ip: Ipv4Addr,
        health: Health,
    },
}

impl FromStr for StateChange {
    type Err = FabricError;
    fn from_str(s: &str) -> Result<StateChange, FabricError> {
        let err = |reason: &str| FabricError::Parse {
            input: s.to_string(),
            reason: reason.to_string(),
        };
        let words: Vec<&str> = s.split_whitespace().collect();
        let [kind, site, target, health] = words[..] else {
            return Err(err(
                "expected `<l3out|destination> <site> <target> <up|down>`",
            ));
        };
        let health = Health::parse(health).ok_or_else(|| err("health must be `up` or `down`"))?;
        let site = site.to_string();
        match kind {
            "l3out" => Ok(StateChange::L3Out {
                site,
                dn: target.to_string(),
                health,
            }),
            "destination" => Ok(StateChange::Destination {
                site,
                ip: target.parse().map_err(|_| err("bad IPv4 address"))?,
                health,
            }),
            _ => Err(err("kind must be `l3out` or `destination`")),
        }
    }
}

impl fmt::Display for StateChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = |h: &Health| match h {
            Health::Up => "up",
            Health::Down => "down",
        };
        match self {
            StateChange::L3Out { site, dn, health } => write!(f, "l3out {site} {dn} {}", h(health)),
            StateChange::Destination { site, ip, health } => {
                write!(f, "destination {site} {ip} {}", h(health))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_round_trip_through_text_and_json() {
        let c: StateChange = "destination site2 192.168.11.2 down".parse().unwrap();
        assert_eq!(c.to_string(), "destination site2 192.168.11.2 down");
        let mut s = State::default();
        s.apply(&c);
        assert!(!s.destination_up("site2", "192.168.11.2".parse().unwrap()));
        assert!(s.destination_up("site1", "192.168.11.2".parse().unwrap()));
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"{"l3outs":{},"destinations":{"site2":{"192.168.11.2":"down"}}}"#
        );
        assert_eq!(serde_json::from_str::<State>(&json).unwrap(), s);
        assert!("l3out site2 x sideways".parse::<StateChange>().is_err());
        assert!("destination site2 nope down"
            .parse::<StateChange>()
            .is_err());
    }
}
