"""The JSON shape of a stelling (docs/api.md "Stellingen"): the same for the API and the live events."""
from core.timeutil import isoformat
from wijken.serializers import organisation_brief


def statement_json(statement, *, with_reason: bool = False) -> dict:
    """`with_reason`: the refusal reason, for the author and those who review (never for others)."""
    return {
        "id": statement.id,
        "participation_id": statement.participation_id,
        "text": statement.text,
        "source": "organisation" if statement.organisation_id else "resident",
        "organisation": organisation_brief(statement.organisation) if statement.organisation else None,
        "status": statement.status,
        "agree": statement.agree,
        "disagree": statement.disagree,
        "passes": statement.passes,
        "important": statement.important,
        "refusal_reason": statement.refusal_reason if with_reason else None,
        "created_at": isoformat(statement.created_at),
    }


def vote_json(cast, statement, votes_cast: int) -> dict:
    return {"statement": statement_json(statement), "value": cast.value, "important": cast.important,
            "votes_cast": votes_cast}
