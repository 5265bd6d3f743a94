"""Participants per participation and origin (online, paper, booth, phone), from what each tool keeps.

Polls keep a Response per answer, budget tools a submission or ballot per answer, surveys their counts per origin
on the participation (`origin_counts`); every tool counts `participant_count`. Whatever no tool assigns to an origin
was given online (idea rounds, stellingen and the moodboard take answers online only)."""
from collections import defaultdict

from sqlalchemy import func, select

from budgets.models import BudgetBallot, BudgetSubmission
from core.extensions import db
from participation.levels import ORIGINS
from participation.models import Participation, Response


def origin_counts(participation_ids: list[int]) -> dict[int, dict[str, int]]:
    """{participation id: {origin: participants}} in four queries, whatever the number of participations."""
    if not participation_ids:
        return {}
    known: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for model in (Response, BudgetSubmission, BudgetBallot):
        for pid, origin, n in db.session.execute(
                select(model.participation_id, model.origin, func.count())
                .where(model.participation_id.in_(participation_ids))
                .group_by(model.participation_id, model.origin)):
            known[pid][origin] += n
    out = {}
    for pid, total, stored in db.session.execute(select(Participation.id, Participation.participant_count,
                                                        Participation.origin_counts)
                                                 .where(Participation.id.in_(participation_ids))):
        counts = known[pid]
        for origin, n in (stored or {}).items():
            counts[origin] += n
        counts["online"] += max(0, total - sum(counts.values()))
        out[pid] = {origin: counts.get(origin, 0) for origin in ORIGINS}
    return out
