"""A stellingen set as open data, in Polis's export format: summary.csv, comments.csv, votes.csv and
participant-votes.csv. Only approved stellingen and their votes; people are numbered (in the order of their
first vote or stelling), never named: no personal data."""
import csv
import io

from sqlalchemy import select

from core.extensions import db
from core.timeutil import isoformat
from core.urls import external_url

from .models import OpinionSnapshot, Statement, StatementVote

FILES = ("summary", "comments", "votes", "participant-votes")


def _rows(participation):
    statements = list(db.session.scalars(select(Statement).where(
        Statement.participation_id == participation.id, Statement.status == "approved").order_by(Statement.id)))
    votes = db.session.execute(select(StatementVote.statement_id, StatementVote.user_id, StatementVote.value,
                                      StatementVote.updated_at)
                               .join(Statement, Statement.id == StatementVote.statement_id)
                               .where(StatementVote.participation_id == participation.id,
                                      Statement.status == "approved")
                               .order_by(StatementVote.updated_at, StatementVote.statement_id)).all()
    number: dict[int, int] = {}
    for _sid, user_id, _value, _at in votes:
        number.setdefault(user_id, len(number))
    for statement in statements:
        if statement.author_id is not None and not statement.organisation_id:
            number.setdefault(statement.author_id, len(number))
    return statements, votes, number


def _csv(header, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _ms(moment) -> int:
    return int(moment.timestamp() * 1000)


def export(participation, name: str) -> str:
    """One of FILES as CSV text."""
    statements, votes, number = _rows(participation)
    snapshot = db.session.scalar(select(OpinionSnapshot).where(OpinionSnapshot.participation_id == participation.id)
                                 .order_by(OpinionSnapshot.id.desc()).limit(1))
    groups = {int(user): group for user, group in (snapshot.members if snapshot else {}).items()}
    if name == "summary":
        voters = {user for _s, user, _v, _a in votes}
        authors = {s.author_id for s in statements if s.author_id and not s.organisation_id}
        return _csv(("key", "value"), [
            ("topic", participation.title),
            ("url", external_url("participation.page", participation_id=participation.id)),
            ("voters", len(voters)), ("voters-in-conv", snapshot.participant_count if snapshot else 0),
            ("commenters", len(authors)), ("comments", len(statements)),
            ("groups", len(snapshot.groups["groups"]) if snapshot else 0),
            ("conversation-description", participation.body)])
    if name == "comments":
        return _csv(("timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated",
                     "comment-body"),
                    [(_ms(s.created_at), isoformat(s.created_at), s.id,
                      number.get(s.author_id, "") if not s.organisation_id else "", s.agree, s.disagree, 1, s.text)
                     for s in statements])
    if name == "votes":
        return _csv(("timestamp", "datetime", "comment-id", "voter-id", "vote"),
                    [(_ms(at), isoformat(at), sid, number[user], value) for sid, user, value, at in votes])
    return _participant_votes(statements, votes, number, groups)


def _participant_votes(statements, votes, number, groups) -> str:
    by_person: dict[int, dict[int, int]] = {}
    for sid, user, value, _at in votes:
        by_person.setdefault(user, {})[sid] = value
    authored = {}
    for s in statements:
        if s.author_id is not None and not s.organisation_id:
            authored[s.author_id] = authored.get(s.author_id, 0) + 1
    ids = [s.id for s in statements]
    rows = []
    for user, index in sorted(number.items(), key=lambda pair: pair[1]):
        mine = by_person.get(user, {})
        rows.append([index, groups.get(user, ""), authored.get(user, 0), len(mine),
                     sum(1 for v in mine.values() if v == 1), sum(1 for v in mine.values() if v == -1),
                     *[mine.get(sid, "") for sid in ids]])
    return _csv(("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", *ids), rows)
