"""Stellingen, the Polis model: a stellingen set is a participation with tool `stellingen`. The owner seeds
5–15 stellingen; residents add their own, reviewed by the owner or a coordinator within the shown time (the
author is told why when one is refused); everyone eligible votes eens / pas / oneens, one card at a time,
seeds and new stellingen first. From the votes the opinion groups are computed in the job queue, at most once
per 10 s per set, and kept as snapshots. Each use case validates, checks its predicate and commits once."""
from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from sqlalchemy import and_, case, func, select

from audit.services import audit, audit_actions
from core.errors import Conflict, NotFound, PermissionDenied, require
from core.extensions import db
from core.timeutil import isoformat, utcnow
from core.transactions import commit, lock
from core.urls import path_for
from core.validation import Fields
from moderation.targets import ContentTarget, content_target
from notifications.services import notify
from participation.models import Participation
from participation.permissions import can_manage_participation
from participation.services import announce_to_post, followed_wijk_ids, record_participant
from participation.tools import Tool, register_tool
from reach.jobs import can_defer, defer
from wijken.live import register_event

from . import clustering
from .models import OpinionSnapshot, Statement, StatementSet, StatementVote
from .permissions import can_review_statements, can_see_groups, can_take_part, can_view_statement, can_vote
from .serializers import statement_json

TEXT_MAX, POLICY_MAX, REASON_MAX = 140, 5_000, 1_000
SEEDS_MIN, SEEDS_MAX = 5, 15
DEFAULT_REVIEW_HOURS = 48
VALUES = (1, 0, -1)  # eens, pas, oneens
GROUPS_EVERY = timedelta(seconds=10)
LIST_MAX = 500

audit_actions(statement_approve=_l("stelling approved"), statement_refuse=_l("stelling refused"))


# --- the set (the tool's definition) -----------------------------------------------------------------------

register_event("statement_added")
register_event("statement_voted")
register_event("opinion_groups_updated")
register_event("statement_removed")

def define_set(fields: Fields, participation: Participation, definition, creating: bool) -> None:
    """`{"statements": [5..15 texts], "review_hours"?, "policy"?}`; the seeds only while it is a draft."""
    if not isinstance(definition, dict):
        fields.error("definition", _("Give the stellingen to start with."))
        return
    rules = Fields(definition)
    hours = rules.integer("review_hours", minimum=1, maximum=24 * 14)
    policy = rules.text("policy", max_length=POLICY_MAX, multiline=True)
    for name, message in rules.errors.items():
        fields.error(f"definition.{name}", message)
    seeds = _seeds(fields, definition.get("statements"), required=creating)
    if seeds is not None and participation.status != "draft":
        fields.error("definition.statements", _("Add stellingen one by one once the set is published."))
    if fields.errors:
        return
    if participation.statement_set is None:
        participation.statement_set = StatementSet(review_hours=DEFAULT_REVIEW_HOURS, policy="")
    rules_ = participation.statement_set
    rules_.review_hours = hours or rules_.review_hours
    if policy is not None:
        rules_.policy = policy
    if seeds is not None:
        participation.statements = [Statement(text=text, seed=True, status="approved", reviewed_at=utcnow(),
                                              organisation=participation.organisation) for text in seeds]


def _seeds(fields: Fields, texts, required: bool) -> list[str] | None:
    if texts is None and not required:
        return None
    if not isinstance(texts, list) or not SEEDS_MIN <= len(texts) <= SEEDS_MAX:
        fields.error("definition.statements", _("Give between %(min)d and %(max)d stellingen.", min=SEEDS_MIN,
                                                max=SEEDS_MAX))
        return None
    cleaned = []
    for index, text in enumerate(texts):
        one = Fields({"text": text})
        value = one.text("text", max_length=TEXT_MAX, required=True)
        for message in one.errors.values():
            fields.error(f"definition.statements.{index}", message)
        cleaned.append(value)
    if len({(t or "").casefold() for t in cleaned}) != len(cleaned):
        fields.error("definition.statements", _("Each stelling must be different."))
    return cleaned


def set_definition(participation: Participation) -> dict:
    rules = participation.statement_set
    return {"review_hours": rules.review_hours, "policy": rules.policy}


def set_of(participation: Participation) -> StatementSet:
    if participation.tool != "stellingen":
        raise NotFound(_("This participation has no stellingen."))
    return participation.statement_set


# --- reading -------------------------------------------------------------------------------------------------

def get_statement(viewer, statement_id: int) -> Statement:
    statement = db.session.get(Statement, statement_id)
    if statement is None or not can_view_statement(viewer, statement):
        raise NotFound(_("Not found."))
    return statement


