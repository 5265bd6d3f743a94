"""Themes: what residents are talking about. Per wijk and per municipality, offline and in Dutch, the public
texts of a period (posts, comments, ideas, stellingen, public meldingen and webcare questions, and open survey
answers counted but never shown) are grouped into themes (`pipeline`); officials see them, their trend and
examples at /inzichten/themas and name them. Run nightly (`flask themes run` from cron or the RQ job of
`jobs`)."""


def init_app(app) -> None:
    from .cli import themes_cli

    app.cli.add_command(themes_cli)
