"""Searching, for the page and the API alike: read the request's terms and filters, then query the index."""
from core.validation import Fields
from wijken.feeds import parse_limit
from wijken.services import wijk_by_slug

from .index import Results, search
from .registry import KIND_NAMES

QUERY_MAX = 200
PAGE = 20


def run_search(viewer, args, *, query_required: bool = True) -> tuple[Results, dict]:
    """`args`: q, wijk (slug), kind, before, limit. Returns the results and the filters as read
    (422 for a blank or over-long query or an unknown kind, 404 for an unknown wijk, 400 for a bad cursor)."""
    fields = Fields({k: args.get(k) or None for k in ("q", "kind")})
    query = fields.text("q", max_length=QUERY_MAX, required=query_required)
    kind = fields.choice("kind", KIND_NAMES)
    fields.check()
    wijk = wijk_by_slug(args["wijk"]) if args.get("wijk") else None
    filters = {"q": query or "", "kind": kind, "wijk": wijk}
    if not query:
        return Results([], None, []), filters
    results = search(viewer, query, wijk=wijk, kinds=[kind] if kind else (), before=args.get("before") or None,
                     limit=parse_limit(args.get("limit"), PAGE))
    return results, filters
