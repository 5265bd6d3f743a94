"""The JSON shape of a participation (CONTRACT.md "Participation, first cut")."""
from core.timeutil import isoformat
from wijken.serializers import organisation_brief

from .levels import LEVELS
from .services import overdue_days, promise_text
from .tools import TOOLS


def participation_json(participation, results: dict | None) -> dict:
    tool = TOOLS[participation.tool]
    return {
        "id": participation.id,
        "tool": participation.tool,
        "wijken": [w.slug for w in participation.wijken],
        "organisation": organisation_brief(participation.organisation),
        "title": participation.title,
        "body_html": participation.body_html,
        "level": participation.level,
        "level_label": str(LEVELS[participation.level].label),
        "promise": promise_text(participation),
        "promise_extra": participation.promise_extra,
        "decision_owner": participation.decision_owner,
        "kaders": participation.kaders,
        "opens_at": isoformat(participation.opens_at),
        "closes_at": isoformat(participation.closes_at),
        "feedback_due": isoformat(participation.feedback_due),
        "eligibility": participation.eligibility,
        "identity": participation.identity,
        "results_visibility": participation.results_visibility,
        "status": participation.status,
        "post_id": participation.post_id,
        "participant_count": participation.participant_count,
        "overdue_days": overdue_days(participation),
        "phases": participation.phases or [],
        "definition": tool.describe(participation) if tool.describe else None,
        "outcome": {"decision": participation.decision, "body_html": participation.outcome_html,
                    "published_at": isoformat(participation.outcome_at)} if participation.outcome_at else None,
        "result_items": [result_item_json(item) for item in participation.result_items],
        "results": results,
    }


def result_item_json(item) -> dict:
    return {"id": item.id, "title": item.title, "status": item.status, "progress": item.progress,
            "updated_at": isoformat(item.updated_at)}
