"""A person's notifications: exported as their list shows them, deleted with the account; and their name taken
out of other people's notifications."""
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from accounts.models import User
from accounts.personal_data import delete_rows, erases, exports
from core.extensions import db

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


@erases
def _forget_the_name(user: User, content: str) -> None:
    """Notifications of others that name the person ("Piet commented ...") say "deleted user" instead, in each
    reader's language, as the content itself does."""
    notes = db.session.execute(select(Notification, User).join(User, User.id == Notification.user_id)
                               .where(Notification.actor_id == user.id)).all()
    for note, reader in notes:
        with force_locale(services.locale_of(reader)):
            deleted = _("deleted user")
        if note.actor_name:
            note.message = note.message.replace(note.actor_name, deleted, 1)
        note.actor_name = None
