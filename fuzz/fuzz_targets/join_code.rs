//! Fuzzes the reading of join codes (and internal invitations' codes) as people type or
//! paste them: whatever is read is nine ASCII digits that read as themselves.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline_wire::join_code::{from_code_or_link, normalise};

fuzz_target!(|data: &[u8]| {
    let Ok(typed) = std::str::from_utf8(data) else { return };
    for code in [normalise(typed), from_code_or_link(typed)].into_iter().flatten() {
        assert!(code.len() == 9 && code.bytes().all(|b| b.is_ascii_digit()), "{code:?}");
        assert_eq!(normalise(&code).as_deref(), Some(code.as_str()));
    }
});
