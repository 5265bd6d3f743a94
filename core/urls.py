"""Links to the site's own pages, also outside a request (commands, workers, jobs)."""
from flask import current_app, has_request_context, url_for


def path_for(endpoint: str, **values) -> str:
    """The path of an endpoint: `url_for` in a request, the URL map elsewhere."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("").build(endpoint, values)


def external_url(endpoint: str, **values) -> str:
    """The absolute address (BASE_URL) of an endpoint, for mail, feeds, PDFs and partners' configuration."""
    return current_app.config["BASE_URL"].rstrip("/") + path_for(endpoint, **values)
