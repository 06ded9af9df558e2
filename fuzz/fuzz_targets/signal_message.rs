//! Feeds arbitrary bytes to the signaling parsers: they must answer Ok or a typed
//! error, never panic, and whatever they accept must survive a round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline_wire::{ClientMessage, ServerMessage};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(message) = ClientMessage::parse(text) {
        assert_eq!(ClientMessage::parse(&message.to_json()), Ok(message));
    }
    if let Ok(message) = ServerMessage::parse(text) {
        assert_eq!(ServerMessage::parse(&message.to_json()), Ok(message));
    }
});
