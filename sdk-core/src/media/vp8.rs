//! Safe wrappers over libvpx's VP8 encoder and decoder (the system library, through
//! `env-libvpx-sys`). Every `unsafe` block of the media stack lives in this module.

use std::ffi::CStr;
use std::mem::MaybeUninit;
use std::os::raw::{c_int, c_uint, c_ulong};
use std::ptr;

use vpx_sys::{
    vp8e_enc_control_id, vpx_codec_ctx_t, vpx_codec_cx_pkt_kind, vpx_codec_dec_cfg_t, vpx_codec_enc_cfg_t,
    vpx_codec_err_t, vpx_codec_iter_t, vpx_image_t, vpx_img_fmt, vpx_kf_mode, vpx_rc_mode,
};

pub use sightline_rtc::VIDEO_CLOCK_RATE;

use crate::scan::Error as ScanError;
use crate::{Error, PixelFormat, Result, VideoFrame};

/// Fixed settings of one encoder instance; a new size means a new instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Vp8Settings {
    pub width: u32,
    pub height: u32,
    pub bitrate_kbps: u32,
    pub threads: u32,
    /// Longest run of frames without a key frame (keyframes otherwise come on request).
    pub keyframe_interval: u32,
}

/// Realtime speed: negative is libvpx's "fixed speed" in realtime mode; -12 is WebRTC's
/// choice for phone CPUs (desktop uses -6), trading a little quality for encode time.
const CPU_USED: c_int = -12;
/// Cap on a key frame's size relative to the per-frame budget, so a keyframe request
/// does not burst the link (WebRTC computes a similar cap).
const MAX_INTRA_BITRATE_PCT: c_int = 450;

/// One compressed VP8 frame as libvpx produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Vp8Frame {
    pub data: Vec<u8>,
    pub keyframe: bool,
}

/// A VP8 encoder for one picture size, tuned for live streaming: one-pass CBR, no
/// look-ahead, error resilient, realtime deadline.
pub(crate) struct Vp8Encoder {
    // Boxed so libvpx's context never moves after initialisation.
    ctx: Box<vpx_codec_ctx_t>,
    cfg: vpx_codec_enc_cfg_t,
    settings: Vp8Settings,
}

// SAFETY: the libvpx context is owned exclusively by this value and only touched through
// `&mut self`; libvpx keeps no thread-local state for it.
unsafe impl Send for Vp8Encoder {}

impl Vp8Encoder {
    pub fn new(settings: Vp8Settings) -> Result<Self> {
        if settings.width == 0 || settings.height == 0 {
            return Err(Error::Codec(format!("cannot encode a {}x{} picture", settings.width, settings.height)));
        }
        // SAFETY: `vpx_codec_vp8_cx` returns a static interface; the config is plain data
        // that `vpx_codec_enc_config_default` fills completely.
        let iface = unsafe { vpx_sys::vpx_codec_vp8_cx() };
        let mut cfg = unsafe { MaybeUninit::<vpx_codec_enc_cfg_t>::zeroed().assume_init() };
        codec_result(unsafe { vpx_sys::vpx_codec_enc_config_default(iface, &mut cfg, 0) }, None, "default config")?;
        cfg.g_w = settings.width;
        cfg.g_h = settings.height;
        cfg.g_timebase.num = 1;
        cfg.g_timebase.den = VIDEO_CLOCK_RATE as c_int;
        cfg.g_threads = settings.threads.clamp(1, 2);
        cfg.g_lag_in_frames = 0;
        cfg.g_error_resilient = vpx_sys::VPX_ERROR_RESILIENT_DEFAULT;
        cfg.rc_end_usage = vpx_rc_mode::VPX_CBR;
        cfg.rc_target_bitrate = settings.bitrate_kbps.max(1);
        // Every frame is encoded: a live picture with holes would stall the viewer's counter.
        cfg.rc_dropframe_thresh = 0;
        cfg.rc_min_quantizer = 2;
        cfg.rc_max_quantizer = 56;
        cfg.rc_undershoot_pct = 100;
        cfg.rc_overshoot_pct = 15;
        cfg.rc_buf_initial_sz = 500;
        cfg.rc_buf_optimal_sz = 600;
        cfg.rc_buf_sz = 1000;
        cfg.kf_mode = vpx_kf_mode::VPX_KF_AUTO;
        cfg.kf_max_dist = settings.keyframe_interval.max(1);

        // SAFETY: a zeroed context is what `vpx_codec_enc_init_ver` expects to fill.
        let mut ctx = Box::new(unsafe { MaybeUninit::<vpx_codec_ctx_t>::zeroed().assume_init() });
        let init = unsafe {
            vpx_sys::vpx_codec_enc_init_ver(&mut *ctx, iface, &cfg, 0, vpx_sys::VPX_ENCODER_ABI_VERSION as c_int)
        };
        // A failed init leaves nothing to destroy.
        codec_result(init, None, "encoder init")?;
        let mut encoder = Vp8Encoder { ctx, cfg, settings };
        for (control, value) in [
            (vp8e_enc_control_id::VP8E_SET_CPUUSED, CPU_USED),
            (vp8e_enc_control_id::VP8E_SET_NOISE_SENSITIVITY, 0),
            (vp8e_enc_control_id::VP8E_SET_STATIC_THRESHOLD, 1),
            (vp8e_enc_control_id::VP8E_SET_TOKEN_PARTITIONS, 0),
            (vp8e_enc_control_id::VP8E_SET_MAX_INTRA_BITRATE_PCT, MAX_INTRA_BITRATE_PCT),
        ] {
            encoder.control(control, value)?;
        }
        Ok(encoder)
    }

