"""Create, decode and verify Isometrik room access tokens (HS256 JWT), on the same Rust core
as the npm package ``isometrik-token``: the same rules, the same error codes, byte-identical
tokens.

    from isometrik_token import IsometrikClient

    client = IsometrikClient(api_key=..., api_secret=...)  # or ISOMETRIK_API_KEY / _SECRET
    token = client.tokens.create(
        room_id="daily-standup",
        participant_name="alice",
        permissions={"can_publish": True, "can_subscribe": True},
        expires_in="1h",
    )
    claims = client.tokens.verify(token, room_id="daily-standup")

Secret rotation: ``TokenVerifier({"APIold": old_secret, "APInew": new_secret})`` verifies each
token with the secret of its ``iss``; ``verify_token(token, keys=...)`` and
``IsometrikClient(..., keys=...)`` take the same mapping.

``decode_token`` and ``decode_token_header`` VERIFY NOTHING: never use them to decide anything.
"""

from ._errors import ErrorCode, IsometrikTokenError
from ._native import (
    ERROR_CODES,
    MAX_TOKEN_LEN,
    PERMISSIONS,
    TokenSigner,
    TokenVerifier,
    __version__,
    create_token,
    decode_token,
    decode_token_header,
    parse_duration,
    verify_token,
)
from ._client import IsometrikClient

__all__ = [
    "ERROR_CODES",
    "MAX_TOKEN_LEN",
    "PERMISSIONS",
    "ErrorCode",
    "IsometrikClient",
    "IsometrikTokenError",
    "TokenSigner",
    "TokenVerifier",
    "__version__",
    "create_token",
    "decode_token",
    "decode_token_header",
    "parse_duration",
    "verify_token",
]
