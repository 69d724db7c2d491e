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

from collections.abc import Callable

from rapidfuzz.distance import JaroWinkler, Levenshtein

from .parse import ARABIC, ORG, NameChain, org_word_weight
from .tokens import AR, LA, NICKNAMES, NUM, OTHER, Token, _make

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
GAP_LAST = {ARABIC: 0.4, "western": 1.0, ORG: 1.0}
SHIFT = {ARABIC: 0.6, "western": 0.0, ORG: 0.0}
"""Extra loss factor when a first name matches a later place of the other chain."""
REORDER = 0.12
"""Price (share of the mass) of comparing a Western name as a set of parts."""
LEGAL_MISMATCH = 0.7
"""Factor applied when two organisation names have different legal forms (AG vs GmbH)."""
ANCHOR = 0.95
"""Similarity from which identical first (or last) parts are aligned without search."""
INITIALS_ONLY = 0.6
"""Highest score of a name written with initials only."""
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
    "abbreviation": ("abbreviation of the word", "اختصار للكلمة"),
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


class MatchResult:
    """Outcome of :func:`score`: the score in [0, 1], the decision and its explanation.

    ``reasons`` has one entry per part: ``part`` (place in the chain), ``how`` (machine code:
    exact, variant, transliteration, phonetic, typo, different, missing_in_query, …), ``query``,
    ``candidate``, ``similarity``, and human text in English (``en``) and Arabic (``ar``). It is
    computed on first access, so that ranking thousands of candidates does not pay for it.
    """

    __slots__ = ("_explain", "_reasons", "is_match", "score", "threshold")

    def __init__(
        self,
        score: float,
        is_match: bool,
        reasons: list[dict[str, str]] | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        explain: Callable[[], list[dict[str, str]]] | None = None,
    ) -> None:
        self.score = score
        self.is_match = is_match
        self.threshold = threshold
        self._reasons = reasons
        self._explain = explain

    @property
    def reasons(self) -> list[dict[str, str]]:
        """Per-part explanations (see the class docstring)."""
        if self._reasons is None:
            self._reasons = self._explain() if self._explain is not None else []
            self._explain = None
        return self._reasons

    def __repr__(self) -> str:
        return f"MatchResult(score={self.score:.4f}, is_match={self.is_match})"


# --- similarity of two parts ---------------------------------------------------------------------

_SIM_CACHE: dict[tuple[Token, Token], tuple[float, str, float]] = {}
_SIM_CACHE_MAX = 400_000


def token_similarity(a: Token, b: Token) -> tuple[float, str]:
    """Similarity in [0, 1] of two parts and how they relate (a ``how`` code)."""
    sim, how, _ = _similarity(a, b)
    return sim, how


def _similarity(a: Token, b: Token) -> tuple[float, str, float]:
    """(similarity, how, loss factor), cached per pair of parts."""
    key = (a, b)
    hit = _SIM_CACHE.get(key)
    if hit is not None:
        return hit
    sim, how = _token_similarity(a, b)
    result = (sim, how, _pair_loss(sim))
    if len(_SIM_CACHE) >= _SIM_CACHE_MAX:
        _SIM_CACHE.clear()
    _SIM_CACHE[key] = result
    _SIM_CACHE[(b, a)] = result
    return result


def _same_spelling_how(a: Token, b: Token) -> tuple[float, str]:
    if a.text == b.text:
        return 1.0, "exact"
    if a.al != b.al and a.text.removeprefix("ال").removeprefix("al ") == b.text.removeprefix("ال").removeprefix("al "):
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
    if a.prefix and a.prefix == b.prefix and a.script == b.script:
        # عبد الحكيم / عبد البصير: compare what follows the shared particle.
        trimmed = _strip_prefix(a), _strip_prefix(b)
        if a.script == LA:
            return _latin_similarity(trimmed[0], trimmed[1], a.skel, b.skel)
        if a.script == AR:
            return _arabic_similarity(a, b, trimmed[0], trimmed[1])
    if a.script == LA and b.script == LA:
        return _latin_similarity(a.cmp, b.cmp, a.skel, b.skel)
    if a.script == AR and b.script == AR:
        return _arabic_similarity(a, b)
    if AR in (a.script, b.script):
        return _cross_similarity(a, b)
    # Latin and another script, or two other scripts: native comparison within one block,
    # transliterated comparison (anyascii) across blocks.
    if a.script == OTHER and b.script == OTHER and _same_block(a.cmp, b.cmp):
        return _generic_similarity(a.cmp, b.cmp)
    sim, how = _latin_similarity(a.lat, b.lat, a.skel, b.skel)
    return sim, ("transliteration" if how != "different" else how)


