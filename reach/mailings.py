"""What followers get by e-mail, and when.

- At once, when a post is published: followers at level `all` get every post;
  at level `important`, warnings, wijkschouw calls and partner announcements
  (wijken.kinds.IMPORTANT_KINDS); a burglary warning also goes to everyone who
  follows the wijk by e-mail only.
- In the digest (`queue_digests`, daily or weekly): everything published since
  the follower's last digest that they did not already get at once, and that is
  still published when the digest is made.

Every such mail names the wijk, carries a link that stops that wijk's mail
without logging in, and the List-Unsubscribe headers of RFC 2369 and RFC 8058.
"""
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from core.mail import render_mail
from core.timeutil import utcnow
from core.transactions import commit
from core.urls import external_url
from wijken import signals
from wijken.kinds import IMPORTANT_KINDS, KINDS, levels_told_at_once
from wijken.models import Follow, Post, Wijk

from . import jobs, tokens
from .models import EmailSubscription
from .outbox import is_suppressed, queue_mail, suppressed_among

DIGEST_PERIOD = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
DIGEST_MAX_POSTS = 30
# Accounts that get mail: a confirmed address, not deleted, not a partner system's service account.
MAILABLE = (User.email_verified_at.is_not(None), User.deleted_at.is_(None), User.is_service.is_(False))


def unsubscribe_headers(link: str) -> dict:
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


class Recipient:
    """Someone who gets a wijk's mail: a follower with an account, or an e-mail-only subscriber."""

    def __init__(self, email: str, locale: str | None, unsubscribe: str, name: str | None = None):
        self.email, self.locale, self.unsubscribe, self.name = email, locale, unsubscribe, name


def _follower(follow: Follow, user: User) -> Recipient:
    return Recipient(user.email, user.locale, external_url("mail.unsubscribe", token=tokens.for_follow(follow)),
                     user.display_name)


def _subscriber(subscription: EmailSubscription) -> Recipient:
    return Recipient(subscription.email, subscription.locale,
                     external_url("mail.unsubscribe", token=tokens.for_subscription(subscription)))


def _mailable_followers(wijk: Wijk, levels: tuple[str, ...]):
    """(Follow, User) rows of people who may get mail: verified, active, not a partner system."""
    return db.session.execute(
        select(Follow, User).join(User, User.id == Follow.user_id)
        .where(Follow.wijk_id == wijk.id, Follow.level.in_(levels), *MAILABLE)).all()


def recipients_at_once(post: Post) -> list[Recipient]:
    """Who gets this post by e-mail the moment it is published (never its author)."""
    people = [_follower(follow, user) for follow, user in _mailable_followers(post.wijk, levels_told_at_once(post.kind))
              if user.id != post.author_id]
    if KINDS[post.kind].expires:  # a warning: e-mail-only followers hear it at once too
        people += [_subscriber(s) for s in db.session.scalars(select(EmailSubscription).where(
            EmailSubscription.wijk_id == post.wijk_id, EmailSubscription.confirmed_at.is_not(None)))]
    suppressed = suppressed_among([r.email for r in people])
    return [r for r in people if r.email not in suppressed]


def _render(template: str, recipient: Recipient, subject, **context) -> tuple[str, str, str]:
    return render_mail(template, subject, recipient.locale, recipient=recipient, **context)


@signals.post_published.connect
def post_published(post: Post) -> None:
    """Mail a post that just became visible to whoever hears it at once.

    Rendering a mail per follower takes a while in a big wijk, so a request or a worker does it after
    the commit (`fan_out`); a command line without workers does it in the writing transaction.
    """
    if jobs.can_defer():
        jobs.defer(fan_out, post.id)
    else:
        _queue_post_mail(post)


def fan_out(post_id: int) -> None:
    """The deferred half of `post_published`: queue the mail if the post is still published, and commit."""
    post = db.session.get(Post, post_id)
    if post is not None and post.status == "published":
        _queue_post_mail(post)
        commit()


