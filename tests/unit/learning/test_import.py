"""`atrium catalog import`: validated, all or nothing, idempotent on slugs."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from atrium.cli import app
from atrium.core.learning.models import Item, Module, Track
from atrium.core.learning.services.import_rows import InvalidCatalogFile
from atrium.core.learning.services.importer import import_catalog
from tests.unit.learning.catalog_files import catalog_rows, write_csv, write_json

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple[object, ...]]:
    return sorted(
        Item.objects.values_list(
            "slug", "title", "module__slug", "module__track__slug", "updated_at"
        )
    )


@pytest.mark.parametrize("writer", [write_json, write_csv], ids=["json", "csv"])
def test_one_bad_row_in_a_thousand_changes_nothing_and_is_named(
    tmp_path: Path, writer: object
) -> None:
    rows = catalog_rows(1000)
    rows[536]["difficulty"] = 9
    path = writer(tmp_path / f"catalog.{writer.__name__[6:]}", rows)  # type: ignore[operator]
    with pytest.raises(InvalidCatalogFile) as caught:
        import_catalog(path=path)
    [problem] = caught.value.problems
    assert (problem.row, problem.field) == (537, "difficulty")
    assert "row 537" in str(caught.value)
    assert "'difficulty'" in str(caught.value)
    assert Item.objects.count() == Track.objects.count() == Module.objects.count() == 0

    rows[536]["difficulty"] = 4
    writer(path, rows)  # type: ignore[operator]
    report = import_catalog(path=path)
    assert report.counts["item"]["created"] == 1000
    assert report.counts["track"]["created"] == 4
    assert Item.objects.count() == 1000
    item = Item.objects.get(slug=rows[536]["slug"])
    assert item.difficulty == 4
    assert item.organization_id is None
    assert [p.slug for p in item.prerequisites.all()] == rows[536]["prerequisites"]

    before = snapshot()
    again = import_catalog(path=path)
    assert not again.changed
    assert again.counts["item"]["unchanged"] == 1000
    assert snapshot() == before


def test_a_changed_row_updates_only_that_item(tmp_path: Path) -> None:
    rows = catalog_rows(40)
    path = write_json(tmp_path / "c.json", rows)
    import_catalog(path=path)
    by_slug = {row["slug"]: row for row in rows}
    by_slug["item-7"]["title"] = "Renamed"
    by_slug["item-20"]["prerequisites"] = []
    write_json(path, rows)
    report = import_catalog(path=path)
    assert report.counts["item"]["updated"] == 1
    assert report.counts["item"]["prerequisites changed"] == 1
    assert report.counts["item"]["unchanged"] == 39
    assert Item.objects.get(slug="item-7").title == "Renamed"


def test_cross_row_problems_are_named(tmp_path: Path) -> None:
    rows = catalog_rows(12)
    rows[5]["slug"] = rows[2]["slug"]
    assert rows[0]["slug"] == "item-0"
    rows[0]["prerequisites"] = ["item-4"]  # and item-4 needs item-0
    with pytest.raises(InvalidCatalogFile) as caught:
        import_catalog(path=write_json(tmp_path / "c.json", rows))
    found = {(p.row, p.field) for p in caught.value.problems}
    assert (6, "slug") in found
    assert (1, "prerequisites") in found
    rows = catalog_rows(12)
    rows[9]["prerequisites"] = ["nowhere"]
    with pytest.raises(InvalidCatalogFile) as unknown:
        import_catalog(path=write_json(tmp_path / "d.json", rows))
    assert [(p.row, p.field) for p in unknown.value.problems] == [(10, "prerequisites")]
    assert Item.objects.count() == 0


def test_unknown_columns_and_fields_are_refused(tmp_path: Path) -> None:
    rows = catalog_rows(3)
    rows[1]["colour"] = "red"
    with pytest.raises(InvalidCatalogFile) as caught:
        import_catalog(path=write_json(tmp_path / "c.json", rows))
    assert [(p.row, p.field) for p in caught.value.problems] == [(2, "colour")]
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(InvalidCatalogFile):
        import_catalog(path=tmp_path / "bad.json")


def test_the_command_prints_what_changed(tmp_path: Path) -> None:
    runner = CliRunner()
    path = write_csv(tmp_path / "c.csv", catalog_rows(30))
    first = runner.invoke(app, ["catalog", "import", str(path)])
    assert first.exit_code == 0, first.output
    assert "Imported" in first.output
    second = runner.invoke(app, ["catalog", "import", str(path)])
    assert "Nothing changed" in second.output
    rows = catalog_rows(30)
    rows[3]["kind"] = "podcast"
    bad = runner.invoke(app, ["catalog", "import", str(write_csv(tmp_path / "b.csv", rows))])
    assert bad.exit_code == 1
    assert "row 4" in bad.output
    assert "kind" in bad.output


def test_an_organization_has_its_own_catalog_with_the_same_slugs(tmp_path: Path) -> None:
    from atrium.core.orgs.models import Organization

    org = Organization.objects.create(name="Private")
    path = write_json(tmp_path / "c.json", catalog_rows(8))
    import_catalog(path=path)
    runner = CliRunner()
    result = runner.invoke(app, ["catalog", "import", str(path), "--organization", str(org.pk)])
    assert result.exit_code == 0, result.output
    assert Item.objects.filter(organization=org).count() == 8
    assert Item.objects.filter(organization__isnull=True).count() == 8
    private = Item.objects.get(organization=org, slug="item-5")
    assert {p.organization_id for p in private.prerequisites.all()} == {org.pk}
    missing = runner.invoke(app, ["catalog", "import", str(path), "--organization", "999999"])
    assert missing.exit_code != 0
