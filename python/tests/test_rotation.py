"""Secret rotation: one TokenVerifier over several API keys, the secret chosen by the
token's iss; verify_token(keys=...) and IsometrikClient(keys=...) on the same core Verifier."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import pickle
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Dict, List

import pytest

from isometrik_token import (
    IsometrikClient,
    IsometrikTokenError,
    TokenSigner,
    TokenVerifier,
    create_token,
    decode_token,
    verify_token,
)

NOW = datetime.fromtimestamp(1_700_000_000, timezone.utc)
OLD = "old-secret-0123456789abcdef-0123456789"
NEW = "new-secret-9876543210fedcba-9876543210"
PEM = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"


def make(api_key: str, secret: str, room: str = "r") -> str:
    return create_token(api_key=api_key, api_secret=secret, room_id=room, participant_name="p", current_date=NOW)


def raised(call: Callable[[], Any]) -> IsometrikTokenError:
    with pytest.raises(IsometrikTokenError) as caught:
        call()
    return caught.value


def code_of(call: Callable[[], Any]) -> str:
    return raised(call).code


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def signed(payload: Dict[str, Any], secret: str) -> str:
    """A token made by hand (any payload), with a correct HS256 MAC for `secret`."""
    header = b64url(b'{"alg":"HS256","typ":"JWT"}')
    signing_input = f"{header}.{b64url(json.dumps(payload).encode())}"
    mac = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(mac)}"


def test_tokens_of_two_keys_verify_with_one_verifier_and_a_removed_key_fails() -> None:
    verifier = TokenVerifier({"APIold": OLD, "APInew": NEW.encode()})
    assert verifier.api_keys == ["APInew", "APIold"]
    assert verifier.verify(make("APIold", OLD), current_date=NOW)["iss"] == "APIold"
    claims = verifier.verify(make("APInew", NEW).encode(), "r", clock_tolerance="5s", current_date=NOW)
    assert claims == decode_token(make("APInew", NEW))
    assert code_of(lambda: verifier.verify(make("APInew", NEW), room_id="x", current_date=NOW)) == "ERR_ROOM_MISMATCH"
    # A known iss with another key's secret: that key's MAC is computed, and only it.
    assert code_of(lambda: verifier.verify(make("APIold", NEW), current_date=NOW)) == "ERR_BAD_SIGNATURE"
    # The checks after the MAC are the usual ones (expiry and its tolerance).
    later = NOW + timedelta(hours=1, seconds=9)
    assert verifier.verify(make("APIold", OLD), current_date=later)["sub"] == "p"
    err = raised(lambda: verifier.verify(make("APIold", OLD), clock_tolerance=0, current_date=later))
    assert err.code == "ERR_EXPIRED" and err.claims is not None and err.claims["iss"] == "APIold"

    assert verifier.remove_key("APIold") is True
    assert verifier.remove_key("APIold") is False
    assert verifier.api_keys == ["APInew"]
    err = raised(lambda: verifier.verify(make("APIold", OLD), current_date=NOW))
    assert (err.code, err.claim) == ("ERR_ISSUER_MISMATCH", "iss")
    assert verifier.verify(make("APInew", NEW), current_date=NOW)["iss"] == "APInew"

    # Added back; then its secret replaced (the old secret's tokens fail from then on).
    assert verifier.add_key("APIold", OLD) is None
    assert verifier.verify(make("APIold", OLD), current_date=NOW)["iss"] == "APIold"
    verifier.add_key("APIold", NEW)
    assert code_of(lambda: verifier.verify(make("APIold", OLD), current_date=NOW)) == "ERR_BAD_SIGNATURE"
    assert verifier.verify(make("APIold", NEW), current_date=NOW)["iss"] == "APIold"
    assert verifier.api_keys == ["APInew", "APIold"]


def test_unknown_missing_and_prefix_iss_are_issuer_mismatch() -> None:
    verifier = TokenVerifier(MappingProxyType({"APIkey": OLD}))  # any Mapping
    for iss in ("APIother", "APIke", "APIkeyX", "API", "apikey"):
        err = raised(lambda: verifier.verify(make(iss, OLD), current_date=NOW))
        assert (err.code, err.claim) == ("ERR_ISSUER_MISMATCH", "iss"), iss
    base = {"sub": "p", "room": "r", "iat": 1_700_000_000, "nbf": 1_700_000_000, "exp": 1_700_003_600}
    # Correct MACs for OLD, but no key can be chosen: no iss, a non-string iss, an empty one.
    for payload in (base, {**base, "iss": None}, {**base, "iss": ["APIkey"]}, {**base, "iss": ""}):
        token = signed(payload, OLD)
        assert code_of(lambda: verifier.verify(token, current_date=NOW)) == "ERR_ISSUER_MISMATCH", payload
    assert verifier.verify(signed({**base, "iss": "APIkey"}, OLD), current_date=NOW)["iss"] == "APIkey"
    # A token that is not one at all is malformed before any key is looked for.
    assert code_of(lambda: verifier.verify("not.a.token")) == "ERR_MALFORMED_TOKEN"
    assert code_of(lambda: verifier.verify("x" * 20000)) == "ERR_TOKEN_TOO_LARGE"
    # An empty verifier knows no issuer.
    assert code_of(lambda: TokenVerifier({}).verify(make("APIkey", OLD), current_date=NOW)) == "ERR_ISSUER_MISMATCH"


@pytest.mark.parametrize(
    "secret",
    ["short", b"short", "", "ab" * 20, b"\x00" * 32, "password" * 4, PEM, '{"kty":"oct","k":"' + "A" * 43 + '"}'],
)
def test_every_key_follows_the_secret_rules(secret: Any) -> None:
    assert code_of(lambda: TokenVerifier({"APIgood": OLD, "APIweak": secret})) == "ERR_WEAK_SECRET"
    verifier = TokenVerifier({"APIgood": OLD})
    assert code_of(lambda: verifier.add_key("APIweak", secret)) == "ERR_WEAK_SECRET"
    assert verifier.api_keys == ["APIgood"]  # a refused key changes nothing
    assert code_of(lambda: verify_token(make("APIgood", OLD), keys={"APIgood": OLD, "APIweak": secret})) == "ERR_WEAK_SECRET"


def test_allow_weak_secret_is_per_verifier_and_covers_added_keys() -> None:
    verifier = TokenVerifier({"APIdev": "dev"}, allow_weak_secret=True)
    verifier.add_key("APIdev2", "ab" * 20)
    token = create_token(api_key="APIdev", api_secret="dev", room_id="r", participant_name="p",
                         allow_weak_secret=True, current_date=NOW)
    assert verifier.verify(token, current_date=NOW)["iss"] == "APIdev"
    # Never an empty secret, nor a public key, even so.
    assert code_of(lambda: verifier.add_key("APIempty", "")) == "ERR_WEAK_SECRET"
    assert code_of(lambda: verifier.add_key("APIpem", PEM)) == "ERR_WEAK_SECRET"
    assert verifier.api_keys == ["APIdev", "APIdev2"]


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda: TokenVerifier("APIa:secret"), "keys"),  # type: ignore[arg-type]
        (lambda: TokenVerifier([("APIa", OLD)]), "keys"),  # type: ignore[arg-type]
        (lambda: TokenVerifier(None), "keys"),  # type: ignore[arg-type]
        (lambda: TokenVerifier({"bad key": OLD}), "api_key"),
        (lambda: TokenVerifier({"": OLD}), "api_key"),
        (lambda: TokenVerifier({1: OLD}), "api_key"),  # type: ignore[dict-item]
        (lambda: TokenVerifier({"APIa": 42}), "api_secret"),  # type: ignore[dict-item]
        (lambda: TokenVerifier({"APIa": OLD}, allow_weak_secret=1), "allow_weak_secret"),  # type: ignore[arg-type]
        (lambda: TokenVerifier({}).add_key("APIa", 42), "secret"),  # type: ignore[arg-type]
        (lambda: TokenVerifier({}).add_key("bad key", OLD), "api_key"),
        (lambda: TokenVerifier({}).add_key(None, OLD), "api_key"),  # type: ignore[arg-type]
        (lambda: TokenVerifier({}).remove_key(b"APIa"), "api_key"),  # type: ignore[arg-type]
        (lambda: TokenVerifier({}).verify(42), "token"),  # type: ignore[arg-type]
        (lambda: TokenVerifier({}).verify("a.b.c", room_id=5), "room_id"),  # type: ignore[arg-type]
        (lambda: TokenVerifier({}).verify("a.b.c", clock_tolerance=7200), "clock_tolerance"),
        (lambda: TokenVerifier({}).verify("a.b.c", current_date=datetime(2025, 1, 1)), "current_date"),
    ],
)
def test_argument_errors_name_the_python_parameter(call: Callable[[], Any], field: str) -> None:
    err = raised(call)
    assert err.field == field, str(err)
    assert err.code in ("ERR_INVALID_OPTIONS", "ERR_INVALID_DURATION")
    assert f"`{field}`" in str(err)


def test_no_secret_in_any_error_or_repr() -> None:
    secret = "a-very-secret-value-that-must-never-leak!!"
    weak = "weak-secret-value"
    verifier = TokenVerifier({"APIa": secret, "APIb": secret.encode()})
    client = IsometrikClient(api_key="APIown", api_secret=secret, keys={"APIa": secret})
    texts = [repr(verifier), repr(client), repr(client.tokens), str(verifier.api_keys)]
    assert repr(verifier) == "TokenVerifier(api_keys=['APIa', 'APIb'])"
    assert repr(client.tokens) == "TokenSigner(api_key='APIown', keys=['APIa', 'APIown'])"
    token = make("APIa", secret)
    for call in (
        lambda: TokenVerifier({"APIa": weak}),
        lambda: TokenVerifier({"APIa": weak.encode()}),
        lambda: TokenVerifier({"bad key": secret}),
        lambda: verifier.add_key("APIc", weak),
        lambda: verifier.verify(token + "x", current_date=NOW),
        lambda: verifier.verify(make("APIa", secret.upper()), current_date=NOW),
        lambda: verifier.verify(make("APIzzz", secret), current_date=NOW),
        lambda: verifier.verify(token, clock_tolerance=0, current_date=NOW + timedelta(days=2)),
        lambda: verify_token(token, secret, keys={"APIa": secret}),
        lambda: verify_token(token, keys={"APIa": weak}),
        lambda: client.tokens.verify(make("APIzzz", secret), current_date=NOW),
        lambda: client.tokens.verify(token, api_key="APIa"),
        lambda: IsometrikClient(api_key="APIown", api_secret=secret, keys={"APIa": weak}),
    ):
        err = raised(call)
        texts += [str(err), repr(err), repr(err.args)]
    for t in texts:
        assert secret not in t and weak not in t and secret.upper() not in t
        assert token not in t


def test_verifiers_and_rotating_clients_cannot_be_pickled() -> None:
    client = IsometrikClient(api_key="APIown", api_secret=NEW, keys={"APIold": OLD})
    for obj in (TokenVerifier({"APIa": OLD}), client, client.tokens):
        with pytest.raises(TypeError):
            pickle.dumps(obj)


def test_verify_token_with_keys() -> None:
    keys = {"APIold": OLD, "APInew": NEW}
    assert verify_token(make("APInew", NEW), keys=keys, current_date=NOW)["iss"] == "APInew"
    assert verify_token(make("APIold", OLD), keys=keys, room_id="r", current_date=NOW)["iss"] == "APIold"
    assert verify_token(make("APIold", OLD), None, keys=keys, current_date=NOW)["iss"] == "APIold"
    assert code_of(lambda: verify_token(make("APIold", OLD), keys=keys, room_id="x", current_date=NOW)) == "ERR_ROOM_MISMATCH"
    assert code_of(lambda: verify_token(make("APIx", NEW), keys=keys, current_date=NOW)) == "ERR_ISSUER_MISMATCH"
    assert code_of(lambda: verify_token(make("APIold", NEW), keys=keys, current_date=NOW)) == "ERR_BAD_SIGNATURE"
    # The one-secret form is unchanged (api_secret positional or by name; keys=None is absent).
    assert verify_token(make("APIx", NEW), NEW, current_date=NOW)["iss"] == "APIx"
    assert verify_token(make("APIx", NEW), api_secret=NEW, keys=None, current_date=NOW)["iss"] == "APIx"
    # Exactly one of api_secret and keys; with keys, iss chooses the key, so no api_key.
    for call, field in (
        (lambda: verify_token(make("APInew", NEW), NEW, keys=keys), "keys"),
        (lambda: verify_token(make("APInew", NEW)), "api_secret"),
        (lambda: verify_token(make("APInew", NEW), None, keys=None), "api_secret"),
        (lambda: verify_token(make("APInew", NEW), keys=keys, api_key="APInew"), "api_key"),
        (lambda: verify_token(make("APInew", NEW), keys=[("APInew", NEW)]), "keys"),  # type: ignore[arg-type]
    ):
        err = raised(call)
        assert (err.code, err.field) == ("ERR_INVALID_OPTIONS", field), str(err)


def test_client_with_keys_verifies_them_and_signs_with_its_own() -> None:
    client = IsometrikClient(api_key="APInew", api_secret=NEW, keys={"APIold": OLD})
    assert isinstance(client.tokens, TokenSigner)
    token = client.tokens.create("r", "alice", current_date=NOW)
    assert decode_token(token)["iss"] == "APInew"
    assert token == TokenSigner("APInew", NEW).create("r", "alice", current_date=NOW)
    assert client.tokens.verify(token, current_date=NOW)["iss"] == "APInew"
    assert client.tokens.verify(make("APIold", OLD), room_id="r", current_date=NOW)["iss"] == "APIold"
    assert code_of(lambda: client.tokens.verify(make("APIold", OLD), "x", current_date=NOW)) == "ERR_ROOM_MISMATCH"
    assert code_of(lambda: client.tokens.verify(make("APIother", OLD), current_date=NOW)) == "ERR_ISSUER_MISMATCH"
    err = raised(lambda: client.tokens.verify(token, api_key="APInew", current_date=NOW))
    assert (err.code, err.field) == ("ERR_INVALID_OPTIONS", "api_key")
    with pytest.raises(AttributeError):
        client.tokens.verify = None  # type: ignore[method-assign]
    # The client's own key is always accepted, with its own secret (it wins over `keys`).
    own_wins = IsometrikClient(api_key="APInew", api_secret=NEW, keys={"APInew": OLD})
    assert own_wins.tokens.verify(token, current_date=NOW)["iss"] == "APInew"
    assert IsometrikClient(api_key="APInew", api_secret=NEW, keys={}).tokens.verify(token, current_date=NOW)
    # Without keys, tokens is the plain TokenSigner, as before.
    assert type(IsometrikClient(api_key="APInew", api_secret=NEW).tokens) is TokenSigner


def test_client_keys_follow_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    assert code_of(lambda: IsometrikClient(api_key="APIa", api_secret=NEW, keys={"APIb": "short"})) == "ERR_WEAK_SECRET"
    weak = IsometrikClient(api_key="APIa", api_secret="dev", keys={"APIb": "short"}, allow_weak_secret=True)
    token = create_token(api_key="APIb", api_secret="short", room_id="r", participant_name="p",
                         allow_weak_secret=True, current_date=NOW)
    assert weak.tokens.verify(token, current_date=NOW)["iss"] == "APIb"
    err = raised(lambda: IsometrikClient(api_key="APIa", api_secret=NEW, keys="APIb:" + OLD))  # type: ignore[arg-type]
    assert (err.code, err.field) == ("ERR_INVALID_OPTIONS", "keys")
    err = raised(lambda: IsometrikClient(api_key="APIa", api_secret=NEW, keys={"bad key": OLD}))
    assert (err.code, err.field) == ("ERR_INVALID_OPTIONS", "api_key")
    # The environment still supplies the client's own key and secret.
    monkeypatch.setenv("ISOMETRIK_API_KEY", "APIenv")
    monkeypatch.setenv("ISOMETRIK_API_SECRET", NEW)
    client = IsometrikClient(keys={"APIold": OLD})
    assert client.api_key == "APIenv"
    assert client.tokens.verify(make("APIenv", NEW), current_date=NOW)["iss"] == "APIenv"
    assert client.tokens.verify(make("APIold", OLD), current_date=NOW)["iss"] == "APIold"


def test_a_shared_verifier_in_a_thread_pool_while_keys_change() -> None:
    verifier = TokenVerifier({"APIold": OLD, "APInew": NEW})
    client = IsometrikClient(api_key="APInew", api_secret=NEW, keys={"APIold": OLD})
    tokens = {key: [make(key, secret, f"room-{i}") for i in range(50)]
              for key, secret in (("APIold", OLD), ("APInew", NEW), ("APIchurn", OLD))}
    stop = threading.Event()

    def churn() -> int:
        # Rotation while others verify: a key comes and goes.
        n = 0
        while not stop.is_set():
            verifier.add_key("APIchurn", OLD)
            verifier.remove_key("APIchurn")
            n += 1
        return n

    def work(i: int) -> List[str]:
        out = []
        for key in ("APIold", "APInew"):
            token = tokens[key][i % 50]
            claims = verifier.verify(token, f"room-{i % 50}", current_date=NOW)
            assert claims["iss"] == key
            assert client.tokens.verify(token, room_id=f"room-{i % 50}", current_date=NOW)["iss"] == key
            out.append(verify_token(token, keys={"APIold": OLD, "APInew": NEW}, current_date=NOW)["iss"])
        try:
            verifier.verify(tokens["APIchurn"][i % 50], current_date=NOW)
            out.append("present")
        except IsometrikTokenError as err:
            assert err.code == "ERR_ISSUER_MISMATCH"
            out.append("absent")
        return out

    with ThreadPoolExecutor(max_workers=8) as pool:
        churner = pool.submit(churn)
        results = list(pool.map(work, range(3000)))
        stop.set()
        assert churner.result() > 0
    assert all(r[:2] == ["APIold", "APInew"] and r[2] in ("present", "absent") for r in results)
    assert verifier.api_keys == ["APInew", "APIold"]


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads the resident size from /proc")
def test_memory_stays_flat_over_100000_add_remove_cycles() -> None:
    import os

    page = os.sysconf("SC_PAGE_SIZE")

    def resident() -> int:
        return int(Path("/proc/self/statm").read_text().split()[1]) * page

    verifier = TokenVerifier({"APIold": OLD})
    names = [f"APIk{i}" for i in range(50)]
    secret = NEW.encode()

    def cycle(n: int) -> None:
        for i in range(n):
            verifier.add_key(names[i % 50], secret)
            verifier.remove_key(names[i % 50])

    cycle(10_000)  # warm-up: the allocators reach their working set
    before = resident()
    cycle(100_000)
    grown = resident() - before
    assert grown < 1 << 20, f"resident size grew by {grown} bytes"
    assert verifier.api_keys == ["APIold"]
    assert verifier.verify(make("APIold", OLD), current_date=NOW)["iss"] == "APIold"
