"""The Flask example of Isometrik's docs (seed_flask_app.py: verbatim but for the import, and the `import os`
it forgot), run with Flask's test client. Its token is verified by this package, by PyJWT, and by
the npm package."""

from __future__ import annotations

import importlib
import sys
import time
from typing import Any, Dict, Iterator

import jwt  # PyJWT
import pytest

import js
from conftest import API_KEY, SECRET

from isometrik_token import IsometrikClient


@pytest.fixture()
def seed_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # The example reads its key and secret from the environment, as the docs intend.
    monkeypatch.setenv("ISOMETRIK_API_KEY", API_KEY)
    monkeypatch.setenv("ISOMETRIK_API_SECRET", SECRET)
    sys.modules.pop("seed_flask_app", None)
    module = importlib.import_module("seed_flask_app")
    yield module
    sys.modules.pop("seed_flask_app", None)


def post_token(app: Any, body: Dict[str, Any]) -> Any:
    return app.test_client().post("/api/token", json=body)


def test_the_seed_example_returns_a_token(seed_app: Any) -> None:
    before = int(time.time())
    response = post_token(seed_app.app, {"roomName": "daily-standup", "participantName": "alice"})
    assert response.status_code == 200
    token = response.get_json()["token"]
    assert isinstance(token, str) and token.count(".") == 2

    claims = IsometrikClient(api_key=API_KEY, api_secret=SECRET).tokens.verify(
        token, room_id="daily-standup"
    )
    assert claims["iss"] == API_KEY
    assert claims["sub"] == "alice"
    assert claims["room"] == "daily-standup"
    # The docs' snake_case permissions, written with their wire names.
    assert claims["permissions"] == {
        "canPublish": True,
        "canSubscribe": True,
        "canUpdateMetadata": True,
    }
    # expires_in='1h', issued now.
    assert before <= claims["iat"] <= int(time.time())
    assert claims["nbf"] == claims["iat"]
    assert claims["exp"] == claims["iat"] + 3600


def test_pyjwt_verifies_the_seed_token(seed_app: Any) -> None:
    token = post_token(seed_app.app, {"roomName": "r1", "participantName": "bob"}).get_json()["token"]
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], issuer=API_KEY)
    assert claims["sub"] == "bob" and claims["room"] == "r1"
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, SECRET + "x", algorithms=["HS256"])


def test_the_npm_package_verifies_the_seed_token(seed_app: Any, npm_package: None) -> None:
    token = post_token(seed_app.app, {"roomName": "r2", "participantName": "Zoë 🎥"}).get_json()[
        "token"
    ]
    ok, wrong_room, wrong_secret = js.run(
        [
            {"op": "verify", "token": token, "options": {"apiSecret": {"utf8": SECRET}, "apiKey": API_KEY, "roomId": "r2"}},
            {"op": "verify", "token": token, "options": {"apiSecret": {"utf8": SECRET}, "roomId": "r3"}},
            {"op": "verify", "token": token, "options": {"apiSecret": {"utf8": SECRET + "x"}}},
        ]
    )
    assert ok["claims"]["sub"] == "Zoë 🎥"
    assert ok["claims"]["permissions"]["canUpdateMetadata"] is True
    assert wrong_room["error"]["code"] == "ERR_ROOM_MISMATCH"
    assert wrong_secret["error"]["code"] == "ERR_BAD_SIGNATURE"


def test_the_seed_example_refuses_bad_input_with_the_core_rules(seed_app: Any) -> None:
    # A blank room name: the core's rule, raised as IsometrikTokenError (a ValueError) naming
    # the parameter. Flask turns the unhandled error into a 500, as it would any exception.
    seed_app.app.testing = False
    response = post_token(seed_app.app, {"roomName": "  ", "participantName": "alice"})
    assert response.status_code == 500


def test_the_seed_example_fails_at_import_without_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ISOMETRIK_API_KEY", raising=False)
    monkeypatch.delenv("ISOMETRIK_API_SECRET", raising=False)
    sys.modules.pop("seed_flask_app", None)
    from isometrik_token import IsometrikTokenError

    with pytest.raises(IsometrikTokenError) as caught:
        importlib.import_module("seed_flask_app")
    assert caught.value.code == "ERR_INVALID_OPTIONS"
    assert caught.value.field == "api_key"
    assert "ISOMETRIK_API_KEY" in str(caught.value)
    sys.modules.pop("seed_flask_app", None)
