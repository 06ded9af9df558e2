//! The symbologies the scanner reads: the shared [`BarcodeFormat`] and its rxing mapping.

pub use sightline_wire::BarcodeFormat;

/// The scanner's mapping of the shared formats to rxing's.
pub(crate) trait RxingFormat: Sized {
    fn to_rxing(self) -> rxing::BarcodeFormat;
    /// The format of an rxing result, or `None` for symbologies this scanner does not offer.
    fn from_rxing(format: rxing::BarcodeFormat) -> Option<Self>;
}

impl RxingFormat for BarcodeFormat {
    fn to_rxing(self) -> rxing::BarcodeFormat {
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

    fn from_rxing(format: rxing::BarcodeFormat) -> Option<Self> {
        BarcodeFormat::ALL
            .into_iter()
            .find(|f| f.to_rxing() == format)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_parse_and_rxing() {
        for format in BarcodeFormat::ALL {
            assert_eq!(BarcodeFormat::parse_ignoring_case(format.as_str()), Ok(format));
            assert_eq!(BarcodeFormat::from_rxing(format.to_rxing()), Some(format));
        }
        assert_eq!(BarcodeFormat::parse_ignoring_case("qrcode"), Ok(BarcodeFormat::QrCode));
        assert!(BarcodeFormat::parse_ignoring_case("MaxiCode").is_err());
        assert_eq!(
            BarcodeFormat::from_rxing(rxing::BarcodeFormat::MAXICODE),
            None
        );
        assert!(BarcodeFormat::Codabar.is_linear() && !BarcodeFormat::Pdf417.is_linear());
    }
}
