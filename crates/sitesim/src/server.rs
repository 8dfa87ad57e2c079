//! The accept loop. Each connection serves one request: the request line is read by hand
//! and its target escaped (APIC clients send raw `"` and friends that the `http` crate
//! refuses), then the bytes, rewritten line first, go to hyper's HTTP/1 server with
//! keep-alive off.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::wire::rewrite_request_line;

/// Longest request line accepted.
const MAX_REQUEST_LINE: usize = 64 * 1024;
/// How long a client may take to send its request line.
const HEAD_TIMEOUT: Duration = Duration::from_secs(30);

/// A stream that first yields already-read bytes, then the socket.
struct Prefixed {
    prefix: Vec<u8>,
    pos: usize,
    inner: TcpStream,
}

impl AsyncRead for Prefixed {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.pos < this.prefix.len() {
            let n = (this.prefix.len() - this.pos).min(buf.remaining());
            buf.put_slice(&this.prefix[this.pos..this.pos + n]);
            this.pos += n;
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Prefixed {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

/// Read until the end of the request line; returns everything read so far with the line
/// rewritten, or `None` if the client went away or sent no line ending in time.
async fn read_head(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    let newline = loop {
        if let Some(i) = buf.iter().position(|&b| b == b'\n') {
            break i;
        }
        if buf.len() > MAX_REQUEST_LINE {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let line_end = if newline > 0 && buf[newline - 1] == b'\r' {
        newline - 1
    } else {
        newline
    };
    let Some(line) = rewrite_request_line(&buf[..line_end]) else {
        // Not a request line: let hyper answer it as the bad request it is.
        return Some(buf);
    };
    let mut out = line;
    out.extend_from_slice(&buf[line_end..]);
    Some(out)
}

async fn serve_connection(mut stream: TcpStream, router: Router) {
    let head = match tokio::time::timeout(HEAD_TIMEOUT, read_head(&mut stream)).await {
        Ok(Some(head)) => head,
        Ok(None) | Err(_) => return,
    };
    let io = TokioIo::new(Prefixed {
        prefix: head,
        pos: 0,
        inner: stream,
    });
    let service = TowerToHyperService::new(router);
    if let Err(e) = http1::Builder::new()
        .keep_alive(false)
        .serve_connection(io, service)
        .await
    {
        tracing::debug!(error = %e, "connection ended with an error");
    }
}

/// Accept connections until `shutdown` turns true.
pub(crate) async fn accept_loop(
    listener: TcpListener,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    tokio::spawn(serve_connection(stream, router.clone()));
                }
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            changed = shutdown.changed() => {
                if changed.is_err() || *shutdown.borrow() {
                    break;
                }
            }
        }
    }
}
