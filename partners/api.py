"""JSON API of organisations: their public page (who speaks for them, their integrity policy) and what their
admins set there (the policy link, members' function titles)."""
from flask import Blueprint, jsonify
from flask_babel import gettext as _

from accounts.auth import api_user, token_required
from accounts.models import User
from core.api import json_body
from core.apidoc import operation
from core.errors import NotFound
from core.extensions import db
from core.ratelimits import write_limit

from . import schemas, services
from .serializers import member_json, organisation_page_json

bp = Blueprint("partners_api", __name__, url_prefix="/api/v1")
limited = write_limit(lambda: f"user:{api_user().id}")
TAG = "organisations"
ORG = {"slug": ({"type": "string"}, "The organisation's slug.")}
MEMBER = ORG | {"user_id": ({"type": "integer"}, "The member's user id.")}


@operation(bp, "get", "/organisations/<slug>", "getOrganisation",
           "An organisation: its badge, its integrity policy and who speaks for it (members with a function title)",
           tag=TAG, ok=schemas.OrganisationPage, errors=(404,), path_params=ORG, optional_token=True)
def show_organisation(slug):
    return jsonify(organisation_page_json(services.organisation_by_slug(slug)))


@operation(bp, "patch", "/organisations/<slug>", "updateOrganisation",
           "Link (or unlink) the organisation's integrity or social-media policy (its admins)", tag=TAG,
           ok=schemas.OrganisationPage, body=schemas.OrganisationSettings, path_params=ORG,
           errors=(400, 401, 404, 422, 429))
@token_required
@limited
def update_organisation(slug):
    organisation = services.set_policy_url(api_user(), services.organisation_by_slug(slug), json_body())
    return jsonify(organisation_page_json(organisation))


@operation(bp, "patch", "/organisations/<slug>/members/<int:user_id>", "setMemberFunction",
           "Give a member a function title shown on what they write for the organisation (its admins)", tag=TAG,
           ok=schemas.Member, body=schemas.MemberFunction, path_params=MEMBER, errors=(400, 401, 404, 422, 429))
@token_required
@limited
def set_member_function(slug, user_id):
    organisation = services.organisation_by_slug(slug)
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("Not found."))
    return jsonify(member_json(services.set_function_title(api_user(), organisation, user, json_body())))
