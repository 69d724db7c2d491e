from pathlib import Path

import pytest

from sijill.core import matrix


def test_matrix_file_parses_with_every_role():
    m = matrix.load()
    roles = {role for role, _ in m.grants}
    assert roles == set(matrix.ROLES)
    assert "org.view" in m.actions


def test_scope_lookup():
    assert matrix.scope_for("site_admin", "org.manage") is matrix.Scope.SITE
    assert matrix.scope_for("records_clerk", "warrant.issue") is None
    assert matrix.scope_for("prosecutor", "warrant.issue") is matrix.Scope.UNIT


def test_unknown_action_is_a_programming_error():
    with pytest.raises(matrix.MatrixError):
        matrix.scope_for("auditor", "no.such.action")


def test_two_factor_roles():
    assert matrix.requires_two_factor("investigator")
    assert not matrix.requires_two_factor("media_officer")


@pytest.mark.parametrize(
    "text, message",
    [
        ("nope t1\n", "header"),
        ("action t1 dir chk inv clk pro per ins med aud adm\nx N N\n", "expected"),
        ("action t1 dir chk inv clk pro per ins med aud adm\nx N N N N N N N N N N Q\n", "unknown scope"),
    ],
)
def test_malformed_matrix_is_refused(tmp_path: Path, text: str, message: str):
    path = tmp_path / "m.txt"
    path.write_text(text)
    with pytest.raises(matrix.MatrixError, match=message):
        matrix.load(path)
