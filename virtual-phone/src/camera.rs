//! The virtual camera: the SDK core's [`Camera`] over the synthetic scene.
//!
//! Frames come from [`VirtualCamera::next_frame`]; whoever drives the phone paces the
//! calls (for example a tokio interval at the configured fps) and pushes the frames to
//! the publisher, as a real app does with its camera callback.

use image::codecs::jpeg::JpegEncoder;
use image::ExtendedColorType;
use parking_lot::Mutex;
use sightline_sdk_core::camera::{Camera, CameraCapabilities, CameraConfig, CameraFacing, Resolution, StillImage};
use sightline_sdk_core::{Error as CoreError, Result as CoreResult, VideoFrame};

use crate::canvas::Canvas;
use crate::counter;
use crate::error::Result;
use crate::scene::{Scene, SceneContent};

/// Zoom range of the virtual lens.
pub const MIN_ZOOM: f32 = 1.0;
pub const MAX_ZOOM: f32 = 8.0;
/// Size of full-resolution stills.
pub const STILL_RESOLUTION: Resolution = Resolution { width: 2560, height: 1440 };
const JPEG_QUALITY: u8 = 90;

/// What the virtual back camera has: a torch or none, and how far it zooms (from 1×;
/// a largest zoom of 1 is no zoom at all), to stand in for phones of every kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lens {
    pub torch: bool,
    pub max_zoom: f32,
}

impl Default for Lens {
    fn default() -> Self {
        Lens { torch: true, max_zoom: MAX_ZOOM }
    }
}

/// A camera filming the synthetic scene. Back camera with the lens's torch, front camera
/// without (mirrored, like a selfie preview).
pub struct VirtualCamera {
    state: Mutex<State>,
}

struct State {
    running: Option<CameraConfig>,
    facing: CameraFacing,
    torch: bool,
    zoom: f32,
    next_index: u32,
    scene: Scene,
    lens: Lens,
}

impl State {
    fn capabilities(&self) -> CameraCapabilities {
        CameraCapabilities {
            facing: self.facing,
            available_facings: vec![CameraFacing::Back, CameraFacing::Front],
            has_torch: self.lens.torch && self.facing == CameraFacing::Back,
            min_zoom: MIN_ZOOM,
            max_zoom: self.lens.max_zoom,
            max_still_resolution: STILL_RESOLUTION,
        }
    }

    /// The picture as the camera sees it at frame `index`: scene, torch, zoom, facing,
    /// what `decorate` draws over it, then the counter strip on top.
    fn picture(&mut self, width: usize, height: usize, index: u32, decorate: impl FnOnce(&mut Canvas)) -> Canvas {
        let mut canvas = self.scene.render(width, height, index);
        if self.torch {
            canvas.brighten();
        }
        let mut canvas = canvas.zoomed(self.zoom);
        if self.facing == CameraFacing::Front {
            canvas = canvas.mirrored();
        }
        decorate(&mut canvas);
        counter::draw(&mut canvas, index);
        canvas
    }
}

impl VirtualCamera {
    pub fn new(content: &SceneContent) -> Result<VirtualCamera> {
        VirtualCamera::with_lens(content, Lens::default())
    }

    /// A camera with `lens` (its largest zoom kept within 1..=`MAX_ZOOM`).
    pub fn with_lens(content: &SceneContent, lens: Lens) -> Result<VirtualCamera> {
        let lens = Lens { max_zoom: lens.max_zoom.clamp(MIN_ZOOM, MAX_ZOOM), ..lens };
        let state = State {
            running: None,
            facing: CameraFacing::Back,
            torch: false,
            zoom: MIN_ZOOM,
            next_index: 0,
            scene: Scene::new(content)?,
            lens,
        };
        Ok(VirtualCamera { state: Mutex::new(state) })
    }

    /// Replaces what the scene shows, from the next frame on.
    pub fn set_content(&self, content: &SceneContent) -> Result<()> {
        let scene = Scene::new(content)?;
        self.state.lock().scene = scene;
        Ok(())
    }

