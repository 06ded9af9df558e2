//! Annotations: shapes the technicians draw over the phone's picture, in coordinates
//! normalised to the picture (`[x, y]`, each 0..1 of its width and height, from the top
//! left), so they land on the same spot at any resolution and zoom of the display.
//! A session keeps one list of them; each names its author.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

pub use crate::vocabulary::Colour;

/// A point of the picture: `[x, y]`, each 0..1 of its width and height.
pub type Point = [f32; 2];

/// What is drawn, with its points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Shape {
    /// A line from the tail `from` with its head at `to`.
    Arrow { from: Point, to: Point },
    /// The ellipse inside the box between two opposite corners (a circle on a square box).
    Circle { from: Point, to: Point },
    /// The rectangle between two opposite corners.
    Rectangle { from: Point, to: Point },
    /// A stroke through the points, in order.
    Freehand { points: Vec<Point> },
    /// One line of text whose top left corner is `at`.
    Text { at: Point, text: String },
}

impl Shape {
    /// The shape's wire name, e.g. `arrow`.
    pub fn kind(&self) -> &'static str {
        match self {
            Shape::Arrow { .. } => "arrow",
            Shape::Circle { .. } => "circle",
            Shape::Rectangle { .. } => "rectangle",
            Shape::Freehand { .. } => "freehand",
            Shape::Text { .. } => "text",
        }
    }

    /// Every point of the shape.
    pub fn points(&self) -> Vec<Point> {
        match self {
            Shape::Arrow { from, to } | Shape::Circle { from, to } | Shape::Rectangle { from, to } => vec![*from, *to],
            Shape::Freehand { points } => points.clone(),
            Shape::Text { at, .. } => vec![*at],
        }
    }
}

/// An annotation as a technician asks for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct NewAnnotation {
    pub colour: Colour,
    /// The stroke's width as a fraction of the picture's width; text is drawn
    /// [`TEXT_HEIGHT_PER_WIDTH`] times as tall.
    pub width: f32,
    /// `{"kind": "arrow" | "circle" | "rectangle", "from": [x, y], "to": [x, y]}`,
    /// `{"kind": "freehand", "points": [[x, y], ...]}` or `{"kind": "text", "at": [x, y], "text": "..."}`.
    #[cfg_attr(feature = "utoipa", schema(value_type = Object))]
    pub shape: Shape,
}

/// How much taller than its stroke width a text annotation is drawn.
pub const TEXT_HEIGHT_PER_WIDTH: f32 = 6.0;
/// The most points of one freehand stroke.
pub const MAX_POINTS: usize = 2000;
/// The longest text annotation, in characters.
pub const MAX_TEXT_CHARS: usize = 200;
/// The stroke width's range, as a fraction of the picture's width.
pub const WIDTH_RANGE: RangeInclusive<f32> = 0.001..=0.05;

/// Why an annotation is refused: no picture could show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("width must be {} to {} of the picture's width", WIDTH_RANGE.start(), WIDTH_RANGE.end())]
    Width,
    #[error("every point must be [x, y] with x and y in 0..1 of the picture")]
    PointOutside,
    #[error("a freehand stroke has 2 to {MAX_POINTS} points")]
    StrokePoints,
    #[error("a text annotation is one line of 1 to {MAX_TEXT_CHARS} characters")]
    Text,
}

impl NewAnnotation {
    /// Refuses an annotation no picture could show: a point outside the picture, a width
    /// out of range, a stroke of too few or too many points, empty or oversize text.
    pub fn check(&self) -> Result<(), Refusal> {
        if !self.width.is_finite() || !WIDTH_RANGE.contains(&self.width) {
            return Err(Refusal::Width);
        }
        if !self.shape.points().iter().flatten().all(|c| c.is_finite() && (0.0..=1.0).contains(c)) {
            return Err(Refusal::PointOutside);
        }
        match &self.shape {
            Shape::Freehand { points } if !(2..=MAX_POINTS).contains(&points.len()) => Err(Refusal::StrokePoints),
            Shape::Text { text, .. } if text.trim().is_empty() || text.chars().count() > MAX_TEXT_CHARS || text.chars().any(char::is_control) => {
                Err(Refusal::Text)
            }
            _ => Ok(()),
        }
    }
}

/// An annotation as stored in the session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Annotation {
    pub id: String,
    /// The author's participant id.
    pub author: String,
    /// The author's name in the session.
    pub author_name: String,
    pub colour: Colour,
    /// See [`NewAnnotation::width`].
    pub width: f32,
    #[cfg_attr(feature = "utoipa", schema(value_type = Object))]
    pub shape: Shape,
    pub created_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_serialise_tagged_by_kind_with_their_points() {
        let arrow = NewAnnotation { colour: Colour::Red, width: 0.01, shape: Shape::Arrow { from: [0.1, 0.2], to: [0.5, 0.5] } };
        let text = serde_json::to_string(&arrow).expect("json");
        assert_eq!(text, r#"{"colour":"red","width":0.01,"shape":{"kind":"arrow","from":[0.1,0.2],"to":[0.5,0.5]}}"#);
        assert_eq!(serde_json::from_str::<NewAnnotation>(&text).expect("round trip"), arrow);
        for bad in [
            r#"{"colour":"red","width":0.01,"shape":{"kind":"star","at":[0.1,0.2]}}"#,
            r#"{"colour":"pink","width":0.01,"shape":{"kind":"text","at":[0.1,0.2],"text":"x"}}"#,
            r#"{"colour":"red","width":0.01,"shape":{"kind":"arrow","from":[0.1,0.2],"to":[0.5]}}"#,
            r#"{"colour":"red","width":0.01,"shape":{"kind":"arrow","from":[0.1,0.2],"to":[0.5,0.5],"extra":1}}"#,
        ] {
            assert!(serde_json::from_str::<NewAnnotation>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn annotations_no_picture_could_show_are_refused() {
        let arrow = |width, to| NewAnnotation { colour: Colour::Red, width, shape: Shape::Arrow { from: [0.0, 1.0], to } };
        assert_eq!(arrow(0.01, [0.5, 0.5]).check(), Ok(()));
        assert_eq!(arrow(f32::NAN, [0.5, 0.5]).check(), Err(Refusal::Width));
        assert_eq!(arrow(0.5, [0.5, 0.5]).check(), Err(Refusal::Width));
        assert_eq!(arrow(0.01, [1.01, 0.5]).check(), Err(Refusal::PointOutside));
        assert_eq!(arrow(0.01, [0.5, f32::INFINITY]).check(), Err(Refusal::PointOutside));
        let stroke = |n| NewAnnotation { colour: Colour::Red, width: 0.01, shape: Shape::Freehand { points: vec![[0.5, 0.5]; n] } };
        assert_eq!(stroke(1).check(), Err(Refusal::StrokePoints));
        assert_eq!(stroke(MAX_POINTS).check(), Ok(()));
        assert_eq!(stroke(MAX_POINTS + 1).check(), Err(Refusal::StrokePoints));
        let text = |text: &str| NewAnnotation { colour: Colour::Red, width: 0.01, shape: Shape::Text { at: [0.5, 0.5], text: text.into() } };
        assert_eq!(text("valve 3").check(), Ok(()));
        for bad in ["  ", "two\nlines", &"x".repeat(MAX_TEXT_CHARS + 1)] {
            assert_eq!(text(bad).check(), Err(Refusal::Text), "{bad:?}");
        }
    }
}
