"""The wijk side: wijken and their geography, follows, posts, threads, reactions, RSVPs, feeds (RSS, iCal),
the live wijk log, the organisations serving a wijk, its coordinators and mutes."""

from flask_babel import lazy_gettext as _l

from audit.services import audit_actions

audit_actions(grant_role=_l("role given"), revoke_role=_l("role taken away"))


def init_app(app) -> None:
    from accounts.auth import register_api

    from . import (  # noqa: F401
        api,
        cli,
        live,
        municipality_views,
        pagecache,
        permissions,
        personal_data,
        profile,
        schemas,
        services,
        views,  # (registries)
    )
    from .serializers import shown_name

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.register_blueprint(municipality_views.bp)
    app.cli.add_command(cli.wijken_cli)
    app.jinja_env.globals.update(permissions.TEMPLATE_PREDICATES, csrf_token=pagecache.csrf_token,
                                 shown_name=shown_name, active_mute=services.active_mute,
                                 mute_message=services.mute_message, **schemas.LIMITS)
    # Flask-WTF also offers csrf_token() through a context processor, which outranks the global: a later
    # one wins, so cached pages really get the placeholder, not the token of whoever rendered them.
    app.context_processor(lambda: {"csrf_token": pagecache.csrf_token})
