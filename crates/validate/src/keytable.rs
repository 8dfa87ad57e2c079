//! The table from object keys to object positions. Each stored key is one record in a
//! byte arena (position, interned template, kind, then the parent and name bytes), and
//! each template's open-addressed slots hold only a hash tag and the record's offset, so
//! the table stays small and a lookup reads one slot and one record, never the document.

use std::hash::{BuildHasher, Hasher};

use crate::fasthash::{FastBuild, FastMap};
use crate::refs::Key;

/// Record header: position, template, parent length, name length (u32 each), kind.
const HEADER: usize = 17;
const TAG: u64 = !0xffff_ffff;

/// Keys to positions `0..len()`, in insertion order.
///
/// Each template has its own slot table: a check working through one template looks
/// up keys in a table the size of that template, not of every schema, so lookups stay
/// in cache however many templates the schemas hold.
#[derive(Default)]
pub(crate) struct KeyTable<'a> {
    templates: FastMap<(&'a str, &'a str), u32>,
    /// The slot table of each template, by interned template.
    tables: Vec<Slots>,
    arena: Vec<u8>,
    len: usize,
}

/// One template's open-addressed slots: 0 is empty, else the hash's high half and the
/// record offset plus one.
#[derive(Default)]
struct Slots {
    slots: Vec<u64>,
    len: usize,
}

fn hash_of(kind: u8, parent: &[u8], name: &[u8]) -> u64 {
    let mut h = FastBuild.build_hasher();
    h.write_u64((u64::from(kind) << 24) ^ ((parent.len() as u64) << 12) ^ name.len() as u64);
    h.write(parent);
    h.write(name);
    h.finish()
}

fn word(bytes: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(w)
}

/// One stored key, read back from the arena.
struct Record<'t> {
    position: u32,
    kind: u8,
    parent: &'t [u8],
    name: &'t [u8],
}

fn record(arena: &[u8], offset: usize) -> Record<'_> {
    let parent_len = word(arena, offset + 8) as usize;
    let name_len = word(arena, offset + 12) as usize;
    let parent_at = offset + HEADER;
    Record {
        position: word(arena, offset),
        kind: arena[offset + 16],
        parent: &arena[parent_at..parent_at + parent_len],
        name: &arena[parent_at + parent_len..parent_at + parent_len + name_len],
    }
}

impl Slots {
    fn rehash(&mut self, arena: &[u8], size: usize) {
        let mut slots = vec![0; size];
        let mask = size - 1;
        for &slot in self.slots.iter().filter(|s| **s != 0) {
            let r = record(arena, (slot & !TAG) as usize - 1);
            let hash = hash_of(r.kind, r.parent, r.name);
            let mut i = hash as usize & mask;
            while slots[i] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = slot;
        }
        self.slots = slots;
    }

    /// The slot of `key`: `Ok(position)` when present, else `Err(free slot index)`.
    fn probe(&self, arena: &[u8], key: &Key<'_>, hash: u64) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return Err(i);
            }
            if slot & TAG == hash & TAG {
                let r = record(arena, (slot & !TAG) as usize - 1);
                if r.kind == key.kind as u8
                    && r.name == key.name.as_bytes()
                    && r.parent == key.parent.as_bytes()
                {
                    return Ok(r.position);
                }
            }
            i = (i + 1) & mask;
        }
    }
}

impl<'a> KeyTable<'a> {
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.len
    }

    fn template(&mut self, schema: &'a str, template: &'a str) -> usize {
        let next = self.templates.len() as u32;
        let id = *self.templates.entry((schema, template)).or_insert(next);
        if id == next {
            self.tables.push(Slots::default());
        }
        id as usize
    }

    /// Makes room for `more` keys of one template without growing on the way.
    pub fn reserve(&mut self, schema: &'a str, template: &'a str, more: usize) {
        let t = self.template(schema, template);
        let table = &mut self.tables[t];
        let want = (table.len + more).saturating_mul(2).next_power_of_two();
        if want > table.slots.len() {
            table.rehash(&self.arena, want.max(16));
        }
    }

    /// The position of `key`.
    pub fn get(&self, key: &Key<'_>) -> Option<u32> {
        let template = *self.templates.get(&(key.schema, key.template))?;
        let table = &self.tables[template as usize];
        if table.slots.is_empty() {
            return None;
        }
        let hash = hash_of(key.kind as u8, key.parent.as_bytes(), key.name.as_bytes());
        table.probe(&self.arena, key, hash).ok()
    }

    /// Adds `key` at the next position; `false` (and nothing added) when it is taken.
    pub fn insert(&mut self, key: &Key<'a>) -> bool {
        let template = self.template(key.schema, key.template);
        let table = &mut self.tables[template];
        if (table.len + 1) * 2 > table.slots.len() {
            let size = (table.slots.len() * 2).max(16);
            table.rehash(&self.arena, size);
        }
        let (parent, name) = (key.parent.as_bytes(), key.name.as_bytes());
        let hash = hash_of(key.kind as u8, parent, name);
        let Err(free) = table.probe(&self.arena, key, hash) else {
            return false;
        };
        let offset = self.arena.len();
        for w in [
            self.len as u32,
            template as u32,
            parent.len() as u32,
            name.len() as u32,
        ] {
            self.arena.extend_from_slice(&w.to_le_bytes());
        }
        self.arena.push(key.kind as u8);
        self.arena.extend_from_slice(parent);
        self.arena.extend_from_slice(name);
        table.slots[free] = (hash & TAG) | (offset as u64 + 1);
        table.len += 1;
        self.len += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::KeyTable;
    use crate::refs::{Key, Kind};

    #[test]
    fn positions_in_insertion_order_and_duplicates_refused() {
        let names: Vec<String> = (0..5_000).map(|i| format!("bd{i}")).collect();
        let mut table = KeyTable::default();
        for name in &names {
            assert!(table.insert(&Key::new("s1", "t1", Kind::Bd, name)));
        }
        assert!(!table.insert(&Key::new("s1", "t1", Kind::Bd, "bd42")));
        assert!(table.insert(&Key::new("s1", "t1", Kind::Vrf, "bd42")));
        let anp = Key::new("s1", "t2", Kind::Anp, "ap");
        assert!(table.insert(&anp.child(Kind::Epg, "web")));
        assert_eq!(table.len(), 5_002);
        assert_eq!(table.get(&Key::new("s1", "t1", Kind::Bd, "bd42")), Some(42));
        assert_eq!(
            table.get(&Key::new("s1", "t1", Kind::Vrf, "bd42")),
            Some(5_000)
        );
        assert_eq!(table.get(&anp.child(Kind::Epg, "web")), Some(5_001));
        for missing in [
            Key::new("s1", "t1", Kind::Bd, "bd5000"),
            Key::new("s2", "t1", Kind::Bd, "bd1"),
            Key::new("s1", "t2", Kind::Epg, "web"),
            Key::new("s1", "t3", Kind::Bd, "bd1"),
        ] {
            assert_eq!(table.get(&missing), None, "{missing:?}");
        }
    }
}
