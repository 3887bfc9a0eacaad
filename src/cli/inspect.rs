//! `altformat inspect`: a human-readable summary of the structure found in an input.

use altformat::article::{Article, Block, blocks_words};
use std::fmt::Write;

/// Describe the article: title, deck, sections with word counts, and what was dropped.
pub fn summary(article: &Article) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Title:    {}", article.title);
    if let Some(deck) = &article.deck {
        let _ = writeln!(s, "Deck:     {deck}");
    }
    for (label, value) in [
        ("Byline", &article.byline),
        ("Date", &article.date),
        ("Source", &article.source),
    ] {
        if let Some(v) = value {
            let _ = writeln!(s, "{label:<9} {v}");
        }
    }
    let _ = writeln!(s, "Language: {}", article.lang);
    let _ = writeln!(s, "Words:    {}", article.word_count());
    let lead: usize = article.lead.iter().map(blocks_words).sum();
    let _ = writeln!(s, "Lead:     {} block(s), {lead} words", article.lead.len());
    let _ = writeln!(s, "Sections: {}", article.sections.len());
    let tables = article
        .blocks()
        .filter(|b| matches!(b, Block::Table { .. }))
        .count();
    let code = article
        .blocks()
        .filter(|b| matches!(b, Block::Code { .. }))
        .count();
    if tables + code > 0 {
        let _ = writeln!(s, "Tables:   {tables}; code blocks: {code}");
    }
    for (i, sec) in article.sections.iter().enumerate() {
        let words: usize = sec.blocks.iter().map(blocks_words).sum();
        let indent = "  ".repeat(usize::from(sec.level.saturating_sub(1)));
        let _ = writeln!(
            s,
            "{:>4}. {indent}{} ({words} words) #{}",
            i + 1,
            sec.heading,
            sec.id
        );
    }
    if !article.dropped.is_empty() {
        let _ = writeln!(
            s,
            "Dropped as site chrome ({} lines; --keep-chrome keeps them):",
            article.dropped.len()
        );
        for d in &article.dropped {
            let _ = writeln!(s, "      - {d}");
        }
    }
    for w in &article.warnings {
        let _ = writeln!(s, "Warning:  {w}");
    }
    s
}
