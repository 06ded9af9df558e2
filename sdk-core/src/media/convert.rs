//! Conversion of the app's raw frames (I420, NV12, RGBA, any strides) to the I420
//! layout the video encoder takes, smaller I420 pictures for a narrow uplink, and packed
//! RGB for still pictures.

use std::borrow::Cow;

use yuvutils_rs::{BufferStoreMut, YuvPlanarImage, YuvConversionMode, YuvPlanarImageMut, YuvRange, YuvStandardMatrix};

use crate::frame::PlaneLayout;
use crate::scan::Error as ScanError;
use crate::{PixelFormat, Result, VideoFrame};

/// The frame as I420: borrowed when it already is I420 (strides kept), otherwise a
/// tightly packed converted copy. RGBA uses BT.601 limited range, as browsers assume
/// for VP8 without colour metadata.
pub fn to_i420(frame: &VideoFrame) -> Result<Cow<'_, VideoFrame>> {
    let layout = frame.layout()?;
    match frame.format {
        PixelFormat::I420 => Ok(Cow::Borrowed(frame)),
        PixelFormat::Nv12 => Ok(Cow::Owned(nv12_to_i420(frame, &layout)?)),
        PixelFormat::Rgba => Ok(Cow::Owned(rgba_to_i420(frame, &layout[0])?)),
    }
}

/// The frame as tightly packed 8-bit RGB (BT.601 limited range for YUV input).
pub fn to_rgb(frame: &VideoFrame) -> Result<Vec<u8>> {
    let i420 = to_i420(frame)?;
    let layout = i420.layout()?;
    let (y, u, v) = (layout[0], layout[1], layout[2]);
    let ((y_plane, y_stride), (u_plane, u_stride), (v_plane, v_stride)) =
        (whole_rows(&i420.data, &y), whole_rows(&i420.data, &u), whole_rows(&i420.data, &v));
    let planar = YuvPlanarImage {
        y_plane: &y_plane,
        y_stride: y_stride as u32,
        u_plane: &u_plane,
        u_stride: u_stride as u32,
        v_plane: &v_plane,
        v_stride: v_stride as u32,
        width: i420.width,
        height: i420.height,
    };
    let mut rgb = vec![0u8; i420.width as usize * i420.height as usize * 3];
    yuvutils_rs::yuv420_to_rgb(&planar, &mut rgb, i420.width * 3, YuvRange::Limited, YuvStandardMatrix::Bt601)
        .map_err(|e| ScanError::InvalidFrame(format!("I420 to RGB conversion failed: {e}")))?;
    Ok(rgb)
}

/// A plane's rows, each a whole stride long, and that stride, as yuvutils-rs 0.8 takes
/// them: it panics on a plane whose last row is shorter than its stride (or skips the
/// last row pair), and reads past an odd height's last row into bytes that follow it.
/// Borrowed when the frame holds them, else the rows packed (never more than the frame).
fn whole_rows<'a>(data: &'a [u8], plane: &PlaneLayout) -> (Cow<'a, [u8]>, usize) {
    let whole = plane.stride * plane.rows;
    let rows = &data[plane.offset..];
    if rows.len() >= whole {
        return (Cow::Borrowed(&rows[..whole]), plane.stride);
    }
    let packed = (0..plane.rows).flat_map(|row| &rows[row * plane.stride..][..plane.width_bytes]).copied().collect();
    (Cow::Owned(packed), plane.width_bytes)
}

/// Sizes of a packed I420 picture: (luma bytes, one chroma plane's width, its rows).
fn packed_i420_sizes(frame: &VideoFrame) -> (usize, usize, usize) {
    let (w, h) = (frame.width as usize, frame.height as usize);
    (w * h, w.div_ceil(2), h.div_ceil(2))
}

fn nv12_to_i420(frame: &VideoFrame, layout: &[PlaneLayout]) -> Result<VideoFrame> {
    let (luma_len, cw, ch) = packed_i420_sizes(frame);
    let (y_plane, uv_plane) = (layout[0], layout[1]);
    let mut data = vec![0u8; luma_len + 2 * cw * ch];
    let (y_out, chroma_out) = data.split_at_mut(luma_len);
    let (u_out, v_out) = chroma_out.split_at_mut(cw * ch);
    for (row, out) in y_out.chunks_exact_mut(y_plane.width_bytes).enumerate() {
        let start = y_plane.offset + row * y_plane.stride;
        out.copy_from_slice(&frame.data[start..start + y_plane.width_bytes]);
    }
    for row in 0..ch {
        let start = uv_plane.offset + row * uv_plane.stride;
        let uv = &frame.data[start..start + uv_plane.width_bytes];
        let (u_row, v_row) = (&mut u_out[row * cw..][..cw], &mut v_out[row * cw..][..cw]);
        for ((pair, u), v) in uv.chunks_exact(2).zip(u_row).zip(v_row) {
            *u = pair[0];
            *v = pair[1];
        }
    }
    Ok(VideoFrame::packed(PixelFormat::I420, frame.width, frame.height, data, frame.timestamp_us)?)
}