    pub fn settings(&self) -> Vp8Settings {
        self.settings
    }

    fn control(&mut self, control: vp8e_enc_control_id, value: c_int) -> Result<()> {
        // SAFETY: the context is initialised; these controls take one `int` argument.
        let err = unsafe { vpx_sys::vpx_codec_control_(&mut *self.ctx, control as c_int, value) };
        codec_result(err, Some(&mut *self.ctx), "encoder control")
    }

    /// Changes the target bitrate of the running encoder.
    pub fn set_bitrate_kbps(&mut self, bitrate_kbps: u32) -> Result<()> {
        self.cfg.rc_target_bitrate = bitrate_kbps.max(1);
        self.settings.bitrate_kbps = self.cfg.rc_target_bitrate;
        // SAFETY: the context is initialised and the config keeps the same size.
        let err = unsafe { vpx_sys::vpx_codec_enc_config_set(&mut *self.ctx, &self.cfg) };
        codec_result(err, Some(&mut *self.ctx), "bitrate change")
    }

    /// Encodes one I420 frame of this encoder's size. `pts` and `duration` are in
    /// [`VIDEO_CLOCK_RATE`] ticks. `None` when libvpx produced no frame.
    pub fn encode(&mut self, frame: &VideoFrame, pts: i64, duration: u64, force_keyframe: bool) -> Result<Option<Vp8Frame>> {
        if frame.format != PixelFormat::I420 || frame.width != self.settings.width || frame.height != self.settings.height {
            return Err(Error::Codec(format!(
                "encoder for {}x{} I420 got a {}x{} {:?} frame",
                self.settings.width, self.settings.height, frame.width, frame.height, frame.format
            )));
        }
        let layout = frame.layout()?;
        let mut image = unsafe { MaybeUninit::<vpx_image_t>::zeroed().assume_init() };
        let base = frame.data.as_ptr().cast_mut();
        // SAFETY: wrapping only fills the descriptor (no allocation, nothing to free);
        // the plane pointers and strides are then pointed at the validated layout, which
        // lies inside `frame.data` for the whole call. libvpx only reads the planes.
        let wrapped = unsafe {
            vpx_sys::vpx_img_wrap(&mut image, vpx_img_fmt::VPX_IMG_FMT_I420, frame.width, frame.height, 1, base)
        };
        if wrapped.is_null() {
            return Err(Error::Codec("libvpx refused the frame descriptor".into()));
        }
        for (index, plane) in layout.iter().enumerate() {
            image.planes[index] = unsafe { base.add(plane.offset) };
            image.stride[index] = c_int::try_from(plane.stride)
                .map_err(|_| ScanError::InvalidFrame(format!("plane {index} stride {} is too large", plane.stride)))?;
        }
        let flags = if force_keyframe { vpx_sys::VPX_EFLAG_FORCE_KF as vpx_sys::vpx_enc_frame_flags_t } else { 0 };
        // SAFETY: context initialised; the image describes memory valid for this call.
        let err = unsafe {
            vpx_sys::vpx_codec_encode(&mut *self.ctx, &image, pts, duration as c_ulong, flags, vpx_sys::VPX_DL_REALTIME as c_ulong)
        };
        codec_result(err, Some(&mut *self.ctx), "encode")?;
        Ok(self.drain_packets())
    }

    /// Collects the frame packets of the last `encode` call (one frame, or none if dropped).
    fn drain_packets(&mut self) -> Option<Vp8Frame> {
        let mut iter: vpx_codec_iter_t = ptr::null();
        let mut out: Option<Vp8Frame> = None;
        loop {
            // SAFETY: iterating the context's output list, which libvpx owns until the
            // next encode call; the packet bytes are copied out at once.
            let packet = unsafe { vpx_sys::vpx_codec_get_cx_data(&mut *self.ctx, &mut iter) };
            if packet.is_null() {
                return out;
            }
            let packet = unsafe { &*packet };
            if packet.kind != vpx_codec_cx_pkt_kind::VPX_CODEC_CX_FRAME_PKT {
                continue;
            }
            let frame = unsafe { packet.data.frame };
            let bytes = unsafe { std::slice::from_raw_parts(frame.buf.cast::<u8>(), frame.sz as usize) };
            let keyframe = frame.flags & vpx_sys::VPX_FRAME_IS_KEY != 0;
            match &mut out {
                Some(existing) => {
                    existing.data.extend_from_slice(bytes);
                    existing.keyframe |= keyframe;
                }
                None => out = Some(Vp8Frame { data: bytes.to_vec(), keyframe }),
            }
        }
    }
}

