//! The session's voice channel as the relay runs it: every participant's Opus track is
//! decoded into the mix (`voice_mix`), and every 20 ms each listener's mix is encoded to
//! a track of its own (`voice_out`), unless it is silence: while nobody speaks, no
//! listener costs anything. One audio track each way per peer connection, whoever joins,
//! so nobody renegotiates when people come and go. Who speaks is reported as it changes.
//! A recording gets the whole mix every 20 ms, silence included, as its muxer expects.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};

use parking_lot::Mutex;
use sightline_wire::signal::AudioStatus;
use sightline_rtc::voice::{decode_track, VoiceEncoder, FRAME_DURATION};
use tokio::time::MissedTickBehavior;
use webrtc::track::track_local::track_local_static_rtp::TrackLocalStaticRTP;
use webrtc::track::track_remote::TrackRemote;

use super::events::{MediaEvent, MediaEvents};
use super::recording::Tap;
use super::voice_mix::VoiceMix;
use super::voice_out::VoiceOut;

pub struct Voices {
    session_id: String,
    mix: Mutex<VoiceMix>,
    /// Each listener's outgoing voice (its track bound to each of its peer connections in turn).
    tracks: Mutex<HashMap<String, Arc<VoiceOut>>>,
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
    pub(super) fn track_for(self: &Arc<Self>, participant: &str) -> Arc<TrackLocalStaticRTP> {
        let track = self.tracks.lock().entry(participant.to_owned()).or_insert_with(|| Arc::new(VoiceOut::new(participant))).track();
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

/// Mixes and sends every 20 ms while the session's media lives. Only listeners whose mix
/// is heard, or whose talkspurt's hangover runs, are visited.
async fn run(voices: Weak<Voices>) {
    let mut interval = tokio::time::interval(FRAME_DURATION);
    interval.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let start = tokio::time::Instant::now();
    let mut recorder_encoder: Option<VoiceEncoder> = None;
    let mut trailing: HashSet<String> = HashSet::new();
    loop {
        // Counted from the start, so ticks skipped by a busy runtime still move RTP time on.
        let number = (interval.tick().await.duration_since(start).as_nanos() / FRAME_DURATION.as_nanos()) as u64;
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
        let quiet: Vec<String> = trailing.iter().filter(|listener| !tick.mixes.iter().any(|(id, _)| id == *listener)).cloned().collect();
        let sends = tick.mixes.iter().map(|(id, frame)| (id, Some(frame.as_slice()))).chain(quiet.iter().map(|id| (id, None)));
        for (listener, frame) in sends {
            let Some(out) = voices.tracks.lock().get(listener).cloned() else {
                trailing.remove(listener);
                continue;
            };
            match out.send(number, frame).await {
                Ok(true) => trailing.insert(listener.clone()),
                Ok(false) => trailing.remove(listener),
                Err(err) => {
                    tracing::warn!(session = %voices.session_id, %err, "a voice frame was not sent");
                    trailing.remove(listener)
                }
            };
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
