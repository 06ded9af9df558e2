//! VP8 frames as a recording needs them: whether a frame is a key frame, and the
//! picture size a key frame carries (RFC 6386 §9.1).

use std::fs::File;

use webrtc::rtp::codecs::vp8::Vp8Packet;

use super::container::Container;
use super::webm::Webm;
use super::VideoFormat;
use crate::error::Result;

pub struct Vp8;

impl VideoFormat for Vp8 {
    type Depacketizer = Vp8Packet;

    fn is_key(frame: &[u8]) -> bool {
        frame.first().is_some_and(|tag| tag & 0x01 == 0)
    }

    fn open(file: &File, key_frame: &[u8]) -> Result<Option<Box<dyn Container>>> {
        let Some((width, height)) = size(key_frame) else { return Ok(None) };
        Ok(Some(Box::new(Webm::create(super::reopen(file)?, width, height)?)))
    }
}

/// The width and height of a key frame: after the 3-byte frame tag, the start code
/// 9d 01 2a, then two 14-bit sizes (the top two bits scale, ignored here).
fn size(frame: &[u8]) -> Option<(u32, u32)> {
    if frame.get(3..6)? != [0x9d, 0x01, 0x2a] {
        return None;
    }
    let width = u16::from_le_bytes([*frame.get(6)?, *frame.get(7)?]) & 0x3fff;
    let height = u16::from_le_bytes([*frame.get(8)?, *frame.get(9)?]) & 0x3fff;
    (width > 0 && height > 0).then_some((u32::from(width), u32::from(height)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_frame_tells_its_size() {
        let key = [0x50, 0x42, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01, 0x00];
        assert!(Vp8::is_key(&key));
        assert_eq!(size(&key), Some((640, 480)));
        assert!(!Vp8::is_key(&[0x31, 0x02, 0x00]));
        assert_eq!(size(&[0x50, 0x42, 0x00, 0x00]), None);
    }
}