def statements(viewer, participation: Participation, status: str = "approved") -> list[Statement]:
    """The set's approved stellingen (seeds first); `pending` and `refused` only for those who review."""
    set_of(participation)
    if status != "approved":
        require(can_review_statements(viewer, participation), _("Only those who review stellingen see these."))
    return list(db.session.scalars(select(Statement).where(
        Statement.participation_id == participation.id, Statement.status == status)
        .order_by(Statement.seed.desc(), Statement.id).limit(LIST_MAX)))


def waiting_for_review(user) -> list[tuple[Participation, int, object]]:
    """(set, how many, since when) of the residents' stellingen waiting for `user` to review (two queries)."""
    rows = db.session.execute(select(Statement.participation_id, func.count(), func.min(Statement.created_at))
                              .where(Statement.status == "pending").group_by(Statement.participation_id)
                              .order_by(func.min(Statement.created_at)).limit(LIST_MAX)).all()
    if not rows:
        return []
    sets = {p.id: p for p in db.session.scalars(select(Participation).where(
        Participation.id.in_([row[0] for row in rows])))}
    return [(sets[pid], count, oldest) for pid, count, oldest in rows if can_review_statements(user, sets[pid])]


def own_statements(user, participation: Participation) -> list[Statement]:
    """A resident's own stellingen, whatever their status (they see theirs waiting or refused, with why)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(select(Statement).where(
        Statement.participation_id == participation.id, Statement.author_id == user.id).order_by(Statement.id)))


def votes_cast(user, participation: Participation) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return db.session.scalar(select(func.count()).select_from(StatementVote).where(
        StatementVote.participation_id == participation.id, StatementVote.user_id == user.id)) or 0


def next_statement(user, participation: Participation) -> Statement | None:
    """The next card for `user`: an approved stelling they have not voted on. The owner's seeds first, then the
    others; within each the fewest votes first (new ones), then seeds in the owner's order and the others newest
    first (Polis-like priority)."""
    mine = select(StatementVote.statement_id).where(StatementVote.user_id == user.id,
                                                    StatementVote.participation_id == participation.id)
    return db.session.scalar(select(Statement).where(
        Statement.participation_id == participation.id, Statement.status == "approved", Statement.id.not_in(mine))
        .order_by(Statement.seed.desc(), (Statement.agree + Statement.disagree + Statement.passes),
                  case((Statement.seed.is_(True), Statement.id), else_=-Statement.id)).limit(1))


def approved_count(participation: Participation) -> int:
    return db.session.scalar(select(func.count()).select_from(Statement).where(
        Statement.participation_id == participation.id, Statement.status == "approved")) or 0


# --- adding and reviewing ------------------------------------------------------------------------------------

def add_statement(user, participation: Participation, data) -> Statement:
    """The owner's stelling is approved at once (labelled with the organisation); a resident's waits for review."""
    set_of(participation)
    owner = can_manage_participation(user, participation) and participation.status != "closed"
    require(owner or can_take_part(user, participation, followed_wijk_ids(user)),
            _("You may not add a stelling here."))
    fields = Fields(data)
    text = fields.text("text", max_length=TEXT_MAX, required=True)
    if text and db.session.scalar(select(Statement.id).where(
            Statement.participation_id == participation.id, Statement.status != "refused",
            func.lower(Statement.text) == text.lower())):
        fields.error("text", _("This stelling is there already."))
    fields.check()
    statement = Statement(participation_id=participation.id, participation=participation, author_id=user.id,
                          text=text, status="approved" if owner else "pending", seed=owner,
                          organisation_id=participation.organisation_id if owner else None,
                          reviewed_at=utcnow() if owner else None)
    db.session.add(statement)
    db.session.flush()
    if owner:
        _announce_statement(statement)
    else:
        _tell_reviewers(statement)
    commit()
    return statement


def _tell_reviewers(statement: Statement) -> None:
    participation = statement.participation
    link = path_for("stellingen.review", participation_id=participation.id)
    for member in participation.organisation.memberships:
        if can_manage_participation(member.user, participation):
            with force_locale(member.user.locale or "nl"):
                notify(member.user, "stelling", _("A new stelling waits for review in “%(title)s”.",
                                                   title=participation.title), link)


def review_statement(actor, statement: Statement, data) -> Statement:
    """Approve or refuse a resident's stelling; a refusal needs the reason, which the author is told."""
    participation = statement.participation
    require(can_review_statements(actor, participation), _("You may not review stellingen here."))
    fields = Fields(data)
    action = fields.choice("action", ("approve", "refuse"), required=True)
    reason = fields.text("reason", max_length=REASON_MAX, required=action == "refuse", multiline=True)
    fields.check()
    if statement.status != "pending":
        raise Conflict(_("This stelling has been reviewed already."), code="reviewed")
    statement.status = "approved" if action == "approve" else "refused"
    statement.refusal_reason = reason if action == "refuse" else None
    statement.reviewed_by_id, statement.reviewed_at = actor.id, utcnow()
    audit(actor, f"statement_{action}", "statement", statement.id, reason or "", wijk=participation.wijken[0],
          organisation=participation.organisation)
    if statement.author is not None:
        with force_locale(statement.author.locale or "nl"):
            message = (_("Your stelling “%(text)s” is published.", text=statement.text) if action == "approve" else
                       _("Your stelling “%(text)s” is not published. Reason: %(reason)s", text=statement.text,
                         reason=reason))
            notify(statement.author, "stelling", message, path_for("participation.page",
                                                                   participation_id=participation.id))
    if action == "approve":
        _announce_statement(statement)
    commit()
    return statement


