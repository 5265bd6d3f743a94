"""The HTML form to create and change a participation (a poll, a survey, or a tool that brings its part of the
form: participation.tools `form`) for an organisation's posters and admins. It works without JavaScript: a
survey is a list of question rows (a row's "part" groups it with the rows around it into a section), and "More
rows" shows empty ones. The form becomes the API's request body, so the services check both the same way
(docs/api.md), and their errors come back beside the fields."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.errors import AppError, PermissionDenied, ValidationError
from core.timeutil import to_local
from wijken.models import Wijk
from wijken.services import wijk_by_slug
from wijken.views import wijk_page_extra

from . import services
from .levels import ELIGIBILITY, IDENTITIES, LEVELS, RESULTS_VISIBILITY
from .permissions import can_create_participation, can_manage_participation
from .survey_models import has_drafts
from .surveys import KINDS, SCALES
from .tools import TOOLS, editable_tools
from .views import bp, limited

EMPTY_ROWS, PHASE_ROWS = 3, 2
FRAME = ("title", "body", "level", "promise_extra", "decision_owner", "kaders", "opens_at", "closes_at",
         "feedback_due", "eligibility", "identity", "results_visibility")
LOCKED_ONCE_PUBLISHED = ("level", "opens_at")


def _organisations(wijk: Wijk) -> list:
    """The organisations the current user may ask this wijk something for."""
    if not getattr(current_user, "is_authenticated", False):
        return []
    return [m.organisation for m in current_user.memberships
            if can_create_participation(current_user, m.organisation, [wijk])]


@wijk_page_extra
def _ask_button(wijk) -> dict:
    """The wijk page offers posters of a serving organisation to ask the wijk something."""
    return {"ask_wijk_url": url_for("participation.new", wijk=wijk.slug) if _organisations(wijk) else None}


def _moment(value) -> str:
    return to_local(value).strftime("%Y-%m-%dT%H:%M") if value else ""


def _values_of(participation) -> dict:
    """The form's values for an existing participation."""
    values = {name: getattr(participation, name) or "" for name in FRAME}
    values |= {name: _moment(getattr(participation, name)) for name in ("opens_at", "closes_at", "feedback_due")}
    values["phases"] = participation.phases or []
    if participation.tool == "poll":
        values |= {"options": "\n".join(o.label for o in participation.options),
                   "max_choices": participation.poll.max_choices, "allow_other": participation.poll.allow_other}
    elif participation.tool == "survey":
        keys = {q.key: n for n, q in enumerate(participation.questions, start=1)}
        values["questions"] = [_row_of(q, section.title, keys) for section in participation.sections
                               for q in section.questions]
    elif TOOLS[participation.tool].form_values:
        values |= TOOLS[participation.tool].form_values(participation)
    return values


def _row_of(q, section: str, keys: dict) -> dict:
    condition = q.show_if or {}
    target = next((p for p in q.participation.questions if p.key == condition.get("question")), None)
    return {"section": section, "kind": q.kind, "text": q.text, "help": q.help, "required": q.required,
            "options": "\n".join(q.options), "rows": "\n".join(q.rows), "scale_max": q.scale_max or SCALES[0],
            "low_label": q.low_label, "high_label": q.high_label, "max_choices": q.max_choices or "",
            "show_if": str(keys.get(condition.get("question"), "")),
            "show_if_options": ", ".join(target.options[i] for i in condition.get("options", [])) if target else ""}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _question_rows(form) -> list[dict]:
    count = min(int(form.get("rows", "0")) if form.get("rows", "").isdigit() else 0, 100)
    rows = []
    for i in range(count):
        get = lambda name, i=i: form.get(f"q{i}-{name}", "")  # noqa: E731
        rows.append({"section": get("section").strip(), "kind": get("kind"), "text": get("text"),
                     "help": get("help"), "required": bool(get("required")), "options": get("options"),
                     "rows": get("rows"), "scale_max": get("scale_max"), "low_label": get("low_label"),
                     "high_label": get("high_label"), "max_choices": get("max_choices"),
                     "show_if": get("show_if"), "show_if_options": get("show_if_options")})
    return rows


