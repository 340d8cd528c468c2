//! Crash-safe `--state` files.
//!
//! Every change is snapshotted with a version number taken under the world lock, so a
//! higher version always contains every change of a lower one. One writer at a time writes
//! the newest staged snapshot to a fresh temporary file, fsyncs it, renames it over the
//! state file and fsyncs the directory; requests that staged older versions meanwhile are
//! covered by that write (group commit). A response is sent only after its snapshot (or a
//! newer one) is on disk, so a `kill -9` loses no acknowledged change, and the state file
//! is always a complete snapshot: never partial, never older than one already published.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use stytch_emulator_core::host::{BoxFuture, Snapshots};

use crate::sync::lock;

#[derive(Clone)]
pub struct Persister(Arc<Inner>);

struct Inner {
    path: PathBuf,
    next_version: AtomicU64,
    /// The newest snapshot not yet on disk.
    staged: Mutex<Option<(u64, Vec<u8>)>>,
    /// The version on disk. Held while writing: there is one writer at a time.
    written: Mutex<u64>,
    temp_counter: AtomicU64,
}

impl Persister {
    pub fn new(path: PathBuf) -> Self {
        remove_stale_temp_files(&path);
        Self(Arc::new(Inner {
            path,
            next_version: AtomicU64::new(1),
            staged: Mutex::new(None),
            written: Mutex::new(0),
            temp_counter: AtomicU64::new(0),
        }))
    }

    /// Stages a snapshot; call it while holding the world lock. Returns its version.
    pub fn stage(&self, bytes: Vec<u8>) -> u64 {
        let version = self.0.next_version.fetch_add(1, Ordering::SeqCst);
        let mut staged = lock(&self.0.staged);
        if staged.as_ref().is_none_or(|(v, _)| *v < version) {
            *staged = Some((version, bytes));
        }
        version
    }

    /// Returns once version `want` or a newer one is on disk (blocking: file I/O).
    pub fn flush(&self, want: u64) -> std::io::Result<()> {
        let mut written = lock(&self.0.written);
        if *written >= want {
            return Ok(());
        }
        // Staged versions only grow, and `want` was staged before this call: what is
        // staged now is `want` or newer.
        let Some((version, bytes)) = lock(&self.0.staged).take() else {
            return Err(std::io::Error::other("no snapshot staged"));
        };
        match self.write(&bytes) {
            Ok(()) => {
                *written = version;
                Ok(())
            }
            Err(e) => {
                // Put it back unless a newer one arrived, so the next flush retries it.
                let mut staged = lock(&self.0.staged);
                if staged.as_ref().is_none_or(|(v, _)| *v < version) {
                    *staged = Some((version, bytes));
                }
                Err(e)
            }
        }
    }

    fn write(&self, bytes: &[u8]) -> std::io::Result<()> {
        let n = self.0.temp_counter.fetch_add(1, Ordering::Relaxed);
        let tmp = temp_path(&self.0.path, n);
        let result = (|| {
            let mut f = File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            drop(f);
            std::fs::rename(&tmp, &self.0.path)?;
            sync_dir(&self.0.path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

/// The core's snapshots go to the file; writing it blocks, so it runs on a blocking thread.
impl Snapshots for Persister {
    fn stage(&self, bytes: Vec<u8>) -> u64 {
        Persister::stage(self, bytes)
    }

    fn flush(&self, want: u64) -> BoxFuture<std::io::Result<()>> {
        let persister = self.clone();
        Box::pin(async move { tokio::task::spawn_blocking(move || persister.flush(want)).await.map_err(std::io::Error::other)? })
    }
}

fn temp_prefix(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!(".{name}.")
}

/// A name no other writer uses: the process id and a counter, beside the state file.
fn temp_path(path: &Path, n: u64) -> PathBuf {
    path.with_file_name(format!("{}{}.{n}.tmp", temp_prefix(path), std::process::id()))
}

/// Temporary files left by a process that was killed mid-write.
fn remove_stale_temp_files(path: &Path) {
    let dir = parent_dir(path);
    let prefix = temp_prefix(path);
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with(&prefix) && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Makes the rename itself durable.
fn sync_dir(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(parent_dir(path))?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("stytch-persist-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn a_flush_writes_the_newest_staged_snapshot_and_covers_older_ones() {
        let d = dir("order");
        let p = Persister::new(d.join("state.json"));
        let v1 = p.stage(b"one".to_vec());
        let v2 = p.stage(b"two".to_vec());
        p.flush(v1).unwrap();
        assert_eq!(std::fs::read(d.join("state.json")).unwrap(), b"two", "the newest staged one is written");
        p.flush(v2).unwrap(); // already covered: nothing staged, nothing to do
        let v3 = p.stage(b"three".to_vec());
        p.flush(v3).unwrap();
        assert_eq!(std::fs::read(d.join("state.json")).unwrap(), b"three");
        let left: Vec<_> = std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("state.json")], "no temporary file left");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn stale_temp_files_are_removed_on_start() {
        let d = dir("stale");
        let path = d.join("state.json");
        std::fs::write(temp_path(&path, 7), b"partial").unwrap();
        std::fs::write(d.join("other.tmp"), b"not ours").unwrap();
        let _p = Persister::new(path);
        let mut left: Vec<_> = std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        left.sort();
        assert_eq!(left, vec!["other.tmp".to_string()]);
        let _ = std::fs::remove_dir_all(&d);
    }
}
