//! Snapshot and restore of a whole store as JSON: the site identity, the allocator
//! state and every object, so an emulated site survives a restart unchanged.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::error::ApicError;
use crate::meta;
use crate::resolve::resolve_dn;
use crate::store::{Allocator, Mo, Store};
use crate::SiteIdentity;

const FORMAT: u64 = 1;

pub fn snapshot(store: &Store) -> Value {
    let objects: Vec<Value> = store
        .objects
        .iter()
        .map(|(dn, mo)| json!({"class": mo.class, "dn": dn, "attrs": mo.attrs}))
        .collect();
    json!({
        "format": FORMAT,
        "identity": {"name": store.identity.name, "siteId": store.identity.site_id, "version": store.identity.version},
        "alloc": {
            "nextPcTag": store.alloc.next_pctag,
            "nextBdVnid": store.alloc.next_bd_vnid,
            "nextVrfVnid": store.alloc.next_vrf_vnid,
            "clock": store.alloc.clock,
        },
        "objects": objects,
    })
}

fn bad(what: &str) -> ApicError {
    ApicError::new(400, "400", format!("invalid snapshot: {what}"))
}

fn num(v: &Value, key: &str) -> Result<u64, ApicError> {
    v.get(key)
        .and_then(Value::as_u64)
        .ok_or_else(|| bad(&format!("missing number {key}")))
}

fn text<'a>(v: &'a Value, key: &str) -> Result<&'a str, ApicError> {
    v.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| bad(&format!("missing string {key}")))
}

pub fn restore(snap: &Value) -> Result<Store, ApicError> {
    if num(snap, "format")? != FORMAT {
        return Err(bad("unsupported format"));
    }
    let id = snap
        .get("identity")
        .ok_or_else(|| bad("missing identity"))?;
    let identity = SiteIdentity {
        name: text(id, "name")?.to_string(),
        site_id: u32::try_from(num(id, "siteId")?).map_err(|_| bad("siteId"))?,
        version: text(id, "version")?.to_string(),
    };
    let a = snap.get("alloc").ok_or_else(|| bad("missing alloc"))?;
    let mut store = Store::new(identity);
    store.alloc = Allocator {
        next_pctag: u32::try_from(num(a, "nextPcTag")?).map_err(|_| bad("nextPcTag"))?,
        next_bd_vnid: num(a, "nextBdVnid")?,
        next_vrf_vnid: num(a, "nextVrfVnid")?,
        clock: num(a, "clock")?,
    };
    let objects = snap
        .get("objects")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("missing objects"))?;
    for o in objects {
        let class = text(o, "class")?;
        let info = meta::class(class).ok_or_else(|| ApicError::unknown_class(class))?;
        let dn = resolve_dn(text(o, "dn")?)?.dn();
        let attrs: BTreeMap<String, String> = o
            .get("attrs")
            .and_then(Value::as_object)
            .ok_or_else(|| bad("missing attrs"))?
            .iter()
            .map(|(k, v)| {
                v.as_str()
                    .map(|s| (k.clone(), s.to_string()))
                    .ok_or_else(|| bad("attribute values must be strings"))
            })
            .collect::<Result<_, _>>()?;
        store.insert(
            dn,
            Mo {
                class: info.name(),
                attrs,
            },
        );
    }
    store.resolve_all_relations();
    Ok(store)
}
