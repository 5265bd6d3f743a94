"""The budget tools' forms: the resident's answer and the officer screen's (`line-<id>` amounts, ticked
`project`s), and their part of the participation editor (participation.editor, through the tool's `form`,
`form_values` and `read_form`): rows of number fields that work without JavaScript. A budgetschuiver is a total,
its rule and rows of lines, each with its consequences one per line ("-20000: De speeltuin gaat één dag per week
dicht"); a wijkbudget vote is its budget, its rule and rows of projects, to which ideas of the wijk's idea rounds
can be added ("Add the ticked ideas"). Empty rows are skipped; the rest becomes the API's `definition`, so the
services check the form and the API the same way and their errors come back beside the rows."""
import re

from core.extensions import db
from core.validation import row_id
from ideas.models import Idea

from .models import BudgetLine, BudgetProject
from .rules import RULES, VOTE_RULES

ROWS_MAX = 60  # rows read from one form, whatever it claims
LINE_ROWS, PROJECT_ROWS = 5, 6  # empty rows a new form shows
LINE_FIELDS = ("label", "current", "minimum", "maximum", "step", "minimum_reason", "consequences")
PROJECT_FIELDS = ("title", "cost", "location", "body", "idea")
_EUROS = re.compile(r"[+-]?\d{1,10}")


def euros(typed):
    """A typed amount as whole euros: "20.000", "€ 20 000" and "−20000" are read; anything else stays as typed (for
    the services to refuse beside the field), and nothing is None."""
    text = (typed or "").strip()
    cleaned = re.sub(r"[€\s.]", "", text.replace("−", "-"))
    return int(cleaned) if _EUROS.fullmatch(cleaned) else (text or None)


def _rows(form, prefix: str, names: tuple) -> list[dict]:
    count = form.get(f"{prefix}_rows", "")
    count = min(int(count), ROWS_MAX) if count.isdigit() and len(count) < 4 else 0
    rows = [{name: form.get(f"{prefix}{i}-{name}", "") for name in names} for i in range(count)]
    return [row for row in rows if any(str(value).strip() for value in row.values())]


def _consequences(text: str) -> list[dict]:
    """ "-20000: text" per line; a line without a colon is a consequence without its change (refused beside it)."""
    found = []
    for line in (text or "").splitlines():
        if line.strip():
            delta, colon, said = line.partition(":")
            found.append({"delta": euros(delta), "text": said.strip()} if colon else {"delta": None,
                                                                                     "text": line.strip()})
    return found


def _number(typed):
    return euros(typed) if (typed or "").strip() else None


# --- budgetschuiver ----------------------------------------------------------------------------------------

def schuiver_values(participation) -> dict:
    settings = participation.budget
    return {"budget": {"total": settings.total, "rule": settings.rule, "first_year": settings.first_year or "",
                       "last_year": settings.last_year or "",
                       "lines": [_line_row(line) for line in participation.budget_lines]}}


def _line_row(line: BudgetLine) -> dict:
    return {"label": line.label, "current": line.current, "minimum": line.minimum, "maximum": line.maximum,
            "step": line.step, "minimum_reason": line.minimum_reason,
            "consequences": "\n".join(f"{c.delta:+d}: {c.text}" for c in line.consequences)}


def read_schuiver(form) -> tuple[dict, dict]:
    rows = _rows(form, "line", LINE_FIELDS)
    values = {"total": form.get("budget_total", ""), "rule": form.get("budget_rule", ""),
              "first_year": form.get("first_year", ""), "last_year": form.get("last_year", ""), "lines": rows}
    definition = {"total": _number(values["total"]), "rule": values["rule"] if values["rule"] in RULES else None,
                  "first_year": _number(values["first_year"]), "last_year": _number(values["last_year"]),
                  "lines": [{"label": row["label"], "current": _number(row["current"]),
                             "minimum": _number(row["minimum"]), "maximum": _number(row["maximum"]),
                             "step": _number(row["step"]), "minimum_reason": row["minimum_reason"] or None,
                             "consequences": _consequences(row["consequences"])} for row in rows]}
    return {"budget": values}, definition


# --- wijkbudget vote ---------------------------------------------------------------------------------------

def vote_values(participation) -> dict:
    settings = participation.vote
    return {"vote": {"budget": settings.budget, "rule": settings.rule, "max_projects": settings.max_projects or "",
                     "min_spend_percent": settings.min_spend_percent or "",
                     "projects": [_project_row(p) for p in participation.projects]}}


def _project_row(project: BudgetProject) -> dict:
    return {"title": project.title, "cost": project.cost, "location": project.location, "body": project.body,
            "idea": project.idea_id or ""}


def read_vote(form) -> tuple[dict, dict]:
    """With "Add the ticked ideas", each ticked idea not yet a project becomes a row (its cost still to fill in);
    the services check the ideas when the form is saved."""
    rows = _rows(form, "project", PROJECT_FIELDS)
    if form.get("action") == "ideas":
        present = {row_id(row["idea"]) for row in rows}
        ticked = [i for i in dict.fromkeys(row_id(v) for v in form.getlist("add_idea")) if i and i not in present]
        for idea in (db.session.get(Idea, i) for i in ticked[:ROWS_MAX]):
            if idea is not None and idea.status == "published" and idea.participation.status != "draft":
                rows.append({"title": idea.title, "cost": "", "location": idea.location, "body": idea.body,
                             "idea": idea.id})
    values = {"budget": form.get("vote_budget", ""), "rule": form.get("vote_rule", ""),
              "max_projects": form.get("max_projects", ""), "min_spend_percent": form.get("min_spend_percent", ""),
              "projects": rows}
    definition = {"budget": _number(values["budget"]),
                  "rule": values["rule"] if values["rule"] in VOTE_RULES else None,
                  "max_projects": _number(values["max_projects"]),
                  "min_spend_percent": _number(values["min_spend_percent"]),
                  "projects": [{"title": row["title"] or None, "cost": _number(row["cost"]),
                                "location": row["location"] or None, "body": row["body"] or None,
                                "idea": row_id(row["idea"]) if row["idea"] else None} for row in rows]}
    return {"vote": values}, definition


# --- an answer (the resident's form, the officer screen) -----------------------------------------------------

def typed_amount(typed, default):
    """A form's amount (whole euros, digits only); `default` when there is none."""
    typed = typed.strip() if isinstance(typed, str) else ""
    return int(typed) if typed.isascii() and typed.isdigit() and len(typed) <= 10 else default


def line_amounts(participation, form) -> dict[str, int | str]:
    """The form's `line-<id>` fields as the API's `amounts` (text that is not a number stays, to be refused)."""
    amounts = {}
    for line in participation.budget_lines:
        typed = form.get(f"line-{line.id}", "")
        amounts[str(line.id)] = typed_amount(typed, typed or None)
    return amounts


def distribution_from_form(participation, form) -> dict:
    return {"amounts": line_amounts(participation, form)}


def ballot_from_form(participation, form) -> dict:
    """The ticked projects (a resident's ballot, or one from paper)."""
    return {"projects": [row_id(v) for v in form.getlist("project") if row_id(v)]}
