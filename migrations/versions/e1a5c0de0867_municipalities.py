"""municipalities: a first-class municipality (branding, admins) that each wijk belongs to

The wijk's municipality was a name; each distinct name becomes a municipality (its CBS code taken from its
wijken's codes, WK0867xx -> GM0867) and the wijk points to it. Columns are added and dropped with ALTER TABLE
(SQLite 3.35+ drops a plain column in place): recreating `wijk` in batch mode would, with the app's
`PRAGMA foreign_keys=ON`, cascade the drop of the old table into every post of every wijk.

Revision ID: e1a5c0de0867
Revises: 79f883404661
Create Date: 2026-12-04 23:55:00

"""
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e1a5c0de0867'
down_revision = '79f883404661'
branch_labels = None
depends_on = None

DEFAULT_COLOUR = "#0b5c8c"


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:70] or "gemeente"


def _gemeente_code(wijk_codes: list[str]) -> str | None:
    codes = {f"GM{c[2:6]}" for c in wijk_codes if re.fullmatch(r"WK\d{6}", c or "")}
    return codes.pop() if len(codes) == 1 else None


def upgrade():
    municipality = op.create_table('municipality',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('cbs_code', sa.String(length=8), nullable=True),
    sa.Column('primary_colour', sa.String(length=7), server_default=DEFAULT_COLOUR, nullable=False),
    sa.Column('logo_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['logo_id'], ['stored_image.id'], name=op.f('fk_municipality_logo_id_stored_image'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_municipality')),
    sa.UniqueConstraint('cbs_code', name=op.f('uq_municipality_cbs_code')),
    sa.UniqueConstraint('name', name=op.f('uq_municipality_name')),
    sa.UniqueConstraint('slug', name=op.f('uq_municipality_slug'))
    )
    op.create_index(op.f('ix_municipality_logo_id'), 'municipality', ['logo_id'], unique=False)
    op.create_table('municipality_role',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_municipality_role_municipality_id_municipality'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_municipality_role_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_municipality_role')),
    sa.UniqueConstraint('user_id', 'municipality_id', 'role', name=op.f('uq_municipality_role_user_id_municipality_id_role'))
    )
    op.create_index(op.f('ix_municipality_role_municipality_id'), 'municipality_role', ['municipality_id'], unique=False)
    op.create_index(op.f('ix_municipality_role_user_id'), 'municipality_role', ['user_id'], unique=False)

    if op.get_bind().dialect.name == 'sqlite':  # ADD COLUMN with its foreign key, as SQLite allows it
        op.execute("ALTER TABLE wijk ADD COLUMN municipality_id INTEGER "
                   "CONSTRAINT fk_wijk_municipality_id_municipality REFERENCES municipality (id)")
    else:
        op.add_column('wijk', sa.Column('municipality_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_wijk_municipality_id_municipality'), 'wijk', 'municipality',
                              ['municipality_id'], ['id'])
    op.create_index(op.f('ix_wijk_municipality_id'), 'wijk', ['municipality_id'], unique=False)
    _municipalities_from_names(municipality)
    op.drop_column('wijk', 'municipality')


def _municipalities_from_names(municipality) -> None:
    conn = op.get_bind()
    wijk = sa.table('wijk', sa.column('id'), sa.column('cbs_code'), sa.column('municipality'),
                    sa.column('municipality_id'))
    names = conn.execute(sa.select(wijk.c.municipality).where(wijk.c.municipality != '').distinct()
                         .order_by(wijk.c.municipality)).scalars().all()
    slugs, codes = set(), set()
    for name in names:
        slug, n = _slug(name), 1
        while slug in slugs:
            n += 1
            slug = f"{_slug(name)}-{n}"
        slugs.add(slug)
        wijk_codes = conn.execute(sa.select(wijk.c.cbs_code).where(wijk.c.municipality == name)).scalars().all()
        code = _gemeente_code(wijk_codes)
        code = None if code in codes else code
        codes.add(code)
        municipality_id = conn.execute(municipality.insert().values(
            slug=slug, name=name, cbs_code=code, primary_colour=DEFAULT_COLOUR,
            created_at=sa.func.current_timestamp()).returning(municipality.c.id)).scalar_one()
        conn.execute(wijk.update().where(wijk.c.municipality == name).values(municipality_id=municipality_id))


def downgrade():
    conn = op.get_bind()
    if conn.dialect.name == 'sqlite':
        # SQLite cannot drop a column with a foreign key in place: the table is recreated, and without this
        # the drop of the old one would cascade into every row pointing to a wijk (first statement: outside
        # any transaction, where the pragma takes effect).
        conn.exec_driver_sql('PRAGMA foreign_keys=OFF')
    op.add_column('wijk', sa.Column('municipality', sa.String(length=120), server_default='', nullable=False))
    conn.execute(sa.text("UPDATE wijk SET municipality = (SELECT name FROM municipality "
                         "WHERE municipality.id = wijk.municipality_id) WHERE municipality_id IS NOT NULL"))
    op.drop_index(op.f('ix_wijk_municipality_id'), table_name='wijk')
    with op.batch_alter_table('wijk', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_wijk_municipality_id_municipality'), type_='foreignkey')
        batch_op.drop_column('municipality_id')
    op.drop_index(op.f('ix_municipality_role_user_id'), table_name='municipality_role')
    op.drop_index(op.f('ix_municipality_role_municipality_id'), table_name='municipality_role')
    op.drop_table('municipality_role')
    op.drop_index(op.f('ix_municipality_logo_id'), table_name='municipality')
    op.drop_table('municipality')
