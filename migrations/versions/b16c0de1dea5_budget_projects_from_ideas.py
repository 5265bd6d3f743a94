"""budgets: a wijkbudget project may come from an idea

Revision ID: b16c0de1dea5
Revises: a393b692b063
Create Date: 2026-12-04 21:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b16c0de1dea5'
down_revision = 'a393b692b063'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('budget_project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idea_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_budget_project_idea_id'), ['idea_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_budget_project_idea_id_idea'), 'idea', ['idea_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('budget_project', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_budget_project_idea_id_idea'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_budget_project_idea_id'))
        batch_op.drop_column('idea_id')
