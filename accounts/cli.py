"""`flask users ...` commands."""
import click
from flask.cli import AppGroup

from errors import AppError, ValidationError
from extensions import db
from partners.cli import fail

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
        user = create_user({"email": email, "display_name": name, "password": password},
                           is_admin=admin, verified=verified, commit=False)
        if totp_secret is not None:
            two_factor.provision(user, totp_secret)
        db.session.commit()
    except AppError as exc:
        db.session.rollback()
        fail(exc)
    extras = [label for label, on in (("admin", admin), ("two-factor on", totp_secret)) if on]
    suffix = f" ({', '.join(extras)})" if extras else ""
    click.echo(f"User {user.email} created{suffix}.")
