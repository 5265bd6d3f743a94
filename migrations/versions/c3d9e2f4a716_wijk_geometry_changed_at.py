"""wijk.geometry_changed_at: when a wijk's boundary last changed (the point lookup's index follows it);
the wijken list's index by name; "my feed"'s index of a wijk's posts by time

Revision ID: c3d9e2f4a716
Revises: 3a4cecb82b46
Create Date: 2026-12-05 00:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'c3d9e2f4a716'
down_revision = '3a4cecb82b46'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('wijk', schema=None) as batch_op:
        batch_op.add_column(sa.Column('geometry_changed_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_wijk_geometry_changed_at'), ['geometry_changed_at'], unique=False)
        batch_op.create_index('ix_wijk_name', ['name', 'id'], unique=False)
    op.create_index('ix_post_wijk_recent', 'post', ['wijk_id', 'status', 'created_at', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_post_wijk_recent', table_name='post')
    with op.batch_alter_table('wijk', schema=None) as batch_op:
        batch_op.drop_index('ix_wijk_name')
        batch_op.drop_index(batch_op.f('ix_wijk_geometry_changed_at'))
        batch_op.drop_column('geometry_changed_at')
