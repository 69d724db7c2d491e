"""Comparing two names: part by part, in order, weighted by how telling each part is.

The score of two chains is ``1 - loss / mass``: ``mass`` is the summed weight of the parts of both
names (divided by two), ``loss`` what the best alignment of the two chains costs:

* two parts in the same place that are the same name cost nothing, spelling variants almost
  nothing, close spellings (typing errors) a little;
* two *different* names in the same place (محمد / محمود, two different fathers) cost twice their
  weight — it is evidence that these are two people, not missing evidence;
* a part present in one chain only costs a quarter of its weight in the middle of the chain (a
  missing grandfather), half at the end (family name left out) and all of it at the start;
* matching the first name of one chain with a later place of the other (a swapped father and son,
  علي محمد الزوي / محمد علي الزوي) costs extra.

The alignment is order-preserving for Arabic chains. Western names may also be compared as a set
(given names move: "Putin, Vladimir"), at a small price; organisation names are compared as sets
of words, generic words (Group, Bank) weighing less and legal forms (Ltd, GmbH) compared apart.
Weights come from name frequencies (tokens.weight_of): محمد and علي weigh less than rare names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz.distance import JaroWinkler, Levenshtein

from .parse import ARABIC, ORG, NameChain, org_word_weight
from .tokens import AR, LA, NICKNAMES, NUM, Token, _make

__all__ = ["DEFAULT_THRESHOLD", "MatchResult", "score", "token_similarity"]

DEFAULT_THRESHOLD = 0.75
"""Scores at or above this are a match (is_match)."""

CONFLICT = 2.0
"""Loss factor of two different names in the same place."""
SIM_HIGH = 0.88
"""Similarity above which two spellings are the same name (loss 1 - sim)."""
SIM_LOW = 0.62
"""Similarity below which two spellings are different names (loss CONFLICT)."""
GAP_FIRST = {ARABIC: 1.0, "western": 0.5, ORG: 1.0}
GAP_MIDDLE = {ARABIC: 0.25, "western": 0.25, ORG: 1.0}
GAP_LAST = {ARABIC: 0.5, "western": 1.0, ORG: 1.0}
SHIFT = {ARABIC: 0.6, "western": 0.0, ORG: 0.0}
"""Extra loss factor when a first name matches a later place of the other chain."""
REORDER = 0.12
"""Price (share of the mass) of comparing a Western name as a set of parts."""
LEGAL_MISMATCH = 0.75
"""Factor applied when two organisation names have different legal forms (AG vs GmbH)."""
MOTHER_SHARE = 0.6
"""Weight of the mother's name, relative to its own mass, when both names give it."""

_HOW_TEXT: dict[str, tuple[str, str]] = {
    "exact": ("same spelling", "نفس الكتابة"),
    "article": ("same name, with or without the article (al-)", "نفس الاسم مع أداة التعريف أو بدونها"),
    "variant": ("another spelling of the same name", "كتابة أخرى لنفس الاسم"),
    "transliteration": (
        "the same name in the other script",
        "نفس الاسم بحروف أخرى (عربية/لاتينية)",
    ),
    "phonetic": ("spellings that sound the same", "كتابتان متطابقتان في النطق"),
    "typo": ("close spelling, likely a typing error", "كتابة قريبة، خطأ مطبعي محتمل"),
    "initial": ("initial of the name", "الحرف الأول من الاسم"),
    "nickname": ("short form of the name", "صيغة مختصرة للاسم"),
    "different": ("different names", "اسمان مختلفان"),
    "missing_in_candidate": ("not in the record", "غير موجود في السجل"),
    "missing_in_query": ("not in the query", "غير موجود في الاستعلام"),
    "moved": ("same name in another place of the chain", "نفس الاسم في موضع آخر من السلسلة"),
    "reordered": ("parts in another order", "أجزاء الاسم بترتيب مختلف"),
    "legal_form": ("different legal forms", "شكلان قانونيان مختلفان"),
}

