//! Who wrote it: `meta[name=author]`, `rel=author` links, or a `.byline` block.

use super::dom::{self, DomNode, meta};
use ego_tree::NodeId;

/// The byline, if the page has one (the elements used are added to `quiet`, so they
/// are not reported as dropped).
pub fn byline(
    root: DomNode<'_>,
    usable: &[DomNode<'_>],
    quiet: &mut Vec<NodeId>,
) -> Option<String> {
    if let Some(a) = meta(root, "author").filter(|a| !a.contains("://")) {
        return Some(a);
    }
    let mut names: Vec<String> = Vec::new();
    for n in usable.iter().copied() {
        let Some(el) = n.value().as_element() else {
            continue;
        };
        if el
            .attr("rel")
            .is_some_and(|r| r.split_whitespace().any(|t| t == "author"))
        {
            let name = dom::visible_text(n, &|_| false);
            quiet.push(n.id());
            if !name.is_empty() && !names.contains(&name) && names.len() < 4 {
                names.push(name);
            }
        }
    }
    if !names.is_empty() {
        return Some(join_names(&names));
    }
    let node = usable.iter().copied().find(|n| {
        n.value()
            .as_element()
            .is_some_and(|el| dom::name_tokens(el).iter().any(|t| t == "byline"))
    });
    if let Some(n) = node {
        let text = dom::visible_text(n, &|c| dom::tag(&c) == Some("time"));
        let text = strip_by(&text);
        if !text.is_empty() {
            quiet.push(n.id());
            return Some(dom::truncate(text, 80));
        }
    }
    None
}

fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "By Ana Ruiz |" gives "Ana Ruiz".
pub fn strip_by(text: &str) -> &str {
    let t = text.trim();
    let t = ["By ", "by ", "BY ", "Written by "]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(t);
    t.trim_matches(|c: char| c.is_whitespace() || matches!(c, '|' | ',' | '\u{b7}' | '\u{2022}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_prefix() {
        assert_eq!(strip_by("By Ana Ruiz |"), "Ana Ruiz");
        assert_eq!(strip_by("Ana Ruiz"), "Ana Ruiz");
    }

    #[test]
    fn names_are_joined() {
        let names = ["A".to_string(), "B".to_string(), "C".to_string()];
        assert_eq!(join_names(&names), "A, B and C");
    }
}
