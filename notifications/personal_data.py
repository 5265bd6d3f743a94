"""A person's notifications: exported as their list shows them, deleted with the account."""
from accounts.models import User
from accounts.personal_data import delete_rows, erases, exports

from . import services
from .models import Notification
from .serializers import notification_json


@exports("notifications")
def _notifications(user: User) -> list[dict]:
    """What the notification list shows: about content no longer visible to them, a neutral text."""
    return [notification_json(n) for n in services.everything(user)]


@erases
def _drop_notifications(user: User, content: str) -> None:
    delete_rows(user, Notification)
