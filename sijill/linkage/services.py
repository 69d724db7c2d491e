"""The statewide register: runs, the review queue, judgements, statewide persons, splitting.

Linkage never changes a person record. It writes its own rows: runs, scored pairs and judgements
(``LinkDecision``, owned by the deciding site and replicated). The statewide persons are derived
from every site's current judgements by ``resolver.resolve`` and kept in a local table that is
rebuilt whenever the judgements change (a new row here or from a peer).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sijill.audit.services import record_read, record_write, require_purpose
from sijill.core.actor import Actor
from sijill.core.errors import Conflict, NotFound, ValidationFailed
from sijill.core.federation import current_site
from sijill.core.permissions import get_visible, visible
from sijill.linkage import labels, model, resolver
from sijill.linkage.features import feature_chunks
from sijill.linkage.models import (
    CandidatePair,
    ClusterMember,
    ClusterState,
    LinkageRun,
    LinkDecision,
    Outcome,
    RunStatus,
    Scope,
    Source,
    Verdict,
)
from sijill.persons.models import Person, PersonAlias

log = logging.getLogger(__name__)

PERSON_FIELDS = (
    "id", "origin_site", "first_name", "father_name", "grandfather_name", "family_name", "mother_name", "sex",
    "birth_date", "birth_year", "birth_place", "national_number", "administrative_number", "passport_number",
    "passport_country", "created_at",
)  # fmt: skip


def thresholds() -> tuple[float, float]:
    """(upper, lower) match probabilities: link automatically at or above upper; review from lower."""
    return float(settings.SIJILL_LINKAGE_UPPER), float(settings.SIJILL_LINKAGE_LOWER)


def backend() -> model.Backend:
    return model.Backend(
        name=settings.SIJILL_LINKAGE_BACKEND,
        memory_limit=settings.SIJILL_LINKAGE_MEMORY,
        threads=settings.SIJILL_LINKAGE_THREADS,
        temp_directory=str(settings.SIJILL_VAR_DIR / "linkage-tmp"),
    )


def ordered(a: Any, b: Any) -> tuple[uuid.UUID, uuid.UUID]:
    left, right = uuid.UUID(str(a)), uuid.UUID(str(b))
    return (left, right) if str(left) < str(right) else (right, left)


# --- judgements and clusters ------------------------------------------------------------------


def _latest_judgements(
    pairs: Iterable[tuple[uuid.UUID, uuid.UUID]] | None = None,
    *,
    human_only: bool = False,
    among: Iterable[Any] | None = None,
) -> dict[tuple, LinkDecision]:
    """The current judgement of each site on each pair: its latest row (withdrawn ones included).

    ``pairs`` or ``among`` (pairs of these records only) narrow the rows read.
    """
    qs = LinkDecision.objects.all()
    if human_only:
        qs = qs.filter(source=Source.HUMAN)
    if among is not None:
        ids = list(among)
        qs = qs.filter(left_id__in=ids, right_id__in=ids)
    if pairs is not None:
        condition = Q(pk__in=[])
        for left, right in pairs:
            condition |= Q(left_id=left, right_id=right)
        qs = qs.filter(condition)
    latest: dict[tuple, LinkDecision] = {}
    for decision in qs.order_by("created_at", "id").iterator(chunk_size=5000):
        latest[(decision.left_id, decision.right_id, decision.origin_site)] = decision
    return latest


def current_judgements() -> list[resolver.Judgement]:
    return [
        resolver.Judgement(
            str(d.left_id),
            str(d.right_id),
            d.verdict,
            d.origin_site,
            d.source,
            d.probability or 1.0,
            d.created_at.isoformat(),
        )
        for d in _latest_judgements().values()
        if d.verdict != Verdict.WITHDRAWN
    ]


def _fingerprint() -> str:
    stats = LinkDecision.objects.aggregate(n=Count("id"), last=Max("created_at"))
    return f"{stats['n']}:{stats['last'].isoformat() if stats['last'] else ''}"


def ensure_clusters() -> ClusterState:
    """Rebuild the local statewide persons if any judgement was added (here or by a peer) since."""
    fingerprint = _fingerprint()
    state = ClusterState.objects.filter(singleton=1).first()
    if state is not None and state.fingerprint == fingerprint:
        return state
    with transaction.atomic():
        state, _created = ClusterState.objects.select_for_update().get_or_create(singleton=1)
        if state.fingerprint == fingerprint:
            return state
        resolution = resolver.resolve(current_judgements())
        ClusterMember.objects.all().delete()
        ClusterMember.objects.bulk_create(
            (ClusterMember(person_id=uuid.UUID(p), cluster=uuid.UUID(c)) for p, c in resolution.cluster_of.items()),
            batch_size=5000,
        )
        state.fingerprint = fingerprint
        state.conflicts = [list(pair) for pair in resolution.conflicts]
        state.computed_at = timezone.now()
        state.save()
    return state


def cluster_of(person_id: Any) -> uuid.UUID | None:
    ensure_clusters()
    return ClusterMember.objects.filter(person_id=person_id).values_list("cluster", flat=True).first()


def members_of(person_id: Any) -> list[uuid.UUID]:
    """Every record of the statewide person that ``person_id`` belongs to (itself alone if unlinked).

    For internal use by other apps (e.g. a checkpoint hotlist matching any record of the person);
    callers show only what ``visible`` lets their actor see.
    """
    cluster = cluster_of(person_id)
    if cluster is None:
        return [uuid.UUID(str(person_id))]
    return sorted(ClusterMember.objects.filter(cluster=cluster).values_list("person_id", flat=True), key=str)


def clusters_of(person_ids: Iterable[Any]) -> dict[uuid.UUID, uuid.UUID]:
    """Person id → cluster id, for those of ``person_ids`` that are linked to another record."""
    ensure_clusters()
    ids = [uuid.UUID(str(p)) for p in person_ids]
    return dict(ClusterMember.objects.filter(person_id__in=ids).values_list("person_id", "cluster"))


def conflicts() -> list[tuple[uuid.UUID, uuid.UUID]]:
    return [(uuid.UUID(a), uuid.UUID(b)) for a, b in ensure_clusters().conflicts]


def _apart(left: uuid.UUID, right: uuid.UUID) -> LinkDecision | None:
    """A current *no* that keeps the two records' statewide persons apart, if any."""
    side_a, side_b = set(members_of(left)), set(members_of(right))
    noes = LinkDecision.objects.filter(
        Q(left_id__in=side_a, right_id__in=side_b) | Q(left_id__in=side_b, right_id__in=side_a)
    )
    latest = _latest_judgements(set(noes.values_list("left_id", "right_id")))
    return next((d for d in latest.values() if d.verdict == Verdict.NO), None)


