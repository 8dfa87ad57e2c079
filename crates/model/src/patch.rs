//! `Schema::apply_patch`: resolve each operation's path to the unit(s) it touches, apply
//! it to those units only, re-validate and normalise them, keep the site twins in step,
//! and check references at the end. Any failure rolls the whole patch back.

use crate::error::ModelError;
use crate::integrity::ExternalRefs;
use crate::objects::Ctx;
use crate::pointer::{self, parse_ops, remove_missing, show, Op, OpKind};
use crate::refs::stringify_refs;
use crate::schema::Schema;
use crate::tree::{build_list, find_ident, Body, Kind, Node, ORD_STEP};
use crate::twins::Event;
use crate::tx::{PatchOutcome, Tx};
use serde_json::Value;

impl Schema {
    /// Apply a JSON Patch in place, atomically. On `Err` the schema is unchanged.
    pub fn apply_patch(
        &mut self,
        ops: &Value,
        ext: &dyn ExternalRefs,
    ) -> Result<PatchOutcome, ModelError> {
        let ops = parse_ops(ops)?;
        let mut tx = Tx::recording();
        for op in &ops {
            if let Err(e) = self.apply_op(&mut tx, op) {
                self.rollback(tx.undo);
                return Err(e);
            }
        }
        let outcome = self.outcome(tx);
        if let Err(e) = self.check_units(&outcome.upserts, ext) {
            self.rollback(outcome.undo);
            return Err(e);
        }
        Ok(outcome)
    }

    fn apply_op(&mut self, tx: &mut Tx, op: &Op) -> Result<(), ModelError> {
        let toks = &op.tokens;
        match toks.first().map(String::as_str) {
            None => {
                return Err(ModelError::bad(
                    "",
                    "the whole document cannot be patched; replace it instead",
                ))
            }
            Some("_updateVersion") if toks.len() == 1 => return self.version_op(op),
            Some("id") if toks.len() == 1 => {
                return match op.kind {
                    OpKind::Test if op.value.as_str() == Some(self.id.as_str()) => Ok(()),
                    OpKind::Test => Err(pointer::test_failed(&op.path)),
                    _ => Err(ModelError::bad("/id", "the schema id cannot be changed")),
                };
            }
            _ => {}
        }
        let mut p: Vec<(usize, usize)> = Vec::new();
        let mut shown: Vec<String> = Vec::new();
        let mut ctx = Ctx {
            schema: self.id.clone(),
            ..Ctx::default()
        };
        let mut i = 0;
        loop {
            let kind = self.node(&p).kind();
            let tok = &toks[i];
            let Some(c) = kind.coll_index(tok) else {
                return self.op_body(tx, &p, &toks[i..], op, &ctx, shown);
            };
            shown.push(tok.clone());
            if i + 1 == toks.len() {
                return self.op_coll(tx, &p, c, op, &ctx);
            }
            let t2 = &toks[i + 1];
            let last = i + 2 == toks.len();
            let len = self.node(&p).kids[c].len();
            if t2 == "-" {
                if last && op.kind == OpKind::Add {
                    return self.op_insert(tx, &p, c, len, op, &ctx);
                }
                return Err(ModelError::bad(
                    &op.path,
                    "'-' is only valid as the last token of an add",
                ));
            }
            let found = find_ident(&self.node(&p).kids[c], t2)
                .or_else(|| t2.parse::<usize>().ok().filter(|i| *i < len));
            let Some(idx) = found else {
                if last && op.kind == OpKind::Add && t2.parse::<usize>() == Ok(len) {
                    return self.op_insert(tx, &p, c, len, op, &ctx);
                }
                if op.kind == OpKind::Remove {
                    shown.push(t2.clone());
                    return Err(remove_missing(&shown, t2));
                }
                return Err(ModelError::bad(
                    &op.path,
                    format!("'{t2}' not found in {}", show(&shown)),
                ));
            };
            shown.push(idx.to_string());
            if last {
                return self.op_elem(tx, &p, (c, idx), op, &ctx, t2);
            }
            ctx = self.node(&p).body.child_ctx(&ctx);
            p.push((c, idx));
            i += 2;
        }
    }

