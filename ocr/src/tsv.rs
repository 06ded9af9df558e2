//! Tesseract's TSV output read into lines of words, with their boxes in the engine's pixels.

/// The confidence (0 to 100) a word without letters or digits needs to be kept.
const SURE_MARKS: f32 = 80.0;

/// A recognised line in the pixels of the image the engine read.
#[derive(Debug, Clone, PartialEq)]
pub struct PixelLine {
    pub text: String,
    /// The mean confidence of its words, 0 to 100.
    pub confidence: f32,
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
}

impl PixelLine {
    pub fn height(&self) -> i32 {
        self.bottom - self.top
    }
}

/// The word rows of `tsv` gathered into lines, in the engine's reading order. Rows that are
/// not words (pages, blocks, lines), words without text and malformed rows are skipped.
pub fn lines(tsv: &str) -> Vec<PixelLine> {
    let mut lines: Vec<(String, PixelLine, usize)> = Vec::new();
    for row in tsv.lines() {
        let fields: Vec<&str> = row.split('\t').collect();
        let [level, page, block, paragraph, line, _word, left, top, width, height, confidence, text] = fields[..] else { continue };
        let number = |field: &str| field.trim().parse::<i32>().ok();
        let (Some(5), Some(left), Some(top), Some(width), Some(height)) = (number(level), number(left), number(top), number(width), number(height))
        else {
            continue;
        };
        let Ok(confidence) = confidence.trim().parse::<f32>() else { continue };
        let text = text.trim();
        // Edges and shadows read as unsure marks (`|`, `.`, `_`): a word of marks alone is kept
        // only when the engine is sure of it.
        let marks_only = !text.chars().any(char::is_alphanumeric);
        if text.is_empty() || confidence < 0.0 || (marks_only && confidence < SURE_MARKS) {
            continue;
        }
        let key = format!("{page}.{block}.{paragraph}.{line}");
        let word = PixelLine { text: text.to_owned(), confidence, left, top, right: left + width, bottom: top + height };
        match lines.iter_mut().find(|(seen, _, _)| *seen == key) {
            Some((_, line, words)) => {
                line.text.push(' ');
                line.text.push_str(&word.text);
                line.confidence += word.confidence;
                line.left = line.left.min(word.left);
                line.top = line.top.min(word.top);
                line.right = line.right.max(word.right);
                line.bottom = line.bottom.max(word.bottom);
                *words += 1;
            }
            None => lines.push((key, word, 1)),
        }
    }
    lines
        .into_iter()
        .map(|(_, mut line, words)| {
            line.confidence /= words as f32;
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_gather_into_their_lines_with_the_union_of_their_boxes() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   4\t1\t1\t1\t1\t0\t10\t20\t300\t40\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t10\t22\t100\t36\t90\tSerial\n\
                   5\t1\t1\t1\t1\t2\t120\t20\t190\t40\t80\tA-1234\n\
                   5\t1\t1\t1\t2\t1\t12\t80\t60\t30\t-1\t \n\
                   5\t1\t1\t1\t2\t2\t12\t80\t60\t30\t70\tModel\n\
                   5\t1\t1\t1\t2\t3\t80\t80\t10\t30\t50\t|\n\
                   5\tbroken\n";
        let found = lines(tsv);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0], PixelLine { text: "Serial A-1234".into(), confidence: 85.0, left: 10, top: 20, right: 310, bottom: 60 });
        assert_eq!((found[1].text.as_str(), found[1].height()), ("Model", 30));
    }
}
