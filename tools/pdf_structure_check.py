#!/usr/bin/env python3
"""Report the accessibility-relevant structure of a PDF as JSON (uses pikepdf).

Usage: python3 tools/pdf_structure_check.py FILE.pdf [--pretty]

Prints one JSON object on stdout and exits 0 when the file could be read,
whatever it contains (an untagged PDF just reports false/empty values).
Exits 1 if the file cannot be opened or parsed, 2 on bad usage.

Keys:
  has_struct_tree_root   catalog has /StructTreeRoot
  struct_types           {raw /S value: count} over all structure elements
  struct_types_resolved  same, after mapping through /RoleMap (transitively)
  struct_type_sequence   resolved types in document (depth-first) order (capped)
  struct_element_count, max_depth, mcid_count, objr_count
  figures_without_alt    Figure elements lacking /Alt and /ActualText
  role_map               the /RoleMap as {custom: target}
  lang                   catalog /Lang (null if absent)
  marked                 /MarkInfo /Marked (false if absent)
  suspects               /MarkInfo /Suspects (false if absent)
  display_doc_title      /ViewerPreferences /DisplayDocTitle (false if absent)
  outline_count          number of top-level outline (bookmark) entries
  outline_titles         their titles
  pdfua_part             pdfuaid:part from XMP metadata (null if absent)
  pdfa_part, pdfa_conformance   pdfaid:* from XMP (null if absent)
  xmp_dc_title           dc:title from XMP (null if absent)
  info_title             /Info /Title (null if absent)
  page_count, pages_tabs_s (count of pages with /Tabs /S), pdf_version
"""

import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter

import pikepdf

SEQUENCE_CAP = 5000
NS_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
NS_PDFAID = "http://www.aiim.org/pdfa/ns/id/"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def name_str(obj):
    """'/Figure' -> 'Figure'; other values -> str."""
    if obj is None:
        return None
    s = str(obj)
    return s[1:] if s.startswith("/") else s


def text_str(obj):
    if obj is None:
        return None
    try:
        return str(obj)
    except Exception:  # noqa: BLE001 - undecodable strings
        return repr(obj)


def get(d, key):
    try:
        if isinstance(d, pikepdf.Dictionary) and key in d:
            return d[key]
    except Exception:  # noqa: BLE001
        pass
    return None


def obj_key(obj):
    try:
        if obj.is_indirect:
            return obj.objgen
    except Exception:  # noqa: BLE001
        pass
    return None


def resolve_role(s, role_map):
    seen = set()
    while s in role_map and s not in seen:
        seen.add(s)
        s = role_map[s]
    return s


def walk_struct_tree(root, role_map):
    raw = Counter()
    resolved = Counter()
    sequence = []
    stats = {"elements": 0, "max_depth": 0, "mcid": 0, "objr": 0, "figures_without_alt": 0}
    visited = set()

    # iterative DFS, children pushed reversed to keep document order
    stack = [(get(root, "/K"), 0)]
    while stack:
        node, depth = stack.pop()
        if node is None:
            continue
        if isinstance(node, pikepdf.Array):
            for child in reversed(list(node)):
                stack.append((child, depth))
            continue
        if isinstance(node, int) and not isinstance(node, bool):
            stats["mcid"] += 1
            continue
        if not isinstance(node, pikepdf.Dictionary):
            try:
                int(node)
                stats["mcid"] += 1
            except Exception:  # noqa: BLE001
                pass
            continue
        key = obj_key(node)
        if key is not None:
            if key in visited:
                continue
            visited.add(key)
        typ = name_str(get(node, "/Type"))
        if typ == "MCR":
            stats["mcid"] += 1
            continue
        if typ == "OBJR":
            stats["objr"] += 1
            continue
        s = get(node, "/S")
        if s is None:
            continue
        s = name_str(s)
        r = resolve_role(s, role_map)
        raw[s] += 1
        resolved[r] += 1
        stats["elements"] += 1
        depth += 1
        stats["max_depth"] = max(stats["max_depth"], depth)
        if len(sequence) < SEQUENCE_CAP:
            sequence.append(r)
        if r == "Figure" and get(node, "/Alt") is None and get(node, "/ActualText") is None:
            stats["figures_without_alt"] += 1
        stack.append((get(node, "/K"), depth))
    return raw, resolved, sequence, stats


