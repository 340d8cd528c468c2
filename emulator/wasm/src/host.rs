//! The core's host in JS (`stytch_emulator_core::host::Host`): password work inline (there are
//! no threads), the JS timer (`setTimeout`, so latency faults and body deadlines really wait),
//! and snapshots kept for the JS host to write to its state file.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use stytch_emulator_core::host::{BoxFuture, Host, Snapshots};
use stytch_emulator_core::sync::lock;
use wasm_bindgen::prelude::*;

// The timers live on the JS side by number, so the Rust future holding one stays `Send` (the
// core's futures are) and can cancel it when dropped. Unref'd in Node: a pending timer serves
// a request, whose socket keeps the process alive anyway.
#[wasm_bindgen(inline_js = "
const timers = new Map();
let next = 1;
export function startTimer(ms, done) {
  const id = next++;
  const t = setTimeout(() => { timers.delete(id); done(); }, ms);
  if (t && typeof t.unref === 'function') t.unref();
  timers.set(id, t);
  return id;
}
export function cancelTimer(id) {
  const t = timers.get(id);
  if (t !== undefined) { clearTimeout(t); timers.delete(id); }
}
")]
extern "C" {
    #[wasm_bindgen(js_name = startTimer)]
    fn start_timer(ms: f64, done: &JsValue) -> u32;
    #[wasm_bindgen(js_name = cancelTimer)]
    fn cancel_timer(id: u32);
}

pub struct JsHost {
    /// With a state file: the newest snapshot not yet taken by the JS host.
    snapshots: Option<Pending>,
}

impl JsHost {
    pub fn new(persist: bool) -> Self {
        Self { snapshots: persist.then(Pending::default) }
    }

    pub fn take_snapshot(&self) -> Option<Vec<u8>> {
        self.snapshots.as_ref().and_then(|p| lock(&p.newest).take())
    }
}

impl Host for JsHost {
    fn sleep(&self, duration: Duration) -> Option<BoxFuture<()>> {
        Some(Box::pin(Sleep { ms: duration.as_millis() as f64, shared: Arc::default(), timer: None }))
    }

    fn snapshots(&self) -> Option<&dyn Snapshots> {
        self.snapshots.as_ref().map(|p| p as &dyn Snapshots)
    }
}

/// Snapshots for the JS host, newest wins. `flush` ends at once: the JS host writes the newest
/// snapshot (`take_snapshot`) after the request's answer is made and before it sends it, and
/// JS runs one thing at a time, so an acknowledged change is on disk as with the native
/// binary's state file.
#[derive(Default)]
struct Pending {
    newest: Mutex<Option<Vec<u8>>>,
    next_version: Mutex<u64>,
}

impl Snapshots for Pending {
    fn stage(&self, bytes: Vec<u8>) -> u64 {
        // Called under the world lock: the last staged is the newest.
        *lock(&self.newest) = Some(bytes);
        let mut version = lock(&self.next_version);
        *version += 1;
        *version
    }

    fn flush(&self, _want: u64) -> BoxFuture<std::io::Result<()>> {
        Box::pin(std::future::ready(Ok(())))
    }
}

#[derive(Default)]
struct TimerState {
    done: bool,
    waker: Option<Waker>,
}

/// A `setTimeout` started at the first poll (a deadline raced by work that is already done
/// never starts one) and cancelled if dropped before it ends.
struct Sleep {
    ms: f64,
    shared: Arc<Mutex<TimerState>>,
    timer: Option<u32>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        {
            let mut state = lock(&self.shared);
            if state.done {
                return Poll::Ready(());
            }
            state.waker = Some(cx.waker().clone());
        }
        if self.timer.is_none() {
            let shared = self.shared.clone();
            let done = Closure::once_into_js(move || {
                let mut state = lock(&shared);
                state.done = true;
                if let Some(w) = state.waker.take() {
                    w.wake();
                }
            });
            self.timer = Some(start_timer(self.ms, &done));
        }
        Poll::Pending
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if let Some(id) = self.timer {
            if !lock(&self.shared).done {
                cancel_timer(id);
            }
        }
    }
}

/// Runs a future that cannot be pending (the snapshot at start: `flush` ends at once).
pub fn finish_now<F: Future>(future: F) -> Option<F::Output> {
    struct Nobody;
    impl Wake for Nobody {
        fn wake(self: Arc<Self>) {}
    }
    let waker = Waker::from(Arc::new(Nobody));
    match std::pin::pin!(future).poll(&mut Context::from_waker(&waker)) {
        Poll::Ready(answer) => Some(answer),
        Poll::Pending => None,
    }
}
