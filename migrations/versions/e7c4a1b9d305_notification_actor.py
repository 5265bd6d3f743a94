"""notification actor: who a notification names, so a deleted account's name can be taken out

Revision ID: e7c4a1b9d305
Revises: d4e8f2a6b913
Create Date: 2026-12-04 15:10:00

"""
import re

import sqlalchemy as sa
from alembic import op

revision = 'e7c4a1b9d305'
down_revision = 'd4e8f2a6b913'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('actor_name', sa.String(length=80), nullable=True))
        batch_op.create_index(batch_op.f('ix_notification_actor_id'), ['actor_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notification_actor_id_user'), 'user', ['actor_id'], ['id'],
                                    ondelete='SET NULL')
    # Replies and comments written before: the comment in the link names the writer, whose name opens the message.
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, link, message FROM notification WHERE kind = 'reply'")).all()
    for note_id, link, message in rows:
        found = re.search(r"#c(\d+)$", link or "")
        if not found:
            continue
        writer = bind.execute(sa.text(
            'SELECT u.id, u.display_name FROM comment c JOIN "user" u ON u.id = c.author_id '
            "WHERE c.id = :id AND u.deleted_at IS NULL"), {"id": int(found.group(1))}).first()
        if writer is not None and message.startswith(writer[1]):
            bind.execute(sa.text("UPDATE notification SET actor_id = :a, actor_name = :n WHERE id = :id"),
                         {"a": writer[0], "n": writer[1], "id": note_id})


def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notification_actor_id_user'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notification_actor_id'))
        batch_op.drop_column('actor_name')
        batch_op.drop_column('actor_id')
