"""API shapes of notifications: one notification, a page of them, marking them read."""
from typing import Annotated, Any

from flask_babel import gettext as _
from pydantic import Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from core.schemas import Schema, Timestamp, YesNo
from core.validation import MAX_ID, describes, row_id

NOTIFICATION_KINDS = ("reply", "reaction", "new_post", "moderation", "event_changed", "event_cancelled")
READ_IDS_MAX = 100


def _ids(value):
    if value is None:
        return None
    if not (isinstance(value, list) and 0 < len(value) <= READ_IDS_MAX
            and all(isinstance(i, int) and row_id(i) is not None for i in value)):
        raise PydanticCustomError("id_list", "A list of 1 to {max} notification ids.", {"max": READ_IDS_MAX})
    return value


@describes("id_list")
def _ids_message(ctx: dict) -> str:
    return _("A list of 1 to %(max)d notification ids.", max=ctx["max"])


NotificationIds = Annotated[Any, PlainValidator(_ids), WithJsonSchema({
    "type": "array", "items": {"type": "integer", "minimum": 1, "maximum": MAX_ID}, "minItems": 1,
    "maxItems": READ_IDS_MAX})]


class Notification(Schema):
    id: int
    kind: str = Field(description=f"One of {', '.join(NOTIFICATION_KINDS)}; clients should expect more.")
    message: str = Field(description="In the recipient's language. About content the caller can no longer see it is "
                                     "a neutral text, and `link` is null.")
    link: str | None = Field(description="A site path.")
    created_at: Timestamp
    read: bool


class NotificationPage(Schema):
    items: list[Notification]
    next: int | None = Field(description="A notification id; pass as `before`.")
    unread: int = Field(ge=0)


class NotificationsRead(Schema):
    model_config = {"json_schema_extra": {"description": "`ids` or `all`; an empty body marks all read."}}

    ids: NotificationIds = Field(None, description="Mark these of the caller's notifications read (others' ids are "
                                                   "ignored).")
    all: YesNo = Field(None, description="true: mark all read.")
