"""Statewide persons from judgements on pairs of person records (pure Python).

Like nomenklatura's resolver: a judgement says of two records *yes* (the same person), *no*
(different persons) or *unsure*. Clusters are the connected components of the *yes* links, with
two rules that make them safe:

* a *no* is never crossed: two records judged different never end up in one cluster, however
  many *yes* links would join them (transitively), so a later automatic run cannot override it;
* human judgements come before automatic links, and automatic links are taken strongest first.

When sites disagree on a pair (one says yes, another no), the pair is a *conflict*: it is not
linked (the cautious answer) and it is reported, so both sites see it; nothing picks a winner.

The result depends only on the set of judgements, never on the order they arrived in, so every
site computes the same clusters from the same replicated rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

YES, NO, UNSURE = "yes", "no", "unsure"
HUMAN, AUTO = "human", "auto"


@dataclass(frozen=True)
class Judgement:
    """The current judgement of one site on one pair (``left`` < ``right``)."""

    left: str
    right: str
    verdict: str
    site: str
    source: str = HUMAN
    strength: float = 1.0
    """The match probability of an automatic link (orders them, strongest first)."""
    at: str = ""
    """When it was made (ISO text): orders human judgements, oldest first."""


@dataclass
class Resolution:
    cluster_of: dict[str, str] = field(default_factory=dict)
    """Record id → cluster id (the smallest member id) for every record in a cluster of two or more."""
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    """Pairs on which sites disagree (a human yes at one site, a no at another)."""
    held_apart: list[tuple[str, str, str]] = field(default_factory=list)
    """Yes links not followed because a no separates their clusters: (left, right, source)."""

    def members(self) -> dict[str, list[str]]:
        clusters: dict[str, list[str]] = {}
        for record, cluster in self.cluster_of.items():
            clusters.setdefault(cluster, []).append(record)
        for members in clusters.values():
            members.sort()
        return clusters


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


class Components:
    """Union–find with, per component, the components it must never join."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.apart: dict[str, set[str]] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        root = parent.setdefault(x, x)
        while root != parent[root]:
            root = parent[root]
        while x != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    def keep_apart(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        self.apart.setdefault(ra, set()).add(rb)
        self.apart.setdefault(rb, set()).add(ra)

    def union(self, a: str, b: str) -> bool:
        """Join the components of a and b unless a no separates them; False when refused."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        apart_a = self.apart.get(ra, set())
        if rb in apart_a:
            return False
        if ra > rb:
            ra, rb = rb, ra
        self.parent[rb] = ra  # the smaller id stays the root: deterministic
        moved = self.apart.pop(rb, set())
        if moved:
            apart_a = self.apart.setdefault(ra, set())
            for other in moved:
                apart_a.add(other)
                others = self.apart[other]
                others.discard(rb)
                others.add(ra)
        return True


def resolve(judgements: Iterable[Judgement]) -> Resolution:
    """Clusters, conflicts and links held apart, from every site's current judgements."""
    by_pair: dict[tuple[str, str], list[Judgement]] = {}
    for judgement in judgements:
        by_pair.setdefault(pair(judgement.left, judgement.right), []).append(judgement)
    resolution = Resolution()
    components = Components()
    human_yes: list[tuple[str, str, str]] = []
    auto_yes: list[tuple[float, str, str]] = []
    for (left, right), said in by_pair.items():
        noes = [j for j in said if j.verdict == NO]
        yeses = [j for j in said if j.verdict == YES]
        human_yeses = [j for j in yeses if j.source == HUMAN]
        if noes:
            components.keep_apart(left, right)
            if human_yeses and {j.site for j in human_yeses} - {j.site for j in noes}:
                resolution.conflicts.append((left, right))
            continue
        if human_yeses:
            human_yes.append((min(j.at for j in human_yeses), left, right))
        elif yeses:
            auto_yes.append((max(j.strength for j in yeses), left, right))
    human_yes.sort()
    auto_yes.sort(key=lambda item: (-item[0], item[1], item[2]))
    links = [(left, right, HUMAN) for _at, left, right in human_yes]
    links += [(left, right, AUTO) for _strength, left, right in auto_yes]
    for left, right, source in links:
        if not components.union(left, right):
            resolution.held_apart.append((left, right, source))
    roots: dict[str, list[str]] = {}
    for record in list(components.parent):
        roots.setdefault(components.find(record), []).append(record)
    for members in roots.values():
        if len(members) < 2:
            continue
        cluster = min(members)
        for member in members:
            resolution.cluster_of[member] = cluster
    resolution.conflicts.sort()
    return resolution
