"""Multi-site tests on real PostgreSQL clusters created in temporary directories (not the Django test DB).

Skipped when PostgreSQL's initdb is not installed. Each module builds its own sites once.
"""

from __future__ import annotations

import pytest

from sijill.federation import clusters


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if clusters.available():
        return
    skip = pytest.mark.skip(reason="PostgreSQL initdb/pg_ctl not installed")
    for item in items:
        if "tests/federation" in str(item.fspath):
            item.add_marker(skip)
