//! The symbologies the scanner reads, with their stable names.

use std::fmt;
use std::str::FromStr;

/// A barcode symbology the scanner can decode.
///
/// The serialised and displayed names (`QRCode`, `EAN13`, ...) are stable: they appear in
/// JSON output and on the wire.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum BarcodeFormat {
    #[serde(rename = "QRCode")]
    QrCode,
    #[serde(rename = "DataMatrix")]
    DataMatrix,
    #[serde(rename = "Aztec")]
    Aztec,
    #[serde(rename = "PDF417")]
    Pdf417,
    #[serde(rename = "EAN13")]
    Ean13,
    #[serde(rename = "EAN8")]
    Ean8,
    #[serde(rename = "UPCA")]
    UpcA,
    #[serde(rename = "UPCE")]
    UpcE,
    #[serde(rename = "Code128")]
    Code128,
    #[serde(rename = "Code39")]
    Code39,
    #[serde(rename = "Code93")]
    Code93,
    #[serde(rename = "ITF")]
    Itf,
    #[serde(rename = "Codabar")]
    Codabar,
}

impl BarcodeFormat {
    /// Every supported format.
    pub const ALL: [BarcodeFormat; 13] = [
        BarcodeFormat::QrCode,
        BarcodeFormat::DataMatrix,
        BarcodeFormat::Aztec,
        BarcodeFormat::Pdf417,
        BarcodeFormat::Ean13,
        BarcodeFormat::Ean8,
        BarcodeFormat::UpcA,
        BarcodeFormat::UpcE,
        BarcodeFormat::Code128,
        BarcodeFormat::Code39,
        BarcodeFormat::Code93,
        BarcodeFormat::Itf,
        BarcodeFormat::Codabar,
    ];

    /// The stable name of the format.
    pub fn name(self) -> &'static str {
        match self {
            BarcodeFormat::QrCode => "QRCode",
            BarcodeFormat::DataMatrix => "DataMatrix",
            BarcodeFormat::Aztec => "Aztec",
            BarcodeFormat::Pdf417 => "PDF417",
            BarcodeFormat::Ean13 => "EAN13",
            BarcodeFormat::Ean8 => "EAN8",
            BarcodeFormat::UpcA => "UPCA",
            BarcodeFormat::UpcE => "UPCE",
            BarcodeFormat::Code128 => "Code128",
            BarcodeFormat::Code39 => "Code39",
            BarcodeFormat::Code93 => "Code93",
            BarcodeFormat::Itf => "ITF",
            BarcodeFormat::Codabar => "Codabar",
        }
    }

    /// True for one-dimensional (linear) symbologies, read along scan lines.
    pub fn is_linear(self) -> bool {
        !matches!(
            self,
            BarcodeFormat::QrCode
                | BarcodeFormat::DataMatrix
                | BarcodeFormat::Aztec
                | BarcodeFormat::Pdf417
        )
    }

    pub(crate) fn to_rxing(self) -> rxing::BarcodeFormat {
        use rxing::BarcodeFormat as R;
        match self {
            BarcodeFormat::QrCode => R::QR_CODE,
            BarcodeFormat::DataMatrix => R::DATA_MATRIX,
            BarcodeFormat::Aztec => R::AZTEC,
            BarcodeFormat::Pdf417 => R::PDF_417,
            BarcodeFormat::Ean13 => R::EAN_13,
            BarcodeFormat::Ean8 => R::EAN_8,
            BarcodeFormat::UpcA => R::UPC_A,
            BarcodeFormat::UpcE => R::UPC_E,
            BarcodeFormat::Code128 => R::CODE_128,
            BarcodeFormat::Code39 => R::CODE_39,
            BarcodeFormat::Code93 => R::CODE_93,
            BarcodeFormat::Itf => R::ITF,
            BarcodeFormat::Codabar => R::CODABAR,
        }
    }

    /// The format of an rxing result, or `None` for symbologies this scanner does not offer.
    pub(crate) fn from_rxing(format: rxing::BarcodeFormat) -> Option<Self> {
        BarcodeFormat::ALL
            .into_iter()
            .find(|f| f.to_rxing() == format)
    }
}

impl fmt::Display for BarcodeFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing an unknown format name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown barcode format {0:?}")]
pub struct UnknownFormat(pub String);

impl FromStr for BarcodeFormat {
    type Err = UnknownFormat;

    /// Parses a stable name, ignoring ASCII case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BarcodeFormat::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownFormat(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_parse_and_rxing() {
        for format in BarcodeFormat::ALL {
            assert_eq!(format.name().parse::<BarcodeFormat>(), Ok(format));
            assert_eq!(BarcodeFormat::from_rxing(format.to_rxing()), Some(format));
        }
        assert_eq!("qrcode".parse::<BarcodeFormat>(), Ok(BarcodeFormat::QrCode));
        assert!("MaxiCode".parse::<BarcodeFormat>().is_err());
        assert_eq!(
            BarcodeFormat::from_rxing(rxing::BarcodeFormat::MAXICODE),
            None
        );
        assert!(BarcodeFormat::Codabar.is_linear() && !BarcodeFormat::Pdf417.is_linear());
    }
}
