//! Plain-text reader: title, deck, headings and paragraphs from line shapes alone.

use super::assemble::{Assembler, collapse};
use super::chrome::{is_chrome_line, is_menu_like};
use super::lines::{is_heading_like, is_not_heading, list_item};
use super::model::{Article, Block, Paragraph};
use super::noise::{self, Noise};

/// One logical line of the input: a paragraph or heading candidate, or a list item.
#[derive(Debug, Clone, PartialEq)]
enum Unit {
    Line(String),
    Item {
        text: String,
        ordered: bool,
        /// The line as written, with its bullet or number.
        line: String,
    },
}

impl Unit {
    fn text(&self) -> &str {
        match self {
            Unit::Line(t) | Unit::Item { text: t, .. } => t,
        }
    }
    fn is_prose(&self) -> bool {
        matches!(self, Unit::Line(t) if !is_heading_like(heading_text(t)))
    }
}

/// The text whose shape decides whether a line can be a heading: a numbered heading
/// ("3. Practice mindfulness") is judged without its number.
fn heading_text(line: &str) -> &str {
    match list_item(line) {
        Some((rest, true)) => rest,
        _ => line,
    }
}

/// Numbered lines that stand alone between paragraphs ("1. Ditch the diet", prose,
/// "2. Avoid skipping meals", prose) are the headings of a listicle, not one-item
/// lists: they become lines (number kept), to be judged as headings.
fn promote_numbered_headings(units: &mut [Unit]) {
    for i in 0..units.len() {
        let item = |j: usize| matches!(units.get(j), Some(Unit::Item { .. }));
        let alone = (i == 0 || !item(i - 1)) && !item(i + 1);
        let before_prose = units.get(i + 1).is_some_and(Unit::is_prose);
        if let Unit::Item {
            text,
            ordered: true,
            line,
        } = &units[i]
            && alone
            && before_prose
            && is_heading_like(text)
        {
            units[i] = Unit::Line(line.clone());
        }
    }
}

/// Options for reading plain text.
#[derive(Debug, Clone, Default)]
pub struct TextOptions {
    /// Keep everything, even what looks like site chrome.
    pub keep_chrome: bool,
}

/// Read a plain-text article. `fallback_title` is used when the text has no title line.
pub fn read_text(text: &str, lang: &str, fallback_title: &str, opts: &TextOptions) -> Article {
    let mut units = units(text);
    let mut dropped = Vec::new();
    if !opts.keep_chrome {
        dropped.extend(trailing_chrome(&mut units));
    }
    let lead_end = units.iter().position(Unit::is_prose).unwrap_or(units.len());
    let mut head: Vec<Unit> = units.drain(..lead_end).collect();
    if !opts.keep_chrome {
        head.retain(|u| {
            let chrome = matches!(u, Unit::Item { .. }) || is_chrome_line(u.text());
            if chrome {
                dropped.push(u.text().to_string());
            }
            !chrome
        });
        // Several short lines before the title are a menu: keep the last two (title, deck).
        if head.len() > 3 && head[..head.len() - 2].iter().all(|u| words(u) <= 3) {
            dropped.extend(head.drain(..head.len() - 2).map(|u| u.text().to_string()));
        }
    }
    let mut head = head.into_iter();
    let title = head.next().map(|u| u.text().to_string());
    let mut asm = Assembler::new(title.as_deref().unwrap_or(fallback_title), lang);
    if title.is_none() {
        asm.article_mut()
            .warnings
            .push("no title line found; the file name is used as the title".into());
    }
    let mut rest: Vec<Unit> = head.collect();
    if !rest.is_empty() {
        let deck = rest.remove(0);
        asm.article_mut().deck = Some(collapse(deck.text()));
    }
    rest.extend(units);
    body(&mut asm, rest, opts, &mut dropped);
    for d in &dropped {
        asm.dropped(d);
    }
    asm.finish()
}

fn words(u: &Unit) -> usize {
    u.text().split_whitespace().count()
}

/// Split text into units, joining hard-wrapped paragraph lines when the file is wrapped.
fn units(text: &str) -> Vec<Unit> {
    let groups: Vec<Vec<&str>> = text
        .split("\n\n")
        .map(|g| g.lines().map(str::trim).filter(|l| !l.is_empty()).collect())
        .filter(|g: &Vec<&str>| !g.is_empty())
        .collect();
    let multi = groups.iter().filter(|g| g.len() > 1).count();
    let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let wrapped = groups.len() >= 3 && multi * 3 >= groups.len() && longest <= 120;
    let mut out = Vec::new();
    for group in groups {
        let mut joined: Option<String> = None;
        for line in group {
            if let Some((item, ordered)) = list_item(line) {
                out.extend(joined.take().map(Unit::Line));
                out.push(Unit::Item {
                    text: collapse(item),
                    ordered,
                    line: collapse(line),
                });
            } else if wrapped {
                match &mut joined {
                    Some(j) => {
                        j.push(' ');
                        j.push_str(line);
                    }
                    None => joined = Some(line.to_string()),
                }
            } else {
                out.push(Unit::Line(collapse(line)));
            }
        }
        out.extend(joined.map(|j| Unit::Line(collapse(&j))));
    }
    promote_numbered_headings(&mut out);
    out
}

