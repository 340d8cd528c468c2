//! Locking shared state.

use std::sync::{Mutex, MutexGuard};

/// Locks a mutex whether or not a panicking thread poisoned it: a handler that panicked
/// (answered as a 500) must not take the emulator down with it.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
