//! The load benchmark's phones: real SDK sessions that push the pre-encoded clip at
//! the camera's frame rate from one pacing thread, jumping back to the clip's key
//! frame whenever a viewer asks for one. With audio, each phone also pushes a tone in
//! 20 ms frames from a second pacing thread (the relay mixes it for the technicians
//! and mixes theirs, silent here, for the phone).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sightline_sdk_core::media::{EncodedSample, MediaInput};
use sightline_sdk_core::session::{ConnectionEvent, Session, SessionConfig, SessionListener, SessionState};

use sightline_sdk_core::audio::FRAME_DURATION;
use sightline_virtual_phone::tone::{tone_frame, ToneArgs, ToneDevice};

use super::clip::Clip;
use super::faults::Faults;
use crate::camera_args::{default_camera, CameraArgs};
use crate::error::Result;
use crate::pace::{self, Paced};

/// What the phones' microphones hear and their loudspeakers listen for.
const TONE: ToneArgs = ToneArgs { tone_hz: 440.0, tone_amplitude: 0.3, listen_hz: 660.0, echo_ms: 0 };

/// Notes a phone's keyframe requests and what goes wrong with its session.
struct PhoneListener {
    keyframe: AtomicBool,
    faults: Arc<Faults>,
}

impl SessionListener for PhoneListener {
    fn on_state_changed(&self, state: SessionState) {
        match state {
            SessionState::Reconnecting => self.faults.note("phone_reconnecting"),
            SessionState::Ended { .. } => self.faults.note("phone_ended"),
            _ => {}
        }
    }

    fn on_connection_event(&self, event: ConnectionEvent) {
        match event {
            ConnectionEvent::KeyframeRequested => self.keyframe.store(true, Ordering::Release),
            ConnectionEvent::SignalingLost => self.faults.note("phone_signaling_lost"),
            ConnectionEvent::IceFailed => self.faults.note("phone_ice_failed"),
            ConnectionEvent::ServerError { .. } => self.faults.note("phone_server_error"),
            _ => {}
        }
    }
}

struct Phone {
    session: Arc<Session>,
    listener: Arc<PhoneListener>,
    position: usize,
}

/// Phones joined to sessions; dropping them stops the pacing thread and ends their sessions.
pub struct Phones {
    sessions: Vec<Arc<Session>>,
    _pacer: Paced,
    _microphones: Option<Paced>,
}

impl Phones {
    /// Joins one phone per (server URL, code); what goes wrong is counted in `faults`
    /// (its end, once dropped, is not).
    pub async fn join(codes: &[(String, String)], camera_args: &CameraArgs, clip: Clip, audio: bool, faults: &Arc<Faults>) -> Result<Phones> {
        let mut phones = Vec::with_capacity(codes.len());
        for (server_url, code) in codes {
            let mut config = SessionConfig::new(server_url, code.clone());
            config.loopback_only = true;
            config.camera = camera_args.camera_config();
            config.encoder.fps = camera_args.fps;
            let listener = Arc::new(PhoneListener { keyframe: AtomicBool::new(false), faults: faults.clone() });
            let camera = Arc::new(default_camera()?);
            let session = if audio {
                // The loudspeaker's Goertzel filter is part of a phone's cost, not the relay's.
                let device = Arc::new(ToneDevice::new(&TONE, |_| {}));
                Session::join_with_audio(config, camera, device, listener.clone()).await?
            } else {
                Session::join(config, camera, listener.clone()).await?
            };
            phones.push(Phone { session, listener, position: 0 });
        }
        let sessions: Vec<Arc<Session>> = phones.iter().map(|p| p.session.clone()).collect();
        let microphones = audio.then(|| {
            let sessions = sessions.clone();
            pace::spawn(FRAME_DURATION, move |tick| {
                let frame = tone_frame(TONE.tone_hz, TONE.tone_amplitude, u64::from(tick));
                for session in &sessions {
                    if let Err(err) = session.push_audio(frame.clone()) {
                        tracing::debug!(%err, "an audio frame was refused");
                    }
                }
            })
        });
        let period = Duration::from_secs(1) / camera_args.fps.max(1);
        let samples = clip.samples;
        let pacer = pace::spawn(period, move |tick| {
            let timestamp_us = u64::from(tick) * period.as_micros() as u64;
            for phone in &mut phones {
                phone.push(&samples, timestamp_us);
            }
        });
        Ok(Phones { sessions, _pacer: pacer, _microphones: microphones })
    }
}

impl Phone {
    /// Pushes the clip's next sample, or its first (a key frame) when one was asked for.
    fn push(&mut self, samples: &[EncodedSample], timestamp_us: u64) {
        if self.listener.keyframe.swap(false, Ordering::AcqRel) {
            self.position = 0;
        }
        let Some(sample) = samples.get(self.position) else { return };
        let mut sample = sample.clone();
        sample.timestamp_us = timestamp_us;
        self.position = (self.position + 1) % samples.len();
        if let Err(err) = self.session.push(MediaInput::Encoded(sample)) {
            tracing::debug!(%err, "a sample was refused");
            self.listener.faults.note("phone_sample_refused");
        }
    }
}

impl Drop for Phones {
    fn drop(&mut self) {
        for session in &self.sessions {
            session.end();
        }
    }
}
