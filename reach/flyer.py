"""The printable wijk flyer: one or two A4 pages for the buurthuis notice board or the letterbox.

Built with reportlab's platypus in the current locale (the view makes that Dutch unless asked for
English). It shows only what anyone may see on the wijk page: active burglary warnings, events and
wijkschouwen of the coming seven days, and the wijk's top posts of the last fourteen days, with a QR
code to the wijk page and that address printed under it. Each list is capped, and should the result
still not fit on two pages it is built again with fewer items, so it never runs longer.

The font, the text it can draw, the QR code and the A4 builder are shared with the other printed pages
(reach.printing).
"""
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from xml.sax.saxutils import escape

from flask_babel import format_date, format_datetime, ngettext
from flask_babel import gettext as _
from markupsafe import Markup
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle
from sqlalchemy import func, or_, select
from sqlalchemy.orm import lazyload

from core.extensions import db
from core.markup import PHONE_PATTERN
from core.timeutil import LOCAL_TZ, to_local, to_utc
from core.urls import external_url
from wijken.feeds import active_warnings
from wijken.kinds import KINDS
from wijken.models import Post, Reaction, Wijk

from .printing import (
    BRAND,
    BRAND_DARK,
    CONTENT_WIDTH,
    FONT,
    INK,
    MARGIN,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    QR_SIZE,
    build_a4,
    markup,
    printable,
    qr_drawing,
    register_fonts,
    url_lines,
)

EVENT_KINDS = tuple(k.name for k in KINDS.values() if k.is_event)
WARNING_KINDS = tuple(k.name for k in KINDS.values() if k.expires)
EVENT_DAYS = 7
TOP_POST_DAYS = 14
MAX_PAGES = 2
COMPACT_EXCERPT = 140
# A warning's lines with a phone number (who to call, with and without urgency) are printed whole, whatever
# else gives way; at most this many, of at most this many characters each.
CONTACT_LINES, CONTACT_LINE_CHARS = 3, 200


@dataclass(frozen=True)
class Caps:
    """How much goes on the flyer: items per list, characters per excerpt and per warning text (the
    warning's contact lines come on top, never cut)."""
    warnings: int
    events: int
    posts: int
    excerpt: int
    warning_text: int = 700


# Tried in order until the flyer fits on MAX_PAGES pages (the last always does, see the tests): excerpts
# and posts give way first, then the week's events, the warnings last.
CAPS = (Caps(3, 8, 5, 260), Caps(3, 8, 4, 140), Caps(3, 8, 3, 0), Caps(3, 6, 2, 0), Caps(3, 4, 2, 0, 400),
        Caps(2, 3, 1, 0, 300), Caps(1, 3, 1, 0, 200))

WARN, WARN_BG, LINE, PARTNER = (colors.HexColor(c) for c in ("#8a1c12", "#fdecea", "#c9d1dc", "#1f6f43"))


def plain_excerpt(body_html: str, length: int) -> str:
    """The start of a post's (sanitised) HTML as plain text, cut at a word, at most `length` characters."""
    text = Markup(body_html or "").striptags()
    if len(text) <= length:
        return text
    cut = text[:length - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,.;:") + "…"


_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|li|h\d|blockquote|pre)>")


def _blocks(body_html: str) -> list[str]:
    """The paragraphs, list items and lines of a post's (sanitised) HTML as plain text."""
    blocks = (Markup(part).striptags() for part in _BLOCK_END.split(body_html or ""))
    return [b for b in blocks if b]


def warning_text(body_html: str, length: int) -> str:
    """A warning's text for the flyer: whole when it fits in `length` characters. Otherwise its start, cut
    to fit, followed by its lines that give a phone number, whole: what to do and whom to call stay."""
    blocks = _blocks(body_html)
    text = " ".join(blocks)
    if len(text) <= length:
        return text
    contacts = [b if len(b) <= CONTACT_LINE_CHARS else _around_phone(b) for b in blocks
                if PHONE_PATTERN.search(b)][:CONTACT_LINES]
    rest = " ".join(b for b in blocks if not PHONE_PATTERN.search(b))
    room = length - sum(len(c) + 1 for c in contacts)
    start = plain_excerpt(escape(rest), room) if room >= 40 and rest else ""
    return " ".join([start, *contacts]).strip()


