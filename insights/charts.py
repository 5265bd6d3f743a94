"""Small charts drawn on the server: the geometry of stacked bars or lines, for the `chart` macro
(templates/insights/_chart.html) to write as SVG beside a table of the same figures."""
from dataclasses import dataclass, field

from .metrics import Series

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 560, 200, 40, 24, 10
# Colour-blind safe (Okabe-Ito); a legend and the table carry the names too.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
MAX_SERIES = len(COLOURS)


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str


@dataclass
class Chart:
    id: str
    title: str
    labels: list[str]  # the x axis: one per week
    series: list[Series]
    kind: str = "bar"  # bar (stacked) or line
    axis: str = ""  # what the x axis counts in (the table's first column): weeks unless said
    bars: list[Bar] = field(default_factory=list)
    lines: list[tuple[str, str, str]] = field(default_factory=list)  # (points, colour, label)
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (y, label)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def empty(self) -> bool:
        return not any(v for s in self.series for v in s.values)


def _nice_top(value: float) -> float:
    if value <= 0:
        return 1
    step = 10 ** (len(str(int(value))) - 1)
    return ((value // step) + 1) * step if value % step or value < step else value


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def chart(id: str, title: str, labels: list[str], series: list[Series], *, kind: str = "bar",  # noqa: A002
          axis: str = "") -> Chart:
    """Lay out the chart; more series than colours are summed into the last one."""
    if len(series) > MAX_SERIES:
        rest = series[MAX_SERIES - 1:]
        summed = [sum(values) for values in zip(*(s.values for s in rest), strict=True)]
        series = [*series[:MAX_SERIES - 1], Series(", ".join(s.label for s in rest), summed)]
    out = Chart(id, title, labels, series, kind, axis)
    n = max(len(labels), 1)
    plot_w, plot_h = WIDTH - LEFT - 4, HEIGHT - BOTTOM - TOP
    if kind == "bar":
        peak = max((sum(vals) for vals in zip(*(s.values for s in series), strict=True)), default=0) if series else 0
    else:
        peak = max((v for s in series for v in s.values), default=0)
    top = _nice_top(peak)
    scale = plot_h / top
    step = plot_w / n
    out.ticks = [(TOP + plot_h - top * f * scale, _number(round(top * f, 2))) for f in (0, 0.5, 1)]
    out.x_labels = [(LEFT + step * (i + 0.5), label) for i, label in enumerate(labels)
                    if n <= 13 or i % (n // 12 + 1) == 0]
    if kind == "bar":
        for i in range(len(labels)):
            base = TOP + plot_h
            for s, colour in zip(series, COLOURS, strict=False):
                h = s.values[i] * scale
                if h:
                    base -= h
                    out.bars.append(Bar(round(LEFT + step * i + step * 0.15, 1), round(base, 1),
                                        round(step * 0.7, 1), round(h, 1), colour,
                                        f"{labels[i]}: {s.label} {_number(s.values[i])}"))
    else:
        for s, colour in zip(series, COLOURS, strict=False):
            points = " ".join(f"{LEFT + step * (i + 0.5):.1f},{TOP + plot_h - v * scale:.1f}"
                              for i, v in enumerate(s.values))
            out.lines.append((points, colour, s.label))
    return out
