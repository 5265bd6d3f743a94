"""function titles of members (shown on what they write for the organisation) and the integrity policy link

Revision ID: c5e1f2a9d0b7
Revises: b16c0de1dea5
Create Date: 2026-12-04 21:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5e1f2a9d0b7'
down_revision = 'b16c0de1dea5'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE (no batch copy): post and comment keep the search triggers SQLite has on them.
    op.add_column('membership', sa.Column('function_title', sa.String(length=60), nullable=True))
    op.add_column('organisation', sa.Column('policy_url', sa.String(length=500), nullable=True))
    op.add_column('post', sa.Column('author_function', sa.String(length=60), nullable=True))
    op.add_column('comment', sa.Column('author_function', sa.String(length=60), nullable=True))


def downgrade():
    op.drop_column('comment', 'author_function')
    op.drop_column('post', 'author_function')
    op.drop_column('organisation', 'policy_url')
    op.drop_column('membership', 'function_title')