_ROLE_AR: dict[str, str] = {
    "first": "الاسم",
    "father": "اسم الأب",
    "grandfather": "اسم الجد",
    "ancestor": "اسم جد أعلى",
    "family": "اللقب",
    "middle": "اسم أوسط",
    "name": "كلمة",
    "mother": "اسم الأم",
    "legal": "الشكل القانوني",
    "chain": "السلسلة",
}


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Outcome of :func:`score`: the score in [0, 1], the decision and its explanation."""

    score: float
    is_match: bool
    reasons: list[dict[str, str]] = field(default_factory=list)
    """One entry per part: ``part`` (place), ``how`` (machine code), ``query``, ``candidate``,
    ``similarity``, and human text in English (``en``) and Arabic (``ar``)."""
    threshold: float = DEFAULT_THRESHOLD


# --- similarity of two parts ---------------------------------------------------------------------

_SIM_CACHE: dict[tuple[Token, Token], tuple[float, str]] = {}
_SIM_CACHE_MAX = 400_000


def token_similarity(a: Token, b: Token) -> tuple[float, str]:
    """Similarity in [0, 1] of two parts and how they relate (a ``how`` code)."""
    key = (a, b)
    hit = _SIM_CACHE.get(key)
    if hit is not None:
        return hit
    result = _token_similarity(a, b)
    if len(_SIM_CACHE) >= _SIM_CACHE_MAX:
        _SIM_CACHE.clear()
    _SIM_CACHE[key] = result
    _SIM_CACHE[(b, a)] = result
    return result


def _same_spelling_how(a: Token, b: Token) -> tuple[float, str]:
    if a.text == b.text:
        return 1.0, "exact"
    if a.al != b.al and a.text.removeprefix("ال").removeprefix("al ") == b.text.removeprefix(
        "ال"
    ).removeprefix("al "):
        return 0.98, "article"
    return 0.97, "variant"


def _token_similarity(a: Token, b: Token) -> tuple[float, str]:
    if a.script == b.script and a.cmp == b.cmp:
        return _same_spelling_how(a, b)
    if a.canon and b.canon:
        if a.canon == b.canon:
            return (0.96, "transliteration") if a.script != b.script else (0.96, "variant")
        return 0.0, "different"
    if a.script == NUM or b.script == NUM:
        return 0.0, "different"
    if a.initial or b.initial:
        return _initial_similarity(a, b)
    if a.script == LA and b.script == LA:
        return _latin_similarity(a, b)
    if a.script == AR and b.script == AR:
        return _arabic_similarity(a, b)
    if a.script != b.script and {a.script, b.script} <= {AR, LA}:
        return _cross_similarity(a, b)
    if a.script == b.script:
        return _generic_similarity(a.cmp, b.cmp)
    return 0.0, "different"


def _initial_similarity(a: Token, b: Token) -> tuple[float, str]:
    if a.initial and b.initial:
        return (1.0, "exact") if a.cmp == b.cmp else (0.0, "different")
    initial, other = (a, b) if a.initial else (b, a)
    if other.script == LA:
        first = other.text.split()[-1][:1] if other.prefix else other.text[:1]
        if other.prefix == "abd":
            first = "a"
        ok = initial.text[:1] == first
    else:
        ok = bool(other.skel) and initial.skel[:1] == other.skel[:1]
    return (0.9, "initial") if ok else (0.0, "different")


def _generic_similarity(x: str, y: str) -> tuple[float, str]:
    sim = Levenshtein.normalized_similarity(x, y)
    return sim, ("typo" if sim >= SIM_LOW else "different")


def _latin_similarity(a: Token, b: Token) -> tuple[float, str]:
    x, y = a.cmp, b.cmp
    if NICKNAMES.get(x) == y or NICKNAMES.get(y) == x:
        return 0.9, "nickname"
    lev = Levenshtein.normalized_similarity(x, y)
    jaro = JaroWinkler.normalized_similarity(x, y)
    sim = max(lev, jaro - 0.08) if min(len(x), len(y)) >= 4 else lev
    if a.skel == b.skel and len(a.skel) >= 3 and sim < 0.9:
        return 0.9, "phonetic"
    return sim, ("typo" if sim >= SIM_LOW else "different")


def _arabic_similarity(a: Token, b: Token) -> tuple[float, str]:
    sim = Levenshtein.normalized_similarity(a.cmp, b.cmp)
    if a.skel == b.skel and len(a.skel) >= 2 and sim < 0.9:
        return 0.9, "phonetic"
    return sim, ("typo" if sim >= SIM_LOW else "different")


def _cross_similarity(a: Token, b: Token) -> tuple[float, str]:
    """An Arabic and a Latin spelling: compare the consonant skeletons."""
    if a.skel == b.skel:
        return (0.92 if len(a.skel) >= 2 else 0.8), "phonetic"
    sim = Levenshtein.normalized_similarity(a.skel, b.skel)
    if min(len(a.skel), len(b.skel)) <= 2:
        sim *= 0.8
    return sim, ("typo" if sim >= SIM_LOW else "different")


def _pair_loss(sim: float) -> float:
    """Loss factor of two parts aligned in one place, from their similarity."""
    if sim >= SIM_HIGH:
        return 1.0 - sim
    if sim <= SIM_LOW:
        return CONFLICT
    ramp = (SIM_HIGH - sim) / (SIM_HIGH - SIM_LOW)
    return (1.0 - SIM_HIGH) + ramp * (CONFLICT - (1.0 - SIM_HIGH))


# --- alignment of two chains --------------------------------------------------------------------

_MATCH, _GAP_Q, _GAP_C = 0, 1, 2
_INF = float("inf")


def _gap_factors(n: int, shape: str) -> list[float]:
    factors = [GAP_MIDDLE[shape]] * n
    if n:
        factors[-1] = GAP_LAST[shape]
        factors[0] = GAP_FIRST[shape]
    return factors


def _align(
    q: tuple[Token, ...], c: tuple[Token, ...], shape: str
) -> tuple[float, list[tuple[int, int, float, str]]]:
    """Order-preserving alignment of minimal loss.

    Returns the loss and the operations: (i, j, similarity, how) with i or j = -1 for a part
    present on one side only. A part left out on each side of the same place costs as two
    different names (it is one: a father replaced by another father).
    """
    n, m = len(q), len(c)
    sims = [[token_similarity(a, b) for b in c] for a in q]
    gq = _gap_factors(n, shape)
    gc = _gap_factors(m, shape)
    shift = SHIFT[shape]
    wq = [t.weight for t in q]
    wc = [t.weight for t in c]
    # cost[i][j][state], back[i][j][state] = previous state
    width = m + 1
    cost = [[_INF, _INF, _INF] for _ in range((n + 1) * width)]
    back = [[-1, -1, -1] for _ in range((n + 1) * width)]
    cost[0][_MATCH] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            cell = cost[i * width + j]
            if i and j:
                prev = cost[(i - 1) * width + j - 1]
                best = min(prev)
                if best < _INF:
                    sim = sims[i - 1][j - 1][0]
                    w = (wq[i - 1] + wc[j - 1]) * 0.5
                    loss = w * _pair_loss(sim)
                    if shift and ((i == 1) != (j == 1)) and sim >= SIM_LOW:
                        loss += shift * w
                    value = best + loss
                    if value < cell[_MATCH]:
                        cell[_MATCH] = value
                        back[i * width + j][_MATCH] = prev.index(best)
            if i:
                prev = cost[(i - 1) * width + j]
                base = gq[i - 1] * wq[i - 1]
                for state in (_MATCH, _GAP_Q, _GAP_C):
                    if prev[state] == _INF:
                        continue
                    value = prev[state] + base
                    if state == _GAP_C:
                        w = (wq[i - 1] + wc[j - 1]) * 0.5
                        value += max(0.0, CONFLICT * w - base - gc[j - 1] * wc[j - 1])
                    if value < cell[_GAP_Q]:
                        cell[_GAP_Q] = value
                        back[i * width + j][_GAP_Q] = state
            if j:
                prev = cost[i * width + j - 1]
                base = gc[j - 1] * wc[j - 1]
                for state in (_MATCH, _GAP_Q, _GAP_C):
                    if prev[state] == _INF:
                        continue
                    value = prev[state] + base
                    if state == _GAP_Q:
                        w = (wq[i - 1] + wc[j - 1]) * 0.5
                        value += max(0.0, CONFLICT * w - base - gq[i - 1] * wq[i - 1])
                    if value < cell[_GAP_C]:
                        cell[_GAP_C] = value
                        back[i * width + j][_GAP_C] = state
    final = cost[n * width + m]
    loss = min(final)
    state = final.index(loss)
    ops: list[tuple[int, int, float, str]] = []
    i, j = n, m
    while i or j:
        prev_state = back[i * width + j][state]
        if state == _MATCH:
            sim, how = sims[i - 1][j - 1]
            ops.append((i - 1, j - 1, sim, how))
            i, j = i - 1, j - 1
        elif state == _GAP_Q:
            ops.append((i - 1, -1, 0.0, "missing_in_candidate"))
            i -= 1
        else:
            ops.append((-1, j - 1, 0.0, "missing_in_query"))
            j -= 1
        state = prev_state
    ops.reverse()
    return loss, ops


def _unordered(
    q: tuple[Token, ...], c: tuple[Token, ...], gap: float
) -> tuple[float, list[tuple[int, int, float, str]], bool]:
    """Best one-to-one matching ignoring order (greedy on similarity); also says if it crosses."""
    pairs = sorted(
        (
            (token_similarity(a, b), i, j)
            for i, a in enumerate(q)
            for j, b in enumerate(c)
        ),
        key=lambda item: -item[0][0],
    )
    used_q: set[int] = set()
    used_c: set[int] = set()
    ops: list[tuple[int, int, float, str]] = []
    loss = 0.0
    for (sim, how), i, j in pairs:
        if sim < SIM_LOW or i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        ops.append((i, j, sim, how))
        loss += (q[i].weight + c[j].weight) * 0.5 * _pair_loss(sim)
    for i, token in enumerate(q):
        if i not in used_q:
            ops.append((i, -1, 0.0, "missing_in_candidate"))
            loss += gap * token.weight
    for j, token in enumerate(c):
        if j not in used_c:
            ops.append((-1, j, 0.0, "missing_in_query"))
            loss += gap * token.weight
    matched = sorted((i, j) for i, j, _, _ in ops if i >= 0 and j >= 0)
    crossing = any(b[1] < a[1] for a, b in zip(matched, matched[1:], strict=False))
    return loss, ops, crossing


def _merge_split_words(
    q: tuple[Token, ...], c: tuple[Token, ...]
) -> tuple[tuple[Token, ...], tuple[Token, ...]]:
    """Glued or split words (RamiMakhlouf, Patr ushev, Good Will): join adjacent parts of one
    side when together they spell a part of the other side that matches nothing better."""
    for _ in range(2):
        changed = False
        for side in (0, 1):
            a, b = (q, c) if side == 0 else (c, q)
            merged = _merge_once(a, b)
            if merged is not None:
                changed = True
                if side == 0:
                    q = merged
                else:
                    c = merged
        if not changed:
            break
    return q, c


def _merge_once(a: tuple[Token, ...], b: tuple[Token, ...]) -> tuple[Token, ...] | None:
    if len(a) < 2:
        return None
    for size in (2, 3):
        for k in range(len(a) - size + 1):
            run = a[k : k + size]
            if len({t.script for t in run}) != 1 or run[0].script not in (LA, AR):
                continue
            joined = "".join(t.cmp for t in run)
            for target in b:
                if target.script != run[0].script or len(target.cmp) < len(joined) - 2:
                    continue
                if Levenshtein.normalized_similarity(joined, target.cmp) < 0.9:
                    continue
                if any(token_similarity(t, target)[0] >= SIM_HIGH for t in run):
                    continue
                words = tuple(w for t in run for w in t.words)
                text = "".join(t.text for t in run)
                token = _make(run[0].script, run[0].prefix, words, text, run[0].al, run[0].ben)
                return a[:k] + (token,) + a[k + size :]
    return None


# --- scoring ------------------------------------------------------------------------------------


def _mass(tokens: tuple[Token, ...]) -> float:
    return sum(t.weight for t in tokens)


def _reason(
    part: str, how: str, query: str, candidate: str, similarity: float
) -> dict[str, str]:
    en, ar = _HOW_TEXT.get(how, (how, how))
    return {
        "part": part,
        "how": how,
        "query": query,
        "candidate": candidate,
        "similarity": f"{similarity:.2f}",
        "en": f"{part}: {en}",
        "ar": f"{_ROLE_AR.get(part, part)}: {ar}",
    }


def _reasons(
    query: NameChain,
    candidate: NameChain,
    q: tuple[Token, ...],
    c: tuple[Token, ...],
    ops: list[tuple[int, int, float, str]],
) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    q_roles = query.roles if len(q) == len(query.tokens) else ("name",) * len(q)
    c_roles = candidate.roles if len(c) == len(candidate.tokens) else ("name",) * len(c)
    for i, j, sim, how in ops:
        if i >= 0 and j >= 0:
            role = c_roles[j] if candidate.explicit or not query.explicit else q_roles[i]
            if q_roles[i] != c_roles[j] and how != "different" and "first" in (
                q_roles[i],
                c_roles[j],
            ):
                how = "moved"
            out.append(_reason(role, how, q[i].text, c[j].text, sim))
        elif i >= 0:
            out.append(_reason(q_roles[i], how, q[i].text, "", 0.0))
        else:
            out.append(_reason(c_roles[j], how, "", c[j].text, 0.0))
    return out


def _chain_score(
    query: NameChain, candidate: NameChain, q: tuple[Token, ...], c: tuple[Token, ...], shape: str
) -> tuple[float, list[tuple[int, int, float, str]], bool]:
    """Score of two parsed person names (without the mother), the alignment, and if reordered."""
    mass = (_mass(q) + _mass(c)) * 0.5
    if mass <= 0:
        return 0.0, [], False
    loss, ops = _align(q, c, shape)
    best = 1.0 - loss / mass
    reordered = False
    if shape != ARABIC and best < 1.0:
        loss_u, ops_u, crossing = _unordered(q, c, GAP_MIDDLE["western"] * 2)
        alt = 1.0 - loss_u / mass - (REORDER if crossing else 0.0)
        if alt > best:
            best, ops, reordered = alt, ops_u, crossing
    return max(0.0, min(1.0, best)), ops, reordered


def _person_score(query: NameChain, candidate: NameChain) -> MatchResult:
    q, c = query.tokens, candidate.tokens
    if not q or not c:
        return MatchResult(0.0, False, [])
    shape = ARABIC if ARABIC in (query.shape, candidate.shape) else "western"
    if shape != ARABIC or query.script != candidate.script or len(q) != len(c):
        if q[0].script != AR or c[0].script != AR or len(q) != len(c):
            q, c = _merge_split_words(q, c)
    value, ops, reordered = _chain_score(query, candidate, q, c, shape)
    reasons = _reasons(query, candidate, q, c, ops)
    if reordered:
        reasons.append(_reason("chain", "reordered", query.text, candidate.text, value))
    if query.mother and candidate.mother:
        m_mass = (_mass(query.mother) + _mass(candidate.mother)) * 0.5 * MOTHER_SHARE
        m_loss, m_ops = _align(query.mother, candidate.mother, ARABIC)
        m_value = max(0.0, 1.0 - m_loss / (m_mass / MOTHER_SHARE))
        mass = (_mass(q) + _mass(c)) * 0.5
        value = (value * mass + m_value * m_mass) / (mass + m_mass)
        for i, j, sim, how in m_ops:
            qt = query.mother[i].text if i >= 0 else ""
            ct = candidate.mother[j].text if j >= 0 else ""
            reasons.append(_reason("mother", how, qt, ct, sim))
    value = round(value, 4)
    return MatchResult(value, value >= DEFAULT_THRESHOLD, reasons)


def _org_score(query: NameChain, candidate: NameChain) -> MatchResult:
    q, c = _merge_split_words(query.tokens, candidate.tokens)
    q, c = _expand_acronyms(q, c), _expand_acronyms(c, q)
    if not q or not c:
        return MatchResult(0.0, False, [])
    weights: dict[int, float] = {}
    for token in q + c:
        weights[id(token)] = org_word_weight(token)
    pairs = sorted(
        ((token_similarity(a, b), i, j) for i, a in enumerate(q) for j, b in enumerate(c)),
        key=lambda item: -item[0][0],
    )
    used_q: set[int] = set()
    used_c: set[int] = set()
    loss = 0.0
    reasons: list[dict[str, str]] = []
    for (sim, how), i, j in pairs:
        if sim < SIM_LOW or i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        w = (weights[id(q[i])] + weights[id(c[j])]) * 0.5
        loss += w * _pair_loss(sim)
        reasons.append(_reason("name", how, q[i].text, c[j].text, sim))
    for i, token in enumerate(q):
        if i not in used_q:
            loss += weights[id(token)]
            reasons.append(_reason("name", "missing_in_candidate", token.text, "", 0.0))
    for j, token in enumerate(c):
        if j not in used_c:
            loss += weights[id(token)]
            reasons.append(_reason("name", "missing_in_query", "", token.text, 0.0))
    mass = (sum(weights[id(t)] for t in q) + sum(weights[id(t)] for t in c)) * 0.5
    value = 1.0 - loss / mass if mass > 0 else 0.0
    if query.legal and candidate.legal and not (query.legal & candidate.legal):
        value *= LEGAL_MISMATCH
        reasons.append(
            _reason(
                "legal", "legal_form", ",".join(sorted(query.legal)),
                ",".join(sorted(candidate.legal)), 0.0,
            )
        )
    value = round(max(0.0, min(1.0, value)), 4)
    return MatchResult(value, value >= DEFAULT_THRESHOLD, reasons)


def _expand_acronyms(a: tuple[Token, ...], b: tuple[Token, ...]) -> tuple[Token, ...]:
    """An acronym on one side (PLA) stands for a run of words on the other (People's Liberation
    Army): replace that run, on the other side, by one part spelled like the acronym."""
    acronyms = {t.text for t in a if t.script == LA and 2 <= len(t.text) <= 6 and " " not in t.text}
    if not acronyms or len(b) < 2:
        return b
    for size in range(min(6, len(b)), 1, -1):
        for k in range(len(b) - size + 1):
            run = b[k : k + size]
            if any(t.script != LA for t in run):
                continue
            letters = "".join(t.text[:1] for t in run)
            if letters in acronyms and letters not in {t.text for t in b}:
                token = _make(LA, "", (letters,), letters, False, False)
                return b[:k] + (token,) + b[k + size :]
    return b


def score(query: NameChain, candidate: NameChain) -> MatchResult:
    """Compare two parsed names; see the module docstring for the model."""
    if query.kind == ORG or candidate.kind == ORG:
        return _org_score(query, candidate)
    return _person_score(query, candidate)
