"""Reach: e-mail (alerts, digests, follow by e-mail only, one-click unsubscribe), the outbox and its jobs,
and the printable wijk flyer, for residents who are not on the site every day."""


def init_app(app) -> None:
    from . import cli, jobs, mail_views, mailings, notices, views  # noqa: F401  (mailings, notices: listen)

    app.register_blueprint(mail_views.bp)
    app.register_blueprint(views.bp)
    jobs.register(app)
    app.cli.add_command(cli.mail_cli)
    app.cli.add_command(cli.jobs_cli)
