# The Flask example of Isometrik's docs, rewritten with PyJWT (`pip install pyjwt flask`). It writes the
# same token layout as isometrik-token's createToken:
#   header  {"alg": "HS256", "typ": "JWT"}
#   payload {"iss", "sub", "room", ["name"], ["metadata"], "permissions", "iat", "nbf", "exp"}
# tests/js/interop.test.mjs runs `create_token` from this exact file and verifies its output
# with isometrik-token; Flask itself is only needed for the route at the bottom.
import json
import os
import re
import time

import jwt  # PyJWT

# The wire names are camelCase; accept the Isometrik docs' snake_case spelling too.
PERMISSIONS = {
    "can_publish": "canPublish",
    "can_subscribe": "canSubscribe",
    "can_update_metadata": "canUpdateMetadata",
    "can_update_room": "canUpdateRoom",
    "can_remove_participants": "canRemoveParticipants",
}
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Besides control characters: U+2028/U+2029 and the bidi embedding/override/isolate controls.
FORBIDDEN = set("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class _Utf8JSON(json.JSONEncoder):
    # By default PyJWT writes every non-ASCII character as a \uXXXX escape (6-12 bytes): a few KB
    # of non-ASCII metadata would then exceed isometrik-token's 16 KiB token cap. Plain UTF-8
    # is 2-3x smaller, and makes the same bytes as isometrik-token's own createToken.
    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


def _check_name(field, value):
    # isometrik-token refuses tokens whose sub/room/name break these rules.
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{field} must be a non-blank string")
    if len(value.encode("utf-8")) > 256:
        raise ValueError(f"{field} must be at most 256 UTF-8 bytes")
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in FORBIDDEN for c in value):
        raise ValueError(f"{field} must not contain control, line-separator or bidi-override characters")
    return value


def _seconds(expires_in):
    if isinstance(expires_in, int) and not isinstance(expires_in, bool) and expires_in > 0:
        return expires_in
    match = re.fullmatch(r"(\d+)([smhd])", str(expires_in))
    if not match or int(match.group(1)) == 0:
        raise ValueError("expires_in must be positive seconds or like '30m', '1h', '1d'")
    return int(match.group(1)) * UNITS[match.group(2)]


def create_token(api_key, api_secret, room_id, participant_name, permissions=None,
                 expires_in="1h", name=None, metadata=None, now=None):
    """An Isometrik access token (HS256 JWT) that isometrik-token verifies."""
    now = int(time.time()) if now is None else int(now)
    claims = {
        "iss": api_key,
        "sub": _check_name("participant_name", participant_name),
        "room": _check_name("room_id", room_id),
    }
    if name is not None:
        claims["name"] = _check_name("name", name)
    if metadata is not None:
        claims["metadata"] = str(metadata)
    given = {PERMISSIONS.get(key, key): value for key, value in (permissions or {}).items()}
    unknown = set(given) - set(PERMISSIONS.values())
    if unknown:
        raise ValueError(f"unknown permissions: {sorted(unknown)}")
    if not all(isinstance(value, bool) for value in given.values()):
        raise ValueError("permissions must be True or False")
    claims["permissions"] = {wire: given[wire] for wire in PERMISSIONS.values() if wire in given}
    claims.update(iat=now, nbf=now, exp=now + _seconds(expires_in))
    return jwt.encode(claims, api_secret, algorithm="HS256", json_encoder=_Utf8JSON)


try:
    from flask import Flask, jsonify, request
except ImportError:  # the token function above works without Flask
    Flask = None

if Flask is not None:
    app = Flask(__name__)

    @app.route("/api/token", methods=["POST"])
    def token_endpoint():
        data = request.json
        token = create_token(
            api_key=os.environ["ISOMETRIK_API_KEY"],
            api_secret=os.environ["ISOMETRIK_API_SECRET"],
            room_id=data["roomName"],
            participant_name=data["participantName"],
            permissions={
                "can_publish": True,
                "can_subscribe": True,
                "can_update_metadata": True,
            },
            expires_in="1h",
        )
        return jsonify({"token": token})