# --- decisions --------------------------------------------------------------------------------


def _visible_person(actor: Actor, action: str, person_id: Any) -> Person:
    return get_visible(Person, actor, action, person_id)


@transaction.atomic
def do_decide(actor: Actor, left_id: Any, right_id: Any, *, verdict: str, reason: str) -> LinkDecision:
    """Record this site's judgement on a pair: yes, no, unsure, or withdrawn (reverses the last one).

    A *yes* that would join two statewide persons kept apart by a *no* is refused: the *no* must be
    withdrawn first, by the site that made it.
    """
    actor.scope("link.review")
    if verdict not in Verdict.values:
        raise ValidationFailed(details={"verdict": [_("Choose: same person, different persons or unsure.")]})
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ValidationFailed(
            details={"reason": [_("Give the reason for this judgement (at least three characters).")]}
        )
    try:
        left, right = ordered(left_id, right_id)
    except ValueError as exc:
        raise NotFound() from exc
    if left == right:
        raise ValidationFailed(details={"right": [_("A record cannot be judged against itself.")]})
    _visible_person(actor, "link.review", left)
    _visible_person(actor, "link.review", right)
    if verdict == Verdict.YES:
        blocking = _apart(left, right)
        if blocking is not None and cluster_of(left) != cluster_of(right):
            raise Conflict(
                _(
                    "These records cannot be linked: site %(site)s judged two of their records to be different "
                    "persons. That judgement must be withdrawn first."
                )
                % {"site": blocking.origin_site}
            )
    if verdict == Verdict.WITHDRAWN:
        mine = _latest_judgements([(left, right)]).get((left, right, current_site()))
        if mine is None or mine.verdict == Verdict.WITHDRAWN:
            raise ValidationFailed(_("This site has no judgement on this pair to withdraw."))
    pair = CandidatePair.objects.filter(left_id=left, right_id=right).order_by("-probability").first()
    decision = LinkDecision(
        left_id=left, right_id=right, verdict=verdict, source=Source.HUMAN, reason=reason[:500],
        probability=pair.probability if pair else None, decided_by=actor.username,
    )  # fmt: skip
    decision.created_by = decision.updated_by = actor.user_id
    decision.save(force_insert=True)
    record_write(actor, f"link.decide.{verdict}", decision)
    ensure_clusters()
    return decision


