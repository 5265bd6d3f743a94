"""pending jobs: background jobs kept in the database until Redis takes them

Revision ID: c3a9d1e5f702
Revises: b1e7c0a4d2f1
Create Date: 2026-12-04 14:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'c3a9d1e5f702'
down_revision = 'b1e7c0a4d2f1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'pending_job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('func', sa.String(length=200), nullable=False),
        sa.Column('args', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_job')),
    )
    with op.batch_alter_table('pending_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_job_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('pending_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_job_created_at'))
    op.drop_table('pending_job')
