//! Pagination: laid-out blocks onto pages.
//!
//! Rules, in order of strength: a page always makes progress; a heading is kept with
//! the start of what follows it (never stranded at the bottom of a page); a paragraph
//! is split only so that at least two of its lines stay on each page (no orphan, no
//! widow); a heading is never split unless it is longer than a whole page. Space
//! above a block is dropped at the top of a page.

use super::layout::Line;
use std::ops::Range;

/// Page size and margins in points.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Margin on every side.
    pub margin: f32,
}

/// Slack for floating-point sums of line heights.
const EPS: f32 = 0.01;

/// One block of lines (a heading, a paragraph, a list item) ready to be placed.
#[derive(Debug, Clone, Default)]
pub struct Block {
    /// The lines.
    pub lines: Vec<Line>,
    /// Text size in points.
    pub size: f32,
    /// Distance from one baseline to the next, in points.
    pub line_height: f32,
    /// Left indent in points.
    pub indent: f32,
    /// Space above, in points (collapsed with the space below the previous block).
    pub space_before: f32,
    /// Space below, in points.
    pub space_after: f32,
    /// Keep on the same page as the start of the next block (headings).
    pub keep_with_next: bool,
    /// May be split across pages (paragraphs yes, headings no).
    pub splittable: bool,
    /// A list marker drawn beside the first line, at `marker_x`.
    pub marker: Option<Line>,
    /// Left position of the marker in points.
    pub marker_x: f32,
    /// Draw a quotation rule beside the lines.
    pub rule: bool,
    /// Which structure element the lines belong to.
    pub slot: usize,
    /// Which structure element the marker belongs to.
    pub marker_slot: Option<usize>,
}

impl Block {
    /// The fewest lines that may stand at the top of a page or the bottom of one.
    fn min_lines(&self) -> usize {
        if self.splittable { 2 } else { self.lines.len() }
    }

    /// Lines that must open the block on the page where it starts.
    fn first_chunk(&self) -> usize {
        let n = self.lines.len();
        if n >= 2 * self.min_lines() {
            self.min_lines()
        } else {
            n
        }
    }
}

/// Lines of one block placed on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// Index of the block.
    pub block: usize,
    /// Which of its lines.
    pub lines: Range<usize>,
    /// Top of the first line, in points from the top of the text area.
    pub top: f32,
}

/// Place `blocks` on pages whose text area is `height` points tall. One loop over the
/// blocks with the page position in locals; its rules (keep with next, no widows or
/// orphans) are applied in order of strength, as the module docs list them.
pub fn paginate(blocks: &[Block], height: f32) -> Vec<Vec<Placed>> {
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut y = 0.0;
    for (i, block) in blocks.iter().enumerate() {
        let mut gap = match i.checked_sub(1) {
            Some(p) if !pages.last().is_some_and(Vec::is_empty) => {
                blocks[p].space_after.max(block.space_before)
            }
            _ => 0.0,
        };
        if !pages.last().is_some_and(Vec::is_empty)
            && y + gap + keep_height(blocks, i) > height + EPS
        {
            pages.push(Vec::new());
            y = 0.0;
            gap = 0.0;
        }
        let lh = block.line_height;
        let mut next = 0;
        while next < block.lines.len() {
            let empty = pages.last().is_some_and(Vec::is_empty);
            if empty {
                gap = 0.0;
            }
            let room = (((height - y - gap) + EPS) / lh).floor().max(0.0) as usize;
            let left = block.lines.len() - next;
            let take = if left <= room {
                left
            } else {
                let mut take = room;
                let min = block.min_lines();
                if left - take < min {
                    take = left.saturating_sub(min);
                }
                if take < min || take == 0 {
                    if !empty {
                        pages.push(Vec::new());
                        y = 0.0;
                        continue;
                    }
                    // Nothing better is possible on an empty page: fill it.
                    take = room.max(1);
                }
                take
            };
            pages.last_mut().expect("a page").push(Placed {
                block: i,
                lines: next..next + take,
                top: y + gap,
            });
            y += gap + take as f32 * lh;
            next += take;
            gap = 0.0;
            if next < block.lines.len() {
                pages.push(Vec::new());
                y = 0.0;
            }
        }
    }
    if pages.len() > 1 && pages.last().is_some_and(Vec::is_empty) {
        pages.pop();
    }
    pages
}

