"""Invitation pages: an organisation admin invites by e-mail; the invitee accepts through the mailed link."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.errors import ValidationError
from core.mail import MailUnavailable
from core.validation import apply_errors

from . import invitations, services
from .forms import ROLE_LABELS, InviteForm, MemberForm
from .views import _members_page

bp = Blueprint("invitations", __name__)


@bp.post("/organisaties/<slug>/uitnodigen")
@login_required
def invite(slug):
    org = services.organisation_by_slug(slug)
    form = InviteForm()
    try:
        invitation = invitations.invite(current_user, org, {"email": form.email.data, "role": form.role.data})
    except ValidationError as exc:
        apply_errors(form, exc.fields)
        return _members_page(org, MemberForm(formdata=None), invite_form=form)
    except MailUnavailable as exc:
        flash(exc.message, "error")
        return redirect(url_for("partners.members", slug=org.slug))
    flash(_("An invitation has been sent to %(email)s.", email=invitation.email), "success")
    return redirect(url_for("partners.members", slug=org.slug))


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
def invitation(token):
    """Anonymous visitors log in (or register) first and come back; a dead link shows why it is dead."""
    invitation = invitations.invitation_for(token)
    if not current_user.is_authenticated:
        flash(_("Log in or create an account with %(email)s to accept the invitation.", email=invitation.email),
              "info")
        return redirect(url_for("accounts.login", next=url_for("invitations.invitation", token=token)))
    invitations.check_recipient(current_user, invitation)
    if request.method == "POST":  # CSRFProtect has checked the token
        invitations.accept(current_user, token)
        flash(_("You are now %(role)s of %(org)s.", role=ROLE_LABELS[invitation.role],
                org=invitation.organisation.name), "success")
        return redirect(url_for("accounts.me"))
    return render_template("partners/invitation.html", invitation=invitation, role_label=ROLE_LABELS[invitation.role])
