"""The flags a person filed: exported, and deleted with the account."""
from sqlalchemy import select

from accounts.models import User
from accounts.personal_data import delete_rows, erases, exports, rows
from core.timeutil import isoformat

from .models import Flag


@exports("flags")
def _flags(user: User) -> list[dict]:
    return [{"id": f.id, "target": f.target_type, "target_id": f.target_id, "post_id": f.post_id,
             "reason": f.reason, "text": f.text, "status": f.status, "created_at": isoformat(f.created_at),
             "resolved_at": isoformat(f.resolved_at)}
            for f in rows(select(Flag).where(Flag.user_id == user.id).order_by(Flag.id))]


@erases
def _drop_flags(user: User, content: str) -> None:
    delete_rows(user, Flag)
