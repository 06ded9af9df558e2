//! The voice mix of one session, without input or output: each participant's decoded
//! voice waits in a short buffer; every 20 ms tick takes one frame of each and gives
//! every listener the sum of the others' voices (never its own), and says who speaks.
//! A listener whose mix is digital silence gets none; while no voice is heard at all, no
//! mix is made.
//! A participant that may not use the mic (its right withdrawn) neither speaks into the
//! mix nor hears it; a muted one is not mixed but still hears. While the session is
//! recorded, each tick also gives the whole mix (every voice that is heard).

use std::collections::{BTreeMap, VecDeque};

use sightline_rtc::voice::{dbfs, FRAME_SAMPLES, SPEAKING_DBFS};
use sightline_wire::signal::VoiceState;

/// Frames a voice buffers at most (200 ms); older samples are dropped first.
const MAX_BUFFERED: usize = 10 * FRAME_SAMPLES;
/// Frames a voice that ran dry buffers again before it plays (absorbs network jitter).
const PLAYOUT_DELAY: usize = 2 * FRAME_SAMPLES;
/// Ticks a voice still counts as speaking after it went quiet (300 ms).
const SPEAKING_HOLD_TICKS: u32 = 15;
/// The largest sample (in 16-bit steps) a frame of digital silence has: -84 dBFS.
const SILENCE_PEAK: u16 = 2;

#[derive(Debug)]
struct Member {
    buffered: VecDeque<i16>,
    /// Waiting to fill `PLAYOUT_DELAY` before playing.
    refilling: bool,
    /// Has a track the mix is sent to.
    listening: bool,
    may_speak: bool,
    muted: bool,
    speaking_ticks: u32,
}

impl Member {
    fn new() -> Member {
        Member { buffered: VecDeque::new(), refilling: true, listening: false, may_speak: true, muted: false, speaking_ticks: 0 }
    }

    /// The frame this tick plays of this voice, if it is heard at all.
    fn take_frame(&mut self) -> Option<Vec<i16>> {
        if self.refilling && self.buffered.len() < PLAYOUT_DELAY {
            return None;
        }
        self.refilling = false;
        if self.buffered.len() < FRAME_SAMPLES {
            self.refilling = true;
            self.buffered.clear();
            return None;
        }
        let frame: Vec<i16> = self.buffered.drain(..FRAME_SAMPLES).collect();
        (self.may_speak && !self.muted).then_some(frame)
    }
}

/// What one tick produced.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Tick {
    /// Each listener's mix (others' voices), one frame each, unless it is silence.
    pub mixes: Vec<(String, Vec<i16>)>,
    /// Who is in the voice channel and who speaks, when that changed since the last tick.
    pub voices: Option<Vec<VoiceState>>,
    /// Everyone's voices together, while the session is recorded.
    pub recorded: Option<Vec<i16>>,
}

#[derive(Debug, Default)]
pub(super) struct VoiceMix {
    members: BTreeMap<String, Member>,
    /// What was last reported, to report changes only.
    reported: Vec<VoiceState>,
    recording: bool,
}

impl VoiceMix {
    fn member(&mut self, participant: &str) -> &mut Member {
        self.members.entry(participant.to_owned()).or_insert_with(Member::new)
    }

    /// Decoded samples of a participant's voice, as they arrive.
    pub fn hear(&mut self, participant: &str, samples: &[i16]) {
        let member = self.member(participant);
        member.buffered.extend(samples);
        let excess = member.buffered.len().saturating_sub(MAX_BUFFERED);
        member.buffered.drain(..excess);
    }

    /// The participant has a track its mix goes to.
    pub fn listen(&mut self, participant: &str) {
        self.member(participant).listening = true;
    }

    /// Whether the participant may use the mic (the right the owner can withdraw).
    pub fn allow(&mut self, participant: &str, may_speak: bool) {
        let member = self.member(participant);
        member.may_speak = may_speak;
        if !may_speak {
            member.buffered.clear();
        }
    }

    pub fn mute(&mut self, participant: &str, muted: bool) {
        self.member(participant).muted = muted;
    }

    /// The participant's media is gone.
    pub fn remove(&mut self, participant: &str) {
        self.members.remove(participant);
    }

    /// Whether each tick gives the whole mix for a recording.
    pub fn record(&mut self, on: bool) {
        self.recording = on;
    }

