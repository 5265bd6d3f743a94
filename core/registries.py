"""The keyed registries through which a higher layer lets a lower one call it (docs/architecture.md)."""
from collections.abc import Callable, Hashable
from typing import TypeVar

F = TypeVar("F", bound=Callable)


def keyed(registry: dict, key: Hashable, *, unique: str | None = None) -> Callable[[F], F]:
    """A decorator that puts the function it decorates in `registry` under `key` and returns it unchanged.
    With `unique` (what a registration is called), registering a key twice is an error."""
    def register(func: F) -> F:
        if unique and key in registry:
            raise ValueError(f"two {unique} of {key!r}")
        registry[key] = func
        return func
    return register
