//! `uniffi-bindgen`, built from the workspace so that its version equals the runtime's.

fn main() {
    uniffi::uniffi_bindgen_main()
}
