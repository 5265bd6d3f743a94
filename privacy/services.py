"""Privacy (AVG/GDPR): everything stored about a person as JSON, and deleting their account.

Deleting keeps the user row, because the append-only audit log and the authorship of kept posts and
comments point to it, but erases everything that identifies the person: e-mail address (a unique
placeholder, so the address can register again), name, password, second factor, language, and every
row that is only about them (follows, reactions, RSVPs, flags they filed, notifications, mutes, tokens,
recovery codes, linked sign-in identities, memberships and wijk roles). Their posts and comments stay,
shown as by "deleted user", or are removed like a moderator's removal, at their choice. Everything
happens in one transaction, and the live events that tell open pages and the page cache go out only
after it committed.
"""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import joinedload

from accounts.models import ApiToken, RecoveryCode, User
from accounts.services import normalise_email
from accounts.two_factor import unused_recovery_codes
from audit.models import AuditEntry
from audit.services import audit
from core.errors import Conflict, PermissionDenied
from core.extensions import db
from core.timeutil import isoformat, to_local, utcnow
from core.transactions import commit
from core.validation import Fields
from moderation.models import Flag
from moderation.services import set_status
from notifications.models import Notification
from notifications.serializers import notification_json
from partners.models import ApiClient, IdentityProvider, Invitation, Membership, Organisation, UserIdentity
from wijken import live
from wijken.kinds import REACTION_KINDS
from wijken.models import Comment, Follow, Post, Reaction, Rsvp, Wijk, WijkEvent, WijkMute, WijkRole
from wijken.serializers import comment_json, post_json, public_comment, public_post, user_brief
from wijken.services import reaction_counts

CONTENT_CHOICES = ("keep", "remove")
EXPORT_FORMAT = "wijkpagina-export/1"
# Stored, like the audit log's default reasons, in the site's language; pages show the translated
# _("deleted user") instead (wijken.serializers.shown_name).
DELETED_NAME = "verwijderde gebruiker"
DELETE_REASON = "account verwijderd"


def deleted_email(user: User) -> str:
    """The placeholder address of a deleted account: unique, and never deliverable (RFC 2606 .invalid)."""
    return f"deleted-{user.id}@deleted.invalid"


def export_filename() -> str:
    return f"wijkpagina-gegevens-{to_local(utcnow()):%Y-%m-%d}.json"


# --- export ------------------------------------------------------------------------

def export_user_data(user: User) -> dict:
    """Everything stored about `user`, in one bounded number of queries; never a secret or a hash."""
    return {
        "format": EXPORT_FORMAT,
        "exported_at": isoformat(utcnow()),
        "profile": _profile(user),
        "follows": _follows(user),
        "posts": _posts(user),
        "comments": _comments(user),
        "reactions": [{"post_id": r.post_id, "kind": r.kind, "created_at": isoformat(r.created_at)}
                      for r in _rows(select(Reaction).where(Reaction.user_id == user.id).order_by(Reaction.id))],
        "rsvps": [{"post_id": r.post_id, "status": r.status, "updated_at": isoformat(r.updated_at)}
                  for r in _rows(select(Rsvp).where(Rsvp.user_id == user.id).order_by(Rsvp.id))],
        "flags": _flags(user),
        "notifications": [notification_json(n) for n in _rows(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))],
        "memberships": _memberships(user),
        "wijk_roles": [{"wijk": wijk, "role": r.role, "created_at": isoformat(r.created_at)}
                       for r, wijk in db.session.execute(
                           select(WijkRole, Wijk.slug).join(Wijk, Wijk.id == WijkRole.wijk_id)
                           .where(WijkRole.user_id == user.id).order_by(WijkRole.id))],
        "identities": [{"issuer": issuer, "subject": i.subject, "created_at": isoformat(i.created_at),
                        "last_login_at": isoformat(i.last_login_at)}
                       for i, issuer in db.session.execute(
                           select(UserIdentity, IdentityProvider.issuer)
                           .join(IdentityProvider, IdentityProvider.id == UserIdentity.provider_id)
                           .where(UserIdentity.user_id == user.id).order_by(UserIdentity.id))],
        "api_tokens": [{"created_at": isoformat(created), "expires_at": isoformat(expires)}
                       for created, expires in db.session.execute(
                           select(ApiToken.created_at, ApiToken.expires_at)
                           .where(ApiToken.user_id == user.id).order_by(ApiToken.id))],
        "mutes": [{"wijk": wijk, "until": isoformat(m.until), "reason": m.reason, "created_at": isoformat(m.created_at)}
                  for m, wijk in db.session.execute(
                      select(WijkMute, Wijk.slug).join(Wijk, Wijk.id == WijkMute.wijk_id)
                      .where(WijkMute.user_id == user.id).order_by(WijkMute.id))],
        "audit_entries": _audit_entries(user),
    }


