"""The dashboard as charts and figures, shared by the page, the CSV export and the JSON API."""
import csv
import io
from datetime import date

from flask_babel import gettext as _

from participation.levels import ORIGIN_LABELS, ORIGINS

from .charts import Chart, chart
from .metrics import LEVEL_LABELS, MEDIUM_LABELS, Dashboard, ParticipationRow, Series


def week_label(monday: date) -> str:
    return _("wk %(n)d", n=monday.isocalendar().week)


def reach_charts(dash: Dashboard) -> list[Chart]:
    labels = [week_label(m) for m in dash.weeks]
    reach = dash.reach
    return [
        chart("followers", _("Followers (app and e-mail)"), labels,
              [Series(_("Followers"), reach.followers_trend)], kind="line"),
        chart("readers", _("Readers per week (counted once a day)"), labels, [Series(_("Readers"), reach.readers)]),
        chart("sources", _("New followers by where they came from"), labels,
              [Series(str(MEDIUM_LABELS[m]), values) for m, values in reach.sources.items()]),
    ]


def conversation_charts(dash: Dashboard) -> list[Chart]:
    labels = [week_label(m) for m in dash.weeks]
    c = dash.conversation
    return [
        chart("posts-kind", _("Posts per week by kind"), labels, c.posts_by_kind),
        chart("posts-who", _("Posts per week by who wrote them"), labels, c.posts_by_who),
        chart("comments-who", _("Comments per week by who wrote them"), labels, c.comments_by_who),
        chart("reactions", _("Reactions per week by kind"), labels, c.reactions_by_kind),
    ]


def participation_chart(rows: list[ParticipationRow]) -> Chart:
    """Participants per participation, stacked by origin (online, paper, booth, phone)."""
    return chart("participants", _("Participants per participation, by how they took part"),
                 [f"{row.title} ({row.tool})" for row in rows],
                 [Series(str(ORIGIN_LABELS[o]), [row.origins[o] for row in rows]) for o in ORIGINS],
                 axis=_("Participation"))


def reach_figures(dash: Dashboard) -> list[tuple[str, object, float | None]]:
    """(label, count, share of the wijk's households) per follow level, e-mail only, and in all."""
    reach = dash.reach
    rows = [(str(LEVEL_LABELS[level]), n, reach.share_of_households(n)) for level, n in reach.followers.items()]
    email = reach.email_followers
    rows.append((_("E-mail only (no account)"), email, reach.share_of_households(email)))
    rows.append((_("All followers"), reach.total, reach.share_of_households(reach.total)))
    return rows


def conversation_figures(dash: Dashboard) -> list[tuple[str, object]]:
    c = dash.conversation
    return [(_("Posts by residents"), c.resident_posts),
            (_("Of which answered by a partner"), c.partner_replied),
            (_("Share answered by a partner"), c.share_replied),
            (_("Median hours to a partner's first answer"), c.median_reply_hours)]


def excel_number(value) -> str:
    """A number as Dutch Excel reads it: decimal comma, no thousands separator."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.4f}".rstrip("0").replace(".", ",")
    return str(int(value))


def csv_export(dash: Dashboard, figures: list[tuple[str, object]]) -> bytes:
    """Semicolon-separated UTF-8 with a byte order mark, for Dutch Excel: one row per chart, series and week, then
    the single figures."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Chart"), _("Series"), _("Week starting"), _("Value")])
    for c in reach_charts(dash) + conversation_charts(dash):
        for s in c.series:
            for monday, value in zip(dash.weeks, s.values, strict=True):
                writer.writerow([c.title, s.label, monday.isoformat(), excel_number(value)])
    for label, value in figures:
        writer.writerow([label, "", "", excel_number(value)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
