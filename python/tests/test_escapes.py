"""Nothing but IsometrikTokenError escapes from arguments whose own code misbehaves: mappings
whose items() or keys() raise or give something other than (key, value) pairs, and datetime or
timedelta subclasses whose arithmetic overflows, raises or returns something else. A dict
subclass is read from its own storage, so an overridden items() is never consulted."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterator, List

import pytest

from conftest import API_KEY, SECRET

from isometrik_token import (
    IsometrikClient,
    IsometrikTokenError,
    TokenSigner,
    TokenVerifier,
    create_token,
    verify_token,
)

NOW = datetime.fromtimestamp(1_700_000_000, timezone.utc)
TOKEN = TokenSigner(API_KEY, SECRET).create("r", "alice", current_date=NOW)


def refused(call: Callable[[], Any], field: str) -> IsometrikTokenError:
    with pytest.raises(IsometrikTokenError) as caught:
        call()
    assert caught.value.code == "ERR_INVALID_OPTIONS", caught.value
    assert caught.value.field == field, caught.value
    assert SECRET not in str(caught.value)
    return caught.value


class Boom(Exception):
    pass


def bad_items() -> List[Callable[[], Any]]:
    """What a hostile items() may do: 3-tuples, a bare int, a 1-list, a non-iterable, raise."""

    def raise_() -> Any:
        raise Boom("items")

    return [
        lambda: [(API_KEY, SECRET, "extra")],
        lambda: [42],
        lambda: [[42]],
        lambda: 42,
        raise_,
    ]


class OddMapping(Mapping):  # type: ignore[type-arg]
    """A Mapping (not a dict) over {API_KEY: SECRET} whose items() is `items`."""

    def __init__(self, items: Callable[[], Any], data: Any = None) -> None:
        self._items = items
        self._data = {API_KEY: SECRET} if data is None else data

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def items(self) -> Any:  # type: ignore[override]
        return self._items()


@pytest.mark.parametrize("items", bad_items())
def test_a_mapping_whose_items_misbehave_is_the_package_error(items: Callable[[], Any]) -> None:
    odd = OddMapping(items)
    refused(lambda: TokenVerifier(odd), "keys")
    refused(lambda: verify_token(TOKEN, keys=odd, current_date=NOW), "keys")
    perms = OddMapping(items, {"can_publish": True})
    signer = TokenSigner(API_KEY, SECRET)
    refused(lambda: signer.create("r", "a", perms), "permissions")
    refused(
        lambda: create_token(api_key=API_KEY, api_secret=SECRET, room_id="r", participant_name="a", permissions=perms),
        "permissions",
    )


@pytest.mark.parametrize("items", bad_items())
def test_a_dict_subclass_is_read_from_its_own_storage(items: Callable[[], Any]) -> None:
    class OddDict(dict):  # type: ignore[type-arg]
        def items(self) -> Any:  # type: ignore[override]
            return items()

    verifier = TokenVerifier(OddDict({API_KEY: SECRET}))
    assert verifier.verify(TOKEN, current_date=NOW)["sub"] == "alice"
    assert verify_token(TOKEN, keys=OddDict({API_KEY: SECRET}), current_date=NOW)["sub"] == "alice"
    token = TokenSigner(API_KEY, SECRET).create("r", "a", OddDict({"can_publish": True}), current_date=NOW)
    assert verify_token(token, SECRET, current_date=NOW)["permissions"] == {"canPublish": True}


def test_a_client_whose_keys_mapping_raises_is_the_package_error() -> None:
    class Raising(OddMapping):
        def __iter__(self) -> Iterator[Any]:
            raise Boom("keys")

    err = refused(lambda: IsometrikClient(API_KEY, SECRET, keys=Raising(lambda: [])), "keys")
    assert isinstance(err.__cause__, Boom)
    for items in bad_items():
        client = IsometrikClient(API_KEY, SECRET, keys=OddMapping(items))
        assert client.tokens.verify(TOKEN, current_date=NOW)["sub"] == "alice"


class Overflowing(datetime):
    def __sub__(self, other: Any) -> Any:
        # OverflowError ("date value out of range") inside the subtraction.
        return datetime.min.replace(tzinfo=timezone.utc) - timedelta(days=1)


class Raising(datetime):
    def __sub__(self, other: Any) -> Any:
        raise Boom("sub")


class NotADelta(datetime):
    def __sub__(self, other: Any) -> Any:
        return "yesterday"


class HugeDelta(datetime):
    def __sub__(self, other: Any) -> Any:
        class Delta:
            days = 2**62
            seconds = 0

        return Delta()


class BadOffset(datetime):
    def utcoffset(self) -> Any:
        raise Boom("utcoffset")


@pytest.mark.parametrize("cls", [Overflowing, Raising, NotADelta, HugeDelta, BadOffset])
def test_a_datetime_subclass_whose_arithmetic_misbehaves_is_the_package_error(cls: type) -> None:
    date = cls(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)
    signer = TokenSigner(API_KEY, SECRET)
    refused(lambda: signer.create("r", "a", current_date=date), "current_date")
    refused(lambda: signer.verify(TOKEN, current_date=date), "current_date")
    refused(lambda: verify_token(TOKEN, SECRET, current_date=date), "current_date")
    refused(
        lambda: create_token(api_key=API_KEY, api_secret=SECRET, room_id="r", participant_name="a", current_date=date),
        "current_date",
    )
    refused(lambda: TokenVerifier({API_KEY: SECRET}).verify(TOKEN, current_date=date), "current_date")


def test_a_timedelta_subclass_with_absurd_parts_is_the_package_error() -> None:
    class Huge(timedelta):
        @property
        def days(self) -> int:  # type: ignore[override]
            return 2**62

    class Raising(timedelta):
        @property
        def seconds(self) -> int:  # type: ignore[override]
            raise Boom("seconds")

    signer = TokenSigner(API_KEY, SECRET)
    for delta in (Huge(hours=1), Raising(hours=1)):
        refused(lambda: signer.create("r", "a", expires_in=delta, current_date=NOW), "expires_in")
        refused(lambda: signer.verify(TOKEN, clock_tolerance=delta, current_date=NOW), "clock_tolerance")
