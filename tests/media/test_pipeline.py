"""The media pipeline: what comes out of an upload is freshly encoded pixels, nothing else."""
import io

import pytest
from PIL import Image

from media import images
from media.images import ImageRefused, process
from tests.photofiles import gps_of, photo, png_claiming, textured


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_gps_and_all_exif_are_removed(app):
    original = photo(gps=True)
    assert gps_of(original)  # the upload has a position
    result = process(original)
    for data in result.variants.values():
        image = _open(data)
        assert image.format == "JPEG"
        assert not image.getexif() and gps_of(data) == {}
        assert b"Exif" not in data and b"TestPhone" not in data


def test_orientation_is_applied_before_exif_goes(app):
    result = process(photo(size=(240, 120), orientation=6))  # 6: turn 90° clockwise to show
    image = _open(result.largest)
    assert image.size == (120, 240)
    top, bottom = image.getpixel((60, 20)), image.getpixel((60, 220))
    assert top[0] > 200 and top[2] < 60  # the left (red) half is now on top
    assert bottom[2] > 200 and bottom[0] < 60


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "HEIF"])
def test_png_webp_and_iphone_heic_are_accepted(app, fmt):
    result = process(photo(fmt, size=(300, 200)))
    assert _open(result.largest).format == "JPEG" and (result.width, result.height) == (300, 200)


def test_transparent_png_lands_on_white(app):
    image = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    assert _open(process(out.getvalue()).largest).getpixel((25, 25))[0] > 240


def test_sizes_for_feed_and_post_page(app):
    result = process(photo(size=(3000, 2000), color_split=False))
    assert list(result.variants) == [400, 800, 1600]
    assert (result.width, result.height) == (1600, 1067)
    assert _open(result.variants[400]).size == (400, 267)
    small = process(photo(size=(500, 300)))
    assert list(small.variants) == [400, 500]


def test_a_tall_image_is_limited_on_its_longer_side(app):
    result = process(photo(size=(400, 4000), color_split=False))
    assert (result.width, result.height) == (160, 1600)


@pytest.mark.parametrize("claim", [(8000, 6000), (30000, 30000)])
def test_decompression_bombs_are_refused_before_decoding(app, claim):
    with pytest.raises(ImageRefused, match="te veel pixels"):
        process(png_claiming(*claim))


def test_too_large_file_is_refused_unread(app):
    data = photo() + b"\0" * images.MAX_BYTES
    with pytest.raises(ImageRefused, match="te groot"):
        process(data)


@pytest.mark.parametrize("data", [
    b"", b"not an image at all", b"<html><script>alert(1)</script></html>", photo()[:200],
    photo()[:-400], b"GIF89a" + b"\0" * 100, b"%PDF-1.4\n" + b"x" * 100,
], ids=["empty", "text", "html", "header-only", "truncated", "gif", "pdf"])
def test_what_is_not_an_acceptable_image_is_refused(app, data):
    with pytest.raises(ImageRefused):
        process(data)


def test_polyglot_leaves_only_pixels(app):
    payload = b"<html><script>alert(document.cookie)</script></html>PK\x03\x04zipped"
    result = process(photo() + payload)
    for data in result.variants.values():
        assert b"<script" not in data and b"PK\x03\x04" not in data


def test_similar_pictures_have_near_perceptual_hashes(app):
    big = process(textured(1, (800, 600)))
    small = process(textured(1, (400, 300), fmt="PNG"))
    other = process(textured(2, (800, 600)))
    assert images.near(big.phash, small.phash)
    assert not images.near(big.phash, other.phash)
