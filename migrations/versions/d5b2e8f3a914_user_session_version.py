"""user session version: part of every session and remember-me cookie, bumped to end them

Revision ID: d5b2e8f3a914
Revises: c3a9d1e5f702
Create Date: 2026-12-04 14:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'd5b2e8f3a914'
down_revision = 'c3a9d1e5f702'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_version')
