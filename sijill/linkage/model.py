"""The linkage model on Splink: comparisons, blocking, EM training, prediction (pure, no Django).

A Fellegi–Sunter model: each comparison (a name part, the mother, the birth date, …) has levels
(same, variant, typing error, different, missing), each level a match weight learnt without labels
(u by random sampling, m by expectation maximisation); common values (محمد, الورفلي) weigh less
through term-frequency adjustments. The feature columns come from ``features.py``.

One model serves every scope: the persons of one site, the pairs across sites, or a new batch
against everything. A scope is a condition added to every blocking rule, so one input table holds
everyone and only the pairs of the scope are ever compared.

The backend is Splink's: DuckDB on one machine (``backend="duckdb"``), Spark where a deployment
outgrows one machine (``backend="spark"``, with a ``spark_session``); the SQL here is the same.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sijill.linkage.features import INPUT_COLUMNS, INTEGER_COLUMNS

SCOPES = ("site", "cross-site", "batch")
# Match probabilities: at or above UPPER a pair is linked automatically; from LOWER up to UPPER it
# goes to the clerical review queue; below LOWER it is dropped.
UPPER = 0.95
LOWER = 0.5
DEFAULT_MODEL = Path(__file__).with_name("data") / "model.json"

# Level codes (stable; the app translates them): what a pair's evidence says, part by part.
NAME_LEVELS = ("missing", "same", "same_name", "other_name", "variant", "typo", "different")
COMPARISONS: dict[str, tuple[str, ...]] = {
    "first": NAME_LEVELS,
    "father": NAME_LEVELS,
    "grandfather": NAME_LEVELS,
    "family": NAME_LEVELS,
    "mother": ("missing", "same", "same_first", "same_name", "other_name", "variant", "different"),
    "birth": ("missing", "same", "swapped", "same_year_partial", "same_year", "year_near", "different"),
    "birth_place": ("missing", "same", "variant", "different"),
    "national_number": ("missing", "same", "one_digit", "different"),
    "other_ids": ("missing", "same", "different"),
    "sex": ("missing", "same", "different"),
}

# Evidence that forbids an automatic link, however strong the rest: a brother shares father,
# grandfather, family, mother and town, a namesake may share all four names, and such parts agree
# together (they are not independent, as the model assumes). So a pair whose first names (or
# mothers' names) are two different names, whose years of birth are more than one apart, whose
# national numbers differ, or whose sex differs is never linked automatically. It goes to review
# only when an identifier agrees (the same national number, or one digit apart; the same passport or
# administrative number); otherwise it is taken for what it almost always is: two persons.
VETOES: frozenset[tuple[str, str]] = frozenset(
    {
        ("first", "other_name"),
        ("mother", "other_name"),
        ("birth", "different"),
        ("national_number", "different"),
        ("sex", "different"),
    }
)
IDENTIFIERS_AGREE: frozenset[tuple[str, str]] = frozenset(
    {("national_number", "same"), ("national_number", "one_digit"), ("other_ids", "same")}
)


def vetoed(evidence: Iterable[Mapping[str, Any]]) -> bool:
    return any((e["comparison"], e["level"]) in VETOES for e in evidence)


def decide(probability: float, evidence: Iterable[Mapping[str, Any]], upper: float, lower: float) -> str:
    """``link`` (automatically), ``review`` (the clerical queue) or ``drop``."""
    if probability < lower:
        return "drop"
    evidence = list(evidence)
    if not vetoed(evidence):
        return "link" if probability >= upper else "review"
    if any((e["comparison"], e["level"]) in IDENTIFIERS_AGREE for e in evidence):
        return "review"
    return "drop"


# Blocking: pairs are compared only when they share one of these (skeletons survive spelling
# variants, transliteration and most typing errors; each rule tolerates a different part being
# wrong or missing).
BLOCKING_KEYS: tuple[tuple[str, ...], ...] = (
    ("national_number",),
    ("first_skel", "father_skel", "family_skel"),
    ("first_skel", "father_skel", "grandfather_skel"),
    ("first_skel", "family_skel", "birth_year"),
    ("father_skel", "family_skel", "birth_year"),
    ("first_skel", "mother_first_skel", "birth_year"),
    ("father_skel", "grandfather_skel", "family_skel"),
    ("first_skel", "grandfather_skel", "family_skel"),
    ("first_skel", "birth_date"),
    ("family_skel", "birth_date"),
    ("first_skel", "father_skel", "mother_first_skel"),
    ("first_skel", "family_skel", "mother_first_skel"),
    ("father_skel", "grandfather_skel", "mother_first_skel"),
    ("first_skel", "father_skel", "birth_year"),
)
# EM sessions: each fixes the comparisons of its blocking columns and learns the others.
TRAINING_KEYS: tuple[tuple[str, ...], ...] = (
    ("national_number",),
    ("first_key", "father_key", "family_key"),
    ("birth_date", "mother_first_key"),
)


def scope_condition(scope: str) -> str:
    """The SQL condition on a pair (``l``, ``r``) that keeps it within the scope."""
    if scope == "site":
        return "l.site = r.site"
    if scope == "cross-site":
        return "l.site <> r.site"
    if scope == "batch":
        return "(l.in_batch OR r.in_batch)"
    raise ValueError(f"unknown scope {scope!r}; one of {', '.join(SCOPES)}")


def blocking_rules(scope: str, keys: Iterable[tuple[str, ...]] = BLOCKING_KEYS) -> list[Any]:
    from splink.blocking_rule_library import CustomRule

    condition = scope_condition(scope)
    return [CustomRule(" AND ".join([*(f"l.{k} = r.{k}" for k in rule), condition])) for rule in keys]


def _name_comparison(part: str) -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        output_column_name=part,
        comparison_levels=[
            cll.NullLevel(f"{part}_key").configure(label_for_charts="missing"),
            cll.ExactMatchLevel(f"{part}_key", term_frequency_adjustments=True).configure(label_for_charts="same"),
            # A misspelling of the same known name (بششر / بشير).
            cll.CustomLevel(f"{part}_name_l = {part}_name_r", "same_name"),
            # Two known names, and not the same (محمد / محمود, أحمد / إبراهيم): brothers, not a
            # misspelling, whatever their skeletons say.
            cll.CustomLevel(f"{part}_name_l <> {part}_name_r", "other_name"),
            cll.CustomLevel(f"{part}_skel_l = {part}_skel_r", "variant"),
            cll.JaroWinklerLevel(f"{part}_lat", 0.88).configure(label_for_charts="typo"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )


def comparisons() -> list[Any]:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    mother = cl.CustomComparison(
        output_column_name="mother",
        comparison_levels=[
            cll.NullLevel("mother_first_key").configure(label_for_charts="missing"),
            cll.ExactMatchLevel("mother_key").configure(label_for_charts="same"),
            cll.ExactMatchLevel("mother_first_key", term_frequency_adjustments=True).configure(
                label_for_charts="same_first"
            ),
            cll.CustomLevel("mother_first_name_l = mother_first_name_r", "same_name"),
            cll.CustomLevel("mother_first_name_l <> mother_first_name_r", "other_name"),
            cll.Or(
                cll.CustomLevel("mother_first_skel_l = mother_first_skel_r"),
                cll.JaroWinklerLevel("mother_first_lat", 0.88),
            ).configure(label_for_charts="variant"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )
    birth = cl.CustomComparison(
        output_column_name="birth",
        comparison_levels=[
            cll.NullLevel("birth_year").configure(label_for_charts="missing"),
            cll.CustomLevel("birth_date_l = birth_date_r", "same"),
            cll.CustomLevel(
                "birth_year_l = birth_year_r AND birth_day_l = birth_month_r AND birth_month_l = birth_day_r",
                "swapped",
            ),
            cll.CustomLevel(
                "birth_year_l = birth_year_r AND (birth_date_l IS NULL OR birth_date_r IS NULL)", "same_year_partial"
            ),
            cll.CustomLevel("birth_year_l = birth_year_r", "same_year"),
            cll.CustomLevel("abs(birth_year_l - birth_year_r) <= 1", "year_near"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )
    place = cl.CustomComparison(
        output_column_name="birth_place",
        comparison_levels=[
            cll.NullLevel("birth_place_key").configure(label_for_charts="missing"),
            cll.ExactMatchLevel("birth_place_key", term_frequency_adjustments=True).configure(label_for_charts="same"),
            cll.JaroWinklerLevel("birth_place_skel", 0.85).configure(label_for_charts="variant"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )
    national_number = cl.CustomComparison(
        output_column_name="national_number",
        comparison_levels=[
            cll.NullLevel("national_number").configure(label_for_charts="missing"),
            cll.ExactMatchLevel("national_number").configure(label_for_charts="same"),
            cll.DamerauLevenshteinLevel("national_number", 1).configure(label_for_charts="one_digit"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )
    other_ids = cl.CustomComparison(
        output_column_name="other_ids",
        comparison_levels=[
            cll.CustomLevel(
                "(passport_l IS NULL OR passport_r IS NULL) AND (admin_number_l IS NULL OR admin_number_r IS NULL)",
                "missing",
            ).configure(is_null_level=True),
            # Rare in training data: start from what such identifiers usually mean.
            cll.CustomLevel("passport_l = passport_r OR admin_number_l = admin_number_r", "same").configure(
                m_probability=0.95, u_probability=1e-5
            ),
            cll.ElseLevel().configure(label_for_charts="different", m_probability=0.05, u_probability=0.9999),
        ],
    )
    sex = cl.CustomComparison(
        output_column_name="sex",
        comparison_levels=[
            cll.NullLevel("sex").configure(label_for_charts="missing"),
            cll.ExactMatchLevel("sex").configure(label_for_charts="same"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )
    names = [_name_comparison(part) for part in ("first", "father", "grandfather", "family")]
    return [*names, mother, birth, place, national_number, other_ids, sex]


def settings(scope: str) -> Any:
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=blocking_rules(scope),
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,  # the comparison levels (gamma), for the evidence
        additional_columns_to_retain=["site"],
        max_iterations=20,
        em_convergence=0.001,
    )


# --- running ----------------------------------------------------------------------------------


@dataclass
class Backend:
    """Where Splink runs its SQL: ``duckdb`` (one machine) or ``spark``."""

    name: str = "duckdb"
    memory_limit: str = "4GB"
    threads: int = 2
    temp_directory: str = ""
    spark_session: Any = None

    def db_api(self) -> Any:
        if self.name == "duckdb":
            import duckdb
            from splink import DuckDBAPI

            con = duckdb.connect()
            con.execute(f"SET memory_limit = '{self.memory_limit}'")
            con.execute(f"SET threads = {int(self.threads)}")
            con.execute("SET preserve_insertion_order = false")
            if self.temp_directory:
                con.execute(f"SET temp_directory = '{self.temp_directory}'")
            return DuckDBAPI(connection=con)
        if self.name == "spark":
            from splink import SparkAPI

            if self.spark_session is None:
                from pyspark.sql import SparkSession

                self.spark_session = SparkSession.builder.getOrCreate()
            return SparkAPI(spark_session=self.spark_session)
        raise ValueError(f"unknown linkage backend {self.name!r} (duckdb or spark)")


@dataclass
class PairScore:
    """A scored pair: the ids (ordered), Splink's probability and weight, and the evidence."""

    left: str
    right: str
    probability: float
    weight: float
    evidence: list[dict[str, Any]]
    left_site: str = ""
    right_site: str = ""