/// Remove the run of non-prose lines at the end of the text when it looks like chrome.
fn trailing_chrome(units: &mut Vec<Unit>) -> Vec<String> {
    let run_start = units
        .iter()
        .rposition(|u| u.is_prose() && !is_chrome_line(u.text()))
        .map_or(0, |i| i + 1);
    let run = &units[run_start..];
    let mut cut = None;
    for (i, u) in run.iter().enumerate() {
        if is_chrome_line(u.text()) {
            cut = Some(i);
            break;
        }
        if let Unit::Item { .. } = u {
            let items: Vec<&str> = run[i..]
                .iter()
                .take_while(|u| matches!(u, Unit::Item { .. }))
                .map(Unit::text)
                .collect();
            if is_menu_like(&items) {
                // The short label just before a menu ("Topics") goes with it.
                let label = i > 0 && matches!(run[i - 1], Unit::Line(_));
                cut = Some(if label { i - 1 } else { i });
                break;
            }
        }
    }
    match cut {
        Some(i) => units
            .drain(run_start + i..)
            .map(|u| u.text().to_string())
            .collect(),
        None => Vec::new(),
    }
}

/// Lay out the body: headings open sections, prose becomes paragraphs, items become lists.
/// Lines that are not article text (credits, "Image" placeholders, promotions, widget
/// labels) are dropped; a byline or dateline gives the article's byline or date.
fn body(asm: &mut Assembler, units: Vec<Unit>, opts: &TextOptions, dropped: &mut Vec<String>) {
    let headings = heading_flags(&units);
    let mut list: Option<(bool, Vec<Paragraph>)> = None;
    let flush = |asm: &mut Assembler, list: &mut Option<(bool, Vec<Paragraph>)>| {
        if let Some((ordered, items)) = list.take() {
            asm.block(Block::List { ordered, items });
        }
    };
    for (unit, heading) in units.into_iter().zip(headings) {
        match unit {
            Unit::Item { text, ordered, .. } => {
                let entry = list.get_or_insert_with(|| (ordered, Vec::new()));
                entry.1.push(Paragraph::plain(text));
            }
            Unit::Line(text) => {
                flush(asm, &mut list);
                if !opts.keep_chrome && is_chrome_line(&text) {
                    dropped.push(text);
                } else if !opts.keep_chrome
                    && let Some(kind) = noise::classify(&text)
                {
                    let a = asm.article_mut();
                    match kind {
                        Noise::Byline if a.byline.is_none() => {
                            a.byline = Some(byline_name(&text));
                        }
                        Noise::Date if a.date.is_none() => a.date = Some(text),
                        _ => dropped.push(format!("{}: {text}", kind.label())),
                    }
                } else if heading {
                    asm.heading(&text, 2);
                } else {
                    asm.block(Block::Paragraph(Paragraph::plain(text)));
                }
            }
        }
    }
    flush(asm, &mut list);
}

/// Most heading-like lines in a row that can still be headings: a longer run of short
/// lines is a list, a table or a menu written without bullets.
const MAX_HEADING_RUN: usize = 3;

