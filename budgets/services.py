"""The budgetschuiver and the wijkbudget vote as tools of the participation frame: each checks its definition and
its answers, stores them with the tallies kept on write, and counts the results. The frame does the rest
(eligibility, one answer per person, rules frozen at the first answer, closing, outcome, result items)."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import ValidationError as PydanticError
from sqlalchemy import case, func, insert, select, update

from core.errors import Conflict, require
from core.extensions import db
from core.markup import render_markdown
from core.schemas import field_errors
from core.transactions import commit
from core.validation import Fields, row_id
from ideas.models import Idea
from participation.levels import ORIGINS
from participation.models import Participation, ResultItem
from participation.permissions import can_manage_participation
from participation.tools import Tool, register_tool
from wijken.models import Wijk

from . import forms, rules
from .models import (
    BudgetAmount,
    BudgetBallot,
    BudgetConsequence,
    BudgetLine,
    BudgetProject,
    BudgetSettings,
    BudgetSubmission,
    BudgetVoteSettings,
)
from .rules import money
from .schemas import (
    BudgetDecision,
    BudgetDefinition,
    BudgetResults,
    BudgetShown,
    Distribution,
    VoteBallotIn,
    VoteDefinition,
    VoteResults,
    VoteShown,
)


def _shaped(fields: Fields, model, data, prefix: str = ""):
    """`data` read through its shape, each error named by its path (`definition.lines.0.step`) in `fields`;
    None when bad."""
    try:
        return model.model_validate(data)
    except PydanticError as error:
        for name, message in field_errors(error).items():
            fields.error(prefix + name, message)
        return None


def _definition(fields: Fields, model, definition):
    if not isinstance(definition, dict):
        fields.error("definition", _("Give the tool's definition."))
        return None
    return _shaped(fields, model, definition, "definition.")


def _origins(model, participation: Participation) -> dict[str, int]:
    counted = dict(db.session.execute(select(model.origin, func.count()).where(
        model.participation_id == participation.id).group_by(model.origin)).all())
    return {origin: counted.get(origin, 0) for origin in ORIGINS}


# --- budgetschuiver: the definition ------------------------------------------------------------------------

def define_budget(fields, participation: Participation, definition, creating: bool) -> None:
    budget = _definition(fields, BudgetDefinition, definition)
    if budget is None:
        return
    for index, line in enumerate(budget.lines):
        _check_line(fields, f"definition.lines.{index}.", line)
    if budget.first_year and budget.last_year and budget.last_year < budget.first_year:
        fields.error("definition.last_year", _("The last year cannot be before the first."))
    if not fields.errors and (problem := rules.reachable(budget.rule, budget.total, budget.lines)):
        fields.error("definition.total", problem)
    if fields.errors:
        return
    if participation.budget is None:
        participation.budget = BudgetSettings()
    settings = participation.budget
    settings.total, settings.rule = budget.total, budget.rule
    settings.first_year, settings.last_year = budget.first_year, budget.last_year
    participation.budget_lines = [
        BudgetLine(position=i, label=line.label, current=line.current, minimum=line.minimum, maximum=line.maximum,
                   step=line.step, minimum_reason=line.minimum_reason or "", consequences=[
                       BudgetConsequence(delta=c.delta, text=c.text) for c in line.consequences])
        for i, line in enumerate(budget.lines)]


def _check_line(fields, prefix: str, line) -> None:
    if not line.minimum <= line.current <= line.maximum:
        fields.error(prefix + "current", _("Today's amount must lie between the minimum and the maximum."))
    elif (line.current - line.minimum) % line.step or (line.maximum - line.current) % line.step:
        fields.error(prefix + "step", _("The minimum and the maximum must be whole steps from today's amount."))
        return
    seen = set()
    for index, item in enumerate(line.consequences):
        name = f"{prefix}consequences.{index}.delta"
        if item.delta == 0 or item.delta % line.step:
            fields.error(name, _("A change is a whole number of steps of %(step)s, up or down.",
                                 step=money(line.step)))
        elif not line.minimum <= line.current + item.delta <= line.maximum:
            fields.error(name, _("This change goes beyond the minimum or the maximum."))
        elif item.delta in seen:
            fields.error(name, _("This change already has a consequence."))
        seen.add(item.delta)


def budget_json(participation: Participation) -> dict | None:
    settings = participation.budget
    if settings is None:
        return None
    return {"total": settings.total, "rule": settings.rule, "first_year": settings.first_year,
            "last_year": settings.last_year, "lines": [_line_json(line) for line in participation.budget_lines]}


def _line_json(line: BudgetLine) -> dict:
    return {"id": line.id, "label": line.label, "current": line.current, "minimum": line.minimum,
            "maximum": line.maximum, "step": line.step, "minimum_reason": line.minimum_reason,
            "decided": line.decided,
            "consequences": [{"delta": c.delta, "text": c.text} for c in line.consequences]}


# --- budgetschuiver: a distribution ------------------------------------------------------------------------

def read_distribution(participation: Participation, data) -> tuple[dict[int, int], str | None]:
    """Every line within its limits and in its steps, together keeping the rule; an optional explanation."""
    fields = Fields(data)
    distribution = _shaped(fields, Distribution, data)
    if distribution is None:
        fields.check()
    amounts = _line_amounts(fields, participation, distribution.amounts, off_grid=True)
    if not fields.errors:
        settings = participation.budget
        breach = rules.rule_breach(settings.rule, settings.total, sum(amounts.values()))
        if breach:
            fields.error("amounts", breach)
    fields.check()
    return amounts, distribution.explanation


def _line_amounts(fields: Fields, participation: Participation, given: dict, off_grid: bool) -> dict[int, int]:
    """An amount for every line of the budget (and nothing else); `off_grid`: within its limits and steps."""
    lines = {line.id: line for line in participation.budget_lines}
    for key in given:
        if row_id(key) not in lines:
            fields.error(f"amounts.{key}", _("No such line."))
    amounts = {}
    for line_id, line in lines.items():
        amount = given.get(str(line_id))
        problem = (_("Give an amount for this line.") if amount is None else
                   rules.off_grid(line, amount) if off_grid else None)
        if problem:
            fields.error(f"amounts.{line_id}", problem)
        amounts[line_id] = amount
    return amounts


def record_distribution(participation: Participation, ballot, origin: str, user_id) -> BudgetSubmission:
    amounts, explanation = ballot
    submission = BudgetSubmission(participation_id=participation.id, user_id=user_id, origin=origin,
                                  explanation=explanation)
    db.session.add(submission)
    db.session.flush()
    db.session.execute(insert(BudgetAmount), [{"submission_id": submission.id, "line_id": line_id, "amount": amount}
                                              for line_id, amount in amounts.items()])
    raised = [line.id for line in participation.budget_lines if amounts[line.id] > line.current]
    lowered = [line.id for line in participation.budget_lines if amounts[line.id] < line.current]
    if raised or lowered:  # one statement for every line that moved
        db.session.execute(update(BudgetLine).where(BudgetLine.id.in_(raised + lowered)).values(
            raised=BudgetLine.raised + case((BudgetLine.id.in_(raised), 1), else_=0),
            lowered=BudgetLine.lowered + case((BudgetLine.id.in_(lowered), 1), else_=0))
            .execution_options(synchronize_session=False))
    for line in participation.budget_lines:
        db.session.expire(line, ["raised", "lowered"])
    return submission


def budget_results(participation: Participation) -> dict:
    """Per line the median and the quartiles of all submissions, the share that raised or lowered it, and the
    residents' budget: the medians balanced by the rule. Two queries, whatever the number of submissions."""
    settings, lines = participation.budget, participation.budget_lines
    sorted_amounts: dict[int, list[int]] = {line.id: [] for line in lines}
    for line_id, amount in db.session.execute(select(BudgetAmount.line_id, BudgetAmount.amount).where(
            BudgetAmount.line_id.in_(list(sorted_amounts))).order_by(BudgetAmount.line_id, BudgetAmount.amount)):
        sorted_amounts[line_id].append(amount)
    medians = {line.id: rules.median(sorted_amounts[line.id]) for line in lines}
    collective = rules.fit(settings.rule, settings.total, lines, {
        line.id: line.current if medians[line.id] is None else medians[line.id] for line in lines})
    count = participation.participant_count or 1
    decided = [line.decided for line in lines]
    return {
        "participant_count": participation.participant_count,
        "origins": _origins(BudgetSubmission, participation),
        "total": settings.total, "rule": settings.rule,
        "lines": [{"id": line.id, "label": line.label, "current": line.current, "median": medians[line.id],
                   "low": rules.quantile(sorted_amounts[line.id], 0.25),
                   "high": rules.quantile(sorted_amounts[line.id], 0.75),
                   "raised": round(line.raised / count, 4), "lowered": round(line.lowered / count, 4),
                   "collective": collective[line.id], "decided": line.decided} for line in lines],
        "collective_total": sum(collective.values()),
        "decided_total": None if None in decided else sum(decided),
    }