def _strip_prefix(token: Token) -> str:
    head = {"abd": ("abd", "عبد"), "bu": ("bu", "بو")}[token.prefix]
    for text in head:
        if token.cmp.startswith(text):
            return token.cmp[len(text) :]
    return token.cmp


def _same_block(x: str, y: str) -> bool:
    return bool(x) and bool(y) and (ord(x[0]) >> 7) == (ord(y[0]) >> 7)


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


_COARSE = str.maketrans({"z": "s", "$": "s", "x": "k", "g": "k", "j": "y", "w": "v", "f": "v"})


def _latin_similarity(x: str, y: str, skel_x: str, skel_y: str) -> tuple[float, str]:
    if NICKNAMES.get(x) == y or NICKNAMES.get(y) == x:
        return 0.9, "nickname"
    lev = Levenshtein.normalized_similarity(x, y)
    coarse = Levenshtein.normalized_similarity(x.translate(_COARSE), y.translate(_COARSE)) - 0.04
    sim = max(lev, coarse)
    if min(len(x), len(y)) >= 4 and abs(len(x) - len(y)) <= 2:
        # Jaro-Winkler forgives transpositions (Schloz/Scholz) but also truncations
        # (Lind/Lindemann), hence only for words of about the same length.
        sim = max(sim, JaroWinkler.normalized_similarity(x, y) - 0.08)
    if skel_x == skel_y and len(skel_x) >= 3 and sim < 0.9:
        return 0.9, "phonetic"
    return sim, ("typo" if sim > SIM_LOW else "different")


def _arabic_similarity(a: Token, b: Token, x: str | None = None, y: str | None = None) -> tuple[float, str]:
    sim = Levenshtein.normalized_similarity(a.cmp if x is None else x, b.cmp if y is None else y)
    if a.skel == b.skel and len(a.skel) >= 2 and sim < 0.9:
        return 0.9, "phonetic"
    return sim, ("typo" if sim > SIM_LOW else "different")


def _cross_similarity(a: Token, b: Token) -> tuple[float, str]:
    """An Arabic and a Latin spelling: compare the consonant skeletons."""
    if a.skel == b.skel:
        return (0.92 if len(a.skel) >= 2 else 0.8), "phonetic"
    sim = Levenshtein.normalized_similarity(a.skel, b.skel)
    if min(len(a.skel), len(b.skel)) <= 2:
        sim *= 0.8
    return sim, ("typo" if sim >= SIM_LOW else "different")


def _pair_loss(sim: float) -> float:
    """Loss factor of two parts aligned in one place, from their similarity: 1 - sim for the
    same name, rising (convexly, so one typing error stays cheap) to CONFLICT for different ones."""
    if sim >= SIM_HIGH:
        return 1.0 - sim
    if sim <= SIM_LOW:
        return CONFLICT
    ramp = (SIM_HIGH - sim) / (SIM_HIGH - SIM_LOW)
    return (1.0 - sim) + ramp * ramp * (CONFLICT - (1.0 - SIM_LOW))


# --- alignment of two chains --------------------------------------------------------------------

_MATCH, _GAP_Q, _GAP_C = 0, 1, 2
_INF = float("inf")


def _gap_factors(n: int, shape: str) -> list[float]:
    factors = [GAP_MIDDLE[shape]] * n
    if n:
        factors[-1] = GAP_LAST[shape]
        factors[0] = GAP_FIRST[shape]
    return factors


