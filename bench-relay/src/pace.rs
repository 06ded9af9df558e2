//! A thread that runs a step at a fixed rate on an absolute schedule (a late step
//! does not shift the ones after it), until its flag is lowered.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// Lowers the flag when dropped, which stops the thread after its current step.
pub struct Paced {
    running: Arc<AtomicBool>,
}

impl Drop for Paced {
    fn drop(&mut self) {
        self.running.store(false, Ordering::Release);
    }
}

/// Calls `step(tick)` every `period` on a new thread.
pub fn spawn(period: Duration, mut step: impl FnMut(u32) + Send + 'static) -> Paced {
    let running = Arc::new(AtomicBool::new(true));
    let flag = running.clone();
    thread::spawn(move || {
        let started = Instant::now();
        let mut tick: u32 = 0;
        while flag.load(Ordering::Acquire) {
            step(tick);
            tick = tick.wrapping_add(1);
            if let Some(wait) = (started + period * tick).checked_duration_since(Instant::now()) {
                thread::sleep(wait);
            }
        }
    });
    Paced { running }
}
