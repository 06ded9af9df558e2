//! Why text could not be read from a picture.

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the picture is empty")]
    EmptyPicture,
    #[error("the picture has {pixels} pixels, more than the {limit} live text reads")]
    PictureTooLarge { pixels: u64, limit: u64 },
    #[error("the region must lie inside the picture (0 to 1 on each axis) and be at least {min_pixels} pixels on each side")]
    BadRegion { min_pixels: u32 },
    #[error("the text engine is not available: {0}")]
    EngineMissing(String),
    #[error("the text engine failed: {0}")]
    Engine(String),
}

pub type Result<T> = std::result::Result<T, Error>;
