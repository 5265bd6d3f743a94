"""Surveys (leefbaarheidsonderzoek): reading a definition, checking answers, keeping the tallies and building
the results. Pure rules on the rows of `survey_models`; `services` runs them in its use cases.

A definition is `{"sections": [{"title", "intro"?, "questions": [question, ...]}, ...]}` and a question
`{"key"?, "kind", "text", "help"?, "required"?, "options"?, "rows"?, "max_choices"?, "scale_max"?, "low_label"?,
"high_label"?, "show_if"?}`. Answers are `{key: value}`: an option's index (single), a list of them
(multiple), a number (scale), text (short_text, long_text), a column index or null per row (matrix), every
option's index in order of preference (ranking). A conditional question refers to a single or multiple
choice question of an earlier section, so a form without JavaScript asks it on a later page.
"""
import re

from flask_babel import gettext as _
from pydantic_core import PydanticCustomError
from sqlalchemy import select

from core.extensions import db
from core.validation import Fields, clean_text, describe
from wijken.models import Comment

from .levels import ORIGINS
from .survey_models import PublishedAnswer, SurveyQuestion, SurveySection

KINDS = ("single", "multiple", "scale", "short_text", "long_text", "matrix", "ranking")
CHOICE_KINDS = ("single", "multiple")  # what a condition may depend on
OPTION_KINDS = ("single", "multiple", "matrix", "ranking")
TEXT_KINDS = {"short_text": 300, "long_text": 3000}
SCALES = (5, 10)
SECTIONS_MAX, QUESTIONS_MAX, CHOICES_MAX, ROWS_MAX = 20, 100, 20, 20
SECTION_TITLE_MAX, INTRO_MAX, QUESTION_MAX, HELP_MAX, LABEL_MAX, END_LABEL_MAX = 140, 2000, 500, 500, 200, 60
KEY = re.compile(r"[a-z][a-z0-9_]{0,31}")


# --- the definition ----------------------------------------------------------------------------------------

def read_definition(fields: Fields, definition) -> list[SurveySection]:
    """The sections of a definition, or nothing with the errors in `fields` by path
    (`definition.sections.0.questions.1.options.2`)."""
    sections = definition.get("sections") if isinstance(definition, dict) else None
    if not isinstance(sections, list) or not 1 <= len(sections) <= SECTIONS_MAX:
        fields.error("definition.sections", _("Give between 1 and %(n)d sections.", n=SECTIONS_MAX))
        return []
    built, earlier, position = [], {}, 0
    for index, data in enumerate(sections):
        path = f"definition.sections.{index}"
        section, questions = _section(fields, path, data)
        section.position = index
        before = dict(earlier)  # a condition looks at earlier sections only
        for q_index, q_data in enumerate(questions):
            question = _question(fields, f"{path}.questions.{q_index}", q_data, position, before, earlier)
            position += 1
            if question is not None:
                section.questions.append(question)
                earlier[question.key] = question
        built.append(section)
    if position > QUESTIONS_MAX:
        fields.error("definition.sections", _("At most %(n)d questions.", n=QUESTIONS_MAX))
    return [] if fields.errors else built


def _section(fields: Fields, path: str, data) -> tuple[SurveySection, list]:
    if not isinstance(data, dict):
        fields.error(path, _("Give the section as an object."))
        return SurveySection(), []
    reader = Fields(data)
    section = SurveySection(title=reader.text("title", max_length=SECTION_TITLE_MAX, required=True),
                            intro=reader.text("intro", max_length=INTRO_MAX, multiline=True) or "")
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        reader.error("questions", _("Give one or more questions."))
        questions = []
    _copy_errors(reader, fields, path)
    return section, questions


def _copy_errors(reader: Fields, fields: Fields, path: str) -> None:
    for name, message in reader.errors.items():
        fields.error(f"{path}.{name}", message)


