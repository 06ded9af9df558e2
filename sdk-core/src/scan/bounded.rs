//! Runs a decode on a worker thread and gives up on it at a deadline.
//!
//! rxing has had endless loops on some pictures. A thread cannot be killed, so a decode
//! that overruns is abandoned: the caller gets [`Error::ScanTimedOut`] at once and the
//! worker is left to finish on its own. The number of abandoned workers still running is
//! capped; past the cap the scanner refuses work with [`Error::ScannerBusy`] instead of
//! piling up threads that burn the phone's battery.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use crate::{Error, Result};

use super::decode::panic_message;

const RUNNING: u8 = 0;
const FINISHED: u8 = 1;
const ABANDONED: u8 = 2;

/// Spawns bounded jobs and counts the abandoned ones still running.
#[derive(Debug)]
pub(crate) struct Watchdog {
    abandoned: Arc<AtomicUsize>,
    max_abandoned: usize,
}

impl Watchdog {
    pub(crate) fn new(max_abandoned: usize) -> Self {
        Watchdog {
            abandoned: Arc::new(AtomicUsize::new(0)),
            max_abandoned,
        }
    }

    /// Abandoned jobs that have not finished yet.
    pub(crate) fn abandoned(&self) -> usize {
        self.abandoned.load(Ordering::Acquire)
    }

    /// Runs `job` on a new thread and waits at most `limit` for it. A panic in the job
    /// becomes [`Error::DecoderFailed`].
    pub(crate) fn run<T, F>(&self, limit: Duration, job: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce() -> Result<T> + Send + 'static,
    {
        let stuck = self.abandoned();
        if stuck >= self.max_abandoned {
            return Err(Error::ScannerBusy { stuck });
        }
        let state = Arc::new(AtomicU8::new(RUNNING));
        let (sender, receiver) = mpsc::sync_channel(1);
        let worker_state = Arc::clone(&state);
        let abandoned = Arc::clone(&self.abandoned);
        std::thread::Builder::new()
            .name("sightline-scan".into())
            .spawn(move || {
                let outcome = catch_unwind(AssertUnwindSafe(job)).unwrap_or_else(|payload| {
                    Err(Error::DecoderFailed(panic_message(payload.as_ref())))
                });
                if worker_state
                    .compare_exchange(RUNNING, FINISHED, Ordering::AcqRel, Ordering::Acquire)
                    .is_err()
                {
                    // The caller gave up on this job: it no longer counts as stuck.
                    abandoned.fetch_sub(1, Ordering::AcqRel);
                }
                // The receiver is gone when the job was abandoned; nothing is left to tell.
                let _ = sender.send(outcome);
            })
            .map_err(|e| Error::DecoderFailed(format!("cannot start a decode thread: {e}")))?;
        match receiver.recv_timeout(limit) {
            Ok(outcome) => outcome,
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(Error::DecoderFailed(
                "decode thread ended without an answer".into(),
            )),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if state
                    .compare_exchange(RUNNING, ABANDONED, Ordering::AcqRel, Ordering::Acquire)
                    .is_ok()
                {
                    self.abandoned.fetch_add(1, Ordering::AcqRel);
                    let budget_ms = u64::try_from(limit.as_millis()).unwrap_or(u64::MAX);
                    return Err(Error::ScanTimedOut { budget_ms });
                }
                // It finished just as the time ran out: its answer is on the way.
                receiver.recv().unwrap_or_else(|_| {
                    Err(Error::DecoderFailed(
                        "decode thread ended without an answer".into(),
                    ))
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;

    #[test]
    fn answers_pass_through_and_panics_become_errors() {
        let watchdog = Watchdog::new(1);
        assert_eq!(
            watchdog
                .run(Duration::from_secs(60), || Ok(7))
                .expect("answer"),
            7
        );
        let panicked = watchdog.run::<(), _>(Duration::from_secs(60), || panic!("boom in decoder"));
        assert!(
            matches!(panicked, Err(Error::DecoderFailed(message)) if message.contains("boom in decoder"))
        );
    }

    #[test]
    fn a_stuck_job_is_abandoned_then_counted_until_it_ends() {
        let watchdog = Watchdog::new(1);
        let release = Arc::new(Barrier::new(2));
        let held = Arc::clone(&release);
        let stuck = watchdog.run(Duration::from_millis(1), move || {
            held.wait();
            Ok(())
        });
        assert!(matches!(stuck, Err(Error::ScanTimedOut { budget_ms: 1 })));
        assert_eq!(watchdog.abandoned(), 1);
        assert!(matches!(
            watchdog.run(Duration::from_secs(60), || Ok(())),
            Err(Error::ScannerBusy { stuck: 1 })
        ));
        release.wait();
        // The released job ends and stops counting; new work is accepted again.
        while watchdog.abandoned() > 0 {
            std::thread::yield_now();
        }
        assert_eq!(
            watchdog
                .run(Duration::from_secs(60), || Ok(3))
                .expect("accepted again"),
            3
        );
    }
}