def set_decision(actor, participation: Participation, data) -> Participation:
    """The real decision per line, once the budgetschuiver is closed: shown beside the residents' budget."""
    require(can_manage_participation(actor, participation), _("You may not change the results."))
    if participation.tool != "budgetschuiver":
        raise Conflict(_("Only a budgetschuiver has budget lines."), code="not_a_budget")
    if participation.status != "closed":
        raise Conflict(_("Close the participation before entering the decision."), code="not_closed")
    fields = Fields(data)
    decision = _shaped(fields, BudgetDecision, data)
    fields.check()
    amounts = _line_amounts(fields, participation, decision.amounts, off_grid=False)
    fields.check()
    for line in participation.budget_lines:
        line.decided = amounts[line.id]
    commit()
    return participation


def budget_form(participation: Participation, values) -> dict:
    """The form's lines as typed (`values`: a form; empty: as today), each with its consequence, and how the sum
    stands: the page's part of the budgetschuiver."""
    settings = participation.budget
    shown = []
    for line in participation.budget_lines:
        amount = forms.typed_amount(values.get(f"line-{line.id}"), line.current)
        shown.append({"line": line, "amount": amount, "consequence": rules.consequence(line, amount),
                      "change": amount - line.current,
                      "consequences": [[c.delta, c.text] for c in line.consequences]})
    spent = sum(item["amount"] for item in shown)
    return {"lines": shown, "spent": spent, "breach": rules.rule_breach(settings.rule, settings.total, spent),
            "standing": rules.standing(settings.rule, settings.total, spent),
            "standings": rules.standings(settings.rule), "explanation": values.get("explanation", "")}


