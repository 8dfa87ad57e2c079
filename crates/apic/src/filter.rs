//! The filter language of `query-target-filter` and `rsp-subtree-filter`:
//! `eq ne lt gt le ge bw wcard anybit allbits not and or xor true false`, its parser,
//! its canonical printed form and its evaluation against one object.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fmt;

use regex::Regex;

use crate::error::ApicError;

/// A comparison operator with one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Wcard,
    AnyBit,
    AllBits,
}

impl CmpOp {
    fn name(self) -> &'static str {
        match self {
            CmpOp::Eq => "eq",
            CmpOp::Ne => "ne",
            CmpOp::Lt => "lt",
            CmpOp::Gt => "gt",
            CmpOp::Le => "le",
            CmpOp::Ge => "ge",
            CmpOp::Wcard => "wcard",
            CmpOp::AnyBit => "anybit",
            CmpOp::AllBits => "allbits",
        }
    }

    fn from_name(s: &str) -> Option<CmpOp> {
        Some(match s {
            "eq" => CmpOp::Eq,
            "ne" => CmpOp::Ne,
            "lt" => CmpOp::Lt,
            "gt" => CmpOp::Gt,
            "le" => CmpOp::Le,
            "ge" => CmpOp::Ge,
            "wcard" => CmpOp::Wcard,
            "anybit" => CmpOp::AnyBit,
            "allbits" => CmpOp::AllBits,
            _ => return None,
        })
    }
}

/// A `class.property` reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropRef {
    pub class: String,
    pub prop: String,
}

/// A compiled regular expression compared by its source text.
#[derive(Debug, Clone)]
pub struct Pattern(pub Regex);

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