    /// Whether the torch is on.
    pub fn torch(&self) -> bool {
        self.state.lock().torch
    }

    /// The current zoom ratio.
    pub fn zoom(&self) -> f32 {
        self.state.lock().zoom
    }

    /// The next frame of the running camera; its counter strip carries its number
    /// (0, 1, 2, ... since the camera was created) and its timestamp is
    /// `number / fps` seconds.
    pub fn next_frame(&self) -> CoreResult<VideoFrame> {
        self.next_frame_drawn(|_| {})
    }

    /// The next frame, with what `decorate` draws over the picture (under the counter
    /// strip), as an app draws over its preview.
    pub fn next_frame_drawn(&self, decorate: impl FnOnce(&mut Canvas)) -> CoreResult<VideoFrame> {
        let mut state = self.state.lock();
        let config = state.running.ok_or(CoreError::CameraNotStarted)?;
        let index = state.next_index;
        state.next_index = index.wrapping_add(1);
        let Resolution { width, height } = config.resolution;
        let canvas = state.picture(width as usize, height as usize, index, decorate);
        canvas.into_frame(u64::from(index) * 1_000_000 / u64::from(config.fps))
    }
}

impl Camera for VirtualCamera {
    fn capabilities(&self) -> CameraCapabilities {
        self.state.lock().capabilities()
    }

    fn start(&self, config: CameraConfig) -> CoreResult<()> {
        let mut state = self.state.lock();
        state.capabilities().check_facing(config.facing)?;
        let Resolution { width, height } = config.resolution;
        // The counter strip needs 45 cells of at least 4 pixels, two cells high.
        if !(180..=sightline_sdk_core::frame::MAX_DIMENSION).contains(&width)
            || !(8..=sightline_sdk_core::frame::MAX_DIMENSION).contains(&height)
            || config.fps == 0
        {
            return Err(CoreError::CameraFailure(format!("unsupported mode {width}x{height}@{}", config.fps)));
        }
        state.facing = config.facing;
        state.torch &= state.capabilities().has_torch;
        state.running = Some(config);
        Ok(())
    }

    fn stop(&self) -> CoreResult<()> {
        self.state.lock().running = None;
        Ok(())
    }

    fn set_torch(&self, on: bool) -> CoreResult<()> {
        let mut state = self.state.lock();
        if on {
            state.capabilities().check_torch()?;
        }
        state.torch = on;
        Ok(())
    }

    fn set_zoom(&self, ratio: f32) -> CoreResult<()> {
        let mut state = self.state.lock();
        state.capabilities().check_zoom(ratio)?;
        state.zoom = ratio;
        Ok(())
    }

    fn capture_still(&self) -> CoreResult<StillImage> {
        let mut state = self.state.lock();
        if state.running.is_none() {
            return Err(CoreError::CameraNotStarted);
        }
        let Resolution { width, height } = STILL_RESOLUTION;
        let index = state.next_index.wrapping_sub(1);
        let canvas = state.picture(width as usize, height as usize, index, |_| {});
        drop(state);
        let mut data = Vec::new();
        JpegEncoder::new_with_quality(&mut data, JPEG_QUALITY)
            .encode(&canvas.to_rgb(), width, height, ExtendedColorType::Rgb8)
            .map_err(|e| CoreError::CameraFailure(format!("JPEG encoding failed: {e}")))?;
        Ok(StillImage::Jpeg { data, width, height })
    }

    fn switch_facing(&self, facing: CameraFacing) -> CoreResult<CameraCapabilities> {
        let mut state = self.state.lock();
        state.capabilities().check_facing(facing)?;
        state.facing = facing;
        state.torch &= state.capabilities().has_torch;
        if let Some(config) = &mut state.running {
            config.facing = facing;
        }
        Ok(state.capabilities())
    }
}
