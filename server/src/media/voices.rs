//! The session's voice channel as the relay runs it: every participant's Opus track is
//! decoded into the mix (`voice_mix`), and every 20 ms each listener's mix is encoded to
//! a track of its own. One audio track each way per peer connection, whoever joins, so
//! nobody renegotiates when people come and go. Who speaks is reported as it changes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};

use parking_lot::Mutex;
use sightline_wire::signal::AudioStatus;
use sightline_rtc::voice::{decode_track, opus_capability, VoiceEncoder, FRAME_DURATION};
use tokio::time::MissedTickBehavior;
use webrtc::media::Sample;
use webrtc::track::track_local::track_local_static_sample::TrackLocalStaticSample;
use webrtc::track::track_remote::TrackRemote;

use super::events::{MediaEvent, MediaEvents};
use super::recording::Tap;
use super::voice_mix::VoiceMix;

pub struct Voices {
    session_id: String,
    mix: Mutex<VoiceMix>,
    /// Each listener's outgoing track (bound to each of its peer connections in turn).
    tracks: Mutex<HashMap<String, Arc<TrackLocalStaticSample>>>,
    /// Each participant's current incoming track, by a number: a replaced one's reader stops.
    sources: Mutex<HashMap<String, u64>>,
    /// Each participant's microphone and audio route, as its app last reported them.
    statuses: Mutex<HashMap<String, AudioStatus>>,
    events: Arc<dyn MediaEvents>,
    /// Where the whole mix goes while the session is recorded.
    recorder: Mutex<Option<Arc<Tap>>>,
    running: AtomicBool,
    ended: AtomicBool,
}

impl Voices {
    pub(super) fn new(session_id: String, events: Arc<dyn MediaEvents>) -> Voices {
        Voices {
            session_id,
            mix: Mutex::new(VoiceMix::default()),
            tracks: Mutex::default(),
            sources: Mutex::default(),
            statuses: Mutex::default(),
            events,
            recorder: Mutex::new(None),
            running: AtomicBool::new(false),
            ended: AtomicBool::new(false),
        }
    }

    /// The track that carries `participant`'s mix; the mix starts running.
    pub(super) fn track_for(self: &Arc<Self>, participant: &str) -> Arc<TrackLocalStaticSample> {
        let track = self
            .tracks
            .lock()
            .entry(participant.to_owned())
            .or_insert_with(|| Arc::new(TrackLocalStaticSample::new(opus_capability(), "voice".into(), format!("sightline-voice-{participant}"))))
            .clone();
        self.mix.lock().listen(participant);
        self.run();
        track
    }

    /// Starts the mix's 20 ms loop, unless it runs.
    fn run(self: &Arc<Self>) {
        if !self.running.swap(true, Ordering::AcqRel) {
            tokio::spawn(run(Arc::downgrade(self)));
        }
    }

    /// Sends the whole mix, encoded, to a recording (`None`: no longer).
    pub(super) fn record(self: &Arc<Self>, tap: Option<Arc<Tap>>) {
        self.mix.lock().record(tap.is_some());
        *self.recorder.lock() = tap;
        self.run();
    }

    /// A participant's incoming voice: decoded into the mix until the track ends or a
    /// newer one of the same participant replaces it.
    pub(super) fn receive(self: &Arc<Self>, participant: &str, track: Arc<TrackRemote>) {
        let source = {
            let mut sources = self.sources.lock();
            let source = sources.entry(participant.to_owned()).or_insert(0);
            *source += 1;
            *source
        };
        tokio::spawn(decode(Arc::downgrade(self), participant.to_owned(), track, source));
    }

    /// Whether the participant may use the mic now (its seat's Mic right). Until told,
    /// a participant neither speaks nor hears.
    pub fn allow(&self, participant: &str, may_speak: bool) {
        self.mix.lock().allow(participant, may_speak);
    }

