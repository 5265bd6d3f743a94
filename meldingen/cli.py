"""`flask meldingen ...`: a municipality's categories, and delivering due webhooks (cron, like `flask mail deliver`)."""
import click
from flask.cli import AppGroup

from core.errors import AppError

from . import categories, webhooks

meldingen_cli = AppGroup("meldingen", help="Meldingen: categories and webhooks.")


@meldingen_cli.command("category")
@click.argument("municipality")
@click.argument("slug")
@click.option("--name", required=True, help="As residents read it, e.g. Straatverlichting.")
@click.option("--organisation", required=True, help="Slug of the organisation that handles it.")
@click.option("--days", default=5, show_default=True, help="Target in working days (holidays excluded).")
@click.option("--inactive", is_flag=True, help="No longer offered for new meldingen.")
def category_command(municipality, slug, name, organisation, days, inactive):
    """Create or change a category of MUNICIPALITY."""
    try:
        category = categories.save_category({"municipality": municipality, "slug": slug, "name": name,
                                             "organisation": organisation, "target_days": days,
                                             "active": not inactive})
    except AppError as exc:
        raise click.ClickException(f"{exc.message} {exc.fields}") from None
    click.echo(f"{category.municipality}: {category.slug} ({category.name}) -> {category.organisation.slug}, "
               f"{category.target_days} working days{'' if category.active else ', inactive'}")


@meldingen_cli.command("deliver")
def deliver_command():
    """Deliver the webhooks that are due (retries included)."""
    click.echo(f"{webhooks.deliver_due()} webhook deliveries tried.")