IDEA_CHOICES = 50  # ideas offered to take into a vote


# --- wijkbudget vote ---------------------------------------------------------------------------------------

def define_vote(fields, participation: Participation, definition, creating: bool) -> None:
    vote = _definition(fields, VoteDefinition, definition)
    if vote is None:
        return
    if vote.rule == "approval" and vote.max_projects is None:
        fields.error("definition.max_projects", _("Say how many projects a ballot may choose."))
    if vote.rule == "minimum_spend" and vote.min_spend_percent is None:
        fields.error("definition.min_spend_percent", _("Say which part of the budget a ballot must spend."))
    ideas = {idea.id: idea for idea in db.session.scalars(select(Idea).where(
        Idea.id.in_([p.idea for p in vote.projects if p.idea])))}
    for index, project in enumerate(vote.projects):
        if project.cost > vote.budget:
            fields.error(f"definition.projects.{index}.cost", _("This costs more than the whole budget."))
        if project.idea and (problem := idea_problem(ideas.get(project.idea), participation)):
            fields.error(f"definition.projects.{index}.idea", problem)
        elif not project.idea and not project.title:
            fields.error(f"definition.projects.{index}.title", _("Give the project a title."))
    if fields.errors:
        return
    if participation.vote is None:
        participation.vote = BudgetVoteSettings()
    settings = participation.vote
    settings.budget, settings.rule = vote.budget, vote.rule
    settings.max_projects = vote.max_projects if vote.rule == "approval" else None
    settings.min_spend_percent = vote.min_spend_percent if vote.rule == "minimum_spend" else None
    participation.projects = [_project(i, p, ideas.get(p.idea)) for i, p in enumerate(vote.projects)]


