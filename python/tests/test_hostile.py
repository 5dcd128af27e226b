"""The hostile-token suite (tests/hostile/cases.json, format in tests/hostile/README.md) through
Python, with the same accept/reject and codes as the Rust runner and the npm package.

The tokens are built by tests/js/support/hostile-builder.mjs (run through js_bridge.mjs): the
builder tests/js/hostile.test.mjs proves byte-identical to the Rust runner's, so all three
languages check exactly the same bytes. Each case is verified with TokenSigner.verify and
verify_token, each with the secret as a str and as bytes; decode_token and decode_token_header
where the case gives `decode`; and the case without its damage where it gives `control`. The
size cases (1 MiB and 10 MiB tokens, MAX_TOKEN_LEN and one more) are generated here, as the Rust
runner does."""

from __future__ import annotations

import base64
import json
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, List, Optional

import pytest

import js

import isometrik_token
from isometrik_token import (
    MAX_TOKEN_LEN,
    IsometrikTokenError,
    TokenSigner,
    decode_token,
    decode_token_header,
    verify_token,
)

CASES_PATH = js.ROOT / "tests" / "hostile" / "cases.json"


def text(value: Any) -> str:
    """A text field: a string, or pieces (strings and {"repeat": s, "times": n})."""
    if isinstance(value, str):
        return value
    return "".join(p if isinstance(p, str) else p["repeat"] * p["times"] for p in value)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def size_cases() -> List[Dict[str, Any]]:
    """tests/hostile.rs `oversize` (and sizeCases in the JS builder)."""
    out: List[Dict[str, Any]] = []
    none_header = b64url(b'{"alg":"none"}')
    for mib in (1, 10):
        n = mib * 1024 * 1024
        shapes = [
            ("no dots", "a" * n),
            ("invalid base64", "!!!!." + "!" * n + ".!!!!"),
            ("alg none", f"{none_header}.{'A' * (n - len(none_header) - 2)}."),
            ("all dots", "." * n),
        ]
        for shape, token in shapes:
            out.append({"name": f"oversize {mib} MiB, {shape}", "token": token,
                        "expect": "ERR_TOKEN_TOO_LARGE", "decode": "ERR_TOKEN_TOO_LARGE", "property": "size"})
    header = b64url(b'{"alg":"HS256","typ":"JWT"}')
    signature = b64url(bytes(32))
    fill = MAX_TOKEN_LEN - len(header) - len(signature) - 2
    at_max = f"{header}.{'A' * fill}.{signature}"
    assert len(at_max) == MAX_TOKEN_LEN
    out.append({"name": "exactly MAX_TOKEN_LEN", "token": at_max, "expect": "ERR_BAD_SIGNATURE",
                "verify": "function", "property": "size"})
    out.append({"name": "MAX_TOKEN_LEN + 1", "token": f"{header}.{'A' * fill}A.{signature}",
                "expect": "ERR_TOKEN_TOO_LARGE", "verify": "function", "property": "size"})
    return out


LAST_UTC_SECOND = 253_402_300_799  # 9999-12-31T23:59:59Z, the core's largest NumericDate


def aware(now: int) -> datetime:
    """A datetime at `now` seconds since the epoch. Past 9999-12-31 UTC (where Python's datetime
    ends) the last representable wall time with a negative UTC offset reaches the instant: the
    core's own range check is what the case tests."""
    if now <= LAST_UTC_SECOND:
        return datetime.fromtimestamp(now, timezone.utc)
    behind = now - LAST_UTC_SECOND
    assert behind < 86_400, now
    return datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(-timedelta(seconds=behind)))


def outcome(fn: Callable[[], Any]) -> Any:
    """{"ok": value} or the error's code. Anything but an IsometrikTokenError is a problem."""
    try:
        return {"ok": fn()}
    except IsometrikTokenError as err:
        assert isinstance(err, ValueError)
        return err.code
    except Exception as err:  # noqa: BLE001 - reported as the case's outcome
        return f"a non-IsometrikTokenError {type(err).__name__}: {err}"


def code_of(got: Any) -> str:
    return got if isinstance(got, str) else "ok"