def _rows(query) -> list:
    return list(db.session.scalars(query).unique())


def _profile(user: User) -> dict:
    return {
        "id": user.id, "email": user.email, "display_name": user.display_name, "locale": user.locale,
        "is_admin": user.is_admin, "created_at": isoformat(user.created_at),
        "email_verified_at": isoformat(user.email_verified_at),
        "two_factor_enabled": user.two_factor_enabled, "two_factor_enabled_at": isoformat(user.totp_enabled_at),
        "recovery_codes_left": unused_recovery_codes(user), "has_password": bool(user.password_hash),
    }


def _follows(user: User) -> list[dict]:
    rows = db.session.execute(select(Follow, Wijk.slug, Wijk.name).join(Wijk, Wijk.id == Follow.wijk_id)
                              .where(Follow.user_id == user.id).order_by(Follow.id))
    return [{"wijk": slug, "wijk_name": name, "level": f.level, "created_at": isoformat(f.created_at)}
            for f, slug, name in rows]


def _posts(user: User) -> list[dict]:
    posts = _rows(select(Post).options(joinedload(Post.wijk)).where(Post.author_id == user.id).order_by(Post.id))
    counts = reaction_counts([p.id for p in posts])
    return [post_json(p, counts.get(p.id)) for p in posts]


def _comments(user: User) -> list[dict]:
    rows = db.session.execute(select(Comment, Wijk.slug).join(Post, Post.id == Comment.post_id)
                              .join(Wijk, Wijk.id == Post.wijk_id)
                              .where(Comment.author_id == user.id).order_by(Comment.id)).unique()
    return [comment_json(c) | {"wijk": slug} for c, slug in rows]


def _flags(user: User) -> list[dict]:
    return [{"id": f.id, "target": f.target_type, "target_id": f.target_id, "post_id": f.post_id,
             "reason": f.reason, "text": f.text, "status": f.status, "created_at": isoformat(f.created_at),
             "resolved_at": isoformat(f.resolved_at)}
            for f in _rows(select(Flag).where(Flag.user_id == user.id).order_by(Flag.id))]


def _memberships(user: User) -> list[dict]:
    rows = db.session.execute(select(Membership.role, Membership.source, Membership.created_at, Organisation.slug,
                                     Organisation.name)
                              .join(Organisation, Organisation.id == Membership.organisation_id)
                              .where(Membership.user_id == user.id).order_by(Membership.id))
    return [{"organisation": row.slug, "organisation_name": row.name, "role": row.role, "source": row.source,
             "created_at": isoformat(row.created_at)} for row in rows]