    /// The participants the mix goes to.
    pub fn listeners(&self) -> Vec<String> {
        self.members.iter().filter(|(_, m)| m.listening && m.may_speak).map(|(id, _)| id.clone()).collect()
    }

    /// One 20 ms step of the mix.
    pub fn tick(&mut self) -> Tick {
        let frames: Vec<(String, Option<Vec<i16>>)> =
            self.members.iter_mut().map(|(id, member)| (id.clone(), member.take_frame())).collect();
        for (id, frame) in &frames {
            if let Some(member) = self.members.get_mut(id) {
                let loud = frame.as_deref().is_some_and(|f| dbfs(f) > SPEAKING_DBFS);
                member.speaking_ticks = if loud { SPEAKING_HOLD_TICKS } else { member.speaking_ticks.saturating_sub(1) };
            }
        }
        let heard = frames.iter().any(|(_, frame)| frame.as_deref().is_some_and(|f| !silent(f)));
        let mixes = if heard {
            self.listeners()
                .into_iter()
                .map(|listener| {
                    let mix = sum(frames.iter().filter(|(id, _)| *id != listener).map(|(_, frame)| frame));
                    (listener, mix)
                })
                .filter(|(_, mix)| !silent(mix))
                .collect()
        } else {
            Vec::new()
        };
        let recorded = self.recording.then(|| sum(frames.iter().map(|(_, frame)| frame)));
        let now: Vec<VoiceState> = self
            .members
            .iter()
            .filter(|(_, m)| m.may_speak)
            .map(|(id, m)| VoiceState { participant_id: id.clone(), speaking: m.speaking_ticks > 0, muted: m.muted })
            .collect();
        let voices = (now != self.reported).then(|| {
            self.reported = now.clone();
            now
        });
        Tick { mixes, voices, recorded }
    }
}

/// Whether the frame is digital silence (a silent frame through Opus may come out as
/// rounding noise of a step or so).
fn silent(frame: &[i16]) -> bool {
    frame.iter().all(|sample| sample.unsigned_abs() <= SILENCE_PEAK)
}