@transaction.atomic
def do_split(actor: Actor, person_id: Any, *, detach: Iterable[Any], reason: str) -> list[LinkDecision]:
    """Split a wrong statewide person: the records ``detach`` leave it, in one audited action.

    Records a *no* between each detached record and each remaining one (so no later run joins them
    again) and withdraws this site's *yes* judgements across the cut. Another site's *yes* across
    the cut then stands against this site's *no*: a conflict both sites see.
    """
    actor.scope("link.review")
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ValidationFailed(
            details={"reason": [_("Give the reason for this judgement (at least three characters).")]}
        )
    anchor = _visible_person(actor, "link.review", person_id)
    members = {str(m) for m in members_of(anchor.pk)}
    try:
        leaving = {str(uuid.UUID(str(d))) for d in detach}
    except ValueError as exc:
        raise ValidationFailed(details={"detach": [_("Choose records of this statewide person.")]}) from exc
    staying = members - leaving
    if not leaving or not leaving <= members or not staying:
        raise ValidationFailed(details={"detach": [_("Choose some, not all, records of this statewide person.")]})
    for member in leaving:
        _visible_person(actor, "link.review", member)
    written: list[LinkDecision] = []
    latest = _latest_judgements(among=members)
    site = current_site()
    for gone in sorted(leaving):
        for kept in sorted(staying):
            left, right = ordered(gone, kept)
            mine = latest.get((left, right, site))
            decision = LinkDecision(
                left_id=left, right_id=right, verdict=Verdict.NO, source=Source.HUMAN, reason=reason[:500],
                decided_by=actor.username,
            )  # fmt: skip
            decision.created_by = decision.updated_by = actor.user_id
            if mine is not None and mine.verdict == Verdict.NO:
                continue
            decision.save(force_insert=True)
            written.append(decision)
    record_write(
        actor, "link.split", anchor,
        after={"detached": sorted(leaving), "remaining": sorted(staying), "reason": reason, "judgements": len(written)},
    )  # fmt: skip
    ensure_clusters()
    return written


# --- runs ---------------------------------------------------------------------------------------

Progress = Callable[[str, int, int], None]


def _persons_for(scope: str, since: dt.datetime | None) -> Iterator[dict[str, Any]]:
    qs = Person.objects.all()
    if scope == Scope.SITE:
        qs = qs.filter(origin_site=current_site())
    for row in qs.order_by().values(*PERSON_FIELDS).iterator(chunk_size=10_000):
        row["in_batch"] = bool(since and row["created_at"] >= since)
        yield row