    fn version_op(&self, op: &Op) -> Result<(), ModelError> {
        match op.kind {
            OpKind::Test if op.value.as_i64() == Some(self.version) => Ok(()),
            OpKind::Test => Err(ModelError::conflict(
                "/_updateVersion",
                format!(
                    "version conflict: the schema is at version {}, the request expected {}",
                    self.version, op.value
                ),
            )),
            _ => Err(ModelError::bad(
                "/_updateVersion",
                "the version is managed by the server",
            )),
        }
    }

    /// An operation inside one unit's body.
    fn op_body(
        &mut self,
        tx: &mut Tx,
        p: &[(usize, usize)],
        sub: &[String],
        op: &Op,
        ctx: &Ctx,
        mut shown: Vec<String>,
    ) -> Result<(), ModelError> {
        let node = self.node(p);
        let kind = node.kind();
        let mut v = node.body.to_value();
        pointer::apply(&mut v, op, sub, &mut shown)?;
        if op.kind == OpKind::Test {
            return Ok(());
        }
        let body = build_body(kind, v, ctx, &op.path)?;
        if body == *node.body {
            return Ok(());
        }
        let old_ident = node.body.ident();
        let new_ident = body.ident();
        if old_ident == new_ident || p.is_empty() {
            let template_id_changed = match (&*node.body, &body) {
                (Body::Template(a), Body::Template(b)) => a.template_id != b.template_id,
                _ => false,
            };
            self.set_body(tx, p, body);
            if template_id_changed {
                self.apply_events(
                    tx,
                    vec![Event::Template {
                        old: Some(old_ident.clone()),
                        new: Some(old_ident),
                    }],
                )?;
            }
            return Ok(());
        }
        // The unit is renamed: rebuild its subtree so that keys and self refs follow.
        let (parent, last) = p.split_at(p.len() - 1);
        let (c, idx) = last[0];
        let parent = parent.to_vec();
        let mut json = node.to_json();
        pointer::apply(&mut json, op, sub, &mut Vec::new())?;
        if kind == Kind::Template {
            let from = format!("/schemas/{}/templates/{}/", self.id, old_ident);
            let to = format!("/schemas/{}/templates/{}/", self.id, new_ident);
            rewrite_ref_prefix(&mut json, &from, &to);
        }
        self.replace_with(tx, &parent, (c, idx), json, ctx, &op.path)
    }

    /// Build `value` and swap it in for element `idx`, keeping ords where nothing moved.
    fn replace_with(
        &mut self,
        tx: &mut Tx,
        parent: &[(usize, usize)],
        (c, idx): (usize, usize),
        value: Value,
        ctx: &Ctx,
        path: &str,
    ) -> Result<(), ModelError> {
        let kind = self.node(parent).kind().colls()[c].1;
        let mut node = Node::build(kind, value, ctx, path)?;
        let ident = node.body.ident();
        let siblings = &self.node(parent).kids[c];
        if find_ident(siblings, &ident).is_some_and(|j| j != idx) {
            return Err(ModelError::bad(path, format!("duplicate name '{ident}'")));
        }
        let old = &siblings[idx];
        node.ord = old.ord;
        carry_ords(old, &mut node);
        let old_ident = self.replace(tx, parent, c, idx, node);
        let events = self.events(parent, c, vec![old_ident], vec![ident]);
        self.apply_events(tx, events)
    }

