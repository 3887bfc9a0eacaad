//! The package: `META-INF/container.xml` names the package document (OPF), which
//! gives the metadata, the manifest and the spine; `META-INF/encryption.xml` says
//! whether the content is encrypted (DRM).

use crate::article::zipped::{Container, parse_xml, resolve};
use crate::error::ReadError;
use roxmltree::Node;
use std::collections::BTreeMap;

/// What the package document says.
#[derive(Debug, Default)]
pub struct Package {
    /// `dc:title` (the main one when several are refined).
    pub title: Option<String>,
    /// A title refined as `subtitle`.
    pub subtitle: Option<String>,
    /// `dc:creator`s, in order.
    pub creators: Vec<String>,
    /// The first `dc:language`.
    pub lang: Option<String>,
    /// The unique identifier (else the first `dc:identifier`).
    pub identifier: Option<String>,
    /// `dc:date`, as written.
    pub date: Option<String>,
    /// `dc:publisher`.
    pub publisher: Option<String>,
    /// Manifest items by id.
    pub items: BTreeMap<String, Item>,
    /// Spine item ids in reading order (non-linear ones left out).
    pub spine: Vec<String>,
    /// The manifest id of the EPUB 2 NCX (the spine's `toc`).
    pub ncx: Option<String>,
}

/// One manifest item.
#[derive(Debug, Clone)]
pub struct Item {
    /// The part name inside the zip.
    pub part: String,
    /// The media type.
    pub media_type: String,
    /// The `properties` tokens (`nav`, `mathml`, ...).
    pub properties: Vec<String>,
}

/// Read the container and the package document.
pub fn read(zip: &mut Container) -> Result<Package, ReadError> {
    let container_name = "META-INF/container.xml";
    let container = zip.required(container_name)?;
    let doc = parse_xml(&container).map_err(|e| zip.bad_xml(container_name, &e))?;
    let opf = doc
        .descendants()
        .find(|n| n.has_tag_name("rootfile"))
        .and_then(|n| n.attribute("full-path"))
        .ok_or_else(|| {
            ReadError::Damaged(
                "EPUB",
                format!("{container_name} names no package document"),
            )
        })?
        .to_string();
    let text = zip.required(&opf)?;
    let doc = parse_xml(&text).map_err(|e| zip.bad_xml(&opf, &e))?;
    let mut pkg = Package::default();
    let root = doc.root_element();
    read_metadata(root, &mut pkg);
    for item in root.descendants().filter(|n| n.has_tag_name("item")) {
        let (Some(id), Some(href)) = (item.attribute("id"), item.attribute("href")) else {
            continue;
        };
        pkg.items.insert(
            id.to_string(),
            Item {
                part: resolve(&opf, href),
                media_type: item.attribute("media-type").unwrap_or("").to_string(),
                properties: tokens(item.attribute("properties")),
            },
        );
    }
    if let Some(spine) = root.descendants().find(|n| n.has_tag_name("spine")) {
        pkg.ncx = spine.attribute("toc").map(str::to_string);
        pkg.spine = spine
            .children()
            .filter(|n| n.has_tag_name("itemref") && n.attribute("linear") != Some("no"))
            .filter_map(|n| n.attribute("idref").map(str::to_string))
            .collect();
    }
    Ok(pkg)
}

/// Title, creators, language, identifier and date from `<metadata>`.
fn read_metadata(root: Node, pkg: &mut Package) {
    let unique = root.attribute("unique-identifier");
    let Some(meta) = root.children().find(|n| n.has_tag_name("metadata")) else {
        return;
    };
    // EPUB 3 refines: `<meta refines="#t1" property="title-type">subtitle</meta>`.
    let refined = |id: Option<&str>, property: &str| -> Option<String> {
        let id = id?;
        meta.children()
            .find(|m| {
                m.attribute("refines") == Some(&format!("#{id}"))
                    && m.attribute("property") == Some(property)
            })
            .map(text_of)
    };
    for n in meta.children().filter(Node::is_element) {
        let text = text_of(n);
        if text.is_empty() {
            continue;
        }
        match n.tag_name().name() {
            "title" => match refined(n.attribute("id"), "title-type").as_deref() {
                Some("subtitle") => pkg.subtitle = pkg.subtitle.take().or(Some(text)),
                Some("main") => pkg.title = Some(text),
                _ => pkg.title = pkg.title.take().or(Some(text)),
            },
            "creator" => pkg.creators.push(text),
            "language" => pkg.lang = pkg.lang.take().or(Some(text)),
            "identifier" if unique.is_some() && n.attribute("id") == unique => {
                pkg.identifier = Some(text)
            }
            "identifier" => pkg.identifier = pkg.identifier.take().or(Some(text)),
            "date" => pkg.date = pkg.date.take().or(Some(text)),
            "publisher" => pkg.publisher = pkg.publisher.take().or(Some(text)),
            _ => {}
        }
    }
}

/// Refuse a book whose content documents are encrypted. Font obfuscation (IDPF and
/// Adobe) is not DRM and leaves the text readable, so it does not count.
pub fn check_encryption(zip: &mut Container, pkg: &Package) -> Result<(), ReadError> {
    let name = "META-INF/encryption.xml";
    let Some(text) = zip.text(name)? else {
        return Ok(());
    };
    let doc = parse_xml(&text).map_err(|e| zip.bad_xml(name, &e))?;
    const OBFUSCATION: &[&str] = &[
        "http://www.idpf.org/2008/embedding",
        "http://ns.adobe.com/pdf/enc#RC",
    ];
    let content: Vec<&str> = pkg
        .spine
        .iter()
        .filter_map(|id| pkg.items.get(id))
        .map(|i| i.part.as_str())
        .collect();
    for data in doc
        .descendants()
        .filter(|n| n.has_tag_name("EncryptedData"))
    {
        let algorithm = data
            .descendants()
            .find(|n| n.has_tag_name("EncryptionMethod"))
            .and_then(|n| n.attribute("Algorithm"))
            .unwrap_or("");
        let uri = data
            .descendants()
            .find(|n| n.has_tag_name("CipherReference"))
            .and_then(|n| n.attribute("URI"))
            .unwrap_or("");
        // CipherReference URIs are relative to the container's root.
        if !OBFUSCATION.contains(&algorithm) && content.contains(&resolve("", uri).as_str()) {
            return Err(ReadError::Protected("EPUB"));
        }
    }
    Ok(())
}

/// The collapsed text of an element.
pub fn text_of(n: Node) -> String {
    let text: String = n
        .descendants()
        .filter(Node::is_text)
        .filter_map(|d| d.text())
        .collect();
    crate::article::assemble::collapse(&text)
}

fn tokens(value: Option<&str>) -> Vec<String> {
    value
        .unwrap_or("")
        .split_whitespace()
        .map(str::to_string)
        .collect()
}
