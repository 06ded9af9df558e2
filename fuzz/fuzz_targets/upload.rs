//! Fuzzes the server's check of an uploaded picture: any bytes are refused with a typed
//! error or accepted, never a panic or an unbounded allocation, and what is accepted
//! comes back as a JPEG of the same size that passes the check itself.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(picture) = sightline_picture::check(bytes) else { return };
    let again = sightline_picture::check(&picture.jpeg).expect("the re-encoded picture passes");
    assert_eq!((again.width, again.height), (picture.width, picture.height));
});