def _question(fields: Fields, path: str, data, position: int, before: dict, earlier: dict) -> SurveyQuestion | None:
    if not isinstance(data, dict):
        fields.error(path, _("Give the question as an object."))
        return None
    reader = Fields(data)
    kind = reader.choice("kind", KINDS, required=True)
    question = SurveyQuestion(
        position=position, kind=kind, key=_key(reader, position, earlier),
        text=reader.text("text", max_length=QUESTION_MAX, required=True),
        help=reader.text("help", max_length=HELP_MAX) or "", required=bool(reader.boolean("required")),
        options=_labels(reader, "options", 2) if kind in OPTION_KINDS else [],
        rows=_labels(reader, "rows", 1) if kind == "matrix" else [], answered=0, tally={})
    if kind == "multiple":
        question.max_choices = reader.integer("max_choices", minimum=1, maximum=max(len(question.options), 1))
    if kind == "scale":
        question.scale_max = _scale(reader)
        question.low_label = reader.text("low_label", max_length=END_LABEL_MAX) or ""
        question.high_label = reader.text("high_label", max_length=END_LABEL_MAX) or ""
    question.show_if = _condition(reader, data.get("show_if"), before)
    _copy_errors(reader, fields, path)
    return None if reader.errors else question


def _key(reader: Fields, position: int, earlier: dict) -> str:
    key = reader.data.get("key") or f"q{position + 1}"
    if not isinstance(key, str) or not KEY.fullmatch(key):
        reader.error("key", _("A key is a lower-case letter followed by at most 31 letters, digits or _."))
    elif key in earlier:
        reader.error("key", _("Each question needs its own key."))
    return key


def _scale(reader: Fields) -> int | None:
    value = reader.data.get("scale_max", SCALES[0])
    value = int(value) if isinstance(value, str) and value.isdigit() and len(value) < 3 else value
    if type(value) is not int or value not in SCALES:
        reader.error("scale_max", _("Choose one of: %(choices)s.", choices="5, 10"))
        return None
    return value


def clean_label(value, max_length: int = LABEL_MAX) -> tuple[str | None, str | None]:
    """A label with the text rules: (cleaned, None) or (None, what is wrong)."""
    try:
        return clean_text(value, max_length=max_length, required=True), None
    except PydanticCustomError as exc:
        return None, describe(exc.type, exc.context)


def _labels(reader: Fields, name: str, minimum: int) -> list[str]:
    values = reader.data.get(name)
    limit = CHOICES_MAX if name == "options" else ROWS_MAX
    if not isinstance(values, list) or not minimum <= len(values) <= limit:
        reader.error(name, _("Give between %(min)d and %(max)d.", min=minimum, max=limit))
        return []
    labels = []
    for index, value in enumerate(values):
        label, problem = clean_label(value)
        if problem:
            reader.error(f"{name}.{index}", problem)
        labels.append(label or "")
    if len({label.casefold() for label in labels}) != len(labels):
        reader.error(name, _("Each option must be different."))
    return labels


def _condition(reader: Fields, condition, before: dict) -> dict | None:
    if condition is None:
        return None
    target = before.get(condition.get("question")) if isinstance(condition, dict) else None
    if target is None or target.kind not in CHOICE_KINDS:
        reader.error("show_if.question", _("Refer to a single or multiple choice question of an earlier section."))
        return None
    options = condition.get("options")
    if (not isinstance(options, list) or not options or len(set(options)) != len(options)
            or not all(_is_index(o, len(target.options)) for o in options)):
        reader.error("show_if.options", _("Give one or more of that question's option numbers (from 0)."))
        return None
    return {"question": target.key, "options": sorted(options)}


def _is_index(value, length: int) -> bool:
    return type(value) is int and 0 <= value < length


def define(fields: Fields, participation, definition, creating: bool) -> None:
    """The survey tool's `define`: read the definition and, without errors, make it the survey's questions.
    A survey is answered with an account (a draft belongs to someone), so not with letter codes."""
    if participation.eligibility == "code":
        fields.error("eligibility", _("A survey is answered with an account; letter codes are for polls."))
    sections = read_definition(fields, definition)
    if not fields.errors:
        replace_definition(participation, sections)


def replace_definition(participation, sections: list[SurveySection]) -> None:
    """The survey's questions become `sections` (the old ones go first: keys are unique per survey)."""
    if participation.sections:
        for section in list(participation.sections):
            db.session.delete(section)
        db.session.flush()
    participation.sections = sections
    for section in sections:
        for question in section.questions:
            question.participation = participation


