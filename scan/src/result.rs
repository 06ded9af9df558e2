//! What a scan reports: plain records, ready to travel to the technicians.

use crate::format::BarcodeFormat;

/// A point in picture coordinates normalised to 0..1 (x to the right, y downwards).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NormalizedPoint {
    pub x: f32,
    pub y: f32,
}

/// One decoded symbol.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScanResult {
    pub format: BarcodeFormat,
    /// The decoded text.
    pub text: String,
    /// The raw data codewords as the decoder read them (empty where the symbology has none).
    pub raw_bytes: Vec<u8>,
    /// Where the symbol lies: the corners of a 2D symbol, or the ends of the scan line that
    /// read a 1D symbol. Normalised to the picture, each coordinate in 0..1.
    pub points: Vec<NormalizedPoint>,
}

impl ScanResult {
    /// The smallest axis-aligned box holding the result's points, if it has any.
    pub fn bounds(&self) -> Option<Region> {
        Region::enclosing(&self.points)
    }

    /// True when both results carry the same symbol content.
    pub fn same_code(&self, other: &ScanResult) -> bool {
        self.format == other.format && self.text == other.text
    }
}

/// An axis-aligned rectangle in normalised picture coordinates.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Region {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
}

impl Region {
    /// The whole picture.
    pub const FULL: Region = Region {
        left: 0.0,
        top: 0.0,
        right: 1.0,
        bottom: 1.0,
    };

    /// The smallest box around `points`, or `None` when there are none.
    pub fn enclosing(points: &[NormalizedPoint]) -> Option<Region> {
        let first = points.first()?;
        let start = Region {
            left: first.x,
            top: first.y,
            right: first.x,
            bottom: first.y,
        };
        Some(points.iter().fold(start, |r, p| Region {
            left: r.left.min(p.x),
            top: r.top.min(p.y),
            right: r.right.max(p.x),
            bottom: r.bottom.max(p.y),
        }))
    }

    /// Both boxes joined.
    pub fn union(self, other: Region) -> Region {
        Region {
            left: self.left.min(other.left),
            top: self.top.min(other.top),
            right: self.right.max(other.right),
            bottom: self.bottom.max(other.bottom),
        }
    }

    /// The box grown by `margin` times its size (at least `min_size` wide and high), clamped to the picture.
    pub fn expanded(self, margin: f32, min_size: f32) -> Region {
        let grow_x = ((self.right - self.left) * margin)
            .max((min_size - (self.right - self.left)) / 2.0)
            .max(0.0);
        let grow_y = ((self.bottom - self.top) * margin)
            .max((min_size - (self.bottom - self.top)) / 2.0)
            .max(0.0);
        Region {
            left: (self.left - grow_x).clamp(0.0, 1.0),
            top: (self.top - grow_y).clamp(0.0, 1.0),
            right: (self.right + grow_x).clamp(0.0, 1.0),
            bottom: (self.bottom + grow_y).clamp(0.0, 1.0),
        }
    }

    /// Width times height.
    pub fn area(self) -> f32 {
        (self.right - self.left).max(0.0) * (self.bottom - self.top).max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_enclose_grow_and_clamp() {
        let points = [
            NormalizedPoint { x: 0.4, y: 0.5 },
            NormalizedPoint { x: 0.6, y: 0.7 },
        ];
        let bounds = Region::enclosing(&points).expect("points");
        assert_eq!(
            bounds,
            Region {
                left: 0.4,
                top: 0.5,
                right: 0.6,
                bottom: 0.7
            }
        );
        let grown = bounds.expanded(1.0, 0.0);
        assert!((grown.left - 0.2).abs() < 1e-6 && (grown.bottom - 0.9).abs() < 1e-6);
        assert_eq!(bounds.expanded(10.0, 0.0), Region::FULL);
        let line = Region::enclosing(&points[..1])
            .expect("one point")
            .expanded(0.5, 0.2);
        assert!((line.right - line.left - 0.2).abs() < 1e-6);
        assert!(Region::enclosing(&[]).is_none());
    }
}
