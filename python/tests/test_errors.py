"""Every error code the core has is raised from Python (ERR_BROWSER_SECRET excepted: only the
JavaScript package raises it, in a web page), as IsometrikTokenError with `.code`, `.field`,
`.claim`; no message or repr contains a secret or a token."""

from __future__ import annotations

import base64
import json
import pickle
import typing
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict

import pytest

from conftest import API_KEY, SECRET

import isometrik_token
from isometrik_token import (
    ERROR_CODES,
    ErrorCode,
    IsometrikClient,
    IsometrikTokenError,
    TokenSigner,
    create_token,
    decode_token,
    parse_duration,
    verify_token,
)

NOW = datetime.fromtimestamp(1_700_000_000, timezone.utc)
signer = TokenSigner(API_KEY, SECRET)
TOKEN = signer.create("daily-standup", "alice", {"can_publish": True}, current_date=NOW)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def forge(header: Dict[str, Any], payload: Dict[str, Any]) -> str:
    """A token signed with the test secret (through our own create, then re-headered)."""
    import hashlib
    import hmac

    h = b64url(json.dumps(header, separators=(",", ":")).encode())
    p = b64url(json.dumps(payload, separators=(",", ":")).encode())
    mac = hmac.new(SECRET.encode(), f"{h}.{p}".encode(), hashlib.sha256).digest()
    return f"{h}.{p}.{b64url(mac)}"


CLAIMS = {"iss": API_KEY, "sub": "alice", "room": "daily-standup", "permissions": {},
          "iat": 1_700_000_000, "nbf": 1_700_000_000, "exp": 1_700_003_600}
HS256 = {"alg": "HS256", "typ": "JWT"}

# One call per code, with the field or claim it must name.
REACH: Dict[str, tuple] = {
    "ERR_INVALID_OPTIONS": (lambda: signer.create(" ", "alice"), "room_id", None),
    "ERR_WEAK_SECRET": (lambda: TokenSigner(API_KEY, "short"), None, None),
    "ERR_INVALID_DURATION": (lambda: signer.create("r", "a", expires_in="1 hour ago"), "expires_in", None),
    "ERR_TOKEN_TOO_LARGE": (lambda: decode_token("a" * 20_000), None, None),
    "ERR_MALFORMED_TOKEN": (lambda: decode_token("not.a-token"), None, None),
    "ERR_UNSUPPORTED_ALG": (lambda: verify_token(forge({"alg": "HS512"}, CLAIMS), SECRET, current_date=NOW), None, None),
    "ERR_UNSUPPORTED_HEADER": (lambda: verify_token(forge({**HS256, "crit": ["exp"]}, CLAIMS), SECRET, current_date=NOW), None, None),
    "ERR_BAD_SIGNATURE": (lambda: verify_token(TOKEN, SECRET + "x", current_date=NOW), None, None),
    "ERR_EXPIRED": (lambda: signer.verify(TOKEN, current_date=NOW + timedelta(hours=2)), None, "exp"),
    "ERR_NOT_YET_VALID": (lambda: signer.verify(TOKEN, current_date=NOW - timedelta(hours=2)), None, "nbf"),
    "ERR_CLAIM_INVALID": (lambda: verify_token(forge(HS256, {**CLAIMS, "exp": "soon"}), SECRET, current_date=NOW), None, "exp"),
    "ERR_ISSUER_MISMATCH": (lambda: signer.verify(TOKEN, api_key="APIother", current_date=NOW), None, "iss"),
    "ERR_ROOM_MISMATCH": (lambda: signer.verify(TOKEN, "other-room", current_date=NOW), None, "room"),
}
# Raised by the npm package only: in a web page without dangerouslyAllowBrowser, or where
# WebAssembly cannot be compiled.
JS_ONLY = {"ERR_BROWSER_SECRET", "ERR_WASM_UNAVAILABLE"}


def raised(fn: Callable[[], Any]) -> IsometrikTokenError:
    with pytest.raises(IsometrikTokenError) as caught:
        fn()
    return caught.value


def test_error_codes_are_the_cores_and_the_typed_literal() -> None:
    assert isinstance(ERROR_CODES, tuple)
    assert list(ERROR_CODES) == list(typing.get_args(ErrorCode))
    assert set(REACH) | JS_ONLY == set(ERROR_CODES)