/// A parsed filter expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Cmp {
        op: CmpOp,
        prop: PropRef,
        value: String,
        re: Option<Pattern>,
    },
    Between {
        prop: PropRef,
        lo: String,
        hi: String,
    },
    Not(Box<Filter>),
    And(Vec<Filter>),
    Or(Vec<Filter>),
    Xor(Vec<Filter>),
    True,
    False,
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |f: &mut fmt::Formatter<'_>, name: &str, items: &[Filter]| {
            write!(f, "{name}(")?;
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    write!(f, ",")?;
                }
                write!(f, "{it}")?;
            }
            write!(f, ")")
        };
        match self {
            Filter::Cmp {
                op, prop, value, ..
            } => write!(
                f,
                "{}({}.{},\"{}\")",
                op.name(),
                prop.class,
                prop.prop,
                value
            ),
            Filter::Between { prop, lo, hi } => {
                write!(f, "bw({}.{},\"{}\",\"{}\")", prop.class, prop.prop, lo, hi)
            }
            Filter::Not(inner) => write!(f, "not({inner})"),
            Filter::And(items) => list(f, "and", items),
            Filter::Or(items) => list(f, "or", items),
            Filter::Xor(items) => list(f, "xor", items),
            Filter::True => write!(f, "true"),
            Filter::False => write!(f, "false"),
        }
    }
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn err(&self, what: &str) -> ApicError {
        ApicError::bad_query(format!(
            "Invalid filter '{}': {what} at position {}",
            self.s, self.pos
        ))
    }

    fn skip_ws(&mut self) {
        while self.s[self.pos..].starts_with(' ') {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_ws();
        if self.s[self.pos..].starts_with(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) -> Result<(), ApicError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.err(&format!("expected '{c}'")))
        }
    }

    fn word(&mut self) -> &'a str {
        self.skip_ws();
        let start = self.pos;
        let rest = &self.s[start..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len());
        self.pos += len;
        &self.s[start..start + len]
    }

    fn expr(&mut self) -> Result<Filter, ApicError> {
        let name = self.word();
        match name {
            "true" | "false" => {
                if self.eat('(') {
                    self.expect(')')?;
                }
                return Ok(if name == "true" {
                    Filter::True
                } else {
                    Filter::False
                });
            }
            "" => return Err(self.err("expected an operator")),
            _ => {}
        }
        self.expect('(')?;
        let out = match name {
            "and" | "or" | "xor" => {
                let mut items = vec![self.expr()?];
                while self.eat(',') {
                    items.push(self.expr()?);
                }
                match name {
                    "and" => Filter::And(items),
                    "or" => Filter::Or(items),
                    _ => Filter::Xor(items),
                }
            }
            "not" => Filter::Not(Box::new(self.expr()?)),
            "bw" => {
                let prop = self.prop_ref()?;
                self.expect(',')?;
                let lo = self.value()?;
                self.expect(',')?;
                let hi = self.value()?;
                Filter::Between { prop, lo, hi }
            }
            other => {
                let op = CmpOp::from_name(other)
                    .ok_or_else(|| self.err(&format!("unknown operator '{other}'")))?;
                let prop = self.prop_ref()?;
                self.expect(',')?;
                let value = self.value()?;
                let re = match op {
                    CmpOp::Wcard => Some(Pattern(
                        Regex::new(&value).map_err(|_| self.err("invalid regular expression"))?,
                    )),
                    _ => None,
                };
                Filter::Cmp {
                    op,
                    prop,
                    value,
                    re,
                }
            }
        };
        self.expect(')')?;
        Ok(out)
    }

    fn prop_ref(&mut self) -> Result<PropRef, ApicError> {
        let w = self.word();
        match w.split_once('.') {
            Some((c, p)) if !c.is_empty() && !p.is_empty() && !p.contains('.') => Ok(PropRef {
                class: c.to_string(),
                prop: p.to_string(),
            }),
            _ => Err(self.err("expected class.property")),
        }
    }

    fn value(&mut self) -> Result<String, ApicError> {
        self.skip_ws();
        let rest = &self.s[self.pos..];
        for q in ['"', '\''] {
            if let Some(body) = rest.strip_prefix(q) {
                let end = body
                    .find(q)
                    .ok_or_else(|| self.err("unterminated string"))?;
                self.pos += end + 2;
                return Ok(body[..end].to_string());
            }
        }
        let len = rest.find([',', ')']).unwrap_or(rest.len());
        self.pos += len;
        Ok(rest[..len].trim().to_string())
    }
}

/// Parse a filter expression (quotes may be `"` or `'`, values may be bare).
pub fn parse(s: &str) -> Result<Filter, ApicError> {
    let mut p = Parser { s, pos: 0 };
    let f = p.expr()?;
    p.skip_ws();
    if p.pos != s.len() {
        return Err(p.err("trailing characters"));
    }
    Ok(f)
}

