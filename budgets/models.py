"""The two money tools of the participation frame: the budgetschuiver (budget lines residents move within
their limits, each submission kept per line) and the wijkbudget vote (projects with a cost, ballots)."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.timeutil import utcnow
from ideas.models import Idea
from participation.models import Participation


class BudgetSettings(db.Model):
    """A budgetschuiver's total, the years it covers and its rule (budgets.rules.RULES)."""
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"),
                                                  primary_key=True)
    total: Mapped[int]  # whole euros
    rule: Mapped[str] = mapped_column(String(16))
    first_year: Mapped[int | None]
    last_year: Mapped[int | None]

    participation: Mapped[Participation] = relationship(
        backref=db.backref("budget", uselist=False, cascade="all, delete-orphan", lazy="joined"))


class BudgetLine(db.Model):
    """One line: today's amount, the limits (with why a minimum is fixed), the step, and once decided the real
    amount. `raised` and `lowered` count the submissions that moved it, kept on write."""
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(140))
    current: Mapped[int]
    minimum: Mapped[int]
    maximum: Mapped[int]
    step: Mapped[int]
    minimum_reason: Mapped[str] = mapped_column(String(300), default="")
    decided: Mapped[int | None]
    raised: Mapped[int] = mapped_column(default=0)
    lowered: Mapped[int] = mapped_column(default=0)

    consequences: Mapped[list["BudgetConsequence"]] = relationship(
        order_by="BudgetConsequence.delta", cascade="all, delete-orphan", lazy="selectin")


Participation.budget_lines = relationship(BudgetLine, order_by=BudgetLine.position, cascade="all, delete-orphan")


class BudgetConsequence(db.Model):
    """What a change of `delta` euros (a whole number of steps, up or down) means for the line."""
    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("budget_line.id", ondelete="CASCADE"), index=True)
    delta: Mapped[int]
    text: Mapped[str] = mapped_column(String(300))


class BudgetSubmission(db.Model):
    """One distribution. `user_id` only where the identity setting allows it (paper ones carry their origin)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    origin: Mapped[str] = mapped_column(String(8), default="online")
    explanation: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BudgetAmount(db.Model):
    """A submission's amount for one line: the medians are read per line, in amount order."""
    __table_args__ = (Index("ix_budget_amount_line_amount", "line_id", "amount"),)
    submission_id: Mapped[int] = mapped_column(ForeignKey("budget_submission.id", ondelete="CASCADE"),
                                               primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("budget_line.id", ondelete="CASCADE"), primary_key=True)
    amount: Mapped[int]


class BudgetVoteSettings(db.Model):
    """A wijkbudget vote's money and rule: `knapsack` (projects within the budget), `approval` (at most
    `max_projects`) or `minimum_spend` (at least `min_spend_percent` of the budget, and within it)."""
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"),
                                                  primary_key=True)
    budget: Mapped[int]
    rule: Mapped[str] = mapped_column(String(16))
    max_projects: Mapped[int | None]
    min_spend_percent: Mapped[int | None]

    participation: Mapped[Participation] = relationship(
        backref=db.backref("vote", uselist=False, cascade="all, delete-orphan", lazy="joined"))


class BudgetProject(db.Model):
    """A project on the ballot; `votes` is kept on write."""
    __table_args__ = (UniqueConstraint("participation_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(140))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    cost: Mapped[int]
    votes: Mapped[int] = mapped_column(default=0)
    # The idea of an idea round it was made from (a funded project becomes that idea's result item too).
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("idea.id", ondelete="SET NULL"), index=True)

    idea: Mapped[Idea | None] = relationship(lazy="joined")


Participation.projects = relationship(BudgetProject, order_by=BudgetProject.position, cascade="all, delete-orphan")


class BudgetBallot(db.Model):
    """One ballot: the chosen projects' ids. `user_id` as for submissions."""
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    origin: Mapped[str] = mapped_column(String(8), default="online")
    projects: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
