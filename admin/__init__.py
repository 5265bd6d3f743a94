"""Site administration (/beheer): wijken, organisations and the wijken they serve, coordinators; the `orgs`
and `roles` commands."""


def init_app(app) -> None:
    from partners.views import LOGO_FORMS

    from . import cli, profile, views  # noqa: F401  (profile: the management links on /me)

    app.register_blueprint(views.bp)
    LOGO_FORMS.add("admin.organisation")
    app.cli.add_command(cli.orgs_cli)
    app.cli.add_command(cli.roles_cli)