class Suite:
    def __init__(self, doc: Dict[str, Any]) -> None:
        self.api_key: str = doc["api_key"]
        self.now: int = doc["now"]
        self.leeway: int = doc["leeway"]
        self.keys = {name: text(value) for name, value in doc["keys"].items()}

    def verify(self, kase: Dict[str, Any], token: str, mode: str) -> List[tuple]:
        """One outcome per secret form (str, bytes) for a verification mode."""
        when = aware(kase.get("now", self.now))
        leeway = kase.get("leeway", self.leeway)
        key = self.keys[kase.get("verify_key", "suite")]
        results = []
        for form, secret in (("str", key), ("bytes", key.encode("utf-8"))):
            if mode == "signer":
                made = outcome(lambda: TokenSigner(self.api_key, secret))
                if isinstance(made, str):
                    got = made
                else:
                    signer = made["ok"]
                    got = outcome(lambda: signer.verify(token, clock_tolerance=leeway, current_date=when))
            else:
                got = outcome(lambda: verify_token(token, secret, clock_tolerance=leeway, current_date=when))
            results.append((f"{mode} ({form} secret)", got))
        return results


def modes(kase: Dict[str, Any]) -> List[str]:
    mode = kase.get("verify", "both")
    return ["signer", "function"] if mode == "both" else [mode]


def check(suite: Suite, kase: Dict[str, Any], token: str, control: Optional[str]) -> List[str]:
    problems: List[str] = []
    expect = kase["expect"]
    decoded = outcome(lambda: decode_token(token))
    for mode in modes(kase):
        for label, got in suite.verify(kase, token, mode):
            if code_of(got) != expect:
                problems.append(f"{label}: expected {expect}, got {code_of(got)}")
            elif expect == "ok" and (isinstance(decoded, str) or got["ok"] != decoded["ok"]):
                # What verify returns is the payload: the same dict decode_token gives.
                problems.append(f"{label}: the verified claims differ from decode_token's ({decoded})")
    if "decode" in kase:
        if code_of(decoded) != kase["decode"]:
            problems.append(f"decode_token: expected {kase['decode']}, got {code_of(decoded)}")
        header = code_of(outcome(lambda: decode_token_header(token)))
        if header != kase["decode"]:
            problems.append(f"decode_token_header: expected {kase['decode']}, got {header}")
    if "control" in kase:
        want = "ok" if kase["control"] is True else kase["control"]
        if control is None:
            problems.append("control: the builder could not build the case without its damage")
        else:
            for mode in modes(kase):
                for label, got in suite.verify(kase, control, mode):
                    if code_of(got) != want:
                        problems.append(f"control {label}: expected {want}, got {code_of(got)}")
    return problems


@pytest.fixture(scope="module")
def built(npm_package: None) -> Dict[str, Any]:
    doc = json.loads(CASES_PATH.read_text(encoding="utf-8"))
    (result,) = js.run([{"op": "hostile"}])
    return {"doc": doc, "tokens": {c["name"]: c for c in result["cases"]}}


def test_every_hostile_case_through_python(built: Dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    doc = built["doc"]
    suite = Suite(doc)
    failures: List[str] = []
    tally: Counter = Counter()
    cases = [(kase, built["tokens"].get(kase["name"], {})) for kase in doc["cases"]]
    cases += [(kase, {"token": kase["token"]}) for kase in size_cases()]
    for kase, made in cases:
        if "token" not in made:
            problems = [f"not built: {made.get('build_error', 'missing from the builder output')}"]
        else:
            problems = check(suite, kase, made["token"], made.get("control"))
        tally[(kase["property"], not problems)] += 1
        if problems:
            shown = made.get("token", "")[:120]
            failures.append(f"{kase['name']}: {'; '.join(problems)} (token {shown!r})")
    passed = sum(n for (_, ok), n in tally.items() if ok)
    with capsys.disabled():
        print(f"\nhostile-python: {passed} passed, {len(cases) - passed} failed "
              f"({len(doc['cases'])} cases of cases.json + {len(size_cases())} size cases)")
    assert failures == [], f"{len(failures)} hostile case(s) failed:\n" + "\n".join(failures[:30])


def test_every_expected_code_is_a_python_error_code(built: Dict[str, Any]) -> None:
    codes = set(isometrik_token.ERROR_CODES) | {"ok"}
    for kase in built["doc"]["cases"]:
        for field in ("expect", "decode", "control"):
            value = kase.get(field)
            if isinstance(value, str):
                assert value in codes, (kase["name"], field, value)


def test_still_works_after_every_hostile_token() -> None:
    signer = TokenSigner("APIhostile", "isometrik-hostile-suite-secret-0123456789")
    when = datetime.fromtimestamp(1_700_000_000, timezone.utc)
    token = signer.create("daily-standup", "alice", current_date=when)
    assert signer.verify(token, current_date=when)["sub"] == "alice"
