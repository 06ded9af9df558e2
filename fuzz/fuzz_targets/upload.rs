//! Fuzzes the server's check of an uploaded picture: any bytes are refused with a typed
//! error or accepted, never a panic or an unbounded allocation, and what is accepted
//! comes back as a JPEG of the same size that passes the check itself.
//!
//! Every input goes through the structure and header checks. Only pictures of at most
//! `DECODED_PIXELS` are decoded: decoding is linear in the declared pixels, and a few
//! kilobytes of PNG may declare a legal 8192×8192 picture, whose decode under the
//! sanitizer outlasts the per-input timeout without finding anything in our code.

#![no_main]

use libfuzzer_sys::fuzz_target;

const DECODED_PIXELS: u64 = 1 << 20;

fuzz_target!(|bytes: &[u8]| {
    let Ok(header) = sightline_picture::inspect(bytes) else { return };
    if u64::from(header.width) * u64::from(header.height) > DECODED_PIXELS {
        return;
    }
    let Ok(picture) = sightline_picture::check(bytes) else { return };
    assert_eq!((picture.width, picture.height), (header.width, header.height));
    let again = sightline_picture::check(&picture.jpeg).expect("the re-encoded picture passes");
    assert_eq!((again.width, again.height), (picture.width, picture.height));
});
