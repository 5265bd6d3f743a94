"""Partners: organisations, their members and logos, invitations, single sign-on for their staff, and the
API clients through which their systems post."""

from flask_babel import lazy_gettext as _l

from audit.services import audit_actions

audit_actions(grant_role=_l("role given"), revoke_role=_l("role taken away"), invite=_l("invited"),
              configure_sso=_l("single sign-on set up"), create_api_client=_l("API client made"),
              revoke_api_client=_l("API client revoked"))


def init_app(app) -> None:
    from core.extensions import csrf

    from . import api_client_views, forms, invitation_views, oauth, permissions, personal_data, sso_views, views  # noqa: F401

    csrf.exempt(oauth.bp)  # client credentials in every request, no cookies
    for bp in (oauth.bp, views.bp, invitation_views.bp, api_client_views.bp, sso_views.bp):
        app.register_blueprint(bp)
    app.jinja_env.globals.update(permissions.TEMPLATE_PREDICATES,
                                 role_label=lambda role: str(forms.ROLE_LABELS.get(role, role)),
                                 kind_label=lambda kind: str(forms.KIND_LABELS.get(kind, kind)))
