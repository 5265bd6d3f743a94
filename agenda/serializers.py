"""The JSON shape of an agendapunt (docs/api.md "Wijkagenda"), for the API and the live event."""
from core.timeutil import isoformat
from wijken.serializers import organisation_brief


def agenda_json(item) -> dict:
    idea, statement, meeting = item.idea, item.statement, item.meeting
    return {
        "id": item.id,
        "wijk": item.wijk.slug,
        "title": item.title,
        "body_html": item.body_html,
        "organisation": organisation_brief(item.organisation) if item.organisation else None,
        "status": item.status,
        "source": item.source,
        "idea": {"id": idea.id, "participation_id": idea.participation_id, "title": idea.title}
        if idea is not None and idea.status == "published" else None,
        "statement": {"id": statement.id, "participation_id": statement.participation_id, "text": statement.text}
        if statement is not None else None,
        "meeting": {"post_id": meeting.id, "title": meeting.title, "starts_at": isoformat(meeting.starts_at),
                    "location": meeting.location}
        if meeting is not None and meeting.status == "published" else None,
        "feedback_due": isoformat(item.feedback_due),
        "created_at": isoformat(item.created_at),
        "updated_at": isoformat(item.updated_at),
    }
