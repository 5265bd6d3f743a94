"""Search: one documents index of every area's content, Dutch full text (PostgreSQL `dutch`, SQLite FTS5),
only what the viewer may find. Areas register their kinds of document in `search.registry` and keep them up
to date with `search.index.put` / `drop`; posts and comments are indexed here, through wijken.signals."""


def init_app(app) -> None:
    from accounts.auth import register_api

    from . import api, cli, posts, views  # noqa: F401  (posts: registers the post and comment kinds)

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.search_cli)
