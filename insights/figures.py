"""Small helpers shared by the figures of the dashboards and the goals."""


def share(part: float, whole: float | None) -> float | None:
    """part / whole rounded to 4 places, or None when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None
