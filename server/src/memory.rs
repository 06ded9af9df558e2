//! How the server's process hands freed memory back to the system.
//!
//! glibc's malloc raises its mmap threshold to the size of any large block freed (up to
//! 32 MiB) and its trim threshold to twice that. From then on, large buffers come from
//! the per-thread arenas instead of their own mappings, and an arena other than the main
//! one keeps the freed top of its heap up to that trim threshold; `malloc_trim` does not
//! shrink those tops. A relay whose peer connections come and go (each with its own
//! large buffers, freed on many threads) then stays at its peak: measured with the leak
//! test, the live heap came back after hundreds of phone sessions while resident memory
//! stayed ~90 KB a session higher. Fixing both thresholds at glibc's defaults turns that
//! adjustment off, so large buffers are unmapped when freed and arenas trim their tops.

/// Large blocks get their own mapping and freed heap tops go back beyond this size.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const THRESHOLD_BYTES: libc::c_int = 128 * 1024;

/// Makes freed memory go back to the system (see the module's notes). Call once, early.
pub fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt only changes malloc's tuning; both options take a byte count.
        let set = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD_BYTES) == 1 && libc::mallopt(libc::M_TRIM_THRESHOLD, THRESHOLD_BYTES) == 1 };
        if !set {
            tracing::warn!("malloc refused its thresholds: freed memory may stay resident");
        }
    }
}