/// The sum of the frames heard, clamped to 16 bits.
fn sum<'a>(frames: impl Iterator<Item = &'a Option<Vec<i16>>>) -> Vec<i16> {
    let mut mix = vec![0i32; FRAME_SAMPLES];
    for frame in frames {
        for (sum, sample) in mix.iter_mut().zip(frame.iter().flatten()) {
            *sum += i32::from(*sample);
        }
    }
    mix.into_iter().map(|s| s.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOUD: i16 = 8000;

    fn frame(value: i16) -> Vec<i16> {
        vec![value; FRAME_SAMPLES]
    }

    /// Two frames each (the playout delay), then a tick.
    fn speak(mix: &mut VoiceMix, voices: &[(&str, i16)]) -> Tick {
        for (id, value) in voices {
            mix.hear(id, &frame(*value));
            mix.hear(id, &frame(*value));
        }
        mix.tick()
    }

    fn mix_of<'a>(tick: &'a Tick, listener: &str) -> Option<&'a [i16]> {
        tick.mixes.iter().find(|(id, _)| id == listener).map(|(_, m)| m.as_slice())
    }

    #[test]
    fn each_listener_hears_the_others_and_never_itself() {
        let mut mix = VoiceMix::default();
        for id in ["phone", "olga", "sam"] {
            mix.listen(id);
        }
        let tick = speak(&mut mix, &[("phone", 100), ("olga", 20), ("sam", 3)]);
        assert_eq!(mix_of(&tick, "phone"), Some(&frame(23)[..]));
        assert_eq!(mix_of(&tick, "olga"), Some(&frame(103)[..]));
        assert_eq!(mix_of(&tick, "sam"), Some(&frame(120)[..]));
    }

    #[test]
    fn a_recording_gets_every_heard_voice_only_while_it_runs() {
        let mut mix = VoiceMix::default();
        mix.listen("phone");
        assert_eq!(speak(&mut mix, &[("phone", 100), ("olga", 20)]).recorded, None);
        mix.record(true);
        mix.mute("olga", true);
        assert_eq!(speak(&mut mix, &[("phone", 100), ("olga", 20), ("sam", 3)]).recorded, Some(frame(103)));
        mix.record(false);
        assert_eq!(speak(&mut mix, &[("phone", 100)]).recorded, None);
    }

    #[test]
    fn silence_makes_no_mix() {
        let mut mix = VoiceMix::default();
        for id in ["phone", "olga", "sam"] {
            mix.listen(id);
        }
        assert_eq!(mix.tick().mixes, vec![], "nobody is heard");
        assert_eq!(speak(&mut mix, &[("phone", 0), ("olga", SILENCE_PEAK as i16)]).mixes, vec![], "only silence is heard");
        let tick = speak(&mut mix, &[("phone", 0), ("olga", 0), ("sam", LOUD)]);
        let listeners: Vec<&str> = tick.mixes.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(listeners, ["olga", "phone"], "sam's own mix is silence");
    }

    #[test]
    fn loud_voices_add_up_without_wrapping() {
        let mut mix = VoiceMix::default();
        mix.listen("phone");
        let tick = speak(&mut mix, &[("olga", i16::MAX), ("sam", i16::MAX)]);
        assert_eq!(mix_of(&tick, "phone"), Some(&frame(i16::MAX)[..]));
    }

    #[test]
    fn a_muted_voice_is_not_mixed_but_still_hears() {
        let mut mix = VoiceMix::default();
        mix.listen("phone");
        mix.listen("olga");
        mix.mute("olga", true);
        let tick = speak(&mut mix, &[("phone", LOUD), ("olga", LOUD)]);
        assert_eq!(mix_of(&tick, "phone"), None, "silence");
        assert_eq!(mix_of(&tick, "olga"), Some(&frame(LOUD)[..]));
        let voices = tick.voices.expect("first report");
        assert!(voices.iter().any(|v| v.participant_id == "olga" && v.muted && !v.speaking), "{voices:?}");
    }

    #[test]
    fn a_withdrawn_mic_neither_speaks_nor_hears_and_is_not_listed() {
        let mut mix = VoiceMix::default();
        mix.listen("phone");
        mix.listen("sam");
        mix.allow("sam", false);
        let tick = speak(&mut mix, &[("phone", LOUD), ("sam", LOUD)]);
        assert_eq!(mix_of(&tick, "phone"), None, "silence");
        assert_eq!(mix_of(&tick, "sam"), None);
        assert!(tick.voices.expect("report").iter().all(|v| v.participant_id != "sam"));
        mix.allow("sam", true);
        let tick = speak(&mut mix, &[("sam", LOUD)]);
        assert_eq!(mix_of(&tick, "phone"), Some(&frame(LOUD)[..]));
    }

    #[test]
    fn speaking_is_reported_when_it_changes_and_held_briefly_after_silence() {
        let mut mix = VoiceMix::default();
        mix.listen("phone");
        let tick = speak(&mut mix, &[("olga", LOUD)]);
        let voices = tick.voices.expect("olga starts speaking");
        assert!(voices.iter().any(|v| v.participant_id == "olga" && v.speaking));
        // Unchanged: no report.
        assert_eq!(mix.tick().voices, None);
        let mut ended = None;
        for _ in 0..SPEAKING_HOLD_TICKS + 2 {
            mix.hear("olga", &frame(0));
            if let Some(voices) = mix.tick().voices {
                ended = Some(voices);
            }
        }
        let voices = ended.expect("olga stops speaking");
        assert!(voices.iter().any(|v| v.participant_id == "olga" && !v.speaking));
    }

    #[test]
    fn a_voice_waits_for_its_playout_delay_and_its_buffer_is_bounded() {
        let mut mix = VoiceMix::default();
        mix.listen("phone");
        mix.hear("olga", &frame(7));
        assert_eq!(mix_of(&mix.tick(), "phone"), None, "one frame is below the playout delay");
        mix.hear("olga", &frame(7));
        assert_eq!(mix_of(&mix.tick(), "phone"), Some(&frame(7)[..]));
        for _ in 0..50 {
            mix.hear("olga", &frame(9));
        }
        let mut played = 0;
        while mix_of(&mix.tick(), "phone") == Some(&frame(9)[..]) {
            played += 1;
        }
        assert_eq!(played, MAX_BUFFERED / FRAME_SAMPLES, "at most 200 ms wait");
    }
}
