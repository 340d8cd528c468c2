//! What the core needs from the machine it runs on, and nothing else: somewhere to run
//! CPU-heavy work (argon2) without holding up other requests, a timer, and somewhere to keep
//! `--state` snapshots. The native server (`stytch-emulator`) answers with blocking threads,
//! tokio's timer and a state file; `Inline` answers with none of them, which is what a
//! single-threaded wasm32 host can do. The clock is `web-time`'s (the system clock natively,
//! `Date.now()` on wasm32), read by `World::now`.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::sync::lock;

pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// A piece of CPU-heavy work for `Host::blocking`.
pub type Work = Box<dyn FnOnce() + Send + 'static>;

pub trait Host: Send + Sync + 'static {
    /// Runs `work`; the future ends once it has run (or could not run). By default at once,
    /// on the caller's thread.
    fn blocking(&self, work: Work) -> BoxFuture<()> {
        work();
        Box::pin(std::future::ready(()))
    }

    /// A future that ends after `duration`, or None when the host has no timer: then a
    /// latency fault answers at once and a request body has no read deadline.
    fn sleep(&self, duration: Duration) -> Option<BoxFuture<()>> {
        let _ = duration;
        None
    }

    /// Where snapshots of the state are kept (`--state`); None keeps none.
    fn snapshots(&self) -> Option<&dyn Snapshots> {
        None
    }
}

/// Keeps snapshots of the whole state, newest wins.
pub trait Snapshots: Send + Sync {
    /// Stages a snapshot; called while holding the world lock, so versions follow the order
    /// of the changes they contain. Returns its version.
    fn stage(&self, bytes: Vec<u8>) -> u64;
    /// Ends once version `want`, or a newer one, is kept.
    fn flush(&self, want: u64) -> BoxFuture<std::io::Result<()>>;
}

/// A host with no threads, timer or storage: work runs inline, sleeps end at once, nothing
/// is kept. What wasm32 has; also what the fuzz targets and in-process tests use.
pub struct Inline;

impl Host for Inline {}

/// Runs `work` through the host's `blocking` and returns its answer; None if it never ran
/// to the end (a panic, or a host shutting down).
pub async fn run_blocking<T: Send + 'static>(host: &Arc<dyn Host>, work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let answer = Arc::new(Mutex::new(None));
    let slot = answer.clone();
    host.blocking(Box::new(move || *lock(&slot) = Some(work()))).await;
    let taken = lock(&answer).take();
    taken
}

/// Runs a future that an `Inline` host never leaves pending to its end: one poll.
#[cfg(test)]
pub(crate) fn finish_inline<F: Future>(future: F) -> F::Output {
    struct Nobody;
    impl std::task::Wake for Nobody {
        fn wake(self: Arc<Self>) {}
    }
    let waker = std::task::Waker::from(Arc::new(Nobody));
    match std::pin::pin!(future).poll(&mut std::task::Context::from_waker(&waker)) {
        std::task::Poll::Ready(answer) => answer,
        std::task::Poll::Pending => panic!("an inline host left the future pending"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inline_host_runs_work_at_once_and_has_no_timer_or_storage() {
        let host: Arc<dyn Host> = Arc::new(Inline);
        assert_eq!(finish_inline(run_blocking(&host, || 6 * 7)), Some(42), "done in one poll");
        assert!(host.sleep(Duration::from_secs(1)).is_none());
        assert!(host.snapshots().is_none());
    }
}