_Problem = tuple[
    list[list[tuple[float, str, float]]],  # similarity rows of the trimmed problem
    list[list[float]],  # loss of aligning each pair
    list[float],  # query: cost of leaving each part out
    list[float],  # query: extra cost when that omission pairs with an opposite one
    list[float],  # record: cost of leaving each part out
    list[float],  # record: extra cost when that omission pairs
    float,  # loss of the trimmed anchors
    int,  # parts trimmed at the start (0 or 1)
    int,  # parts trimmed at the end (0 or 1)
]


def _problem(q: tuple[Token, ...], c: tuple[Token, ...], shape: str) -> _Problem:
    """Similarities and costs of an alignment problem, with identical end parts set aside.

    Identical first names, or identical last names, are aligned with each other in any best
    alignment (leaving them out costs more than anything it could buy), so they are taken off and
    only what is between is searched: the common case is then a 2x2 problem.
    """
    n, m = len(q), len(c)
    wq, gap_q, pair_q = _chain_costs(q, shape)
    wc, gap_c, pair_c = _chain_costs(c, shape)
    get = _SIM_CACHE.get
    base = 0.0
    lo = 0
    shift = SHIFT[shape]
    if n > 1 and m > 1:
        hit = get((q[0], c[0])) or _similarity(q[0], c[0])
        if hit[0] >= ANCHOR:
            base += (wq[0] + wc[0]) * 0.5 * hit[2]
            lo = 1
            shift = 0.0
    hi_q, hi_c = n, m
    if n - lo > 1 and m - lo > 1:
        hit = get((q[-1], c[-1])) or _similarity(q[-1], c[-1])
        if hit[0] >= ANCHOR:
            base += (wq[-1] + wc[-1]) * 0.5 * hit[2]
            hi_q, hi_c = n - 1, m - 1
    rows: list[list[tuple[float, str, float]]] = []
    losses: list[list[float]] = []
    for i in range(lo, hi_q):
        a = q[i]
        wa = wq[i]
        row = []
        lrow = []
        for j in range(lo, hi_c):
            b = c[j]
            hit = get((a, b)) or _similarity(a, b)
            row.append(hit)
            lrow.append((wa + wc[j]) * 0.5 * hit[2])
        rows.append(row)
        losses.append(lrow)
    if shift and rows:
        # A first name matched with a later place of the other chain: a swapped father and son.
        for j in range(1, len(rows[0])):
            if rows[0][j][0] > SIM_LOW:
                losses[0][j] += shift * (wq[0] + wc[j]) * 0.5
        for i in range(1, len(rows)):
            if rows[i][0][0] > SIM_LOW:
                losses[i][0] += shift * (wq[i] + wc[0]) * 0.5
    if lo or hi_q < n:
        gap_q, pair_q = gap_q[lo:hi_q], pair_q[lo:hi_q]
        gap_c, pair_c = gap_c[lo:hi_c], pair_c[lo:hi_c]
    return rows, losses, gap_q, pair_q, gap_c, pair_c, base, lo, n - hi_q


# DP states: the balance of omissions not yet paired, clamped to [-2, 2] and stored at index
# balance + 2: index 0/1 = two/one query parts left out, 2 = none, 3/4 = one/two record parts.
_STATES = range(5)


