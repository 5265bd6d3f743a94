"""`flask search reindex`."""
import click
from flask.cli import AppGroup

from core.transactions import commit

from .index import rebuild

search_cli = AppGroup("search", help="The search index.")


@search_cli.command("reindex")
def reindex_command():
    """Build the search index again from every area's content (after an upgrade or a bulk import)."""
    count = rebuild()
    commit()
    click.echo(f"{count} documents indexed.")
