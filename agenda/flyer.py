"""The wijk flyer lists the open agendapunten (reach.flyer.flyer_section)."""
from flask_babel import format_date
from flask_babel import gettext as _

from core.timeutil import to_local
from reach.flyer import SECTION_LINES, flyer_section

from .services import status_label, wijk_agenda


@flyer_section
def open_agendapunten(wijk) -> tuple[str, list[str]]:
    lines = []
    for item in wijk_agenda(wijk, only_open=True, limit=SECTION_LINES):
        line = f"{item.title} ({status_label(item.status)})"
        if item.meeting is not None and item.meeting.status == "published" and item.meeting.starts_at:
            line += " · " + _("meeting %(date)s", date=format_date(to_local(item.meeting.starts_at), "d MMMM"))
        lines.append(line)
    return _("On the wijkagenda"), lines
