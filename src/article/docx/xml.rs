//! Namespace-blind helpers over `roxmltree`: WordprocessingML comes in two
//! namespaces (transitional and strict), and only local names matter here.

use roxmltree::Node;

/// The element's local name (`p` for `w:p`).
pub fn local<'a>(n: &Node<'a, '_>) -> &'a str {
    n.tag_name().name()
}

/// An attribute by local name, whatever its namespace (`w:val`, `r:id`).
pub fn attr<'a>(n: &Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

/// The first child element of this local name.
pub fn child<'a, 'i>(n: &Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.is_element() && local(c) == name)
}

/// The child elements of this local name.
pub fn children<'a, 'i: 'a>(
    n: &Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    n.children()
        .filter(move |c| c.is_element() && local(c) == name)
}
