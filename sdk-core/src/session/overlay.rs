//! The annotation overlay: the shapes technicians draw over the phone's picture, as a
//! model the app draws over its preview. The session keeps the current list (read it
//! with [`Overlay::annotations`]) and tells the app's [`OverlayListener`] of each
//! annotation added or removed and of the list cleared. A list the server sends on
//! (re)connecting is reconciled with the one held: only what changed is reported.

use std::sync::Arc;

use parking_lot::Mutex;
use sightline_wire::signal::ServerMessage;
use sightline_wire::{Annotation, Shape};

pub use sightline_wire::Colour;

use crate::scan::NormalizedPoint;

/// What an annotation draws, in points normalised to the picture (0..1 of its width
/// and height, from the top left).
#[derive(Debug, Clone, PartialEq)]
pub enum OverlayShape {
    /// A line from the tail `from` with its head at `to`.
    Arrow { from: NormalizedPoint, to: NormalizedPoint },
    /// The ellipse inside the box between two opposite corners.
    Circle { from: NormalizedPoint, to: NormalizedPoint },
    /// The rectangle between two opposite corners.
    Rectangle { from: NormalizedPoint, to: NormalizedPoint },
    /// A stroke through the points, in order.
    Freehand { points: Vec<NormalizedPoint> },
    /// One line of text whose top left corner is `at`.
    Text { at: NormalizedPoint, text: String },
}

/// One annotation of the overlay.
#[derive(Debug, Clone, PartialEq)]
pub struct OverlayAnnotation {
    pub id: String,
    /// The author's participant id and name in the session.
    pub author_id: String,
    pub author_name: String,
    pub colour: Colour,
    /// The stroke's width as a fraction of the picture's width; text is
    /// [`TEXT_HEIGHT_PER_WIDTH`] times as tall.
    pub width: f32,
    pub shape: OverlayShape,
}

pub use sightline_wire::annotation::TEXT_HEIGHT_PER_WIDTH;

/// The app's listener for the overlay. Called from the SDK's own threads; keep the calls short.
pub trait OverlayListener: Send + Sync {
    fn on_annotation_added(&self, annotation: OverlayAnnotation);
    fn on_annotation_removed(&self, id: String);
    fn on_annotations_cleared(&self);
}

/// The session's annotation overlay.
#[derive(Default)]
pub struct Overlay {
    annotations: Mutex<Vec<OverlayAnnotation>>,
    listener: Mutex<Option<Arc<dyn OverlayListener>>>,
}

/// A change to report to the listener.
enum Change {
    Added(OverlayAnnotation),
    Removed(String),
    Cleared,
}

fn point([x, y]: [f32; 2]) -> NormalizedPoint {
    NormalizedPoint { x, y }
}

impl From<Annotation> for OverlayAnnotation {
    fn from(annotation: Annotation) -> Self {
        let shape = match annotation.shape {
            Shape::Arrow { from, to } => OverlayShape::Arrow { from: point(from), to: point(to) },
            Shape::Circle { from, to } => OverlayShape::Circle { from: point(from), to: point(to) },
            Shape::Rectangle { from, to } => OverlayShape::Rectangle { from: point(from), to: point(to) },
            Shape::Freehand { points } => OverlayShape::Freehand { points: points.into_iter().map(point).collect() },
            Shape::Text { at, text } => OverlayShape::Text { at: point(at), text },
        };
        OverlayAnnotation {
            id: annotation.id,
            author_id: annotation.author,
            author_name: annotation.author_name,
            colour: annotation.colour,
            width: annotation.width,
            shape,
        }
    }
}

impl Overlay {
    /// The annotations now, oldest first.
    pub fn annotations(&self) -> Vec<OverlayAnnotation> {
        self.annotations.lock().clone()
    }

    /// Sets the listener that hears of every change from now on; read
    /// [`Overlay::annotations`] after setting it for what is already there.
    pub fn set_listener(&self, listener: Arc<dyn OverlayListener>) {
        *self.listener.lock() = Some(listener);
    }

    /// Applies an annotation message from the server; others are ignored.
    pub(super) fn apply(&self, message: ServerMessage) {
        let changes = {
            let mut held = self.annotations.lock();
            match message {
                ServerMessage::AnnotationAdded { annotation } if !held.iter().any(|a| a.id == annotation.id) => {
                    let annotation = OverlayAnnotation::from(annotation);
                    held.push(annotation.clone());
                    vec![Change::Added(annotation)]
                }
                ServerMessage::AnnotationRemoved { id } if held.iter().any(|a| a.id == id) => {
                    held.retain(|a| a.id != id);
                    vec![Change::Removed(id)]
                }
                ServerMessage::AnnotationsCleared if !held.is_empty() => {
                    held.clear();
                    vec![Change::Cleared]
                }
                ServerMessage::Annotations { annotations } => {
                    let fresh: Vec<OverlayAnnotation> = annotations.into_iter().map(OverlayAnnotation::from).collect();
                    let gone = held.iter().filter(|a| !fresh.iter().any(|f| f.id == a.id)).map(|a| Change::Removed(a.id.clone()));
                    let mut changes: Vec<Change> = gone.collect();
                    changes.extend(fresh.iter().filter(|f| !held.iter().any(|a| a.id == f.id)).cloned().map(Change::Added));
                    *held = fresh;
                    changes
                }
                _ => Vec::new(),
            }
        };
        let listener = self.listener.lock().clone();
        let Some(listener) = listener else { return };
        for change in changes {
            match change {
                Change::Added(annotation) => listener.on_annotation_added(annotation),
                Change::Removed(id) => listener.on_annotation_removed(id),
                Change::Cleared => listener.on_annotations_cleared(),
            }
        }
    }
}