    /// An operation on one element of a collection of units.
    fn op_elem(
        &mut self,
        tx: &mut Tx,
        p: &[(usize, usize)],
        (c, idx): (usize, usize),
        op: &Op,
        ctx: &Ctx,
        tok: &str,
    ) -> Result<(), ModelError> {
        let kctx = self.node(p).body.child_ctx(ctx);
        match op.kind {
            OpKind::Test => {
                if self.node(p).kids[c][idx].to_json() != op.value {
                    return Err(pointer::test_failed(&op.path));
                }
                Ok(())
            }
            OpKind::Remove => {
                let old = self.remove(tx, p, c, idx);
                let events = self.events(p, c, vec![old], vec![]);
                self.apply_events(tx, events)
            }
            OpKind::Add if tok.parse::<usize>().is_ok() => self.op_insert(tx, p, c, idx, op, ctx),
            OpKind::Add | OpKind::Replace => {
                self.replace_with(tx, p, (c, idx), op.value.clone(), &kctx, &op.path)
            }
        }
    }

    /// Insert a new element before position `at` (at the end when `at` is the length).
    fn op_insert(
        &mut self,
        tx: &mut Tx,
        p: &[(usize, usize)],
        c: usize,
        at: usize,
        op: &Op,
        ctx: &Ctx,
    ) -> Result<(), ModelError> {
        let kctx = self.node(p).body.child_ctx(ctx);
        let kind = self.node(p).kind().colls()[c].1;
        let mut node = Node::build(kind, op.value.clone(), &kctx, &op.path)?;
        let ident = node.body.ident();
        if find_ident(&self.node(p).kids[c], &ident).is_some() {
            return Err(ModelError::bad(
                &op.path,
                format!("duplicate name '{ident}'"),
            ));
        }
        node.ord = self.ord_for(tx, p, c, at);
        self.insert(tx, p, c, at, node);
        let events = self.events(p, c, vec![], vec![ident]);
        self.apply_events(tx, events)
    }

    /// An `ord` between the neighbours of position `at`, renumbering siblings if needed.
    pub(crate) fn ord_for(
        &mut self,
        tx: &mut Tx,
        p: &[(usize, usize)],
        c: usize,
        at: usize,
    ) -> i64 {
        let kids = &self.node(p).kids[c];
        if at == kids.len() {
            return kids.last().map_or(0, |k| k.ord + ORD_STEP);
        }
        let next = kids[at].ord;
        let prev = if at == 0 {
            next - 2 * ORD_STEP
        } else {
            kids[at - 1].ord
        };
        if next - prev >= 2 {
            return prev + (next - prev) / 2;
        }
        let mut renumbered = kids.clone();
        for (i, k) in renumbered.iter_mut().enumerate() {
            k.ord = (i as i64 + i64::from(i >= at)) * ORD_STEP;
        }
        self.set_coll(tx, p, c, renumbered);
        at as i64 * ORD_STEP
    }

    /// An operation on a whole collection of units.
    fn op_coll(
        &mut self,
        tx: &mut Tx,
        p: &[(usize, usize)],
        c: usize,
        op: &Op,
        ctx: &Ctx,
    ) -> Result<(), ModelError> {
        let kctx = self.node(p).body.child_ctx(ctx);
        let kind = self.node(p).kind().colls()[c].1;
        let new = match op.kind {
            OpKind::Test => {
                let now: Vec<Value> = self.node(p).kids[c].iter().map(Node::to_json).collect();
                if Value::Array(now) != op.value {
                    return Err(pointer::test_failed(&op.path));
                }
                return Ok(());
            }
            OpKind::Remove => Vec::new(),
            OpKind::Add | OpKind::Replace => {
                let Value::Array(items) = op.value.clone() else {
                    return Err(ModelError::bad(&op.path, "expected a list"));
                };
                let mut list = build_list(kind, items, &kctx, &op.path)?;
                let old = &self.node(p).kids[c];
                let same_order = old.len() == list.len()
                    && old
                        .iter()
                        .zip(&list)
                        .all(|(a, b)| a.body.key_seg() == b.body.key_seg());
                if same_order {
                    for (a, b) in old.iter().zip(list.iter_mut()) {
                        b.ord = a.ord;
                        carry_ords(a, b);
                    }
                }
                list
            }
        };
        let new_idents = new.iter().map(|n| n.body.ident()).collect();
        let old_idents = self.set_coll(tx, p, c, new);
        let events = self.events(p, c, old_idents, new_idents);
        self.apply_events(tx, events)
    }

