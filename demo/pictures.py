"""Pictures for the demo, drawn with Pillow when the demo is seeded (no photos of real people or places in
the repository): simple scenes of a playground, rubbish by a container, benches, greenery, and a design
drawing. Each is returned as JPEG bytes, as a phone would upload it, and goes through the media pipeline
like any upload."""
import io
import random

from PIL import Image, ImageDraw

SIZE = (1200, 900)
SKY, GRASS, SAND = (170, 206, 235), (96, 160, 78), (226, 205, 150)


def _canvas(sky=SKY, ground=GRASS, horizon: int = 520) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", SIZE, sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, horizon, SIZE[0], SIZE[1]), fill=ground)
    return image, draw


def _tree(draw, x: int, y: int, r: int, leaf=(54, 120, 60)) -> None:
    draw.rectangle((x - r // 6, y, x + r // 6, y + r * 2), fill=(110, 78, 48))
    draw.ellipse((x - r, y - r, x + r, y + r), fill=leaf)


def slide(seed: int = 1) -> Image.Image:
    image, draw = _canvas()
    _tree(draw, 150, 300, 110)
    draw.polygon([(520, 330), (900, 700), (960, 700), (580, 330)], fill=(230, 70, 60))
    draw.rectangle((440, 330, 580, 350), fill=(60, 90, 160))
    for x in (450, 560):
        draw.rectangle((x, 330, x + 16, 720), fill=(60, 90, 160))
    for y in range(380, 720, 50):
        draw.rectangle((450, y, 576, y + 10), fill=(250, 200, 40))
    return image


def swings(seed: int = 2) -> Image.Image:
    image, draw = _canvas()
    draw.line((300, 250, 220, 720), fill=(70, 70, 80), width=18)
    draw.line((300, 250, 380, 720), fill=(70, 70, 80), width=18)
    draw.line((900, 250, 820, 720), fill=(70, 70, 80), width=18)
    draw.line((900, 250, 980, 720), fill=(70, 70, 80), width=18)
    draw.line((300, 250, 900, 250), fill=(70, 70, 80), width=22)
    for x in (460, 700):
        draw.line((x, 250, x, 580), fill=(40, 40, 40), width=5)
        draw.line((x + 90, 250, x + 90, 580), fill=(40, 40, 40), width=5)
        draw.rectangle((x - 10, 580, x + 100, 600), fill=(240, 140, 30))
    return image


def sandpit(seed: int = 3) -> Image.Image:
    image, draw = _canvas()
    draw.ellipse((200, 560, 1000, 860), fill=(150, 110, 70))
    draw.ellipse((230, 580, 970, 840), fill=SAND)
    draw.polygon([(520, 700), (600, 620), (680, 700)], fill=(230, 60, 80))
    draw.rectangle((760, 660, 840, 720), fill=(40, 140, 220))
    return image


def bench(seed: int = 4) -> Image.Image:
    image, draw = _canvas()
    _tree(draw, 950, 280, 140)
    draw.rectangle((300, 560, 820, 590), fill=(150, 100, 60))
    draw.rectangle((300, 470, 820, 500), fill=(150, 100, 60))
    for x in (330, 770):
        draw.rectangle((x, 590, x + 25, 700), fill=(50, 50, 50))
    return image


def picnic_table(seed: int = 5) -> Image.Image:
    image, draw = _canvas()
    draw.rectangle((320, 500, 880, 540), fill=(170, 120, 70))
    draw.rectangle((260, 620, 940, 650), fill=(170, 120, 70))
    for x in (380, 800):
        draw.line((x, 540, x - 60, 760), fill=(120, 80, 50), width=22)
        draw.line((x, 540, x + 60, 760), fill=(120, 80, 50), width=22)
    return image


def greenery(seed: int = 6) -> Image.Image:
    image, draw = _canvas()
    rng = random.Random(seed)
    for _ in range(7):
        _tree(draw, rng.randrange(80, 1120), rng.randrange(260, 420), rng.randrange(70, 130),
              leaf=(rng.randrange(40, 80), rng.randrange(110, 160), rng.randrange(40, 80)))
    for _ in range(120):
        x, y = rng.randrange(0, 1200), rng.randrange(640, 900)
        draw.ellipse((x, y, x + 14, y + 14), fill=rng.choice([(240, 80, 120), (250, 220, 60), (255, 255, 255)]))
    return image


def climbing_frame(seed: int = 7) -> Image.Image:
    image, draw = _canvas(ground=SAND)
    for x in range(300, 901, 150):
        draw.line((x, 300, x, 740), fill=(40, 120, 200), width=16)
    for y in range(300, 741, 110):
        draw.line((300, y, 900, y), fill=(40, 120, 200), width=12)
    draw.polygon([(280, 300), (600, 140), (920, 300)], fill=(240, 180, 40))
    return image


def water_play(seed: int = 8) -> Image.Image:
    image, draw = _canvas()
    draw.ellipse((180, 600, 1020, 860), fill=(80, 150, 220))
    rng = random.Random(seed)
    for _ in range(40):
        x, y = rng.randrange(250, 950), rng.randrange(640, 820)
        draw.arc((x, y, x + 60, y + 20), 180, 360, fill=(230, 245, 255), width=4)
    draw.rectangle((560, 380, 640, 640), fill=(120, 120, 130))
    draw.arc((500, 300, 700, 480), 200, 340, fill=(200, 230, 255), width=12)
    return image


def rubbish(seed: int = 9) -> Image.Image:
    image, draw = _canvas(sky=(190, 190, 200), ground=(150, 150, 150), horizon=460)
    draw.rectangle((650, 260, 1050, 700), fill=(40, 90, 50))
    draw.rectangle((630, 240, 1070, 280), fill=(30, 70, 40))
    rng = random.Random(seed)
    for _ in range(6):
        x, y = rng.randrange(120, 560), rng.randrange(560, 740)
        draw.ellipse((x, y, x + 150, y + 160), fill=(25, 25, 30))
        draw.polygon([(x + 60, y + 10), (x + 75, y - 30), (x + 90, y + 10)], fill=(25, 25, 30))
    return image


def design_drawing(seed: int = 10) -> Image.Image:
    """A designer's plan of a playground from above: paths, a sandpit, play equipment, trees, benches."""
    image = Image.new("RGB", (1600, 1000), (245, 243, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 1560, 960), outline=(60, 60, 60), width=6)
    draw.rectangle((40, 460, 1560, 540), fill=(215, 205, 185))  # the path across
    draw.rectangle((760, 40, 840, 960), fill=(215, 205, 185))
    draw.ellipse((120, 120, 560, 400), fill=(236, 214, 160), outline=(150, 120, 80), width=4)  # sandpit
    draw.rectangle((1000, 100, 1460, 400), outline=(40, 110, 190), width=8)  # climbing frame
    draw.line((1000, 100, 1460, 400), fill=(40, 110, 190), width=4)
    draw.rectangle((140, 620, 620, 880), outline=(220, 70, 60), width=8)  # slide and swings
    for x in range(1000, 1480, 120):
        draw.ellipse((x, 640, x + 90, 730), fill=(90, 160, 80))  # trees
        draw.ellipse((x + 40, 790, x + 130, 880), fill=(90, 160, 80))
    for x in (300, 1200):
        draw.rectangle((x, 430, x + 120, 450), fill=(140, 100, 60))  # benches
    return image


SCENES = {fn.__name__: fn for fn in (slide, swings, sandpit, bench, picnic_table, greenery, climbing_frame,
                                      water_play, rubbish, design_drawing)}


def jpeg(name: str, quality: int = 88) -> bytes:
    """The scene `name` as a JPEG file, as a phone would send it."""
    out = io.BytesIO()
    SCENES[name]().save(out, format="JPEG", quality=quality)
    return out.getvalue()
