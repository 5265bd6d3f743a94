"""What a board gives to the world outside the site: the share image (1200×630, the six pins with the most
dots under the board's title) used as its Open Graph image, and a printable A3 PDF for the buurthuis wall."""
import io
from pathlib import Path

import reportlab
from flask_babel import gettext as _
from flask_babel import ngettext
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A3, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from core.urls import external_url
from media.storage import storage

from .services import drawing_pins, top_pins

SHARE_SIZE = (1200, 630)
FONTS = Path(reportlab.__path__[0]) / "fonts"  # Bitstream Vera, shipped with reportlab: the same everywhere
BRAND, INK, PAPER = (11, 92, 140), (28, 36, 48), (245, 246, 248)


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("VeraBd.ttf" if bold else "Vera.ttf")), size)


def _picture(image, width: int) -> Image.Image | None:
    """A stored image's variant closest to `width`, decoded (our own JPEG), or None when its file is gone."""
    size = min((w for w in image.widths if w >= width), default=image.width)
    try:
        return Image.open(io.BytesIO(storage().read(image.file_name(size)))).convert("RGB")
    except (FileNotFoundError, OSError):
        return None


def _jpeg_reader(picture: Image.Image) -> ImageReader:
    """The picture as JPEG for the PDF (embedded as it is: a print of 18 images stays a few MB, not tens)."""
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=80)
    out.seek(0)
    return ImageReader(out)


def _wrap(draw, text: str, font, width: int, lines: int) -> list[str]:
    words, out, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            out.append(line)
            line = word
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1].rstrip(".,;: ") + "…"
    return out


def _cover(picture: Image.Image, size: tuple[int, int]) -> Image.Image:
    """`picture` scaled and cropped to fill `size` (centred)."""
    scale = max(size[0] / picture.width, size[1] / picture.height)
    resized = picture.resize((max(1, round(picture.width * scale)), max(1, round(picture.height * scale))))
    left, top = (resized.width - size[0]) // 2, (resized.height - size[1]) // 2
    return resized.crop((left, top, left + size[0], top + size[1]))


