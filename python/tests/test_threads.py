"""One TokenSigner and one IsometrikClient shared by a thread pool: every token is the one a
single thread makes, and every verification succeeds."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from typing import Dict, Tuple

from conftest import API_KEY, SECRET

from isometrik_token import IsometrikClient, TokenSigner, decode_token, verify_token

NOW = datetime.fromtimestamp(1_700_000_000, timezone.utc)
N = 4000


def job(i: int) -> Tuple[str, str, str]:
    return (f"room-{i % 7}", f"user-{i}", f"{1 + i % 90}m")


def test_a_shared_signer_and_client_in_a_thread_pool() -> None:
    signer = TokenSigner(API_KEY, SECRET)
    client = IsometrikClient(api_key=API_KEY, api_secret=SECRET)
    expected: Dict[int, str] = {}
    for i in range(N):
        room, user, ttl = job(i)
        expected[i] = signer.create(room, user, expires_in=ttl, current_date=NOW)

    def work(i: int) -> Tuple[int, str, str]:
        room, user, ttl = job(i)
        by_signer = signer.create(room, user, None, ttl, current_date=NOW)
        by_client = client.tokens.create(room_id=room, participant_name=user, expires_in=ttl, current_date=NOW)
        # Verify the other's token, with each API.
        claims = signer.verify(by_client, room, current_date=NOW + timedelta(seconds=30))
        assert claims["sub"] == user
        assert client.tokens.verify(by_signer, room_id=room, current_date=NOW)["room"] == room
        assert verify_token(by_signer, SECRET, api_key=API_KEY, current_date=NOW) == decode_token(by_signer)
        return i, by_signer, by_client

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(N)))
    assert len(results) == N
    for i, by_signer, by_client in results:
        assert by_signer == expected[i] == by_client


def test_errors_in_threads_do_not_disturb_each_other() -> None:
    signer = TokenSigner(API_KEY, SECRET)
    good = signer.create("r", "a", current_date=NOW)

    def work(i: int) -> str:
        if i % 2:
            try:
                signer.verify(good + "x", current_date=NOW)
            except ValueError as err:
                return getattr(err, "code")
            return "no error"
        return signer.verify(good, current_date=NOW)["sub"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(2000)))
    assert results == ["a" if i % 2 == 0 else "ERR_BAD_SIGNATURE" for i in range(2000)]
