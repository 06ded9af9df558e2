//! Runs a decode on a worker thread and gives up on it at a deadline.
//!
//! rxing has had endless loops on some pictures. A thread cannot be killed, so a decode
//! that overruns is abandoned: the caller gets [`Error::ScanTimedOut`] at once and the
//! worker is left to finish on its own. A worker that finishes in time is kept for the
//! next decode: a warm thread (stack and allocator arena already mapped) starts at once,
//! where a new thread per frame costs more than a quick decode. The number of abandoned workers still running is
//! capped; past the cap the scanner refuses work with [`Error::ScannerBusy`] instead of
//! piling up threads that burn the phone's battery.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use parking_lot::Mutex;

use crate::{Error, Result};

use crate::decode::panic_message;

const RUNNING: u8 = 0;
const FINISHED: u8 = 1;
const ABANDONED: u8 = 2;

/// Work handed to a worker thread.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// Runs bounded jobs on worker threads and counts the abandoned ones still running.
#[derive(Debug)]
pub(crate) struct Watchdog {
    abandoned: Arc<AtomicUsize>,
    max_abandoned: usize,
    /// The idle worker, if any: dropping its sender ends its thread.
    idle: Mutex<Option<mpsc::Sender<Job>>>,
}

impl Watchdog {
    pub(crate) fn new(max_abandoned: usize) -> Self {
        Watchdog {
            abandoned: Arc::new(AtomicUsize::new(0)),
            max_abandoned,
            idle: Mutex::new(None),
        }
    }

    /// The idle worker, or a new one when there is none (or another call holds it).
    fn worker(&self) -> Result<mpsc::Sender<Job>> {
        if let Some(worker) = self.idle.lock().take() {
            return Ok(worker);
        }
        let (sender, jobs) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("sightline-scan".into())
            .spawn(move || jobs.into_iter().for_each(|job| job()))
            .map_err(|e| Error::DecoderFailed(format!("cannot start a decode thread: {e}")))?;
        Ok(sender)
    }

    /// Keeps `worker` for the next job unless another one is already kept.
    fn park(&self, worker: mpsc::Sender<Job>) {
        self.idle.lock().get_or_insert(worker);
    }

    /// Abandoned jobs that have not finished yet.
    pub(crate) fn abandoned(&self) -> usize {
        self.abandoned.load(Ordering::Acquire)
    }

    /// Runs `job` on a worker thread and waits at most `limit` for it. A panic in the job
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
        let work: Job = Box::new(move || {
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
        });
        let worker = self.worker()?;
        let worker = match worker.send(work) {
            Ok(()) => worker,
            Err(returned) => {
                // The kept worker is gone (its thread ended): hand the job to a new one.
                let fresh = self.worker()?;
                fresh.send(returned.0).map_err(|_| {
                    Error::DecoderFailed("decode thread ended before its job".into())
                })?;
                fresh
            }
        };
        match receiver.recv_timeout(limit) {
            Ok(outcome) => {
                self.park(worker);
                outcome
            }
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
                self.park(worker);
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
    fn a_worker_is_kept_between_jobs_but_not_after_it_is_abandoned() {
        let watchdog = Watchdog::new(1);
        let thread = || Ok(std::thread::current().id());
        let first = watchdog
            .run(Duration::from_secs(60), thread)
            .expect("first");
        let second = watchdog
            .run(Duration::from_secs(60), thread)
            .expect("second");
        assert_eq!(first, second);
        assert_ne!(first, std::thread::current().id());
        let release = Arc::new(Barrier::new(2));
        let held = Arc::clone(&release);
        let stuck = watchdog.run(Duration::from_millis(1), move || {
            held.wait();
            Ok(std::thread::current().id())
        });
        assert!(matches!(stuck, Err(Error::ScanTimedOut { .. })));
        release.wait();
        while watchdog.abandoned() > 0 {
            std::thread::yield_now();
        }
        let after = watchdog
            .run(Duration::from_secs(60), thread)
            .expect("after");
        assert_ne!(after, first, "the abandoned worker must not be reused");
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
