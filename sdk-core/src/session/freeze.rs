//! Freezing the picture for the technicians: while a technician holds it, the stream
//! carries one frame (the first the app pushes after the freeze), sent again every
//! [`REPEAT_EVERY`] so the stream stays alive and a technician who joins gets the
//! picture; the frames the app pushes meanwhile are not encoded. The app's
//! [`FreezeListener`] hears each change, to show "frozen".

use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use crate::VideoFrame;

/// How often the held frame is sent again while the picture is frozen.
pub const REPEAT_EVERY: Duration = Duration::from_millis(500);

/// The app's listener for freezes. Called from the SDK's own threads; keep the calls short.
pub trait FreezeListener: Send + Sync {
    /// A technician froze the picture (`true`) or let it go live again (`false`).
    fn on_freeze_changed(&self, frozen: bool);
}

/// Whether the session's picture is frozen, and the frame it holds.
#[derive(Default)]
pub struct Freeze {
    held: Mutex<Held>,
    listener: Mutex<Option<Arc<dyn FreezeListener>>>,
}

#[derive(Default)]
struct Held {
    frozen: bool,
    /// The held frame and when it was held, once the app pushed one after the freeze.
    frame: Option<(VideoFrame, Instant)>,
}

impl Freeze {
    /// Whether a technician holds the picture now.
    pub fn is_frozen(&self) -> bool {
        self.held.lock().frozen
    }

    /// Sets the listener told of every later change.
    pub fn set_listener(&self, listener: Arc<dyn FreezeListener>) {
        *self.listener.lock() = Some(listener);
    }

    /// Freezes or unfreezes the picture; the listener hears of a change.
    pub(super) fn set(&self, frozen: bool) {
        {
            let mut held = self.held.lock();
            if held.frozen == frozen {
                return;
            }
            *held = Held { frozen, frame: None };
        }
        let listener = self.listener.lock().clone();
        if let Some(listener) = listener {
            listener.on_freeze_changed(frozen);
        }
    }

    /// A raw frame the app pushed, to encode: all of them while live; while frozen only
    /// the first, which becomes the held one.
    pub(super) fn pass(&self, frame: VideoFrame) -> Option<VideoFrame> {
        let mut held = self.held.lock();
        if !held.frozen {
            return Some(frame);
        }
        if held.frame.is_some() {
            return None;
        }
        held.frame = Some((frame.clone(), Instant::now()));
        Some(frame)
    }

    /// The held frame again, stamped with the time since it was held; `None` while live
    /// or before a frame is held.
    pub(super) fn repeat(&self) -> Option<VideoFrame> {
        let held = self.held.lock();
        let (frame, at) = held.frame.as_ref().filter(|_| held.frozen)?;
        let mut again = frame.clone();
        let elapsed = u64::try_from(at.elapsed().as_micros()).unwrap_or(u64::MAX);
        again.timestamp_us = frame.timestamp_us.saturating_add(elapsed);
        Some(again)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PixelFormat;

    struct Told(Mutex<Vec<bool>>);

    impl FreezeListener for Told {
        fn on_freeze_changed(&self, frozen: bool) {
            self.0.lock().push(frozen);
        }
    }

    fn frame(shade: u8, timestamp_us: u64) -> VideoFrame {
        VideoFrame::packed(PixelFormat::Rgba, 4, 4, vec![shade; 64], timestamp_us).expect("frame")
    }

    #[test]
    fn a_frozen_picture_holds_its_first_frame_and_encodes_no_other() {
        let freeze = Freeze::default();
        let told = Arc::new(Told(Mutex::new(Vec::new())));
        freeze.set_listener(told.clone());
        assert!(freeze.pass(frame(1, 0)).is_some(), "live frames pass");
        assert!(freeze.repeat().is_none(), "nothing is repeated while live");

        freeze.set(true);
        freeze.set(true);
        assert!(freeze.is_frozen());
        assert!(freeze.repeat().is_none(), "nothing is held before a frame comes");
        let held = freeze.pass(frame(2, 100)).expect("the first frame after the freeze is sent");
        assert_eq!(held.data[0], 2);
        assert!(freeze.pass(frame(3, 200)).is_none(), "later frames are not encoded");
        let again = freeze.repeat().expect("the held frame is sent again");
        assert_eq!((again.data[0], again.width), (2, 4), "it is the held frame");
        assert!(again.timestamp_us >= 100);

        freeze.set(false);
        assert!(freeze.repeat().is_none(), "the held frame is let go");
        assert_eq!(freeze.pass(frame(4, 300)).map(|f| f.data[0]), Some(4), "live frames pass again");
        assert_eq!(*told.0.lock(), vec![true, false], "the listener hears each change once");
    }
}
