//! The write primitives of a patch and their undo log. Every change to the tree goes
//! through `set_body`, `insert`, `remove`, `replace` or `set_coll`; each records its
//! inverse and the state of the units it touches before the patch, so a failed patch (or
//! a refused store commit) is undone exactly and the outcome lists only changed units.

use crate::schema::{push_key, Schema, Unit};
use crate::tree::{Body, Node};
use serde_json::Value;
use std::collections::BTreeMap;

/// The inverse of one primitive change.
#[derive(Debug, Clone)]
pub(crate) enum Undo {
    SetBody {
        path: Vec<(usize, usize)>,
        old: Box<Body>,
    },
    Insert {
        parent: Vec<(usize, usize)>,
        c: usize,
        idx: usize,
    },
    Remove {
        parent: Vec<(usize, usize)>,
        c: usize,
        idx: usize,
        node: Node,
    },
    Replace {
        parent: Vec<(usize, usize)>,
        c: usize,
        idx: usize,
        old: Node,
    },
    SetColl {
        parent: Vec<(usize, usize)>,
        c: usize,
        old: Vec<Node>,
    },
}

/// What a patch changed so far.
#[derive(Debug, Default)]
pub(crate) struct Tx {
    record: bool,
    pub undo: Vec<Undo>,
    /// Each touched unit key and its stored state before the patch.
    pub before: BTreeMap<String, Option<(i64, Value)>>,
    pub header_before: Option<Value>,
}

impl Tx {
    pub fn recording() -> Tx {
        Tx {
            record: true,
            ..Tx::default()
        }
    }

    /// A transaction that keeps no log (building a schema from scratch).
    pub fn silent() -> Tx {
        Tx::default()
    }
}

/// The result of a successful patch, with what the store must write.
#[derive(Debug, Clone)]
pub struct PatchOutcome {
    /// Whether the stored document differs after normalisation.
    pub modified: bool,
    /// The new header, if it changed.
    pub header: Option<Value>,
    /// Units to insert or overwrite.
    pub upserts: Vec<Unit>,
    /// Keys of units to delete.
    pub deletes: Vec<String>,
    pub(crate) undo: Vec<Undo>,
}

fn touch_old(tx: &mut Tx, key: &str, node: &Node, deep: bool) {
    if !tx.record {
        return;
    }
    tx.before
        .entry(key.to_string())
        .or_insert_with(|| Some((node.ord, node.body.to_value())));
    if deep {
        for ((coll, _), kids) in node.kind().colls().iter().zip(&node.kids) {
            for k in kids {
                let mut ck = key.to_string();
                push_key(&mut ck, coll, &k.body.key_seg());
                touch_old(tx, &ck, k, true);
            }
        }
    }
}

fn touch_new(tx: &mut Tx, key: &str, node: &Node, deep: bool) {
    if !tx.record {
        return;
    }
    tx.before.entry(key.to_string()).or_insert(None);
    if deep {
        for ((coll, _), kids) in node.kind().colls().iter().zip(&node.kids) {
            for k in kids {
                let mut ck = key.to_string();
                push_key(&mut ck, coll, &k.body.key_seg());
                touch_new(tx, &ck, k, true);
            }
        }
    }
}

impl Schema {
    fn child_key(&self, parent: &[(usize, usize)], c: usize, node: &Node) -> String {
        let mut key = self.key_of(parent);
        let coll = self.node(parent).kind().colls()[c].0;
        push_key(&mut key, coll, &node.body.key_seg());
        key
    }

    /// Replace the body of the node at `path` (its children stay).
    pub(crate) fn set_body(&mut self, tx: &mut Tx, path: &[(usize, usize)], body: Body) {
        if path.is_empty() {
            if tx.record && tx.header_before.is_none() {
                tx.header_before = Some(self.root.body.to_value());
            }
        } else {
            let deep = self.node(path).body.key_seg() != body.key_seg();
            let key = self.key_of(path);
            touch_old(tx, &key, self.node(path), deep);
        }
        let old = self.node_mut(path).set_body(Box::new(body));
        if !path.is_empty() {
            let deep = old.key_seg() != self.node(path).body.key_seg();
            let key = self.key_of(path);
            touch_new(tx, &key, self.node(path), deep);
        }
        if tx.record {
            tx.undo.push(Undo::SetBody {
                path: path.to_vec(),
                old,
            });
        }
    }

    /// Insert `node` at `idx` of collection `c` of the node at `parent`.
    pub(crate) fn insert(
        &mut self,
        tx: &mut Tx,
        parent: &[(usize, usize)],
        c: usize,
        idx: usize,
        node: Node,
    ) {
        let key = self.child_key(parent, c, &node);
        touch_new(tx, &key, &node, true);
        self.node_mut(parent).kids[c].insert(idx, node);
        if tx.record {
            tx.undo.push(Undo::Insert {
                parent: parent.to_vec(),
                c,
                idx,
            });
        }
    }

