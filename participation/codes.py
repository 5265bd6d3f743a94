"""Letter codes: eligibility "holders of a letter code". The owner generates single-use codes for a wijk — one per
household — and prints them as letters (participation/letters.py); whoever holds a code may answer once, with or
without an account.

Only a keyed hash of each code is stored (HMAC-SHA256 with the app's SECRET_KEY): the database alone does not give
the codes away, and neither does a copy of it. Rotating SECRET_KEY makes the unused codes of open participations
invalid. A code is claimed by one UPDATE ... WHERE used_at IS NULL inside the answer's transaction, so two people
with one letter cannot both answer; wrong or used codes are refused with 403 `bad_code` / 409 `code_used`, and a
client that keeps trying is rate-limited (CODE_LIMIT_PER_IP, counted only on refusals).
"""
import hashlib
import hmac
import secrets
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, String, func, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column

from core.errors import Conflict, PermissionDenied, require
from core.extensions import db, limiter
from core.timeutil import utcnow
from core.transactions import commit
from core.validation import Fields
from wijken.models import Wijk

from .models import Participation
from .permissions import can_manage_participation

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud or typed from paper without doubt
CODE_LENGTH = 10  # 31^10 ≈ 2^49
CODE_INPUT_MAX = 40
BATCH_MAX = 5_000  # codes per batch (and pages per letters PDF); an owner may make several batches


class LetterCode(db.Model):
    __tablename__ = "letter_code"
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"), index=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def normalise(code: str) -> str:
    """What a person typed, as stored: capitals, without spaces and dashes."""
    return "".join(c for c in code.upper() if c.isalnum())


def shown(code: str) -> str:
    """A code as printed: two groups of five."""
    return f"{code[:5]}-{code[5:]}"


def _digest(code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"letter-code:{normalise(code)}".encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _i in range(CODE_LENGTH))


def issued(participation: Participation, wijk: Wijk) -> int:
    return db.session.scalar(select(func.count()).select_from(LetterCode).where(
        LetterCode.participation_id == participation.id, LetterCode.wijk_id == wijk.id))


def generate_codes(actor, participation: Participation, data) -> tuple[Wijk, list[str]]:
    """A batch of new codes for one of the participation's wijken: by default one for every household not yet
    given a code. Returns the codes in print form; they are never shown again."""
    require(can_manage_participation(actor, participation), _("You may not make letter codes here."))
    if participation.eligibility != "code":
        raise Conflict(_("This participation is not answered with letter codes."), code="not_by_code")
    if participation.status == "closed":
        raise Conflict(_("This participation is closed."), code="closed")
    fields = Fields(data)
    slug = fields.text("wijk", max_length=80, required=True)
    wijk = next((w for w in participation.wijken if w.slug == slug), None)
    if slug and wijk is None:
        fields.error("wijk", _("Choose one of the participation's wijken."))
    count = fields.integer("count", minimum=1, maximum=BATCH_MAX)
    fields.check()
    if count is None:
        count = _households_left(fields, participation, wijk)
    codes = [_new_code() for _i in range(count)]
    now = utcnow()
    db.session.execute(insert(LetterCode), [{"participation_id": participation.id, "wijk_id": wijk.id,
                                             "digest": _digest(code), "created_at": now} for code in codes])
    commit()
    return wijk, [shown(code) for code in codes]


def _households_left(fields: Fields, participation: Participation, wijk: Wijk) -> int:
    if wijk.households is None:
        fields.error("count", _("The number of households of %(wijk)s is not known: give the number of letters.",
                                wijk=wijk.name))
    else:
        left = min(wijk.households - issued(participation, wijk), BATCH_MAX)
        if left < 1:
            fields.error("count", _("Every household of %(wijk)s has a code: give the number of extra letters.",
                                    wijk=wijk.name))
    fields.check()
    return left


def claim(participation: Participation, code) -> None:
    """Use `code` for an answer to `participation` (inside the answer's transaction); refuse a wrong or used one."""
    if not isinstance(code, str) or not code.strip():
        raise PermissionDenied(_("Enter the code from your letter."), code="code_required")
    if len(code) > CODE_INPUT_MAX or len(normalise(code)) != CODE_LENGTH:
        raise PermissionDenied(_("This code is not right. Check the letter and try again."), code="bad_code")
    digest = _digest(code)
    claimed = db.session.execute(update(LetterCode).where(
        LetterCode.digest == digest, LetterCode.participation_id == participation.id, LetterCode.used_at.is_(None))
        .values(used_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    if claimed == 1:
        return
    if db.session.scalar(select(LetterCode.id).where(LetterCode.digest == digest,
                                                     LetterCode.participation_id == participation.id)):
        raise Conflict(_("This code has already been used: every letter answers once."), code="code_used")
    raise PermissionDenied(_("This code is not right. Check the letter and try again."), code="bad_code")


def refused_code(response) -> bool:
    """Flask-Limiter's deduct_when: only refusals of a code count towards the limit."""
    return response.status_code in (403, 409)


# Wrong or used codes per client address: guessing stays hopeless (2^49 codes), and a typo costs nothing.
code_limit = limiter.limit(lambda: current_app.config["CODE_LIMIT_PER_IP"],
                           scope="letter-codes", deduct_when=refused_code, methods=["POST", "PUT"])
