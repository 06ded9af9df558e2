//! Where the relay hands a recording its media: a bounded channel the forwarding loop
//! and the voice mix write to without waiting. A full channel drops the frame and
//! counts it, so a slow disk never holds up the video the technicians watch.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use tokio::sync::mpsc;
use webrtc::rtp::packet::Packet;

/// Inputs waiting for the recorder at most (about four seconds of video and audio).
pub(super) const CAPACITY: usize = 1024;

#[derive(Debug)]
pub(super) enum Input {
    /// One RTP packet of the phone's video as forwarded (after the continuity rewrite).
    Video { packet: Packet, at: Instant },
    /// One Opus packet of the session's whole mix (20 ms).
    Audio { packet: Vec<u8>, at: Instant },
}

#[derive(Debug)]
pub struct Tap {
    tx: mpsc::Sender<Input>,
    dropped: AtomicU64,
}

impl Tap {
    pub(super) fn new() -> (Tap, mpsc::Receiver<Input>) {
        let (tx, rx) = mpsc::channel(CAPACITY);
        (Tap { tx, dropped: AtomicU64::new(0) }, rx)
    }

    /// A forwarded video packet.
    pub fn video(&self, packet: &Packet) {
        self.send(Input::Video { packet: packet.clone(), at: Instant::now() });
    }

    /// An encoded frame of the whole voice mix.
    pub fn audio(&self, packet: Vec<u8>) {
        self.send(Input::Audio { packet, at: Instant::now() });
    }

    /// Inputs dropped because the recorder fell behind.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    fn send(&self, input: Input) {
        if self.tx.try_send(input).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }
}
