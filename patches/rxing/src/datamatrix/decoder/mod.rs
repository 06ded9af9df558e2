mod bit_matrix_parser;
mod data_block;
mod datamatrix_decoder;
mod version;

pub use bit_matrix_parser::*;
pub use data_block::*;
pub use datamatrix_decoder::*;
pub use version::*;

pub mod decoded_bit_stream_parser;