def _around_phone(block: str) -> str:
    """A long line cut down to CONTACT_LINE_CHARS around its first phone number."""
    match = PHONE_PATTERN.search(block)
    begin = max(0, min(match.start() - CONTACT_LINE_CHARS // 2, len(block) - CONTACT_LINE_CHARS + 2))
    cut = block[begin:begin + CONTACT_LINE_CHARS - 2]
    return ("…" if begin else "") + cut + ("…" if begin + len(cut) < len(block) else "")


# --- what goes on it -------------------------------------------------------------------------

def week_window(now: datetime) -> tuple[datetime, datetime]:
    """From `now` to the end of the sixth day after today (local time), as naive UTC."""
    today = to_local(now).date()
    end = datetime.combine(today + timedelta(days=EVENT_DAYS), datetime.min.time(), tzinfo=LOCAL_TZ)
    return now, to_utc(end)


def coming_events(wijk, start: datetime, end: datetime, limit: int) -> list[Post]:
    """Published events and wijkschouwen that start before `end` and have not ended at `start`, soonest first
    (without their photos: the flyer prints text and a QR code).

    (wijken.feeds.upcoming_events lists the whole agenda, latest first: not this week's.)
    """
    return list(db.session.scalars(
        select(Post).where(Post.wijk_id == wijk.id, Post.kind.in_(EVENT_KINDS), Post.status == "published",
                           Post.starts_at < end, func.coalesce(Post.ends_at, Post.starts_at) >= start)
        .order_by(Post.starts_at, Post.id).limit(limit).options(lazyload(Post.photos))).unique())


def top_posts(wijk, now: datetime, limit: int) -> list[Post]:
    """Published posts of the last fourteen days other than events and warnings (listed on their own):
    pinned first, then by reactions plus comments, then newest (wijken.feeds.wijk_feed orders by time only)."""
    since = now - timedelta(days=TOP_POST_DAYS)
    reactions = (select(Reaction.post_id, func.count().label("n")).join(Post, Post.id == Reaction.post_id)
                 .where(Post.wijk_id == wijk.id, Post.created_at >= since).group_by(Reaction.post_id).subquery())
    score = func.coalesce(reactions.c.n, 0) + Post.comment_count
    return list(db.session.scalars(
        select(Post).outerjoin(reactions, reactions.c.post_id == Post.id)
        .where(Post.wijk_id == wijk.id, Post.status == "published", Post.created_at >= since,
               Post.kind.not_in(EVENT_KINDS + WARNING_KINDS),
               or_(Post.expires_at.is_(None), Post.expires_at > now))
        .order_by(Post.pinned.desc(), score.desc(), Post.created_at.desc(), Post.id.desc())
        .limit(limit).options(lazyload(Post.photos))).unique())


def wijk_url(wijk) -> str:
    return external_url("wijken.wijk", slug=wijk.slug)


# --- layout ----------------------------------------------------------------------------------

def pdf_styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=11.5, leading=15.5, textColor=INK)
    bold = f"{FONT}-Bold"

    def style(name, **kw):
        return ParagraphStyle(name, parent=base, **kw)
    return {
        "body": base,
        "brand": style("brand", fontName=bold, fontSize=11, leading=14, textColor=BRAND),
        "wijk": style("wijk", fontName=bold, fontSize=38, leading=42, textColor=BRAND_DARK, spaceBefore=2),
        "place": style("place", fontSize=15, leading=20, textColor=MUTED),
        "week": style("week", fontName=bold, fontSize=14, leading=18, spaceBefore=8),
        "section": style("section", fontName=bold, fontSize=19, leading=23, textColor=BRAND_DARK, spaceBefore=14,
                         spaceAfter=4),
        "title": style("title", fontName=bold, fontSize=14, leading=18),
        "meta": style("meta", fontSize=10, leading=13, textColor=MUTED),
        "kind": style("kind", fontName=bold, fontSize=9.5, leading=12, textColor=PARTNER),
        "day": style("day", fontName=bold, fontSize=14, leading=17, textColor=BRAND_DARK),
        "date": style("date", fontSize=12, leading=15),
        "warn_label": style("warn_label", fontName=bold, fontSize=11, leading=14, textColor=WARN),
        "warn_title": style("warn_title", fontName=bold, fontSize=16, leading=20, textColor=WARN),
        "empty": style("empty", fontName=f"{FONT}-Italic", textColor=MUTED),
        "qr_caption": style("qr_caption", fontName=bold, fontSize=10, leading=13, alignment=1),
        "qr_url": style("qr_url", fontSize=8.5, leading=11, alignment=1, textColor=BRAND_DARK),
        "cta": style("cta", fontSize=12, leading=16),
    }


def _when(post: Post) -> tuple[str, str, str]:
    """Weekday, date and time span of an event, in local time."""
    day = format_datetime(post.starts_at, "EEEE")
    date = format_datetime(post.starts_at, "d MMMM")
    time = format_datetime(post.starts_at, "HH:mm")
    if post.ends_at:
        same_day = to_local(post.ends_at).date() == to_local(post.starts_at).date()
        time += "–" + format_datetime(post.ends_at, "HH:mm" if same_day else "d MMM HH:mm")
    return day, date, time


def _by(post: Post) -> str:
    return post.organisation.name if post.organisation else _("a resident")


def _unbroken(text: str) -> str:
    """Keep a date on one line."""
    return text.replace(" ", "\N{NO-BREAK SPACE}")


def _header(wijk, url: str, window, st) -> Table:
    start, end = window
    last_day = to_local(end).date() - timedelta(days=1)
    week = [_("Week of %(start)s", start=_unbroken(format_datetime(start, "EEEE d MMMM"))),
            _("to %(end)s", end=_unbroken(format_date(last_day, "EEEE d MMMM y")))]
    left = [Paragraph(markup(_("Wijkpagina · news from your neighbourhood")), st["brand"]),
            Paragraph(markup(wijk.name), st["wijk"])]
    if wijk.municipality:
        left.append(Paragraph(markup(_("in %(municipality)s", municipality=wijk.municipality_name)), st["place"]))
    left.append(Paragraph("<br/>".join(markup(line) for line in week), st["week"]))
    # The QR code's ?src= tells the insights where a new follower came from (insights.sources).
    right = [qr_drawing(url + "?src=flyer"), Paragraph(markup(_("Scan for the latest news")), st["qr_caption"]),
             Paragraph("<br/>".join(markup(part) for part in url_lines(url)), st["qr_url"])]
    table = Table([[left, right]], colWidths=[CONTENT_WIDTH - QR_SIZE - 20 * mm, QR_SIZE + 20 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0),
        ("RIGHTPADDING", (-1, 0), (-1, 0), 0), ("ALIGN", (-1, 0), (-1, 0), "CENTER"),
        ("LINEBELOW", (0, 0), (-1, 0), 2.5, BRAND),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 10)]))
    return table


