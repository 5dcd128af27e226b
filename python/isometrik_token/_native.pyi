# Types of the Rust half (python/src/). Hand-kept; tests/typing/consumer.py is checked against
# them with mypy --strict, and tests/test_api.py checks the runtime signatures match.
from datetime import datetime, timedelta
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

from ._errors import ErrorCode

#: A secret: a str (used as UTF-8) or bytes. At least 32 bytes unless ``allow_weak_secret``.
Secret = Union[str, bytes]
#: A lifetime: whole seconds, a duration string ("1h", "30 minutes", "1.5h"), or a timedelta.
Duration = Union[int, float, str, timedelta]

__version__: str
#: Every error code, from the core (the same list as the npm package's).
ERROR_CODES: Tuple[ErrorCode, ...]
#: The permission names as they appear on the wire (``can_publish`` is accepted for ``canPublish``).
PERMISSIONS: Tuple[str, ...]
#: The largest token accepted, in bytes (16 KiB).
MAX_TOKEN_LEN: int
#: The message of the refusal of ``api_key`` with several keys, in the core's words.
_API_KEY_WITH_KEYS: str

class TokenSigner:
    """A reusable signer for one API key (the HMAC key state is derived once). Thread-safe."""

    def __init__(
        self,
        api_key: str,
        api_secret: Secret,
        *,
        allow_weak_secret: bool = False,
        max_expires_in: Optional[Duration] = None,
    ) -> None: ...
    @property
    def api_key(self) -> str: ...
    def create(
        self,
        room_id: str,
        participant_name: str,
        permissions: Optional[Mapping[str, bool]] = None,
        expires_in: Optional[Duration] = "1h",
        name: Optional[str] = None,
        metadata: Optional[str] = None,
        *,
        current_date: Optional[datetime] = None,
    ) -> str: ...
    def verify(
        self,
        token: Union[str, bytes],
        room_id: Optional[str] = None,
        *,
        api_key: Optional[str] = None,
        clock_tolerance: Optional[Duration] = None,
        current_date: Optional[datetime] = None,
    ) -> Dict[str, Any]: ...

class TokenVerifier:
    """Verifies tokens of several API keys (secret rotation): the secret is chosen by the token's
    ``iss`` (exact match) and exactly one MAC is computed; an unknown or missing ``iss`` is
    ``ERR_ISSUER_MISMATCH``, decided without any MAC. Keys can be added and removed while it
    serves. Thread-safe."""

    def __init__(self, keys: Mapping[str, Secret], *, allow_weak_secret: bool = False) -> None: ...
    @property
    def api_keys(self) -> List[str]:
        """The API keys accepted, sorted."""
    def add_key(self, api_key: str, secret: Secret) -> None:
        """Adds a key, or replaces its secret (``allow_weak_secret`` as given to the verifier)."""
    def remove_key(self, api_key: str) -> bool:
        """Removes a key; whether it was there."""
    def verify(
        self,
        token: Union[str, bytes],
        room_id: Optional[str] = None,
        *,
        clock_tolerance: Optional[Duration] = None,
        current_date: Optional[datetime] = None,
    ) -> Dict[str, Any]:
        """The claims, verified with the secret of the token's ``iss``."""

def create_token(
    *,
    api_key: str,
    api_secret: Secret,
    room_id: str,
    participant_name: str,
    permissions: Optional[Mapping[str, bool]] = None,
    expires_in: Optional[Duration] = "1h",
    name: Optional[str] = None,
    metadata: Optional[str] = None,
    current_date: Optional[datetime] = None,
    allow_weak_secret: bool = False,
    max_expires_in: Optional[Duration] = None,
) -> str: ...
def verify_token(
    token: Union[str, bytes],
    api_secret: Optional[Secret] = None,
    *,
    keys: Optional[Mapping[str, Secret]] = None,
    api_key: Optional[str] = None,
    room_id: Optional[str] = None,
    clock_tolerance: Optional[Duration] = None,
    current_date: Optional[datetime] = None,
    allow_weak_secret: bool = False,
) -> Dict[str, Any]:
    """Exactly one of ``api_secret`` and ``keys`` (API key to secret, chosen by the token's
    ``iss``; ``api_key`` is then not given)."""
def decode_token(token: Union[str, bytes]) -> Dict[str, Any]:
    """The payload. VERIFIES NOTHING: no signature, no expiry, no algorithm."""
def decode_token_header(token: Union[str, bytes]) -> Dict[str, Any]:
    """The protected header. VERIFIES NOTHING."""
def parse_duration(duration: Duration) -> int: ...
def _set_release_gil(on: bool) -> None: ...