def _audit_entries(user: User) -> list[dict]:
    """What the person did as a moderator or admin (the log is append-only: these stay after deletion)."""
    rows = db.session.execute(
        select(AuditEntry.id, AuditEntry.created_at, AuditEntry.action, AuditEntry.target_type,
               AuditEntry.target_id, AuditEntry.reason, AuditEntry.details, Wijk.slug.label("wijk"),
               Organisation.slug.label("organisation"))
        .outerjoin(Wijk, Wijk.id == AuditEntry.wijk_id)
        .outerjoin(Organisation, Organisation.id == AuditEntry.organisation_id)
        .where(AuditEntry.actor_id == user.id).order_by(AuditEntry.id))
    return [{"id": row.id, "created_at": isoformat(row.created_at), "action": row.action, "target": row.target_type,
             "target_id": row.target_id, "wijk": row.wijk, "organisation": row.organisation, "reason": row.reason,
             "details": row.details} for row in rows]


# --- deletion ----------------------------------------------------------------------

def delete_account(user: User, data) -> None:
    """Delete the caller's own account after they proved it is them (password, or e-mail without one).

    `data`: {"password" (or "email" for an account without a password), "content": "keep" | "remove"}.
    Raises ValidationError (with fields) for a wrong password or choice, Conflict for the last site
    admin, and then nothing has changed.
    """
    if user.is_service:
        raise PermissionDenied(_("A partner system's account is removed with its API client."))
    content = _check_request(user, data)
    if user.is_admin and not _other_admins(user):
        raise Conflict(_("You are the last site admin: make someone else admin first."), code="last_admin")
    try:
        # Payloads stored in the event log and sent to everyone's pages: in the site's language.
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            _erase(user, content)
        commit()
    except Exception:
        db.session.rollback()
        raise


def _check_request(user: User, data) -> str:
    fields = Fields(data)
    content = fields.choice("content", CONTENT_CHOICES, required=True)
    if user.password_hash:
        password = data.get("password")
        if not isinstance(password, str) or not password:
            fields.error("password", _("This field is required."))
        elif not user.check_password(password):
            fields.error("password", _("This is not your password."))
    else:  # e.g. an account that only signs in through an organisation's single sign-on
        email = fields.text("email", max_length=254, required=True)
        if email is not None and normalise_email(email) != user.email:
            fields.error("email", _("This is not the e-mail address of your account."))
    fields.check()
    return content


def _other_admins(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(
        User.is_admin.is_(True), User.deleted_at.is_(None), User.id != user.id))


def _erase(user: User, content: str) -> None:
    _anonymise(user)
    _drop_reactions(user)
    _drop_rsvps(user)
    posts = _rows(select(Post).options(joinedload(Post.wijk)).where(Post.author_id == user.id,
                                                                    Post.status != "removed"))
    comments = _rows(select(Comment).options(joinedload(Comment.post).joinedload(Post.wijk))
                     .where(Comment.author_id == user.id, Comment.status != "removed"))
    if content == "remove":
        for item in [*comments, *posts]:  # the moderators' removal: every channel stops showing them
            set_status(item, "removed")
    else:
        _announce_new_byline(posts, comments)
    _drop_roles(user)
    for model in (Follow, WijkMute, Notification, Flag, RecoveryCode, ApiToken, UserIdentity):
        db.session.execute(delete(model).where(model.user_id == user.id).execution_options(synchronize_session=False))
    db.session.execute(update(Invitation).where(Invitation.invited_by_id == user.id).values(invited_by_id=None))
    db.session.execute(update(ApiClient).where(ApiClient.created_by_id == user.id).values(created_by_id=None))
    _scrub_event_log(user)
    audit(user, "delete_account", "user", user.id, DELETE_REASON, content=content,
          posts=len(posts), comments=len(comments))


def _anonymise(user: User) -> None:
    user.email = deleted_email(user)
    user.display_name = DELETED_NAME
    user.password_hash = None
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    user.locale = None
    user.is_admin = False
    user.deleted_at = utcnow()
    user.page_state_changed()
    db.session.flush()


def _published_posts(post_ids) -> list[Post]:
    if not post_ids:
        return []
    return _rows(select(Post).options(joinedload(Post.wijk))
                 .where(Post.id.in_(post_ids), Post.status == "published").order_by(Post.id))


