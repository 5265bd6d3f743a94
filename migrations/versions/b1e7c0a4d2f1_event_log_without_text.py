"""event log without text: content events keep only their seq (rendered from the current row when read)

Revision ID: b1e7c0a4d2f1
Revises: 42c9a8c0ea4e
Create Date: 2026-12-04 14:00:00

"""
from alembic import op

revision = 'b1e7c0a4d2f1'
down_revision = '42c9a8c0ea4e'
branch_labels = None
depends_on = None

CONTENT_EVENTS = "('post_created', 'post_updated', 'alert', 'comment_created', 'comment_updated')"


def upgrade():
    build = "json_build_object('seq', seq)" if op.get_bind().dialect.name == "postgresql" \
        else "json_object('seq', seq)"
    op.execute(f"UPDATE wijk_event SET payload = {build} WHERE name IN {CONTENT_EVENTS}")


def downgrade():
    pass  # the text is gone for good; the log renders it from the current rows either way
