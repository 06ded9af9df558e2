//! The virtual phone's audio: a microphone that hears a steady sine tone and a
//! loudspeaker that listens for one (a Goertzel filter at a set frequency) and reports
//! how loud it is, so tests can check the voice channel both ways. With an echo, the
//! microphone also plays back what the loudspeaker heard ([`crate::echo`]).

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Instant;

use parking_lot::Mutex;
use sightline_sdk_core::audio::{AudioDevice, FRAME_SAMPLES, SAMPLE_RATE};
use sightline_sdk_core::session::{Session, SessionState};
use sightline_sdk_core::Result;

use crate::echo::EchoLine;

/// Played samples measured together: 240 ms (a 4 Hz wide Goertzel bin).
const WINDOW_FRAMES: usize = 12;
/// A tone at least this loud (RMS of its component, dBFS) counts as heard.
pub const HEARD_DBFS: f32 = -40.0;

/// What the phone's microphone hears and what its loudspeaker listens for.
#[derive(Debug, Clone, Copy, PartialEq, clap::Args)]
pub struct ToneArgs {
    /// Frequency of the tone the microphone hears, in Hz (0: silence).
    #[arg(long, default_value_t = 440.0)]
    pub tone_hz: f32,
    /// Peak amplitude of that tone, as a fraction of full scale.
    #[arg(long, default_value_t = 0.3)]
    pub tone_amplitude: f32,
    /// Frequency the loudspeaker listens for, in Hz.
    #[arg(long, default_value_t = 660.0)]
    pub listen_hz: f32,
    /// Plays back what the loudspeaker heard into the microphone this many milliseconds
    /// later, as an echo test does (0: no echo).
    #[arg(long, default_value_t = 0)]
    pub echo_ms: u32,
}

/// How loud the listened-for tone was in one window of played audio.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ToneReading {
    pub hz: f32,
    pub level_dbfs: f32,
}

impl ToneReading {
    pub fn heard(&self) -> bool {
        self.level_dbfs >= HEARD_DBFS
    }
}

/// Frame `index` of a continuous sine at `hz` (`amplitude` of full scale).
pub fn tone_frame(hz: f32, amplitude: f32, index: u64) -> Vec<i16> {
    let start = index * FRAME_SAMPLES as u64;
    (0..FRAME_SAMPLES as u64)
        .map(|i| {
            let t = (start + i) as f64 / f64::from(SAMPLE_RATE);
            (f64::from(amplitude) * f64::from(i16::MAX) * (2.0 * std::f64::consts::PI * f64::from(hz) * t).sin()) as i16
        })
        .collect()
}

/// The RMS level, in dBFS, of the component of `samples` at `hz` (Goertzel).
pub fn level_at(samples: &[i16], hz: f32) -> f32 {
    if samples.is_empty() {
        return f32::NEG_INFINITY;
    }
    let coefficient = 2.0 * (2.0 * std::f64::consts::PI * f64::from(hz) / f64::from(SAMPLE_RATE)).cos();
    let (mut s1, mut s2) = (0.0f64, 0.0f64);
    for &sample in samples {
        let s = f64::from(sample) + coefficient * s1 - s2;
        s2 = s1;
        s1 = s;
    }
    let power = (s1 * s1 + s2 * s2 - coefficient * s1 * s2).max(0.0);
    let amplitude = 2.0 * power.sqrt() / samples.len() as f64;
    (20.0 * (amplitude / std::f64::consts::SQRT_2 / f64::from(i16::MAX)).log10()) as f32
}

/// The phone's microphone and loudspeaker.
pub struct ToneDevice {
    capturing: AtomicBool,
    listen_hz: f32,
    played: Mutex<Vec<i16>>,
    /// Loudspeaker ticks since the relay's last frame.
    idle_ticks: AtomicU32,
    report: Box<dyn Fn(ToneReading) + Send + Sync>,
    echo: Option<Mutex<EchoLine>>,
}