def _set_shown(statement: Statement, shown: bool) -> None:
    """Hide an approved stelling from the review queue after flags, or show it again: a hidden one is not voted
    on, not counted in new opinion groups and not exported; it goes out live by id only."""
    statement.status = "approved" if shown else "hidden"
    db.session.flush()
    if shown:
        _announce_statement(statement)
    else:
        announce_to_post(statement.participation, "statement_removed",
                         {"participation_id": statement.participation_id, "statement_id": statement.id})


def _announce_statement(statement: Statement) -> None:
    """Only approved stellingen go out live."""
    announce_to_post(statement.participation, "statement_added",
                     {"participation_id": statement.participation_id, "statement": statement_json(statement)})


# --- voting ------------------------------------------------------------------------------------------------

def vote(user, statement: Statement, data) -> StatementVote:
    """Eens (1), pas (0) or oneens (-1), optionally important; voting again changes the vote (never a second
    count). The counts are kept on write; the opinion groups are asked for."""
    require(can_vote(user, statement, followed_wijk_ids(user)), _("You may not vote here."))
    fields = Fields(data)
    value = fields.integer("value", minimum=-1, maximum=1, required=True)
    important = bool(fields.boolean("important"))
    fields.check()
    statement = lock(Statement, statement.id)
    cast = db.session.get(StatementVote, (statement.id, user.id))
    if cast is None:
        cast = StatementVote(statement_id=statement.id, user_id=user.id, participation_id=statement.participation_id,
                             value=value, important=important)
        db.session.add(cast)
        statement.participation.statement_set.vote_count += 1
        record_participant(user, statement.participation)
    else:
        _count(statement, cast.value, cast.important, -1)
        cast.value, cast.important, cast.updated_at = value, important, utcnow()
    _count(statement, value, important, 1)
    db.session.flush()
    announce_to_post(statement.participation, "statement_voted", {
        "participation_id": statement.participation_id, "statement_id": statement.id, "agree": statement.agree,
        "disagree": statement.disagree, "passes": statement.passes})
    request_groups(statement.participation)
    commit()
    return cast


def _count(statement: Statement, value: int, important: bool, step: int) -> None:
    name = {1: "agree", 0: "passes", -1: "disagree"}[value]
    setattr(statement, name, getattr(statement, name) + step)
    if important:
        statement.important += step


# --- opinion groups -------------------------------------------------------------------------------------------

def request_groups(participation: Participation) -> None:
    """Ask for the opinion groups to be computed, at most once per GROUPS_EVERY per set: in the job queue (or
    after this response); outside a request and without workers (the command line), at once."""
    rules = participation.statement_set
    now = utcnow()
    if rules.groups_requested_at is not None and now - rules.groups_requested_at < GROUPS_EVERY:
        return
    rules.groups_requested_at = now
    if can_defer():
        defer(compute_groups_job, participation.id)
    else:
        compute_groups(participation)


def compute_groups_job(participation_id: int) -> None:
    """The job: compute and keep a snapshot (the set may be gone by now)."""
    participation = db.session.get(Participation, participation_id)
    if participation is not None and participation.tool == "stellingen":
        compute_groups(participation)
        commit()


def compute_groups(participation: Participation) -> OpinionSnapshot:
    """Compute the groups from the approved stellingen's votes and keep them as the set's latest snapshot."""
    votes = db.session.execute(select(StatementVote.user_id, StatementVote.statement_id, StatementVote.value)
                               .join(Statement, and_(Statement.id == StatementVote.statement_id,
                                                     Statement.status == "approved"))
                               .where(StatementVote.participation_id == participation.id)).all()
    result = clustering.opinion_groups(votes)
    snapshot = OpinionSnapshot(participation_id=participation.id, computed_at=utcnow(),
                               participant_count=result.participant_count, groups={
        "groups": [{"size": len(g.members), "representative": [
            {"statement_id": o.statement_id, "direction": o.direction, "share": o.share, "others": o.others}
            for o in g.representative]} for g in result.groups],
        "consensus": [{"statement_id": sid, "share": share} for sid, share in result.consensus]},
        members={str(member): index for index, g in enumerate(result.groups) for member in g.members})
    db.session.execute(OpinionSnapshot.__table__.delete().where(OpinionSnapshot.participation_id == participation.id))
    db.session.add(snapshot)
    db.session.flush()
    announce_to_post(participation, "opinion_groups_updated", {
        "participation_id": participation.id, "computed_at": isoformat(snapshot.computed_at),
        "participant_count": snapshot.participant_count, "group_count": len(result.groups)})
    return snapshot