def do_run(
    actor: Actor,
    scope: str,
    *,
    since: dt.datetime | None = None,
    progress: Progress | None = None,
    train: bool | None = None,
) -> LinkageRun:
    """Run the linkage model over a scope and act on its pairs.

    Pairs at or above the upper threshold are linked automatically (a judgement of this site,
    source *auto*) unless a *no* keeps them apart; pairs between the thresholds go to the review
    queue unless someone already judged them. Nothing here changes a person record.
    """
    actor.scope("link.run")
    if scope not in Scope.values:
        raise ValidationFailed(details={"scope": [_("The scope is one of: site, cross-site, batch.")]})
    say = progress or (lambda _step, _done, _total: None)
    upper, lower = thresholds()
    if scope == Scope.BATCH and since is None:
        last = LinkageRun.objects.owned().filter(status=RunStatus.DONE).order_by("-started_at").first()
        since = last.started_at if last else dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
    with transaction.atomic():
        run = LinkageRun(
            scope=scope, started_at=timezone.now(), batch_since=since if scope == Scope.BATCH else None,
            backend=settings.SIJILL_LINKAGE_BACKEND, upper=upper, lower=lower,
        )  # fmt: skip
        run.created_by = run.updated_by = actor.user_id
        run.save(force_insert=True)
        record_write(actor, "link.run_start", run)
    started = time.perf_counter()
    try:
        say("reading", 0, Person.objects.count())
        read = 0

        def counted(chunks: Iterator[dict[str, list[Any]]]) -> Iterator[dict[str, list[Any]]]:
            nonlocal read
            for chunk in chunks:
                read += len(chunk["unique_id"])
                say("reading", read, 0)
                yield chunk

        prediction = model.link(
            counted(feature_chunks(_persons_for(scope, since), workers=1)), scope=scope, lower=lower, train=train,
            backend=backend(), progress=lambda step: say(step, 0, 0),
        )  # fmt: skip
        say("recording", 0, len(prediction.pairs))
        with transaction.atomic():
            figures = _act_on(run, prediction, upper, lower, say)
            run.refresh_from_db()
            run.status = RunStatus.DONE
            run.finished_at = timezone.now()
            run.records = prediction.records
            run.pairs_scored = len(prediction.pairs)
            run.trained = prediction.trained
            run.timings = {k: round(v, 3) for k, v in prediction.timings.items()}
            for name, value in figures.items():
                setattr(run, name, value)
            run.clusters = ClusterMember.objects.values("cluster").distinct().count()
            run.seconds = round(time.perf_counter() - started, 3)
            run.save()
            record_write(actor, "link.run", run)
    except Exception as exc:
        log.exception("linkage run failed")
        with transaction.atomic():
            run.refresh_from_db()
            run.status = RunStatus.FAILED
            run.finished_at = timezone.now()
            run.error = f"{type(exc).__name__}: {exc}"[:2000]
            run.seconds = round(time.perf_counter() - started, 3)
            run.save()
            record_write(actor, "link.run_failed", run)
        raise
    return run


