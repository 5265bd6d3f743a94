"""Moderation: flags, the review queue, actions on posts, comments and people, mutes; the audit log pages."""

from audit.services import audit_actions

from .schemas import ACTIONS

audit_actions(*ACTIONS, "auto_hide", "settings")


def init_app(app) -> None:
    from accounts.auth import register_api
    from audit.labels import action_label, target_label

    from . import api, events, personal_data, views  # noqa: F401  (events, personal_data: registries)
    from .services import FLAG_REASON_LABELS, FLAG_STATUS_LABELS

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(flag_reasons=FLAG_REASON_LABELS, flag_status_labels=FLAG_STATUS_LABELS,
                                 action_label=action_label,
                                 target_label=target_label)
