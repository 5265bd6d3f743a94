"""What every printed page of Wijkpagina shares (the wijk flyer, a participation's A4, letters): the embedded
font and the text it can draw, QR codes as vector shapes, the colours and an A4 document builder.

Text goes into reportlab's Paragraph markup only escaped, and only in characters the embedded font
(Bitstream Vera, shipped with reportlab) can draw; see `printable`.
"""
import io
import re
import unicodedata
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
import segno
from flask_babel import get_locale
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.shapes import Path as ShapePath
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

BRAND, BRAND_DARK, INK, MUTED = (colors.HexColor(c) for c in ("#0b5c8c", "#084669", "#1c2430", "#566173"))
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 16 * mm
TOP_MARGIN, BOTTOM_MARGIN = 14 * mm, 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 42 * mm


# --- fonts and text -----------------------------------------------------------------------

FONT = "WijkVera"
FONT_FILES = {FONT: "Vera.ttf", f"{FONT}-Bold": "VeraBd.ttf", f"{FONT}-Italic": "VeraIt.ttf",
              f"{FONT}-BoldItalic": "VeraBI.ttf"}


@cache
def register_fonts() -> frozenset[int]:
    """Embed Bitstream Vera (Latin-1 plus ’ “ ” – … € and more); returns the code points it can draw."""
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, file in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=f"{FONT}-Bold", italic=f"{FONT}-Italic",
                                  boldItalic=f"{FONT}-BoldItalic")
    return frozenset(pdfmetrics.getFont(FONT).face.charToGlyph)


def printable(text: str) -> str:
    """`text` in characters the font has: "ĳ" becomes "ij", "ș" "s", other scripts "?"; emoji and
    other symbols the font lacks are dropped."""
    glyphs = register_fonts()
    out = []
    for char in text:
        if ord(char) in glyphs:
            out.append(char)
            continue
        category = unicodedata.category(char)
        if category.startswith("Z") or category == "Cc":
            out.append(" ")
            continue
        decomposed = [c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)]
        if decomposed and all(ord(c) in glyphs for c in decomposed):
            out.append("".join(decomposed))
        elif category[0] in "LN":
            out.append("?")
    return re.sub(r"[ \t\r\n\f\v]+", " ", "".join(out)).strip()  # (no-break spaces stay)


def markup(text: str) -> str:
    """Safe for Paragraph markup: only printable characters, and &, < and > escaped."""
    return escape(printable(text))


def qr_drawing(url: str, size: float = QR_SIZE) -> Drawing:
    """The QR code for `url` as vector shapes (sharp at any print size), with its quiet zone."""
    rows = list(segno.make(url, error="m").matrix_iter(border=4))
    module = size / len(rows)
    path = ShapePath(fillColor=colors.black, strokeColor=None, strokeWidth=0)
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            run = next((i for i in range(x, len(row)) if not row[i]), len(row)) - x
            top = size - y * module
            path.moveTo(x * module, top)
            path.lineTo((x + run) * module, top)
            path.lineTo((x + run) * module, top - module)
            path.lineTo(x * module, top - module)
            path.closePath()
            x += run
    drawing = Drawing(size, size)
    drawing.add(path)
    return drawing


def url_lines(url: str) -> list[str]:
    """The address in two lines, site and path, so a narrow column breaks it where a reader expects."""
    scheme, _sep, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return [f"{scheme}://{host}", slash + path] if path else [url]


def build_a4(story: list, *, title: str, subject: str, on_page) -> tuple[bytes, int]:
    """An A4 PDF of `story` (platypus flowables) with `on_page(canvas, doc)` drawn on every page; the bytes and
    the number of pages."""
    buffer = io.BytesIO()
    frame = Frame(MARGIN, BOTTOM_MARGIN, CONTENT_WIDTH, PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc = BaseDocTemplate(buffer, pagesize=A4, pageTemplates=[PageTemplate("page", [frame], onPage=on_page)],
                          author="Wijkpagina", title=printable(title), subject=printable(subject),
                          lang=str(get_locale()))
    doc.build(story)
    return buffer.getvalue(), doc.page
