"""The JSON shapes of meldingen (meldingen/schemas.py) filled from the rows: for the API, live events, the map and
the webhooks. What anyone may see never holds the reporter or, for a private melding, the text or the spot."""
from core.timeutil import isoformat
from core.urls import external_url
from wijken.serializers import organisation_brief

from . import workflow


def category_json(category) -> dict:
    return {"slug": category.slug, "name": category.name, "target_days": category.target_days,
            "organisation": organisation_brief(category.organisation)}


def _state(report, label=workflow.label) -> dict:
    return {"state": report.state, "state_label": label(report.state), "open": report.open,
            "planned_for": report.planned_for.isoformat() if report.planned_for else None}


def live_report(report) -> dict:
    """The `report_status_changed` payload: everything public, or for a private melding only its state."""
    base = {"id": report.id, "post_id": report.post_id, **_state(report), "follower_count": report.follower_count}
    return base if report.private else base | public_fields(report)


def public_fields(report) -> dict:
    return {"wijk": report.wijk.slug, "category": category_json(report.category),
            "organisation": organisation_brief(report.organisation), "lat": round(report.lat, 6),
            "lon": round(report.lon, 6), "location": report.location_text, "created_at": isoformat(report.created_at),
            "due_at": isoformat(report.due_at), "first_reaction_at": isoformat(report.first_reaction_at),
            "closed_at": isoformat(report.closed_at)}


def report_json(report, *, full: bool) -> dict:
    """A melding for someone who may see it; `full` (reporter, handler) adds the text, privacy and updates."""
    data = {"id": report.id, "post_id": report.post_id, "private": report.private, **_state(report),
            "follower_count": report.follower_count, **public_fields(report), "body": report.body}
    if full:
        data["satisfied"] = report.satisfied
        data["updates"] = [update_json(u) for u in report.updates]
    return data


def update_json(update) -> dict:
    return {"from_state": update.from_state, "to_state": update.to_state, "text": update.text,
            "organisation": organisation_brief(update.organisation),
            "planned_for": update.planned_for.isoformat() if update.planned_for else None,
            "created_at": isoformat(update.created_at)}


def feature(row, url: str, label=workflow.label) -> dict:
    """A GeoJSON Feature of the open meldingen map from a services.map_rows row: no text, no reporter. `label`: the
    states' labels (looked up once for a whole map: translating 10,000 times is most of its time)."""
    return {"type": "Feature", "id": row.id,
            "geometry": {"type": "Point", "coordinates": [round(row.lon, 6), round(row.lat, 6)]},
            "properties": {"category": row.category_name, "category_slug": row.category_slug,
                           **_state(row, label), "follower_count": row.follower_count,
                           "created_at": isoformat(row.created_at), "url": url}}


def webhook_payload(report, event: str) -> dict:
    """What a back office hears: the melding in full (it is the handler's), with its link."""
    return {"event": event, "melding": report_json(report, full=False) | {
        "url": external_url("wijken.post", slug=report.wijk.slug, post_id=report.post_id)}}


def settings_json(settings) -> dict:
    return {"first_reaction_hours": settings.first_reaction_hours, "answer_days": settings.answer_days,
            "opens": settings.opens.strftime("%H:%M"), "closes": settings.closes.strftime("%H:%M")}


def question_json(question, *, staff: bool) -> dict:
    """A question for someone who may see it; the organisation's staff also see whom it is assigned to."""
    data = {"id": question.id, "post_id": question.post_id, "wijk": question.wijk.slug,
            "organisation": organisation_brief(question.organisation), "title": question.title,
            "body": question.body, "private": question.private, "state": question.state, "open": question.open,
            "created_at": isoformat(question.created_at), "reaction_due_at": isoformat(question.reaction_due_at),
            "answer_due_at": isoformat(question.answer_due_at),
            "first_reaction_at": isoformat(question.first_reaction_at),
            "answered_at": isoformat(question.answered_at), "accepted_reply_id": question.accepted_reply_id,
            "report_id": question.report_id,
            "replies": [{"id": r.id, "body": r.body, "holding": r.holding, "comment_id": r.comment_id,
                         "organisation": organisation_brief(r.organisation), "created_at": isoformat(r.created_at)}
                        for r in question.replies]}
    if staff:
        data["assignee"] = ({"id": question.assignee.id, "name": question.assignee.display_name}
                            if question.assignee else None)
    return data