def share_image(participation) -> bytes:
    """The 1200×630 JPEG: the title, then the six pins with the most dots in a 3×2 grid, each with its dots."""
    image = Image.new("RGB", SHARE_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, SHARE_SIZE[0], 12), fill=BRAND)
    title_font = _font(40, bold=True)
    y = 34
    for line in _wrap(draw, participation.title, title_font, 1120, 2):
        draw.text((40, y), line, font=title_font, fill=INK)
        y += 50
    cell_w, cell_h, gap, top = 366, (SHARE_SIZE[1] - y - 70) // 2, 14, y + 10
    badge_font = _font(22, bold=True)
    for index, pin in enumerate(top_pins(participation)):
        picture = _picture(pin.image, cell_w)
        x0, y0 = 40 + (index % 3) * (cell_w + gap), top + (index // 3) * (cell_h + gap)
        if picture is not None:
            image.paste(_cover(picture, (cell_w, cell_h)), (x0, y0))
        if pin.dot_count:  # a badge: a white dot and the number (the font has no "●")
            label = str(pin.dot_count)
            w = draw.textlength(label, font=badge_font) + 48
            draw.rounded_rectangle((x0 + 8, y0 + 8, x0 + 8 + w, y0 + 44), 10, fill=BRAND)
            draw.ellipse((x0 + 18, y0 + 18, x0 + 34, y0 + 34), fill="white")
            draw.text((x0 + 42, y0 + 13), label, font=badge_font, fill="white")
    footer = f"Wijkpagina · {', '.join(w.name for w in participation.wijken)} · {participation.organisation.name}"
    draw.text((40, SHARE_SIZE[1] - 46), footer, font=_font(22), fill=(86, 97, 115))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


# --- the A3 print -------------------------------------------------------------------------------------------

def _register_fonts() -> None:
    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", str(FONTS / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("VeraBd", str(FONTS / "VeraBd.ttf")))


def _lines(pdf, text: str, font: str, size: int, width: float) -> list[str]:
    words, out, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if pdf.stringWidth(candidate, font, size) <= width or not line:
            line = candidate
        else:
            out.append(line)
            line = word
    return [*out, line]


def board_pdf(participation, results: dict | None) -> bytes:
    """A3 landscape: the title and question, the pins with the most dots (per category when the board has
    categories), each with its caption and dots; a second page with the drawing and its numbered comments."""
    _register_fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=landscape(A3))
    pdf.setTitle(participation.title)
    width, height = landscape(A3)
    pdf.setFont("VeraBd", 28)
    pdf.drawString(40, height - 60, participation.title[:90])
    pdf.setFont("Vera", 12)
    pdf.drawString(40, height - 82, _("Moodboard of %(organisation)s · take part at %(url)s",
                                      organisation=participation.organisation.name,
                                      url=external_url("participation.page", participation_id=participation.id)))
    pins = top_pins(participation, limit=18)
    cols, cell_w, cell_h = 6, (width - 80 - 5 * 16) / 6, 230
    for index, pin in enumerate(pins):
        x = 40 + (index % cols) * (cell_w + 16)
        y = height - 120 - (index // cols + 1) * (cell_h + 20)
        picture = _picture(pin.image, 800)
        if picture is not None:
            pdf.drawImage(_jpeg_reader(_cover(picture, (600, 450))), x, y + 60, cell_w, cell_w * 0.75)
        pdf.setFont("VeraBd", 11)
        dots = ngettext("%(num)d dot", "%(num)d dots", pin.dot_count)
        category = f" · {pin.category.label}" if pin.category else ""
        pdf.drawString(x, y + 44, f"{dots}{category}")
        pdf.setFont("Vera", 10)
        for n, line in enumerate(_lines(pdf, pin.caption, "Vera", 10, cell_w)[:3]):
            pdf.drawString(x, y + 30 - n * 12, line)
    if not pins:
        pdf.drawString(40, height - 140, _("No images pinned yet."))
    pdf.setFont("Vera", 9)
    if results:
        pdf.drawString(40, 24, _("Dots: %(dots)d · people who gave them: %(voters)d · pins: %(pins)d.",
                                 dots=results["dots"], voters=results["voters"], pins=results["pin_count"]))
    _drawing_page(pdf, participation, width, height)
    pdf.save()
    return out.getvalue()


def _drawing_page(pdf, participation, width: float, height: float) -> None:
    board = participation.board
    if board.drawing is None:
        return
    picture = _picture(board.drawing, 1600)
    if picture is None:
        return
    pdf.showPage()
    pdf.setFont("VeraBd", 22)
    pdf.drawString(40, height - 50, _("The design drawing, with your comments"))
    box_w = width * 0.62
    box_h = box_w * picture.height / picture.width
    left, bottom = 40, height - 80 - box_h
    pdf.drawImage(_jpeg_reader(picture), left, bottom, box_w, box_h)
    notes = drawing_pins(participation)
    for number, pin in enumerate(notes, start=1):
        cx, cy = left + pin.x * box_w, bottom + (1 - pin.y) * box_h
        pdf.setFillColorRGB(0.04, 0.36, 0.55)
        pdf.circle(cx, cy, 11, fill=1, stroke=0)
        pdf.setFillColorRGB(1, 1, 1)
        pdf.setFont("VeraBd", 10)
        pdf.drawCentredString(cx, cy - 3.5, str(number))
    pdf.setFillColorRGB(0, 0, 0)
    y = height - 90
    for number, pin in enumerate(notes, start=1):
        for line in _lines(pdf, f"{number}. {pin.caption}", "Vera", 11, width - box_w - 100)[:4]:
            pdf.setFont("Vera", 11)
            pdf.drawString(box_w + 70, y, line)
            y -= 14
        y -= 6
        if y < 40:
            break