fn rgba_to_i420(frame: &VideoFrame, rgba: &PlaneLayout) -> Result<VideoFrame> {
    let (luma_len, cw, ch) = packed_i420_sizes(frame);
    let mut data = vec![0u8; luma_len + 2 * cw * ch];
    let (y_out, chroma_out) = data.split_at_mut(luma_len);
    let (u_out, v_out) = chroma_out.split_at_mut(cw * ch);
    let mut planar = YuvPlanarImageMut {
        y_plane: BufferStoreMut::Borrowed(y_out),
        y_stride: frame.width,
        u_plane: BufferStoreMut::Borrowed(u_out),
        u_stride: cw as u32,
        v_plane: BufferStoreMut::Borrowed(v_out),
        v_stride: cw as u32,
        width: frame.width,
        height: frame.height,
    };
    let (source, stride) = whole_rows(&frame.data, rgba);
    yuvutils_rs::rgba_to_yuv420(
        &mut planar,
        &source,
        stride as u32,
        YuvRange::Limited,
        YuvStandardMatrix::Bt601,
        YuvConversionMode::Balanced,
    )
    .map_err(|e| ScanError::InvalidFrame(format!("RGBA to I420 conversion failed: {e}")))?;
    Ok(VideoFrame::packed(PixelFormat::I420, frame.width, frame.height, data, frame.timestamp_us)?)
}

/// An I420 picture made `divisor` times smaller each way (sizes rounded down), each
/// pixel the mean of the block it covers: what the encoder sends when the uplink cannot
/// carry the camera's size.
pub fn shrink_i420(frame: &VideoFrame, divisor: u32) -> Result<VideoFrame> {
    let layout = frame.layout()?;
    if frame.format != PixelFormat::I420 || layout.len() != 3 {
        return Err(ScanError::InvalidFrame(format!("{:?} is not I420: only I420 is made smaller", frame.format)).into());
    }
    let divisor = divisor.max(1);
    let (width, height) = ((frame.width / divisor).max(1), (frame.height / divisor).max(1));
    let (w, h) = (width as usize, height as usize);
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    let mut data = Vec::with_capacity(w * h + 2 * cw * ch);
    for (plane, (out_w, out_h)) in layout.iter().zip([(w, h), (cw, ch), (cw, ch)]) {
        shrink_plane(&frame.data, plane, out_w, out_h, divisor as usize, &mut data);
    }
    Ok(VideoFrame::packed(PixelFormat::I420, width, height, data, frame.timestamp_us)?)
}