def xmp_values(pdf):
    out = {"pdfua_part": None, "pdfa_part": None, "pdfa_conformance": None, "xmp_dc_title": None}
    meta = get(pdf.Root, "/Metadata")
    if meta is None:
        return out
    try:
        data = meta.read_bytes()
        # strip xpacket processing instructions / leading junk
        start = data.find(b"<x:xmpmeta")
        if start < 0:
            start = data.find(b"<rdf:RDF")
        end_tag = b"</x:xmpmeta>" if data.find(b"</x:xmpmeta>") >= 0 else b"</rdf:RDF>"
        end = data.find(end_tag)
        if start >= 0 and end >= 0:
            data = data[start : end + len(end_tag)]
        tree = ET.fromstring(data)
    except Exception:  # noqa: BLE001
        return out

    def find_value(ns, local):
        for el in tree.iter():
            v = el.attrib.get("{%s}%s" % (ns, local))
            if v is not None:
                return v.strip()
            if el.tag == "{%s}%s" % (ns, local):
                txt = "".join(el.itertext()).strip()
                return txt or None
        return None

    out["pdfua_part"] = find_value(NS_PDFUAID, "part")
    out["pdfa_part"] = find_value(NS_PDFAID, "part")
    out["pdfa_conformance"] = find_value(NS_PDFAID, "conformance")
    for el in tree.iter("{%s}title" % NS_DC):
        li = el.find(".//{%s}li" % NS_RDF)
        txt = "".join((li if li is not None else el).itertext()).strip()
        out["xmp_dc_title"] = txt or None
        break
    return out


def outline_info(pdf):
    titles = []
    try:
        with pdf.open_outline() as outline:
            for item in outline.root:
                titles.append(item.title)
    except Exception:  # noqa: BLE001 - fall back to raw walk
        titles = []
        outlines = get(pdf.Root, "/Outlines")
        node = get(outlines, "/First") if outlines is not None else None
        seen = set()
        while node is not None:
            k = obj_key(node)
            if k in seen:
                break
            seen.add(k)
            titles.append(text_str(get(node, "/Title")))
            node = get(node, "/Next")
    return titles


def check(path):
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        str_root = get(root, "/StructTreeRoot")
        role_map = {}
        raw, resolved, sequence = Counter(), Counter(), []
        stats = {"elements": 0, "max_depth": 0, "mcid": 0, "objr": 0, "figures_without_alt": 0}
        if str_root is not None:
            rm = get(str_root, "/RoleMap")
            if isinstance(rm, pikepdf.Dictionary):
                for k in rm.keys():
                    role_map[name_str(k)] = name_str(rm[k])
            raw, resolved, sequence, stats = walk_struct_tree(str_root, role_map)

        mark_info = get(root, "/MarkInfo")
        vp = get(root, "/ViewerPreferences")
        info_title = None
        try:
            if "/Title" in pdf.docinfo:
                info_title = text_str(pdf.docinfo["/Title"])
        except Exception:  # noqa: BLE001
            pass
        titles = outline_info(pdf)
        tabs_s = 0
        for page in pdf.pages:
            if name_str(get(page.obj, "/Tabs")) == "S":
                tabs_s += 1

        result = {
            "file": str(path),
            "pdf_version": str(pdf.pdf_version),
            "page_count": len(pdf.pages),
            "has_struct_tree_root": str_root is not None,
            "struct_element_count": stats["elements"],
            "struct_types": dict(sorted(raw.items())),
            "struct_types_resolved": dict(sorted(resolved.items())),
            "struct_type_sequence": sequence,
            "max_depth": stats["max_depth"],
            "mcid_count": stats["mcid"],
            "objr_count": stats["objr"],
            "figures_without_alt": stats["figures_without_alt"],
            "role_map": role_map,
            "lang": text_str(get(root, "/Lang")),
            "marked": bool(get(mark_info, "/Marked")) if mark_info is not None else False,
            "suspects": bool(get(mark_info, "/Suspects")) if mark_info is not None else False,
            "display_doc_title": bool(get(vp, "/DisplayDocTitle")) if vp is not None else False,
            "outline_count": len(titles),
            "outline_titles": titles,
            "info_title": info_title,
            "pages_tabs_s": tabs_s,
        }
        result.update(xmp_values(pdf))
        return result


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    pretty = "--pretty" in argv[1:]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        result = check(args[0])
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"file": args[0], "error": f"{type(e).__name__}: {e}"}), file=sys.stderr)
        return 1
    print(json.dumps(result, ensure_ascii=False, indent=2 if pretty else None))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
