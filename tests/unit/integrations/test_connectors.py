"""Each connector against its upstream's wire format: validate, then normalize."""

from __future__ import annotations

import datetime as dt

import pytest

from atrium.integrations.base.metrics import QUOTA_REMAINING
from atrium.integrations.connectors.jokes import Category
from atrium.integrations.connectors.potter import House
from atrium.integrations.errors import (
    UpstreamFailed,
    UpstreamNotFound,
    UpstreamRejected,
    UpstreamUnavailable,
)
from atrium.integrations.fake.faults import Control
from atrium.integrations.hub import Hub
from tests.unit.integrations.conftest import MakeHub

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_apod_image_and_video_entries(hub: Hub) -> None:
    image = (await hub.apod.day(dt.date(2021, 11, 8))).data  # even ordinal: image
    video = (await hub.apod.day(dt.date(2021, 11, 7))).data
    assert {image.media_type, video.media_type} == {"image", "video"}
    shown = image if image.media_type == "image" else video
    assert shown.image_url == shown.url
    assert shown.hd_url
    played = video if video.media_type == "video" else image
    assert played.image_url == played.thumbnail_url
    assert played.hd_url is None


async def test_apod_range_and_random(hub: Hub, control: Control) -> None:
    entries = (await hub.apod.range(dt.date(2021, 11, 1), dt.date(2021, 11, 8))).data
    assert [e.date.day for e in entries] == list(range(1, 9))
    await hub.apod.random(3)
    await hub.apod.random(3)
    assert len(control.requests("nasa")) == 3, "random draws are never cached"
    assert all("api_key=DEMO_KEY" in seen.query for seen in control.requests("nasa"))


async def test_apod_gap_in_the_archive_is_not_found(hub: Hub) -> None:
    with pytest.raises(UpstreamNotFound, match="No data available"):
        await hub.apod.day(dt.date(1995, 6, 17))


async def test_neo_feed_longer_than_seven_days_is_split_and_merged(
    hub: Hub, control: Control
) -> None:
    fetched = await hub.neo.feed(dt.date(2015, 9, 1), dt.date(2015, 9, 20))
    assert len(control.requests("nasa")) == 3
    feed = fetched.data
    assert feed.summary.count == len(feed.asteroids) == 40
    assert {a.approaches[0].date for a in feed.asteroids} == {
        dt.date(2015, 9, d) for d in range(1, 21)
    }
    assert feed.summary.potentially_hazardous == sum(
        a.potentially_hazardous for a in feed.asteroids
    )
    closest = min(feed.asteroids, key=lambda a: a.approaches[0].miss_distance_km)
    assert feed.summary.closest_approach is not None
    assert feed.summary.closest_approach.miss_distance_km == closest.approaches[0].miss_distance_km
    assert feed.summary.largest is not None
    assert feed.summary.largest.diameter_km_max == max(a.diameter_km_max for a in feed.asteroids)
    velocity = feed.asteroids[0].approaches[0].velocity_km_s
    assert isinstance(velocity, float), "numeric text on the wire becomes a number"


async def test_neo_lookup_keeps_the_orbit_class(hub: Hub) -> None:
    asteroid = (await hub.neo.lookup("2000433")).data
    assert asteroid.name == "433 Eros (A898 PA)"
    assert asteroid.orbit_class == "AMO"
    with pytest.raises(UpstreamNotFound):
        await hub.neo.lookup("99990000")


async def test_images_search_flattens_the_collection(hub: Hub) -> None:
    result = (await hub.images.search("apollo 11", "image")).data
    assert result.total_hits == 412
    assert result.has_next_page
    item = result.items[0]
    assert item.nasa_id == "as11-40-5874"
    assert item.preview_url
    assert item.preview_url.endswith("~thumb.jpg")
    assert item.created_at.tzinfo is not None


async def test_omdb_title_turns_na_into_null_and_text_into_numbers(hub: Hub) -> None:
    movie = (await hub.movies.title(imdb_id="tt1375666")).data
    assert movie.production is None
    assert movie.website is None
    assert movie.imdb_votes == 2_600_000
    assert movie.metascore == 74
    assert movie.imdb_rating == 8.8
    assert movie.runtime_minutes == 148
    assert movie.released == dt.date(2010, 7, 16)
    assert movie.genres == ["Action", "Adventure", "Sci-Fi"]


