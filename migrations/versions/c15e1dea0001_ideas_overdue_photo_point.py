"""ideas: overdue reminders per round; an idea's photo (with alt text) and point in the wijk

Revision ID: c15e1dea0001
Revises: c5e1f2a9d0b7
Create Date: 2026-12-04 21:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c15e1dea0001'
down_revision = 'c5e1f2a9d0b7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('idea_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('overdue_reminded_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('overdue_reminded_count', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lat', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('lon', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('image_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('image_alt', sa.String(length=250), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_idea_image_id'), ['image_id'])
        batch_op.create_foreign_key(batch_op.f('fk_idea_image_id_stored_image'), 'stored_image', ['image_id'],
                                    ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_idea_image_id_stored_image'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_idea_image_id'), type_='unique')
        batch_op.drop_column('image_alt')
        batch_op.drop_column('image_id')
        batch_op.drop_column('lon')
        batch_op.drop_column('lat')
    with op.batch_alter_table('idea_round', schema=None) as batch_op:
        batch_op.drop_column('overdue_reminded_count')
        batch_op.drop_column('overdue_reminded_at')