def _act_on(run: LinkageRun, prediction: model.Prediction, upper: float, lower: float, say: Progress) -> dict[str, int]:
    site = current_site()
    latest = _latest_judgements()
    judged: dict[tuple[uuid.UUID, uuid.UUID], set[str]] = {}
    for (left, right, _site), decision in latest.items():
        if decision.verdict != Verdict.WITHDRAWN:
            judged.setdefault((left, right), set()).add(f"{decision.source}:{decision.verdict}")
    existing = {
        (p.left_id, p.right_id): p for p in CandidatePair.objects.owned().only("id", "left_id", "right_id", "version")
    }
    new_pairs: list[CandidatePair] = []
    new_links: list[LinkDecision] = []
    figures = {"auto_linked": 0, "to_review": 0, "held_apart": 0}
    judgements = current_judgements()
    resolution = resolver.resolve(judgements)
    # The statewide persons and the noes as they stand: an automatic link never crosses a no.
    apart = resolver.Components()
    for judgement in judgements:
        if judgement.verdict == resolver.NO:
            apart.keep_apart(judgement.left, judgement.right)
    for cluster_member, cluster in resolution.cluster_of.items():
        apart.union(cluster_member, cluster)
    for index, scored in enumerate(prediction.pairs):
        if index % 5000 == 0:
            say("recording", index, len(prediction.pairs))
        key = ordered(scored.left, scored.right)
        outcome = model.decide(scored.probability, scored.evidence, upper, lower)
        said = judged.get(key, set())
        if outcome == "link":
            if any(s.endswith(":no") for s in said) or not apart.union(str(key[0]), str(key[1])):
                figures["held_apart"] += 1
                outcome = "review" if not any(s.startswith("human:") for s in said) else "drop"
            elif not said:
                new_links.append(
                    LinkDecision(
                        left_id=key[0],
                        right_id=key[1],
                        verdict=Verdict.YES,
                        source=Source.AUTO,
                        probability=scored.probability,
                        run=run,
                        decided_by=run.get_scope_display(),
                        reason=_("automatic link: match probability %(p).4f") % {"p": scored.probability},
                    )
                )
                figures["auto_linked"] += 1
        if outcome == "review" and not any(s.startswith("human:") for s in said):
            figures["to_review"] += 1
        if outcome == "drop":
            continue
        pair = existing.get(key)
        fields = {
            "run": run, "probability": scored.probability, "weight": scored.weight, "evidence": scored.evidence,
            "outcome": Outcome.LINK if outcome == "link" else Outcome.REVIEW,
        }  # fmt: skip
        if pair is None:
            new_pairs.append(CandidatePair(left_id=key[0], right_id=key[1], **fields))
        else:
            CandidatePair.objects.filter(pk=pair.pk).update(version=pair.version + 1, **fields)
    for row in (*new_pairs, *new_links):
        row.origin_site = site
        row.created_by = row.updated_by = run.created_by
    CandidatePair.objects.bulk_create(new_pairs, batch_size=2000)
    LinkDecision.objects.bulk_create(new_links, batch_size=2000)
    ensure_clusters()
    return figures


# --- reading --------------------------------------------------------------------------------

REVIEW_PURPOSE = gettext_noop("clerical review of record linkage")
QUEUE_COUNT_CAP = 1000  # the queue page counts this far past the page shown


@dataclass
class QueueItem:
    pair: CandidatePair
    left: Person
    right: Person


def review_queue(actor: Actor, *, offset: int = 0, limit: int = 50) -> tuple[list[QueueItem], int]:
    """Pairs waiting for a human judgement (any site's runs; none judged yet by anyone), strongest first."""
    actor.scope("link.review")
    judged = {
        (left, right) for (left, right, _site), d in _latest_judgements(human_only=True).items()
        if d.verdict != Verdict.WITHDRAWN
    }  # fmt: skip
    people = visible(Person, actor, "link.review").values("pk")
    qs = CandidatePair.objects.filter(outcome=Outcome.REVIEW, left_id__in=people, right_id__in=people).order_by(
        "-probability", "left_id", "right_id"
    )
    pairs: list[CandidatePair] = []
    seen: set[tuple[uuid.UUID, uuid.UUID]] = set()
    for pair in qs.iterator(chunk_size=500):
        key = (pair.left_id, pair.right_id)
        if key in seen or key in judged:
            continue
        seen.add(key)
        pairs.append(pair)
    page = pairs[offset : offset + limit]
    persons = Person.objects.in_bulk([p.left_id for p in page] + [p.right_id for p in page])
    items = [QueueItem(p, persons[p.left_id], persons[p.right_id]) for p in page]
    with transaction.atomic():
        record_read(
            actor, "link.queue_read", purpose=_(REVIEW_PURPOSE), object_type="linkage.candidatepair",
            results=[str(i.pair.pk) for i in items],
        )  # fmt: skip
    return items, len(pairs)


