"""The Python API: IsometrikClient (env variables, the names of Isometrik's docs), permissions in both
spellings, durations and times in their Python forms, str and bytes secrets and tokens, the
stubs against the runtime signatures, and the installed wheel."""

from __future__ import annotations

import ast
import inspect
import os
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict

import pytest

from conftest import API_KEY, SECRET

import isometrik_token
from isometrik_token import (
    IsometrikClient,
    IsometrikTokenError,
    TokenSigner,
    create_token,
    decode_token,
    decode_token_header,
    parse_duration,
    verify_token,
)

NOW = datetime.fromtimestamp(1_700_000_000, timezone.utc)


def test_runs_from_the_installed_package() -> None:
    # scripts/test-python sets this: the tests must exercise the wheel, not the source folder.
    if os.environ.get("ISOMETRIK_EXPECT_INSTALLED") == "1":
        assert "site-packages" in Path(isometrik_token.__file__).parts, isometrik_token.__file__
    assert Path(isometrik_token._native.__file__).name.endswith((".so", ".pyd"))  # type: ignore[attr-defined]
    assert (Path(isometrik_token.__file__).parent / "py.typed").exists()
    assert (Path(isometrik_token.__file__).parent / "_native.pyi").exists()


def test_client_reads_the_environment_at_construction(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ISOMETRIK_API_KEY", API_KEY)
    monkeypatch.setenv("ISOMETRIK_API_SECRET", SECRET)
    client = IsometrikClient()
    assert client.api_key == API_KEY
    # Changing the environment later changes nothing: it was read once.
    monkeypatch.setenv("ISOMETRIK_API_KEY", "APIother")
    token = client.tokens.create("room", "alice", current_date=NOW)
    assert decode_token(token)["iss"] == API_KEY
    # Explicit values win over the environment.
    assert IsometrikClient(api_key="APIexplicit").api_key == "APIexplicit"


@pytest.mark.parametrize("missing", ["ISOMETRIK_API_KEY", "ISOMETRIK_API_SECRET"])
def test_client_without_credentials(monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
    monkeypatch.setenv("ISOMETRIK_API_KEY", API_KEY)
    monkeypatch.setenv("ISOMETRIK_API_SECRET", SECRET)
    monkeypatch.delenv(missing)
    with pytest.raises(IsometrikTokenError) as caught:
        IsometrikClient()
    field = "api_key" if missing.endswith("KEY") else "api_secret"
    assert (caught.value.code, caught.value.field) == ("ERR_INVALID_OPTIONS", field)
    assert missing in str(caught.value)


def test_client_tokens_create_and_verify() -> None:
    client = IsometrikClient(api_key=API_KEY, api_secret=SECRET)
    token = client.tokens.create(
        room_id="daily-standup",
        participant_name="alice",
        permissions={"can_publish": True, "canSubscribe": False},
        expires_in="30 minutes",
        name="Alice",
        metadata='{"role":"host"}',
    )
    claims = client.tokens.verify(token, room_id="daily-standup")
    assert claims["permissions"] == {"canPublish": True, "canSubscribe": False}
    assert claims["exp"] - claims["iat"] == 1800
    assert (claims["name"], claims["metadata"]) == ("Alice", '{"role":"host"}')
    with pytest.raises(IsometrikTokenError) as caught:
        client.tokens.verify(token, room_id="other")
    assert caught.value.code == "ERR_ROOM_MISMATCH"
    with pytest.raises(IsometrikTokenError) as caught:
        IsometrikClient(api_key="APIother", api_secret=SECRET).tokens.verify(token)
    assert caught.value.code == "ERR_ISSUER_MISMATCH"
    with pytest.raises(AttributeError):
        client.tokens.create = None  # type: ignore[misc]


def test_every_permission_in_both_spellings() -> None:
    signer = TokenSigner(API_KEY, SECRET)
    for wire in isometrik_token.PERMISSIONS:
        snake = "".join("_" + c.lower() if c.isupper() else c for c in wire)
        for name in (wire, snake):
            for granted in (True, False):
                token = signer.create("r", "a", {name: granted}, current_date=NOW)
                assert decode_token(token)["permissions"] == {wire: granted}
    # No permissions: the object is still written.
    assert decode_token(signer.create("r", "a", current_date=NOW))["permissions"] == {}
    # Any Mapping is accepted.
    from types import MappingProxyType

    token = signer.create("r", "a", MappingProxyType({"can_update_room": True}), current_date=NOW)
    assert decode_token(token)["permissions"] == {"canUpdateRoom": True}


@pytest.mark.parametrize(
    "expires_in, seconds",
    [(None, 3600), ("1h", 3600), ("90 seconds", 90), ("1.5h", 5400), ("2 days", 172800),
     (120, 120), (120.0, 120), (timedelta(minutes=5), 300), (timedelta(hours=24), 86400)],
)
def test_expires_in_forms(expires_in: Any, seconds: int) -> None:
    signer = TokenSigner(API_KEY, SECRET, max_expires_in="2 days")
    claims = decode_token(signer.create("r", "a", expires_in=expires_in, current_date=NOW))
    assert claims["exp"] - claims["iat"] == seconds


def test_times_are_aware_datetimes_in_any_zone() -> None:
    signer = TokenSigner(API_KEY, SECRET)
    plus2 = timezone(timedelta(hours=2))
    local = NOW.astimezone(plus2).replace(microsecond=999_999)
    claims = decode_token(signer.create("r", "a", current_date=local))
    assert claims["iat"] == 1_700_000_000  # rounded down, zone-independent
    token = signer.create("r", "a", expires_in=60, current_date=NOW)
    # clock_tolerance: 10 s by default, as int, str or timedelta.
    assert signer.verify(token, current_date=NOW + timedelta(seconds=69))
    with pytest.raises(IsometrikTokenError):
        signer.verify(token, current_date=NOW + timedelta(seconds=70))
    for tolerance in (30, "30s", timedelta(seconds=30), 30.0):
        assert signer.verify(token, clock_tolerance=tolerance, current_date=NOW + timedelta(seconds=89))
    with pytest.raises(IsometrikTokenError):
        signer.verify(token, clock_tolerance=0, current_date=NOW + timedelta(seconds=60))


def test_the_real_clock_is_used_by_default() -> None:
    import time

    signer = TokenSigner(API_KEY, SECRET)
    before = int(time.time())
    claims = signer.verify(signer.create("r", "a"))
    assert before <= claims["iat"] <= int(time.time())


def test_secrets_as_str_and_bytes_make_the_same_tokens() -> None:
    by_str = TokenSigner(API_KEY, "sécret-" + "x" * 30).create("r", "a", current_date=NOW)
    by_bytes = TokenSigner(API_KEY, ("sécret-" + "x" * 30).encode()).create("r", "a", current_date=NOW)
    assert by_str == by_bytes
    # The caller's str is untouched (only our own UTF-8 copy is wiped).
    secret = "str-secret-0123456789abcdefghijklmnop"
    TokenSigner(API_KEY, secret)
    assert secret == "str-secret-0123456789abcdefghijklmnop"
    raw = bytes(range(32, 72))
    TokenSigner(API_KEY, raw)
    assert raw == bytes(range(32, 72))
    # Weak secrets only with allow_weak_secret; empty never.
    assert TokenSigner(API_KEY, "dev", allow_weak_secret=True).api_key == API_KEY
    with pytest.raises(IsometrikTokenError):
        TokenSigner(API_KEY, "", allow_weak_secret=True)


def test_tokens_as_str_or_bytes() -> None:
    signer = TokenSigner(API_KEY, SECRET)
    token = signer.create("r", "a", current_date=NOW)
    assert signer.verify(token.encode(), current_date=NOW) == signer.verify(token, current_date=NOW)
    assert decode_token(token.encode()) == decode_token(token)
    assert decode_token_header(token) == {"alg": "HS256", "typ": "JWT"}
    with pytest.raises(IsometrikTokenError) as caught:
        decode_token(b"\xff" + token.encode())
    assert caught.value.code == "ERR_MALFORMED_TOKEN"


def test_one_shot_functions_match_the_signer() -> None:
    kwargs: Dict[str, Any] = dict(room_id="r", participant_name="a", permissions={"can_publish": True}, current_date=NOW)
    token = create_token(api_key=API_KEY, api_secret=SECRET, **kwargs)
    assert token == TokenSigner(API_KEY, SECRET).create(**kwargs)
    claims = verify_token(token, SECRET, api_key=API_KEY, room_id="r", current_date=NOW)
    assert claims == decode_token(token)


def test_payload_numbers_and_unknown_claims_read_as_json_loads_would() -> None:
    import base64
    import hashlib
    import hmac
    import json

    payload = ('{"iss":"APIpytest123","sub":"a","room":"r","exp":1700003600,"big":123456789012345678901234567890,'
               '"f":1.5,"e":1e300,"u":18446744073709551615,"n":-9223372036854775808,"s":"\\ud83c\\udfa5","l":[null,true,{"x":[]}]}')
    enc = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()  # noqa: E731
    h, p = enc(b'{"alg":"HS256"}'), enc(payload.encode())
    sig = enc(hmac.new(SECRET.encode(), f"{h}.{p}".encode(), hashlib.sha256).digest())
    token = f"{h}.{p}.{sig}"
    assert decode_token(token) == json.loads(payload)
    assert verify_token(token, SECRET, current_date=NOW) == json.loads(payload)
    simple = TokenSigner(API_KEY, SECRET).create("r", "a", metadata="x", current_date=NOW)
    assert decode_token(simple) == json.loads(base64.urlsafe_b64decode(simple.split(".")[1] + "=="))


def test_parse_duration() -> None:
    assert parse_duration("1h") == 3600
    assert parse_duration("1.5h") == 5400
    assert parse_duration("90 seconds") == 90
    with pytest.raises(IsometrikTokenError):
        parse_duration(" 90 seconds")  # the grammar allows no surrounding whitespace
    assert parse_duration(timedelta(days=1)) == 86400
    assert parse_duration(7) == 7


def stub_functions() -> Dict[str, ast.FunctionDef]:
    stub = Path(isometrik_token._native.__file__).parent / "_native.pyi"  # type: ignore[attr-defined]
    tree = ast.parse(stub.read_text())
    out: Dict[str, ast.FunctionDef] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            out[node.name] = node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    out[f"{node.name}.{item.name}"] = item
    return out


def stub_parameters(fn: ast.FunctionDef) -> list:
    a = fn.args
    names = [(p.arg, "positional") for p in a.args if p.arg != "self"]
    return names + [(p.arg, "keyword") for p in a.kwonlyargs]


def runtime_parameters(obj: Any) -> list:
    out = []
    for p in inspect.signature(obj).parameters.values():
        if p.name == "self":
            continue
        out.append((p.name, "keyword" if p.kind is p.KEYWORD_ONLY else "positional"))
    return out


@pytest.mark.parametrize(
    "name",
    ["create_token", "verify_token", "decode_token", "decode_token_header", "parse_duration",
     "TokenSigner.create", "TokenSigner.verify",
     "TokenVerifier.verify", "TokenVerifier.add_key", "TokenVerifier.remove_key"],
)
def test_stubs_match_the_runtime_signatures(name: str) -> None:
    stub = stub_functions()[name]
    obj: Any = isometrik_token._native  # type: ignore[attr-defined]
    for part in name.split("."):
        obj = getattr(obj, part)
    assert runtime_parameters(obj) == stub_parameters(stub)


@pytest.mark.skipif(sys.version_info < (3, 10), reason="CPython 3.9 shows no signature for extension classes")
@pytest.mark.parametrize("cls", ["TokenSigner", "TokenVerifier"])
def test_constructor_signatures(cls: str) -> None:
    stub = stub_functions()[f"{cls}.__init__"]
    assert runtime_parameters(getattr(isometrik_token, cls)) == stub_parameters(stub)
