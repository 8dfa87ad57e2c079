//! The crate's error type: everything that makes a topology, a state or a
//! set of site objects unusable for tracing.

use thiserror::Error;

/// Why a snapshot could not be built or an input could not be read.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum FabricError {
    /// A prefix that is not `a.b.c.d/len`.
    #[error("invalid prefix `{0}`")]
    BadPrefix(String),
    /// A flow or state change written in text that does not parse.
    #[error("cannot parse `{input}`: {reason}")]
    Parse { input: String, reason: String },
    /// Two sites with the same name or id.
    #[error("site `{0}` is defined twice")]
    DuplicateSite(String),
    /// A reference to a site the topology does not have.
    #[error("unknown site `{0}`")]
    UnknownSite(String),
    /// A node id used twice in one site.
    #[error("node {node} is defined twice in site `{site}`")]
    DuplicateNode { site: String, node: u32 },
    /// A leaf a topology item points at does not exist or has the wrong role.
    #[error("`{what}` refers to leaf {leaf} which site `{site}` does not have")]
    UnknownLeaf {
        site: String,
        leaf: u32,
        what: String,
    },
    /// Two endpoints or service interfaces with the same address.
    #[error("address {0} is used twice")]
    DuplicateAddress(String),
    /// An endpoint whose EPG the site's objects do not hold (or hold only as a shadow).
    #[error(
        "endpoint `{endpoint}` is in EPG `{epg}`, which site `{site}` does not hold as a real EPG"
    )]
    EndpointEpg {
        endpoint: String,
        site: String,
        epg: String,
    },
    /// An endpoint whose EPG has no usable bridge domain or VRF.
    #[error("endpoint `{endpoint}`: EPG `{epg}` in site `{site}` has no bridge domain with a VRF")]
    EndpointNoVrf {
        endpoint: String,
        site: String,
        epg: String,
    },
    /// The site objects carry a site id that differs from the topology's.
    #[error("site `{site}`: objects say site id {objects}, topology says {topology}")]
    SiteIdMismatch {
        site: String,
        objects: u32,
        topology: u32,
    },
    /// A managed object whose attributes cannot be used.
    #[error("site `{site}`: object `{dn}`: {reason}")]
    BadObject {
        site: String,
        dn: String,
        reason: String,
    },
    /// A state change that names nothing in the snapshot.
    #[error("state change refers to {0}, which the snapshot does not have")]
    UnknownStateTarget(String),
}
