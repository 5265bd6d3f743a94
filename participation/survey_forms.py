"""A survey's questions read from an HTML form (the field names of templates/participation/_questions.html):
the answers as the API takes them, so the services check both the same way."""
from flask_babel import gettext as _

ERROR_PREFIX = "answers."


def _index(value: str):
    return int(value) if value.isdigit() and len(value) < 4 else value


def _ranking(question, form) -> tuple[list | None, str | None]:
    places = [form.get(f"q-{question.key}-{o}", "") for o in range(len(question.options))]
    if not any(places):
        return None, None
    if not all(p.isdigit() and len(p) < 4 for p in places) or len(set(places)) != len(places):
        return None, _("Give each option its own place.")
    order = sorted(range(len(places)), key=lambda o: int(places[o]))
    return order, None


def answers_from_form(questions, form) -> tuple[dict, dict]:
    """(answers by key, with None for a question left empty; errors by key) for these questions."""
    answers, errors = {}, {}
    for q in questions:
        name = f"q-{q.key}"
        if q.kind == "multiple":
            answers[q.key] = [_index(v) for v in form.getlist(name)] or None
        elif q.kind == "matrix":
            cells = [form.get(f"{name}-{r}", "") for r in range(len(q.rows))]
            answers[q.key] = [_index(c) if c else None for c in cells] if any(cells) else None
        elif q.kind == "ranking":
            answers[q.key], problem = _ranking(q, form)
            if problem:
                errors[q.key] = problem
        elif q.kind in ("single", "scale"):
            value = form.get(name, "")
            answers[q.key] = _index(value) if value else None
        else:
            answers[q.key] = form.get(name) or None
    return answers, errors


def errors_by_key(fields: dict, prefix: str = ERROR_PREFIX) -> dict:
    """A service's field errors (`answers.<key>`, `responses.0.answers.<key>`) by question key."""
    found = {}
    for name, message in fields.items():
        if prefix in name:
            found[name.split(prefix, 1)[1]] = message
    return found
