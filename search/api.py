"""JSON API of search: `GET /api/v1/search`."""
from flask import Blueprint, jsonify, request

from accounts.auth import api_user, client_scope
from core.apidoc import BEFORE, LIMIT, operation, query_parameter

from . import (
    posts,  # noqa: F401  (registers the post and comment kinds the kind filter lists)
    schemas,
)
from .registry import KIND_NAMES
from .services import QUERY_MAX, run_search

bp = Blueprint("search_api", __name__, url_prefix="/api/v1")


def hit_json(hit) -> dict:
    return schemas.SearchHit(
        kind=hit.kind, kind_label=str(hit.label), id=hit.source_id, url=hit.url, title_html=str(hit.title),
        snippet_html=str(hit.snippet), created_at=hit.created_at,
        wijk=schemas.WijkRef(slug=hit.wijk_slug, name=hit.wijk_name) if hit.wijk_slug else None).dump()


@operation(bp, "get", "/search", "search", "Full-text search of what the caller may see", tag="search",
           ok=schemas.SearchPage, errors=(400, 404, 422), query=(
               query_parameter("q", {"type": "string", "maxLength": QUERY_MAX},
                               "The words to find (Dutch stemming: `lantaarnpalen` finds `lantaarnpaal`). "
                               "Every word must occur; quotes and operators are plain text.", required=True),
               query_parameter("wijk", {"type": "string"}, "Only in this wijk (its slug)."),
               query_parameter("kind", {"type": "string", "enum": KIND_NAMES}, "Only documents of this kind."),
               LIMIT, BEFORE),
           description="Newest first, keyset-paginated. Hidden, pending and removed content is never found; "
                       "private items only by whoever may see them.")
@client_scope("posts:read")
def search():
    results, _filters = run_search(api_user(), request.args)
    return jsonify({"items": [hit_json(h) for h in results.items], "next": results.next,
                    "words": results.words})
