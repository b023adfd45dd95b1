"""One file of tokenizer test vectors, run against the build (Python) and the browser (search-analysis.js)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import snowballstemmer

from handbook.site.search.analysis import STOPWORDS, Analyzer

VECTORS = json.loads((Path(__file__).resolve().parent / "vectors.json").read_text(encoding="utf-8"))["vectors"]
# Danish word forms for the stemmer check: the seed's and the fixtures' words, and forms readers type.
WORDS_FROM = [Path(__file__).resolve().parents[1] / "fixtures" / "seed" / "it-nedbrud-holbaek-aubo.txt",
              Path(__file__).resolve().parent / "fixtures" / "kommune" / "data"]


def _words() -> list[str]:
    import re

    text = ""
    for source in WORDS_FROM:
        files = [source] if source.is_file() else sorted(source.rglob("*.yaml"))
        text += "\n".join(f.read_text(encoding="utf-8") for f in files)
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    words |= set("politiet superbrugerne medarbejderen nedbruddet kriselederen mødestedet løst hedebølgen".split())
    return sorted(words)


def terms(tokens) -> list[list[str]]:
    return [[t.key, t.flag] for t in tokens]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["text"][:30] for v in VECTORS])
def test_python_gives_the_vectors(vector):
    assert terms(Analyzer().tokens(vector["text"])) == vector["terms"]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["text"][:30] for v in VECTORS])
def test_keys_is_tokens_made_fast(vector):
    analyzer = Analyzer()
    assert analyzer.keys(vector["text"]) == {t.key for t in analyzer.tokens(vector["text"])}


@pytest.mark.browser
def test_javascript_gives_the_vectors(engine):
    got = engine.evaluate(
        "vs => vs.map(v => window.HandbookSearch.analyze(v.text).map(t => [t.key, t.flag]))", VECTORS)
    assert {v["text"]: g for v, g in zip(VECTORS, got, strict=True)} == {v["text"]: v["terms"] for v in VECTORS}


@pytest.mark.browser
def test_javascript_stems_like_python(engine):
    words = _words()
    assert len(words) > 300
    python = snowballstemmer.stemmer("danish").stemWords(words)
    browser = engine.evaluate("ws => ws.map(w => window.HandbookStemmer(w))", words)
    assert dict(zip(words, browser, strict=True)) == dict(zip(words, python, strict=True))


@pytest.mark.browser
def test_javascript_has_the_same_stopwords(engine):
    assert engine.evaluate("window.HandbookSearch.stopwords()") == sorted(STOPWORDS)
