//! Typed objects in NDO's JSON shape. Every struct keeps the fields it does not know in
//! `extra`, so a document read and written back loses nothing. Collections that are units
//! of their own (a template's VRFs, an ANP's EPGs, a site entry's objects) are not fields
//! here: the schema tree holds them.

mod external;
mod policy;
mod site_local;
mod template;

pub use external::*;
pub use policy::*;
pub use site_local::*;
pub use template::*;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Unknown fields, kept as given.
pub type Extra = Map<String, Value>;

/// The schema's own fields (its id and `_updateVersion` live on [`crate::Schema`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaHeader {
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Where an object sits, for computing its self reference.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ctx {
    pub schema: String,
    pub template: String,
    pub anp: String,
}

pub(crate) fn yes() -> bool {
    true
}

pub(crate) fn unspecified() -> String {
    "unspecified".to_string()
}

/// Display names default to the object's name.
pub(crate) fn fill_display_name(display: &mut String, name: &str) {
    if display.is_empty() {
        *display = name.to_string();
    }
}
