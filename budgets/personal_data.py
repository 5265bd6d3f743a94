"""A person's budgets and ballots: exported with line and project names; on deletion they lose the name and the
explanation (the tallies stay, the answers were given)."""
from sqlalchemy import select, update

from accounts.models import User
from accounts.personal_data import erases, exports
from core.extensions import db
from core.timeutil import isoformat

from .models import BudgetAmount, BudgetBallot, BudgetLine, BudgetProject, BudgetSubmission


@exports("budgets")
def _budgets(user: User) -> list[dict]:
    submissions = list(db.session.scalars(select(BudgetSubmission).where(BudgetSubmission.user_id == user.id)
                                          .order_by(BudgetSubmission.id)))
    amounts: dict[int, dict[str, int]] = {s.id: {} for s in submissions}
    for submission_id, label, amount in db.session.execute(
            select(BudgetAmount.submission_id, BudgetLine.label, BudgetAmount.amount)
            .join(BudgetLine, BudgetLine.id == BudgetAmount.line_id)
            .where(BudgetAmount.submission_id.in_(list(amounts))).order_by(BudgetLine.position)):
        amounts[submission_id][label] = amount
    return [{"participation_id": s.participation_id, "submitted_at": isoformat(s.created_at),
             "amounts": amounts[s.id], "explanation": s.explanation} for s in submissions]


@exports("budget_ballots")
def _ballots(user: User) -> list[dict]:
    ballots = list(db.session.scalars(select(BudgetBallot).where(BudgetBallot.user_id == user.id)
                                      .order_by(BudgetBallot.id)))
    ids = {i for b in ballots for i in b.projects}
    titles = dict(db.session.execute(select(BudgetProject.id, BudgetProject.title)
                                     .where(BudgetProject.id.in_(ids))).all())
    return [{"participation_id": b.participation_id, "voted_at": isoformat(b.created_at),
             "projects": [titles.get(i) for i in b.projects]} for b in ballots]


@erases
def _forget(user: User, content: str) -> None:
    db.session.execute(update(BudgetSubmission).where(BudgetSubmission.user_id == user.id)
                       .values(user_id=None, explanation=None).execution_options(synchronize_session=False))
    db.session.execute(update(BudgetBallot).where(BudgetBallot.user_id == user.id).values(user_id=None)
                       .execution_options(synchronize_session=False))