/// Appends the `out_w` × `out_h` box-filtered plane to `out`; blocks at the right and
/// bottom edges average the samples the plane has. Plain loops over rows, summed a row at
/// a time: this runs on every frame of a narrow uplink, in unoptimised builds too.
fn shrink_plane(data: &[u8], plane: &PlaneLayout, out_w: usize, out_h: usize, divisor: usize, out: &mut Vec<u8>) {
    let mut sums = vec![0u32; out_w];
    let mut counts = vec![0u32; out_w];
    for y in 0..out_h {
        sums.fill(0);
        counts.fill(0);
        for row in (y * divisor..(y + 1) * divisor).filter(|&row| row < plane.rows) {
            let line = &data[plane.offset + row * plane.stride..][..plane.width_bytes];
            for (x, &sample) in line.iter().enumerate().take(out_w * divisor) {
                sums[x / divisor] += u32::from(sample);
                counts[x / divisor] += 1;
            }
        }
        out.extend(sums.iter().zip(&counts).map(|(&sum, &count)| (sum / count.max(1)) as u8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn i420_is_borrowed_unchanged() {
        let frame = VideoFrame::packed(PixelFormat::I420, 2, 2, vec![1, 2, 3, 4, 5, 6], 7).expect("frame");
        assert!(matches!(to_i420(&frame).expect("convert"), Cow::Borrowed(_)));
    }

    #[test]
    fn strided_nv12_deinterleaves_chroma_and_drops_padding() {
        // 4x2 luma with stride 6, one chroma row of 2 UV pairs with stride 5.
        let data = vec![
            10, 11, 12, 13, 0, 0, //
            14, 15, 16, 17, 0, 0, //
            100, 200, 101, 201, 0,
        ];
        let frame = VideoFrame { format: PixelFormat::Nv12, width: 4, height: 2, strides: vec![6, 5], data, timestamp_us: 9 };
        let i420 = to_i420(&frame).expect("convert");
        assert_eq!(i420.data, vec![10, 11, 12, 13, 14, 15, 16, 17, 100, 101, 200, 201]);
        assert_eq!(i420.strides, vec![4, 2, 2]);
        assert_eq!(i420.timestamp_us, 9);
    }

    #[test]
    fn strided_rgba_converts_to_bt601_limited_range() {
        // 2x2: white, black / red, white, with 4 bytes of row padding.
        let mut data = vec![255, 255, 255, 255, 0, 0, 0, 255, 9, 9, 9, 9];
        data.extend_from_slice(&[255, 0, 0, 255, 255, 255, 255, 255]);
        let frame = VideoFrame { format: PixelFormat::Rgba, width: 2, height: 2, strides: vec![12], data, timestamp_us: 0 };
        let i420 = to_i420(&frame).expect("convert");
        let y = &i420.data[..4];
        assert!((234..=236).contains(&y[0]), "white luma {}", y[0]);
        assert!((15..=17).contains(&y[1]), "black luma {}", y[1]);
        assert!((80..=83).contains(&y[2]), "red luma {}", y[2]);
        // The averaged chroma leans red: V above neutral 128.
        assert!(i420.data[5] > 140, "V {}", i420.data[5]);
    }

    #[test]
    fn rgba_of_odd_height_with_bytes_after_its_last_row_converts() {
        // Found by the `frame_push` fuzz target: 4x3, stride 20, 27 bytes after the last row.
        let mut data = vec![255u8; 3 * 20];
        data.extend_from_slice(&[7; 27]);
        let frame = VideoFrame { format: PixelFormat::Rgba, width: 4, height: 3, strides: vec![20], data, timestamp_us: 0 };
        let i420 = to_i420(&frame).expect("convert");
        assert_eq!(i420.data.len(), 4 * 3 + 2 * 2 * 2);
        assert!(i420.data[..12].iter().all(|&y| (234..=236).contains(&y)), "every row white: {:?}", &i420.data[..12]);
    }

    #[test]
    fn i420_whose_chroma_stride_runs_past_the_data_converts_to_rgb() {
        // Found by the `frame_push` fuzz target: 1x1, V stride 15105 with one byte of V.
        let frame = VideoFrame { format: PixelFormat::I420, width: 1, height: 1, strides: vec![1, 2, 15105], data: vec![235, 128, 0, 128], timestamp_us: 0 };
        let rgb = to_rgb(&frame).expect("convert");
        assert!(rgb.iter().all(|&c| c > 240), "white: {rgb:?}");
    }

    #[test]
    fn invalid_frames_are_refused_before_conversion() {
        let short = VideoFrame { format: PixelFormat::Rgba, width: 4, height: 4, strides: vec![16], data: vec![0; 10], timestamp_us: 0 };
        assert!(matches!(to_i420(&short), Err(Error::Scan(ScanError::InvalidFrame(_)))));
    }

    #[test]
    fn shrinking_averages_blocks_of_every_plane() {
        // 4x2 luma in two halves (10 and 30, then 50 and 70 per 2x2 block), 2x1 chroma,
        // with padding after each row.
        let data = vec![
            10, 10, 30, 30, 0, //
            10, 10, 30, 30, 0, //
            50, 70, 9, //
            128, 200, 9,
        ];
        let frame = VideoFrame { format: PixelFormat::I420, width: 4, height: 2, strides: vec![5, 3, 3], data, timestamp_us: 4 };
        let half = shrink_i420(&frame, 2).expect("shrink");
        assert_eq!((half.width, half.height, half.timestamp_us), (2, 1, 4));
        assert_eq!(half.data, vec![10, 30, 60, 164]);
        assert_eq!(shrink_i420(&frame, 1).expect("same size").data, vec![10, 10, 30, 30, 10, 10, 30, 30, 50, 70, 128, 200]);
        let nv12 = VideoFrame::packed(PixelFormat::Nv12, 2, 2, vec![0; 6], 0).expect("frame");
        assert!(matches!(shrink_i420(&nv12, 2), Err(Error::Scan(ScanError::InvalidFrame(_)))));
    }
}
