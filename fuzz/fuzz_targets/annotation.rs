//! Fuzzes annotation payloads as the HTTP API and the live `annotate` message carry them:
//! parsed and checked, never a panic; one that passes the check survives a round trip
//! unchanged and still passes.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline_wire::NewAnnotation;

fuzz_target!(|data: &[u8]| {
    let Ok(new) = serde_json::from_slice::<NewAnnotation>(data) else { return };
    if new.check().is_ok() {
        let text = serde_json::to_string(&new).expect("an annotation serialises");
        let back: NewAnnotation = serde_json::from_str(&text).expect("its JSON parses");
        assert_eq!(back, new);
        assert_eq!(back.check(), Ok(()));
    }
});
