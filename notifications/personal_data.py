"""A person's notifications: exported as their list shows them, deleted with the account."""
from sqlalchemy import select

from accounts.models import User
from accounts.personal_data import delete_rows, erases, exports, rows

from .models import Notification
from .serializers import notification_json


@exports("notifications")
def _notifications(user: User) -> list[dict]:
    return [notification_json(n) for n in rows(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))]


@erases
def _drop_notifications(user: User, content: str) -> None:
    delete_rows(user, Notification)