impl ToneDevice {
    /// `report` hears a reading for every 240 ms of played audio.
    pub fn new(tone: &ToneArgs, report: impl Fn(ToneReading) + Send + Sync + 'static) -> ToneDevice {
        ToneDevice {
            capturing: AtomicBool::new(false),
            listen_hz: tone.listen_hz,
            played: Mutex::default(),
            idle_ticks: AtomicU32::new(0),
            report: Box::new(report),
            echo: (tone.echo_ms > 0).then(|| Mutex::new(EchoLine::new(tone.echo_ms))),
        }
    }

    /// The microphone's frame `index`: the tone (or silence) with the echo mixed in.
    fn microphone_frame(&self, tone: &ToneArgs, index: u64) -> Vec<i16> {
        let mut frame = if tone.tone_hz > 0.0 { tone_frame(tone.tone_hz, tone.tone_amplitude, index) } else { vec![0; FRAME_SAMPLES] };
        if let Some(echo) = &self.echo {
            for (sample, echoed) in frame.iter_mut().zip(echo.lock().next_frame()) {
                *sample = sample.saturating_add(echoed);
            }
        }
        frame
    }

    /// The loudspeaker's 20 ms clock. The relay sends nothing while nobody speaks, so from
    /// the second tick without a frame (one late packet is jitter) the loudspeaker plays
    /// silence, as a sound card whose buffer ran dry does.
    fn tick_loudspeaker(&self) {
        if self.idle_ticks.fetch_add(1, Ordering::AcqRel) >= 1 {
            self.sound(vec![0; FRAME_SAMPLES]);
        }
    }

    /// What the loudspeaker plays: echoed if asked, and measured.
    fn sound(&self, frame: Vec<i16>) {
        if let Some(echo) = &self.echo {
            echo.lock().played(&frame);
        }
        let window = {
            let mut played = self.played.lock();
            played.extend(frame);
            if played.len() < WINDOW_FRAMES * FRAME_SAMPLES {
                return;
            }
            std::mem::take(&mut *played)
        };
        (self.report)(ToneReading { hz: self.listen_hz, level_dbfs: level_at(&window, self.listen_hz) });
    }
}

impl AudioDevice for ToneDevice {
    fn start_capture(&self) -> Result<()> {
        self.capturing.store(true, Ordering::Release);
        Ok(())
    }

    fn stop_capture(&self) -> Result<()> {
        self.capturing.store(false, Ordering::Release);
        Ok(())
    }

    fn play(&self, frame: Vec<i16>) {
        self.idle_ticks.store(0, Ordering::Release);
        self.sound(frame);
    }
}

/// The sound card's thread: pushes a frame of the tone every 20 ms while capturing and
/// ticks the loudspeaker, until the session ends or `running` is cleared.
pub fn spawn_microphone(session: Arc<Session>, device: Arc<ToneDevice>, tone: ToneArgs, running: Arc<AtomicBool>) {
    thread::spawn(move || {
        let started = Instant::now();
        let mut index = 0u64;
        while running.load(Ordering::Acquire) && !matches!(session.state(), SessionState::Ended { .. }) {
            if device.capturing.load(Ordering::Acquire) {
                if let Err(err) = session.push_audio(device.microphone_frame(&tone, index)) {
                    tracing::warn!(%err, "an audio frame was refused");
                }
            }
            device.tick_loudspeaker();
            index += 1;
            // Paced by the clock, as a sound card is: frame `index` is due at index × 20 ms.
            let due = started + sightline_sdk_core::audio::FRAME_DURATION * index as u32;
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                thread::sleep(wait);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goertzel_hears_its_frequency_and_not_its_neighbour() {
        let samples: Vec<i16> = (0..WINDOW_FRAMES as u64).flat_map(|i| tone_frame(440.0, 0.3, i)).collect();
        // Amplitude 0.3 is an RMS of 0.212: -13.5 dBFS.
        assert!((level_at(&samples, 440.0) + 13.5).abs() < 0.5, "{}", level_at(&samples, 440.0));
        assert!(level_at(&samples, 660.0) < HEARD_DBFS);
        assert!(level_at(&vec![0; 960], 440.0) < HEARD_DBFS);
    }
}
