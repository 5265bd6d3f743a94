"""Helpers for the command-line interface."""
import click

from .errors import AppError


def fail(exc: AppError):
    """Turn a service's error into the command's error message (and exit status)."""
    details = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
    raise click.ClickException(f"{exc.message} {details}".strip())
