"""Count the SQL statements an app runs, to keep pages at a bounded number of queries."""
from contextlib import contextmanager

from sqlalchemy import event

from core.extensions import db


@contextmanager
def count_queries(app):
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