@dataclass
class Prediction:
    pairs: list[PairScore]
    records: int
    comparisons: int
    timings: dict[str, float] = field(default_factory=dict)
    model: dict[str, Any] = field(default_factory=dict)
    trained: bool = False


Progress = Callable[[str], None]


def _frame(columns: Mapping[str, list[Any]]) -> Any:
    import pandas as pd

    frame = pd.DataFrame(dict(columns))
    for name in INTEGER_COLUMNS:
        frame[name] = frame[name].astype("Int32")
    return frame


INPUT_TABLE = "sijill_linkage_input"


def _load(backend: Backend, db_api: Any, chunks: Iterable[Mapping[str, list[Any]]]) -> tuple[Any, int]:
    """The feature rows into the backend, chunk by chunk: the input Splink reads, and its size."""
    if backend.name != "duckdb":  # Spark: one DataFrame from the chunks
        import pandas as pd

        frames = [_frame(chunk) for chunk in chunks]
        frame = pd.concat(frames, ignore_index=True) if frames else _frame({c: [] for c in INPUT_COLUMNS})
        return db_api.spark.createDataFrame(frame), len(frame)
    con = db_api._con
    types = {name: "INTEGER" if name in INTEGER_COLUMNS else "VARCHAR" for name in INPUT_COLUMNS}
    types["in_batch"] = "BOOLEAN"
    columns = ", ".join(f"{name} {kind}" for name, kind in types.items())
    con.execute(f"CREATE OR REPLACE TABLE {INPUT_TABLE} ({columns})")
    records = 0
    for chunk in chunks:
        frame = _frame(chunk)
        con.execute(f"INSERT INTO {INPUT_TABLE} SELECT {', '.join(INPUT_COLUMNS)} FROM frame")  # noqa: S608
        records += len(chunk["unique_id"])
    return INPUT_TABLE, records


