"""ideas: idea rounds, ideas, steun, answer templates

Revision ID: 793c4affdf81
Revises: 9f1f9b2fd37d
Create Date: 2026-12-04 16:50:25.105967

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '793c4affdf81'
down_revision = '9f1f9b2fd37d'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        # Similar ideas are found by trigram similarity of their titles (a contrib extension of PostgreSQL).
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table('answer_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=80), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_answer_template_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_template'))
    )
    with op.batch_alter_table('answer_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_template_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('idea_round',
    sa.Column('participation_id', sa.Integer(), nullable=False),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.Column('response_days', sa.Integer(), nullable=False),
    sa.Column('standing', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['participation_id'], ['participation.id'], name=op.f('fk_idea_round_participation_id_participation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('participation_id', name=op.f('pk_idea_round'))
    )
    op.create_table('idea',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=140), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('support_count', sa.Integer(), nullable=False),
    sa.Column('threshold_reached_at', sa.DateTime(), nullable=True),
    sa.Column('answer_due', sa.DateTime(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answer_html', sa.Text(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('result_item_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user.id'], name=op.f('fk_idea_answered_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_idea_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['idea.id'], name=op.f('fk_idea_merged_into_id_idea'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participation_id'], ['participation.id'], name=op.f('fk_idea_participation_id_participation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['result_item_id'], ['result_item.id'], name=op.f('fk_idea_result_item_id_result_item'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idea'))
    )
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_idea_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_index('ix_idea_round_id', ['participation_id', 'id'], unique=False)
        batch_op.create_index('ix_idea_round_support', ['participation_id', 'support_count', 'id'], unique=False)
        batch_op.create_index('ix_idea_title_trgm', ['title'], unique=False, postgresql_using='gin', postgresql_ops={'title': 'gin_trgm_ops'})

    op.create_table('support',
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_support_idea_id_idea'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_support_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('idea_id', 'user_id', name=op.f('pk_support'))
    )
    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_user_id'), ['user_id'], unique=False)

    # ### end Alembic commands ###


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_user_id'))

    op.drop_table('support')
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_index('ix_idea_title_trgm', postgresql_using='gin', postgresql_ops={'title': 'gin_trgm_ops'})
        batch_op.drop_index('ix_idea_round_support')
        batch_op.drop_index('ix_idea_round_id')
        batch_op.drop_index(batch_op.f('ix_idea_merged_into_id'))
        batch_op.drop_index(batch_op.f('ix_idea_author_id'))

    op.drop_table('idea')
    op.drop_table('idea_round')
    with op.batch_alter_table('answer_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_template_organisation_id'))

    op.drop_table('answer_template')
    # ### end Alembic commands ###
