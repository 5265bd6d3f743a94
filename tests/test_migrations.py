"""The Alembic migrations build exactly the schema the models describe."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from core.extensions import db
from search.index import include_in_schema_comparison


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                           "include_name": include_in_schema_comparison})
        assert compare_metadata(context, db.metadata) == []
