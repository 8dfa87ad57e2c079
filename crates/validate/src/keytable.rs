//! The table from object keys to object positions. Each stored key is one record in a
//! byte arena (position, interned template, kind, then the parent and name bytes), and
//! the open-addressed slots hold only a hash tag and the record's offset, so the table
//! stays small and a lookup reads one slot and one record, never the document.

use std::hash::{BuildHasher, Hasher};

use crate::fasthash::{FastBuild, FastMap};
use crate::refs::Key;

/// Record header: position, template, parent length, name length (u32 each), kind.
const HEADER: usize = 17;
const TAG: u64 = !0xffff_ffff;

/// Keys to positions `0..len()`, in insertion order.
#[derive(Default)]
pub(crate) struct KeyTable<'a> {
    templates: FastMap<(&'a str, &'a str), u32>,
    arena: Vec<u8>,
    len: usize,
    /// 0 is empty, else the hash's high half and the record offset plus one.
    slots: Vec<u64>,
}

fn hash_of(template: u32, kind: u8, parent: &[u8], name: &[u8]) -> u64 {
    let mut h = FastBuild.build_hasher();
    h.write_u64(
        (u64::from(template) << 32)
            ^ (u64::from(kind) << 24)
            ^ ((parent.len() as u64) << 12)
            ^ name.len() as u64,
    );
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
    template: u32,
    kind: u8,
    parent: &'t [u8],
    name: &'t [u8],
}

impl<'a> KeyTable<'a> {
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.len
    }

    fn record(&self, offset: usize) -> Record<'_> {
        let a = &self.arena;
        let parent_len = word(a, offset + 8) as usize;
        let name_len = word(a, offset + 12) as usize;
        let parent_at = offset + HEADER;
        Record {
            position: word(a, offset),
            template: word(a, offset + 4),
            kind: a[offset + 16],
            parent: &a[parent_at..parent_at + parent_len],
            name: &a[parent_at + parent_len..parent_at + parent_len + name_len],
        }
    }

    /// Makes room for `more` keys without growing on the way.
    pub fn reserve(&mut self, more: usize) {
        let want = (self.len + more).saturating_mul(2).next_power_of_two();
        if want > self.slots.len() {
            self.rehash(want.max(16));
        }
    }

    fn rehash(&mut self, size: usize) {
        let mut slots = vec![0; size];
        let mask = size - 1;
        for &slot in self.slots.iter().filter(|s| **s != 0) {
            let offset = (slot & !TAG) as usize - 1;
            let r = self.record(offset);
            let hash = hash_of(r.template, r.kind, r.parent, r.name);
            let mut i = hash as usize & mask;
            while slots[i] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = slot;
        }
        self.slots = slots;
    }

    /// The slot of `key`: `Ok(position)` when present, else `Err(free slot index)`.
    fn probe(&self, template: u32, key: &Key<'_>, hash: u64) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return Err(i);
            }
            if slot & TAG == hash & TAG {
                let r = self.record((slot & !TAG) as usize - 1);
                if r.template == template
                    && r.kind == key.kind as u8
                    && r.name == key.name.as_bytes()
                    && r.parent == key.parent.as_bytes()
                {
                    return Ok(r.position);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// The position of `key`.
    pub fn get(&self, key: &Key<'_>) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let template = *self.templates.get(&(key.schema, key.template))?;
        let hash = hash_of(
            template,
            key.kind as u8,
            key.parent.as_bytes(),
            key.name.as_bytes(),
        );
        self.probe(template, key, hash).ok()
    }

    /// Adds `key` at the next position; `false` (and nothing added) when it is taken.
    pub fn insert(&mut self, key: &Key<'a>) -> bool {
        if (self.len + 1) * 2 > self.slots.len() {
            self.rehash((self.slots.len() * 2).max(16));
        }
        let next = self.templates.len() as u32;
        let template = *self
            .templates
            .entry((key.schema, key.template))
            .or_insert(next);
        let (parent, name) = (key.parent.as_bytes(), key.name.as_bytes());
        let hash = hash_of(template, key.kind as u8, parent, name);
        let Err(free) = self.probe(template, key, hash) else {
            return false;
        };
        let offset = self.arena.len();
        for w in [
            self.len as u32,
            template,
            parent.len() as u32,
            name.len() as u32,
        ] {
            self.arena.extend_from_slice(&w.to_le_bytes());
        }
        self.arena.push(key.kind as u8);
        self.arena.extend_from_slice(parent);
        self.arena.extend_from_slice(name);
        self.slots[free] = (hash & TAG) | (offset as u64 + 1);
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
