"""`flask orgs ...` and `flask roles ...` commands."""
import click
from flask.cli import AppGroup
from sqlalchemy import select

from accounts.services import find_user
from core.cli import fail
from core.errors import AppError
from core.extensions import db
from core.transactions import unit_of_work
from partners.models import ORGANISATION_KINDS, Organisation
from partners.services import create_or_update_organisation, grant_membership
from wijken.models import Wijk
from wijken.roles import grant_wijk_role, serve_wijken

orgs_cli = AppGroup("orgs", help="Manage partner organisations.")
roles_cli = AppGroup("roles", help="Grant partner and wijk roles.")


@orgs_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True)
@click.option("--kind", required=True, type=click.Choice(ORGANISATION_KINDS))
@click.option("--wijk", "wijken", multiple=True, help="Slug of a wijk the organisation serves (repeatable).")
@click.option("--verified/--unverified", default=True, show_default=True)
def create_org(slug, name, kind, wijken, verified):
    """Create (or update) an organisation serving the given wijken."""
    try:
        with unit_of_work():
            org = create_or_update_organisation({"slug": slug, "name": name, "kind": kind, "verified": verified})
            serve_wijken(org, wijken, add=True)
    except AppError as exc:
        fail(exc)
    click.echo(f"Organisation {org.slug} ({org.kind}) serves: {', '.join(w.slug for w in org.wijken) or '-'}")


@roles_cli.command("grant")
@click.argument("email")
@click.option("--org", "org_slug", help="Organisation slug (roles poster, moderator, admin).")
@click.option("--wijk", "wijk_slug", help="Wijk slug (role coordinator).")
@click.option("--role", required=True)
def grant(email, org_slug, wijk_slug, role):
    """Grant a partner role (--org) or a wijk role (--wijk)."""
    if bool(org_slug) == bool(wijk_slug):
        raise click.UsageError("Give exactly one of --org and --wijk.")
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"No user with e-mail {email}.")
    try:
        if org_slug:
            org = db.session.scalar(select(Organisation).where(Organisation.slug == org_slug))
            if org is None:
                raise click.ClickException(f"No organisation {org_slug}.")
            grant_membership(user, org, role)
        else:
            wijk = db.session.scalar(select(Wijk).where(Wijk.slug == wijk_slug))
            if wijk is None:
                raise click.ClickException(f"No wijk {wijk_slug}.")
            grant_wijk_role(user, wijk, role)
    except AppError as exc:
        fail(exc)
    click.echo(f"{email} is now {role} of {org_slug or wijk_slug}.")
