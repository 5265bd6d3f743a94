"""one head again: meldingen, letter codes and surveys

Revision ID: 8ddf89956dea
Revises: 9f1f9b2fd37d, c26176d03e2b, c4685ebed16d
Create Date: 2026-12-04 17:21:39.180912

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8ddf89956dea'
down_revision = ('9f1f9b2fd37d', 'c26176d03e2b', 'c4685ebed16d')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
