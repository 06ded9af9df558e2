//! Raw camera frames as the app pushes them: I420, NV12 or RGBA, with strides.
//!
//! Planes are stored one after another in `data`. Every accessor validates the
//! geometry first, so a frame from an app can never cause an out-of-bounds read.

use crate::{Error, Result};

/// Largest width or height accepted for a frame (16K); guards against absurd allocations.
pub const MAX_DIMENSION: u32 = 16_384;

/// Pixel layout of a raw frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum PixelFormat {
    /// Planar Y, then U, then V; chroma at half resolution in both directions.
    I420,
    /// Planar Y, then interleaved UV at half resolution in both directions.
    Nv12,
    /// Packed 8-bit red, green, blue, alpha.
    Rgba,
}

impl PixelFormat {
    /// Number of planes of this layout.
    pub fn plane_count(self) -> usize {
        match self {
            PixelFormat::I420 => 3,
            PixelFormat::Nv12 => 2,
            PixelFormat::Rgba => 1,
        }
    }
}

/// One raw picture from the camera.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VideoFrame {
    pub format: PixelFormat,
    pub width: u32,
    pub height: u32,
    /// Bytes per row of each plane, in plane order.
    pub strides: Vec<u32>,
    /// The planes, one after another.
    pub data: Vec<u8>,
    /// Capture time in microseconds on the app's monotonic clock.
    pub timestamp_us: u64,
}

/// Where one plane lies in `VideoFrame::data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlaneLayout {
    pub offset: usize,
    pub stride: usize,
    pub width_bytes: usize,
    pub rows: usize,
}

/// A borrowed 8-bit grey picture: the luma plane of a YUV frame.
#[derive(Debug, Clone, Copy)]
pub struct LumaPlane<'a> {
    pub width: usize,
    pub height: usize,
    pub stride: usize,
    pub data: &'a [u8],
}

impl<'a> LumaPlane<'a> {
    /// A plane over `data` after checking that its geometry fits the buffer.
    pub fn new(width: usize, height: usize, stride: usize, data: &'a [u8]) -> Result<Self> {
        let plane = LumaPlane { width, height, stride, data };
        plane.check()?;
        Ok(plane)
    }

    /// Checks that the size is accepted, the stride holds a row and the buffer holds every row,
    /// so that [`LumaPlane::row`] cannot fail. Planes from [`VideoFrame::luma_plane`] always pass.
    pub fn check(&self) -> Result<()> {
        if self.width == 0 || self.height == 0 {
            return Err(Error::InvalidFrame(format!("zero size {}x{}", self.width, self.height)));
        }
        let limit = MAX_DIMENSION as usize;
        if self.width > limit || self.height > limit {
            return Err(Error::InvalidFrame(format!(
                "{}x{} exceeds the largest accepted size {MAX_DIMENSION}x{MAX_DIMENSION}",
                self.width, self.height
            )));
        }
        if self.stride < self.width {
            return Err(Error::InvalidFrame(format!("stride {} is shorter than a row of {} bytes", self.stride, self.width)));
        }
        let needed = self.stride.checked_mul(self.height - 1).and_then(|rows| rows.checked_add(self.width));
        if needed.is_none_or(|needed| self.data.len() < needed) {
            return Err(Error::InvalidFrame(format!(
                "luma {}x{} with stride {} needs more than the {} bytes given",
                self.width,
                self.height,
                self.stride,
                self.data.len()
            )));
        }
        Ok(())
    }

    /// Row `y` without the stride padding. `y` must be below `height`.
    pub fn row(&self, y: usize) -> &'a [u8] {
        let start = y * self.stride;
        &self.data[start..start + self.width]
    }
}

impl VideoFrame {
    /// A frame with tightly packed planes (stride equals the row width).
    pub fn packed(format: PixelFormat, width: u32, height: u32, data: Vec<u8>, timestamp_us: u64) -> Result<Self> {
        let chroma_w = width.div_ceil(2);
        let strides = match format {
            PixelFormat::I420 => vec![width, chroma_w, chroma_w],
            PixelFormat::Nv12 => vec![width, chroma_w * 2],
            PixelFormat::Rgba => vec![width.checked_mul(4).ok_or_else(|| too_large(width, height))?],
        };
        let frame = VideoFrame { format, width, height, strides, data, timestamp_us };
        frame.layout()?;
        Ok(frame)
    }