def refresh_groups(participation: Participation) -> bool:
    """Ask for new groups when votes came in after the latest snapshot (a vote inside the 10 s window does not
    ask by itself); True while they are being brought up to date."""
    last_vote = db.session.scalar(select(func.max(StatementVote.updated_at)).where(
        StatementVote.participation_id == participation.id))
    snapshot = latest_snapshot(participation)
    if last_vote is None or (snapshot is not None and snapshot.computed_at >= last_vote):
        return False
    request_groups(participation)
    commit()
    return True


def latest_snapshot(participation: Participation) -> OpinionSnapshot | None:
    return db.session.scalar(select(OpinionSnapshot).where(OpinionSnapshot.participation_id == participation.id)
                             .order_by(OpinionSnapshot.id.desc()).limit(1))


def opinion_groups(viewer, participation: Participation) -> dict:
    """The latest groups as `viewer` may see them (after MIN_VOTES votes; the owner always): their own group,
    each group's representative stellingen and the broadly supported ones, with when they were computed."""
    set_of(participation)
    cast = votes_cast(viewer, participation)
    if not can_see_groups(viewer, participation, cast):
        raise PermissionDenied(_("Vote on %(n)d stellingen to see the opinion groups.", n=clustering.MIN_VOTES))
    updating = refresh_groups(participation)
    snapshot = latest_snapshot(participation)
    if snapshot is None:
        return {"computed_at": None, "participant_count": 0, "groups": [], "consensus": [], "your_group": None,
                "votes_cast": cast, "updating": updating}
    texts = dict(db.session.execute(select(Statement.id, Statement.text).where(
        Statement.participation_id == participation.id, Statement.status == "approved")).all())

    def brief(statement_id):
        return {"id": statement_id, "text": texts[statement_id]}

    # a stelling hidden since the snapshot was computed is left out
    groups = [{"id": index, "size": g["size"], "representative": [
        {"statement": brief(o["statement_id"]), "direction": o["direction"], "share": o["share"],
         "others": o["others"]} for o in g["representative"] if o["statement_id"] in texts]}
        for index, g in enumerate(snapshot.groups["groups"])]
    mine = snapshot.members.get(str(viewer.id)) if getattr(viewer, "is_authenticated", False) else None
    return {"computed_at": isoformat(snapshot.computed_at), "participant_count": snapshot.participant_count,
            "groups": groups, "your_group": mine, "votes_cast": cast, "updating": updating,
            "consensus": [{"statement": brief(c["statement_id"]), "share": c["share"]}
                          for c in snapshot.groups["consensus"] if c["statement_id"] in texts]}


# --- the tool ------------------------------------------------------------------------------------------------

def set_context(viewer, participation: Participation) -> dict:
    """The set's part of the participation page: the card to vote on, progress, the rules, the groups' link."""
    taking_part = can_take_part(viewer, participation, followed_wijk_ids(viewer))
    cast = votes_cast(viewer, participation)
    preview = None if taking_part else db.session.scalar(select(Statement).where(
        Statement.participation_id == participation.id, Statement.status == "approved")
        .order_by(Statement.seed.desc(), Statement.id).limit(1))
    return {"rules": participation.statement_set, "preview": preview, "taking_part": taking_part,
            "card": next_statement(viewer, participation) if taking_part else None,
            "votes_cast": cast, "total": approved_count(participation), "min_votes": clustering.MIN_VOTES,
            "sees_groups": can_see_groups(viewer, participation, cast),
            "mine": own_statements(viewer, participation), "text_max": TEXT_MAX,
            "pending": len(statements(viewer, participation, "pending"))
            if can_review_statements(viewer, participation) else None}


content_target(ContentTarget(
    "statement", _l("Stelling"), _l("Your stelling"), Statement,
    post=lambda statement: statement.participation.post, can_view=can_view_statement,
    can_moderate=lambda user, statement: can_review_statements(user, statement.participation),
    is_shown=lambda statement: statement.status == "approved", set_shown=_set_shown,
    title=lambda statement: statement.text, body_html=lambda statement: str(escape(statement.text)),
    link=lambda statement: path_for("participation.page", participation_id=statement.participation_id)))
register_tool(Tool("stellingen", _l("Stellingen"), define=define_set, page="stellingen/_set.html",
                   context=set_context, describe=set_definition))
