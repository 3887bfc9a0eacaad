//! Markdown reader (CommonMark via pulldown-cmark), with optional front matter.

use super::assemble::{Assembler, collapse};
use super::model::{Article, Block, Paragraph, Span};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Metadata from a `---` front-matter block of `key: value` lines.
#[derive(Debug, Default)]
struct FrontMatter {
    title: Option<String>,
    deck: Option<String>,
    author: Option<String>,
    date: Option<String>,
    lang: Option<String>,
    source: Option<String>,
}

/// Split off simple YAML-style front matter (`key: value` lines between `---` fences).
fn front_matter(text: &str) -> (FrontMatter, &str) {
    let mut fm = FrontMatter::default();
    let Some(rest) = text.strip_prefix("---\n") else {
        return (fm, text);
    };
    let Some(end) = rest.find("\n---") else {
        return (fm, text);
    };
    for line in rest[..end].lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).to_string();
        if value.is_empty() {
            continue;
        }
        let slot = match key.trim().to_lowercase().as_str() {
            "title" => &mut fm.title,
            "subtitle" | "deck" | "description" => &mut fm.deck,
            "author" | "byline" => &mut fm.author,
            "date" => &mut fm.date,
            "lang" | "language" => &mut fm.lang,
            "source" | "url" => &mut fm.source,
            _ => continue,
        };
        *slot = Some(value);
    }
    let body = rest[end + 4..].trim_start_matches(|c| c != '\n');
    (fm, body)
}

/// Where inline text is going while we walk the events.
#[derive(Default)]
struct Inline {
    spans: Vec<Span>,
    em: u32,
    strong: u32,
    link: Option<String>,
}

impl Inline {
    fn push(&mut self, text: &str) {
        self.spans.push(Span {
            text: text.to_string(),
            em: self.em > 0,
            strong: self.strong > 0,
            link: self.link.clone(),
        });
    }
    fn take(&mut self) -> Vec<Span> {
        std::mem::take(&mut self.spans)
    }
}

/// A code block, table or raw HTML block being read.
#[derive(Default)]
struct Open {
    /// Inside a code block: its language and its text so far.
    code: Option<(Option<String>, String)>,
    /// Inside a table: its rows so far, the row being read, and the header rows.
    table: Option<(Vec<Vec<Paragraph>>, Vec<Paragraph>, usize)>,
    /// Inside a raw HTML block: its markup so far.
    html: Option<String>,
    /// What raw HTML blocks held that the HTML reader did not read.
    dropped: Vec<String>,
}

