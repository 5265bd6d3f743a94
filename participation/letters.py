"""The letters of a participation answered with letter codes: one A4 page per code, for one household each,
with the question, the code, and a QR code that opens the page with the code filled in.

Built with the flyer's fonts, styles and QR drawing (reach.flyer) in the current locale (the view makes it Dutch).
"""
import io

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from core.timeutil import to_local
from core.urls import external_url
from reach.flyer import pdf_styles, plain_excerpt
from reach.printing import MARGIN, QR_SIZE, markup, qr_drawing

from .levels import LEVELS

INTRO_MAX = 600


def code_url(participation, code: str) -> str:
    return external_url("participation.page", participation_id=participation.id, code=code)


def _letter(participation, wijk, code: str, intro: str, st) -> list:
    url = external_url("participation.page", participation_id=participation.id)
    due = format_date(to_local(participation.feedback_due), "d MMMM y")
    closes = format_date(to_local(participation.closes_at), "d MMMM y")
    return [
        Paragraph(markup(_("To the residents of this address · %(wijk)s", wijk=wijk.name)), st["brand"]),
        Paragraph(markup(participation.title), st["section"]),
        Paragraph(markup(intro), st["body"]),
        Spacer(1, 6),
        Paragraph(markup(f"{LEVELS[participation.level].label}. {LEVELS[participation.level].promise}"),
                  st["body"]),
        Paragraph(markup(_("Asked by %(organisation)s. Open until %(date)s. You will hear back by %(due)s.",
                               organisation=participation.organisation.name, date=closes, due=due)), st["meta"]),
        Spacer(1, 14),
        Paragraph(markup(_("Your code")), st["title"]),
        Paragraph(markup(code), st["wijk"]),
        Spacer(1, 6),
        qr_drawing(code_url(participation, code), QR_SIZE),
        Paragraph(markup(_("Scan the QR code, or go to %(url)s and enter the code.", url=url)), st["cta"]),
        Spacer(1, 8),
        Paragraph(markup(_("The code can be used once, by one person of this household. It does not say who "
                               "you are.")), st["meta"]),
        PageBreak(),
    ]


def letters_pdf(participation, wijk, codes: list[str]) -> bytes:
    """One page per code."""
    st = pdf_styles()
    intro = plain_excerpt(participation.body_html, INTRO_MAX)
    story = [part for code in codes for part in _letter(participation, wijk, code, intro, st)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=20 * mm,
                            bottomMargin=18 * mm, author="Wijkpagina", lang=str(get_locale()),
                            title=_("Letters: %(title)s", title=participation.title))
    doc.build(story[:-1])
    return buffer.getvalue()
