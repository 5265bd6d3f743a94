"""Privacy (AVG/GDPR): a person's data as one export, deleting their account, and the privacy statement."""

from flask_babel import lazy_gettext as _l

from audit.services import audit_actions

audit_actions(delete_account=_l("account deleted"), revoke_role=_l("role taken away"))


def init_app(app) -> None:
    from accounts.auth import register_api

    from . import api, profile, views  # noqa: F401  (profile: the data links on /me)

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
