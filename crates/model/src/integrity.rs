//! Reference integrity on write: every ref in a written unit must point at an existing
//! object of the right kind, in this schema or (through [`ExternalRefs`]) in another.

use crate::error::ModelError;
use crate::refs::{collect_refs, Ref, RefKind};
use crate::schema::{Schema, Unit};
use crate::tree::Node;

/// Answers whether a reference into another schema exists (the server implements it).
pub trait ExternalRefs {
    fn exists(&self, r: &Ref) -> bool;
}

/// No other schema exists: every cross-schema reference is refused.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoExternalRefs;

impl ExternalRefs for NoExternalRefs {
    fn exists(&self, _r: &Ref) -> bool {
        false
    }
}

/// Every cross-schema reference is accepted.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnyExternalRefs;

impl ExternalRefs for AnyExternalRefs {
    fn exists(&self, _r: &Ref) -> bool {
        true
    }
}

impl Schema {
    /// Check the references of the written units.
    pub(crate) fn check_units(
        &self,
        units: &[Unit],
        ext: &dyn ExternalRefs,
    ) -> Result<(), ModelError> {
        for u in units {
            self.check_value(&format!("/{}", u.key), &u.body, ext)?;
        }
        Ok(())
    }

    /// Check the references of every unit (a whole document was written).
    pub(crate) fn check_all_refs(&self, ext: &dyn ExternalRefs) -> Result<(), ModelError> {
        fn walk(s: &Schema, n: &Node, key: &str, ext: &dyn ExternalRefs) -> Result<(), ModelError> {
            for ((coll, _), kids) in n.kind().colls().iter().zip(&n.kids) {
                for k in kids {
                    let mut ck = key.to_string();
                    crate::schema::push_key(&mut ck, coll, &k.body.key_seg());
                    s.check_value(&format!("/{ck}"), &k.body.to_value(), ext)?;
                    walk(s, k, &ck, ext)?;
                }
            }
            Ok(())
        }
        walk(self, &self.root, "", ext)
    }

    fn check_value(
        &self,
        path: &str,
        body: &serde_json::Value,
        ext: &dyn ExternalRefs,
    ) -> Result<(), ModelError> {
        let mut refs = Vec::new();
        collect_refs(body, &mut refs);
        for (key, r) in refs {
            if let Some(kind) = RefKind::for_key(&key) {
                if kind != r.kind() {
                    return Err(ModelError::bad(
                        path,
                        format!("{key} must reference a {}, not '{r}'", kind.label()),
                    ));
                }
            }
            let ok = if r.schema == self.id.as_str() {
                self.find(&r).is_some()
            } else {
                ext.exists(&r)
            };
            if !ok {
                return Err(ModelError::bad(path, format!("{key} '{r}' does not exist")));
            }
        }
        Ok(())
    }
}
