//! The stable text listing of objects (one line per DN: `dn class key=value ...`, values
//! quoted when they must be) and its parser; the same quoting serves the diff's text form.

use crate::mo::{Mo, MoSet};
use crate::RenderError;

impl MoSet {
    /// The stable text listing: one line per DN, `dn class key=value ...`, attributes sorted.
    pub fn listing(&self) -> String {
        let mut out = String::new();
        for mo in self.iter() {
            out.push_str(&mo.dn);
            out.push(' ');
            out.push_str(&mo.class);
            for (k, v) in &mo.attrs {
                out.push(' ');
                out.push_str(k);
                out.push('=');
                out.push_str(&quote(v));
            }
            out.push('\n');
        }
        out
    }

    /// Parse [`MoSet::listing`] output. Blank lines and lines starting with `#` are skipped.
    pub fn parse_listing(text: &str) -> Result<MoSet, RenderError> {
        let mut set = MoSet::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |what: &str| RenderError::Listing {
                line: n + 1,
                message: what.to_string(),
            };
            let tokens = tokenize(line).map_err(|e| bad(&e))?;
            let mut it = tokens.into_iter();
            let dn = it.next().ok_or_else(|| bad("missing DN"))?;
            let class = it.next().ok_or_else(|| bad("missing class"))?;
            let mut mo = Mo::new(&class, dn);
            for tok in it {
                let (k, v) = tok
                    .split_once('=')
                    .ok_or_else(|| bad("attribute without '='"))?;
                mo.attrs
                    .insert(k.to_string(), unquote(v).map_err(|e| bad(&e))?);
            }
            set.insert(mo);
        }
        Ok(set)
    }
}

/// Quote a value when it is empty or holds spaces, quotes, `=` or backslashes.
pub(crate) fn quote(v: &str) -> String {
    if !v.is_empty()
        && !v
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '\\' || c == '=')
    {
        return v.to_string();
    }
    let mut out = String::from("\"");
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn unquote(v: &str) -> Result<String, String> {
    if !v.starts_with('"') {
        return Ok(v.to_string());
    }
    if v.len() < 2 || !v.ends_with('"') {
        return Err(format!("unterminated quote in {v}"));
    }
    let mut out = String::new();
    let mut chars = v[1..v.len() - 1].chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(c) => out.push(c),
                None => return Err("dangling backslash".into()),
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// Split a line on spaces outside double quotes.
pub(crate) fn tokenize(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_quote = false;
    let mut escaped = false;
    for c in line.chars() {
        if escaped {
            cur.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' if in_quote => {
                cur.push(c);
                escaped = true;
            }
            '"' => {
                in_quote = !in_quote;
                cur.push(c);
            }
            ' ' if !in_quote => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if in_quote {
        return Err("unterminated quote".into());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_round_trips_awkward_values() {
        let set: MoSet = [
            Mo::new("fvTenant", "uni/tn-t")
                .with("descr", "two words")
                .with("name", "t")
                .with("nameAlias", ""),
            Mo::new("fvSubnet", "uni/tn-t/BD-b/subnet-[10.0.0.1/24]").with("descr", "a \"q\" = \\"),
        ]
        .into_iter()
        .collect();
        let text = set.listing();
        assert_eq!(MoSet::parse_listing(&text).unwrap(), set);
    }
}
