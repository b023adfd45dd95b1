"""The index as files the browser loads with script tags (works from file://): a head and parts.

``search/handbook-index.js`` (the head, loaded on the first focus of the box)
sets ``window.__HANDBOOK_SEARCH``::

    v  format version
    p  pages: [url, title, kind, text part ("" for none), [document codes]]; a
       page's own document comes first and has no code; a code is
       ``pair * 2 + (1 if a contact entry else 0)``, the others are sections
    a  pairs [anchor, title], shared by many documents ("situation", "Situation")
    w  the vocabulary: every term that starts with a letter and is no stopword,
       sorted, one a line (the browser matches prefixes, inner parts and typos
       against it); a term that is a stem is followed by a tab and the rest of the
       longest word it stands for ("stromsv\tigt"), or "=" and that word if it does
       not begin with the stem
    k  the documents that answer "whom do I call": the key numbers, the contacts page
    D  the number of documents
    d  the first digits that have a number part; s: the first letters that have a stopword part

Every other file calls ``window.__HANDBOOK_SEARCH_PART(name, data)``:

``t-<c>``  postings of the vocabulary's terms starting with ``c``, in its order
           (``n`` terms from ``f``; ``D`` documents; checked against the head)
``d-<digit>``, ``s-<c>``  terms (``w``) and postings of numbers and of stopwords
``x-<group>-<n>``  the text of a few pages' documents for snippets, by page URL:
           a string, or [text, shown number, tel: link, …] for a contact entry
``changes``  the change log, a segment of its own with all of the above

A posting list is a string: per document ``delta * 4 + field`` as a base-64
varint (5 bits a character, low bits first; characters from 32 up continue).
Parts are keyed so that an edit changes only the parts that hold it: a phone
number changes its number part and the text parts of the pages that show it;
the head and the letter parts stay byte for byte the same.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from handbook.site.search.analysis import STOPWORDS_SPELT, Analyzer
from handbook.site.search.documents import CONTACT, MAX_OWN_NUMBERS, PAGE, Doc
from handbook.site.search.index import Segment

FORMAT = 2
HEAD = "handbook-index.js"
GLOBAL_NAME = "__HANDBOOK_SEARCH"
PART_CALL = "__HANDBOOK_SEARCH_PART"
CHANGES_PART = "changes"
# Pages per text part within an area (or kind): a plan and its card are two pages.
TEXT_CHUNK_PAGES = 8
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_UNSAFE_NAME = re.compile(r"[^a-z0-9-]")


def encode_postings(postings: dict[int, int]) -> str:
    """A posting list as a string of base-64 varints (see module docstring)."""
    out, previous = [], 0
    for doc in sorted(postings):
        value = (doc - previous) * 4 + postings[doc]
        previous = doc
        while value >= 32:
            out.append(ALPHABET[32 + (value & 31)])
            value >>= 5
        out.append(ALPHABET[value])
    return "".join(out)


def decode_postings(text: str) -> dict[int, int]:
    """The inverse of :func:`encode_postings` (for tests and tools)."""
    out, doc, value, shift = {}, 0, 0, 0
    for char in text:
        digit = ALPHABET.index(char)
        value |= (digit & 31) << shift
        if digit >= 32:
            shift += 5
            continue
        doc += value >> 2
        out[doc] = value & 3
        value = shift = 0
    return out


def stop_keys(analyzer: Analyzer) -> set[str]:
    """The terms of the stopwords: their postings go to the stopword parts."""
    return {analyzer.key(w)[0] for w in STOPWORDS_SPELT}


def shard_of(key: str) -> str:
    """The letter part of a vocabulary term: its first letter, or ``_`` for any other first character."""
    first = key[:1]
    return first if "a" <= first <= "z" else "_"


def _json(value) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # Line and paragraph separators are legal JSON but break older script parsers.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def part_script(name: str, data) -> str:
    """A part as a script that hands its data to the search (loadable from file://)."""
    return f"window.{PART_CALL}({_json(name)},{_json(data)});\n"


def head_script(head: dict) -> str:
    """The head as a script that sets ``window.__HANDBOOK_SEARCH``."""
    return f"window.{GLOBAL_NAME}={_json(head)};\n"


def _text_entry(doc: Doc):
    text = doc.text
    if doc.type == CONTACT and 0 < len(doc.numbers) <= MAX_OWN_NUMBERS:
        return [text, *[x for shown, href in doc.numbers for x in (shown, href)]]
    return text


def _texts(segment: Segment) -> dict[str, list]:
    """URL → the stored text of each of its documents, for pages that store any."""
    out = {}
    for page in segment.pages:
        entries = [_text_entry(d) for d in page.docs]
        if any(e for e in entries):
            out[page.url] = entries
    return out


def _pairs_and_pages(segment: Segment, text_part: dict[str, str]) -> tuple[list, list]:
    pairs: dict[tuple[str, str], int] = {}
    pages = []
    for page in segment.pages:
        codes = []
        for doc in page.docs:
            if doc.type == PAGE:
                continue
            pair = pairs.setdefault((doc.anchor, doc.title), len(pairs))
            codes.append(pair * 2 + (1 if doc.type == CONTACT else 0))
        pages.append([page.url, page.title, page.kind, text_part.get(page.url, ""), codes])
    return [list(p) for p in pairs], pages


def _text_parts(segment: Segment) -> dict[str, dict[str, list]]:
    """Part name → {URL: entries}: pages grouped by area (or kind), a few pages a part."""
    texts = _texts(segment)
    groups: dict[str, list[str]] = {}
    for page in segment.pages:
        group = _UNSAFE_NAME.sub("_", (page.area or page.kind).lower())
        groups.setdefault(group, []).append(page.url)
    parts: dict[str, dict[str, list]] = {}
    for group, page_urls in groups.items():
        for n, url in enumerate(page_urls):
            if url in texts:
                parts.setdefault(f"x-{group}-{n // TEXT_CHUNK_PAGES}", {})[url] = texts[url]
    return parts


@dataclass
class Files:
    """The index's files: name (under ``search/``) → content."""

    files: dict[str, str]

    def write(self, folder: Path) -> None:
        """Write every file into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in self.files.items():
            (folder / name).write_text(content, encoding="utf-8", newline="\n")


def segment_files(main: Segment, changes: Segment, analyzer: Analyzer) -> Files:
    """Head and parts of the stable segment, and the change log's own part."""
    stops = stop_keys(analyzer)
    files: dict[str, str] = {}
    text_parts = _text_parts(main)
    text_part = {url: name for name, texts in text_parts.items() for url in texts}
    pairs, pages = _pairs_and_pages(main, text_part)
    vocabulary = sorted(k for k in main.postings if k not in stops and not k[:1].isdigit())
    digit_parts: dict[str, list[str]] = {}
    stop_parts: dict[str, list[str]] = {}
    for key in sorted(main.postings):
        if key in stops:
            stop_parts.setdefault(shard_of(key), []).append(key)
        elif key[:1].isdigit():
            digit_parts.setdefault(key[0], []).append(key)
    total = len(main.docs)
    head = {
        "v": FORMAT,
        "p": pages,
        "a": pairs,
        "w": "\n".join(_with_surface(k, analyzer.surfaces.get(k)) for k in vocabulary),
        "k": main.key_docs,
        "D": total,
        "d": sorted(digit_parts),
        "s": sorted(stop_parts),
    }
    files[HEAD] = head_script(head)
    shards: dict[str, list[str]] = {}
    for key in vocabulary:
        shards.setdefault(shard_of(key), []).append(key)
    for letter, keys in shards.items():
        data = {"D": total, "n": len(keys), "f": keys[0], "i": [encode_postings(main.postings[k]) for k in keys]}
        files[f"t-{letter}.js"] = part_script(f"t-{letter}", data)
    for prefix, parts in (("d", digit_parts), ("s", stop_parts)):
        for first, keys in parts.items():
            data = {"D": total, "w": keys, "i": [encode_postings(main.postings[k]) for k in keys]}
            files[f"{prefix}-{first}.js"] = part_script(f"{prefix}-{first}", data)
    for name, texts in text_parts.items():
        files[f"{name}.js"] = part_script(name, {"x": texts})
    files[f"{CHANGES_PART}.js"] = part_script(CHANGES_PART, changes_data(changes))
    return Files(files)


def _with_surface(key: str, surface: str | None) -> str:
    if surface is None:
        return key
    return f"{key}\t{surface[len(key):]}" if surface.startswith(key) else f"{key}\t={surface}"


def changes_data(segment: Segment) -> dict:
    """The change log as one self-contained segment: pages, pairs, terms, postings and text."""
    pairs, pages = _pairs_and_pages(segment, {})
    keys = sorted(segment.postings)
    return {
        "p": pages,
        "a": pairs,
        "D": len(segment.docs),
        "w": keys,
        "i": [encode_postings(segment.postings[k]) for k in keys],
        "x": _texts(segment),
    }
