"""A participation's optional phases ("ophalen", "uitwerken", "besluit", ...): each a title with dates, shown
on the page as a timeline."""
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from core.timeutil import to_local, utcnow
from core.validation import Fields

PHASES_MAX, PHASE_TITLE_MAX = 12, 80


def _day(reader: Fields, name: str) -> str | None:
    value = reader.data.get(name)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value).isoformat() if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def read_phases(fields: Fields, value) -> list[dict]:
    """The phases, or [] with errors in `fields` by path (`phases.1.ends_on`)."""
    if value in (None, []):
        return []
    if not isinstance(value, list) or len(value) > PHASES_MAX:
        fields.error("phases", _("Give at most %(n)d phases.", n=PHASES_MAX))
        return []
    phases = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            fields.error(f"phases.{index}", _("Give the phase as an object."))
            continue
        reader = Fields(item)
        phase = {"title": reader.text("title", max_length=PHASE_TITLE_MAX, required=True),
                 "starts_on": _day(reader, "starts_on"), "ends_on": _day(reader, "ends_on")}
        for name in ("starts_on", "ends_on"):
            if item.get(name) not in (None, "") and phase[name] is None:
                reader.error(name, _("Give a date as YYYY-MM-DD."))
        if phase["starts_on"] and phase["ends_on"] and phase["ends_on"] < phase["starts_on"]:
            reader.error("ends_on", _("The end must be after the start."))
        for name, message in reader.errors.items():
            fields.error(f"phases.{index}.{name}", message)
        phases.append(phase)
    return phases


def timeline(phases: list[dict], today: date | None = None) -> list[dict]:
    """The phases for the page: title, the dates in words, and whether it runs today."""
    today = today or to_local(utcnow()).date()
    shown = []
    for phase in phases or []:
        starts = date.fromisoformat(phase["starts_on"]) if phase.get("starts_on") else None
        ends = date.fromisoformat(phase["ends_on"]) if phase.get("ends_on") else None
        when = " – ".join(format_date(day, "d MMMM y") for day in (starts, ends) if day)
        current = starts is not None and starts <= today and (ends is None or today <= ends)
        shown.append({"title": phase["title"], "when": when, "current": current})
    return shown
