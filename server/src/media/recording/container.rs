//! What a recording writes into: a container with one video and one audio track,
//! fed frames in time order (nanoseconds from the first key frame). The audio is always
//! the session's mix: Opus, mono, 48 kHz.

use crate::error::Result;

/// libopus's look-ahead at 48 kHz: the samples a player skips at the start.
pub const OPUS_PRE_SKIP: u16 = 312;

pub trait Container: Send {
    fn video(&mut self, frame: &[u8], at_ns: u64, key: bool) -> Result<()>;
    fn audio(&mut self, packet: &[u8], at_ns: u64) -> Result<()>;
    /// Writes the indexes and the duration; the file is complete after it.
    fn finish(self: Box<Self>, duration_ns: u64) -> Result<()>;
}