/// Height that must fit below the current position for block `i` to start here: its
/// first chunk, and for a heading also the start of the next block, and so on.
fn keep_height(blocks: &[Block], i: usize) -> f32 {
    let mut total = 0.0;
    let mut j = i;
    loop {
        let b = &blocks[j];
        total += b.first_chunk() as f32 * b.line_height;
        if !b.keep_with_next || j + 1 >= blocks.len() {
            return total;
        }
        total += b.space_after.max(blocks[j + 1].space_before);
        j += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(lines: usize, heading: bool) -> Block {
        Block {
            lines: vec![Line::default(); lines],
            size: 10.0,
            line_height: 10.0,
            space_after: if heading { 0.0 } else { 5.0 },
            space_before: if heading { 10.0 } else { 0.0 },
            keep_with_next: heading,
            splittable: !heading,
            ..Block::default()
        }
    }

    /// Every line of every block placed exactly once, in order, inside the page.
    fn check_complete(blocks: &[Block], pages: &[Vec<Placed>], height: f32) {
        let mut expect = (0, 0);
        for page in pages {
            assert!(!page.is_empty(), "empty page");
            for p in page {
                if p.lines.start == 0 && expect.1 == blocks[expect.0].lines.len() {
                    expect = (expect.0 + 1, 0);
                }
                assert_eq!((p.block, p.lines.start), expect, "{pages:?}");
                expect.1 = p.lines.end;
                let bottom = p.top + p.lines.len() as f32 * blocks[p.block].line_height;
                assert!(bottom <= height + EPS, "{bottom} > {height}");
            }
        }
        assert_eq!(
            expect,
            (blocks.len() - 1, blocks.last().unwrap().lines.len())
        );
    }

    #[test]
    fn paragraph_across_a_page_break_keeps_two_lines_each_side() {
        // 100 pt page = 10 lines. A 6-line paragraph, then a 7-line one: 5 pt gap,
        // so 3 lines fit on page one after the first paragraph (60 + 5 + 30 = 95).
        let blocks = vec![block(6, false), block(7, false)];
        let pages = paginate(&blocks, 100.0);
        check_complete(&blocks, &pages, 100.0);
        assert_eq!(pages[0][1].lines, 0..3);
        assert_eq!(pages[1][0].lines, 3..7);
        assert_eq!(pages[1][0].top, 0.0, "space is dropped at the page top");
        // With 8 lines of room left for a 9-line paragraph, one line would be a widow.
        let blocks = vec![block(1, false), block(9, false)];
        let pages = paginate(&blocks, 100.0);
        check_complete(&blocks, &pages, 100.0);
        assert_eq!(pages[0][1].lines, 0..7);
        assert_eq!(pages[1][0].lines, 7..9);
    }

    #[test]
    fn no_orphan_line_at_a_page_bottom() {
        // After 8 lines and a gap, only one line fits: the paragraph moves whole.
        let blocks = vec![block(8, false), block(5, false)];
        let pages = paginate(&blocks, 100.0);
        check_complete(&blocks, &pages, 100.0);
        assert_eq!(pages[1][0].lines, 0..5);
        // A three-line paragraph cannot split at all.
        let blocks = vec![block(7, false), block(3, false)];
        let pages = paginate(&blocks, 100.0);
        assert_eq!(
            pages[1][0],
            Placed {
                block: 1,
                lines: 0..3,
                top: 0.0
            }
        );
    }

    #[test]
    fn heading_near_the_page_end_moves_to_the_next_page() {
        // Heading fits (6 + gap + 1 line) but its paragraph's first two lines do not.
        let blocks = vec![block(7, false), block(1, true), block(4, false)];
        let pages = paginate(&blocks, 100.0);
        check_complete(&blocks, &pages, 100.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1][0].block, 1, "{pages:?}");
        // Two headings in a row travel together with the paragraph start.
        let blocks = vec![
            block(5, false),
            block(1, true),
            block(1, true),
            block(4, false),
        ];
        let pages = paginate(&blocks, 100.0);
        check_complete(&blocks, &pages, 100.0);
        assert_eq!(pages[1][0].block, 1);
    }

    #[test]
    fn long_heading_is_not_split_unless_longer_than_a_page() {
        let blocks = vec![block(5, false), block(4, true), block(2, false)];
        let pages = paginate(&blocks, 100.0);
        check_complete(&blocks, &pages, 100.0);
        assert_eq!(pages[1][0].lines, 0..4);
        let blocks = vec![block(25, true), block(2, false)];
        let pages = paginate(&blocks, 100.0);
        check_complete(&blocks, &pages, 100.0);
        assert_eq!(pages[0][0].lines, 0..10);
    }

    #[test]
    fn a_thousand_sections() {
        let mut blocks = Vec::new();
        for i in 0..1000 {
            blocks.push(block(1 + i % 3, true));
            blocks.push(block(1 + i % 7, false));
        }
        let pages = paginate(&blocks, 100.0);
        check_complete(&blocks, &pages, 100.0);
        for (n, page) in pages.iter().enumerate() {
            let last = page.last().unwrap();
            assert!(
                !blocks[last.block].keep_with_next,
                "heading at the foot of page {n}"
            );
            for p in page {
                let b = &blocks[p.block];
                if b.splittable && p.lines.len() < b.lines.len() {
                    assert!(p.lines.len() >= 2, "orphan or widow on page {n}");
                }
            }
        }
    }
}
