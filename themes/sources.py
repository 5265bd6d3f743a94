"""The texts of a period in some wijken, as `pipeline.Item`s, and links to the public ones.

Only what anyone may see enters as public: published posts (public meldingen and webcare questions are posts
too) and their published comments, published ideas and approved stellingen of participations whose post is
published. Open survey answers count for the themes but are never shown or linked (`public=False`). A private
melding's post (which only names its category) and private webcare questions (which have no post) never enter;
hidden, pending and removed items never do either. `links` checks every example against its row again when
the page is shown, so an item hidden after the run is not shown.
"""
from datetime import datetime

from sqlalchemy import select

from core.extensions import db
from core.urls import path_for
from ideas.models import Idea
from meldingen.models import Report
from participation.models import Participation, participation_wijk
from participation.survey_models import SurveyQuestion, SurveyResponse
from participation.surveys import TEXT_KINDS
from stellingen.models import Statement
from wijken.models import Comment, Post, Wijk

from .pipeline import Item

EXCERPT = 240


def _private_report_posts():
    return select(Report.post_id).where(Report.private.is_(True), Report.post_id.is_not(None))


def _public_posts(wijk_ids):
    return (Post.status == "published", Post.wijk_id.in_(wijk_ids), Post.id.not_in(_private_report_posts()))


def _published_participations(wijk_ids):
    """Participations of these wijken whose post is published."""
    return (select(Participation.id).join(Post, Post.id == Participation.post_id)
            .join(participation_wijk, participation_wijk.c.participation_id == Participation.id)
            .where(participation_wijk.c.wijk_id.in_(wijk_ids), Post.status == "published"))


def items(wijk_ids: list[int], since: datetime, until: datetime) -> list[Item]:
    """Every text of the wijken written in [since, until), in a fixed order."""
    found: list[Item] = []

    def period(column):
        return column >= since, column < until

    for row in db.session.execute(select(Post.id, Post.title, Post.body, Post.created_at)
                                  .where(*_public_posts(wijk_ids), *period(Post.created_at)).order_by(Post.id)):
        found.append(Item(f"post:{row.id}", f"{row.title}. {row.body}", row.created_at))
    for row in db.session.execute(select(Comment.id, Comment.body, Comment.created_at).join(Comment.post)
                                  .where(Comment.status == "published", *_public_posts(wijk_ids),
                                         *period(Comment.created_at)).order_by(Comment.id)):
        found.append(Item(f"comment:{row.id}", row.body, row.created_at))
    rounds = _published_participations(wijk_ids)
    for row in db.session.execute(select(Idea.id, Idea.title, Idea.body, Idea.created_at).where(
            Idea.status == "published", Idea.participation_id.in_(rounds), *period(Idea.created_at))
            .order_by(Idea.id)):
        found.append(Item(f"idea:{row.id}", f"{row.title}. {row.body}", row.created_at))
    for row in db.session.execute(select(Statement.id, Statement.text, Statement.created_at).where(
            Statement.status == "approved", Statement.participation_id.in_(rounds), *period(Statement.created_at))
            .order_by(Statement.id)):
        found.append(Item(f"statement:{row.id}", row.text, row.created_at))
    found.extend(_survey_answers(rounds, period))
    return found


def _survey_answers(rounds, period) -> list[Item]:
    """Open answers of submitted responses: for the themes only, never shown (`public=False`)."""
    keys: dict[int, set[str]] = {}
    for participation_id, key in db.session.execute(select(SurveyQuestion.participation_id, SurveyQuestion.key)
                                                    .where(SurveyQuestion.participation_id.in_(rounds),
                                                           SurveyQuestion.kind.in_(tuple(TEXT_KINDS)))):
        keys.setdefault(participation_id, set()).add(key)
    if not keys:
        return []
    found = []
    for row in db.session.execute(select(SurveyResponse.id, SurveyResponse.participation_id, SurveyResponse.answers,
                                         SurveyResponse.submitted_at)
                                  .where(SurveyResponse.participation_id.in_(list(keys)),
                                         SurveyResponse.submitted_at.is_not(None),
                                         *period(SurveyResponse.submitted_at)).order_by(SurveyResponse.id)):
        texts = [value for key, value in (row.answers or {}).items()
                 if key in keys[row.participation_id] and isinstance(value, str) and value.strip()]
        if texts:
            found.append(Item(f"answer:{row.id}", "\n".join(texts), row.submitted_at, public=False))
    return found


def links(keys: list[str]) -> dict[str, dict]:
    """{key: {"url", "title", "excerpt"}} for the keys whose item anyone may still see (one query per kind)."""
    by_kind: dict[str, list[int]] = {}
    for key in keys:
        kind, _sep, number = key.partition(":")
        if number.isdigit():
            by_kind.setdefault(kind, []).append(int(number))
    found: dict[str, dict] = {}
    for kind, ids in by_kind.items():
        if kind in _LINKERS:
            found.update(_LINKERS[kind](ids))
    return found


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[:EXCERPT - 1].rstrip() + "…"


def _post_links(ids) -> dict[str, dict]:
    rows = db.session.execute(select(Post.id, Post.title, Post.body, Wijk.slug).join(Post.wijk).where(
        Post.id.in_(ids), Post.status == "published", Post.id.not_in(_private_report_posts())))
    return {f"post:{r.id}": {"url": path_for("wijken.post", slug=r.slug, post_id=r.id), "title": r.title,
                             "excerpt": _excerpt(r.body)} for r in rows}


def _comment_links(ids) -> dict[str, dict]:
    rows = db.session.execute(select(Comment.id, Comment.body, Post.id.label("post_id"), Post.title, Wijk.slug)
                              .join(Comment.post).join(Post.wijk).where(
        Comment.id.in_(ids), Comment.status == "published", Post.status == "published",
        Post.id.not_in(_private_report_posts())))
    return {f"comment:{r.id}": {"url": path_for("wijken.post", slug=r.slug, post_id=r.post_id) + f"#comment-{r.id}",
                                "title": r.title, "excerpt": _excerpt(r.body)} for r in rows}


def _shown_participations():
    return select(Participation.id).join(Post, Post.id == Participation.post_id).where(Post.status == "published")


def _idea_links(ids) -> dict[str, dict]:
    rows = db.session.execute(select(Idea.id, Idea.title, Idea.body, Idea.participation_id).where(
        Idea.id.in_(ids), Idea.status == "published", Idea.participation_id.in_(_shown_participations())))
    return {f"idea:{r.id}": {"url": path_for("ideas.idea", participation_id=r.participation_id, idea_id=r.id),
                             "title": r.title, "excerpt": _excerpt(r.body)} for r in rows}


def _statement_links(ids) -> dict[str, dict]:
    rows = db.session.execute(select(Statement.id, Statement.text, Statement.participation_id, Participation.title)
                              .join(Participation, Participation.id == Statement.participation_id).where(
        Statement.id.in_(ids), Statement.status == "approved",
        Statement.participation_id.in_(_shown_participations())))
    return {f"statement:{r.id}": {"url": path_for("participation.page", participation_id=r.participation_id),
                                  "title": r.title, "excerpt": _excerpt(r.text)} for r in rows}


_LINKERS = {"post": _post_links, "comment": _comment_links, "idea": _idea_links, "statement": _statement_links}
