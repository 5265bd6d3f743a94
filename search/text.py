"""Dutch text for the index: words, stems, the terms of a query, and highlighted snippets.

The stemmer is Snowball's original Dutch algorithm (`dutch_porter`), the one PostgreSQL's `dutch` text search
configuration uses, with the same stop words; so a query finds the same documents on SQLite (stems stored in
FTS5) as on PostgreSQL (`to_tsvector('dutch', ...)`), and snippets mark what either database matched.
"""
import html
import re
from functools import lru_cache

import bleach
import snowballstemmer
from markupsafe import Markup

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8  # a query of more words is cut: each one is an AND
TERM_MAX = 40
SNIPPET_WORDS = 30

# PostgreSQL's tsearch_data/dutch.stop (Snowball's list).
STOP_WORDS = frozenset("""de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem
dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb hoe heeft hebben deze u
want nog zal me zij nu ge geen omdat iets worden toch al waren veel meer doen toen moet ben zonder kan hun dus alles
onder ja eens hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest
andere""".split())

_stemmer = snowballstemmer.stemmer("dutch_porter")


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word.lower())


def stems(text: str) -> list[str]:
    """The stems of the words of `text` that are not stop words, in order."""
    return [stem(w) for w in WORD.findall(text.lower()) if w not in STOP_WORDS]


def query_words(query: str) -> list[str]:
    """The words of what someone typed (operators, quotes and other signs are not syntax: they are dropped),
    without stop words, at most MAX_TERMS, each at most TERM_MAX characters."""
    words = [w[:TERM_MAX] for w in WORD.findall((query or "").lower()) if w not in STOP_WORDS]
    return list(dict.fromkeys(words))[:MAX_TERMS]


def plain(html_text: str) -> str:
    """Stored, sanitised HTML as the text a reader sees."""
    return " ".join(html.unescape(bleach.clean(html_text or "", tags=[], strip=True)).split())


def highlight(text: str, terms: set[str], *, words: int | None = SNIPPET_WORDS) -> Markup:
    """`text` escaped, the words whose stem is one of `terms` in <mark>; with `words`, only a window of that many
    words around the first match (with … where it was cut)."""
    parts = re.split(r"(\w+)", text)  # odd indexes are words
    hits = [i for i in range(1, len(parts), 2) if stem(parts[i]) in terms]
    start, end = 0, len(parts)
    if words is not None:
        word_indexes = list(range(1, len(parts), 2))
        first = word_indexes.index(hits[0]) if hits else 0
        begin = max(0, first - words // 3)
        chosen = word_indexes[begin:begin + words]
        if chosen:
            start, end = (chosen[0] if begin else 0), chosen[-1] + 1
    marked = set(hits)
    out = [html.escape(p) if i not in marked else f"<mark>{html.escape(p)}</mark>"
           for i, p in enumerate(parts[start:end], start=start)]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(parts) - 1 else ""
    return Markup(prefix + "".join(out).strip() + suffix)
