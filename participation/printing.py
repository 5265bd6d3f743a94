"""A participation's printable A4 for the notice board, the booth or the letterbox: the question, the level's
promise, until when and when you hear back, a QR code to the page, and for a poll its options with a box to
tick (a filled-in sheet is entered in the officer screen). Built with reach.printing, as the wijk flyer is."""
from flask_babel import format_date
from flask_babel import gettext as _
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from core.timeutil import to_local
from core.urls import external_url
from reach.flyer import plain_excerpt
from reach.printing import (
    BRAND,
    BRAND_DARK,
    CONTENT_WIDTH,
    FONT,
    INK,
    MARGIN,
    MUTED,
    QR_SIZE,
    build_a4,
    markup,
    printable,
    qr_drawing,
    register_fonts,
    url_lines,
)

from .levels import LEVELS

EXCERPT = 700
OPTIONS_SHOWN = 12


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=16, textColor=INK)
    bold = f"{FONT}-Bold"
    return {
        "body": base,
        "brand": ParagraphStyle("brand", parent=base, fontName=bold, fontSize=11, textColor=BRAND),
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=26, leading=31, textColor=BRAND_DARK,
                                spaceBefore=4, spaceAfter=6),
        "level": ParagraphStyle("level", parent=base, fontName=bold, fontSize=13, leading=17, spaceBefore=8),
        "fact": ParagraphStyle("fact", parent=base, fontSize=12.5, leading=17),
        "option": ParagraphStyle("option", parent=base, fontSize=14, leading=22),
        "qr": ParagraphStyle("qr", parent=base, fontName=bold, fontSize=11, leading=14, alignment=1),
        "url": ParagraphStyle("url", parent=base, fontSize=9, leading=12, alignment=1, textColor=BRAND_DARK),
        "meta": ParagraphStyle("meta", parent=base, fontSize=10, leading=13, textColor=MUTED),
    }


def _facts(participation, st) -> list:
    closes = format_date(to_local(participation.closes_at), "long")
    due = format_date(to_local(participation.feedback_due), "long")
    level = LEVELS[participation.level]
    return [Paragraph(markup(f"{level.label}. {level.promise} {participation.promise_extra}".strip()), st["level"]),
            Paragraph(markup(_("Decided by: %(owner)s.", owner=participation.decision_owner)), st["fact"]),
            Paragraph(markup(_("Open until %(date)s. You will hear from %(organisation)s by %(due)s at the latest.",
                               date=closes, organisation=participation.organisation.name, due=due)), st["fact"])]


def _ballot(participation, st) -> list:
    """A poll's options with a box each; a survey says how many questions wait online."""
    if participation.tool == "poll":
        rows = [[Paragraph("\u2610", st["option"]), Paragraph(markup(option.label), st["option"])]
                for option in participation.options[:OPTIONS_SHOWN]]
        table = Table(rows, colWidths=[10 * mm, CONTENT_WIDTH - 10 * mm])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, -1), 0)]))
        return [Spacer(1, 8), Paragraph(markup(_("Your answer")), st["level"]), table]
    if participation.tool == "survey":
        count = len(participation.questions)
        return [Spacer(1, 8), Paragraph(markup(_("%(n)d questions in %(s)d parts. Answer them online, or ask for a "
                                                 "paper form.", n=count, s=len(participation.sections))), st["fact"])]
    return []


def participation_a4(participation) -> bytes:
    st = _styles()
    url = external_url("participation.page", participation_id=participation.id)
    wijken = ", ".join(w.name for w in participation.wijken)
    left = [Paragraph(markup(_("Wijkpagina · take part · %(wijken)s", wijken=wijken)), st["brand"]),
            Paragraph(markup(participation.title), st["title"]),
            Paragraph(markup(plain_excerpt(participation.body_html, EXCERPT)), st["body"])]
    right = [qr_drawing(url), Paragraph(markup(_("Scan to take part")), st["qr"]),
             Paragraph("<br/>".join(markup(part) for part in url_lines(url)), st["url"])]
    header = Table([[left, right]], colWidths=[CONTENT_WIDTH - QR_SIZE - 16 * mm, QR_SIZE + 16 * mm])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0),
                                ("RIGHTPADDING", (-1, 0), (-1, 0), 0), ("LINEBELOW", (0, 0), (-1, 0), 2, BRAND),
                                ("BOTTOMPADDING", (0, 0), (-1, 0), 10)]))
    story = [header, *_facts(participation, st), *_ballot(participation, st), Spacer(1, 10),
             Paragraph(markup(_("Asked by %(organisation)s. Go to %(url)s or scan the QR code.",
                                organisation=participation.organisation.name, url=url)), st["meta"])]

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFillColor(BRAND)
        canvas.rect(0, doc.pagesize[1] - 6 * mm, doc.pagesize[0], 6 * mm, stroke=0, fill=1)
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 10 * mm, printable(url))
        canvas.restoreState()

    pdf, _pages = build_a4(story, title=participation.title, subject=url, on_page=on_page)
    return pdf