/// Read a Markdown article. `lang` is used unless front matter names a language.
///
/// Long because it is one match over pulldown-cmark's events, whose arms share the open
/// list, quote, code, table and inline state held in locals; the assembly after it is short.
pub fn read_markdown(text: &str, lang: &str, fallback_title: &str) -> Article {
    let (fm, body) = front_matter(text);
    let mut title = fm.title.clone();
    let mut deck = fm.deck.clone();
    let mut sections: Vec<(String, u8)> = Vec::new();
    let mut blocks: Vec<(usize, Block)> = Vec::new();
    let mut inline = Inline::default();
    let mut list: Vec<(bool, Vec<Paragraph>)> = Vec::new();
    let mut quote: Option<Vec<Paragraph>> = None;
    let mut open = Open::default();
    let mut after_title = title.is_some();

    for event in Parser::new_ext(body, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(String::from),
                    CodeBlockKind::Indented => None,
                };
                open.code = Some((lang, String::new()));
            }
            Event::Text(t) if open.code.is_some() => {
                if let Some((_, code)) = &mut open.code {
                    code.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let Some((lang, code)) = open.code.take() else {
                    continue;
                };
                let code = Paragraph::plain(code.trim_end());
                if let Some(q) = &mut quote {
                    q.push(code);
                } else if !list.is_empty() {
                    // Inside a list item, the code runs on in the item's text.
                    inline.push(&format!(" {} ", code.text()));
                } else {
                    blocks.push((sections.len(), Block::Code { lang, code }));
                }
                after_title = false;
            }
            Event::Start(Tag::Table(_)) => open.table = Some(Default::default()),
            Event::End(TagEnd::TableCell) => {
                let cell = paragraph(inline.take());
                if let Some((_, row, _)) = &mut open.table {
                    row.push(cell);
                }
            }
            Event::End(end @ (TagEnd::TableHead | TagEnd::TableRow)) => {
                if let Some((rows, row, header_rows)) = &mut open.table {
                    rows.push(std::mem::take(row));
                    *header_rows += usize::from(end == TagEnd::TableHead);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some((rows, _, header_rows)) = open.table.take()
                    && let Some(table) = Block::table(rows, header_rows)
                {
                    blocks.push((sections.len(), table));
                }
                after_title = false;
            }
            Event::Start(Tag::HtmlBlock) => open.html = Some(String::new()),
            Event::Html(t) => {
                if let Some(html) = &mut open.html {
                    html.push_str(&t);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                let html = open.html.take().unwrap_or_default();
                raw_html(&html, &mut sections, &mut blocks, &mut open.dropped);
                after_title = false;
            }
            Event::End(TagEnd::Heading(level)) => {
                let text = collapse(&spans_text(&inline.take()));
                if level == HeadingLevel::H1 && title.is_none() && sections.is_empty() {
                    title = Some(text);
                    after_title = true;
                    continue;
                }
                let level = match level {
                    HeadingLevel::H1 | HeadingLevel::H2 => 2,
                    _ => 3,
                };
                sections.push((text, level));
            }
            Event::Start(Tag::List(first)) => list.push((first.is_some(), Vec::new())),
            Event::End(TagEnd::List(_)) => {
                if let Some((ordered, items)) = list.pop() {
                    blocks.push((sections.len(), Block::List { ordered, items }));
                }
            }
            Event::End(TagEnd::Item) => {
                let spans = inline.take();
                if let Some((_, items)) = list.last_mut() {
                    items.push(paragraph(spans));
                }
            }
            Event::Start(Tag::BlockQuote(_)) => quote = Some(Vec::new()),
            Event::End(TagEnd::BlockQuote(_)) => {
                if let Some(paragraphs) = quote.take() {
                    blocks.push((sections.len(), Block::Quote { paragraphs }));
                }
            }
            Event::End(TagEnd::Paragraph) if list.is_empty() => {
                let spans = inline.take();
                if let Some(q) = &mut quote {
                    q.push(paragraph(spans));
                } else if after_title && deck.is_none() && is_emphasised(&spans) {
                    deck = Some(collapse(&spans_text(&spans)));
                } else {
                    blocks.push((sections.len(), Block::Paragraph(paragraph(spans))));
                }
                after_title = false;
            }
            Event::Start(Tag::Emphasis) => inline.em += 1,
            Event::End(TagEnd::Emphasis) => inline.em -= 1,
            Event::Start(Tag::Strong) => inline.strong += 1,
            Event::End(TagEnd::Strong) => inline.strong -= 1,
            Event::Start(Tag::Link { dest_url, .. }) => inline.link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => inline.link = None,
            Event::Text(t) | Event::Code(t) => inline.push(&t),
            Event::SoftBreak | Event::HardBreak => inline.push(" "),
            _ => {}
        }
    }

    let mut asm = Assembler::new(
        title.as_deref().unwrap_or(fallback_title),
        fm.lang.as_deref().unwrap_or(lang),
    );
    {
        let a = asm.article_mut();
        a.deck = deck;
        a.byline = fm.author;
        a.date = fm.date;
        a.source = fm.source;
        if title.is_none() {
            a.warnings.push(
                "no title found (no '# ' heading or front matter); the file name is used".into(),
            );
        }
    }
    for d in &open.dropped {
        asm.dropped(d);
    }
    let mut blocks = blocks.into_iter().peekable();
    let mut take_blocks = |asm: &mut Assembler, upto: usize| {
        while let Some((_, b)) = blocks.next_if(|(i, _)| *i <= upto) {
            asm.block(b);
        }
    };
    take_blocks(&mut asm, 0);
    for (i, (text, level)) in sections.iter().enumerate() {
        asm.heading(text, *level);
        take_blocks(&mut asm, i + 1);
    }
    asm.finish()
}

/// A raw HTML block (`<div>`, `<p align>`, `<details>`), read by the HTML reader's
/// structure mapping (as a book's content is: all of it, no chrome guessing): its
/// headings open sections, its blocks follow. Text it held that gives no block (a
/// `<script>`) is reported as dropped.
fn raw_html(
    html: &str,
    sections: &mut Vec<(String, u8)>,
    blocks: &mut Vec<(usize, Block)>,
    dropped: &mut Vec<String>,
) {
    let doc = super::html::read_book_document(html).content;
    if doc.word_count() == 0 {
        let text = collapse(&markup_text(html));
        if !text.is_empty() {
            let short: String = text.chars().take(80).collect();
            dropped.push(format!("raw HTML: {short}"));
        }
        return;
    }
    blocks.extend(doc.lead.into_iter().map(|b| (sections.len(), b)));
    for section in doc.sections {
        sections.push((section.heading, section.level.clamp(2, 3)));
        blocks.extend(section.blocks.into_iter().map(|b| (sections.len(), b)));
    }
}