/// Compare numerically when both sides are integers, else as text.
pub fn compare_values(a: &str, b: &str) -> Ordering {
    match (a.parse::<i128>(), b.parse::<i128>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

fn flags(s: &str) -> BTreeSet<&str> {
    s.split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .collect()
}

impl Filter {
    /// Whether an object of `class` whose property values `get` returns matches.
    /// A property of another class never matches.
    pub fn matches<'v>(&self, class: &str, get: &dyn Fn(&str) -> Option<&'v str>) -> bool {
        let value_of = |p: &PropRef| if p.class == class { get(&p.prop) } else { None };
        match self {
            Filter::True => true,
            Filter::False => false,
            Filter::Not(inner) => !inner.matches(class, get),
            Filter::And(items) => items.iter().all(|f| f.matches(class, get)),
            Filter::Or(items) => items.iter().any(|f| f.matches(class, get)),
            Filter::Xor(items) => items.iter().filter(|f| f.matches(class, get)).count() % 2 == 1,
            Filter::Between { prop, lo, hi } => value_of(prop).is_some_and(|v| {
                compare_values(v, lo) != Ordering::Less
                    && compare_values(v, hi) != Ordering::Greater
            }),
            Filter::Cmp {
                op,
                prop,
                value,
                re,
            } => {
                let Some(v) = value_of(prop) else {
                    return false;
                };
                match op {
                    CmpOp::Eq => v == value,
                    CmpOp::Ne => v != value,
                    CmpOp::Lt => compare_values(v, value) == Ordering::Less,
                    CmpOp::Gt => compare_values(v, value) == Ordering::Greater,
                    CmpOp::Le => compare_values(v, value) != Ordering::Greater,
                    CmpOp::Ge => compare_values(v, value) != Ordering::Less,
                    CmpOp::Wcard => re.as_ref().is_some_and(|r| r.0.is_match(v)),
                    CmpOp::AnyBit => {
                        let have = flags(v);
                        flags(value).iter().any(|f| have.contains(f))
                    }
                    CmpOp::AllBits => {
                        let have = flags(v);
                        flags(value).iter().all(|f| have.contains(f))
                    }
                }
            }
        }
    }

    /// Every class the filter names.
    pub fn classes(&self) -> BTreeSet<&str> {
        let mut out = BTreeSet::new();
        self.collect_classes(&mut out);
        out
    }

    fn collect_classes<'a>(&'a self, out: &mut BTreeSet<&'a str>) {
        match self {
            Filter::Cmp { prop, .. } | Filter::Between { prop, .. } => {
                out.insert(prop.class.as_str());
            }
            Filter::Not(inner) => inner.collect_classes(out),
            Filter::And(items) | Filter::Or(items) | Filter::Xor(items) => {
                items.iter().for_each(|f| f.collect_classes(out))
            }
            Filter::True | Filter::False => {}
        }
    }

    /// An `eq(class.prop,"v")` that every match must satisfy (the filter itself or a
    /// member of a top-level `and`), so an index can narrow the candidates.
    pub fn required_eq(&self) -> Option<(&PropRef, &str)> {
        match self {
            Filter::Cmp {
                op: CmpOp::Eq,
                prop,
                value,
                ..
            } => Some((prop, value)),
            Filter::And(items) => items.iter().find_map(Filter::required_eq),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(f: &str, class: &str, props: &[(&str, &str)]) -> bool {
        let f = parse(f).unwrap();
        let props: Vec<(String, String)> = props
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        f.matches(class, &|p| {
            props.iter().find(|(k, _)| k == p).map(|(_, v)| v.as_str())
        })
    }

    #[test]
    fn evaluates() {
        let t = [
            ("name", "t1"),
            ("seg", "15000001"),
            ("scope", "export-rtctrl,import-security"),
        ];
        assert!(m(r#"eq(fvTenant.name,"t1")"#, "fvTenant", &t));
        assert!(!m(r#"eq(fvCtx.name,"t1")"#, "fvTenant", &t));
        assert!(m(
            r#"and(eq(fvTenant.name,"t1"),gt(fvTenant.seg,"9"))"#,
            "fvTenant",
            &t
        ));
        assert!(m(
            r#"bw(fvTenant.seg,"15000000","15000002")"#,
            "fvTenant",
            &t
        ));
        assert!(m(r#"wcard(fvTenant.name,"^t")"#, "fvTenant", &t));
        assert!(m(r#"not(eq(fvTenant.name,'x'))"#, "fvTenant", &t));
        assert!(m(r#"xor(true,false)"#, "fvTenant", &t));
        assert!(m(
            r#"anybit(fvTenant.scope,"import-security,shared-rtctrl")"#,
            "fvTenant",
            &t
        ));
        assert!(!m(
            r#"allbits(fvTenant.scope,"import-security,shared-rtctrl")"#,
            "fvTenant",
            &t
        ));
        assert!(m(r#"eq(fvTenant.name,t1)"#, "fvTenant", &t));
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "eq(fvTenant.name",
            "foo(a.b,\"x\")",
            "eq(name,\"x\")",
            "wcard(a.b,\"(\")",
            "and()",
            "true extra",
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.code, "107", "{bad}");
        }
    }
}
