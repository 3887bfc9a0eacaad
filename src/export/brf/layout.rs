//! Embosser pages from braille text (BANA formats, simplified): the page number at the
//! right of each page's first line, the title centred on page 1, headings centred with
//! a blank line before, paragraphs indented two cells, words never split unless longer
//! than a line, no trailing spaces, a form feed between pages.

/// One piece of the document, already in braille (BRF ASCII, cells separated by
/// spaces where the print had word spaces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// The title: centred, then a blank line.
    Title(String),
    /// A heading: a blank line before, centred, kept with what follows.
    Heading(String),
    /// Running text: the first line starts at cell `first + 1`, the rest at `rest + 1`.
    Text {
        /// The braille.
        text: String,
        /// Blank cells before the first line.
        first: usize,
        /// Blank cells before the other lines.
        rest: usize,
    },
}

/// The page size in cells and lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Cells per line.
    pub cells: usize,
    /// Lines per page (the first holds the page number).
    pub lines: usize,
}

/// `text` broken into lines of at most `width` cells, the first after `first` blank
/// cells and the rest after `rest`; a word longer than its line is cut.
pub fn wrap(text: &str, width: usize, first: usize, rest: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = " ".repeat(first);
    let mut empty = true;
    let indent = |lines: &Vec<String>| if lines.is_empty() { first } else { rest };
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut word = word;
        loop {
            let room = width.saturating_sub(line.len() + usize::from(!empty));
            if word.len() <= room {
                if !empty {
                    line.push(' ');
                }
                line.push_str(word);
                empty = false;
                break;
            }
            let whole = width.saturating_sub(indent(&lines)).max(1);
            if empty || word.len() > whole {
                // Longer than a whole line: fill this one and go on with the rest.
                let room = room.max(usize::from(empty && room == 0));
                let (head, tail) = word.split_at(room.min(word.len()));
                if !head.is_empty() {
                    if !empty {
                        line.push(' ');
                    }
                    line.push_str(head);
                }
                word = tail;
            }
            lines.push(std::mem::take(&mut line));
            line = " ".repeat(indent(&lines));
            empty = true;
            if word.is_empty() {
                break;
            }
        }
    }
    if !empty {
        lines.push(line);
    }
    lines
}

/// `lines` each centred in `width` cells.
fn centred(text: &str, width: usize) -> Vec<String> {
    wrap(text, width, 0, 0)
        .into_iter()
        .map(|l| format!("{}{l}", " ".repeat((width - l.len()) / 2)))
        .collect()
}

/// A braille page number: the number sign, then the digits as letters a-j.
pub fn page_number(n: usize) -> String {
    let digits: String = n
        .to_string()
        .bytes()
        .map(|d| b"JABCDEFGHI"[usize::from(d - b'0')] as char)
        .collect();
    format!("#{digits}")
}

/// Lay the pieces out on pages and write them as BRF: CR LF after every line, a form
/// feed between pages.
pub fn pages(pieces: &[Piece], size: Size) -> String {
    let body = size.lines - 1;
    let mut pages: Vec<Vec<String>> = vec![Vec::new()];
    let push = |pages: &mut Vec<Vec<String>>, line: String| {
        if pages.last().is_some_and(|p| p.len() >= body) {
            pages.push(Vec::new());
        }
        pages.last_mut().expect("a page").push(line);
    };
    for piece in pieces {
        match piece {
            Piece::Title(t) => {
                for line in centred(t, size.cells) {
                    push(&mut pages, line);
                }
                push(&mut pages, String::new());
            }
            Piece::Heading(h) => {
                let lines = centred(h, size.cells);
                let used = pages.last().map_or(0, Vec::len);
                // A heading never ends a page: it needs its blank line, itself and
                // at least one line of what follows.
                if used > 0 && used + 1 + lines.len() + 1 > body {
                    pages.push(Vec::new());
                }
                if pages
                    .last()
                    .is_some_and(|p| !p.is_empty() && p.last() != Some(&String::new()))
                {
                    push(&mut pages, String::new());
                }
                for line in lines {
                    push(&mut pages, line);
                }
            }
            Piece::Text { text, first, rest } => {
                for line in wrap(text, size.cells, *first, *rest) {
                    push(&mut pages, line);
                }
            }
        }
    }
    write(&pages, size.cells)
}

/// The laid-out pages as BRF text: each headed by its number at the right of a line
/// `cells` wide, lines ending CR LF, a form feed between pages.
fn write(pages: &[Vec<String>], cells: usize) -> String {
    let mut out = String::new();
    for (n, page) in pages.iter().enumerate() {
        if n > 0 {
            out.push('\x0C');
        }
        let number = page_number(n + 1);
        out.push_str(&format!("{number:>width$}\r\n", width = cells));
        // A blank line at the top of a page (after a page break) carries nothing.
        let start = page
            .iter()
            .position(|l| !l.is_empty())
            .unwrap_or(page.len());
        for line in &page[start..] {
            out.push_str(line.trim_end());
            out.push_str("\r\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_and_only_overlong_words_are_cut() {
        assert_eq!(wrap("AB CD EF", 5, 0, 0), ["AB CD", "EF"]);
        assert_eq!(wrap("AB CD EF", 6, 2, 0), ["  AB", "CD EF"]);
        assert_eq!(wrap("ABCDEFGHIJ K", 4, 0, 0), ["ABCD", "EFGH", "IJ K"]);
        assert_eq!(wrap("X ABCDEFGH", 4, 0, 0), ["X AB", "CDEF", "GH"]);
        assert!(wrap("", 4, 2, 0).is_empty());
    }

    #[test]
    fn page_numbers_are_braille_digits() {
        assert_eq!(page_number(1), "#A");
        assert_eq!(page_number(10), "#AJ");
        assert_eq!(page_number(203), "#BJC");
    }

    #[test]
    fn pages_have_numbers_centred_headings_and_limits() {
        let size = Size {
            cells: 12,
            lines: 4,
        };
        let pieces = [
            Piece::Title("TITLE".into()),
            Piece::Heading("HEAD".into()),
            Piece::Text {
                text: "ONE TWO THREE FOUR".into(),
                first: 2,
                rest: 0,
            },
        ];
        let brf = pages(&pieces, size);
        let pages: Vec<&str> = brf.split('\x0C').collect();
        assert_eq!(pages.len(), 2, "{brf:?}");
        assert_eq!(pages[0], "          #A\r\n   TITLE\r\n\r\n");
        // The heading moved to page 2 with its first line of text.
        assert_eq!(
            pages[1],
            "          #B\r\n    HEAD\r\n  ONE TWO\r\nTHREE FOUR\r\n"
        );
        for line in brf.split("\r\n") {
            assert!(line.trim_start_matches('\x0C').len() <= 12);
            assert_eq!(line, line.trim_end());
        }
    }
}
