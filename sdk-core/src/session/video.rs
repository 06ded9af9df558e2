//! The customer's say over the picture: a session may join without streaming until the
//! app reports the customer's consent ([`super::Session::consent`]), and the customer can
//! pause the video at any time. While the picture is kept back, the frames and samples
//! the app pushes are dropped (not encoded, not scanned, not sent) and nothing the
//! technicians ask for takes a picture; the technicians are told why no picture comes.

use parking_lot::Mutex;
pub use sightline_wire::VideoState;

/// Whether the customer agreed to stream and whether it paused the video.
pub struct VideoGate(Mutex<Gate>);

#[derive(Clone, Copy)]
struct Gate {
    consented: bool,
    paused: bool,
}

impl VideoGate {
    /// A gate that is open from the start, or closed until the customer consents.
    pub(super) fn new(consent_required: bool) -> VideoGate {
        VideoGate(Mutex::new(Gate { consented: !consent_required, paused: false }))
    }

    /// What the technicians are told: awaiting consent wins over paused.
    pub fn state(&self) -> VideoState {
        let gate = *self.0.lock();
        if !gate.consented {
            VideoState::AwaitingConsent
        } else if gate.paused {
            VideoState::Paused
        } else {
            VideoState::Sending
        }
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
        let before = self.state();
        apply(&mut self.0.lock());
        self.state() != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_comes_before_everything_and_a_pause_holds_until_resumed() {
        let gate = VideoGate::new(true);
        assert_eq!(gate.state(), VideoState::AwaitingConsent);
        assert!(!gate.set_paused(true), "a pause before consent changes nothing the technicians see");
        assert!(gate.consent());
        assert_eq!(gate.state(), VideoState::Paused, "the pause asked for before consent still holds");
        assert!(!gate.consent(), "consenting twice changes nothing");
        assert!(gate.set_paused(false));
        assert!(gate.is_sending());
        let open = VideoGate::new(false);
        assert!(open.is_sending());
        assert!(open.set_paused(true));
        assert_eq!(open.state(), VideoState::Paused);
    }
}
