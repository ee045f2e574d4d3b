"""Documented variants of the wire formats are accepted; anything else is a 502."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import httpx
import pytest

from atrium.integrations.base.connector import Connector, error_message
from atrium.integrations.connectors.apod import ApodWire, to_entry
from atrium.integrations.connectors.geo import PlaceWire, to_places
from atrium.integrations.connectors.neo import FeedWire, to_asteroids
from atrium.integrations.errors import BadUpstreamResponse


def sample(name: str) -> Any:
    files = resources.files("atrium.integrations.fake").joinpath("samples", f"{name}.json")
    return json.loads(files.read_text())


class Named(Connector):
    def __init__(self) -> None:  # parsing needs only a name
        pass

    @property
    def name(self) -> str:
        return "test"


def parse(wire: Any, normalize: Any, body: Any, status: int = 200) -> Any:
    return Named().parser(wire, normalize)(httpx.Response(status, json=body))


def test_apod_media_type_other_has_no_url() -> None:
    body = sample("nasa_apod") | {"media_type": "other"}
    del body["url"], body["hdurl"]
    entry = parse(ApodWire, to_entry, body)
    assert entry.media_type == "other"
    assert entry.url is None
    assert entry.image_url is None


def test_neo_feed_accepts_links_prev_and_previous() -> None:
    feed = sample("nasa_neo_feed")
    older = copy.deepcopy(feed)
    older["links"]["prev"] = older["links"].pop("previous")
    for body in (feed, older):
        wire = FeedWire.model_validate(body)
        assert wire.links is not None
        assert wire.links.previous
    assert len(parse(FeedWire, to_asteroids, older)) == 3


def test_nominatim_place_id_as_text_from_older_frontends() -> None:
    body = sample("nominatim_search")
    body[0]["place_id"] = "84433023"
    assert parse(list[PlaceWire], to_places, body)[0].place_id == "84433023"


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda b: b.pop("title"), "title"),
        (lambda b: b.update(media_type="gif"), "media_type"),
        (lambda b: b.update(date="yesterday"), "date"),
    ],
)
def test_a_body_off_its_documented_shape_is_a_bad_gateway(mutate: Any, where: str) -> None:
    body = sample("nasa_apod")
    mutate(body)
    with pytest.raises(BadUpstreamResponse, match=where) as caught:
        parse(ApodWire, to_entry, body)
    assert caught.value.status == 502


def test_a_body_that_is_not_json_is_a_bad_gateway() -> None:
    with pytest.raises(BadUpstreamResponse, match="not valid JSON"):
        Named().parser(ApodWire, to_entry)(httpx.Response(200, content=b"<html>oops"))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("nasa_apod_error_400", "start_date cannot be after end_date"),
        ("nasa_error_429", "You have exceeded your rate limit"),
        ("nasa_neo_feed_error_400", "The Feed date limit is only 7 Days"),
        ("omdb_error_invalid_key", "Invalid API key!"),
        ("dog_error_404", "Breed not found"),
        ("nominatim_error_400", "Parameter 'lat' must be a number."),
        ("jokeapi_error_429", "Request blocked by Rate Limiting"),
    ],
)
def test_every_documented_error_body_yields_its_message(name: str, message: str) -> None:
    assert message in error_message(httpx.Response(400, json=sample(name)))