def definition_json(participation) -> dict:
    return {"sections": [{"title": s.title, "intro": s.intro, "questions": [question_json(q) for q in s.questions]}
                         for s in participation.sections]}


def question_json(question: SurveyQuestion) -> dict:
    shown = {"key": question.key, "kind": question.kind, "text": question.text, "help": question.help,
             "required": question.required, "show_if": question.show_if}
    if question.kind in OPTION_KINDS:
        shown["options"] = question.options
    if question.kind == "matrix":
        shown["rows"] = question.rows
    if question.kind == "multiple":
        shown["max_choices"] = question.max_choices
    if question.kind == "scale":
        shown |= {"scale_max": question.scale_max, "low_label": question.low_label,
                  "high_label": question.high_label}
    return shown


# --- answers ----------------------------------------------------------------------------------------------

def is_asked(question: SurveyQuestion, answers: dict) -> bool:
    """Whether the question is asked after these answers (its condition, if any, is met)."""
    condition = question.show_if
    if not condition:
        return True
    given = answers.get(condition["question"])
    chosen = given if isinstance(given, list) else [given]
    return any(option in chosen for option in condition["options"])


def without_unasked(questions, answers: dict) -> dict:
    """The answers less those to questions no longer asked (an earlier answer changed)."""
    kept = {}
    for question in questions:
        if question.key in answers and is_asked(question, kept):
            kept[question.key] = answers[question.key]
    return kept


def check_answers(questions, answers, *, complete: bool, path: str = "answers") -> dict:
    """The answers cleaned, or a ValidationError with each problem by path (`answers.q3`): unknown
    questions, values a question does not take, answers to a question that is not asked; with `complete`,
    also each required question that is asked and not answered."""
    fields = Fields({})
    if not isinstance(answers, dict):
        fields.error(path, _("Give the answers as an object by question key."))
        fields.check()
    known = {q.key: q for q in questions}
    for key in answers:
        if key not in known:
            fields.error(f"{path}.{key}"[:200], _("No such question."))
    cleaned = {}
    for question in questions:
        value = answers.get(question.key)
        if _is_empty(value):
            if complete and question.required and is_asked(question, cleaned):
                fields.error(f"{path}.{question.key}", _("This question needs an answer."))
            continue
        if not is_asked(question, cleaned):
            fields.error(f"{path}.{question.key}", _("This question is not asked after your earlier answers."))
            continue
        value, problem = _clean_value(question, value)
        if problem:
            fields.error(f"{path}.{question.key}", problem)
        elif not _is_empty(value):
            cleaned[question.key] = value
        elif complete and question.required:
            fields.error(f"{path}.{question.key}", _("This question needs an answer."))
    fields.check()
    return cleaned


def _is_empty(value) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, list)
                                                           and all(v is None for v in value))


def _clean_value(question: SurveyQuestion, value):
    """(cleaned value, None) or (None, what is wrong)."""
    kind, count = question.kind, len(question.options)
    if kind in TEXT_KINDS:
        return clean_label(value, TEXT_KINDS[kind]) if kind == "short_text" else _long_text(value)
    if kind == "single":
        return (value, None) if _is_index(value, count) else (None, _("No such option."))
    if kind == "scale":
        ok = type(value) is int and 1 <= value <= question.scale_max
        return (value, None) if ok else (None, _("Choose a number from 1 to %(n)d.", n=question.scale_max))
    if not isinstance(value, list):
        return None, _("Give a list.")
    if kind == "multiple":
        if len(set(map(repr, value))) != len(value) or not all(_is_index(v, count) for v in value):
            return None, _("No such option.")
        limit = question.max_choices or count
        return (value, None) if len(value) <= limit else (None, _("Choose at most %(n)d.", n=limit))
    if kind == "matrix":
        ok = len(value) == len(question.rows) and all(v is None or _is_index(v, count) for v in value)
        if ok and question.required and None in value:
            return None, _("Answer every row.")
        return (value, None) if ok else (None, _("Give one column number or null per row."))
    ranked = sorted(v for v in value if type(v) is int) == list(range(count)) and len(value) == count
    return (value, None) if ranked else (None, _("Put every option in order, each once."))


def _long_text(value):
    try:
        return clean_text(value, max_length=TEXT_KINDS["long_text"], multiline=True), None
    except PydanticCustomError as exc:
        return None, describe(exc.type, exc.context)


