"""What the accounts area announces to the areas above it (blinker signals, sent in the request)."""
from blinker import Namespace

_signals = Namespace()

# Too many attempts for one account (wrong passwords or codes): the ways in are closed for it until `until` (an
# aware UTC datetime). Sender: the User. The mail area tells the owner, once per lockout window.
account_locked = _signals.signal("account-locked")
