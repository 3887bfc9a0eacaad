//! The bad-input corpus: every case built here, with what it must give.

/// What a case must give: built, or failed with these words in its error.
pub enum Expect {
    /// Built, with a manifest.
    Ok,
    /// Failed, the error naming the file and holding these words.
    Fails(&'static [&'static str]),
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

fn para(n: usize, sentence: &str) -> String {
    sentence.repeat(n)
}

/// The corpus: file name, bytes, what must happen. Heavy ones are sized as the issue asks.
pub fn corpus() -> Vec<(&'static str, Vec<u8>, Expect)> {
    use Expect::*;
    let body = "This paragraph is ordinary text. It has two sentences.\n";
    let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0".to_vec();
    elf.extend([0u8; 64]);
    let png =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec();
    let fifty_k: String = (0..5_000)
        .map(|i| format!("Paragraph {i} has exactly ten words in it, no more.\n\n"))
        .collect();
    let sections: String = (0..1_000)
        .map(|i| format!("## Section number {i}\n\nSection {i} says one thing.\n\n"))
        .collect();
    let nested = format!(
        "<html><body><article><h1>Nested Deep</h1>{}<p>Deep inside the page. It is read.</p>{}</article></body></html>",
        "<div>".repeat(100),
        "</div>".repeat(100)
    );
    vec![
        ("empty.txt", Vec::new(), Fails(&["empty"])),
        ("blank.txt", b" \n\t\n\r\n   ".to_vec(), Fails(&["white space"])),
        ("image.txt", png, Fails(&["binary"])),
        ("program.txt", elf, Fails(&["binary"])),
        (
            "latin1.txt",
            b"Caf\xe9 Title\nA paragraph. Done.\n".to_vec(),
            Ok,
        ),
        ("utf16le.txt", utf16(&format!("UTF Sixteen Little\n\n{body}"), false), Ok),
        ("utf16be.txt", utf16(&format!("UTF Sixteen Big\n\n{body}"), true), Ok),
        (
            "huge-paragraph.txt",
            format!(
                "Huge Paragraph\n\n{}",
                para(10_000_000 / 48, "This is one sentence of a very long paragraph. ")
            )
            .into_bytes(),
            Ok,
        ),
        ("fifty-thousand-words.txt", format!("Fifty Thousand Words\n\n{fifty_k}").into_bytes(), Ok),
        ("thousand-sections.md", format!("# Thousand Sections\n\n{sections}").into_bytes(), Ok),
        ("no-headings.txt", format!("No Headings\n\n{body}\n{body}").into_bytes(), Ok),
        ("headings-only.md", b"# Only Headings\n\n## One\n\n## Two\n\n### Three\n".to_vec(), Ok),
        ("long-title.txt", format!("{}\n\n{body}", "Long ".repeat(400)).into_bytes(), Ok),
        ("traversal.txt", format!("../../etc/passwd\n\n{body}").into_bytes(), Ok),
        ("con.txt", format!("CON\n\n{body}").into_bytes(), Ok),
        ("slash.txt", format!("/\n\n{body}").into_bytes(), Ok),
        ("평양.txt", format!("평양 이야기\n\n{body}").into_bytes(), Ok),
        (
            "markup.txt",
            format!("Markup <script>alert(1)</script>\n\nA &amp; B ]]> <![CDATA[ x ]]> \"q\" 'a'. {body}")
                .into_bytes(),
            Ok,
        ),
        (
            "control.txt",
            format!("Control Characters\n\nBell \x07 and escape \x1b[31m and form feed \x0c here. {body}")
                .into_bytes(),
            Ok,
        ),
        ("nul.txt", format!("Nul Byte\n\nA \0 in text. {body}").into_bytes(), Fails(&["binary"])),
        (
            "emoji.txt",
            format!("Emoji 👩‍👩‍👧‍👦 Family\n\nA family 👩‍👩‍👧‍👦, a flag 🏳️‍🌈 and a thumbs up 👍🏽. {body}")
                .into_bytes(),
            Ok,
        ),
        (
            "arabic.txt",
            "العمال في روسيا\n\nيعمل آلاف العمال في ظروف صعبة. هذه جملة ثانية.\n".into(),
            Ok,
        ),
        ("hebrew.txt", "עובדים ברוסיה\n\nאלפי עובדים עובדים בתנאים קשים. זה משפט שני.\n".into(), Ok),
        ("korean.txt", "북한 노동자\n\n수천 명의 노동자가 러시아에서 일합니다. 두 번째 문장입니다.\n".into(), Ok),
        ("chinese.txt", "朝鲜劳工\n\n数千名工人在俄罗斯工作。这是第二句话。\n".into(), Ok),
        (
            "mixed.txt",
            "Mixed Languages\n\nThe word 평양 means Pyongyang, Москва is Moscow, and مرحبا is hello. 中文 too.\n".into(),
            Ok,
        ),
        (
            "numbers.txt",
            "Odd Numbers\n\nVersion 1.2.3.4 shipped with 12,34,56 units and 99999999999999999999 bytes. \
             Also -0, 1e10, 0x1F, 3/4/5, ½ and 10^100.\n"
                .into(),
            Ok,
        ),
        ("no-body.html", b"<html><head><title>Only Head</title></head></html>".to_vec(), Fails(&["no article text"])),
        ("nested.html", nested.into_bytes(), Ok),
        ("front-matter.md", b"---\ntitle: Only Front Matter\nlang: en\n---\n".to_vec(), Ok),
        ("script-only.html", b"<html><body><script>alert(1)</script></body></html>".to_vec(), Fails(&["no article text"])),
        ("zero-width.txt", "\u{200b}\u{feff}\u{200d}\n\u{200b}\n".into(), Fails(&["white space"])),
    ]
}