    /// Remove element `idx` of collection `c` of the node at `parent`; returns its identity.
    pub(crate) fn remove(
        &mut self,
        tx: &mut Tx,
        parent: &[(usize, usize)],
        c: usize,
        idx: usize,
    ) -> String {
        let key = self.child_key(parent, c, &self.node(parent).kids[c][idx]);
        touch_old(tx, &key, &self.node(parent).kids[c][idx], true);
        let node = self.node_mut(parent).kids[c].remove(idx);
        let ident = node.body.ident();
        if tx.record {
            tx.undo.push(Undo::Remove {
                parent: parent.to_vec(),
                c,
                idx,
                node,
            });
        }
        ident
    }

    /// Swap element `idx` of collection `c` for `node`; returns the old identity.
    pub(crate) fn replace(
        &mut self,
        tx: &mut Tx,
        parent: &[(usize, usize)],
        c: usize,
        idx: usize,
        node: Node,
    ) -> String {
        let old_key = self.child_key(parent, c, &self.node(parent).kids[c][idx]);
        touch_old(tx, &old_key, &self.node(parent).kids[c][idx], true);
        let new_key = self.child_key(parent, c, &node);
        touch_new(tx, &new_key, &node, true);
        let old = std::mem::replace(&mut self.node_mut(parent).kids[c][idx], node);
        let ident = old.body.ident();
        if tx.record {
            tx.undo.push(Undo::Replace {
                parent: parent.to_vec(),
                c,
                idx,
                old,
            });
        }
        ident
    }

    /// Replace a whole collection; returns the old identities.
    pub(crate) fn set_coll(
        &mut self,
        tx: &mut Tx,
        parent: &[(usize, usize)],
        c: usize,
        nodes: Vec<Node>,
    ) -> Vec<String> {
        let parent_key = self.key_of(parent);
        let coll = self.node(parent).kind().colls()[c].0;
        for k in &self.node(parent).kids[c] {
            let mut key = parent_key.clone();
            push_key(&mut key, coll, &k.body.key_seg());
            touch_old(tx, &key, k, true);
        }
        for k in &nodes {
            let mut key = parent_key.clone();
            push_key(&mut key, coll, &k.body.key_seg());
            touch_new(tx, &key, k, true);
        }
        let old = std::mem::replace(&mut self.node_mut(parent).kids[c], nodes);
        let idents = old.iter().map(|n| n.body.ident()).collect();
        if tx.record {
            tx.undo.push(Undo::SetColl {
                parent: parent.to_vec(),
                c,
                old,
            });
        }
        idents
    }

    /// Apply an undo log in reverse: the tree returns to its state before the log began.
    pub(crate) fn rollback(&mut self, undo: Vec<Undo>) {
        for u in undo.into_iter().rev() {
            match u {
                Undo::SetBody { path, old } => {
                    self.node_mut(&path).set_body(old);
                }
                Undo::Insert { parent, c, idx } => {
                    self.node_mut(&parent).kids[c].remove(idx);
                }
                Undo::Remove {
                    parent,
                    c,
                    idx,
                    node,
                } => self.node_mut(&parent).kids[c].insert(idx, node),
                Undo::Replace {
                    parent,
                    c,
                    idx,
                    old,
                } => self.node_mut(&parent).kids[c][idx] = old,
                Undo::SetColl { parent, c, old } => self.node_mut(&parent).kids[c] = old,
            }
        }
    }

    /// Compare every touched unit with its state before the patch.
    pub(crate) fn outcome(&self, tx: Tx) -> PatchOutcome {
        let mut upserts = Vec::new();
        let mut deletes = Vec::new();
        for (key, before) in tx.before {
            let after = self.find_key(&key).map(|n| (n.ord, n.body.to_value()));
            if before == after {
                continue;
            }
            match after {
                Some((ord, body)) => upserts.push(Unit { key, ord, body }),
                None => deletes.push(key),
            }
        }
        let header = tx.header_before.and_then(|h| {
            let now = self.root.body.to_value();
            (h != now).then_some(now)
        });
        let modified = header.is_some() || !upserts.is_empty() || !deletes.is_empty();
        PatchOutcome {
            modified,
            header,
            upserts,
            deletes,
            undo: tx.undo,
        }
    }

    /// Roll back a successful patch (the store refused the commit).
    pub fn undo(&mut self, outcome: PatchOutcome) {
        self.rollback(outcome.undo);
    }
}
