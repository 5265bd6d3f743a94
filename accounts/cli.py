"""`flask users ...` commands."""
import click
from flask.cli import AppGroup

from core.cli import fail
from core.errors import AppError, ValidationError
from core.transactions import unit_of_work

from . import two_factor
from .services import create_user

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Display name.")
@click.option("--password", required=True)
@click.option("--admin", is_flag=True, help="Make the user a site admin.")
@click.option("--verified", is_flag=True, help="Mark the e-mail address as verified.")
@click.option("--totp-secret", help="Turn on two-factor authentication with this base32 secret.")
def create(email, name, password, admin, verified, totp_secret):
    """Create a user account (in one transaction, two-factor authentication included)."""
    try:
        if totp_secret is not None and not two_factor.valid_secret(totp_secret):
            raise ValidationError("The TOTP secret must be base32, at least 16 characters.")
        with unit_of_work():
            user = create_user({"email": email, "display_name": name, "password": password},
                               is_admin=admin, verified=verified)
            if totp_secret is not None:
                two_factor.provision(user, totp_secret)
    except AppError as exc:
        fail(exc)
    extras = [label for label, on in (("admin", admin), ("two-factor on", totp_secret)) if on]
    suffix = f" ({', '.join(extras)})" if extras else ""
    click.echo(f"User {user.email} created{suffix}.")
