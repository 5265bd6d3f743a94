"""The dashboard as the API answers it (insights.schemas.Dashboard)."""
from . import report, schemas
from .charts import Chart
from .metrics import Dashboard


def _chart(c: Chart) -> dict:
    return {"id": c.id, "title": c.title, "series": [{"label": s.label, "values": s.values} for s in c.series]}


def dashboard_json(dash: Dashboard) -> dict:
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
                      "charts": [_chart(x) for x in report.conversation_charts(dash)]}).dump()
