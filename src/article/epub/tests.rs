use super::*;
use crate::article::assemble::shift_levels;
use crate::article::model::Paragraph;

fn doc(lead: &[&str], sections: &[(&str, u8)]) -> Article {
    let mut a = Article::new("", "en");
    a.lead = lead
        .iter()
        .map(|t| Block::Paragraph(Paragraph::plain(*t)))
        .collect();
    a.sections = sections
        .iter()
        .map(|(h, level)| Section {
            id: String::new(),
            heading: h.to_string(),
            level: *level,
            blocks: vec![Block::Paragraph(Paragraph::plain("text"))],
        })
        .collect();
    a
}

#[test]
fn a_document_without_a_heading_takes_its_table_of_contents_label() {
    let mut book = Article::new("Book", "en");
    let entry = nav::Entry {
        label: "Chapter One".into(),
        depth: 1,
    };
    append(&mut book, doc(&["It was a dark night."], &[]), Some(&entry));
    // Without an entry, the text continues the chapter before.
    append(&mut book, doc(&["And it rained."], &[("Part", 3)]), None);
    let headings: Vec<(&str, u8, usize)> = book
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.level, s.blocks.len()))
        .collect();
    assert_eq!(headings, [("Chapter One", 2, 2), ("Part", 3, 1)]);
    assert!(book.lead.is_empty());
}

#[test]
fn text_before_any_heading_is_the_lead_and_levels_start_at_two() {
    let mut book = Article::new("Book", "en");
    append(
        &mut book,
        doc(&["Foreword."], &[("One", 3), ("One A", 4)]),
        None,
    );
    shift_levels(&mut book.sections);
    assert_eq!(book.lead.len(), 1);
    let levels: Vec<u8> = book.sections.iter().map(|s| s.level).collect();
    assert_eq!(levels, [2, 3]);
}
