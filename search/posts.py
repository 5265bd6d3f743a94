"""Posts and comments in the index, kept in step through wijken.signals.

Only published content is indexed: a post or comment that is hidden, pending or removed is dropped at once
(in the transaction that changed it), and so are a post's comments while the post itself is not published.
At query time `links` checks again against the rows themselves.
"""
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from core.extensions import db
from wijken import signals
from wijken.models import Comment, Post, Wijk

from . import index
from .registry import Document, document_kind
from .text import plain


def _post_document(post: Post) -> Document:
    return Document("post", post.id, post.title, plain(post.body_html), post.created_at, wijk_id=post.wijk_id)


def _comment_document(comment: Comment) -> Document:
    post = comment.post
    return Document("comment", comment.id, post.title, plain(comment.body_html), comment.created_at,
                    wijk_id=post.wijk_id)


def _published_posts():
    return db.session.scalars(select(Post).where(Post.status == "published")).yield_per(1000)


def _published_comments():
    return db.session.scalars(select(Comment).join(Comment.post).where(
        Comment.status == "published", Post.status == "published").options(joinedload(Comment.post))
    ).yield_per(1000)


@document_kind("post", _l("Post"), documents=lambda: map(_post_document, _published_posts()))
def post_links(ids, viewer) -> dict[int, str]:
    rows = db.session.execute(select(Post.id, Wijk.slug).join(Post.wijk).where(
        Post.id.in_(ids), Post.status == "published")).all()
    return {post_id: url_for("wijken.post", slug=slug, post_id=post_id) for post_id, slug in rows}


@document_kind("comment", _l("Comment"), documents=lambda: map(_comment_document, _published_comments()))
def comment_links(ids, viewer) -> dict[int, str]:
    rows = db.session.execute(select(Comment.id, Comment.post_id, Post.wijk_id).join(Comment.post).where(
        Comment.id.in_(ids), Comment.status == "published", Post.status == "published")).all()
    slugs = _slugs({wijk_id for _c, _p, wijk_id in rows})
    return {c: url_for("wijken.post", slug=slugs[w], post_id=p, _anchor=f"comment-{c}") for c, p, w in rows}


def _slugs(wijk_ids) -> dict[int, str]:
    return dict(db.session.execute(select(Wijk.id, Wijk.slug).where(Wijk.id.in_(wijk_ids))).all())


def index_post(post: Post) -> None:
    """The post and its comments as they are now: in the index while published, out of it otherwise."""
    comments = db.session.scalars(select(Comment).where(Comment.post_id == post.id)).all()
    if post.status != "published":
        index.drop("post", [post.id])
        index.drop("comment", [c.id for c in comments])
        return
    index.put(_post_document(post))
    for comment in comments:
        index_comment(comment)


def index_comment(comment: Comment) -> None:
    if comment.status == "published" and comment.post.status == "published":
        index.put(_comment_document(comment))
    else:
        index.drop("comment", [comment.id])


@signals.post_published.connect
def _published(post, **_kwargs):
    index_post(post)


@signals.post_edited.connect
def _edited(post, **_kwargs):
    if post.status == "published":
        index.put(_post_document(post))
        for comment in db.session.scalars(select(Comment).where(Comment.post_id == post.id,
                                                                Comment.status == "published")):
            index.put(_comment_document(comment))  # a comment's result shows its post's title


@signals.status_changed.connect
def _status_changed(item, **_kwargs):
    if isinstance(item, Post):
        index_post(item)
    else:
        index_comment(item)


@signals.comment_added.connect
@signals.comment_edited.connect
def _comment_written(comment, **_kwargs):
    index_comment(comment)