def _queue_post_mail(post: Post) -> None:
    link = external_url("wijken.post", slug=post.wijk.slug, post_id=post.id)
    kind = "alert" if KINDS[post.kind].expires else "post"
    for recipient in recipients_at_once(post):
        subject, text, html = _render("post", recipient, _subject(post), post=post, link=link,
                                      kind_label=KINDS[post.kind].label)
        queue_mail(f"{kind}:post:{post.id}:to:{recipient.email}", recipient.email, kind, subject, text, html,
                   headers=unsubscribe_headers(recipient.unsubscribe), post_id=post.id)


def _subject(post: Post):
    if KINDS[post.kind].expires:
        return _l("Warning in %(wijk)s: %(title)s", wijk=post.wijk.name, title=post.title)
    return _l("%(wijk)s: %(title)s", wijk=post.wijk.name, title=post.title)


# --- digests --------------------------------------------------------------------------

def _digest_posts(wijk_id: int, since: datetime, until: datetime, *, skip_kinds=(), author_id=None) -> list[Post]:
    query = (select(Post).where(Post.wijk_id == wijk_id, Post.status == "published", Post.created_at > since,
                                Post.created_at <= until)
             .order_by(Post.created_at.desc()).limit(DIGEST_MAX_POSTS))
    if skip_kinds:
        query = query.where(Post.kind.not_in(skip_kinds))
    if author_id is not None:
        query = query.where(Post.author_id != author_id)
    return list(db.session.scalars(query))


def _queue_digest(key: str, recipient: Recipient, wijk: Wijk, posts: list[Post], frequency: str) -> None:
    subject, text, html = _render(
        "digest", recipient, _l("%(wijk)s: what happened this %(period)s", wijk=wijk.name,
                                period=_l("day") if frequency == "daily" else _l("week")),
        wijk=wijk, posts=posts, kind_labels={k: v.label for k, v in KINDS.items()},
        wijk_link=external_url("wijken.wijk", slug=wijk.slug),
        post_link=lambda post: external_url("wijken.post", slug=wijk.slug, post_id=post.id))
    queue_mail(key, recipient.email, "digest", subject, text, html, headers=unsubscribe_headers(recipient.unsubscribe))


def queue_digests(frequency: str, now: datetime | None = None) -> int:
    """Queue this round's digests for every follower and subscriber on `frequency`; returns how many.

    Idempotent per round: the key holds the round's date, and each follower's window starts at their
    last digest, so running it twice in one round mails nobody twice.
    """
    now = now or utcnow()
    period = DIGEST_PERIOD[frequency]
    round_key = now.date().isoformat()
    queued = 0
    rows = db.session.execute(
        select(Follow, User).join(User, User.id == Follow.user_id)
        .where(Follow.level.in_(("important", "digest")), Follow.digest_frequency == frequency, *MAILABLE)).all()
    for follow, user in rows:
        since = max(follow.last_digest_at or now - period, follow.created_at)
        skip = tuple(IMPORTANT_KINDS) if follow.level == "important" else ()
        posts = _digest_posts(follow.wijk_id, since, now, skip_kinds=skip, author_id=user.id)
        follow.last_digest_at = now
        if posts and not is_suppressed(user.email):
            _queue_digest(f"digest:follow:{follow.id}:{round_key}", _follower(follow, user), follow.wijk, posts,
                          frequency)
            queued += 1
    subscriptions = db.session.scalars(select(EmailSubscription).where(
        EmailSubscription.frequency == frequency, EmailSubscription.confirmed_at.is_not(None)))
    for subscription in subscriptions:
        since = max(subscription.last_digest_at or now - period, subscription.confirmed_at)
        posts = _digest_posts(subscription.wijk_id, since, now)
        subscription.last_digest_at = now
        if posts and not is_suppressed(subscription.email):
            _queue_digest(f"digest:subscription:{subscription.id}:{round_key}", _subscriber(subscription),
                          subscription.wijk, posts, frequency)
            queued += 1
    commit()
    return queued
