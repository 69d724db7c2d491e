"""Reproducible Libyan-style population and name queries for benchmarking the name engine.

    python bench/names_data.py --persons 1000000 --out /tmp/names [--queries 2000] [--seed 7]

writes ``persons.csv`` and ``queries.csv`` into the folder. The same is importable:
``generate_population(n, seed)`` and ``generate_queries(population, n, seed)``.

The population is built by families, as names are: a clan shares a family name and an ancestor;
brothers share father, grandfather and family name (and differ only in their first name); cousins
share grandfather and family name; sons are named after grandfathers. Given names and family
names follow the frequencies of sijill/names/data/*.tsv (محمد is one man in fourteen), with a long
tail of generated family names (nisbas such as الزرقي, بو-names, بن-names). Each person has a
mother's name, a sex, a birth year and a birthplace among Libyan towns.

Queries are variants of a person's name, each labelled with the person it must find, produced by
the phenomena the engine must handle (missing links, الـ, عبد/بو spacing, Libyan spellings,
dialect letters, Latin transliteration, typing errors, titles, explicit parts with the mother's
name), plus hard negatives that must *not* match (محمد↔محمود, swapped first/father, another
father or grandfather with the same first and family names), checked not to exist in the
population.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections.abc import Iterable, Sequence
from itertools import accumulate
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sijill.names import normalize, transliterate  # noqa: E402
from sijill.names._data import read_table, split_values  # noqa: E402

__all__ = ["TOWNS", "generate_population", "generate_queries", "main"]

TOWNS: list[tuple[str, str, int]] = [
    ("طرابلس", "Tripoli", 1100),
    ("بنغازي", "Benghazi", 800),
    ("مصراتة", "Misrata", 400),
    ("الزاوية", "Zawiya", 200),
    ("البيضاء", "Bayda", 250),
    ("زليتن", "Zliten", 230),
    ("الخمس", "Khoms", 200),
    ("غريان", "Gharyan", 190),
    ("تاجوراء", "Tajura", 150),
    ("اجدابيا", "Ajdabiya", 150),
    ("درنة", "Derna", 150),
    ("سرت", "Sirte", 130),
    ("طبرق", "Tobruk", 130),
    ("سبها", "Sabha", 130),
    ("صبراتة", "Sabratha", 100),
    ("ترهونة", "Tarhuna", 100),
    ("العجيلات", "Ajaylat", 100),
    ("المرج", "Marj", 85),
    ("بني وليد", "Bani Walid", 80),
    ("زوارة", "Zuwara", 70),
    ("صرمان", "Surman", 60),
    ("الكفرة", "Kufra", 50),
    ("الزنتان", "Zintan", 45),
    ("يفرن", "Yefren", 40),
    ("أوباري", "Ubari", 40),
    ("مرزق", "Murzuq", 40),
    ("شحات", "Shahhat", 40),
    ("القبة", "Qubba", 30),
    ("نالوت", "Nalut", 30),
    ("غات", "Ghat", 25),
    ("البريقة", "Brega", 20),
    ("هون", "Hun", 20),
    ("جالو", "Jalu", 20),
    ("الشاطئ", "Shati", 20),
    ("غدامس", "Ghadames", 10),
]

TITLES = ["العقيد", "الحاج", "السيد", "الرائد", "المهندس", "الدكتور", "اللواء", "العميد"]
DIALECT_SWAPS = {"ظ": "ض", "ض": "ظ", "ذ": "ز", "ز": "ذ", "ث": "ت", "ت": "ث", "ص": "س"}
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_ROOT_LETTERS = "بتجحخدرزسشصطعغفقكلمنه"


class _Names:
    """Given and family names with their frequencies and Latin spellings (from the tables)."""

    def __init__(self, seed: int) -> None:
        self.male: list[str] = []
        self.male_w: list[float] = []
        self.female: list[str] = []
        self.female_w: list[float] = []
        self.latin: dict[str, list[str]] = {}
        self.arabic_variants: dict[str, list[str]] = {}
        for row in read_table("given_names.tsv"):
            name = normalize(row["canonical"])
            weight = float(row["permille"] or 0)
            if weight <= 0:
                continue
            if row["sex"] == "f":
                self.female.append(name)
                self.female_w.append(weight)
            else:
                self.male.append(name)
                self.male_w.append(weight)
            self._spellings(name, row)
        families: list[str] = []
        family_w: list[float] = []
        for row in read_table("family_names.tsv"):
            name = normalize(row["canonical"])
            families.append(name)
            family_w.append(float(row["permille"] or 0.5))
            self._spellings(name, row)
        # The tables cover about a fifth of Libyans' family names; the rest is a long tail of
        # rarer names, generated like real ones: nisbas, بو- and بن-names, a given name.
        rng = random.Random(seed * 7919 + 17)
        tail_share = 1000.0 - sum(family_w)
        tail: set[str] = set(families)
        tail_names: list[str] = []
        while len(tail_names) < 20000:
            candidate = self._tail_family(rng)
            if candidate not in tail:
                tail.add(candidate)
                tail_names.append(candidate)
        # Zipf-like weights for the tail, scaled so that all family names sum to 1000 per mille.
        raw = [1.0 / (rank + 300) for rank in range(len(tail_names))]
        scale = tail_share / sum(raw)
        self.family = families + tail_names
        self.family_w = family_w + [w * scale for w in raw]
        self.male_cum = list(accumulate(self.male_w))
        self.female_cum = list(accumulate(self.female_w))
        self.family_cum = list(accumulate(self.family_w))
        self.town_cum = list(accumulate(t[2] for t in TOWNS))
        self.confusable = self._confusable_pairs()

    def _spellings(self, name: str, row: dict[str, str]) -> None:
        self.latin[name] = split_values(row.get("latin", ""))
        self.arabic_variants[name] = [normalize(v) for v in split_values(row.get("arabic", ""))]

    def _tail_family(self, rng: random.Random) -> str:
        kind = rng.random()
        if kind < 0.55:
            root = "".join(rng.choice(_ROOT_LETTERS) for _ in range(3))
            pattern = rng.choice(["{a}{b}{c}", "{a}{b}ا{c}", "{a}{b}ي{c}", "{a}ا{b}{c}", "{a}{b}و{c}"])
            return "ال" + pattern.format(a=root[0], b=root[1], c=root[2]) + "ي"
        simple = [name for name in self.male if " " not in name] or ["سالم"]
        if kind < 0.75:
            return "بو" + rng.choice(simple)
        if kind < 0.85:
            return "بن " + rng.choice(simple)
        root = "".join(rng.choice(_ROOT_LETTERS) for _ in range(3))
        return rng.choice(["ال", ""]) + root[0] + root[1] + "ا" + root[2]

    def _confusable_pairs(self) -> dict[str, list[str]]:
        """Known names one or two letters apart (محمد/محمود, حسن/حسين): hard negatives."""
        out: dict[str, list[str]] = {}
        names = self.male + self.female
        for a in names:
            for b in names:
                if a != b and a[0] == b[0] and abs(len(a) - len(b)) <= 1 and _distance(a, b) <= 1:
                    out.setdefault(a, []).append(b)
        return out


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


_NAMES_CACHE: dict[int, _Names] = {}


def _names(seed: int = 0) -> _Names:
    names = _NAMES_CACHE.get(seed)
    if names is None:
        names = _NAMES_CACHE[seed] = _Names(seed)
    return names


def generate_population(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` persons (dicts) of Libyan-style families, reproducible for a given ``seed``.

    Keys: id, sex, first, father, grandfather, family, mother, birth_year, birthplace,
    birthplace_latin, full (the four-part chain as one string).
    """
    names = _names(seed)
    rng = random.Random(seed)
    people: list[dict[str, Any]] = []
    male, female, family = names.male, names.female, names.family
    male_cum, female_cum, family_cum = names.male_cum, names.female_cum, names.family_cum
    # Draw names in bulk (random.choices is much faster per item than repeated calls).
    pool = max(64, n * 2)
    male_draw = iter(rng.choices(male, cum_weights=male_cum, k=pool))
    female_draw = iter(rng.choices(female, cum_weights=female_cum, k=pool))
    family_draw = iter(rng.choices(family, cum_weights=family_cum, k=pool // 4 + 16))
    town_draw = iter(rng.choices(TOWNS, cum_weights=names.town_cum, k=pool // 4 + 16))

    def next_male() -> str:
        nonlocal male_draw
        try:
            return next(male_draw)
        except StopIteration:
            male_draw = iter(rng.choices(male, cum_weights=male_cum, k=pool))
            return next(male_draw)

    def next_female() -> str:
        nonlocal female_draw
        try:
            return next(female_draw)
        except StopIteration:
            female_draw = iter(rng.choices(female, cum_weights=female_cum, k=pool))
            return next(female_draw)

    def next_family() -> str:
        nonlocal family_draw
        try:
            return next(family_draw)
        except StopIteration:
            family_draw = iter(rng.choices(family, cum_weights=family_cum, k=pool))
            return next(family_draw)

    def next_town() -> tuple[str, str, int]:
        nonlocal town_draw
        try:
            return next(town_draw)
        except StopIteration:
            town_draw = iter(rng.choices(TOWNS, cum_weights=names.town_cum, k=pool))
            return next(town_draw)

    random_ = rng.random
    randint = rng.randint
    while len(people) < n:
        # A clan: a grandfather (and his father) of one family, with one to four sons.
        family_name = next_family()
        grandfather = next_male()
        great = next_male()
        town = next_town()
        for _ in range(1 + int(random_() * 3.2)):
            father = next_male()
            father_birth = randint(1925, 1975)
            mother_first = next_female()
            mother_family = family_name if random_() < 0.3 else next_family()
            mother = f"{mother_first} {mother_family}"
            if random_() < 0.6 and len(people) < n:
                people.append(
                    _person(
                        len(people),
                        "m",
                        father,
                        grandfather,
                        great,
                        family_name,
                        f"{next_female()} {next_family()}",
                        father_birth,
                        town,
                    )
                )
            used: set[str] = set()
            for _child in range(1 + int(random_() * 6)):
                if len(people) >= n:
                    break
                sex = "m" if random_() < 0.52 else "f"
                for _try in range(4):
                    first = (grandfather if random_() < 0.08 else next_male()) if sex == "m" else next_female()
                    if first not in used:
                        break
                used.add(first)
                birth = min(2008, father_birth + 22 + int(random_() * 25))
                child_town = town if random_() < 0.8 else next_town()
                people.append(
                    _person(len(people), sex, first, father, grandfather, family_name, mother, birth, child_town)
                )
    return people


def _person(
    ident: int,
    sex: str,
    first: str,
    father: str,
    grandfather: str,
    family: str,
    mother: str,
    birth_year: int,
    town: tuple[str, str, int],
) -> dict[str, Any]:
    return {
        "id": ident,
        "sex": sex,
        "first": first,
        "father": father,
        "grandfather": grandfather,
        "family": family,
        "mother": mother,
        "birth_year": birth_year,
        "birthplace": town[0],
        "birthplace_latin": town[1],
        "full": f"{first} {father} {grandfather} {family}",
    }


# --- queries -------------------------------------------------------------------------------------

POSITIVE_VARIANTS: list[tuple[str, float]] = [
    ("exact", 0.06),
    ("no_grandfather", 0.12),
    ("first_family", 0.04),
    ("no_family", 0.05),
    ("orthographic", 0.07),
    ("article", 0.07),
    ("compound_spacing", 0.05),
    ("libyan_spelling", 0.05),
    ("dialect", 0.07),
    ("latin", 0.10),
    ("latin_no_grandfather", 0.07),
    ("typo", 0.08),
    ("title", 0.04),
    ("explicit_parts", 0.05),
    ("with_mother", 0.04),
    ("mixed", 0.04),
]
NEGATIVE_VARIANTS = ["confusable_name", "swap_first_father", "other_father", "other_grandfather"]


def _chain_key(parts: Iterable[str]) -> tuple[str, ...]:
    """Names of the population are already normalised: only the spacing of compounds differs."""
    return tuple(p.replace(" ", "") for p in parts)


def generate_queries(
    population: Sequence[dict[str, Any]], n: int, seed: int = 0, negatives: float = 0.2
) -> list[dict[str, Any]]:
    """``n`` queries for people of ``population``; a share ``negatives`` are hard negatives.

    Each query has ``qid``, ``variant``, ``expect`` ("match" or "no_match"), ``person_id`` (the
    person it must find, or that it must not be confused with), and either ``full`` (one string)
    or the explicit parts ``first`` / ``father`` / ``grandfather`` / ``family`` / ``mother``.
    """
    names = _names(seed)
    rng = random.Random(seed + 1)
    existing = {_chain_key((p["first"], p["father"], p["grandfather"], p["family"])) for p in population}
    variants = [v for v, _ in POSITIVE_VARIANTS]
    weights = [w for _, w in POSITIVE_VARIANTS]
    queries: list[dict[str, Any]] = []
    attempts = 0
    while len(queries) < n and attempts < n * 20:
        attempts += 1
        person = population[rng.randrange(len(population))]
        if rng.random() < negatives:
            query = _negative(person, names, rng, existing)
        else:
            query = _positive(person, rng.choices(variants, weights=weights)[0], names, rng)
        if query is None:
            continue
        query["qid"] = len(queries)
        query["person_id"] = person["id"]
        queries.append(query)
    return queries


def _latin(name: str, names: _Names, rng: random.Random) -> str:
    options = names.latin.get(name)
    if options:
        return rng.choice(options)
    if name.startswith("بن "):
        return rng.choice(["Ben ", "Bin "]) + transliterate(name[3:], rng)
    if name.startswith("ال") and len(name) > 3:
        return rng.choice(["Al-", "El-", "Al ", "", ""]) + transliterate(name[2:], rng)
    return transliterate(name, rng)


def _typo(word: str, rng: random.Random) -> str:
    letters = [ch for ch in word if ch != " "]
    if len(letters) < 4:
        return word
    pos = rng.randrange(1, len(word) - 1)
    if word[pos] == " ":
        return word
    kind = rng.random()
    if kind < 0.4:
        return word[:pos] + rng.choice(ARABIC_LETTERS) + word[pos + 1 :]
    if kind < 0.7:
        return word[:pos] + word[pos + 1 :]
    return word[:pos] + rng.choice(ARABIC_LETTERS) + word[pos:]


def _orthographic(word: str, rng: random.Random) -> str:
    out = word
    if out.startswith("ا") and rng.random() < 0.7:
        out = rng.choice(["أ", "إ", "آ"]) + out[1:]
    if out.endswith("ه") and rng.random() < 0.8:
        out = out[:-1] + "ة"
    if out.endswith("ي") and rng.random() < 0.5:
        out = out[:-1] + "ى"
    if rng.random() < 0.5:
        out = out[:1] + "\u064e" + out[1:]  # a fatha
    if rng.random() < 0.3 and len(out) > 3:
        out = out[:2] + "\u0640" + out[2:]  # tatweel
    return out


def _positive(person: dict[str, Any], variant: str, names: _Names, rng: random.Random) -> dict[str, Any] | None:
    first, father, grand, family = (person["first"], person["father"], person["grandfather"], person["family"])
    parts = [first, father, grand, family]

    def full(items: list[str]) -> dict[str, Any]:
        return {"variant": variant, "expect": "match", "full": " ".join(items)}

    if variant == "exact":
        return full(parts)
    if variant == "no_grandfather":
        return full([first, father, family])
    if variant == "first_family":
        return full([first, family])
    if variant == "no_family":
        return full([first, father, grand])
    if variant == "orthographic":
        return full([_orthographic(p, rng) for p in parts])
    if variant == "article":
        fam = family[2:] if family.startswith("ال") else "ال" + family
        return full([first, father, grand, fam])
    if variant == "compound_spacing":
        changed = False
        out = []
        for p in parts:
            if p.startswith("عبد") and not p.startswith("عبد "):
                p, changed = "عبد " + p[3:], True
            elif p.startswith("عبد "):
                p, changed = "عبد" + p[4:], True
            elif p.startswith("بو") and len(p) > 4:
                p, changed = rng.choice(["بو ", "أبو ", "ابو"]) + p[2:], True
            elif p.startswith("ابو"):
                p, changed = "بو" + p[3:].strip(), True
            out.append(p)
        return full(out) if changed else None
    if variant == "libyan_spelling":
        spellings = [(i, v) for i, p in enumerate(parts) for v in names.arabic_variants.get(p, [])]
        if not spellings:
            return None
        index, spelling = rng.choice(spellings)
        out = list(parts)
        out[index] = spelling
        return full(out)
    if variant == "dialect":
        letters = [(i, k) for i, p in enumerate(parts) for k, ch in enumerate(p) if ch in DIALECT_SWAPS]
        if not letters:
            return None
        index, pos = rng.choice(letters)
        out = list(parts)
        word = out[index]
        out[index] = word[:pos] + DIALECT_SWAPS[word[pos]] + word[pos + 1 :]
        return full(out)
    if variant == "latin":
        return full([_latin(p, names, rng) for p in parts])
    if variant == "latin_no_grandfather":
        return full([_latin(p, names, rng) for p in (first, father, family)])
    if variant == "typo":
        index = rng.randrange(4)
        out = list(parts)
        out[index] = _typo(out[index], rng)
        return full(out) if out != parts else None
    if variant == "title":
        return full([rng.choice(TITLES), *parts])
    if variant == "explicit_parts":
        query: dict[str, Any] = {
            "variant": variant,
            "expect": "match",
            "first": first,
            "father": father,
            "family": family,
        }
        if rng.random() < 0.5:
            query["grandfather"] = grand
        return query
    if variant == "with_mother":
        return {
            "variant": variant,
            "expect": "match",
            "first": first,
            "father": father,
            "grandfather": grand,
            "family": family,
            "mother": person["mother"],
        }
    if variant == "mixed":
        # Two phenomena at once: Latin family name, article toggled or typo elsewhere.
        out = [first, father, family]
        index = rng.randrange(3)
        out[index] = _latin(out[index], names, rng)
        return full(out)
    return None


def _negative(
    person: dict[str, Any], names: _Names, rng: random.Random, existing: set[tuple[str, ...]]
) -> dict[str, Any] | None:
    first, father, grand, family = (person["first"], person["father"], person["grandfather"], person["family"])
    variant = rng.choice(NEGATIVE_VARIANTS)
    if variant == "confusable_name":
        options = [(i, alt) for i, p in enumerate((first, father)) for alt in names.confusable.get(p, [])]
        if not options:
            return None
        index, alt = rng.choice(options)
        chain = [first, father, grand, family]
        chain[index] = alt
    elif variant == "swap_first_father":
        if first == father or person["sex"] != "m":
            return None
        chain = [father, first, grand, family]
    elif variant == "other_father":
        alt = names.male[rng.randrange(len(names.male))]
        if alt == father:
            return None
        chain = [first, alt, grand, family]
    else:
        alt = names.male[rng.randrange(len(names.male))]
        if alt == grand:
            return None
        chain = [first, father, alt, family]
    if _chain_key(chain) in existing:
        return None
    return {"variant": variant, "expect": "no_match", "full": " ".join(chain)}


# --- command line ------------------------------------------------------------------------------

PERSON_FIELDS = [
    "id",
    "sex",
    "first",
    "father",
    "grandfather",
    "family",
    "mother",
    "birth_year",
    "birthplace",
    "birthplace_latin",
    "full",
]
QUERY_FIELDS = ["qid", "person_id", "variant", "expect", "full", "first", "father", "grandfather", "family", "mother"]


def _write(path: Path, fields: list[str], rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a Libyan-style name population.")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", required=True, help="output folder")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    population = generate_population(args.persons, args.seed)
    generated = time.perf_counter() - start
    queries = generate_queries(population, args.queries, args.seed)
    _write(out / "persons.csv", PERSON_FIELDS, population)
    _write(out / "queries.csv", QUERY_FIELDS, queries)
    total = time.perf_counter() - start
    print(
        f"{len(population)} persons generated in {generated:.1f} s, {len(queries)} queries; "
        f"written to {out} in {total:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
