//! The colours an annotation may be drawn in: a small fixed palette, so every console
//! and every phone shows the same colour for the same word.

use super::vocabulary;

vocabulary! {
    /// An annotation's colour.
    pub enum Colour as "colour" {
        Red = "red",
        Yellow = "yellow",
        Green = "green",
        Blue = "blue",
        White = "white",
        Black = "black",
    }
}

impl Colour {
    /// The colour as 8-bit sRGB, as the console and the phone draw it.
    pub const fn rgb(self) -> [u8; 3] {
        match self {
            Colour::Red => [230, 40, 40],
            Colour::Yellow => [250, 210, 20],
            Colour::Green => [40, 200, 70],
            Colour::Blue => [40, 110, 240],
            Colour::White => [255, 255, 255],
            Colour::Black => [0, 0, 0],
        }
    }
}
