"""The generated OpenAPI document: complete whatever was imported before, and built from the declared shapes."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from openapi import build_spec

ROOT = Path(__file__).resolve().parent.parent


def test_the_document_does_not_depend_on_what_was_imported_before():
    """A fresh interpreter that imports only `openapi` (as the schemathesis tests do at collection) gets the
    same document as the app serves: every area's operations and every part of the profile."""
    code = "import json, openapi; print(json.dumps(openapi.build_spec(), sort_keys=True))"
    fresh = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(fresh.stdout) == json.loads(json.dumps(build_spec(), sort_keys=True))


def test_every_audit_action_is_documented(app):
    from audit.services import ACTIONS

    description = build_spec()["components"]["schemas"]["AuditEntry"]["properties"]["action"]["description"]
    from moderation.schemas import ACTIONS as MODERATION_ACTIONS

    assert {"invite", "configure_sso", "delete_account", "auto_hide", "grant_role"} <= set(ACTIONS)
    assert set(MODERATION_ACTIONS) <= set(ACTIONS)  # every action the API takes is logged with a label
    for action in ACTIONS:
        assert action in description


def test_an_unregistered_audit_action_is_refused(app):
    from audit.services import audit

    with pytest.raises(ValueError, match="audit_actions"):
        audit(None, "made_up", "wijk", 1, "reason")


def test_limits_come_from_the_schemas():
    spec = build_spec()["components"]["schemas"]
    from moderation.schemas import FLAG_TEXT_MAX
    from wijken.schemas import COMMENT_MAX, TITLE_MAX

    assert spec["PostCreate"]["properties"]["title"]["maxLength"] == TITLE_MAX
    assert spec["CommentCreate"]["properties"]["body"]["maxLength"] == COMMENT_MAX
    assert spec["FlagCreate"]["properties"]["text"]["maxLength"] == FLAG_TEXT_MAX


def test_a_shared_path_parameter_is_declared_once():
    from core.apidoc import PATH_PARAMETERS, path_parameter

    path_parameter("comment_id", {"type": "integer"}, PATH_PARAMETERS["comment_id"]["description"])  # the same: fine
    with pytest.raises(ValueError, match="declared twice"):
        path_parameter("comment_id", {"type": "integer"}, "Another description.")
