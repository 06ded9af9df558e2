//! The technicians' annotations and freezes, as the app shows them over its preview.

use sightline_sdk_core::session::{
    Colour, FreezeListener as CoreFreezeListener, OverlayAnnotation, OverlayListener as CoreOverlayListener, OverlayShape,
};
use sightline_sdk_core::NormalizedPoint;

use crate::listeners::Slot;

/// An annotation's colour.
#[uniffi::remote(Enum)]
pub enum Colour {
    Red,
    Yellow,
    Green,
    Blue,
    White,
    Black,
}

/// What an annotation draws, in points normalised to the picture (0..1 of its width and
/// height, from the top left).
#[uniffi::remote(Enum)]
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

/// One annotation a technician drew.
#[uniffi::remote(Record)]
pub struct OverlayAnnotation {
    pub id: String,
    /// The author's participant id and name in the session.
    pub author_id: String,
    pub author_name: String,
    pub colour: Colour,
    /// The stroke's width as a fraction of the picture's width; text is
    /// `text_height_per_width()` times as tall.
    pub width: f32,
    pub shape: OverlayShape,
}

/// What the app hears of the annotation overlay. Called from the SDK's threads; keep calls short.
#[uniffi::export(foreign)]
pub trait OverlayListener: Send + Sync {
    fn on_annotation_added(&self, annotation: OverlayAnnotation);
    fn on_annotation_removed(&self, id: String);
    fn on_annotations_cleared(&self);
}

/// What the app hears of freezes: a technician held the picture (`true`: show "frozen") or
/// let it go live again.
#[uniffi::export(foreign)]
pub trait FreezeListener: Send + Sync {
    fn on_freeze_changed(&self, frozen: bool);
}

impl CoreOverlayListener for Slot<dyn OverlayListener> {
    fn on_annotation_added(&self, annotation: OverlayAnnotation) {
        self.deliver("on_annotation_added", |listener| listener.on_annotation_added(annotation));
    }

    fn on_annotation_removed(&self, id: String) {
        self.deliver("on_annotation_removed", |listener| listener.on_annotation_removed(id));
    }

    fn on_annotations_cleared(&self) {
        self.deliver("on_annotations_cleared", |listener| listener.on_annotations_cleared());
    }
}

impl CoreFreezeListener for Slot<dyn FreezeListener> {
    fn on_freeze_changed(&self, frozen: bool) {
        self.deliver("on_freeze_changed", |listener| listener.on_freeze_changed(frozen));
    }
}

/// How many times an annotation's width a text annotation is tall.
#[uniffi::export]
pub fn text_height_per_width() -> f32 {
    sightline_sdk_core::session::TEXT_HEIGHT_PER_WIDTH
}

/// The palette colour as the console and the virtual phone draw it, as opaque 0xAARRGGBB.
#[uniffi::export]
pub fn colour_argb(colour: Colour) -> u32 {
    let [r, g, b] = colour.rgb();
    0xFF00_0000 | u32::from(r) << 16 | u32::from(g) << 8 | u32::from(b)
}
