"""isometrik_token beside PyJWT: sign, verify and decode the same token in one run, and print the
ratios (PyJWT time / ours) as a Markdown table. Results: bench/python/RESULTS.md.

    target/python/venv/bin/python bench/python/bench.py [--rounds N] [--threads]

Both libraries do the same work per operation:
- sign: the claims of one token with the current time, HS256. Ours: TokenSigner.create (the
  key state derived once) and create_token (one-shot); PyJWT: jwt.encode of the same claims.
- verify: signature, alg, exp/nbf and the issuer. Ours: TokenSigner.verify, verify_token;
  PyJWT: jwt.decode(token, secret, algorithms=["HS256"], issuer=...).
- decode (no verification): decode_token; PyJWT: jwt.decode(..., verify_signature=False).
Rounds alternate between the libraries, and each operation's best round is kept (timeit's
advice: the minimum is the least disturbed by other processes). Single-thread times are CPU
time of this process (time.process_time); the --threads table is wall time.
"""

from __future__ import annotations

import argparse
import platform
import sys
import threading
import time
import timeit
from typing import Callable, Dict, List, Tuple

import jwt

import isometrik_token
from isometrik_token import TokenSigner, create_token, decode_token, verify_token

API_KEY = "APIbench123"
SECRET = "isometrik-bench-secret-0123456789abcdef"
ROOM, USER = "daily-standup", "alice"
PERMISSIONS = {"can_publish": True, "can_subscribe": True, "can_update_metadata": True}
WIRE = {"canPublish": True, "canSubscribe": True, "canUpdateMetadata": True}


def pyjwt_sign() -> str:
    now = int(time.time())
    claims = {"iss": API_KEY, "sub": USER, "room": ROOM, "permissions": dict(WIRE),
              "iat": now, "nbf": now, "exp": now + 3600}
    return jwt.encode(claims, SECRET, algorithm="HS256")


def per_call(fn: Callable[[], object], number: int) -> float:
    """CPU seconds of this process per call, over `number` calls. CPU time, not wall time: on a
    shared machine, time spent descheduled would otherwise count against whichever library was
    running then."""
    return timeit.Timer(fn, timer=time.process_time).timeit(number) / number


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--threads", action="store_true", help="also measure 1 vs 2 threads")
    args = parser.parse_args()

    signer = TokenSigner(API_KEY, SECRET)
    token = signer.create(ROOM, USER, PERMISSIONS, "1h")
    assert jwt.decode(token, SECRET, algorithms=["HS256"], issuer=API_KEY) == signer.verify(token)
    assert decode_token(pyjwt_sign())["sub"] == USER

    ops: Dict[str, Tuple[Callable[[], object], Callable[[], object]]] = {
        "sign (TokenSigner.create / jwt.encode)": (
            lambda: signer.create(ROOM, USER, PERMISSIONS, "1h"), pyjwt_sign),
        "sign one-shot (create_token / jwt.encode)": (
            lambda: create_token(api_key=API_KEY, api_secret=SECRET, room_id=ROOM,
                                 participant_name=USER, permissions=PERMISSIONS, expires_in="1h"),
            pyjwt_sign),
        "verify (TokenSigner.verify / jwt.decode)": (
            lambda: signer.verify(token),
            lambda: jwt.decode(token, SECRET, algorithms=["HS256"], issuer=API_KEY)),
        "verify one-shot (verify_token / jwt.decode)": (
            lambda: verify_token(token, SECRET, api_key=API_KEY),
            lambda: jwt.decode(token, SECRET, algorithms=["HS256"], issuer=API_KEY)),
        "decode, unverified (decode_token / jwt.decode)": (
            lambda: decode_token(token),
            lambda: jwt.decode(token, options={"verify_signature": False})),
    }
    best: Dict[str, List[float]] = {name: [float("inf"), float("inf")] for name in ops}
    for _ in range(args.rounds):
        for name, (ours, theirs) in ops.items():
            best[name][0] = min(best[name][0], per_call(ours, 20_000))
            best[name][1] = min(best[name][1], per_call(theirs, 2_000))

    print(f"isometrik_token {isometrik_token.__version__} vs PyJWT {jwt.__version__}, "
          f"CPython {platform.python_version()} on {platform.machine()}, best of {args.rounds} rounds\n")
    print("| operation | isometrik_token | PyJWT | ratio |")
    print("|---|---:|---:|---:|")
    for name, (ours, theirs) in best.items():
        print(f"| {name} | {ours * 1e6:.2f} µs | {theirs * 1e6:.2f} µs | **{theirs / ours:.1f}×** |")

    if args.threads:
        threads(signer, token)


def threads(signer: TokenSigner, token: str) -> None:
    """Tokens per second on 1 and 2 threads sharing one signer, with the GIL released around
    the core (the default) and held."""
    n = 100_000

    def work() -> None:
        for _ in range(n):
            signer.create(ROOM, USER, PERMISSIONS, "1h")
            signer.verify(token)

    print("\n| GIL around the core | 1 thread (create+verify /s) | 2 threads (create+verify /s) |")
    print("|---|---:|---:|")
    for release in (True, False):
        isometrik_token._native._set_release_gil(release)  # type: ignore[attr-defined]
        rates = []
        for count in (1, 2):
            pool = [threading.Thread(target=work) for _ in range(count)]
            start = time.perf_counter()
            for t in pool:
                t.start()
            for t in pool:
                t.join()
            rates.append(count * n / (time.perf_counter() - start))
        label = "released" if release else "held"
        print(f"| {label} | {rates[0]:,.0f} | {rates[1]:,.0f} |")
    isometrik_token._native._set_release_gil(True)  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