@pytest.mark.parametrize("code", sorted(REACH))
def test_every_code_is_reachable_from_python(code: str) -> None:
    fn, field, claim = REACH[code]
    err = raised(fn)
    assert err.code == code
    assert isinstance(err, ValueError)
    assert err.field == field
    assert err.claim == claim
    assert SECRET not in str(err) and SECRET not in repr(err)
    assert TOKEN not in str(err) and TOKEN.split(".")[1] not in repr(err)


def test_time_errors_carry_the_authenticated_claims() -> None:
    err = raised(lambda: signer.verify(TOKEN, current_date=NOW + timedelta(hours=2)))
    assert err.claims == decode_token(TOKEN)
    assert "2023-11-14T23:13:20Z" in str(err)  # exp as RFC 3339 UTC
    bad = raised(lambda: verify_token(TOKEN, SECRET + "x", current_date=NOW))
    assert bad.claims is None  # never for a token that is not authentic


def test_errors_pickle_and_repr() -> None:
    err = raised(lambda: signer.create("r", "a", {"can_fly": True}))
    again = pickle.loads(pickle.dumps(err))
    assert (again.code, again.field, again.claim, str(again)) == (err.code, err.field, err.claim, str(err))
    assert repr(err).startswith("IsometrikTokenError('ERR_INVALID_OPTIONS', ")
    assert err.field == "permissions.can_fly"


@pytest.mark.parametrize(
    "call, code, field",
    [
        (lambda: signer.create(1, "a"), "ERR_INVALID_OPTIONS", "room_id"),
        (lambda: signer.create("r", None), "ERR_INVALID_OPTIONS", "participant_name"),
        (lambda: signer.create("r", "a", name=""), "ERR_INVALID_OPTIONS", "name"),
        (lambda: signer.create("r", "a", metadata="x" * 8193), "ERR_INVALID_OPTIONS", "metadata"),
        (lambda: signer.create("r", "a", metadata=b"x"), "ERR_INVALID_OPTIONS", "metadata"),
        (lambda: signer.create("r\ud800", "a"), "ERR_INVALID_OPTIONS", "room_id"),
        (lambda: signer.create("r", "a", ["canPublish"]), "ERR_INVALID_OPTIONS", "permissions"),
        (lambda: signer.create("r", "a", {"canPublish": 1}), "ERR_INVALID_OPTIONS", "permissions.canPublish"),
        (lambda: signer.create("r", "a", {"can_publish": True, "canPublish": False}), "ERR_INVALID_OPTIONS", "permissions.canPublish"),
        (lambda: signer.create("r", "a", {"x" * 100: True}), "ERR_INVALID_OPTIONS", "permissions." + "x" * 64 + "…"),
        (lambda: signer.create("r", "a", expires_in=0), "ERR_INVALID_DURATION", "expires_in"),
        (lambda: signer.create("r", "a", expires_in=-1), "ERR_INVALID_DURATION", "expires_in"),
        (lambda: signer.create("r", "a", expires_in=1.5), "ERR_INVALID_DURATION", "expires_in"),
        (lambda: signer.create("r", "a", expires_in=float("nan")), "ERR_INVALID_DURATION", "expires_in"),
        (lambda: signer.create("r", "a", expires_in=10**30), "ERR_INVALID_DURATION", "expires_in"),
        (lambda: signer.create("r", "a", expires_in=timedelta(seconds=1.5)), "ERR_INVALID_DURATION", "expires_in"),
        (lambda: signer.create("r", "a", expires_in=timedelta(days=2)), "ERR_INVALID_DURATION", "expires_in"),
        (lambda: signer.create("r", "a", expires_in=True), "ERR_INVALID_OPTIONS", "expires_in"),
        (lambda: signer.create("r", "a", expires_in=[1]), "ERR_INVALID_OPTIONS", "expires_in"),
        (lambda: signer.create("r", "a", current_date=datetime(2024, 1, 1)), "ERR_INVALID_OPTIONS", "current_date"),
        (lambda: signer.create("r", "a", current_date=1_700_000_000), "ERR_INVALID_OPTIONS", "current_date"),
        (lambda: signer.create("r", "a", current_date=datetime(1969, 12, 31, tzinfo=timezone.utc)), "ERR_INVALID_OPTIONS", "current_date"),
        (lambda: signer.verify(TOKEN, clock_tolerance=-1, current_date=NOW), "ERR_INVALID_OPTIONS", "clock_tolerance"),
        (lambda: signer.verify(TOKEN, clock_tolerance="2h", current_date=NOW), "ERR_INVALID_OPTIONS", "clock_tolerance"),
        (lambda: signer.verify(TOKEN, clock_tolerance="soon"), "ERR_INVALID_DURATION", "clock_tolerance"),
        (lambda: signer.verify(123), "ERR_INVALID_OPTIONS", "token"),
        (lambda: signer.verify(TOKEN, 5), "ERR_INVALID_OPTIONS", "room_id"),
        (lambda: TokenSigner("", SECRET), "ERR_INVALID_OPTIONS", "api_key"),
        (lambda: TokenSigner("has space", SECRET), "ERR_INVALID_OPTIONS", "api_key"),
        (lambda: TokenSigner(API_KEY, 12345), "ERR_INVALID_OPTIONS", "api_secret"),
        (lambda: TokenSigner(API_KEY, bytearray(40)), "ERR_INVALID_OPTIONS", "api_secret"),
        (lambda: TokenSigner(API_KEY, SECRET, allow_weak_secret=1), "ERR_INVALID_OPTIONS", "allow_weak_secret"),
        (lambda: TokenSigner(API_KEY, SECRET, max_expires_in=0), "ERR_INVALID_DURATION", "max_expires_in"),
        (lambda: TokenSigner(API_KEY, SECRET, max_expires_in="forever"), "ERR_INVALID_DURATION", "max_expires_in"),
        (lambda: parse_duration("1"), "ERR_INVALID_DURATION", "duration"),
        (lambda: parse_duration(None), "ERR_INVALID_OPTIONS", "duration"),
        (lambda: create_token(api_key=API_KEY, api_secret="", room_id="r", participant_name="a"), "ERR_WEAK_SECRET", None),
        (lambda: IsometrikClient(api_key=API_KEY, api_secret="-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0D\n"), "ERR_WEAK_SECRET", None),
    ],
)
def test_argument_errors_name_the_python_parameter(call: Callable[[], Any], code: str, field: str) -> None:
    err = raised(call)
    assert (err.code, err.field) == (code, field), str(err)
    if field is not None and not field.startswith("permissions."):
        assert f"`{field}`" in str(err)
    # No camelCase JavaScript option names in Python messages.
    for js_name in ("roomId", "participantName", "expiresIn", "currentDate", "clockTolerance", "maxExpiresIn", "apiKey"):
        assert js_name not in str(err)


