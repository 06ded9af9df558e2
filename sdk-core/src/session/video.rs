//! The customer's say over the picture: a session may join without streaming until the
//! app reports the customer's consent ([`super::Session::consent`]), and the customer can
//! pause the video at any time. While the picture is kept back, the frames and samples
//! the app pushes are dropped (not encoded, not scanned, not sent) and nothing the
//! technicians ask for takes a picture; the technicians are told why no picture comes.

use std::sync::Arc;

use parking_lot::Mutex;
pub use sightline_wire::VideoState;

use crate::media::Holdback;

/// Whether the customer agreed to stream and whether it paused the video; the encoder
/// threads see it through `holdback`.
pub struct VideoGate {
    gate: Mutex<Gate>,
    holdback: Arc<Holdback>,
}

#[derive(Clone, Copy)]
struct Gate {
    consented: bool,
    paused: bool,
}

impl VideoGate {
    /// A gate that is open from the start, or closed until the customer consents.
    pub(super) fn new(consent_required: bool) -> VideoGate {
        let gate = Gate { consented: !consent_required, paused: false };
        let holdback = Arc::new(Holdback::default());
        holdback.set(gate.state() != VideoState::Sending);
        VideoGate { gate: Mutex::new(gate), holdback }
    }

    /// The hold every publisher of the session shares.
    pub(super) fn holdback(&self) -> Arc<Holdback> {
        Arc::clone(&self.holdback)
    }

    /// What the technicians are told: awaiting consent wins over paused.
    pub fn state(&self) -> VideoState {
        self.gate.lock().state()
    }

    /// Whether the picture may reach the technicians now.
    pub fn is_sending(&self) -> bool {
        self.state() == VideoState::Sending
    }

    /// The customer agreed to stream; true when that changed the state.
    pub(super) fn consent(&self) -> bool {
        self.change(|gate| gate.consented = true)
    }

    /// The customer paused or resumed the video; true when that changed the state.
    pub(super) fn set_paused(&self, paused: bool) -> bool {
        self.change(|gate| gate.paused = paused)
    }

    fn change(&self, apply: impl FnOnce(&mut Gate)) -> bool {
        let mut gate = self.gate.lock();
        let before = gate.state();
        apply(&mut gate);
        let after = gate.state();
        // Set under the gate's lock, so the hold always ends as the last change left it.
        self.holdback.set(after != VideoState::Sending);
        after != before
    }
}

impl Gate {
    fn state(&self) -> VideoState {
        if !self.consented {
            VideoState::AwaitingConsent
        } else if self.paused {
            VideoState::Paused
        } else {
            VideoState::Sending
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_comes_before_everything_and_a_pause_holds_until_resumed() {
        let gate = VideoGate::new(true);
        assert_eq!(gate.state(), VideoState::AwaitingConsent);
        assert!(gate.holdback().is_held(), "nothing is encoded before consent");
        assert!(!gate.set_paused(true), "a pause before consent changes nothing the technicians see");
        assert!(gate.consent());
        assert_eq!(gate.state(), VideoState::Paused, "the pause asked for before consent still holds");
        assert!(!gate.consent(), "consenting twice changes nothing");
        assert!(gate.set_paused(false));
        assert!(gate.is_sending());
        assert!(!gate.holdback().is_held(), "the encoder threads see the picture let go");
        let open = VideoGate::new(false);
        assert!(open.is_sending());
        assert!(open.set_paused(true));
        assert_eq!(open.state(), VideoState::Paused);
        assert!(open.holdback().is_held(), "the encoder threads see the pause");
    }
}
