"""Decoding and re-encoding an uploaded image: the only way an upload becomes something the site serves.

Every upload is decoded with Pillow (JPEG, PNG, WebP, and iPhone HEIC/HEIF through pillow-heif), turned
upright by its EXIF orientation, converted to sRGB and encoded again as progressive JPEGs in a few widths.
Only the pixels survive: EXIF (the GPS position above all), XMP, comments, colour profiles and anything
else hidden in the file are not copied, so a polyglot (a file that is also HTML, a ZIP or a script) is
harmless. Size and pixel limits are checked before the pixels are decoded (decompression bombs).
"""
import io
import warnings
from dataclasses import dataclass, field

import imagehash
import pillow_heif
from flask_babel import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from core.errors import ValidationError

pillow_heif.register_heif_opener()

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"  # the file input's `accept`
WIDTHS = (400, 800, 1600)  # the feed, a phone's or the lightbox's screen, the post page
LARGEST = WIDTHS[-1]
QUALITY = 82
MIMETYPE = "image/jpeg"
EXTENSION = "jpg"
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# What Pillow and its plugins raise for a file that is not an image it can decode, or one that is broken.
_UNREADABLE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, TypeError, EOFError, IndexError, KeyError,
               MemoryError, RuntimeError)


class ImageRefused(ValidationError):
    """An upload that is not an image the site accepts; the message says why, for the person uploading."""


@dataclass
class Processed:
    """A decoded, cleaned image: its JPEG encodings by width, the largest's size and a perceptual hash."""
    width: int
    height: int
    variants: dict[int, bytes] = field(repr=False)
    phash: str

    @property
    def largest(self) -> bytes:
        return self.variants[max(self.variants)]


def read_upload(upload) -> bytes:
    """The bytes of an uploaded file (a werkzeug FileStorage or any file object) or of bytes given as
    they are, reading at most one byte more than MAX_BYTES."""
    if isinstance(upload, bytes | bytearray):
        return bytes(upload)
    stream = getattr(upload, "stream", upload)
    data = stream.read(MAX_BYTES + 1)
    return data if isinstance(data, bytes) else b""


def process(upload) -> Processed:
    """Decode `upload` and encode it again in the sizes the site serves; ImageRefused if it is not an
    acceptable image (not an image, broken, too large, too many pixels)."""
    return _encode(_srgb(*decode(upload, draft_to=LARGEST)))


def decode(upload, *, max_bytes: int = MAX_BYTES, formats: tuple = FORMATS,
           draft_to: int | None = None) -> tuple[Image.Image, bytes | None]:
    """The upright pixels of the image in `upload` and its colour profile, checked the one way every image
    upload is (size, pixels before decoding, decodable); ImageRefused with the reason otherwise. `draft_to`: a
    JPEG may be decoded at a half or a quarter of its size when its longer side still reaches this."""
    data = read_upload(upload)
    if not data:
        raise ImageRefused(_("The file is empty."))
    if len(data) > max_bytes:
        raise ImageRefused(too_large(max_bytes))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=formats) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise _too_many_pixels()
                if draft_to and image.format == "JPEG":
                    image.draft("RGB", fitted(image.width, image.height, draft_to))
                image.load()
                return ImageOps.exif_transpose(image), image.info.get("icc_profile")
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except _UNREADABLE as exc:
        raise ImageRefused(_("This file is not a photo we can read (JPEG, PNG, WebP or HEIC).")) from exc


def too_large(max_bytes: int) -> str:
    return _("The file is too large: at most %(mb)s MB.", mb=f"{max_bytes / (1024 * 1024):g}")


def _too_many_pixels() -> ImageRefused:
    return ImageRefused(_("The photo has too many pixels: at most %(mp)d megapixels.", mp=MAX_PIXELS // 1_000_000))


def _srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB in sRGB: a photo with another colour profile (an iPhone's Display P3) converted, transparency on
    white."""
    if image.mode in ("RGBA", "LA", "PA", "P") and (image.mode != "P" or "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode not in ("RGB", "CMYK"):
        image = image.convert("RGB")
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, profile, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: the pixels as they are
    if image.mode != "RGB":
        image = image.convert("RGB")
    image.info = {}  # nothing of the upload's metadata may reach an encoder
    return image


def fitted(width: int, height: int, longest: int) -> tuple[int, int]:
    """(width, height) scaled down so the longer side is at most `longest` (never up)."""
    scale = min(1.0, longest / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def _encode(image: Image.Image) -> Processed:
    """The JPEG of each width in WIDTHS smaller than the image (at most LARGEST on its longer side), plus
    the largest; made from the largest, which is made from the original."""
    width, height = fitted(image.width, image.height, LARGEST)
    largest = image if (width, height) == image.size else image.resize(
        (width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    variants = {width: _jpeg(largest)}
    for w in WIDTHS:
        if w < width:
            variants[w] = _jpeg(largest.resize((w, max(1, round(height * w / width))), Image.Resampling.LANCZOS))
    return Processed(width=width, height=height, variants=dict(sorted(variants.items())),
                     phash=str(imagehash.phash(largest)))


def near(phash_a: str, phash_b: str, distance: int = 10) -> bool:
    """Two perceptual hashes of (almost) the same picture: a crop, another size, other compression."""
    try:
        return bool(imagehash.hex_to_hash(phash_a) - imagehash.hex_to_hash(phash_b) <= distance)
    except (ValueError, TypeError):
        return False