    /// The twin events implied by replacing `old` elements with `new` ones in collection
    /// `c` of the node at `p`.
    fn events(
        &self,
        p: &[(usize, usize)],
        c: usize,
        old: Vec<String>,
        new: Vec<String>,
    ) -> Vec<Event> {
        let parent = self.node(p);
        let child_kind = parent.kind().colls()[c].1;
        let pairs = pair_up(old, new);
        let mut out = Vec::new();
        for (old, new) in pairs {
            match (&*parent.body, child_kind) {
                (Body::Root(_), Kind::Template) => out.push(Event::Template { old, new }),
                (Body::Root(_), Kind::Site) => out.extend(new.map(|ident| Event::Site { ident })),
                (Body::Template(t), k) if k.twin().is_some() => out.push(Event::Obj {
                    template: t.name.clone(),
                    kind: k,
                    old,
                    new,
                }),
                (Body::Anp(a), Kind::Epg) => {
                    let template = self.ctx_of(p).template;
                    out.push(Event::Epg {
                        template,
                        anp: a.name.clone(),
                        old,
                        new,
                    })
                }
                _ => {}
            }
        }
        out
    }
}

/// Pair old and new identities: a single swap is one (possibly renaming) change;
/// otherwise match by name.
fn pair_up(old: Vec<String>, new: Vec<String>) -> Vec<(Option<String>, Option<String>)> {
    if old.len() == 1 && new.len() == 1 {
        let (o, n) = (old.into_iter().next(), new.into_iter().next());
        return vec![(o, n)];
    }
    let mut out: Vec<(Option<String>, Option<String>)> = Vec::new();
    for o in &old {
        let n = new.iter().find(|n| *n == o).cloned();
        out.push((Some(o.clone()), n));
    }
    for n in new {
        if !old.contains(&n) {
            out.push((None, Some(n)));
        }
    }
    out
}

/// Parse and normalise one unit body from JSON.
pub(crate) fn build_body(
    kind: Kind,
    mut v: Value,
    ctx: &Ctx,
    path: &str,
) -> Result<Body, ModelError> {
    stringify_refs(&mut v, path)?;
    if let Value::Object(map) = &mut v {
        for (key, _) in kind.colls() {
            if map.contains_key(*key) {
                return Err(ModelError::bad(
                    path,
                    format!("'{key}' is a collection; address it directly"),
                ));
            }
        }
    }
    let mut body = Body::parse(kind, v, path)?;
    body.normalise(ctx);
    Ok(body)
}

/// Reuse the old `ord`s of children wherever a collection kept its order.
fn carry_ords(old: &Node, new: &mut Node) {
    for (ok, nk) in old.kids.iter().zip(new.kids.iter_mut()) {
        if ok.len() == nk.len()
            && ok
                .iter()
                .zip(nk.iter())
                .all(|(a, b)| a.body.key_seg() == b.body.key_seg())
        {
            for (a, b) in ok.iter().zip(nk.iter_mut()) {
                b.ord = a.ord;
                carry_ords(a, b);
            }
        }
    }
}

/// Rewrite every `*Ref` string starting with `from` to start with `to`.
pub(crate) fn rewrite_ref_prefix(v: &mut Value, from: &str, to: &str) {
    match v {
        Value::Object(map) => {
            for (k, item) in map.iter_mut() {
                match item {
                    Value::String(s) if k.ends_with("Ref") && s.starts_with(from) => {
                        *s = format!("{to}{}", &s[from.len()..]);
                    }
                    _ => rewrite_ref_prefix(item, from, to),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|i| rewrite_ref_prefix(i, from, to)),
        _ => {}
    }
}
