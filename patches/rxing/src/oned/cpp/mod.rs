mod dxfilm_edge_reader;
mod one_d_reader;
mod row_reader;
pub use one_d_reader::ODReader;
