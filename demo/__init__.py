"""The Waalwijk demo (`flask seed-demo`): every area's demo data."""


def init_app(app) -> None:
    from .seed import seed_demo_command

    app.cli.add_command(seed_demo_command)
