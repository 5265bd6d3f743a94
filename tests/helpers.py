"""Small helpers the test packages share."""
import socket
import threading
from collections.abc import Callable, Iterable


def free_port() -> int:
    """A loopback port that was free a moment ago: start a server on it, or expect nothing to answer there."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def at_once(action: Callable, calls: Iterable[tuple]) -> None:
    """Call `action(*args)` for every args in `calls`, each in its own thread, all released at the same moment."""
    calls = list(calls)
    barrier = threading.Barrier(len(calls))

    def run(*args):
        barrier.wait()
        action(*args)

    threads = [threading.Thread(target=run, args=args) for args in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