/// Which units are headings: short, unpunctuated lines of a heading's shape, that are
/// not noise, stand in a run of at most [`MAX_HEADING_RUN`] such lines, and have text
/// after them.
fn heading_flags(units: &[Unit]) -> Vec<bool> {
    let shaped: Vec<bool> = units
        .iter()
        .map(|u| match u {
            Unit::Line(t) => {
                let h = heading_text(t);
                // A numbered heading may quote its topic: "3. \u{201c}Not some
                // irregular channel\u{201d}" is the listicle's third part, not a pull quote.
                let judged = if h.len() < t.len() {
                    h.trim_matches(QUOTES)
                } else {
                    h
                };
                is_heading_like(h) && !is_not_heading(judged) && noise::classify(t).is_none()
            }
            Unit::Item { .. } => false,
        })
        .collect();
    let short: Vec<bool> = units
        .iter()
        .map(|u| matches!(u, Unit::Line(t) if is_heading_like(heading_text(t))))
        .collect();
    let mut flags = vec![false; units.len()];
    let mut i = 0;
    while i < units.len() {
        let run = short[i..].iter().take_while(|s| **s).count().max(1);
        if run <= MAX_HEADING_RUN {
            for (j, flag) in flags.iter_mut().enumerate().skip(i).take(run) {
                // In a run, a line after the first is a subheading only in title
                // case: "Meal 1" then "Eat every 2-3 hours" is a heading and its note.
                let later = j > i && !title_case(units[j].text());
                *flag = shaped[j] && j + 1 < units.len() && !later;
            }
            // "Are you ready to make this happen?" then "How to avoid …": a question in
            // sentence case closing a section, then the next section's heading ("Why Do
            // We Get Allergies?", in title case, stays a heading).
            let rhetorical = asks(&units[i]) && !title_case(units[i].text());
            if run == 2 && rhetorical && !asks(&units[i + 1]) && shaped[i + 1] {
                flags[i] = false;
                flags[i + 1] = i + 2 < units.len();
            }
        } else {
            // A longer run is a list, a table or a menu, unless its lines pair up as
            // heading and note ("Workout Supplement", "Drink during your workout"):
            // there a title-case line right before a note in sentence case heads it.
            for j in i..i + run - 1 {
                flags[j] = shaped[j] && title_case(units[j].text()) && is_note(&units[j + 1]);
            }
        }
        i += run;
    }
    interview_questions(units, &mut flags);
    flags
}

/// An interview written as "Q: …" lines each answered by an "A: …" line: every question
/// heads its answer, however long or short, so a listener can move question by question.
/// Needs two such pairs, so one "Q:" in prose stays prose.
fn interview_questions(units: &[Unit], flags: &mut [bool]) {
    let starts = |j: usize, mark: &str| matches!(units.get(j), Some(Unit::Line(t)) if t.trim_start().starts_with(mark));
    let questions: Vec<usize> = (0..units.len())
        .filter(|&j| starts(j, "Q:") && starts(j + 1, "A:"))
        .filter(|&j| units[j].text().split_whitespace().count() <= QUESTION_MAX_WORDS)
        .collect();
    if questions.len() >= 2 {
        for j in questions {
            flags[j] = true;
        }
    }
}

/// Longest interview question, in words, that still heads its answer.
const QUESTION_MAX_WORDS: usize = 60;

/// Does the line end with a question mark?
fn asks(u: &Unit) -> bool {
    u.text().trim_end().ends_with('?')
}

/// Quote marks around a quoted heading.
const QUOTES: &[char] = &['"', '\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}', '\''];

/// Is the unit a short note in sentence case ("Eat every 2-3 hours"): three words or
/// more, a capital first and most words after it in lower case?
fn is_note(u: &Unit) -> bool {
    let Unit::Line(t) = u else {
        return false;
    };
    let words = t.split_whitespace().count();
    words >= 3
        && t.chars().next().is_some_and(char::is_uppercase)
        && !title_case(t)
        && !is_not_heading(t)
}

/// Are at least three words in four capitalised (or not words: numbers, signs)?
fn title_case(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    let caps = words
        .iter()
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
        })
        .count();
    caps * 4 >= words.len() * 3
}

