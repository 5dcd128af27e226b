"""The package's one exception class, raised by every function (and by the Rust half)."""

from __future__ import annotations

from typing import Any, Dict, Literal, Optional

#: Every code ``IsometrikTokenError.code`` can take: the core's ``ERROR_CODES``, the same strings
#: as the npm package (tests/test_errors.py checks that the two lists are equal).
#: ``ERR_BROWSER_SECRET`` and ``ERR_WASM_UNAVAILABLE`` are raised by the JavaScript package only.
ErrorCode = Literal[
    "ERR_INVALID_OPTIONS",
    "ERR_WEAK_SECRET",
    "ERR_INVALID_DURATION",
    "ERR_TOKEN_TOO_LARGE",
    "ERR_MALFORMED_TOKEN",
    "ERR_UNSUPPORTED_ALG",
    "ERR_UNSUPPORTED_HEADER",
    "ERR_BAD_SIGNATURE",
    "ERR_EXPIRED",
    "ERR_NOT_YET_VALID",
    "ERR_CLAIM_INVALID",
    "ERR_ISSUER_MISMATCH",
    "ERR_ROOM_MISMATCH",
    "ERR_BROWSER_SECRET",
    "ERR_WASM_UNAVAILABLE",
]


class IsometrikTokenError(ValueError):
    """Raised by every function of ``isometrik_token``. Switch on ``code``; the message is for
    humans and never contains a secret or a token.

    Attributes:
        code: the stable error code, e.g. ``"ERR_EXPIRED"``.
        field: for ``ERR_INVALID_OPTIONS`` / ``ERR_INVALID_DURATION``, the parameter at fault
            (``"room_id"``, ``"expires_in"``, ``"permissions.can_fly"``), else ``None``.
        claim: for claim errors, the claim at fault (``"exp"``, ``"iss"``,
            ``"permissions.canPublish"``), else ``None``.
        claims: for ``ERR_EXPIRED`` / ``ERR_NOT_YET_VALID``, the token's claims (authentic:
            only the time check failed), else ``None``.
    """

    code: ErrorCode
    field: Optional[str]
    claim: Optional[str]
    claims: Optional[Dict[str, Any]]

    def __init__(
        self,
        message: str,
        code: ErrorCode,
        field: Optional[str] = None,
        claim: Optional[str] = None,
        claims: Optional[Dict[str, Any]] = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.claim = claim
        self.claims = claims

    def __reduce__(self) -> Any:
        return (type(self), (str(self), self.code, self.field, self.claim, self.claims))

    def __repr__(self) -> str:
        return f"IsometrikTokenError({self.code!r}, {str(self)!r})"
