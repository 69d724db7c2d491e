"""The resolver alone (pure): transitivity, a no never crossed, conflicts, order independence."""

from __future__ import annotations

import itertools

from sijill.linkage.resolver import AUTO, HUMAN, NO, YES, Judgement, resolve


def J(a: str, b: str, verdict: str, site: str = "TRP", source: str = HUMAN, strength: float = 1.0, at: str = "1"):
    return Judgement(min(a, b), max(a, b), verdict, site, source, strength, at)


def test_yes_links_are_transitive():
    r = resolve([J("a", "b", YES), J("b", "c", YES)])
    assert r.cluster_of == {"a": "a", "b": "a", "c": "a"}
    assert r.members() == {"a": ["a", "b", "c"]}


def test_a_no_is_never_crossed_even_transitively():
    r = resolve([J("a", "b", YES), J("b", "c", YES, source=AUTO, strength=0.99), J("a", "c", NO)])
    assert r.cluster_of.get("c") != r.cluster_of.get("a")
    assert ("b", "c", AUTO) in r.held_apart


def test_human_judgements_come_before_automatic_links():
    # The automatic link a~c would join a and c first; the human yes b~c must win over it.
    judgements = [J("a", "c", YES, source=AUTO, strength=0.999), J("b", "c", YES, at="2"), J("a", "b", NO)]
    r = resolve(judgements)
    assert r.cluster_of["b"] == r.cluster_of["c"]
    assert "a" not in r.cluster_of


def test_sites_that_disagree_make_a_conflict_and_the_pair_stays_apart():
    r = resolve([J("a", "b", YES, site="TRP"), J("a", "b", NO, site="BEN")])
    assert r.conflicts == [("a", "b")]
    assert r.cluster_of == {}


def test_an_automatic_link_against_a_no_is_not_a_conflict():
    r = resolve([J("a", "b", YES, site="TRP", source=AUTO, strength=0.99), J("a", "b", NO, site="BEN")])
    assert r.conflicts == [] and r.cluster_of == {}


def test_unsure_links_nothing():
    assert resolve([J("a", "b", "unsure")]).cluster_of == {}


def test_the_result_does_not_depend_on_the_order_the_judgements_arrived_in():
    judgements = [
        J("a", "b", YES, source=AUTO, strength=0.97), J("b", "c", YES, source=AUTO, strength=0.98),
        J("c", "d", YES, at="3"), J("a", "d", NO, site="BEN", at="4"), J("e", "f", YES, site="BEN", at="2"),
    ]  # fmt: skip
    results = {tuple(sorted(resolve(list(order)).cluster_of.items())) for order in itertools.permutations(judgements)}
    assert len(results) == 1
