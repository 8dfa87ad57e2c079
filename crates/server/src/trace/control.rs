//! The emulated sites' own control endpoints (`/_sitesim/topology`, `/_sitesim/endpoints`),
//! which are not part of APIC's API and so are not in the APIC client: a small HTTP/1.0
//! exchange over plain `http://` with basic auth as the site's user. Real APICs answer
//! these paths with 404 (or are reached over `https://`, which is never tried here).

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long one exchange may take, connection included.
const TIMEOUT: Duration = Duration::from_secs(15);
/// The largest answer accepted.
const MAX_ANSWER: usize = 16 * 1024 * 1024;

/// Status and body of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// Why a control exchange failed before an answer came.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ControlError {
    #[error("not an http:// URL: {0}")]
    NotHttp(String),
    #[error("{url}: {reason}")]
    Io { url: String, reason: String },
    #[error("{url}: malformed answer")]
    Malformed { url: String },
}

/// One request to `base_url` + `path` (`path` starts with `/`).
pub async fn exchange(
    base_url: &str,
    method: &str,
    path: &str,
    user: &str,
    password: &str,
    body: Option<&[u8]>,
) -> Result<Answer, ControlError> {
    let host = base_url
        .strip_prefix("http://")
        .map(|rest| rest.split('/').next().unwrap_or_default())
        .filter(|h| !h.is_empty())
        .ok_or_else(|| ControlError::NotHttp(base_url.to_string()))?;
    let addr = if host.contains(':') {
        host.to_string()
    } else {
        format!("{host}:80")
    };
    let url = format!("http://{host}{path}");
    let io = |e: std::io::Error| ControlError::Io {
        url: url.clone(),
        reason: e.to_string(),
    };
    let body = body.unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.0\r\nHost: {host}\r\nAuthorization: Basic {}\r\n\
         Accept: application/json\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        base64(format!("{user}:{password}").as_bytes()),
        body.len()
    );
    let work = async {
        let mut stream = TcpStream::connect(&addr).await.map_err(io)?;
        stream.write_all(head.as_bytes()).await.map_err(io)?;
        stream.write_all(body).await.map_err(io)?;
        let mut raw = Vec::new();
        (&mut stream)
            .take(MAX_ANSWER as u64)
            .read_to_end(&mut raw)
            .await
            .map_err(io)?;
        Ok(raw)
    };
    let raw = tokio::time::timeout(TIMEOUT, work)
        .await
        .map_err(|_| ControlError::Io {
            url: url.clone(),
            reason: "timed out".to_string(),
        })??;
    parse_answer(&raw).ok_or(ControlError::Malformed { url })
}

/// Splits an HTTP/1 answer into status and body (a chunked body is decoded).
fn parse_answer(raw: &[u8]) -> Option<Answer> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let chunked = lines.any(|l| {
        l.split_once(':').is_some_and(|(k, v)| {
            k.trim().eq_ignore_ascii_case("transfer-encoding")
                && v.trim().eq_ignore_ascii_case("chunked")
        })
    });
    let rest = &raw[split + 4..];
    let body = if chunked {
        dechunk(rest)?
    } else {
        rest.to_vec()
    };
    Some(Answer { status, body })
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..eol]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

/// Standard base64 with padding.
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_examples() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("admin:pw", "YWRtaW46cHc="),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn answers_are_split_and_dechunked() {
        let plain = parse_answer(b"HTTP/1.0 404 Not Found\r\ncontent-length: 2\r\n\r\n{}").unwrap();
        assert_eq!(
            plain,
            Answer {
                status: 404,
                body: b"{}".to_vec()
            }
        );
        let chunked =
            parse_answer(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
                .unwrap();
        assert_eq!(chunked.body, b"abcde");
        assert_eq!(parse_answer(b"garbage"), None);
    }
}