/// "By Ana Ruiz | 3 May" gives "Ana Ruiz".
fn byline_name(line: &str) -> String {
    let rest = ["By ", "BY ", "by "]
        .iter()
        .find_map(|p| line.trim().strip_prefix(p))
        .unwrap_or(line);
    let name = rest
        .split(['|', '\u{2013}', '\u{2014}', '\u{b7}', ','])
        .next()
        .unwrap_or(rest);
    let name = name.split(" - ").next().unwrap_or(name);
    collapse(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Article {
        read_text(text, "en", "fallback", &TextOptions::default())
    }

    fn headings(a: &Article) -> Vec<&str> {
        a.sections.iter().map(|s| s.heading.as_str()).collect()
    }

    #[test]
    fn title_deck_lead_and_sections() {
        let a = read(
            "Title Here\nA deck line\nLead paragraph. It has sentences.\nNext Stop: Donbas?\nBody text here. More.\nThe End\nLast words here.\n",
        );
        assert_eq!(a.title, "Title Here");
        assert_eq!(a.deck.as_deref(), Some("A deck line"));
        assert_eq!(a.lead.len(), 1);
        assert_eq!(headings(&a), ["Next Stop: Donbas?", "The End"]);
    }

    #[test]
    fn short_sentence_is_a_paragraph_not_a_heading() {
        let a = read(
            "Title\nIntro text that is long enough. Yes.\nA Heading\nIt rained.\nThe end came later that day.\n",
        );
        assert_eq!(headings(&a), ["A Heading"]);
        assert_eq!(a.sections[0].blocks.len(), 2);
    }

    #[test]
    fn title_only() {
        let a = read("Just a Title\n");
        assert_eq!(a.title, "Just a Title");
        assert!(a.sections.is_empty() && a.lead.is_empty());
    }

    #[test]
    fn no_title_line_uses_fallback_with_warning() {
        let a = read("This is a sentence. So is this one.\n");
        assert_eq!(a.title, "fallback");
        assert_eq!(a.lead.len(), 1);
        assert_eq!(a.warnings.len(), 1);
    }

    #[test]
    fn other_scripts() {
        let a = read(
            "Северная Корея\nПервая часть\nЭто абзац. Он длинный.\n노동자\n이것은 문단이다. 두 번째 문장이다.\n",
        );
        assert_eq!(a.title, "Северная Корея");
        assert_eq!(headings(&a), ["노동자"]);
        assert_eq!(a.sections[0].id, "section-1");
    }

    #[test]
    fn trailing_menu_is_dropped_and_reported() {
        let a = read("Title\nPara one. Yes.\nTopics\n- Blog\n- Sport And Fitness\n- Videos\n");
        assert!(a.sections.is_empty());
        assert_eq!(a.dropped, ["Topics", "Blog", "Sport And Fitness", "Videos"]);
    }

    #[test]
    fn real_lists_are_kept() {
        let a = read(
            "Title\nIntro para. Yes.\nThe Steps\n- First mix the flour with water.\n- Then bake it for an hour.\nDone now. Really.\n",
        );
        assert!(a.dropped.is_empty());
        assert!(matches!(a.sections[0].blocks[0], Block::List { .. }));
    }

    #[test]
    fn keep_chrome_keeps_everything() {
        let opts = TextOptions { keep_chrome: true };
        let a = read_text("Title\nPara. Yes.\nShare this\n", "en", "f", &opts);
        assert!(a.dropped.is_empty());
        // Kept, as a paragraph: a last line with nothing under it heads nothing.
        let texts: Vec<String> = a.lead.iter().map(|b| b.paragraphs()[0].text()).collect();
        assert_eq!(texts, ["Para. Yes.", "Share this"]);
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let text = "Title\n\nFirst line of a paragraph that wraps\nonto a second line here.\n\nA Heading\n\nAnother paragraph that\nwraps as well.\n";
        let a = read(text);
        assert_eq!(
            a.lead[0].paragraphs()[0].text(),
            "First line of a paragraph that wraps onto a second line here."
        );
        assert_eq!(headings(&a), ["A Heading"]);
    }

    /// Fuzzing found a heading whose slug equalled a lead paragraph id (`lead-p2`).
    #[test]
    fn regression_heading_slug_equal_to_paragraph_id() {
        let a = read(";\n;\n;\nA\nlead-p2\n;;");
        crate::article::check_invariants(&a).unwrap();
        let a = read(
            "T\nIntro. Yes.\nNotes\nFirst para. Yes.\nNotes p1\nSecond. Yes.\nThird part\nThird. Yes.\n",
        );
        crate::article::check_invariants(&a).unwrap();
        assert_eq!(a.sections[1].id, "notes-p1-section");
        // A heading whose slug is an id other stages use for themselves.
        let mut asm = Assembler::new("T", "en");
        asm.heading("Opening", 2);
        asm.block(Block::Paragraph(Paragraph::plain(
            "Third. Yes.".to_string(),
        )));
        let a = asm.finish();
        crate::article::check_invariants(&a).unwrap();
        assert_eq!(a.sections[0].id, "opening-section");
    }

    /// A listicle's numbered headings were read as one-item lists, and so never headings.
    #[test]
    fn numbered_lines_between_paragraphs_are_headings() {
        let a = read(
            "Title\nIntro para. Yes.\n1. Ditch the diet\nDiets fail. Most do.\n2. Avoid skipping meals\nEat often. Really.\nSteps to take\n1. Mix the flour.\n2. Bake it.\nDone now. Really.\n",
        );
        assert_eq!(
            headings(&a),
            [
                "1. Ditch the diet",
                "2. Avoid skipping meals",
                "Steps to take"
            ]
        );
        assert!(matches!(
            a.sections[2].blocks[0],
            Block::List { ordered: true, .. }
        ));
    }

    /// "Meal 1" then "Eat every 2-3 hours": a heading and its note, not two headings.
    #[test]
    fn later_line_in_a_run_is_a_subheading_only_in_title_case() {
        let a = read(
            "Title\nIntro para. Yes.\nMeal 1\nEat every 2 to 3 hours\nOne scoop of oats and milk. Yes.\nPart Two\nThe Long Road Home\nBody text. Yes.\n",
        );
        assert_eq!(headings(&a), ["Meal 1", "Part Two", "The Long Road Home"]);
    }

    /// A long run of short lines is a menu or a list, except where its lines pair up as
    /// heading and note: then the title-case line before each note is a heading.
    #[test]
    fn headings_pair_with_notes_in_a_long_run_of_short_lines() {
        let a = read(
            "Title\nIntro para. Yes.\nWorkout Supplement\nDrink during your workout\nBeachbody Hydrate\nPost-Workout Supplement\nDrink within 30 minutes after\nRecover, 1 cup blueberries\nPost-Workout Meal\nEat 1 to 2 hours after your workout\nChicken zoodles and rice with a little soy sauce, as before. Yes.\n",
        );
        assert_eq!(
            headings(&a),
            [
                "Workout Supplement",
                "Post-Workout Supplement",
                "Post-Workout Meal"
            ]
        );
        // A menu of title-case lines has no notes: no headings.
        let a = read(
            "Title\nIntro para. Yes.\nWorld News\nBusiness Today\nSports Desk\nArts And Culture\nOpinion Pages\nMore body text here. Yes.\n",
        );
        assert!(a.sections.is_empty(), "{:?}", headings(&a));
    }

    /// A listicle's numbered heading may quote its topic; a quoted line without a number
    /// is still a pull quote.
    #[test]
    fn numbered_headings_may_be_quoted() {
        let a = read(
            "Title\nIntro para. Yes.\n3. \u{201c}Not some irregular channel\u{201d}\nThe envoy said so in his testimony. Yes.\n\u{201c}We will not be moved\u{201d}\nThe crowd stayed until dark. Yes.\n",
        );
        assert_eq!(
            headings(&a),
            ["3. \u{201c}Not some irregular channel\u{201d}"]
        );
    }

    /// "A: Trip to Disney World" answers an interview's question; it heads nothing.
    #[test]
    fn interview_answers_are_not_headings() {
        let a = read(
            "Title\nIntro para. Yes.\nQ: Favorite childhood memory?\nA: Trip to Disney World\nQ: Favorite apps?\nA: Maps and the weather\nThat is all from us. Yes.\n",
        );
        assert!(
            headings(&a).iter().all(|h| !h.starts_with("A:")),
            "{:?}",
            headings(&a)
        );
    }

    /// Each "Q:" answered by an "A:" heads its answer, short or long: the listener moves
    /// question by question. A lone "Q:" in prose stays prose.
    #[test]
    fn interview_questions_head_their_answers() {
        let long_q = format!(
            "Q: {} what did it feel like?",
            ["When you woke up that day"; 4].join(" ")
        );
        let a = read(&format!(
            "Title\nIntro para. Yes.\n{long_q}\nA: Inspired and humbled. It was a lot.\nQ: Favorite apps?\nA: Maps and the weather\nQ: Favorite books?\nA: A Fistful of Rice\nThanks to him. Yes.\n"
        ));
        assert_eq!(
            headings(&a),
            vec![long_q.as_str(), "Q: Favorite apps?", "Q: Favorite books?"]
        );
        let lone = read(&format!(
            "Title\nIntro para. Yes.\n{long_q}\nA: Yes, quite safe.\nMore prose here. Yes.\n"
        ));
        assert!(headings(&lone).is_empty(), "{:?}", headings(&lone));
    }

    /// A question in sentence case right before a heading closes the section before it;
    /// one in title case is itself a heading.
    #[test]
    fn a_closing_question_before_a_heading_is_prose() {
        let a = read(
            "Title\nIntro para. Yes.\nMore here. Yes.\nAre you ready to make this happen?\nHow to avoid every pitch you see\nBefore we start, a warning. Yes.\n",
        );
        assert_eq!(headings(&a), vec!["How to avoid every pitch you see"]);
        let b = read(
            "Title\nIntro para. Yes.\nMore here. Yes.\nWhy Do We Get Allergies?\nScience writer at a magazine and cook\nThe body reacts. Yes.\n",
        );
        assert_eq!(headings(&b), vec!["Why Do We Get Allergies?"]);
    }

    #[test]
    fn markup_stays_text() {
        let a = read("Title\n<script>alert(1)</script> & ]]> are kept. Yes.\n");
        assert_eq!(
            a.lead[0].paragraphs()[0].text(),
            "<script>alert(1)</script> & ]]> are kept. Yes."
        );
    }
}
