//! The accept loop: connections under a cap, with header-read and idle timeouts.
//!
//! `axum::serve` sets no timer, so hyper's header-read timeout never runs and a connection that
//! sends nothing (or half a request) stays open for ever: a thousand of them exhaust the
//! process's file descriptors and the server stops answering. Here each connection is served by
//! hyper's HTTP/1 builder with a timer and [`Timeouts::header_read`], and watched: a connection
//! that has no request in the handlers and moved no byte either way for [`Timeouts::idle`] is
//! closed (an idle keep-alive connection, a client that stopped reading its response, a request
//! stuck between header and body). At most [`Timeouts::max_connections`] connections are open at
//! once; further clients wait in the listen queue until one closes.

use std::io;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower_service::Service;

/// Connection limits of [`serve_router`].
#[derive(Clone, Debug)]
pub struct Timeouts {
    /// Time a client has to send a request's whole header, from its first byte.
    pub header_read: Duration,
    /// Time a connection may stay without a request in progress and without moving a byte.
    pub idle: Duration,
    /// Connections open at once.
    pub max_connections: usize,
}

impl Default for Timeouts {
    fn default() -> Timeouts {
        Timeouts { header_read: Duration::from_secs(20), idle: Duration::from_secs(20), max_connections: 512 }
    }
}

/// When a connection last moved a byte, and how many of its requests are in the handlers.
struct Activity {
    start: Instant,
    last_ms: AtomicU64,
    busy: AtomicUsize,
}

impl Activity {
    fn new() -> Activity {
        Activity { start: Instant::now(), last_ms: AtomicU64::new(0), busy: AtomicUsize::new(0) }
    }
    fn touch(&self) {
        self.last_ms.store(self.start.elapsed().as_millis() as u64, Ordering::Relaxed);
    }
    fn idle_for(&self) -> Duration {
        let now = self.start.elapsed().as_millis() as u64;
        Duration::from_millis(now.saturating_sub(self.last_ms.load(Ordering::Relaxed)))
    }
}

/// A request in the handlers, counted from when its body has fully arrived (a body that stops
/// coming is idleness, not work) until its response head is out, when the idle clock restarts.
struct Busy {
    act: Arc<Activity>,
    counted: AtomicBool,
}

impl Busy {
    fn start(&self) {
        if !self.counted.swap(true, Ordering::Relaxed) {
            self.act.busy.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.act.touch();
        if *self.counted.get_mut() {
            self.act.busy.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

/// A request body that starts its request's [`Busy`] count once it has all arrived.
struct Arriving {
    inner: Incoming,
    busy: Arc<Busy>,
}

impl http_body::Body for Arriving {
    type Data = bytes::Bytes;
    type Error = hyper::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let r = Pin::new(&mut self.inner).poll_frame(cx);
        if matches!(r, Poll::Ready(None)) || (r.is_ready() && self.inner.is_end_stream()) {
            self.busy.start();
        }
        r
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// A socket that records progress in its [`Activity`].
struct Watched<T> {
    inner: T,
    act: Arc<Activity>,
}

impl<T: AsyncRead + Unpin> AsyncRead for Watched<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.act.touch();
        }
        r
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Watched<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.act.touch();
        }
        r
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Completes when the connection has been idle (no request in the handlers, no byte moved) for `idle`.
async fn idle_out(act: Arc<Activity>, idle: Duration) {
    let tick = (idle / 4).max(Duration::from_millis(10));
    loop {
        let quiet = act.idle_for();
        let busy = act.busy.load(Ordering::Relaxed) > 0;
        if !busy && quiet >= idle {
            return;
        }
        let wait = if busy { idle } else { idle.saturating_sub(quiet) };
        tokio::time::sleep(wait.max(tick)).await;
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then lets open requests finish.
pub async fn serve_router(
    router: Router,
    listener: TcpListener,
    limits: Timeouts,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let max = limits.max_connections.max(1);
    let slots = Arc::new(Semaphore::new(max));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        // A free slot first: beyond the cap, clients wait in the listen queue.
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => p.expect("the semaphore is never closed"),
            _ = &mut shutdown => break,
        };
        let (stream, remote) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    eprintln!("rasd serve: accepting a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let act = Arc::new(Activity::new());
        let io = TokioIo::new(Watched { inner: stream, act: act.clone() });
        let svc_act = act.clone();
        let router = router.clone();
        let svc = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(remote));
            let busy = Arc::new(Busy { act: svc_act.clone(), counted: AtomicBool::new(false) });
            if http_body::Body::is_end_stream(req.body()) {
                busy.start();
            }
            let req = req.map(|inner| Body::new(Arriving { inner, busy: busy.clone() }));
            let mut router = router.clone();
            async move {
                let r = router.call(req).await;
                drop(busy);
                r
            }
        });
        let mut stop = stop_rx.clone();
        let limits = limits.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read);
            let mut conn = pin!(builder.serve_connection(io, svc));
            let mut idle = pin!(idle_out(act, limits.idle));
            let mut stopping = false;
            loop {
                tokio::select! {
                    _ = conn.as_mut() => break,
                    // Dropping the connection closes the socket.
                    _ = &mut idle => break,
                    r = stop.changed(), if !stopping => {
                        stopping = true;
                        if r.is_ok() {
                            conn.as_mut().graceful_shutdown();
                        }
                    }
                }
            }
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    // Every connection holds a slot until it ends.
    let _all = slots.acquire_many(max as u32).await;
    Ok(())
}