    /// The participant muted or unmuted itself.
    pub fn mute(&self, participant: &str, muted: bool) {
        self.mix.lock().mute(participant, muted);
    }

    pub(super) fn report_status(&self, participant: &str, status: AudioStatus) {
        self.statuses.lock().insert(participant.to_owned(), status);
    }

    pub(super) fn statuses(&self) -> Vec<(String, AudioStatus)> {
        self.statuses.lock().iter().map(|(id, status)| (id.clone(), *status)).collect()
    }

    /// The participant's media is gone for good.
    pub(super) fn remove(&self, participant: &str) {
        self.mix.lock().remove(participant);
        self.tracks.lock().remove(participant);
        self.sources.lock().remove(participant);
        self.statuses.lock().remove(participant);
    }

    pub(super) fn end(&self) {
        self.ended.store(true, Ordering::Release);
    }
}

/// Mixes and sends every 20 ms while the session's media lives.
async fn run(voices: Weak<Voices>) {
    let mut interval = tokio::time::interval(FRAME_DURATION);
    interval.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut encoders: HashMap<String, VoiceEncoder> = HashMap::new();
    let mut recorder_encoder: Option<VoiceEncoder> = None;
    loop {
        interval.tick().await;
        let Some(voices) = voices.upgrade() else { return };
        if voices.ended.load(Ordering::Acquire) {
            return;
        }
        let tick = voices.mix.lock().tick();
        if let Some(states) = tick.voices {
            for listener in &states {
                voices.events.report(MediaEvent::Voices { participant: listener.participant_id.clone(), voices: states.clone() });
            }
        }
        if let Some(frame) = tick.recorded {
            record(&voices, &mut recorder_encoder, &frame);
        }
        encoders.retain(|listener, _| tick.mixes.iter().any(|(id, _)| id == listener));
        for (listener, frame) in tick.mixes {
            let Some(track) = voices.tracks.lock().get(&listener).cloned() else { continue };
            let encoder = match encoders.entry(listener) {
                std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
                std::collections::hash_map::Entry::Vacant(entry) => match VoiceEncoder::new() {
                    Ok(encoder) => entry.insert(encoder),
                    Err(err) => {
                        tracing::error!(session = %voices.session_id, %err, "no Opus encoder");
                        continue;
                    }
                },
            };
            let packet = match encoder.encode(&frame) {
                Ok(packet) => packet,
                Err(err) => {
                    tracing::warn!(session = %voices.session_id, %err, "a voice frame was not encoded");
                    continue;
                }
            };
            let sample = Sample { data: packet.into(), duration: FRAME_DURATION, ..Default::default() };
            if let Err(err) = track.write_sample(&sample).await {
                tracing::trace!(%err, "a listener missed a voice frame");
            }
        }
    }
}

/// Encodes one frame of the whole mix for the recording, if one runs.
fn record(voices: &Voices, encoder: &mut Option<VoiceEncoder>, frame: &[i16]) {
    let Some(tap) = voices.recorder.lock().clone() else { return };
    let encoder = match encoder {
        Some(encoder) => encoder,
        None => match VoiceEncoder::new() {
            Ok(created) => encoder.insert(created),
            Err(err) => {
                tracing::error!(session = %voices.session_id, %err, "no Opus encoder for the recording");
                return;
            }
        },
    };
    match encoder.encode(frame) {
        Ok(packet) => tap.audio(packet),
        Err(err) => tracing::warn!(session = %voices.session_id, %err, "a recorded voice frame was not encoded"),
    }
}

/// Reads one incoming voice track into the mix.
async fn decode(voices: Weak<Voices>, participant: String, track: Arc<TrackRemote>, source: u64) {
    decode_track(&track, |samples| {
        let Some(voices) = voices.upgrade() else { return false };
        if voices.sources.lock().get(&participant) != Some(&source) {
            return false;
        }
        voices.mix.lock().hear(&participant, samples);
        true
    })
    .await;
}
