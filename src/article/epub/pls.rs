//! Pronunciation lexicons (W3C PLS 1.0) that a book carries for text-to-speech, and
//! the `ssml:ph` attributes of its content documents: how the book asks for words to
//! be said. Both become the article's [`Pronunciation`]s, which the speech script uses
//! before its own lexicon.

use crate::article::zipped::parse_xml;
use crate::article::{Pronunciation, Said};

/// The lexemes of one PLS document: each grapheme with its first phoneme (in IPA) or
/// alias, in document order. Returns them and how many were left out because their
/// alphabet is not IPA (X-SAMPA, a vendor's own).
pub fn read(text: &str) -> Result<(Vec<Pronunciation>, usize), roxmltree::Error> {
    let doc = parse_xml(text)?;
    let root = doc.root_element();
    let alphabet = root.attribute("alphabet").unwrap_or("ipa");
    let mut out = Vec::new();
    let mut other_alphabet = 0;
    for lexeme in root.children().filter(|n| n.has_tag_name("lexeme")) {
        let first = lexeme
            .children()
            .find(|n| n.has_tag_name("phoneme") || n.has_tag_name("alias"));
        let Some(first) = first else { continue };
        let body = first.text().unwrap_or("").trim().to_string();
        if body.is_empty() {
            continue;
        }
        let said = if first.has_tag_name("alias") {
            Said::Alias(body)
        } else if first.attribute("alphabet").unwrap_or(alphabet) == "ipa" {
            Said::Ipa(body)
        } else {
            other_alphabet += 1;
            continue;
        };
        for grapheme in lexeme.children().filter(|n| n.has_tag_name("grapheme")) {
            let text = grapheme.text().unwrap_or("").trim();
            if !text.is_empty() {
                out.push(Pronunciation {
                    text: text.to_string(),
                    said: said.clone(),
                });
            }
        }
    }
    Ok((out, other_alphabet))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexemes_give_each_grapheme_its_first_phoneme_or_alias() {
        let pls = r#"<?xml version="1.0"?>
<lexicon version="1.0" alphabet="ipa" xml:lang="en" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon">
  <lexeme><grapheme>Agnes</grapheme><phoneme>ˈægnɪs</phoneme><phoneme>ˈɑgnɛs</phoneme></lexeme>
  <lexeme><grapheme>WWW</grapheme><grapheme>www</grapheme><alias>world wide web</alias></lexeme>
  <lexeme><grapheme>Oconee</grapheme><phoneme alphabet="x-sampa">o"kOni</phoneme></lexeme>
  <lexeme><grapheme>empty</grapheme></lexeme>
</lexicon>"#;
        let (got, other) = read(pls).unwrap();
        let ipa = |t: &str, p: &str| Pronunciation {
            text: t.into(),
            said: Said::Ipa(p.into()),
        };
        let alias = |t: &str| Pronunciation {
            text: t.into(),
            said: Said::Alias("world wide web".into()),
        };
        assert_eq!(got, [ipa("Agnes", "ˈægnɪs"), alias("WWW"), alias("www")]);
        assert_eq!(other, 1, "the X-SAMPA entry");
    }
}
