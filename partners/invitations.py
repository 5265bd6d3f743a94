"""Invitations: an organisation admin invites a colleague by e-mail address.

Only the sha256 of the token is stored; the link in the mail works once, for
the address it was sent to, for INVITATION_DAYS days.
"""
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from accounts.services import _email as validated_email
from accounts.services import token_hash
from audit.services import REASON_MAX, audit
from core.emails import normalise_email
from core.errors import AppError, NotFound, PermissionDenied, require
from core.extensions import db
from core.mail import MAIL_ERRORS, MailUnavailable, send_templated
from core.timeutil import utcnow
from core.transactions import commit
from core.urls import external_url
from core.validation import Fields
from partners.permissions import can_manage_organisation

from .forms import ROLE_LABELS
from .models import MEMBERSHIP_ROLES, Invitation, Organisation
from .services import grant_membership

INVITATION_DAYS = 7
INVITE_REASON = "via uitnodiging"


class InvitationNotFound(NotFound):
    pass


class InvitationGone(AppError):
    """Expired or already used: the link no longer works."""
    status = 410
    code = "gone"


class InvitationForSomeoneElse(PermissionDenied):
    pass


def invitation_link(token: str) -> str:
    return external_url("invitations.invitation", token=token)


def invite(actor, organisation: Organisation, data) -> Invitation:
    """Store an invitation and mail its link; only the organisation's admins (and site admins) invite."""
    require(can_manage_organisation(actor, organisation))
    fields = Fields(data)
    email = validated_email(fields)
    role = fields.choice("role", MEMBERSHIP_ROLES, required=True)
    reason = fields.text("reason", max_length=REASON_MAX, multiline=True) or INVITE_REASON
    fields.check()
    token = secrets.token_urlsafe(32)
    invitation = Invitation(organisation_id=organisation.id, email=email, role=role, token_hash=token_hash(token),
                            invited_by_id=actor.id, expires_at=utcnow() + timedelta(days=INVITATION_DAYS))
    db.session.add(invitation)
    audit(actor, "invite", "organisation", organisation.id, reason, organisation=organisation, email=email, role=role)
    db.session.flush()
    try:
        _send_invitation(invitation, token, actor)
    except MAIL_ERRORS:
        db.session.rollback()  # no mail, no invitation: the admin can simply try again
        raise MailUnavailable(_("The invitation could not be sent right now. Please try again later.")) from None
    commit()
    return invitation


def _send_invitation(invitation: Invitation, token: str, actor) -> None:
    """The mail is Dutch, whatever language the inviting admin uses."""
    send_templated(invitation.email, "invitation",
                   _l("Invitation to join %(org)s on Wijkpagina", org=invitation.organisation.name),
                   organisation=invitation.organisation, inviter=actor, role=ROLE_LABELS[invitation.role],
                   link=invitation_link(token), days=INVITATION_DAYS)


def invitation_for(token) -> Invitation:
    """The open invitation behind a link; NotFound for an unknown token, Gone for a used or expired one."""
    invitation = None
    if isinstance(token, str) and token:
        invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == token_hash(token)))
    if invitation is None:
        raise InvitationNotFound(_("This invitation does not exist. Check the link in the e-mail."))
    if invitation.accepted_at is not None:
        raise InvitationGone(_("This invitation has already been used."))
    if invitation.expires_at <= utcnow():
        raise InvitationGone(_("This invitation has expired. Ask the organisation for a new one."))
    return invitation


def check_recipient(user, invitation: Invitation) -> None:
    if normalise_email(user.email) != normalise_email(invitation.email):
        raise InvitationForSomeoneElse(_(
            "This invitation was sent to another e-mail address. Log in with the address the invitation "
            "was sent to."))


def accept(user, token):
    """Make `user` a member with the invited role; the invitation works once."""
    invitation = invitation_for(token)
    check_recipient(user, invitation)
    # Claim the invitation first, in the same transaction: of two simultaneous accepts only one gets it.
    claimed = db.session.execute(update(Invitation).where(Invitation.id == invitation.id,
                                                          Invitation.accepted_at.is_(None))
                                 .values(accepted_at=utcnow()))
    if claimed.rowcount != 1:
        db.session.rollback()
        raise InvitationGone(_("This invitation has already been used."))
    try:
        membership = grant_membership(user, invitation.organisation, invitation.role, reason=INVITE_REASON)
        commit()  # grant_membership does not commit when the role was already this one
    except Exception:
        db.session.rollback()
        raise
    return membership
