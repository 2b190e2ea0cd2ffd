"""What a provider asks of the network: one request, described as data (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ApiRequest:
    """One request a provider wants made; ``secret_params`` are sent but never cached."""

    url: str
    params: tuple[tuple[str, str], ...] = ()
    method: str = "GET"
    json_body: Any = None
    headers: tuple[tuple[str, str], ...] = ()
    secret_params: tuple[tuple[str, str], ...] = ()
    ok_statuses: frozenset[int] = frozenset({200})