def _project(position: int, given, idea: Idea | None) -> BudgetProject:
    """A project as given; what is not given comes from its idea."""
    body = given.body or (idea.body if idea else "")
    return BudgetProject(position=position, title=given.title or idea.title, body=body,
                         body_html=render_markdown(body) if body else "",
                         location=given.location or (idea.location if idea else ""), cost=given.cost, idea=idea)


def idea_problem(idea: Idea | None, participation: Participation) -> str | None:
    """Why this idea cannot become a project of the vote, or None: it must be a shown idea of a published idea
    round in one of the vote's wijken, not rejected or merged."""
    if idea is None or idea.status != "published" or idea.participation.status == "draft":
        return _("No such idea.")
    if idea.state in ("rejected", "merged"):
        return _("This idea was not adopted or was merged into another.")
    if not {w.id for w in idea.participation.wijken} & {w.id for w in participation.wijken}:
        return _("This idea belongs to another wijk.")
    return None


def idea_choices(wijken) -> list[Idea]:
    """Ideas the owner may take into a vote in these wijken: the most supported first."""
    wijk_ids = [w.id for w in wijken]
    return list(db.session.scalars(
        select(Idea).join(Participation, Participation.id == Idea.participation_id)
        .where(Participation.tool == "ideas", Participation.status != "draft",
               Participation.wijken.any(Wijk.id.in_(wijk_ids)), Idea.status == "published",
               Idea.state.not_in(("rejected", "merged")))
        .order_by(Idea.support_count.desc(), Idea.id.desc()).limit(IDEA_CHOICES)))


def vote_json(participation: Participation) -> dict | None:
    settings = participation.vote
    if settings is None:
        return None
    return {"budget": settings.budget, "rule": settings.rule, "max_projects": settings.max_projects,
            "min_spend_percent": settings.min_spend_percent,
            "projects": [{"id": p.id, "title": p.title, "body_html": p.body_html, "location": p.location,
                          "cost": p.cost, "idea_id": p.idea_id} for p in participation.projects]}


def ballot_breach(settings: BudgetVoteSettings, chosen: list[BudgetProject]) -> str | None:
    """Why a ballot with these projects breaks the vote's rule, or None."""
    if not chosen:
        return _("Choose one or more projects.")
    cost = sum(p.cost for p in chosen)
    if settings.rule == "approval" and len(chosen) > settings.max_projects:
        return _("Choose at most %(n)d projects.", n=settings.max_projects)
    if cost > settings.budget:
        return _("Together %(cost)s: %(over)s more than the budget of %(budget)s.", cost=money(cost),
                 over=money(cost - settings.budget), budget=money(settings.budget))
    if settings.rule == "minimum_spend" and cost * 100 < settings.budget * settings.min_spend_percent:
        return _("Together %(cost)s: choose projects for at least %(minimum)s (%(percent)d%% of the budget).",
                 cost=money(cost), minimum=money(settings.budget * settings.min_spend_percent / 100),
                 percent=settings.min_spend_percent)
    return None


