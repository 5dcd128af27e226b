"""Python and the npm package on 1,000 seeded random claim sets: for the same inputs and the same
time, the tokens are byte-identical (or both sides refuse the inputs with the same code and
parameter); each side verifies the other's tokens."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Tuple

import pytest

import js

from isometrik_token import PERMISSIONS, IsometrikTokenError, TokenSigner, create_token, verify_token

SEED = 20261130
COUNT = 1000

PIECES = [
    "alice", "bob", "room", "daily-standup", " ", "-", "_", ".", "/", "\\", '"', "'", "<", ">", "&",
    "é", "ß", "Zoë", "日本語", "🎥", "👨\u200d👩\u200d👧", "\u00a0", "%", "+", "=", "{", "}", "0", "42",
]
# Each breaks a rule of the core (control, separator or bidi characters).
FORBIDDEN = ["\n", "\t", "\x00", "\x7f", "\u2028", "\u202e", "\u2066"]
UNITS = ["s", "sec", "seconds", "m", "min", "minutes", "h", "hr", "hours", "d", "day", "w", "week"]
SNAKE = {wire: re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), wire) for wire in PERMISSIONS}


def random_text(rng: random.Random, bad: bool) -> str:
    text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
    if bad:
        kind = rng.randint(0, 3)
        if kind == 0:
            return "   "
        if kind == 1:
            return "é" * 129  # 258 UTF-8 bytes
        at = rng.randint(0, len(text))
        return text[:at] + rng.choice(FORBIDDEN) + text[at:]
    return text


def random_duration(rng: random.Random) -> Tuple[Any, Any]:
    """(the Python value, the same for JavaScript)."""
    kind = rng.randint(0, 9)
    if kind <= 2:
        seconds = rng.randint(1, 86_400) if rng.random() < 0.9 else rng.choice([0, -5, 86_401])
        return seconds, seconds
    if kind <= 4:
        seconds = rng.randint(1, 86_400)
        return timedelta(seconds=seconds), seconds
    number = rng.choice([str(rng.randint(1, 23)), f"{rng.randint(0, 9)}.{rng.randint(1, 9)}"])
    # Mostly within the 24 h maximum; days and weeks are often beyond it (refused alike).
    unit = rng.choice(UNITS[:9]) if rng.random() < 0.85 else rng.choice(UNITS[9:])
    text = f"{number}{rng.choice(['', ' '])}{unit}"
    if rng.random() < 0.05:
        text = rng.choice(["1 hour ago", "-1h", "1", "1e3s", "1  h", " 1h"])
    return text, text


def random_case(rng: random.Random, index: int) -> Dict[str, Any]:
    bad = rng.random() < 0.1
    secret: Any = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789-_é") for _ in range(rng.randint(32, 64)))
    if rng.random() < 0.3:
        secret = bytes(rng.randrange(256) for _ in range(rng.randint(32, 64)))
    permissions: Dict[str, bool] = {}
    for wire in rng.sample(list(PERMISSIONS), rng.randint(0, len(PERMISSIONS))):
        permissions[rng.choice([wire, SNAKE[wire]])] = rng.random() < 0.7
    case: Dict[str, Any] = {
        "api_key": rng.choice(["APIkey123", "APIpytest", "k" * 40]),
        "api_secret": secret,
        "room_id": random_text(rng, bad and rng.random() < 0.5),
        "participant_name": random_text(rng, bad and rng.random() < 0.5),
        "permissions": permissions,
        "now": rng.randint(1_500_000_000, 2_500_000_000),
    }
    if rng.random() < 0.8:
        case["expires_in"], case["js_expires_in"] = random_duration(rng)
    if rng.random() < 0.4:
        case["name"] = random_text(rng, bad and rng.random() < 0.3)
    if rng.random() < 0.4:
        size = rng.choice([0, 10, 100, 2000, 8193])
        case["metadata"] = "".join(rng.choice(PIECES) for _ in range(size))[: max(size, 1) * 3]
    if bad and rng.random() < 0.2:
        case["permissions"] = {"canFly": True}
    return case


def python_create(case: Dict[str, Any]) -> Dict[str, Any]:
    kwargs = {k: v for k, v in case.items() if k not in ("now", "js_expires_in")}
    kwargs["current_date"] = datetime.fromtimestamp(case["now"], timezone.utc)
    try:
        return {"token": create_token(**kwargs)}
    except IsometrikTokenError as err:
        return {"error": {"code": err.code, "field": err.field}}


def js_options(case: Dict[str, Any]) -> Dict[str, Any]:
    options: Dict[str, Any] = {
        "apiKey": case["api_key"],
        "apiSecret": js.secret_json(case["api_secret"]),
        "roomId": case["room_id"],
        "participantName": case["participant_name"],
        # The wire names: the npm package takes only those.
        "permissions": {SNAKE_TO_WIRE.get(k, k): v for k, v in case["permissions"].items()},
        "currentDate": case["now"] * 1000,
    }
    for py, key in (("js_expires_in", "expiresIn"), ("name", "name"), ("metadata", "metadata")):
        if py in case:
            options[key] = case[py]
    return options


SNAKE_TO_WIRE = {snake: wire for wire, snake in SNAKE.items()}


def snake_field(field: str | None) -> str | None:
    """The npm package's option name as the Python parameter (roomId -> room_id)."""
    if field is None or field.startswith("permissions."):
        return field
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), field)


