//! Byte-level request handling that happens before the HTTP stack sees a request:
//! rewriting the request line so that the `http` crate accepts what APIC clients send
//! (raw `"`, `{`, `}`, `|`, ... in the target), and decoding paths and query strings.

/// Bytes allowed unescaped in a request target after rewriting: RFC 3986 unreserved,
/// sub-delims, `:`, `@`, `/`, `?`, `%`, and the brackets APIC DNs use.
fn allowed_in_target(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
                | b'/'
                | b'?'
                | b'%'
                | b'['
                | b']'
        )
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Percent-encode every byte of a request target that a strict URI parser refuses.
/// A `%` that does not start a valid escape is encoded as `%25`.
pub fn escape_target(target: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(target.len() + 16);
    for (i, &b) in target.iter().enumerate() {
        let valid_escape = b == b'%'
            && target.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && target.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if allowed_in_target(b) && (b != b'%' || valid_escape) {
            out.push(b);
        } else {
            out.push(b'%');
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0x0f)]);
        }
    }
    out
}

/// Rewrite an HTTP/1 request line (without its line ending): `METHOD SP target SP version`.
/// The target is everything between the first and the last space, so a target with raw
/// spaces in it is escaped as well. Returns `None` when the line is not a request line.
pub fn rewrite_request_line(line: &[u8]) -> Option<Vec<u8>> {
    let first = line.iter().position(|&b| b == b' ')?;
    let last = line.iter().rposition(|&b| b == b' ')?;
    if last <= first {
        return None;
    }
    let version = &line[last + 1..];
    if !version.starts_with(b"HTTP/") {
        return None;
    }
    let mut out = Vec::with_capacity(line.len() + 16);
    out.extend_from_slice(&line[..=first]);
    out.extend_from_slice(&escape_target(&line[first + 1..last]));
    out.extend_from_slice(&line[last..]);
    Some(out)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn decode(input: &str, plus_is_space: bool) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hi = bytes.get(i + 1).copied().and_then(hex_value);
                let lo = bytes.get(i + 2).copied().and_then(hex_value);
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi << 4 | lo);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Decode a URL path: `%XX` escapes only (`+` stays a plus).
pub fn decode_path(path: &str) -> String {
    decode(path, false)
}

/// Parse a query string with form semantics (`+` is a space, `%XX` escapes), keeping order.
/// Empty pieces (`a=1&&b=2`) are skipped; a key without `=` gets an empty value.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| match piece.split_once('=') {
            Some((k, v)) => (decode(k, true), decode(v, true)),
            None => (decode(piece, true), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_quotes_and_braces_are_escaped_and_brackets_kept() {
        let line =
            br#"GET /api/class/fvTenant.json?query-target-filter=eq(fvTenant.name,"t1") HTTP/1.1"#;
        let out = rewrite_request_line(line).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "GET /api/class/fvTenant.json?query-target-filter=eq(fvTenant.name,%22t1%22) HTTP/1.1"
        );
        let line = b"GET /api/mo/uni/tn-t1/out-o1/instP-e/extsubnet-[0.0.0.0/0].json?x={a|b}^`<>\\ HTTP/1.1";
        let out = String::from_utf8(rewrite_request_line(line).unwrap()).unwrap();
        assert_eq!(
            out,
            "GET /api/mo/uni/tn-t1/out-o1/instP-e/extsubnet-[0.0.0.0/0].json?x=%7Ba%7Cb%7D%5E%60%3C%3E%5C HTTP/1.1"
        );
    }

    #[test]
    fn valid_escapes_survive_and_stray_percent_is_encoded() {
        assert_eq!(escape_target(b"/a?f=eq%28x%29"), b"/a?f=eq%28x%29".to_vec());
        assert_eq!(escape_target(b"/a?f=100%"), b"/a?f=100%25".to_vec());
        assert_eq!(escape_target(b"/a?f=%zz"), b"/a?f=%25zz".to_vec());
    }

    #[test]
    fn spaces_inside_the_target_are_escaped() {
        let out = rewrite_request_line(b"GET /a?x=b c HTTP/1.1").unwrap();
        assert_eq!(out, b"GET /a?x=b%20c HTTP/1.1".to_vec());
        assert!(rewrite_request_line(b"garbage").is_none());
        assert!(rewrite_request_line(b"GET /x NOTHTTP").is_none());
    }

    #[test]
    fn query_uses_form_semantics() {
        let q = parse_query(
            "query-target-filter=eq%28fvTenant.name%2C%22t1%22%29&page=0&page-size=1&x=a+b&flag",
        );
        assert_eq!(
            q,
            vec![
                (
                    "query-target-filter".to_string(),
                    r#"eq(fvTenant.name,"t1")"#.to_string()
                ),
                ("page".to_string(), "0".to_string()),
                ("page-size".to_string(), "1".to_string()),
                ("x".to_string(), "a b".to_string()),
                ("flag".to_string(), String::new()),
            ]
        );
    }

    #[test]
    fn path_decoding_keeps_plus() {
        assert_eq!(
            decode_path("/api/mo/uni/tn-a+b%5Bx%5D.json"),
            "/api/mo/uni/tn-a+b[x].json"
        );
        assert_eq!(decode_path("/x%2"), "/x%2");
    }

    #[test]
    fn non_ascii_bytes_round_trip() {
        let escaped = escape_target("/a?n=é".as_bytes());
        assert_eq!(escaped, b"/a?n=%C3%A9".to_vec());
        assert_eq!(parse_query("n=%C3%A9")[0].1, "é");
    }
}
