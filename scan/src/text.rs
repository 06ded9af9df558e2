//! Text conventions applied to decoded symbols, so that one content has one spelling.
//!
//! - UPC-A and UPC-E are reported as their 13-digit GTIN (`0` + the UPC-A number; UPC-E
//!   expanded first), the form retail systems store and the one zxing-cpp reports.
//! - A Code 39 symbol of six characters that is an Italian pharmacy code (Code 32: a base-32
//!   number of nine digits whose last is the check digit) is reported as `A` and the nine
//!   digits, as zxing-cpp does; the check decides, so other six-character texts stay as read.
//! - Code 39 "full ASCII" pairs (`+A` for `a`, `/A` for `!`, ...) are resolved when every
//!   escape in the text is a valid pair, as the symbology's extended mode defines.
//! - Codabar keeps its start and stop characters (`A1234B`), as zxing-cpp reports it.
//! - A GS1 matrix symbol's leading FNC1 (reported as GS, 0x1D) marks the symbol as GS1 and
//!   is not content: it is dropped, as zxing-cpp does. GS separators inside are kept.
//! - An Aztec symbol of a structured-append sequence opens with its header (the latches M/L
//!   U/L, an optional space-delimited file id, then the symbol's index and the count as two
//!   capital letters); rxing reports the header as text, it is dropped.

use crate::format::BarcodeFormat;

/// The conventional text for a decoded symbol of `format`.
pub(crate) fn conventional_text(format: BarcodeFormat, text: String) -> String {
    match format {
        BarcodeFormat::UpcA | BarcodeFormat::UpcE => upc_as_gtin13(&text).unwrap_or(text),
        BarcodeFormat::Code39 => code32(&text)
            .or_else(|| code39_full_ascii(&text))
            .unwrap_or(text),
        BarcodeFormat::Codabar => codabar_from_table_offsets(&text).unwrap_or(text),
        BarcodeFormat::QrCode | BarcodeFormat::DataMatrix | BarcodeFormat::Aztec => {
            match text.strip_prefix(GS1_FNC1) {
                Some(content) => content.to_owned(),
                None => text,
            }
        }
        _ => text,
    }
}

/// How rxing reports the FNC1 that opens a GS1 matrix symbol.
const GS1_FNC1: char = '\u{1d}';

/// The Aztec text without the structured-append header, when the corrected data bits
/// (`raw`, packed eight to a byte as rxing reports them) open with the latches M/L U/L.
pub(crate) fn without_structured_append(format: BarcodeFormat, text: String, raw: &[u8]) -> String {
    // M/L (29 in the upper table) then U/L (29 in the mixed table): bits 11101 11101.
    let opens_with_append = matches!(raw, [0xEF, second, ..] if second >> 6 == 0b01);
    if format != BarcodeFormat::Aztec || !opens_with_append {
        return text;
    }
    let rest = match text.strip_prefix(' ') {
        Some(with_id) => match with_id.split_once(' ') {
            Some((_id, rest)) => rest,
            None => return text,
        },
        None => text.as_str(),
    };
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(index), Some(count)) if index.is_ascii_uppercase() && count.is_ascii_uppercase() => {
            chars.as_str().to_owned()
        }
        _ => text,
    }
}

/// The Code 32 reading (`A` and nine digits) of a Code 39 text, when it is one.
fn code32(text: &str) -> Option<String> {
    const TABLE: &[u8; 32] = b"0123456789BCDFGHJKLMNPQRSTUVWXYZ";
    if text.len() != 6 {
        return None;
    }
    let value = text.bytes().try_fold(0u64, |value, c| {
        let digit = TABLE.iter().position(|&t| t == c)?;
        Some(value * 32 + digit as u64)
    })?;
    if value >= 1_000_000_000 {
        return None;
    }
    let digits = format!("{value:09}");
    let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = (0..8)
        .map(|i| if i % 2 == 0 { d[i] } else { (2 * d[i]) / 10 + (2 * d[i]) % 10 })
        .sum();
    (sum % 10 == d[8]).then(|| format!("A{digits}"))
}

/// `0` + the UPC-A number; a UPC-E number (8 digits) is expanded to UPC-A first.
fn upc_as_gtin13(text: &str) -> Option<String> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match text.len() {
        12 => Some(format!("0{text}")),
        8 => Some(format!("0{}", upce_to_upca(text.as_bytes()))),
        _ => None,
    }
}

/// Expands UPC-E (number system, six digits, check digit) to the UPC-A number it stands for.
fn upce_to_upca(digits: &[u8]) -> String {
    let d = |i: usize| char::from(digits[i]);
    let (ns, check) = (d(0), d(7));
    let body: String = match digits[6] {
        b'0'..=b'2' => [d(1), d(2), d(6), '0', '0', '0', '0', d(3), d(4), d(5)]
            .iter()
            .collect(),
        b'3' => [d(1), d(2), d(3), '0', '0', '0', '0', '0', d(4), d(5)]
            .iter()
            .collect(),
        b'4' => [d(1), d(2), d(3), d(4), '0', '0', '0', '0', '0', d(5)]
            .iter()
            .collect(),
        _ => [d(1), d(2), d(3), d(4), d(5), '0', '0', '0', '0', d(6)]
            .iter()
            .collect(),
    };
    format!("{ns}{body}{check}")
}

