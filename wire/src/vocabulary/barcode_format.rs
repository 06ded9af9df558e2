//! The barcode symbologies the scanner reads, by their stable names (`QRCode`, `EAN13`, ...):
//! in scan results on the wire, in the scanner's JSON output and on its command line.

use super::{vocabulary, UnknownWord};

vocabulary! {
    /// A barcode symbology the scanner can decode.
    pub enum BarcodeFormat as "barcode format" {
        QrCode = "QRCode",
        DataMatrix = "DataMatrix",
        Aztec = "Aztec",
        Pdf417 = "PDF417",
        Ean13 = "EAN13",
        Ean8 = "EAN8",
        UpcA = "UPCA",
        UpcE = "UPCE",
        Code128 = "Code128",
        Code39 = "Code39",
        Code93 = "Code93",
        Itf = "ITF",
        Codabar = "Codabar",
    }
}

impl BarcodeFormat {
    /// Parses a stable name as a person types it, ignoring ASCII case.
    pub fn parse_ignoring_case(name: &str) -> Result<BarcodeFormat, UnknownWord> {
        BarcodeFormat::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| UnknownWord { kind: "barcode format", word: name.to_owned() })
    }

    /// True for one-dimensional (linear) symbologies, read along scan lines.
    pub fn is_linear(self) -> bool {
        !matches!(self, BarcodeFormat::QrCode | BarcodeFormat::DataMatrix | BarcodeFormat::Aztec | BarcodeFormat::Pdf417)
    }
}
