//! Navigation: the EPUB 3 nav document (table of contents and landmarks) and the
//! EPUB 2 `toc.ncx` that older reading systems still look for.

use super::escape::escape;
use super::xhtml::{Doc, PageInfo, page};

/// The navigation document. Subsections (level 3 and deeper) nest under the section
/// before them, so a screen-reader user can skim the top level first.
pub fn nav_xhtml(docs: &[Doc], title: &str, info: &PageInfo) -> String {
    // The labels are English words; mark them so when the book is in another language.
    let en = if info.lang == "en" || info.lang.starts_with("en-") {
        String::new()
    } else {
        " lang=\"en\" xml:lang=\"en\"".to_string()
    };
    let mut body = format!(
        "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-heading\">\n\
         <h1 id=\"toc-heading\"{en}>Contents</h1>\n<ol>\n"
    );
    let mut nested = false;
    for (i, doc) in docs.iter().enumerate() {
        let child = doc.level > 2 && docs[..i].iter().any(|d| d.level == 2);
        if child && !nested {
            body.push_str("\n<ol>\n");
        } else if !child && nested {
            body.push_str("</li>\n</ol>\n</li>\n");
        } else if i > 0 {
            body.push_str("</li>\n");
        }
        nested = child;
        body.push_str(&format!(
            "<li><a href=\"{}\">{}</a>",
            escape(&doc.file),
            escape(&doc.label)
        ));
    }
    if nested {
        body.push_str("</li>\n</ol>\n");
    }
    if !docs.is_empty() {
        body.push_str("</li>\n");
    }
    body.push_str("</ol>\n</nav>\n");
    let start = docs.first().map_or("nav.xhtml", |d| d.file.as_str());
    body.push_str(&format!(
        "<nav epub:type=\"landmarks\" id=\"landmarks\" aria-label=\"Landmarks\" hidden=\"hidden\"{en}>\n\
         <h2>Landmarks</h2>\n<ol>\n\
         <li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">Contents</a></li>\n\
         <li><a epub:type=\"bodymatter\" href=\"{}\">Start of the article</a></li>\n\
         </ol>\n</nav>\n",
        escape(start)
    ));
    page(info, title, &body, None)
}

/// The NCX table of contents (flat: one entry per document).
pub fn toc_ncx(docs: &[Doc], title: &str, identifier: &str, lang: &str) -> String {
    let mut points = String::new();
    for (i, doc) in docs.iter().enumerate() {
        points.push_str(&format!(
            "<navPoint id=\"np-{n}\" playOrder=\"{n}\"><navLabel><text>{}</text></navLabel>\
             <content src=\"{}\"/></navPoint>\n",
            escape(&doc.label),
            escape(&doc.file),
            n = i + 1
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"{lang}\">\n\
         <head>\n<meta name=\"dtb:uid\" content=\"{id}\"/>\n<meta name=\"dtb:depth\" content=\"1\"/>\n\
         <meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n\
         </head>\n<docTitle><text>{title}</text></docTitle>\n<navMap>\n{points}</navMap>\n</ncx>\n",
        lang = escape(lang),
        id = escape(identifier),
        title = escape(title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(file: &str, level: u8) -> Doc {
        Doc {
            file: file.into(),
            chapter: String::new(),
            label: format!("<{file}>"),
            level,
            xhtml: String::new(),
            body: String::new(),
            ids: Vec::new(),
            root: String::new(),
        }
    }

    #[test]
    fn subsections_nest_and_lists_balance() {
        let docs = [
            doc("a", 1),
            doc("b", 2),
            doc("c", 3),
            doc("d", 3),
            doc("e", 2),
        ];
        let info = PageInfo {
            lang: "ko",
            css: false,
            words: None,
        };
        let nav = nav_xhtml(&docs, "T", &info);
        assert_eq!(nav.matches("<ol>").count(), nav.matches("</ol>").count());
        assert_eq!(nav.matches("<li>").count(), nav.matches("</li>").count());
        assert!(nav.contains("<a href=\"b\">&lt;b&gt;</a>\n<ol>\n<li><a href=\"c\">"));
        assert!(nav.contains("role=\"doc-toc\""));
        let opts = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        roxmltree::Document::parse_with_options(&nav, opts).expect("nav is well-formed");
        assert!(nav.contains("aria-label=\"Landmarks\""));
        assert!(nav.contains("lang=\"en\""));
    }
}