impl Drop for Vp8Encoder {
    fn drop(&mut self) {
        // SAFETY: the context was initialised in `new` and is destroyed exactly once.
        let err = unsafe { vpx_sys::vpx_codec_destroy(&mut *self.ctx) };
        if err != vpx_codec_err_t::VPX_CODEC_OK {
            tracing::warn!(?err, "libvpx encoder destroy failed");
        }
    }
}

/// A VP8 decoder producing packed I420 frames (used by receivers and tests).
pub struct Vp8Decoder {
    ctx: Box<vpx_codec_ctx_t>,
}

// SAFETY: as for the encoder, the context is exclusively owned and used through `&mut self`.
unsafe impl Send for Vp8Decoder {}

impl Vp8Decoder {
    pub fn new() -> Result<Self> {
        let cfg = vpx_codec_dec_cfg_t { threads: 1, w: 0, h: 0 };
        let mut ctx = Box::new(unsafe { MaybeUninit::<vpx_codec_ctx_t>::zeroed().assume_init() });
        // SAFETY: static interface, zeroed context to fill, config read during the call.
        let init = unsafe {
            vpx_sys::vpx_codec_dec_init_ver(
                &mut *ctx,
                vpx_sys::vpx_codec_vp8_dx(),
                &cfg,
                0,
                vpx_sys::VPX_DECODER_ABI_VERSION as c_int,
            )
        };
        codec_result(init, None, "decoder init")?;
        Ok(Vp8Decoder { ctx })
    }

    /// Decodes one compressed frame. `None` when the data held no picture to show.
    pub fn decode(&mut self, data: &[u8], timestamp_us: u64) -> Result<Option<VideoFrame>> {
        let len = c_uint::try_from(data.len()).map_err(|_| Error::Codec(format!("{} byte frame is too large", data.len())))?;
        // SAFETY: libvpx reads `len` bytes from `data` during the call.
        let err = unsafe { vpx_sys::vpx_codec_decode(&mut *self.ctx, data.as_ptr(), len, ptr::null_mut(), 0) };
        codec_result(err, Some(&mut *self.ctx), "decode")?;
        let mut iter: vpx_codec_iter_t = ptr::null();
        let mut picture = None;
        loop {
            // SAFETY: the image belongs to the decoder until the next decode call and is
            // copied out before that.
            let image = unsafe { vpx_sys::vpx_codec_get_frame(&mut *self.ctx, &mut iter) };
            if image.is_null() {
                return Ok(picture);
            }
            picture = Some(copy_i420(unsafe { &*image }, timestamp_us)?);
        }
    }
}

impl Drop for Vp8Decoder {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`, destroyed exactly once.
        let err = unsafe { vpx_sys::vpx_codec_destroy(&mut *self.ctx) };
        if err != vpx_codec_err_t::VPX_CODEC_OK {
            tracing::warn!(?err, "libvpx decoder destroy failed");
        }
    }
}

/// Copies a decoded libvpx image into a packed I420 frame.
fn copy_i420(image: &vpx_image_t, timestamp_us: u64) -> Result<VideoFrame> {
    if image.fmt != vpx_img_fmt::VPX_IMG_FMT_I420 {
        return Err(Error::Codec(format!("decoder produced {:?}, expected I420", image.fmt)));
    }
    let (w, h) = (image.d_w as usize, image.d_h as usize);
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    let mut data = Vec::with_capacity(w * h + 2 * cw * ch);
    for (index, (width, rows)) in [(w, h), (cw, ch), (cw, ch)].into_iter().enumerate() {
        let stride = usize::try_from(image.stride[index]).map_err(|_| Error::Codec("negative decoder stride".into()))?;
        for row in 0..rows {
            // SAFETY: libvpx guarantees `rows` rows of `stride` bytes per plane of the
            // displayed size, and `width <= stride`.
            let line = unsafe { std::slice::from_raw_parts(image.planes[index].add(row * stride), width) };
            data.extend_from_slice(line);
        }
    }
    Ok(VideoFrame::packed(PixelFormat::I420, image.d_w, image.d_h, data, timestamp_us)?)
}

/// Maps a libvpx status to the crate error, with libvpx's own message when a context is known.
fn codec_result(err: vpx_codec_err_t, ctx: Option<&mut vpx_codec_ctx_t>, what: &str) -> Result<()> {
    if err == vpx_codec_err_t::VPX_CODEC_OK {
        return Ok(());
    }
    let detail = ctx
        .map(|ctx| {
            let ctx: *mut vpx_codec_ctx_t = ctx;
            // SAFETY: libvpx returns static or context-owned NUL-terminated strings (or null).
            let text = |p: *const std::os::raw::c_char| {
                (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
            };
            let message = text(unsafe { vpx_sys::vpx_codec_error(ctx) }).unwrap_or_default();
            match text(unsafe { vpx_sys::vpx_codec_error_detail(ctx) }) {
                Some(extra) => format!("{message} ({extra})"),
                None => message,
            }
        })
        .unwrap_or_default();
    Err(Error::Codec(format!("{what} failed: {err:?} {detail}")))
}
