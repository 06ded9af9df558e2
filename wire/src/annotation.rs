//! Annotations: shapes the technicians draw over the phone's picture, in coordinates
//! normalised to the picture (`[x, y]`, each 0..1 of its width and height, from the top
//! left), so they land on the same spot at any resolution and zoom of the display.
//! A session keeps one list of them; each names its author.

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
}