def answer_text(question: SurveyQuestion, value) -> str:
    """An answer in words (for the raw CSV): option labels instead of their numbers."""
    if value is None:
        return ""
    options = question.options
    if question.kind == "single":
        return options[value]
    if question.kind in ("multiple", "ranking"):
        return ", ".join(options[v] for v in value)
    if question.kind == "matrix":
        return "; ".join(f"{row}: {options[c]}" for row, c in zip(question.rows, value, strict=True) if c is not None)
    return str(value)


# --- tallies and results -----------------------------------------------------------------------------------

def _cells(question: SurveyQuestion, value) -> list[str]:
    if question.kind in ("single", "scale"):
        return [str(value)]
    if question.kind == "multiple":
        return [str(v) for v in value]
    if question.kind == "matrix":
        return [f"{row}:{column}" for row, column in enumerate(value) if column is not None]
    if question.kind == "ranking":
        return [f"{rank}:{option}" for rank, option in enumerate(value)]
    return []


def add_to_tallies(participation, answers: dict, origin: str) -> None:
    """Count one submitted response per question and per origin (under the participation's row lock, so
    counts are never lost); the participant is counted by the caller."""
    for question in participation.questions:
        if question.key not in answers:
            continue
        tally = dict(question.tally)
        for cell in _cells(question, answers[question.key]):
            tally[cell] = tally.get(cell, 0) + 1
        question.tally, question.answered = tally, question.answered + 1
    counts = dict(participation.origin_counts or {})
    counts[origin] = counts.get(origin, 0) + 1
    participation.origin_counts = counts


def _bars(labels, counts) -> list[dict]:
    return [{"label": str(label), "count": count} for label, count in zip(labels, counts, strict=True)]


def question_results(question: SurveyQuestion, published: list[str]) -> dict:
    """A question's tallies as bars (a matrix: bars per row; a ranking: points, n-1 for a first place down to
    0 for the last); open-text questions show only the answers the owner published."""
    tally, n = question.tally, len(question.options)
    shown = {"key": question.key, "kind": question.kind, "text": question.text, "answered": question.answered,
             "bars": [], "rows": None, "published": None}
    if question.kind in CHOICE_KINDS:
        shown["bars"] = _bars(question.options, [tally.get(str(i), 0) for i in range(n)])
    elif question.kind == "scale":
        values = range(1, question.scale_max + 1)
        labels = [_scale_label(question, v) for v in values]
        shown["bars"] = _bars(labels, [tally.get(str(v), 0) for v in values])
    elif question.kind == "matrix":
        shown["rows"] = [{"label": row, "bars": _bars(question.options, [tally.get(f"{r}:{c}", 0)
                                                                         for c in range(n)])}
                         for r, row in enumerate(question.rows)]
    elif question.kind == "ranking":
        points = [sum((n - 1 - rank) * tally.get(f"{rank}:{option}", 0) for rank in range(n)) for option in range(n)]
        shown["bars"] = _bars(question.options, points)
    else:
        shown["published"] = published
    return shown


def _scale_label(question: SurveyQuestion, value: int) -> str:
    end = question.low_label if value == 1 else question.high_label if value == question.scale_max else ""
    return f"{value} ({end})" if end else str(value)


def published_answers(participation) -> dict[int, list[str]]:
    """The published open-text answers still standing in the thread (flags and moderation may remove them),
    by question id: one query."""
    rows = db.session.execute(select(PublishedAnswer.question_id, PublishedAnswer.text)
                              .join(Comment, Comment.id == PublishedAnswer.comment_id)
                              .where(PublishedAnswer.participation_id == participation.id,
                                     Comment.status == "published").order_by(PublishedAnswer.id))
    found: dict[int, list[str]] = {}
    for question_id, text in rows:
        found.setdefault(question_id, []).append(text)
    return found


def survey_results(participation) -> dict:
    published = published_answers(participation)
    return {"participant_count": participation.participant_count, "options": [], "other": None,
            "origins": {origin: (participation.origin_counts or {}).get(origin, 0) for origin in ORIGINS},
            "questions": [question_results(q, published.get(q.id, [])) for q in participation.questions]}