def _survey_definition(rows: list[dict]) -> tuple[dict, dict]:
    """Rows with a question become questions (keys q1, q2, ... by row number, so a condition can name a row);
    a row's part starts a new section when it differs from the row before. Also where each question came
    from: (section, question) -> row index, to put the services' errors beside their row."""
    sections: list[dict] = []
    where: dict[tuple[int, int], int] = {}
    kept = [(n, row) for n, row in enumerate(rows, start=1) if row["text"].strip()]
    by_row = dict(kept)
    for n, row in kept:
        title = row["section"] or (sections[-1]["title"] if sections else _("Questions"))
        if not sections or sections[-1]["title"] != title:
            sections.append({"title": title, "questions": []})
        where[(len(sections) - 1, len(sections[-1]["questions"]))] = n - 1
        sections[-1]["questions"].append(_question(n, row, by_row))
    return {"sections": sections}, where


def _question(n: int, row: dict, by_row: dict) -> dict:
    question = {"key": f"q{n}", "kind": row["kind"], "text": row["text"], "help": row["help"] or None,
                "required": row["required"]}
    if row["kind"] in ("single", "multiple", "matrix", "ranking"):
        question["options"] = _lines(row["options"])
    if row["kind"] == "matrix":
        question["rows"] = _lines(row["rows"])
    if row["kind"] == "multiple" and row["max_choices"]:
        question["max_choices"] = row["max_choices"]
    if row["kind"] == "scale":
        question |= {"scale_max": row["scale_max"] or SCALES[0], "low_label": row["low_label"] or None,
                     "high_label": row["high_label"] or None}
    if row["show_if"]:
        question["show_if"] = _condition(row, by_row)
    return question


def _row_errors(errors: dict, rows: list[dict]) -> dict[int, list[str]]:
    """The services' errors of survey questions (`definition.sections.S.questions.Q.…`) by form row."""
    _definition, where = _survey_definition(rows)
    found: dict[int, list[str]] = {}
    for name, message in errors.items():
        parts = name.split(".")
        if len(parts) >= 5 and parts[:2] == ["definition", "sections"] and parts[3] == "questions" \
                and parts[2].isdigit() and parts[4].isdigit():
            row = where.get((int(parts[2]), int(parts[4])))
            if row is not None:
                found.setdefault(row, []).append(message)
    return found


def _condition(row: dict, by_row: dict) -> dict:
    target_row = int(row["show_if"]) if row["show_if"].isdigit() and len(row["show_if"]) < 4 else 0
    target = by_row.get(target_row)
    labels = [label.strip().casefold() for label in row["show_if_options"].split(",") if label.strip()]
    options = _lines(target["options"]) if target else []
    return {"question": f"q{target_row}",
            "options": [i for i, option in enumerate(options) if option.casefold() in labels] or [-1]}


def _phases(form) -> list[dict]:
    phases = []
    for i in range(min(int(form.get("phase_rows", "0")) if form.get("phase_rows", "").isdigit() else 0, 12)):
        title = form.get(f"phase{i}-title", "").strip()
        if title:
            phases.append({"title": title, "starts_on": form.get(f"phase{i}-starts_on") or None,
                           "ends_on": form.get(f"phase{i}-ends_on") or None})
    return phases


def _request_body(form, tool: str, participation=None) -> dict:
    """The API's request body from the form (only what may still change, for an existing participation)."""
    data = {name: form.get(name, "") or None for name in FRAME}
    if participation is not None and participation.status != "draft":
        for name in LOCKED_ONCE_PUBLISHED:
            data.pop(name)
    data["phases"] = _phases(form)
    if participation is None:
        data |= {"tool": tool, "organisation": form.get("organisation", ""), "wijken": form.getlist("wijken")}
    if participation is None or _definition_open(participation):
        data["definition"] = _definition_of(form, tool)
    return data


def _definition_of(form, tool: str) -> dict:
    if tool == "survey":
        return _survey_definition(_question_rows(form))[0]
    if tool == "poll":
        return {"options": _lines(form.get("options", "")), "max_choices": form.get("max_choices") or 1,
                "allow_other": bool(form.get("allow_other"))}
    return TOOLS[tool].read_form(form)[1]


def _definition_open(participation) -> bool:
    return not participation.participant_count and not has_drafts(participation)


