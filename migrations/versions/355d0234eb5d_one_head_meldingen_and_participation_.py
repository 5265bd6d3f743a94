"""one head: meldingen and participation surveys

Revision ID: 355d0234eb5d
Revises: 9f1f9b2fd37d, c4685ebed16d
Create Date: 2026-12-04 17:09:50.678001

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '355d0234eb5d'
down_revision = ('9f1f9b2fd37d', 'c4685ebed16d')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