def test_python_and_npm_tokens_are_byte_identical_and_cross_verify(
    npm_package: None, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(SEED)
    cases = [random_case(rng, i) for i in range(COUNT)]
    ours = [python_create(case) for case in cases]

    jobs: List[Dict[str, Any]] = []
    for case, mine in zip(cases, ours):
        jobs.append({"op": "create", "options": js_options(case)})
        if "token" in mine:
            check = {
                "apiSecret": js.secret_json(case["api_secret"]),
                "apiKey": case["api_key"],
                "roomId": case["room_id"],
                "currentDate": case["now"] * 1000,
            }
            jobs.append({"op": "verify", "token": mine["token"], "options": check})
    theirs = iter(js.run(jobs))

    created = refused = 0
    problems: List[str] = []
    for index, (case, mine) in enumerate(zip(cases, ours)):
        js_made = next(theirs)
        if "token" in mine:
            created += 1
            js_checked = next(theirs)
            if js_made.get("token") != mine["token"]:
                problems.append(f"#{index}: python {mine}, npm {js_made}")
                continue
            if "claims" not in js_checked:
                problems.append(f"#{index}: the npm package refused the python token: {js_checked}")
            # And the npm token (the same bytes) through Python, with the same checks.
            signer = TokenSigner(case["api_key"], case["api_secret"])
            when = datetime.fromtimestamp(case["now"], timezone.utc)
            claims = signer.verify(js_made["token"], case["room_id"], current_date=when)
            if claims != js_checked.get("claims"):
                problems.append(f"#{index}: python claims {claims} != npm claims {js_checked}")
            one_shot = verify_token(js_made["token"], case["api_secret"], api_key=case["api_key"], current_date=when)
            if one_shot != claims:
                problems.append(f"#{index}: verify_token and TokenSigner.verify disagree")
        else:
            refused += 1
            js_error = js_made.get("error")
            want = mine["error"]
            if js_error is None or (js_error["code"], snake_field(js_error["field"])) != (want["code"], want["field"]):
                problems.append(f"#{index}: python refused with {want}, npm gave {js_made}")
    assert problems == [], f"{len(problems)} of {COUNT} differ:\n" + "\n".join(problems[:20])
    # The generator makes both kinds in useful numbers.
    assert created > COUNT // 2 and refused > COUNT // 20, (created, refused)
    with capsys.disabled():
        print(f"\ncross-language: {created} tokens byte-identical and cross-verified, {refused} inputs refused alike")