@dataclass
class EvidenceLine:
    """One comparison's contribution: its level and its match weight (bits; + for, − against)."""

    comparison: str
    level: str
    weight: float

    @property
    def comparison_label(self) -> str:
        return labels.comparison_label(self.comparison)

    @property
    def level_label(self) -> str:
        return labels.level_label(self.level)

    @property
    def vetoes(self) -> bool:
        return (self.comparison, self.level) in model.VETOES


@dataclass
class PairView:
    pair: CandidatePair | None
    left: Person
    right: Person
    evidence_for: list[EvidenceLine]
    evidence_against: list[EvidenceLine]
    evidence_neutral: list[EvidenceLine]
    name_reasons: list[dict[str, str]]
    name_score: float
    judgements: list[LinkDecision]
    conflict: bool
    mine: LinkDecision | None


def _evidence(pair: CandidatePair | None) -> tuple[list[EvidenceLine], list[EvidenceLine], list[EvidenceLine]]:
    lines = [EvidenceLine(e["comparison"], e["level"], float(e["weight"])) for e in (pair.evidence if pair else [])]
    return (
        sorted((e for e in lines if e.weight > 0.05), key=lambda e: -e.weight),
        sorted((e for e in lines if e.weight < -0.05), key=lambda e: e.weight),
        [e for e in lines if -0.05 <= e.weight <= 0.05],
    )


def get_pair(actor: Actor, pair_id: Any) -> CandidatePair:
    """A scored pair, found through its two records' visibility (any site's run may have scored it)."""
    actor.scope("link.review")
    try:
        pair = CandidatePair.objects.filter(pk=uuid.UUID(str(pair_id))).first()
    except ValueError:
        pair = None
    if pair is None:
        raise NotFound()
    _visible_person(actor, "link.review", pair.left_id)
    _visible_person(actor, "link.review", pair.right_id)
    return pair


@transaction.atomic
def read_pair(actor: Actor, pair_id: Any) -> PairView:
    """Both records side by side with the evidence; the read is audited (purpose: clerical review)."""
    from sijill.names import score as score_names
    from sijill.persons.services import chain_of

    pair = get_pair(actor, pair_id)
    left = Person.objects.get(pk=pair.left_id)
    right = Person.objects.get(pk=pair.right_id)
    for_, against, neutral = _evidence(pair)
    result = score_names(chain_of(left), chain_of(right))
    latest = _latest_judgements([(pair.left_id, pair.right_id)])
    judgements = sorted(latest.values(), key=lambda d: d.created_at)
    history = list(LinkDecision.objects.filter(left_id=pair.left_id, right_id=pair.right_id).order_by("created_at"))
    conflict = [str(pair.left_id), str(pair.right_id)] in ensure_clusters().conflicts
    record_read(
        actor, "link.pair_read", pair, purpose=_(REVIEW_PURPOSE), persons=[str(left.pk), str(right.pk)],
    )  # fmt: skip
    return PairView(
        pair, left, right, for_, against, neutral,
        [{k: str(v) for k, v in r.items()} for r in result.reasons], result.score, history,
        conflict, latest.get((pair.left_id, pair.right_id, current_site())) if judgements else None,
    )  # fmt: skip


@dataclass
class StatewideMember:
    person: Person
    aliases: list[PersonAlias]
    records: list[Any] | None
    is_anchor: bool = False


@dataclass
class StatewidePerson:
    anchor: Person
    members: list[StatewideMember]
    links: list[LinkDecision] = field(default_factory=list)
    conflicts: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)

    @property
    def linked(self) -> bool:
        return len(self.members) > 1


