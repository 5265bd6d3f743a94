"""How long the media pipeline takes for a phone photo (issue 17: a 5 MB JPEG in under 1.5 s).

    .venv/bin/python bench/photos.py [--runs 5]

Makes a 12-megapixel photo with camera-like noise (so it compresses to about 5 MB, as a phone's does), with
EXIF orientation and a GPS position, and times `media.images.process` on it: decoding, turning, converting
and encoding the three widths. Also an iPhone-like HEIC of the same size. Prints the median and the worst.
"""
import argparse
import io
import statistics
import time

from PIL import ExifTags, Image

from app import create_app
from media.images import process

BUDGET = 1.5


def phone_photo(fmt: str = "JPEG") -> bytes:
    noise = Image.effect_noise((4032, 3024), 24).convert("RGB")
    gradient = Image.linear_gradient("L").resize((4032, 3024)).convert("RGB")
    image = Image.blend(noise, gradient, 0.5)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (51.0, 41.0, 3.5)
    out = io.BytesIO()
    image.save(out, format=fmt, quality=90, exif=exif.tobytes())
    return out.getvalue()


def timed(data: bytes, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        process(data)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    app = create_app({"TESTING": True})
    with app.test_request_context():
        for fmt in ("JPEG", "HEIF"):
            data = phone_photo(fmt)
            times = timed(data, runs)
            verdict = "ok" if statistics.median(times) < BUDGET else "OVER BUDGET"
            print(f"{fmt:5} {len(data) / 1e6:4.1f} MB 4032x3024: median {statistics.median(times):.2f} s, "
                  f"worst {max(times):.2f} s (budget {BUDGET} s: {verdict})")


if __name__ == "__main__":
    main()
