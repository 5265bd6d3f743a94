"""idempotent requests: the answers of writes sent with an idempotency key

Revision ID: d4e8f2a6b913
Revises: d5b2e8f3a914
Create Date: 2026-12-04 14:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'd4e8f2a6b913'
down_revision = 'd5b2e8f3a914'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'idempotent_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('status', sa.Integer(), nullable=True),
        sa.Column('body', sa.Text(), nullable=True),
        sa.Column('location', sa.String(length=500), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_idempotent_request_user_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotent_request')),
        sa.UniqueConstraint('user_id', 'key', name=op.f('uq_idempotent_request_user_id_key')),
    )
    with op.batch_alter_table('idempotent_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotent_request_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('idempotent_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotent_request_created_at'))
    op.drop_table('idempotent_request')
