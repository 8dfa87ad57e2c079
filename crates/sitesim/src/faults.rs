//! Fault injection, a named knob of the emulator: a site that is down (503), slow
//! (added latency), flaky (a share of requests answered 500), or failing the next N requests.

use serde::{Deserialize, Serialize};

/// The current fault settings of a site.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Faults {
    /// Every APIC request is answered 503.
    pub down: bool,
    /// Added to every APIC request before it is answered.
    pub latency_ms: u64,
    /// Share of APIC requests answered with a 500 envelope, 0.0 to 1.0.
    pub error_rate: f64,
    /// The next this many APIC requests are answered with a 500 envelope.
    pub fail_next: u64,
}

/// A partial update of [`Faults`]: absent fields keep their value.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultsUpdate {
    pub down: Option<bool>,
    pub latency_ms: Option<u64>,
    pub error_rate: Option<f64>,
    pub fail_next: Option<u64>,
}

/// What to do with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Injected {
    /// Serve it normally.
    Pass,
    /// Answer 503: the site is down.
    Down,
    /// Answer 500 with an APIC error envelope.
    Error,
}

impl Faults {
    /// Apply an update; refuses an error rate outside 0..=1 and changes nothing then.
    pub fn apply(&mut self, update: FaultsUpdate) -> Result<(), String> {
        if let Some(rate) = update.error_rate {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!(
                    "error_rate must be between 0.0 and 1.0, got {rate}"
                ));
            }
        }
        if let Some(down) = update.down {
            self.down = down;
        }
        if let Some(latency) = update.latency_ms {
            self.latency_ms = latency;
        }
        if let Some(rate) = update.error_rate {
            self.error_rate = rate;
        }
        if let Some(n) = update.fail_next {
            self.fail_next = n;
        }
        Ok(())
    }

    /// Decide the fate of one request; `roll` is a uniform random number in `[0, 1)`.
    pub fn decide(&mut self, roll: f64) -> Injected {
        if self.down {
            return Injected::Down;
        }
        if self.fail_next > 0 {
            self.fail_next -= 1;
            return Injected::Error;
        }
        if roll < self.error_rate {
            return Injected::Error;
        }
        Injected::Pass
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_next_counts_down_then_passes() {
        let mut f = Faults::default();
        f.apply(FaultsUpdate {
            fail_next: Some(2),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(f.decide(0.9), Injected::Error);
        assert_eq!(f.decide(0.9), Injected::Error);
        assert_eq!(f.decide(0.9), Injected::Pass);
    }

    #[test]
    fn down_wins_and_error_rate_uses_the_roll() {
        let mut f = Faults {
            error_rate: 0.5,
            ..Default::default()
        };
        assert_eq!(f.decide(0.49), Injected::Error);
        assert_eq!(f.decide(0.5), Injected::Pass);
        f.apply(FaultsUpdate {
            down: Some(true),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(f.decide(0.99), Injected::Down);
    }

    #[test]
    fn bad_error_rate_is_refused_without_partial_change() {
        let mut f = Faults::default();
        let err = f.apply(FaultsUpdate {
            down: Some(true),
            error_rate: Some(1.5),
            ..Default::default()
        });
        assert!(err.is_err());
        assert_eq!(f, Faults::default());
    }
}
