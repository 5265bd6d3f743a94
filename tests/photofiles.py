"""Test images made with Pillow: phone photos with EXIF (GPS position, orientation), HEIC, bombs, polyglots."""
import io
import random
import struct
import zlib

from PIL import ExifTags, Image

GPS_LATITUDE = (51.0, 41.0, 3.5)


def photo(fmt: str = "JPEG", size=(240, 120), *, orientation: int | None = None, gps: bool = False,
          color_split: bool = True) -> bytes:
    """An image whose left half is red and right half blue (so turning it can be checked), with EXIF."""
    image = Image.new("RGB", size, (0, 0, 255))
    if color_split:
        image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestPhone"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps_ifd[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps_ifd[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
        gps_ifd[ExifTags.GPS.GPSLongitudeRef] = "E"
        gps_ifd[ExifTags.GPS.GPSLongitude] = (5.0, 4.0, 1.0)
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif.tobytes() if fmt != "PNG" or orientation or gps else None)
    return out.getvalue()


def textured(seed: int, size=(400, 300), fmt: str = "JPEG") -> bytes:
    """A picture with structure (random blocks, the same for the same seed): what perceptual hashes are for."""
    rng = random.Random(seed)
    image = Image.new("RGB", (16, 12))
    image.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(16 * 12)])
    out = io.BytesIO()
    image.resize(size, Image.Resampling.BILINEAR).save(out, format=fmt)
    return out.getvalue()


def gps_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(ExifTags.IFD.GPSInfo))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width`×`height` pixels: a decompression bomb's calling card."""
    data = photo("PNG", (8, 8))
    ihdr = struct.pack(">II", width, height) + data[24:29]
    chunk = b"IHDR" + ihdr
    return data[:12] + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]
