"""Partners: organisations, their members and logos, invitations, single sign-on for their staff, and the
API clients through which their systems post."""

from flask_babel import lazy_gettext as _l

from audit.services import audit_actions

audit_actions(grant_role=_l("role given"), revoke_role=_l("role taken away"), invite=_l("invited"),
              configure_sso=_l("single sign-on set up"), create_api_client=_l("API client made"),
              revoke_api_client=_l("API client revoked"), set_function=_l("function title set"),
              set_policy=_l("integrity policy link set"))


def init_app(app) -> None:
    from accounts.auth import register_api
    from core.extensions import csrf

    from . import (  # noqa: F401
        api,
        api_client_views,
        forms,
        invitation_views,
        oauth,
        permissions,
        personal_data,
        schemas,
        sso_views,
        views,
    )

    csrf.exempt(oauth.bp)  # client credentials in every request, no cookies
    register_api(app, api.bp)
    for bp in (oauth.bp, views.bp, invitation_views.bp, api_client_views.bp, sso_views.bp):
        app.register_blueprint(bp)
    app.jinja_env.globals.update(permissions.TEMPLATE_PREDICATES,
                                 role_label=lambda role: str(forms.ROLE_LABELS.get(role, role)),
                                 kind_label=lambda kind: str(forms.KIND_LABELS.get(kind, kind)),
                                 PARTNER_FUNCTION_MAX=schemas.FUNCTION_MAX,
                                 PARTNER_POLICY_URL_MAX=schemas.POLICY_URL_MAX)
