"""Every URL route of the application, as the resolver knows it: its key (the URL name, or the pattern of an unnamed
route), its pattern and the names of its arguments."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Resolved:
    key: str
    pattern: str
    arguments: tuple[tuple[str, str], ...]  # (converter, name)

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")


def _walk(resolver: URLResolver, prefix: str = "", namespace: str | None = None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Resolved(
                key=name or pattern,
                pattern=pattern,
                arguments=tuple(re.findall(r"<(?:(\w+):)?(\w+)>", pattern)),
            )


def all_routes() -> dict[str, Resolved]:
    """Routes by key; where two routes share a name (Django's own account pages shadowed by the project's), the
    first, the one ``reverse()`` answers, is kept."""
    found: dict[str, Resolved] = {}
    for route in _walk(get_resolver()):
        found.setdefault(route.key, route)
    return found


_DUMMY = {"int": "999999", "str": "no-such-thing", "slug": "no-such-thing", "path": "no-such-thing", None: "x"}


def dummy_address(route: Resolved) -> str:
    """The route's address with arguments that name nothing (what a method check answers before any lookup)."""
    address = route.pattern
    for converter, name in route.arguments:
        address = address.replace(f"<{converter + ':' if converter else ''}{name}>", _DUMMY.get(converter, "x"))
    return "/" + address
