"""Colours: reading `#rrggbb` and the WCAG 2.x contrast ratio between two colours."""
import re

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
AA_NORMAL_TEXT = 4.5  # WCAG 2.x level AA, body text


def is_hex_colour(value) -> bool:
    return isinstance(value, str) and HEX.match(value) is not None


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter colour's luminance above: 1.0 to 21.0."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def shown_ratio(ratio: float) -> str:
    """The ratio as people read it: "3.2:1", rounded down so a shown 4.5:1 never hides a 4.49."""
    return f"{int(ratio * 10) / 10:.1f}:1"


def darker(colour: str, factor: float = 0.8) -> str:
    """The same hue, darker (hover states)."""
    return "#" + "".join(f"{int(int(colour[i:i + 2], 16) * factor):02x}" for i in (1, 3, 5))
