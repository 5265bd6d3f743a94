"""What ideas tell the areas above them (blinker signals, sent inside the writing transaction)."""
from blinker import Namespace

_signals = Namespace()

# An idea reached its round's threshold (once): `sender` is the idea (the wijkagenda proposes it when the
# round is the wijk's standing round).
threshold_reached = _signals.signal("idea-threshold-reached")