def _warning_box(post: Post, caps: Caps, st) -> Table:
    cell = [Paragraph(markup(_("Burglary warning").upper()), st["warn_label"]),
            Paragraph(markup(post.title), st["warn_title"])]
    text = warning_text(post.body_html, caps.warning_text)
    if text:
        cell.append(Paragraph(markup(text), st["body"]))
    cell.append(Paragraph(markup(_("%(organisation)s · until %(date)s", organisation=_by(post),
                                    date=format_datetime(post.expires_at, "d MMMM, HH:mm"))), st["meta"]))
    box = Table([[cell]], colWidths=[CONTENT_WIDTH])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 2.5, WARN), ("BACKGROUND", (0, 0), (-1, -1), WARN_BG),
        ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 9)]))
    return box


def _events(posts: list[Post], caps: Caps, st) -> list:
    if not posts:
        return [Paragraph(markup(_("No activities on the agenda this week.")), st["empty"])]
    rows = []
    for post in posts:
        day, date, time = _when(post)
        what = [Paragraph(markup(str(post.kind_info.label).upper()), st["kind"]),
                Paragraph(markup(post.title), st["title"]),
                Paragraph(markup(_("Where: %(location)s", location=post.location or "")), st["body"])]
        if caps.excerpt:
            what.append(Paragraph(markup(plain_excerpt(post.body_html, caps.excerpt // 2)), st["meta"]))
        rows.append([[Paragraph(markup(day), st["day"]), Paragraph(markup(date), st["date"]),
                      Paragraph(markup(time), st["date"])], what])
    table = Table(rows, colWidths=[44 * mm, CONTENT_WIDTH - 44 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("LINEBELOW", (0, 0), (-1, -2), 0.75, LINE), ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    return [table]


def _posts(posts: list[Post], caps: Caps, st) -> list:
    if not posts:
        return [Paragraph(markup(_("No new posts in the last two weeks.")), st["empty"])]
    items = []
    for post in posts:
        comments = ngettext("%(num)d comment", "%(num)d comments", post.comment_count)
        meta = " · ".join([_by(post), format_datetime(post.created_at, "d MMMM"), comments])
        block = [Paragraph(markup(post.title), st["title"]), Paragraph(markup(meta), st["meta"])]
        if caps.excerpt:
            block.append(Paragraph(markup(plain_excerpt(post.body_html, caps.excerpt)), st["body"]))
        items.append(KeepTogether([*block, Spacer(1, 9)]))
    return items


# Lists of the areas above this one, printed after the week's events (e.g. the open agendapunten of the
# wijkagenda): `fn(wijk) -> (heading, [line, ...])`, or None to print nothing. Registered with `flyer_section`.
_SECTIONS: list = []
SECTION_LINES = 6


def flyer_section(fn):
    _SECTIONS.append(fn)
    return fn


@dataclass(frozen=True)
class Content:
    """What the flyer can show, fetched once, at the largest caps: each build takes a slice."""
    wijk: Wijk
    now: datetime
    url: str
    window: tuple[datetime, datetime]
    warnings: list[Post]
    events: list[Post]
    posts: list[Post]
    sections: list[tuple[str, list[str]]]


def flyer_content(wijk: Wijk, now: datetime) -> Content:
    """Three queries (the warnings, the week's events and the top posts), and the registered sections'."""
    window = week_window(now)
    most = CAPS[0]
    sections = [section for section in (fn(wijk) for fn in _SECTIONS) if section and section[1]]
    return Content(wijk=wijk, now=now, url=wijk_url(wijk), window=window,
                   warnings=active_warnings(wijk)[:most.warnings],
                   events=coming_events(wijk, *window, most.events), posts=top_posts(wijk, now, most.posts),
                   sections=sections)


def _story(content: Content, caps: Caps, st) -> list:
    wijk = content.wijk
    story = [_header(wijk, content.url, content.window, st), Spacer(1, 8)]
    for warning in content.warnings[:caps.warnings]:
        story += [_warning_box(warning, caps, st), Spacer(1, 6)]
    story.append(Paragraph(markup(_("This week in %(wijk)s", wijk=wijk.name)), st["section"]))
    story += _events(content.events[:caps.events], caps, st)
    for heading, lines in content.sections:
        story.append(Paragraph(markup(heading), st["section"]))
        story += [Paragraph(markup(f"• {line}"), st["body"]) for line in lines[:SECTION_LINES]]
    story.append(Paragraph(markup(_("From the wijk")), st["section"]))
    story += _posts(content.posts[:caps.posts], caps, st)
    story.append(Spacer(1, 6))
    story.append(Paragraph(markup(_("Read everything, reply or sign up? Go to %(url)s or scan the QR code.",
                                     url=content.url)), st["cta"]))
    return story


def _footer(content: Content):
    text = printable(_("Wijkpagina %(wijk)s · %(url)s · made on %(date)s", wijk=content.wijk.name,
                        url=content.url, date=format_datetime(content.now, "d MMMM y")))

    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 10 * mm, text)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, 10 * mm, printable(_("page %(n)d", n=doc.page)))
        canvas.setFillColor(BRAND)
        canvas.rect(0, PAGE_HEIGHT - 6 * mm, PAGE_WIDTH, 6 * mm, stroke=0, fill=1)
        canvas.restoreState()
    return draw


def _build(content: Content, caps: Caps) -> tuple[bytes, int]:
    """The PDF at these caps, and its number of pages."""
    return build_a4(_story(content, caps, pdf_styles()), title=_("Wijk flyer %(wijk)s", wijk=content.wijk.name),
                    subject=content.url, on_page=_footer(content))


def wijk_flyer(wijk, now: datetime) -> bytes:
    """The flyer of `wijk` as of `now` (naive UTC) as PDF bytes: at most two A4 pages.

    Content that runs just over one page is first tried with shorter excerpts, so a printer does not
    spend a second sheet on a line or two.
    """
    content = flyer_content(wijk, now)
    pdf, pages = _build(content, CAPS[0])
    if pages == 2:
        compact, compact_pages = _build(content, replace(CAPS[0], excerpt=COMPACT_EXCERPT))
        if compact_pages == 1:
            return compact
    for caps in CAPS[1:]:
        if pages <= MAX_PAGES:
            break
        pdf, pages = _build(content, caps)
    return pdf  # the last caps always fit: tested with the longest titles, texts and places there can be
