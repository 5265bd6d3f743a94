"""The dashboard as the API answers it (insights.schemas.Dashboard)."""
from meldingen.scorecards import scorecard_json

from . import report, schemas
from .charts import Chart
from .goals import GoalProgress
from .metrics import Dashboard, ParticipationRow
from .responsiveness import Responsiveness


def _chart(c: Chart) -> dict:
    return {"id": c.id, "title": c.title, "series": [{"label": s.label, "values": s.values} for s in c.series]}


def dashboard_json(dash: Dashboard, participations: list[ParticipationRow], resp: Responsiveness) -> dict:
    c = dash.conversation
    return schemas.Dashboard(
        wijk=dash.wijk.slug, weeks=[m.isoformat() for m in dash.weeks],
        reach={"households": dash.reach.households,
               "follows": [{"label": label, "count": n, "share_of_households": share}
                           for label, n, share in report.reach_figures(dash)],
               "charts": [_chart(x) for x in report.reach_charts(dash)]},
        conversation={"resident_posts": c.resident_posts, "partner_replied": c.partner_replied,
                      "share_partner_replied": c.share_replied,
                      "median_hours_to_partner_reply": c.median_reply_hours,
                      "charts": [_chart(x) for x in report.conversation_charts(dash)]},
        participation=[{"id": row.id, "title": row.title, "tool": row.tool, "participants": row.total,
                        "share_of_households": row.share_of_households, "origins": row.origins}
                       for row in participations],
        responsiveness={"scorecard": scorecard_json(resp.card), "promises_due": resp.promises.due,
                        "promises_kept": resp.promises.kept, "share_promises_kept": resp.promises.share,
                        "ideas": resp.ideas, "ideas_answered": resp.ideas_answered,
                        "share_ideas_answered": resp.share_ideas_answered}).dump()


def goal_json(progress: GoalProgress) -> dict:
    goal = progress.goal
    return {"id": goal.id, "municipality": goal.municipality.slug, "municipality_name": goal.municipality.name,
            "metric": goal.metric, "label": progress.label,
            "target": goal.target, "starts_on": goal.starts_on.isoformat(), "ends_on": goal.ends_on.isoformat(),
            "wijken": [{"wijk": p.wijk.slug, "name": p.wijk.name, "actual": p.actual, "trend": p.trend}
                       for p in progress.wijken]}
