//! A document put together here the way Word writes one, for what pandoc does not
//! produce: styles based on headings, outline levels, a Quote style, character
//! styles, hidden text, field codes with results, endnotes, headers and footers.

use super::*;
use std::io::{Cursor, Write};

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

fn zip(parts: &[(&str, String)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in parts {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn p(style: &str, runs: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p>"#)
}

fn r(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

fn word_document() -> Vec<u8> {
    let styles = format!(
        r#"<w:styles {W}><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="fr-FR"/></w:rPr></w:rPrDefault></w:docDefaults>
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Chapitre"><w:name w:val="Chapitre"/><w:basedOn w:val="Heading1"/></w:style>
        <w:style w:type="paragraph" w:styleId="Sous"><w:name w:val="Sous-partie"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Citation"><w:name w:val="Quote"/></w:style>
        <w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>
        <w:style w:type="character" w:styleId="Fort"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
        </w:styles>"#
    );
    let numbering = format!(
        r#"<w:numbering {W}><w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
        <w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num></w:numbering>"#
    );
    let body = [
        p("Chapitre", &r("Le port")),
        p(
            "Normal",
            &format!(
                r#"{}<w:r><w:rPr><w:rStyle w:val="Fort"/></w:rPr><w:t>solide</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>caché</w:t></w:r>{}<w:r><w:endnoteReference w:id="2"/></w:r>{}"#,
                r("Le quai est "),
                r(", page "),
                r(".")
            ),
        ),
        // A PAGE field: the code is not read, its result is.
        p(
            "Normal",
            &format!(
                r#"{}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
                r("Voir la page "),
                r("3")
            ),
        ),
        format!(
            r#"<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr>{}</w:p>"#,
            r("Les bouées")
        ),
        p("ListBullet", &r("rouges")),
        p("ListBullet", &r("vertes")),
        p("Citation", &r("La mer monte.")),
        p("Sous", &r("Annexe")),
        p("Normal", &r("Fin.")),
    ]
    .concat();
    let document = format!(
        r#"<w:document {W}><w:body>{body}<w:sectPr><w:headerReference r:id="rId9"/></w:sectPr></w:body></w:document>"#
    );
    let endnotes = format!(
        r#"<w:endnotes {W}><w:endnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>
        <w:endnote w:id="2"><w:p><w:r><w:endnoteRef/></w:r>{}</w:p></w:endnote></w:endnotes>"#,
        r(" Mesuré en mai.")
    );
    let header = format!(r#"<w:hdr {W}>{}</w:hdr>"#, p("Header", &r("EN-TÊTE")));
    let footer = format!(r#"<w:ftr {W}>{}</w:ftr>"#, p("Footer", &r("PIED")));
    zip(&[
        ("word/document.xml", document),
        ("word/styles.xml", styles),
        ("word/numbering.xml", numbering),
        ("word/endnotes.xml", endnotes),
        ("word/header1.xml", header),
        ("word/footer1.xml", footer),
    ])
}

#[test]
fn a_word_made_document_reads_by_its_styles() {
    let a = read_docx(&word_document(), 1_000_000, "en", "fallback").unwrap();
    // No Title style and no core properties: the first heading is the title.
    assert_eq!(a.title, "Le port");
    assert_eq!(a.lang, "fr-FR");
    let headings: Vec<(&str, u8)> = a
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.level))
        .collect();
    assert_eq!(headings, [("Les bouées", 2), ("Annexe", 2), ("Notes", 2)]);
    let lead: Vec<String> = a
        .lead
        .iter()
        .flat_map(|b| b.paragraphs())
        .map(Paragraph::text)
        .collect();
    assert_eq!(lead, ["Le quai est solide, page [1].", "Voir la page 3"]);
    assert!(
        a.lead[0].paragraphs()[0]
            .spans
            .iter()
            .any(|s| s.strong && s.text == "solide")
    );
    let blocks = &a.sections[0].blocks;
    assert!(matches!(&blocks[0], Block::List { ordered: false, items } if items.len() == 2));
    assert!(
        matches!(&blocks[1], Block::Quote { paragraphs } if paragraphs[0].text() == "La mer monte.")
    );
    assert!(
        matches!(&a.sections[2].blocks[0], Block::List { ordered: true, items } if items[0].text() == "Mesuré en mai.")
    );
    let all = serde_json::to_string(&a).unwrap();
    for absent in ["caché", "PAGE", "EN-TÊTE", "PIED"] {
        assert!(!all.contains(absent), "{absent} was read");
    }
    crate::article::check_invariants(&a).unwrap();
}

#[test]
fn damaged_and_protected_documents_are_refused() {
    let mut ole = OLE_MAGIC.to_vec();
    ole.extend_from_slice(&[0; 512]);
    assert_eq!(
        read_docx(&ole, 1_000_000, "en", "x"),
        Err(ReadError::Protected(KIND))
    );
    let good = word_document();
    assert!(matches!(
        read_docx(&good[..good.len() / 2], 1_000_000, "en", "x"),
        Err(ReadError::Damaged(KIND, _))
    ));
    let broken = zip(&[("word/document.xml", "<w:document><w:body>".into())]);
    match read_docx(&broken, 1_000_000, "en", "x") {
        Err(ReadError::Damaged(_, why)) => assert!(why.contains("not well-formed"), "{why}"),
        other => panic!("{other:?}"),
    }
    let empty = zip(&[("docProps/app.xml", "<x/>".into())]);
    match read_docx(&empty, 1_000_000, "en", "x") {
        Err(ReadError::Damaged(_, why)) => {
            assert!(why.contains("word/document.xml is missing"), "{why}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        read_docx(&good, 1_000, "en", "x"),
        Err(ReadError::UnpacksTooLarge(1))
    );
}
