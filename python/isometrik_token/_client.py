"""``IsometrikClient``: the shape of the original ``@isometrik/client`` server API, as the seed's
Flask example uses it (``client.tokens.create(room_id=..., ...)``), over ONE ``TokenSigner``.
All checking and signing happens in the signer (the Rust core)."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Optional, TypeVar, Union

from ._errors import IsometrikTokenError
from ._native import TokenSigner

_ENV = {"api_key": "ISOMETRIK_API_KEY", "api_secret": "ISOMETRIK_API_SECRET"}


T = TypeVar("T")


def _resolve(value: Optional[T], parameter: str) -> Union[T, str]:
    """An explicit value (anything but None) wins; otherwise the environment variable."""
    if value is not None:
        return value
    variable = _ENV[parameter]
    from_env = os.environ.get(variable)
    if from_env is None:
        # Names the parameter and the variable, never a value.
        raise IsometrikTokenError(
            f"{parameter} is required: pass {parameter}= to IsometrikClient() or set {variable}",
            "ERR_INVALID_OPTIONS",
            field=parameter,
        )
    return from_env


class IsometrikClient:
    """A server-side client: ``IsometrikClient(api_key=..., api_secret=...)``. A missing (None)
    ``api_key`` / ``api_secret`` is read from ``ISOMETRIK_API_KEY`` / ``ISOMETRIK_API_SECRET``,
    here, at construction; the key state is derived once, so bad settings fail at startup and
    not on each request. Safe to share between threads.

    ``client.tokens`` is the client's ``TokenSigner``: ``client.tokens.create(...)`` and
    ``client.tokens.verify(...)`` are its methods, with no Python layer in between.
    """

    __slots__ = ("tokens",)
    tokens: TokenSigner

    def __init__(
        self,
        api_key: Optional[str] = None,
        api_secret: Union[str, bytes, None] = None,
        *,
        allow_weak_secret: bool = False,
        max_expires_in: Union[int, float, str, timedelta, None] = None,
    ) -> None:
        self.tokens = TokenSigner(
            _resolve(api_key, "api_key"),
            _resolve(api_secret, "api_secret"),
            allow_weak_secret=allow_weak_secret,
            max_expires_in=max_expires_in,
        )

    @property
    def api_key(self) -> str:
        """The API key this client writes as ``iss``."""
        return self.tokens.api_key

    def __repr__(self) -> str:
        return f"IsometrikClient(api_key={self.tokens.api_key!r})"
