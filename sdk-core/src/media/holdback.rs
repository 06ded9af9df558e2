//! The customer's hold on the picture as the encoder thread sees it: one flag per session,
//! shared by every publisher the session makes (reconnects included), so a pause or a
//! consent reaches whichever publisher is streaming at that moment.

use std::fmt;

use parking_lot::{Mutex, MutexGuard};

/// Whether the picture is held back. The encoder thread keeps it locked across each write
/// to the track, so once [`Holdback::set`] has returned no further sample goes out.
#[derive(Default)]
pub struct Holdback(Mutex<bool>);

impl Holdback {
    /// Holds the picture back, or lets it go again.
    pub fn set(&self, held: bool) {
        *self.0.lock() = held;
    }

    /// Whether the picture is held back now.
    pub fn is_held(&self) -> bool {
        *self.0.lock()
    }

    /// The flag, locked: while the guard lives, nobody can change it.
    pub(crate) fn lock(&self) -> MutexGuard<'_, bool> {
        self.0.lock()
    }
}

impl fmt::Debug for Holdback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Holdback").field(&self.is_held()).finish()
    }
}

/// Two configurations are alike when they share the same hold.
impl PartialEq for Holdback {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for Holdback {}