/// The text of markup with its tags and comments taken out (to say what was dropped).
fn markup_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        out.push(' ');
        let close = if rest[lt..].starts_with("<!--") {
            "-->"
        } else {
            ">"
        };
        rest = match rest[lt..].find(close) {
            Some(end) => &rest[lt + end + close.len()..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

fn paragraph(spans: Vec<Span>) -> Paragraph {
    Paragraph {
        id: String::new(),
        spans: merge(spans),
    }
}

/// Join neighbouring spans with the same style and collapse white space inside them.
fn merge(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for s in spans {
        match out.last_mut() {
            Some(last) if last.em == s.em && last.strong == s.strong && last.link == s.link => {
                last.text.push_str(&s.text)
            }
            _ => out.push(s),
        }
    }
    for s in &mut out {
        s.text = squeeze(&s.text);
    }
    if let Some(first) = out.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = out.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    out.retain(|s| !s.text.is_empty());
    out
}

/// Collapse runs of white space to one space, keeping a single space at either end.
fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn spans_text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

fn is_emphasised(spans: &[Span]) -> bool {
    !spans.is_empty()
        && spans
            .iter()
            .all(|s| s.em || s.strong || s.text.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_sections_lists_quotes() {
        let md = "# The Title\n\n*A deck in italics*\n\nLead with **bold** and [a link](https://x.org).\n\n## First\n\n- one\n- two\n\n> quoted\n\n### Sub\n\n1. a\n2. b\n";
        let a = read_markdown(md, "en", "f");
        assert_eq!(a.title, "The Title");
        assert_eq!(a.deck.as_deref(), Some("A deck in italics"));
        let lead = &a.lead[0].paragraphs()[0];
        assert_eq!(lead.text(), "Lead with bold and a link.");
        assert!(lead.spans.iter().any(|s| s.strong && s.text == "bold"));
        assert!(
            lead.spans
                .iter()
                .any(|s| s.link.as_deref() == Some("https://x.org"))
        );
        assert_eq!(a.sections.len(), 2);
        assert_eq!(a.sections[1].level, 3);
        assert!(matches!(
            a.sections[0].blocks[0],
            Block::List { ordered: false, .. }
        ));
        assert!(matches!(a.sections[0].blocks[1], Block::Quote { .. }));
        assert!(matches!(
            a.sections[1].blocks[0],
            Block::List { ordered: true, .. }
        ));
    }

    /// Issue 15 item 4: code is not glued to the next paragraph, a final block is
    /// kept, a table keeps its empty cell, and the model's promises hold.
    #[test]
    fn code_tables_and_raw_html_keep_their_place() {
        let md = "# T\n\nFirst.\n\n```\nrm -rf /tmp/x\n```\nSecond paragraph.\n\n\
                  | A | B |\n|---|---|\n| 1 | |\n\n<div><h2>Inside</h2><p>Raw prose.</p></div>\n\n\
                  ~~~\nlast\n~~~\n";
        let a = read_markdown(md, "en", "f");
        crate::article::check_invariants(&a).unwrap();
        let kinds: Vec<&str> = a
            .blocks()
            .map(|b| match b {
                Block::Paragraph(_) => "p",
                Block::Code { .. } => "code",
                Block::Table { .. } => "table",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["p", "code", "p", "table", "p", "code"]);
        assert_eq!(a.sections[0].heading, "Inside");
        let table = a
            .lead
            .iter()
            .find(|b| matches!(b, Block::Table { .. }))
            .unwrap();
        assert_eq!(table.paragraphs()[3].text(), "");
        assert_eq!(a.sections[0].blocks[1].paragraphs()[0].text(), "last");
    }

    #[test]
    fn front_matter_sets_metadata() {
        let md = "---\ntitle: From FM\nauthor: Jane Roe\nlang: fr\ndate: 2024-05-01\n---\n\nTexte ici.\n";
        let a = read_markdown(md, "en", "f");
        assert_eq!(a.title, "From FM");
        assert_eq!(a.byline.as_deref(), Some("Jane Roe"));
        assert_eq!(a.lang, "fr");
        assert_eq!(a.lead[0].paragraphs()[0].text(), "Texte ici.");
    }
}