def read_vote(participation: Participation, data) -> list[int]:
    fields = Fields(data)
    ballot = _shaped(fields, VoteBallotIn, data)
    fields.check()
    chosen, known = ballot.projects, {p.id: p for p in participation.projects}
    if len(set(chosen)) != len(chosen):
        fields.error("projects", _("Choose each project once."))
    elif not set(chosen) <= set(known):
        fields.error("projects", _("No such project."))
    elif breach := ballot_breach(participation.vote, [known[i] for i in chosen]):
        fields.error("projects", breach)
    fields.check()
    return chosen


def record_vote(participation: Participation, chosen: list[int], origin: str, user_id) -> BudgetBallot:
    ballot = BudgetBallot(participation_id=participation.id, user_id=user_id, origin=origin, projects=chosen)
    db.session.add(ballot)
    db.session.execute(update(BudgetProject).where(BudgetProject.id.in_(chosen)).values(votes=BudgetProject.votes + 1)
                       .execution_options(synchronize_session=False))
    for project in participation.projects:
        db.session.expire(project, ["votes"])
    return ballot


def vote_results(participation: Participation) -> dict:
    settings = participation.vote
    ranking = rules.greedy_winners(participation.projects, settings.budget)
    cut_off = next((f.project.id for f in ranking if not f.funded and f.votes), None)
    return {
        "participant_count": participation.participant_count,
        "origins": _origins(BudgetBallot, participation),
        "budget": settings.budget,
        "projects": [{"id": f.project.id, "title": f.project.title, "cost": f.project.cost, "votes": f.votes,
                      "funded": f.funded, "left_before": f.left_before, "reason": f.reason} for f in ranking],
        "spent": sum(f.project.cost for f in ranking if f.funded),
        "cut_off": cut_off,
    }


def winners_become_result_items(actor, participation: Participation) -> None:
    """With the outcome, each funded project becomes a result item whose progress the owner keeps up to date."""
    for funding in rules.greedy_winners(participation.projects, participation.vote.budget):
        if funding.funded:
            item = ResultItem(title=funding.project.title)
            participation.result_items.append(item)
            idea = funding.project.idea
            if idea is not None and idea.result_item is None:
                idea.result_item = item  # the idea's page follows the project's progress


def vote_form(participation: Participation, chosen_ids) -> dict:
    """The ballot as typed (`chosen_ids`: the ticked projects): their cost, and what breaks the rule."""
    chosen = [p for p in participation.projects if p.id in chosen_ids]
    return {"chosen": {p.id for p in chosen}, "cost": sum(p.cost for p in chosen),
            "breach": ballot_breach(participation.vote, chosen) if chosen else None}


register_tool(Tool("budgetschuiver", _l("Budgetschuiver"), define=define_budget, page="budgets/_schuiver.html",
                   context=lambda viewer, participation: budget_form(participation, {}), describe=budget_json,
                   results=budget_results, ballot=read_distribution, record=record_distribution,
                   form="budgets/_edit_schuiver.html", form_values=forms.schuiver_values, read_form=forms.read_schuiver,
                   officer_form="budgets/_officer_schuiver.html", officer_ballot=forms.distribution_from_form,
                   definition_in=BudgetDefinition, definition_out=BudgetShown, answer=Distribution,
                   results_shape=BudgetResults))
register_tool(Tool("budget_vote", _l("Wijkbudget vote"), define=define_vote, page="budgets/_vote.html",
                   context=lambda viewer, participation: vote_form(participation, ()), describe=vote_json,
                   results=vote_results, ballot=read_vote, record=record_vote, outcome=winners_become_result_items,
                   form="budgets/_edit_vote.html", form_values=forms.vote_values, read_form=forms.read_vote,
                   officer_form="budgets/_officer_vote.html", officer_ballot=forms.ballot_from_form,
                   definition_in=VoteDefinition, definition_out=VoteShown, answer=VoteBallotIn,
                   results_shape=VoteResults))