def _statewide(actor: Actor, anchor: Person) -> StatewidePerson:
    """Members the actor may see (others are not counted nor named), each with its own site's facts."""
    from sijill.records.services import entries_of

    member_ids = members_of(anchor.pk)
    persons = list(visible(Person.objects.filter(pk__in=member_ids), actor, "link.view").order_by("origin_site", "id"))
    ids = {p.pk for p in persons}
    aliases: dict[uuid.UUID, list[PersonAlias]] = {}
    for alias in PersonAlias.objects.filter(person_id__in=ids):
        aliases.setdefault(alias.person_id, []).append(alias)
    records = actor.can("record.view")
    members = [
        StatewideMember(p, aliases.get(p.pk, []), entries_of(actor, p) if records else None, p.pk == anchor.pk)
        for p in persons
    ]
    members.sort(key=lambda m: (not m.is_anchor, m.person.origin_site, str(m.person.pk)))
    latest = _latest_judgements(among=ids)
    links = [
        d for (left, right, _site), d in latest.items()
        if d.verdict == Verdict.YES and left in ids and right in ids
    ]  # fmt: skip
    links.sort(key=lambda d: d.created_at)
    found = [(a, b) for a, b in conflicts() if a in ids or b in ids]
    found = [(a, b) for a, b in found if a in ids and b in ids]
    return StatewidePerson(anchor, members, links, found, sorted({p.origin_site for p in persons}))


def statewide_for(actor: Actor, person: Person, purpose: str) -> StatewidePerson | None:
    """The statewide section of a person's page opened with ``purpose`` (audited here as well), or
    None when the actor may not see statewide persons."""
    if not actor.can("link.view"):
        return None
    if not visible(Person.objects.filter(pk=person.pk), actor, "link.view").exists():
        return None
    view = _statewide(actor, person)
    with transaction.atomic():
        record_read(
            actor, "link.statewide_read", person, purpose=purpose, members=[str(m.person.pk) for m in view.members],
        )  # fmt: skip
    return view


@transaction.atomic
def read_statewide(actor: Actor, person_id: Any, *, purpose: str) -> StatewidePerson:
    """The statewide person of a record: every member the actor may see; the read is audited."""
    actor.scope("link.view")
    purpose = require_purpose(purpose)
    anchor = _visible_person(actor, "link.view", person_id)
    view = _statewide(actor, anchor)
    record_read(actor, "link.statewide_read", anchor, purpose=purpose, members=[str(m.person.pk) for m in view.members])
    return view


def runs(actor: Actor) -> Any:
    actor.scope("link.run")
    return visible(LinkageRun, actor, "link.run").order_by("-started_at")


@dataclass
class ConflictView:
    left: Person
    right: Person
    judgements: list[LinkDecision]


def list_conflicts(actor: Actor) -> list[ConflictView]:
    """Pairs on which sites disagree (a yes here, a no there): shown to both, never resolved silently."""
    actor.scope("link.review")
    found = conflicts()
    people = visible(Person, actor, "link.review")
    persons = people.in_bulk([p for pair in found for p in pair])
    latest = _latest_judgements(found)
    out = []
    for left, right in found:
        if left in persons and right in persons:
            said = sorted(
                (d for (a, b, _s), d in latest.items() if (a, b) == (left, right)), key=lambda d: d.created_at
            )
            out.append(ConflictView(persons[left], persons[right], said))
    with transaction.atomic():
        record_read(
            actor, "link.conflicts_read", purpose=_(REVIEW_PURPOSE), object_type="linkage.linkdecision",
            results=[[str(c.left.pk), str(c.right.pk)] for c in out],
        )  # fmt: skip
    return out


def collapse_matches(matches: list[Any]) -> list[Any]:
    """Search results with the records of one statewide person shown once (its best-scoring record),
    the others attached to it as ``same_person``."""
    if not matches:
        return matches
    cluster = clusters_of(m.person.pk for m in matches)
    kept: list[Any] = []
    first_of: dict[uuid.UUID, Any] = {}
    for match in matches:
        key = cluster.get(match.person.pk)
        if key is None:
            kept.append(match)
        elif key in first_of:
            first_of[key].same_person.append(match.person)
        else:
            first_of[key] = match
            kept.append(match)
    return kept
