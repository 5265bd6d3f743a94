"""The audit log: an append-only record of moderation and role changes, written by every area."""


def init_app(app) -> None:
    from . import models  # noqa: F401  (the table, for migrations)
