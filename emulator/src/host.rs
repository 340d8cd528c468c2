//! The native host of the core (`stytch_emulator_core::host::Host`): password work on
//! tokio's blocking threads, at most `limits::password_workers()` at once (each argon2 check
//! holds 8 MiB, see the core's `hashing`), tokio's timer, and the `--state` file.

use std::sync::Arc;
use std::time::Duration;

use stytch_emulator_core::host::{BoxFuture, Host, Snapshots, Work};
use tokio::sync::Semaphore;

use crate::persist::Persister;

pub struct Native {
    /// Blocking work running at once, at most this many.
    permits: Arc<Semaphore>,
    state_file: Option<Persister>,
}

impl Native {
    pub fn new(workers: usize, state_file: Option<Persister>) -> Self {
        Self { permits: Arc::new(Semaphore::new(workers)), state_file }
    }
}

impl Host for Native {
    fn blocking(&self, work: Work) -> BoxFuture<()> {
        let permits = self.permits.clone();
        Box::pin(async move {
            let Ok(_permit) = permits.acquire().await else { return };
            // A panic in the work ends the task; the caller sees the work never finish.
            let _ = tokio::task::spawn_blocking(work).await;
        })
    }

    fn sleep(&self, duration: Duration) -> Option<BoxFuture<()>> {
        Some(Box::pin(tokio::time::sleep(duration)))
    }

    fn snapshots(&self) -> Option<&dyn Snapshots> {
        self.state_file.as_ref().map(|p| p as &dyn Snapshots)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The bound that keeps argon2's memory bounded: no more blocking work at once than workers.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_blocking_work_runs_at_once_than_workers() {
        let host: Arc<dyn Host> = Arc::new(Native::new(2, None));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..8u64)
            .map(|i| {
                let (host, running, most) = (host.clone(), running.clone(), most.clone());
                tokio::spawn(async move {
                    stytch_emulator_core::host::run_blocking(&host, move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        // Some real work, so that the tasks overlap if nothing stops them.
                        let h = (0..2_000_000u64).fold(i, |a, b| std::hint::black_box(a.wrapping_mul(31).wrapping_add(b)));
                        running.fetch_sub(1, Ordering::SeqCst);
                        h
                    })
                    .await
                })
            })
            .collect();
        for t in tasks {
            assert!(t.await.unwrap().is_some(), "every piece of work ran");
        }
        assert!(most.load(Ordering::SeqCst) <= 2, "at most 2 at once, saw {}", most.load(Ordering::SeqCst));
    }
}