def _align(
    q: tuple[Token, ...], c: tuple[Token, ...], shape: str
) -> tuple[float, list[tuple[int, int, float, str]]]:
    """Order-preserving alignment of minimal loss, with the alignment (for explanations).

    Returns the loss and the operations (i, j, similarity, how), i or j = -1 for a part present
    on one side only. Leaving parts out on *both* sides is an exchange of names, not two
    omissions: an omission on one side pairs with an earlier unpaired omission on the other
    (anywhere in the chain: the DP state counts them) and the two cost what two different names
    cost. :func:`_align_loss` computes the same loss faster.
    """
    rows, losses, gap_q, pair_q, gap_c, pair_c, base, lo, trim_end = _problem(q, c, shape)
    n, m = len(gap_q), len(gap_c)
    width = m + 1
    cost = [_INF] * ((n + 1) * width * 5)
    back: list[tuple[int, int]] = [(-1, -1)] * len(cost)
    cost[2] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = (i * width + j) * 5
            if i and j:
                prev = ((i - 1) * width + j - 1) * 5
                loss = losses[i - 1][j - 1]
                for b in _STATES:
                    value = cost[prev + b] + loss
                    if value < cost[here + b]:
                        cost[here + b] = value
                        back[here + b] = (prev + b, _MATCH)
            if i:
                prev = ((i - 1) * width + j) * 5
                for b in _STATES:
                    value = cost[prev + b] + gap_q[i - 1] + (pair_q[i - 1] if b > 2 else 0.0)
                    target = here + max(0, b - 1)
                    if value < cost[target]:
                        cost[target] = value
                        back[target] = (prev + b, _GAP_Q)
            if j:
                prev = (i * width + j - 1) * 5
                for b in _STATES:
                    value = cost[prev + b] + gap_c[j - 1] + (pair_c[j - 1] if b < 2 else 0.0)
                    target = here + min(4, b + 1)
                    if value < cost[target]:
                        cost[target] = value
                        back[target] = (prev + b, _GAP_C)
    end = (n * width + m) * 5
    finals = cost[end : end + 5]
    loss = min(finals)
    index = end + finals.index(loss)
    ops: list[tuple[int, int, float, str]] = []
    while index > 2:
        i, j = divmod(index // 5, width)
        prev, op = back[index]
        if op == _MATCH:
            sim, how, _ = rows[i - 1][j - 1]
            ops.append((i - 1 + lo, j - 1 + lo, sim, how))
        elif op == _GAP_Q:
            ops.append((i - 1 + lo, -1, 0.0, "missing_in_candidate"))
        else:
            ops.append((-1, j - 1 + lo, 0.0, "missing_in_query"))
        index = prev
    ops.reverse()
    if lo:
        sim, how, _ = _similarity(q[0], c[0])
        ops.insert(0, (0, 0, sim, how))
    if trim_end:
        sim, how, _ = _similarity(q[-1], c[-1])
        ops.append((len(q) - 1, len(c) - 1, sim, how))
    return base + loss, ops


def _chain_costs(
    tokens: tuple[Token, ...], shape: str
) -> tuple[list[float], list[float], list[float]]:
    """Weights, costs of leaving each part out, and the extra cost of pairing two omissions."""
    key = (tokens, shape)
    hit = _COST_CACHE.get(key)
    if hit is not None:
        return hit
    n = len(tokens)
    weights = [t.weight for t in tokens]
    factors = _gap_factors(n, shape)
    mid = GAP_MIDDLE[shape]
    gaps = [factors[i] * weights[i] for i in range(n)]
    pairs = [max(0.0, CONFLICT * weights[i] - gaps[i] - mid * weights[i]) for i in range(n)]
    result = (weights, gaps, pairs)
    if len(_COST_CACHE) >= _SIM_CACHE_MAX:
        _COST_CACHE.clear()
    _COST_CACHE[key] = result
    return result


_COST_CACHE: dict[tuple[tuple[Token, ...], str], tuple[list[float], list[float], list[float]]] = {}


def _align_loss(q: tuple[Token, ...], c: tuple[Token, ...], shape: str) -> float:
    """The loss of :func:`_align` without the alignment: the same recurrences, unrolled (this
    runs for every candidate of every search, so it is written for speed)."""
    n, m = len(q), len(c)
    if n == m:
        # Place-by-place matching is optimal when it is nearly perfect: any other alignment
        # leaves a part out on each side, which costs at least (CONFLICT - GAP_MIDDLE) × weight.
        wq = _chain_costs(q, shape)[0]
        wc = _chain_costs(c, shape)[0]
        diag = 0.0
        for k in range(n):
            a, b = q[k], c[k]
            hit = _SIM_CACHE.get((a, b)) or _similarity(a, b)
            if hit[0] < SIM_HIGH:
                break
            diag += (wq[k] + wc[k]) * 0.5 * hit[2]
        else:
            if diag < (CONFLICT - GAP_MIDDLE[shape]) * min(min(wq), min(wc)):
                return diag
    _, losses, gap_q, pair_q, gap_c, pair_c, base, lo, trim_end = _problem(q, c, shape)
    n, m = n - lo - trim_end, m - lo - trim_end
    if n == 0 or m == 0:
        # One side is used up: the rest of the other is left out.
        rest = gap_c if n == 0 else gap_q
        return base + sum(rest)
    inf = _INF
    # Row 0: only record parts left out: balance 1, then 2 (clamped).
    r0 = [inf] * (m + 1)
    r1 = [inf] * (m + 1)
    r2 = [inf] * (m + 1)
    r3 = [inf] * (m + 1)
    r4 = [inf] * (m + 1)
    r2[0] = 0.0
    if m >= 1:
        r3[1] = gap_c[0]
    acc = gap_c[0]
    for j in range(1, m):
        acc += gap_c[j]
        r4[j + 1] = acc
    for i in range(n):
        gq = gap_q[i]
        gqp = gq + pair_q[i]
        lrow = losses[i]
        t0 = [inf] * (m + 1)
        t1 = [inf] * (m + 1)
        t2 = [inf] * (m + 1)
        t3 = [inf] * (m + 1)
        t4 = [inf] * (m + 1)
        # column 0: only query parts left out (balance moves down)
        u0, u1, u2, u3, u4 = r0[0], r1[0], r2[0], r3[0], r4[0]
        t0[0] = (u0 if u0 < u1 else u1) + gq
        t1[0] = u2 + gq
        t2[0] = u3 + gqp
        t3[0] = u4 + gqp
        l0, l1, l2, l3, l4 = t0[0], t1[0], t2[0], t3[0], inf
        for j in range(m):
            loss = lrow[j]
            gc = gap_c[j]
            gcp = gc + pair_c[j]
            u0, u1, u2, u3, u4 = r0[j + 1], r1[j + 1], r2[j + 1], r3[j + 1], r4[j + 1]
            # balance -2
            v = r0[j] + loss
            x = (u0 if u0 < u1 else u1) + gq
            n0 = v if v < x else x
            # balance -1
            v = r1[j] + loss
            x = u2 + gq
            if x < v:
                v = x
            x = l0 + gcp
            n1 = v if v < x else x
            # balance 0
            v = r2[j] + loss
            x = u3 + gqp
            if x < v:
                v = x
            x = l1 + gcp
            n2 = v if v < x else x
            # balance +1
            v = r3[j] + loss
            x = u4 + gqp
            if x < v:
                v = x
            x = l2 + gc
            n3 = v if v < x else x
            # balance +2
            v = r4[j] + loss
            x = (l3 if l3 < l4 else l4) + gc
            n4 = v if v < x else x
            t0[j + 1] = l0 = n0
            t1[j + 1] = l1 = n1
            t2[j + 1] = l2 = n2
            t3[j + 1] = l3 = n3
            t4[j + 1] = l4 = n4
        r0, r1, r2, r3, r4 = t0, t1, t2, t3, t4
    return base + min(r0[m], r1[m], r2[m], r3[m], r4[m])


def _unordered(
    q: tuple[Token, ...], c: tuple[Token, ...], gap: float
) -> tuple[float, list[tuple[int, int, float, str]], bool]:
    """Best one-to-one matching ignoring order (greedy on similarity); also says if it crosses."""
    pairs = sorted(
        ((token_similarity(a, b), i, j) for i, a in enumerate(q) for j, b in enumerate(c)),
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


def _merge_split_words(q: tuple[Token, ...], c: tuple[Token, ...]) -> tuple[tuple[Token, ...], tuple[Token, ...]]:
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
            if any(t.script != LA for t in run):
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


def _reason(part: str, how: str, query: str, candidate: str, similarity: float) -> dict[str, str]:
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
            if (
                q_roles[i] != c_roles[j]
                and how != "different"
                and "first"
                in (
                    q_roles[i],
                    c_roles[j],
                )
            ):
                how = "moved"
            out.append(_reason(role, how, q[i].text, c[j].text, sim))
        elif i >= 0:
            out.append(_reason(q_roles[i], how, q[i].text, "", 0.0))
        else:
            out.append(_reason(c_roles[j], how, "", c[j].text, 0.0))
    return out


def _chain_value(q: tuple[Token, ...], c: tuple[Token, ...], shape: str, mass: float) -> tuple[float, bool]:
    """Score of two chains (without the mother) and whether they were compared as a set."""
    best = 1.0 - _align_loss(q, c, shape) / mass
    reordered = False
    if shape != ARABIC and best < 1.0 - REORDER:
        loss_u, _, crossing = _unordered(q, c, GAP_MIDDLE["western"] * 2)
        alt = 1.0 - loss_u / mass - REORDER
        if crossing and alt > best:
            best, reordered = alt, True
    return max(0.0, min(1.0, best)), reordered


def _person_score(query: NameChain, candidate: NameChain) -> MatchResult:
    q, c = query.tokens, candidate.tokens
    if not q or not c:
        return MatchResult(0.0, False, [])
    shape = ARABIC if (query.shape == ARABIC or candidate.shape == ARABIC) else "western"
    if (shape != ARABIC or len(q) != len(c)) and (query.script == LA or candidate.script == LA):
        q, c = _merge_split_words(q, c)
    mass = (_mass(q) + _mass(c)) * 0.5
    if mass <= 0:
        return MatchResult(0.0, False, [])
    value, reordered = _chain_value(q, c, shape, mass)
    if all(t.initial for t in q) or all(t.initial for t in c):
        value = min(value, INITIALS_ONLY)  # "N.N." says too little to identify anyone
    if query.mother and candidate.mother:
        m_full = (_mass(query.mother) + _mass(candidate.mother)) * 0.5
        m_value = max(0.0, 1.0 - _align_loss(query.mother, candidate.mother, ARABIC) / m_full)
        m_mass = m_full * MOTHER_SHARE
        value = (value * mass + m_value * m_mass) / (mass + m_mass)
    value = round(value, 4)

    def explain() -> list[dict[str, str]]:
        if reordered:
            _, ops, _ = _unordered(q, c, GAP_MIDDLE["western"] * 2)
        else:
            _, ops = _align(q, c, shape)
        reasons = _reasons(query, candidate, q, c, ops)
        if reordered:
            reasons.append(_reason("chain", "reordered", query.text, candidate.text, value))
        if query.mother and candidate.mother:
            _, m_ops = _align(query.mother, candidate.mother, ARABIC)
            for i, j, sim, how in m_ops:
                qt = query.mother[i].text if i >= 0 else ""
                ct = candidate.mother[j].text if j >= 0 else ""
                reasons.append(_reason("mother", how, qt, ct, sim))
        return reasons

    return MatchResult(value, value >= DEFAULT_THRESHOLD, explain=explain)


def _org_score(query: NameChain, candidate: NameChain) -> MatchResult:
    q, c = _merge_split_words(query.tokens, candidate.tokens)
    q, c = _expand_acronyms(q, c), _expand_acronyms(c, q)
    if not q or not c:
        return MatchResult(0.0, False, [])
    weights: dict[int, float] = {}
    for chain in (query, candidate):
        for token, weight in zip(chain.tokens, chain.weights, strict=False):
            weights[id(token)] = weight
    for token in q + c:
        if id(token) not in weights:
            weights[id(token)] = org_word_weight(token)
    pairs = sorted(
        ((_org_similarity(a, b), i, j) for i, a in enumerate(q) for j, b in enumerate(c)),
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
                "legal",
                "legal_form",
                ",".join(sorted(query.legal)),
                ",".join(sorted(candidate.legal)),
                0.0,
            )
        )
    value = round(max(0.0, min(1.0, value)), 4)
    return MatchResult(value, value >= DEFAULT_THRESHOLD, reasons)


def _org_similarity(a: Token, b: Token) -> tuple[float, str]:
    """Word similarity in organisation names: also an abbreviation (Intl / International)."""
    sim, how = token_similarity(a, b)
    if sim < SIM_HIGH and a.script == LA and b.script == LA:
        short, long = (a.text, b.text) if len(a.text) < len(b.text) else (b.text, a.text)
        if 3 <= len(short) <= 0.7 * len(long) and short[0] == long[0] and _subsequence(short, long):
            return SIM_HIGH, "abbreviation"
    return sim, how


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(ch in letters for ch in short)


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
