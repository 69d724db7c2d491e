"""Score the nationality set with nomenklatura's logic-v2 and freeze the result beside it.

    python bench/logicv2_freeze.py [CASES_CSV] [-o OUT_CSV]

nomenklatura is not a dependency of Sijill (it pulls ICU and followthemoney): run this with a
Python where it is installed (``pip install nomenklatura``), as was done for name_bench's own
logicv2-frozen.csv. The output has the case columns plus ``score`` and ``predicted_match``
(threshold 0.7), and ``bench/name_pairs.py`` reads it like name_bench's frozen file.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
THRESHOLD = 0.7


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", default=str(HERE / "data" / "nationalities.csv"))
    parser.add_argument("-o", "--out", default=str(HERE / "data" / "nationalities-logicv2-frozen.csv"))
    args = parser.parse_args()
    from followthemoney import model
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    algorithm = get_algorithm("logic-v2")
    assert algorithm is not None
    config = ScoringConfig.defaults()

    def entity(ident: str, schema: str, name: str):  # type: ignore[no-untyped-def]
        made = model.make_entity(schema)
        made.id = ident
        made.add("name", name)
        return made

    with open(args.cases, encoding="utf-8") as handle:
        cases = list(csv.DictReader(handle))
    with open(args.out, "w", encoding="utf-8", newline="") as handle:
        out = csv.DictWriter(handle, [*cases[0].keys(), "score", "predicted_match"])
        out.writeheader()
        for number, row in enumerate(cases):
            # Distinct ids: nomenklatura caches what it derives from an entity by its id.
            left = entity(f"q{number}", row["schema"], row["name1"])
            right = entity(f"r{number}", row["schema"], row["name2"])
            value = algorithm.compare(left, right, config).score
            out.writerow({**row, "score": f"{value:.4f}", "predicted_match": str(value >= THRESHOLD).lower()})


if __name__ == "__main__":
    main()
