"""``IsometrikClient``: the shape of the original ``@isometrik/client`` server API, as the seed's
Flask example uses it (``client.tokens.create(room_id=..., ...)``), over ONE ``TokenSigner``.
All checking and signing happens in the signer (the Rust core)."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Union

from ._errors import IsometrikTokenError
from ._native import TokenSigner

_ENV = {"api_key": "ISOMETRIK_API_KEY", "api_secret": "ISOMETRIK_API_SECRET"}


def _resolve(value: object, parameter: str) -> object:
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


class Tokens:
    """``client.tokens``: ``create`` and ``verify`` are the client's signer's own methods."""

    __slots__ = ("create", "verify")

    if TYPE_CHECKING:
        # What the bound methods are (the same as TokenSigner.create / TokenSigner.verify).
        def create(
            self,
            room_id: str,
            participant_name: str,
            permissions: Optional[Mapping[str, bool]] = None,
            expires_in: Union[int, float, str, timedelta, None] = "1h",
            name: Optional[str] = None,
            metadata: Optional[str] = None,
            *,
            current_date: Optional[datetime] = None,
        ) -> str: ...

        def verify(
            self,
            token: Union[str, bytes],
            room_id: Optional[str] = None,
            *,
            api_key: Optional[str] = None,
            clock_tolerance: Union[int, float, str, timedelta, None] = None,
            current_date: Optional[datetime] = None,
        ) -> Dict[str, Any]: ...

    def __init__(self, signer: TokenSigner) -> None:
        # The bound methods themselves: no Python frame between the caller and the core.
        object.__setattr__(self, "create", signer.create)
        object.__setattr__(self, "verify", signer.verify)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("client.tokens is read-only")

    def __repr__(self) -> str:
        return "<isometrik_token.Tokens>"


class IsometrikClient:
    """A server-side client: ``IsometrikClient(api_key=..., api_secret=...)``. A missing (None)
    ``api_key`` / ``api_secret`` is read from ``ISOMETRIK_API_KEY`` / ``ISOMETRIK_API_SECRET``,
    here, at construction; the key state is derived once, so bad settings fail at startup and
    not on each request. Safe to share between threads."""

    __slots__ = ("_signer", "tokens")

    def __init__(
        self,
        api_key: Optional[str] = None,
        api_secret: Union[str, bytes, None] = None,
        *,
        allow_weak_secret: bool = False,
        max_expires_in: Union[int, float, str, timedelta, None] = None,
    ) -> None:
        self._signer = TokenSigner(
            _resolve(api_key, "api_key"),
            _resolve(api_secret, "api_secret"),
            allow_weak_secret=allow_weak_secret,
            max_expires_in=max_expires_in,
        )
        self.tokens = Tokens(self._signer)

    @property
    def api_key(self) -> str:
        """The API key this client writes as ``iss``."""
        return self._signer.api_key

    def __repr__(self) -> str:
        return f"IsometrikClient(api_key={self._signer.api_key!r})"