def _drop_reactions(user: User) -> None:
    """Take the person's reactions back; open pages get the new counts."""
    post_ids = set(db.session.scalars(select(Reaction.post_id).where(Reaction.user_id == user.id)))
    db.session.execute(delete(Reaction).where(Reaction.user_id == user.id))
    posts = _published_posts(post_ids)
    counts = reaction_counts([p.id for p in posts])
    for post in posts:
        mine = counts.get(post.id, {})
        payload = {"post_id": post.id, "reactions": {k: mine.get(k, 0) for k in REACTION_KINDS}}
        live.publish(post.wijk, live.next_seq(post.wijk), "reaction_changed", payload, post_id=post.id)


def _drop_rsvps(user: User) -> None:
    """Give the person's places back; the events' counters stay in step."""
    rsvps = db.session.execute(select(Rsvp.post_id, Rsvp.status).where(Rsvp.user_id == user.id)).all()
    counters = {"going": Post.going_count, "maybe": Post.maybe_count}
    for post_id, status in rsvps:
        if status in counters:
            column = counters[status]
            db.session.execute(update(Post).where(Post.id == post_id).values({column: column - 1})
                               .execution_options(synchronize_session=False))
    db.session.execute(delete(Rsvp).where(Rsvp.user_id == user.id))
    for post in _published_posts({post_id for post_id, status in rsvps if status in counters}):
        db.session.refresh(post, ["going_count", "maybe_count"])
        payload = {"post_id": post.id, "going": post.going_count, "maybe": post.maybe_count,
                   "capacity": post.capacity}
        live.publish(post.wijk, live.next_seq(post.wijk), "rsvp_changed", payload, post_id=post.id)


def _announce_new_byline(posts: list[Post], comments: list[Comment]) -> None:
    """Kept content changed author name: a new seq (so cached wijk pages render again) and its live event."""
    visible = [p for p in posts if p.status == "published"]
    counts = reaction_counts([p.id for p in visible])
    for post in visible:
        post.seq = live.next_seq(post.wijk)
        live.publish(post.wijk, post.seq, "post_updated", public_post(post, counts.get(post.id)), post_id=post.id)
    for comment in comments:
        if comment.status == "published" and comment.post.status == "published":
            comment.seq = live.next_seq(comment.post.wijk)
            live.publish(comment.post.wijk, comment.seq, "comment_updated", public_comment(comment),
                             post_id=comment.post_id, comment_id=comment.id)


def _drop_roles(user: User) -> None:
    """Memberships and wijk roles end, each in the audit log as partners.services records a revocation."""
    for membership in _rows(select(Membership).where(Membership.user_id == user.id)):
        audit(user, "revoke_role", "user", user.id, DELETE_REASON, organisation=membership.organisation,
              role=membership.role)
        db.session.delete(membership)
    for role in _rows(select(WijkRole).options(joinedload(WijkRole.wijk)).where(WijkRole.user_id == user.id)):
        audit(user, "revoke_role", "user", user.id, DELETE_REASON, wijk=role.wijk, role=role.role)
        db.session.delete(role)


def _scrub_event_log(user: User) -> None:
    """The event log keeps copies of posts and comments with their author: those copies get the new name."""
    own_posts = select(Post.id).where(Post.author_id == user.id)
    own_comments = select(Comment.id).where(Comment.author_id == user.id)
    rows = db.session.scalars(select(WijkEvent).where(or_(
        and_(WijkEvent.post_id.in_(own_posts), WijkEvent.comment_id.is_(None)),
        WijkEvent.comment_id.in_(own_comments))))
    brief = user_brief(user)
    for row in rows:
        author = row.payload.get("author") if isinstance(row.payload, dict) else None
        if isinstance(author, dict) and author.get("id") == user.id and author != brief:
            row.payload = {**row.payload, "author": brief}