/// rxing 0.9 returns Codabar text with start/stop characters as offsets into the symbology's
/// alphabet instead of characters; this translates them. `None` when the text is already plain.
fn codabar_from_table_offsets(text: &str) -> Option<String> {
    const ALPHABET: &[u8; 20] = b"0123456789-$:/.+ABCD";
    text.chars()
        .map(|c| {
            ALPHABET
                .get(usize::try_from(u32::from(c)).ok()?)
                .map(|&b| char::from(b))
        })
        .collect()
}

/// The text with Code 39 full-ASCII pairs resolved, or `None` when it holds no pair or an invalid one.
fn code39_full_ascii(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    let mut escaped = false;
    while let Some(c) = chars.next() {
        if !matches!(c, '+' | '$' | '%' | '/') {
            out.push(c);
            continue;
        }
        escaped = true;
        let next = chars.next().filter(char::is_ascii_uppercase)?;
        let offset = next as u8 - b'A';
        let code = match (c, next) {
            ('+', _) => b'a' + offset,
            ('$', _) => 1 + offset,
            ('%', 'A'..='E') => 0x1B + offset,
            ('%', 'F'..='J') => b';' + (offset - 5),
            ('%', 'K'..='O') => b'[' + (offset - 10),
            ('%', 'P'..='T') => b'{' + (offset - 15),
            ('%', 'U') => 0,
            ('%', 'V') => b'@',
            ('%', 'W') => b'`',
            ('%', _) => 0x7F,
            ('/', 'A'..='O') => b'!' + offset,
            ('/', 'Z') => b':',
            _ => return None,
        };
        out.push(char::from(code));
    }
    escaped.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upc_numbers_become_gtin13() {
        assert_eq!(
            conventional_text(BarcodeFormat::UpcA, "456314319671".into()),
            "0456314319671"
        );
        assert_eq!(
            conventional_text(BarcodeFormat::UpcE, "01234565".into()),
            "0012345000065"
        );
        assert_eq!(
            conventional_text(BarcodeFormat::UpcE, "04252614".into()),
            "0042100005264"
        );
        assert_eq!(
            conventional_text(BarcodeFormat::Ean13, "9780804816632".into()),
            "9780804816632"
        );
    }

    #[test]
    fn a_leading_gs1_fnc1_is_dropped_from_matrix_symbols() {
        assert_eq!(
            conventional_text(BarcodeFormat::Aztec, "\u{1d}0109\u{1d}10AB".into()),
            "0109\u{1d}10AB"
        );
        assert_eq!(
            conventional_text(BarcodeFormat::DataMatrix, "0109".into()),
            "0109"
        );
    }

    #[test]
    fn code32_texts_become_pharmacy_codes_only_when_their_check_holds() {
        assert_eq!(
            conventional_text(BarcodeFormat::Code39, "3PRM8N".into()),
            "A123456788"
        );
        assert_eq!(
            conventional_text(BarcodeFormat::Code39, "3PRM8P".into()),
            "3PRM8P"
        );
        assert_eq!(
            conventional_text(BarcodeFormat::Code39, "ABCDEF".into()),
            "ABCDEF"
        );
    }

    #[test]
    fn an_aztec_structured_append_header_is_dropped() {
        let append = [0xEF, 0x40];
        let aztec = BarcodeFormat::Aztec;
        assert_eq!(
            without_structured_append(aztec, " Z1.txt DG3456".into(), &append),
            "3456"
        );
        assert_eq!(
            without_structured_append(aztec, "BC3456".into(), &append),
            "3456"
        );
        assert_eq!(
            without_structured_append(aztec, " Z1.txt DG3456".into(), &[0xEF, 0x80]),
            " Z1.txt DG3456"
        );
        assert_eq!(
            without_structured_append(BarcodeFormat::QrCode, "BC3456".into(), &append),
            "BC3456"
        );
    }

    #[test]
    fn codabar_offsets_become_characters() {
        assert_eq!(
            conventional_text(BarcodeFormat::Codabar, "\u{10}\u{1}\u{2}\u{11}".into()),
            "A12B"
        );
        assert_eq!(
            conventional_text(BarcodeFormat::Codabar, "A12B".into()),
            "A12B"
        );
    }

    #[test]
    fn code39_full_ascii_pairs_resolve_only_when_all_are_valid() {
        assert_eq!(
            conventional_text(BarcodeFormat::Code39, "12+A+B".into()),
            "12ab"
        );
        assert_eq!(
            conventional_text(BarcodeFormat::Code39, "E+X+T /A%J/J/C".into()),
            "Ext !?*#"
        );
        assert_eq!(
            conventional_text(BarcodeFormat::Code39, "TEST-SHEET".into()),
            "TEST-SHEET"
        );
        assert_eq!(
            conventional_text(BarcodeFormat::Code39, "A+1".into()),
            "A+1"
        );
        assert_eq!(conventional_text(BarcodeFormat::Code39, "A/".into()), "A/");
    }
}
