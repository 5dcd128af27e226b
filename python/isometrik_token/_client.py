"""``IsometrikClient``: the shape of the original ``@isometrik/client`` server API, as the Flask
example of Isometrik's Authentication docs uses it (``client.tokens.create(room_id=...,
...)``), over ONE ``TokenSigner`` (and, with ``keys=``, one ``TokenVerifier``). All checking
and signing happens in the Rust core."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import Any, Dict, Mapping, Optional, TypeVar, Union

from ._errors import IsometrikTokenError
from ._native import _API_KEY_WITH_KEYS, TokenSigner, TokenVerifier

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


class _RotatingSigner(TokenSigner):
    """``client.tokens`` of an ``IsometrikClient`` given ``keys=``: it signs as the client's own
    ``TokenSigner`` (it is one), and ``verify`` accepts a token of any of the keys, checked with
    the secret of its ``iss`` by a ``TokenVerifier`` (which always holds the client's own key)."""

    __slots__ = ("_verifier",)
    _verifier: TokenVerifier

    def verify(
        self,
        token: Union[str, bytes],
        room_id: Optional[str] = None,
        *,
        api_key: Optional[str] = None,
        clock_tolerance: Union[int, float, str, timedelta, None] = None,
        current_date: Optional[datetime] = None,
    ) -> Dict[str, Any]:
        """Verifies a token with the secret of its ``iss`` (the client's key or one of ``keys``)
        and returns its claims. ``api_key`` is refused: the token's ``iss`` chooses the key."""
        if api_key is not None:
            # The same refusal, in the core's words, as verify_token(keys=..., api_key=...).
            raise IsometrikTokenError(_API_KEY_WITH_KEYS, "ERR_INVALID_OPTIONS", field="api_key")
        return self._verifier.verify(
            token, room_id, clock_tolerance=clock_tolerance, current_date=current_date
        )

    def __repr__(self) -> str:
        return f"TokenSigner(api_key={self.api_key!r}, keys={self._verifier.api_keys!r})"


class IsometrikClient:
    """A server-side client: ``IsometrikClient(api_key=..., api_secret=...)``. A missing (None)
    ``api_key`` / ``api_secret`` is read from ``ISOMETRIK_API_KEY`` / ``ISOMETRIK_API_SECRET``,
    here, at construction; the key state is derived once, so bad settings fail at startup and
    not on each request. Safe to share between threads.

    ``client.tokens`` is the client's ``TokenSigner``: ``client.tokens.create(...)`` and
    ``client.tokens.verify(...)`` are its methods, with no Python layer in between.

    ``keys`` (secret rotation), a mapping of API key to secret: ``client.tokens`` is then a
    ``TokenSigner`` whose ``verify`` (a thin Python method over a ``TokenVerifier``) accepts
    tokens of those keys too, each checked with the secret of its ``iss``; the client's
    own key is always accepted (its secret wins over an entry of the same name in ``keys``), and
    the client still signs with it. Each key follows the same secret rules, and
    ``allow_weak_secret`` applies to all of them.
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
        keys: Optional[Mapping[str, Union[str, bytes]]] = None,
    ) -> None:
        key: str = _resolve(api_key, "api_key")
        secret: Union[str, bytes] = _resolve(api_secret, "api_secret")
        if keys is None:
            self.tokens = TokenSigner(
                key, secret, allow_weak_secret=allow_weak_secret, max_expires_in=max_expires_in
            )
            return
        if not isinstance(keys, Mapping):
            raise IsometrikTokenError(
                "invalid option `keys`: must be a mapping of API key to secret",
                "ERR_INVALID_OPTIONS",
                field="keys",
            )
        tokens = _RotatingSigner(
            key, secret, allow_weak_secret=allow_weak_secret, max_expires_in=max_expires_in
        )
        # The signer has checked the client's own key and secret; the verifier checks the rest.
        try:
            # A mapping's own keys() and __getitem__ run here: whatever they raise is ours.
            entries = {**keys, key: secret}
        except Exception as err:
            raise IsometrikTokenError(
                "invalid option `keys`: could not be read (its keys() or [] raised)",
                "ERR_INVALID_OPTIONS",
                field="keys",
            ) from err
        tokens._verifier = TokenVerifier(entries, allow_weak_secret=allow_weak_secret)
        self.tokens = tokens

    @property
    def api_key(self) -> str:
        """The API key this client writes as ``iss``."""
        return self.tokens.api_key

    def __repr__(self) -> str:
        return f"IsometrikClient(api_key={self.tokens.api_key!r})"
