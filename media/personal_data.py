"""Images are deleted with the account that uploaded them, whatever happens to its posts (the files after
the deletion commits). The areas that show them export them, each with its context."""
from accounts.personal_data import erases

from .services import discard_owned_by


@erases
def _drop_images(user, content: str) -> None:
    discard_owned_by(user)