    /// The position of every plane, after checking that dimensions, strides and
    /// buffer length agree.
    pub fn layout(&self) -> Result<Vec<PlaneLayout>> {
        if self.width == 0 || self.height == 0 {
            return Err(Error::InvalidFrame(format!("zero size {}x{}", self.width, self.height)));
        }
        if self.width > MAX_DIMENSION || self.height > MAX_DIMENSION {
            return Err(too_large(self.width, self.height));
        }
        let expected = self.format.plane_count();
        if self.strides.len() != expected {
            return Err(Error::InvalidFrame(format!(
                "{:?} has {expected} planes but {} strides were given",
                self.format,
                self.strides.len()
            )));
        }
        let (w, h) = (self.width as usize, self.height as usize);
        let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
        let planes: &[(usize, usize)] = match self.format {
            PixelFormat::I420 => &[(w, h), (cw, ch), (cw, ch)],
            PixelFormat::Nv12 => &[(w, h), (cw * 2, ch)],
            PixelFormat::Rgba => &[(w * 4, h)],
        };
        let mut offset = 0usize;
        let mut layouts = Vec::with_capacity(planes.len());
        for (index, (&(width_bytes, rows), &stride)) in planes.iter().zip(&self.strides).enumerate() {
            let stride = stride as usize;
            if stride < width_bytes {
                return Err(Error::InvalidFrame(format!(
                    "plane {index}: stride {stride} is shorter than a row of {width_bytes} bytes"
                )));
            }
            layouts.push(PlaneLayout { offset, stride, width_bytes, rows });
            // The last row need not carry stride padding.
            offset += stride * (rows - 1) + width_bytes;
            if index + 1 < planes.len() {
                offset += stride - width_bytes;
            }
        }
        if self.data.len() < offset {
            return Err(Error::InvalidFrame(format!(
                "{:?} {}x{} needs {offset} bytes but {} were given",
                self.format,
                self.width,
                self.height,
                self.data.len()
            )));
        }
        Ok(layouts)
    }

    /// The luma plane of a YUV frame, borrowed. `None` for RGBA, which has no luma plane
    /// (see [`VideoFrame::to_luma`]).
    pub fn luma_plane(&self) -> Result<Option<LumaPlane<'_>>> {
        let layout = self.layout()?;
        Ok(match self.format {
            PixelFormat::I420 | PixelFormat::Nv12 => {
                let y = layout[0];
                Some(LumaPlane {
                    width: self.width as usize,
                    height: self.height as usize,
                    stride: y.stride,
                    data: &self.data[y.offset..],
                })
            }
            PixelFormat::Rgba => None,
        })
    }

    /// An owned, tightly packed 8-bit luma picture (BT.601), for any format.
    pub fn to_luma(&self) -> Result<Vec<u8>> {
        if let Some(plane) = self.luma_plane()? {
            let mut out = Vec::with_capacity(plane.width * plane.height);
            for y in 0..plane.height {
                out.extend_from_slice(plane.row(y));
            }
            return Ok(out);
        }
        let layout = self.layout()?[0];
        let (w, h) = (self.width as usize, self.height as usize);
        let mut out = Vec::with_capacity(w * h);
        for y in 0..h {
            let row = &self.data[layout.offset + y * layout.stride..][..w * 4];
            out.extend(row.chunks_exact(4).map(|p| {
                let luma = 66 * u32::from(p[0]) + 129 * u32::from(p[1]) + 25 * u32::from(p[2]);
                (((luma + 128) >> 8) + 16).min(255) as u8
            }));
        }
        Ok(out)
    }
}

fn too_large(width: u32, height: u32) -> Error {
    Error::InvalidFrame(format!("{width}x{height} exceeds the largest accepted size {MAX_DIMENSION}x{MAX_DIMENSION}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_i420_layout_places_planes_back_to_back() {
        let frame = VideoFrame::packed(PixelFormat::I420, 5, 3, vec![0; 15 + 6 + 6], 0).expect("valid frame");
        let layout = frame.layout().expect("layout");
        assert_eq!(layout.iter().map(|p| p.offset).collect::<Vec<_>>(), vec![0, 15, 21]);
    }

    #[test]
    fn short_buffers_zero_sizes_and_narrow_strides_are_refused() {
        assert!(VideoFrame::packed(PixelFormat::Nv12, 4, 4, vec![0; 23], 0).is_err());
        assert!(VideoFrame::packed(PixelFormat::Rgba, 0, 4, vec![], 0).is_err());
        let narrow = VideoFrame { format: PixelFormat::I420, width: 8, height: 2, strides: vec![4, 4, 4], data: vec![0; 64], timestamp_us: 0 };
        assert!(matches!(narrow.layout(), Err(Error::InvalidFrame(_))));
        let huge = VideoFrame { format: PixelFormat::Rgba, width: u32::MAX, height: 1, strides: vec![u32::MAX], data: vec![], timestamp_us: 0 };
        assert!(huge.layout().is_err());
    }

    #[test]
    fn strided_luma_skips_padding_and_rgba_converts() {
        let mut data = vec![9u8; 6 * 2 + 3 * 1 * 2];
        data[..4].copy_from_slice(&[1, 2, 3, 4]);
        data[6..10].copy_from_slice(&[5, 6, 7, 8]);
        let frame = VideoFrame { format: PixelFormat::I420, width: 4, height: 2, strides: vec![6, 3, 3], data, timestamp_us: 0 };
        assert_eq!(frame.to_luma().expect("luma"), vec![1, 2, 3, 4, 5, 6, 7, 8]);
        let white = VideoFrame::packed(PixelFormat::Rgba, 1, 1, vec![255, 255, 255, 255], 0).expect("rgba");
        assert_eq!(white.to_luma().expect("luma"), vec![235]);
    }
}
