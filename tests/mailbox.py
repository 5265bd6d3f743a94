"""A real local SMTP server (aiosmtpd) for the tests, collecting what it receives."""
import asyncio
import re
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller

from tests.helpers import free_port


class Mailbox:
    """The messages the server accepted, as (recipients, EmailMessage) in arrival order."""

    def __init__(self):
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.port = free_port()
        self.refuse: set[str] = set()  # recipients answered "550 no such user"
        self.rcpt_delay = 0.0  # seconds the server thinks about each recipient
        self.rcpts_started = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        self.rcpts_started += 1
        if self.rcpt_delay:
            await asyncio.sleep(self.rcpt_delay)
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=default_policy)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for rcpts, message in self.messages if address in rcpts]

    def link(self, address: str, pattern: str) -> str:
        """The first URL matching `pattern` in the plain-text part of the latest mail to `address`."""
        message = self.to(address)[-1]
        match = re.search(pattern, message.get_body(("plain",)).get_content())
        assert match, f"no link {pattern!r} in the mail to {address}"
        return match.group(0)


@pytest.fixture(scope="session")
def smtp_server():
    """One SMTP server for the whole run; every test app sends its mail there."""
    handler = Mailbox()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def smtp(smtp_server):
    """The mailbox, emptied for this test."""
    smtp_server.messages.clear()
    smtp_server.refuse.clear()
    smtp_server.rcpt_delay = 0.0
    smtp_server.rcpts_started = 0
    return smtp_server