def link(
    chunks: Iterable[Mapping[str, list[Any]]],
    *,
    scope: str,
    lower: float,
    train: bool | None = None,
    backend: Backend | None = None,
    model_path: Path | None = DEFAULT_MODEL,
    progress: Progress | None = None,
    min_records_to_train: int = 20_000,
    count_comparisons: bool = False,
) -> Prediction:
    """Score the pairs of ``scope`` among the records (chunks of feature columns); keep those ≥ ``lower``.

    Trains by EM when there are enough records (``train`` None: at least ``min_records_to_train``),
    starting from the stored model; a small input is scored with the stored model as it is.
    """
    from splink import Linker, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)  # its training chatter; errors still raise
    say = progress or (lambda _message: None)
    backend = backend or Backend()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    db_api = backend.db_api()
    table, records = _load(backend, db_api, chunks)
    timings["load"] = time.perf_counter() - started
    if records < 2:
        return Prediction([], records, 0, timings)
    model_settings: Any = settings(scope)
    stored = model_path is not None and model_path.exists()
    if stored and model_path is not None:
        loaded = json.loads(model_path.read_text(encoding="utf-8"))
        # The stored m and u, with this run's blocking rules (the scope).
        loaded["blocking_rules_to_generate_predictions"] = [
            rule.get_blocking_rule("duckdb").blocking_rule_sql for rule in blocking_rules(scope)
        ]
        model_settings = loaded
    linker = Linker(table, model_settings, db_api=db_api, set_up_basic_logging=False)
    should_train = train if train is not None else (records >= min_records_to_train or not stored)
    condition = scope_condition(scope)
    if should_train or stored:
        # The prior (how likely two records of the scope are one person) is this input's own: counted
        # with the national number, else about one duplicate for every record.
        fallback = min(0.5, 2.0 / max(records - 1, 1))
        try:
            linker.training.estimate_probability_two_random_records_match(
                [f"l.national_number = r.national_number AND {condition}"], recall=0.6
            )
        except Exception:  # no pair to count in a small input
            linker._settings_obj._probability_two_random_records_match = fallback
        if not linker._settings_obj._probability_two_random_records_match:
            linker._settings_obj._probability_two_random_records_match = fallback
    if should_train:
        say("training")
        t0 = time.perf_counter()
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
        for keys in TRAINING_KEYS:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*keys), fix_u_probabilities=True
            )
        timings["train"] = time.perf_counter() - t0
    say("predicting")
    t0 = time.perf_counter()
    predicted = linker.inference.predict(threshold_match_probability=lower)
    timings["predict"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    pairs = _pairs(predicted, db_api)
    timings["collect"] = time.perf_counter() - t0
    comparisons_made = _count_comparisons(table, scope, db_api) if count_comparisons else -1
    model = linker.misc.save_model_to_json()
    predicted.drop_table_from_database_and_remove_from_cache()
    timings["total"] = time.perf_counter() - started
    return Prediction(pairs, records, comparisons_made, timings, model, should_train)


def _count_comparisons(table: Any, scope: str, db_api: Any) -> int:
    """Pairs compared after blocking (each pair once, whichever rules it meets)."""
    from splink.blocking_analysis import cumulative_comparisons_to_be_scored_from_blocking_rules_data

    counts = cumulative_comparisons_to_be_scored_from_blocking_rules_data(
        table_or_tables=[table], blocking_rules=blocking_rules(scope), link_type="dedupe_only",
        db_api=db_api, unique_id_column_name="unique_id",
    )  # fmt: skip
    return int(counts["row_count"].sum())


def _weight(bf: float) -> float:
    return math.log2(bf) if bf > 0 else -math.inf


def _pairs(predicted: Any, db_api: Any) -> list[PairScore]:
    """The predicted pairs with each comparison's level and weight (the evidence)."""
    table = predicted.physical_name
    names = list(COMPARISONS)
    select = ["unique_id_l", "unique_id_r", "match_probability", "match_weight", "site_l", "site_r"]
    for name in names:
        select += [f"gamma_{name}", f"bf_{name}"]
        if name in ("first", "father", "grandfather", "family", "mother", "birth_place"):
            select.append(f"bf_tf_adj_{name}")
    columns = _available(db_api, table)
    select = [c for c in select if c in columns]
    rows = _fetch(db_api, f"SELECT {', '.join(select)} FROM {table}")  # noqa: S608 (generated names)
    out: list[PairScore] = []
    for row in rows:
        record = dict(zip(select, row, strict=True))
        evidence = []
        for name in names:
            gamma = record.get(f"gamma_{name}")
            if gamma is None:
                continue
            levels = COMPARISONS[name]
            # gamma -1 is the null level; levels count down from the most specific.
            code = "missing" if gamma == -1 else levels[len(levels) - 1 - int(gamma)]
            bf = float(record.get(f"bf_{name}") or 1.0) * float(record.get(f"bf_tf_adj_{name}") or 1.0)
            evidence.append({"comparison": name, "level": code, "weight": round(_weight(bf), 3)})
        left, right = str(record["unique_id_l"]), str(record["unique_id_r"])
        left_site, right_site = str(record.get("site_l") or ""), str(record.get("site_r") or "")
        if right < left:
            left, right, left_site, right_site = right, left, right_site, left_site
        out.append(
            PairScore(
                left,
                right,
                float(record["match_probability"]),
                float(record["match_weight"]),
                evidence,
                left_site,
                right_site,
            )
        )
    return out


def _available(db_api: Any, table: str) -> set[str]:
    rows = _fetch(db_api, f"SELECT * FROM {table} LIMIT 0", names=True)  # noqa: S608
    return set(rows)


def _fetch(db_api: Any, sql: str, *, names: bool = False) -> Any:
    con = getattr(db_api, "_con", None)
    if con is not None:  # DuckDB
        result = con.execute(sql)
        if names:
            return [d[0] for d in result.description]
        return result.fetchall()
    frame = db_api.spark.sql(sql)  # Spark
    if names:
        return frame.columns
    return [tuple(r) for r in frame.collect()]
