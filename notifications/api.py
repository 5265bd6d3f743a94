"""JSON API for notifications: the caller's list and marking them read."""
from flask import Blueprint, jsonify, request

from accounts.auth import api_user, token_required
from core.api import json_body
from core.apidoc import LIMIT, operation, query_parameter
from core.ratelimits import write_limit
from wijken.feeds import parse_limit

from . import schemas
from . import services as notifications
from .serializers import notification_json

bp = Blueprint("notifications_api", __name__, url_prefix="/api/v1")


@operation(bp, "get", "/me/notifications", "listNotifications", "The caller's notifications, newest first",
           tag="accounts", ok=schemas.NotificationPage, errors=(400, 401), query=(
               LIMIT, query_parameter("before", {"type": "integer", "minimum": 1},
                                      "Cursor: the `next` of the previous page, a notification id.")),
           description="50 a page unless `limit` says otherwise; `unread` counts all unread ones. Live, a logged-in "
                       "browser's socket hears `notifications` `{\"unread\"}`.")
@token_required
def my_notifications():
    """The caller's notifications, newest first, keyset-paginated by id (`before`), with the unread count."""
    user = api_user()
    items, next_cursor = notifications.page(user, before=notifications.parse_before(request.args.get("before")),
                                            limit=parse_limit(request.args.get("limit"), 50))
    return jsonify({"items": [notification_json(n) for n in items], "next": next_cursor,
                    "unread": notifications.unread_count(user)})


@operation(bp, "post", "/me/notifications/read", "readNotifications", "Mark the caller's notifications read",
           tag="accounts", errors=(400, 401, 413, 422, 429), body=schemas.NotificationsRead, body_required=False,
           description="`{\"ids\": [...]}` marks those read, `{\"all\": true}` or no body all; 422 for anything "
                       "else. The caller's sockets hear the new unread count.")
@token_required
@write_limit(lambda: f"user:{api_user().id}")
def read_notifications():
    """`{"ids": [...]}` marks those read, `{"all": true}` (or no body) all of them."""
    notifications.mark_read_request(api_user(), json_body(optional=True))
    return "", 204