async def test_omdb_errors_under_http_200_are_read_from_the_body(hub: Hub) -> None:
    with pytest.raises(UpstreamNotFound, match="Incorrect IMDb ID"):
        await hub.movies.title(imdb_id="tt0000001")
    with pytest.raises(UpstreamRejected, match="too many results"):
        await hub.movies.search("ab")
    empty = (await hub.movies.search("nothing at all")).data
    assert empty.total_results == 0
    assert empty.results == []


async def test_omdb_search_pages_and_series_years(hub: Hub) -> None:
    found = (await hub.movies.search("star wars", page=2)).data
    assert found.total_results == 44
    assert found.pages == 5
    assert found.page == 2
    series = next(hit for hit in found.results if hit.type == "series")
    assert series.poster_url is None
    assert series.year == "2008\u20132020"


async def test_omdb_with_a_bad_key_is_a_bad_gateway(make_hub: MakeHub) -> None:
    hub = make_hub(omdb_api_key="BAD")
    with pytest.raises(UpstreamFailed, match="401: Invalid API key"):
        await hub.movies.title(imdb_id="tt1375666")


async def test_omdb_without_a_key_is_unavailable_without_calling(
    make_hub: MakeHub, control: Control
) -> None:
    hub = make_hub(omdb_api_key=None)
    with pytest.raises(UpstreamUnavailable, match="OMDB_API_KEY"):
        await hub.movies.search("star wars")
    assert control.requests("omdb") == []


async def test_potter_characters_by_house_and_spells(hub: Hub) -> None:
    everyone = (await hub.potter.characters()).data
    kingsley = next(c for c in everyone if c.name == "Kingsley Shacklebolt")
    assert kingsley.house is None
    assert kingsley.born is None
    assert kingsley.wand.wood is None
    gryffindors = (await hub.potter.characters(House.gryffindor)).data
    assert [c.name for c in gryffindors] == ["Harry Potter"]
    assert gryffindors[0].born == dt.date(1980, 7, 31)
    assert (await hub.potter.spells()).data[0].name == "Aberto"


async def test_dogs_breeds_and_images_name_their_breed(hub: Hub) -> None:
    breeds = {b.name: b.sub_breeds for b in (await hub.dogs.breeds()).data}
    assert breeds["hound"] == ["afghan", "basset"]
    images = (await hub.dogs.random(3, "hound", "basset")).data
    assert len(images) == 3
    assert all((i.breed, i.sub_breed) == ("hound", "basset") for i in images)
    with pytest.raises(UpstreamNotFound, match="master breed does not exist"):
        await hub.dogs.random(1, "notabreed")


async def test_jokes_from_both_sources_in_one_shape(hub: Hub, control: Control) -> None:
    official = (await hub.jokes.random("official")).data
    assert official[0].source == "official"
    assert official[0].setup
    many = (await hub.jokes.random("jokeapi", Category.any, amount=3)).data
    assert len(many) == 3
    assert all(j.safe for j in many)
    one_liner = next(j for j in many if j.setup is None)
    assert one_liner.punchline
    assert "safe-mode" in control.requests("jokeapi")[-1].query


async def test_jokeapi_no_match_under_http_200_is_not_found(hub: Hub) -> None:
    with pytest.raises(UpstreamNotFound, match="No matching joke"):
        await hub.jokes.random("jokeapi", Category.christmas)


async def test_geo_search_and_reverse_follow_the_policy(hub: Hub, control: Control) -> None:
    place = (await hub.geo.search("Tremp")).data[0]
    assert place.lat == pytest.approx(42.1669782)
    assert place.address["country_code"] == "es"
    assert place.bounding_box is not None
    assert isinstance(place.bounding_box[0], float)
    reverse = (await hub.geo.reverse(10, 10)).data
    assert reverse.name == "Mun-Munsal"
    with pytest.raises(UpstreamNotFound, match="Unable to geocode"):
        await hub.geo.reverse(0, 0)
    agents = {seen.user_agent for seen in control.requests("nominatim")}
    assert agents
    assert all(agent.startswith("Atrium/") for agent in agents)
    assert all("format=jsonv2" in seen.query for seen in control.requests("nominatim"))


async def test_the_upstreams_own_quota_headers_are_read_whatever_their_case(hub: Hub) -> None:
    def remaining() -> float | None:
        samples = next(iter(QUOTA_REMAINING.collect())).samples
        return next((s.value for s in samples if s.labels == {"upstream": "nasa"}), None)

    await hub.apod.day(dt.date(2021, 11, 3))  # answered with X-RateLimit-Remaining: 999
    assert remaining() == 999
    await hub.neo.window(dt.date(2021, 11, 3), dt.date(2021, 11, 4))  # X-Ratelimit-Remaining: 1
    assert remaining() == 1