def test_secrets_never_appear_in_errors_or_reprs() -> None:
    secret = "a-very-secret-value-that-must-never-leak!!"
    weak = "weak-secret-value"
    texts = [
        repr(TokenSigner(API_KEY, secret)),
        repr(IsometrikClient(api_key=API_KEY, api_secret=secret)),
        repr(IsometrikClient(api_key=API_KEY, api_secret=secret).tokens),
    ]
    for call in (
        lambda: TokenSigner(API_KEY, weak),
        lambda: TokenSigner(API_KEY, weak.encode()),
        lambda: TokenSigner("bad key", secret),
        lambda: verify_token(TOKEN, secret, current_date=NOW),
        lambda: verify_token(TOKEN + "x", secret),
        lambda: create_token(api_key=API_KEY, api_secret=secret, room_id="", participant_name="a"),
    ):
        err = raised(call)
        texts += [str(err), repr(err), repr(err.args)]
    for t in texts:
        assert secret not in t and weak not in t
        assert TOKEN not in t


def test_module_constants() -> None:
    assert isometrik_token.PERMISSIONS == (
        "canPublish", "canSubscribe", "canUpdateMetadata", "canUpdateRoom", "canRemoveParticipants",
    )
    assert isometrik_token.MAX_TOKEN_LEN == 16384


def test_signers_and_clients_cannot_be_pickled() -> None:
    # They hold key material (derived states): nothing to serialize, nothing to leak.
    for obj in (signer, IsometrikClient(api_key=API_KEY, api_secret=SECRET)):
        with pytest.raises(TypeError):
            pickle.dumps(obj)
