"""A consumer of the package, type-checked with `mypy --strict` (scripts/test-python). It also
runs (tests/test_typing.py), so every line here is real usage."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional

from isometrik_token import (
    ERROR_CODES,
    ErrorCode,
    IsometrikClient,
    IsometrikTokenError,
    TokenSigner,
    TokenVerifier,
    create_token,
    decode_token,
    decode_token_header,
    parse_duration,
    verify_token,
)


def issue(client: IsometrikClient, room: str, user: str) -> str:
    token: str = client.tokens.create(
        room_id=room,
        participant_name=user,
        permissions={"can_publish": True, "can_subscribe": True, "can_update_metadata": True},
        expires_in="1h",
    )
    return token


def check(client: IsometrikClient, token: str, room: Optional[str] = None) -> Dict[str, Any]:
    try:
        return client.tokens.verify(token, room_id=room)
    except IsometrikTokenError as err:
        code: ErrorCode = err.code
        field: Optional[str] = err.field
        claim: Optional[str] = err.claim
        claims: Optional[Dict[str, Any]] = err.claims
        return {"error": code, "field": field, "claim": claim, "claims": claims}


def main() -> List[object]:
    secret = "consumer-secret-of-at-least-32-bytes!!"
    client = IsometrikClient(api_key="APIconsumer", api_secret=secret, max_expires_in="2h")
    token = issue(client, "daily-standup", "alice")
    now = datetime.now(timezone.utc)
    signer = TokenSigner("APIconsumer", secret.encode(), allow_weak_secret=False, max_expires_in=timedelta(hours=2))
    other: str = signer.create("r", "bob", {"canPublish": True}, 90, name="Bob", metadata="{}", current_date=now)
    one_shot: str = create_token(api_key="APIconsumer", api_secret=secret, room_id="r", participant_name="c")
    claims: Dict[str, Any] = verify_token(other, secret, api_key="APIconsumer", clock_tolerance="30s", current_date=now)
    seconds: int = parse_duration("1.5h") + parse_duration(timedelta(minutes=1))
    codes: List[str] = list(ERROR_CODES)
    # Secret rotation: tokens of the old and the new key verify until the old one is dropped.
    new_secret = b"consumer-new-secret-of-at-least-32-bytes"
    verifier = TokenVerifier({"APIconsumer": secret}, allow_weak_secret=False)
    verifier.add_key("APInew", new_secret)
    rotated: str = TokenSigner("APInew", new_secret).create("r", "carol", current_date=now)
    both: List[Dict[str, Any]] = [verifier.verify(other, "r", clock_tolerance=5, current_date=now),
                                  verifier.verify(rotated.encode(), room_id="r")]
    removed: bool = verifier.remove_key("APIconsumer")
    key_list: List[str] = verifier.api_keys
    by_keys: Dict[str, Any] = verify_token(rotated, keys={"APInew": new_secret, "APIconsumer": secret}, room_id="r")
    rotating = IsometrikClient(api_key="APInew", api_secret=new_secret, keys={"APIconsumer": secret})
    old_token_claims = check(rotating, token, "daily-standup")
    return [
        check(client, token, "daily-standup"),
        check(client, token, "elsewhere"),
        signer.verify(other.encode(), "r", api_key="APIconsumer", clock_tolerance=timedelta(seconds=5)),
        decode_token(one_shot),
        decode_token_header(one_shot),
        claims,
        seconds,
        codes,
        signer.api_key,
        client.api_key,
        [c["iss"] for c in both],
        removed,
        key_list,
        by_keys["iss"],
        old_token_claims["iss"],
    ]


if __name__ == "__main__":
    print(main())
