pub mod ec;

mod codeword;
pub use codeword::*;

mod barcode_value;
pub use barcode_value::*;

mod barcode_metadata;
pub use barcode_metadata::*;

mod bounding_box;
pub use bounding_box::*;

mod detection_result_column;
pub use detection_result_column::*;

pub mod pdf_417_codeword_decoder;

mod detection_result_row_indicator_column;
pub use detection_result_row_indicator_column::*;

mod detection_result;
pub use detection_result::*;

pub mod decoded_bit_stream_parser;
pub mod pdf_417_scanning_decoder;

#[cfg(test)]
#[cfg(all(feature = "decoders", feature = "encoders"))]
mod pdf_417_decoder_test_case;
