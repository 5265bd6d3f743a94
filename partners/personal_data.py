"""The partner side of a person's data: memberships, staff sign-in identities, invitations and API clients."""
from sqlalchemy import select, update

from accounts.models import User
from accounts.personal_data import DELETE_REASON, delete_rows, erases, exports, rows
from audit.services import audit
from core.extensions import db
from core.timeutil import isoformat

from .models import ApiClient, IdentityProvider, Invitation, Membership, Organisation, UserIdentity


@exports("memberships")
def _memberships(user: User) -> list[dict]:
    found = db.session.execute(select(Membership.role, Membership.source, Membership.created_at, Organisation.slug,
                                      Organisation.name)
                               .join(Organisation, Organisation.id == Membership.organisation_id)
                               .where(Membership.user_id == user.id).order_by(Membership.id))
    return [{"organisation": row.slug, "organisation_name": row.name, "role": row.role, "source": row.source,
             "created_at": isoformat(row.created_at)} for row in found]


@exports("identities")
def _identities(user: User) -> list[dict]:
    return [{"issuer": issuer, "subject": i.subject, "created_at": isoformat(i.created_at),
             "last_login_at": isoformat(i.last_login_at)}
            for i, issuer in db.session.execute(
                select(UserIdentity, IdentityProvider.issuer)
                .join(IdentityProvider, IdentityProvider.id == UserIdentity.provider_id)
                .where(UserIdentity.user_id == user.id).order_by(UserIdentity.id))]


@erases
def _drop_memberships(user: User, content: str) -> None:
    """Memberships end, each in the audit log as a revocation is; what they created loses their name."""
    for membership in rows(select(Membership).where(Membership.user_id == user.id)):
        audit(user, "revoke_role", "user", user.id, DELETE_REASON, organisation=membership.organisation,
              role=membership.role)
        db.session.delete(membership)
    delete_rows(user, UserIdentity)
    db.session.execute(update(Invitation).where(Invitation.invited_by_id == user.id).values(invited_by_id=None))
    db.session.execute(update(ApiClient).where(ApiClient.created_by_id == user.id).values(created_by_id=None))
