"""`flask users ...` commands."""
import click
from flask.cli import AppGroup

from errors import AppError
from partners.cli import fail

from .services import create_user

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Display name.")
@click.option("--password", required=True)
@click.option("--admin", is_flag=True, help="Make the user a site admin.")
@click.option("--verified", is_flag=True, help="Mark the e-mail address as verified.")
def create(email, name, password, admin, verified):
    """Create a user account."""
    try:
        user = create_user({"email": email, "display_name": name, "password": password},
                           is_admin=admin, verified=verified)
    except AppError as exc:
        fail(exc)
    click.echo(f"User {user.email} created{' (admin)' if admin else ''}.")