def _render(values: dict, errors: dict, *, tool: str, participation=None, wijk=None, organisations=(),
            extra_rows: int = 0):
    questions = values.get("questions") or []
    trailing = next((i for i, row in enumerate(reversed(questions)) if row.get("text", "").strip()), len(questions))
    phases = values.get("phases") or []
    return render_template("participation/edit.html", values=values, errors=errors, tool=tool, p=participation,
                           wijk=wijk, organisations=organisations, levels=LEVELS, eligibility=ELIGIBILITY,
                           identities=IDENTITIES, visibilities=RESULTS_VISIBILITY, kinds=KINDS, scales=SCALES,
                           questions=questions + [{}] * max(0, EMPTY_ROWS + extra_rows - trailing),
                           row_errors=_row_errors(errors, questions) if tool == "survey" else {},
                           options_error=next((message for name, message in sorted(errors.items())
                                               if name.split(".")[:2] == ["definition", "options"]), None),
                           phases=phases + [{}] * PHASE_ROWS, extra_rows=extra_rows,
                           tool_form=TOOLS[tool].form, tool_choices=[(name, TOOLS[name].label)
                                                                     for name in editable_tools()],
                           definition_open=participation is None or _definition_open(participation))


def _posted_values(form, tool: str) -> dict:
    values = {name: form.get(name, "") for name in FRAME}
    values |= {"phases": _phases(form), "questions": _question_rows(form),
               "options": form.get("options", ""), "max_choices": form.get("max_choices", ""),
               "allow_other": bool(form.get("allow_other")), "organisation": form.get("organisation", ""),
               "wijken": form.getlist("wijken")}
    if TOOLS[tool].read_form:
        values |= TOOLS[tool].read_form(form)[0]
    return values


def _again(form) -> bool:
    """A button other than "save": the form is shown again (with more rows, say), nothing saved."""
    return form.get("action", "save") != "save"


@bp.route("/doe-mee/nieuw", methods=["GET", "POST"])
@login_required
@limited
def new():
    wijk = wijk_by_slug(request.values.get("wijk", ""))
    organisations = _organisations(wijk)
    if not organisations:
        raise PermissionDenied(_("Only posters of a verified organisation that serves this wijk may ask this."))
    tool = request.values.get("tool") if request.values.get("tool") in editable_tools() else "poll"
    if request.method == "GET":
        values = {"organisation": organisations[0].slug, "wijken": [wijk.slug], "level": "raadplegen",
                  "eligibility": ELIGIBILITY[0], "identity": IDENTITIES[0], "results_visibility": "after_answering"}
        return _render(values, {}, tool=tool, wijk=wijk, organisations=organisations)
    values = _posted_values(request.form, tool)
    if _again(request.form):
        return _render(values, {}, tool=tool, wijk=wijk, organisations=organisations, extra_rows=EMPTY_ROWS)
    try:
        participation = services.create_participation(current_user, _request_body(request.form, tool))
    except ValidationError as error:
        return _render(values, error.fields, tool=tool, wijk=wijk, organisations=organisations), 422
    except AppError as error:
        flash(error.summary, "error")
        return _render(values, {}, tool=tool, wijk=wijk, organisations=organisations), error.status
    flash(_("Saved as a draft. Check it, then publish it in the wijk."), "success")
    return redirect(url_for("participation.page", participation_id=participation.id))


@bp.route("/doe-mee/<int:participation_id>/bewerken", methods=["GET", "POST"])
@login_required
@limited
def edit(participation_id):
    participation = services.get_participation(current_user, participation_id)
    if not can_manage_participation(current_user, participation) or participation.tool not in editable_tools():
        raise PermissionDenied(_("You may not change this participation."))
    tool = participation.tool
    if request.method == "GET":
        return _render(_values_of(participation), {}, tool=tool, participation=participation)
    values = _posted_values(request.form, tool)
    if _again(request.form):
        return _render(values, {}, tool=tool, participation=participation, extra_rows=EMPTY_ROWS)
    try:
        services.update_participation(current_user, participation, _request_body(request.form, tool, participation))
    except ValidationError as error:
        return _render(values, error.fields, tool=tool, participation=participation), 422
    except AppError as error:
        flash(error.summary, "error")
        return redirect(url_for("participation.page", participation_id=participation.id))
    flash(_("Saved."), "success")
    return redirect(url_for("participation.page", participation_id=participation.id))
