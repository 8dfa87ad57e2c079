//! multisite-fabric: a data-plane simulator for a multi-site fabric. It
//! takes what every site's controller actually holds (plain managed
//! objects), the physical topology and the run-time state, and traces flows
//! through classification, routing, contracts, policy-based redirect, the
//! inter-site network and the L3Outs. Pure: no I/O, no clock, no randomness.
//!
//! ```
//! use multisite_fabric::{trace, Disposition, Snapshot, State, Topology};
//! // The demo fabric without endpoints and without any site objects: an
//! // outside address has no L3Out to come in through.
//! let mut topology = Topology::demo();
//! topology.endpoints.clear();
//! let snap = Snapshot::build(topology, State::default(), &[]).unwrap();
//! let t = trace(&snap, &"203.0.113.10 -> 10.10.1.12 icmp".parse().unwrap());
//! assert_eq!(t.disposition, Disposition::UnknownSource);
//! ```
//!
//! Entry points: [`Snapshot::build`], [`trace`] (typed hops and steps, shown
//! with `Display` or serialised as JSON), [`trace_disposition`] (the fast
//! path), [`Snapshot::with_state`] (what-if).

pub mod addr;
mod error;
mod flow;
mod forward;
pub mod hash;
pub mod mo;
mod snapshot;
pub mod topology;
mod trace;

pub use error::FabricError;
pub use flow::{Flow, Protocol};
pub use forward::{trace, trace_disposition, Decision, FirewallChoice};
pub use mo::{Mo, SiteObjects};
pub use snapshot::Snapshot;
pub use topology::{State, StateChange, Topology};
pub use trace::{ClassifiedBy, Disposition, DownAction, End, Hop, HopRole, Origin, Step, Trace};
