"""Markdown to safe HTML, done once on write; every channel shows the stored HTML."""
import re

import bleach
from bleach.linkifier import Linker
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

ALLOWED_TAGS = frozenset({
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "hr",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})
LINK_REL = "nofollow noopener ugc"

# A Dutch phone number as people write it: 14 0416, 0900-8844, 0800 7000, 0416-683456, 06 12345678,
# +31 6 1234 5678 (digits with single spaces or hyphens between groups); 112 only where someone is told to
# call it ("bel 112", "bel direct 112"), not "112 bezoekers".
PHONE_PATTERN = re.compile(
    r"(?<![\w+/.,-])(?:14 ?0\d{2,3}|(?:\+31[ -]?|0)[1-9](?:[ -]?\d){7,9}|0[89]00[ -]?\d{4,7})(?![\w/.,-]?\d)"
    r"|(?i:(?<=\bbel )|(?<=\bbellen )|(?<=\bcall )|(?<=\bdirect )|(?<=\bmeteen )|(?<=\bdial ))112\b")


def tel_uri(number: str) -> str:
    """tel: URI of a number found by PHONE_PATTERN (RFC 3966: digits, a leading +)."""
    return "tel:" + re.sub(r"[^\d+]", "", number)


# Raw HTML in the source is escaped, never passed through; headings are shifted
# down so a post body never competes with the page's own h1/h2.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_cleaner = bleach.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                          protocols=ALLOWED_PROTOCOLS, strip=True)


def _set_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


_linker = Linker(callbacks=[_set_rel], skip_tags={"pre", "code"})


def _shift_headings(html: str) -> str:
    for level in (6, 5, 4, 3, 2, 1):
        target = min(level + 2, 4)
        html = html.replace(f"<h{level}>", f"<h{target}>").replace(f"</h{level}>", f"</h{target}>")
    return html


_TAG = re.compile(r"(<[^>]*>)")
_NO_LINKS_INSIDE = ("a", "code", "pre")


def link_phone_numbers(html: str) -> str:
    """Phone numbers in the text of clean HTML become tel: links (tap to call on a phone); never inside a
    link, code or pre. The HTML is the cleaner's output: tags are well formed and text is escaped, and a
    link is only ever made of the digits the pattern found."""
    out, inside, seen = [], [], ""
    for token in _TAG.split(html):
        if token.startswith("<"):
            name = re.match(r"</?([a-zA-Z0-9]+)", token)
            if name and name.group(1).lower() in _NO_LINKS_INSIDE:
                if token.startswith("</"):
                    if inside:
                        inside.pop()
                elif not token.endswith("/>"):
                    inside.append(name.group(1).lower())
            out.append(token)
            continue
        if inside or not token:
            out.append(token)
            seen = (seen + token)[-16:]
            continue
        context = seen  # the text before this node, for "bel <strong>112</strong>"
        text, pos, parts = context + token, len(context), []
        for match in PHONE_PATTERN.finditer(text, pos):
            parts.append(text[pos:match.start()])
            parts.append(f'<a href="{tel_uri(match.group())}">{match.group()}</a>')
            pos = match.end()
        parts.append(text[pos:])
        out.append("".join(parts))
        seen = (seen + token)[-16:]
    return "".join(out)


def plain_text_with_phone_links(text: str) -> str:
    """Plain text (a wijk's or an organisation's description) as HTML: escaped, phone numbers as tel: links."""
    return Markup(link_phone_numbers(str(escape(text or ""))))


def render_markdown(source: str) -> str:
    """Render Markdown and clean it with an allowlist; links get rel=nofollow noopener ugc, phone numbers
    a tel: link."""
    html = _shift_headings(_markdown.render(source or ""))
    return link_phone_numbers(_linker.linkify(_cleaner.clean(html))).strip()
