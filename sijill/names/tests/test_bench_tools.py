"""The benchmark tools: a reproducible population, labelled queries, and the pair scorer."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from bench import name_pairs, names_data, names_inmemory
from sijill.names import normalize

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def population() -> list[dict[str, object]]:
    return names_data.generate_population(3000, seed=11)


def test_population_is_reproducible(population: list[dict[str, object]]) -> None:
    again = names_data.generate_population(3000, seed=11)
    assert again == population
    assert names_data.generate_population(3000, seed=12) != population


def test_population_looks_libyan(population: list[dict[str, object]]) -> None:
    assert len(population) == 3000
    assert {p["id"] for p in population} == set(range(3000))
    first = Counter(p["first"] for p in population if p["sex"] == "m")
    assert first.most_common(1)[0][0] == normalize("محمد")
    assert 0.03 < first[normalize("محمد")] / sum(first.values()) < 0.2
    assert len({p["family"] for p in population}) > 200
    assert {p["sex"] for p in population} == {"m", "f"}
    assert all(1920 <= int(str(p["birth_year"])) <= 2010 for p in population)
    towns = {town for town, _, _ in names_data.TOWNS}
    assert all(p["birthplace"] in towns for p in population)
    # families: brothers share father, grandfather and family name
    chains = Counter((p["father"], p["grandfather"], p["family"]) for p in population)
    assert chains.most_common(1)[0][1] >= 3


def test_queries_are_labelled_and_negatives_do_not_exist(population: list[dict[str, object]]) -> None:
    queries = names_data.generate_queries(population, 300, seed=11)
    assert len(queries) == 300
    assert names_data.generate_queries(population, 300, seed=11) == queries
    variants = Counter(q["variant"] for q in queries)
    assert {"latin", "no_grandfather", "typo"} <= set(variants)
    existing = {
        tuple(normalize(str(p[k])).replace(" ", "") for k in ("first", "father", "grandfather", "family"))
        for p in population
    }
    for query in queries:
        assert 0 <= int(query["person_id"]) < len(population)
        assert query["expect"] in ("match", "no_match")
        assert query.get("full") or query.get("first")
        if query["expect"] == "no_match":
            words = tuple(normalize(str(query["full"])).split())
            assert words not in existing


def test_cli_writes_population_and_queries(tmp_path: Path) -> None:
    assert names_data.main(["--persons", "500", "--queries", "50", "--out", str(tmp_path)]) == 0
    with (tmp_path / "persons.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 500
    assert {"first", "father", "grandfather", "family", "mother", "birth_year", "birthplace"} <= set(rows[0])
    with (tmp_path / "queries.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 50


def test_name_pairs_reports_precision_and_recall(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "cases.csv"
    cases.write_text(
        "case_group,schema,name1,name2,is_match,quality,category,notes\n"
        "g,Person,الورفلي,ورفلي,true,,,\n"
        "g,Person,محمد سالم,محمود سالم,false,,,\n"
        "g,Company,Siemens AG,Siemens Aktiengesellschaft,true,,,\n",
        encoding="utf-8",
    )
    assert name_pairs.main([str(cases)]) == 0
    out = capsys.readouterr().out
    assert "Sijill, all cases" in out
    assert "µs per pair" in out
    line = next(row for row in out.splitlines() if row.startswith("Sijill, all cases"))
    assert line.split()[-3:] == ["1.000", "1.000", "1.000"]


def test_in_memory_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert names_inmemory.main(["--persons", "2000", "--queries", "60"]) == 0
    out = capsys.readouterr().out
    assert "R@10" in out
    assert "false match" in out
