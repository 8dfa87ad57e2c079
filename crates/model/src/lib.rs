//! The orchestrator's policy model: tenants, sites, and schemas with their templates,
//! template objects and site-local overlays, in NDO's JSON shape. Pure: no I/O, no clock.
//!
//! A [`Schema`] is a header plus a tree of *units* (one per template header, template
//! object, ANP header, EPG, site entry header and site-local object). Client documents
//! and JSON Patches are applied unit by unit ([`Schema::apply_patch`]), so the cost of a
//! write follows the size of the change, and every write leaves the document normalised:
//! refs as strings, defaults back-filled, self refs recomputed, site twins present.

#![forbid(unsafe_code)]

mod cidr;
mod enums;
mod error;
mod ids;
mod integrity;
pub mod objects;
mod patch;
mod pointer;
mod refs;
mod schema;
mod site;
mod tenant;
mod tree;
mod twins;
mod tx;
mod views;

pub use cidr::{Cidr, CidrError};
pub use enums::*;
pub use error::{ErrorKind, ModelError};
pub use ids::{SchemaId, SiteId, TemplateName, TenantId};
pub use integrity::{AnyExternalRefs, ExternalRefs, NoExternalRefs};
pub use objects::template_id_for;
pub use pointer::{parse_ops, split_path, Op, OpKind};
pub use refs::{Ref, RefError, RefKind, RefTarget};
pub use schema::{key_segment, Schema, Unit};
pub use site::{Location, Pod, Site, MASKED_PASSWORD};
pub use tenant::{SiteAssociation, Tenant, UserAssociation};
pub use tx::PatchOutcome;
pub use views::{AnpView, Found, SiteAnpView, SiteEntryView, TemplateView};
