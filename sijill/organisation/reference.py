"""Loading the reference data shipped in ``data/`` (districts, municipalities, agencies).

Runs after every migrate; idempotent (rows are keyed by their official codes), so an expert who
adds a row to a data file gets it loaded by the next ``sijill migrate``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from django.db import transaction

DATA_DIR = Path(__file__).with_name("data")


def load_reference_data() -> None:
    from sijill.organisation.models import Agency, District, Municipality

    with transaction.atomic():
        features = json.loads((DATA_DIR / "libya-districts.geojson").read_text(encoding="utf-8"))["features"]
        for feature in features:
            p = feature["properties"]
            District.objects.update_or_create(
                pcode=p["pcode"],
                defaults={
                    "name_ar": p["name_ar"],
                    "name_en": p["name_en"],
                    "region_ar": p["adm1_name_ar"],
                    "region_en": p["adm1_name_en"],
                },
            )
        with (DATA_DIR / "libya-municipalities.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                Municipality.objects.update_or_create(
                    pcode=row["municipality_pcode"],
                    defaults={
                        "name_ar": row["municipality_name_ar"],
                        "name_en": row["municipality_name_en"],
                        "district_id": row["district_pcode"],
                    },
                )
        with (DATA_DIR / "agencies.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                Agency.objects.update_or_create(
                    code=row["code"], defaults={"name_ar": row["name_ar"], "name_en": row["name_en"]}
                )


def after_migrate(sender: Any, **kwargs: Any) -> None:
    load_reference_data()
