"""Comparing two names: part by part, in order, weighted by how telling each part is.

The score of two chains is ``1 - loss / mass``: ``mass`` is the summed weight of the parts of both
names (divided by two), ``loss`` what the best alignment of the two chains costs:

* two parts in the same place that are the same name cost nothing, spelling variants almost
  nothing, close spellings (typing errors) a little;
* two *different* names in the same place (محمد / محمود, two different fathers) cost twice their
  weight — it is evidence that these are two people, not missing evidence;
* a part present in one chain only costs a quarter of its weight in the middle of the chain (a
  missing grandfather), 0.6 of it at the end (family name left out) and all of it at the start;
  parts left out on *both* sides pair up in order and cost as two different names (a father
  replaced by another is not two omissions);
* matching the first name of one chain with a later place of the other (a swapped father and son,
  علي محمد الزوي / محمد علي الزوي) costs extra.

The alignment is order-preserving for Arabic chains. Western names may also be compared as a set
(given names move: "Putin, Vladimir"), at a small price; organisation names are compared as sets
of words, generic words (Group, Bank) weighing less and legal forms (Ltd, GmbH) compared apart.
Weights come from name frequencies (tokens.weight_of): محمد and علي weigh less than rare names.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import NamedTuple, cast

from rapidfuzz.distance import JaroWinkler, Levenshtein

from .parse import ARABIC, ORG, NameChain, org_word_weight
from .tokens import (
    AMBIGUOUS,
    AR,
    INITIAL_WEIGHT,
    LA,
    NICKNAMES,
    NUM,
    OTHER,
    UNREAD,
    Token,
    _latin_without_article,
    _make,
)
from .translit import _PREFIX_SKELETONS, arabic_skeleton_variants, latin_key, latin_skeleton

__all__ = ["DEFAULT_THRESHOLD", "MatchResult", "score", "token_similarity"]

DEFAULT_THRESHOLD = 0.70
"""Scores at or above this are a match (is_match)."""

CONFLICT = 2.0
"""Loss factor of two different names in the same place."""
SIM_HIGH = 0.88
"""Similarity above which two spellings are the same name (loss 1 - sim)."""
SIM_LOW = 0.62
"""Similarity below which two spellings are different names (loss CONFLICT)."""
GAP_FIRST = {ARABIC: 1.0, "western": 0.5, ORG: 1.0}
GAP_MIDDLE = {ARABIC: 0.25, "western": 0.25, ORG: 1.0}
GAP_LAST = {ARABIC: 0.6, "western": 1.0, ORG: 1.0}
SHIFT = {ARABIC: 0.6, "western": 0.0, ORG: 0.0}
"""Extra loss factor when a first name matches a later place of the other chain."""
REORDER = 0.12
"""Price (share of the mass) of comparing a Western name as a set of parts."""
LEGAL_MISMATCH = 0.65
"""Factor applied when two organisation names have different legal forms (AG vs GmbH)."""
FIRST_NAME_DIFFERS = 0.6
"""Highest score of two Arabic chains whose first names are different names."""
AMBIGUOUS_SIM = 0.9
"""Similarity of a Latin spelling with either of the Arabic names it may stand for."""
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
    "ambiguous": (
        "a Latin spelling that reads as either name",
        "كتابة لاتينية تحتمل الاسمين",
    ),
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

_Hit = tuple[float, str, float]
_SIM_ROWS: dict[Token, dict[Token, _Hit]] = {}
"""Cache of part similarities: part → other part → (similarity, how, loss factor)."""
_SIM_CACHE_MAX = 400_000
_sim_count = 0


def token_similarity(a: Token, b: Token) -> tuple[float, str]:
    """Similarity in [0, 1] of two parts and how they relate (a ``how`` code)."""
    sim, how, _ = _similarity(a, b)
    return sim, how


def _row(a: Token) -> dict[Token, _Hit]:
    row = _SIM_ROWS.get(a)
    if row is None:
        row = _SIM_ROWS[a] = {}
    return row


def _similarity(a: Token, b: Token) -> _Hit:
    """(similarity, how, loss factor), cached per pair of parts."""
    global _sim_count
    row = _row(a)
    hit = row.get(b)
    if hit is not None:
        return hit
    sim, how = _token_similarity(a, b)
    hit = (sim, how, _pair_loss(sim))
    if _sim_count >= _SIM_CACHE_MAX:
        _SIM_ROWS.clear()
        _sim_count = 0
        row = _row(a)
    row[b] = hit
    _row(b)[a] = hit
    _sim_count += 2
    return hit


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
        if (a.script == LA and b.canon in AMBIGUOUS.get(a.text, ())) or (
            b.script == LA and a.canon in AMBIGUOUS.get(b.text, ())
        ):
            return AMBIGUOUS_SIM, "ambiguous"  # Salim: سالم or سليم
        return 0.0, "different"
    if a.script == NUM or b.script == NUM:
        return 0.0, "different"
    if a.script == UNREAD or b.script == UNREAD:
        # A script the engine does not read meets only its own script, compared as written.
        if a.script == b.script and _same_block(a.cmp, b.cmp):
            return _generic_similarity(a.cmp, b.cmp)
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
    x = a.cmp if x is None else x
    y = b.cmp if y is None else y
    sim = Levenshtein.normalized_similarity(x, y)
    if (
        sim < 0.9
        and len(a.skel) >= 2
        and a.skel == b.skel
        and _consonants(x) == _consonants(y)
        and _arabic_ending(x) == _arabic_ending(y)
    ):
        # Only long vowels differ (الشتيوي / الشتوي): the same name written two ways. Not a
        # nisba against its name (رحيمي / رحيم): there the ending makes another name.
        return 0.9, "phonetic"
    return sim, ("typo" if sim > SIM_LOW else "different")


def _consonants(word: str) -> str:
    """An Arabic word without its long-vowel letters (ا و ي after the first letter)."""
    return word[:1] + word[1:].replace("ا", "").replace("و", "").replace("ي", "")


def _cross_similarity(a: Token, b: Token) -> tuple[float, str]:
    """An Arabic and a Latin spelling: mostly the consonant skeletons, which both scripts write,
    and a little the usual transliteration (vowels), which tells short skeletons apart.

    Both sides are read in the ways conventions differ: the Arabic letters as other conventions
    write them (ث as s, ج as g), the Latin word without an article glued to it when the Arabic part
    has one (Eltayeb, Lakhdar = الأخضر), a Latin v as the w of Persian and Urdu (Pervez = پرویز).
    Equal consonants are not enough when the words begin or end differently: حميدي is not Ahmadi,
    احمدزی is not Ahmad (a vowel or a consonant first, a nisba or a tribal ending on one side only)."""
    ar, la = (a, b) if a.script == AR else (b, a)
    if la.script != LA or la.prefix or len(la.words) != 1:
        return _cross_reading(ar, la.skel, la.lat, "")
    best = (-1.0, "different")
    for word in _latin_readings(la.words[0], ar.al):
        key = la.cmp if word == la.words[0] else latin_key(word)
        skel = la.skel if word == la.words[0] else latin_skeleton(key)
        found = _cross_reading(ar, skel, key, word)
        if found[0] > best[0]:
            best = found
    return best


def _latin_readings(word: str, arabic_article: bool) -> list[str]:
    """The ways a Latin word may be read against an Arabic part (see _cross_similarity)."""
    readings = [word]
    if arabic_article:
        bare = _latin_without_article(word)
        if bare:
            readings.append(bare)
        if word[:1] == "l" and word[1:2] in ("a", "e", "i", "o", "u") and len(word) >= 5:
            readings.append(word[1:])  # Lakhdar = الأخضر, Larbi = العربي: the Maghrebi article as l
            readings.append(word[2:])  # Lahcen = الحسن, Lemine = الأمين
    if "v" in word:
        readings.append(word.replace("v", "w"))
    return readings


def _cross_reading(ar: Token, la_skel: str, la_lat: str, la_word: str) -> tuple[float, str]:
    skeletons = _arabic_skeletons(ar)
    if la_skel in skeletons:
        skel = 1.0 if la_skel == skeletons[0] else 0.97
    else:
        skel = max(Levenshtein.normalized_similarity(s, la_skel) for s in skeletons)
    lat = Levenshtein.normalized_similarity(ar.lat, la_lat) if ar.lat and la_lat else skel
    sim = 0.7 * skel + 0.3 * lat
    if la_word and not _same_shape(ar, la_word):
        return min(sim, SIM_LOW), "different"
    if skel >= 0.97:
        size = len(la_skel)
        floor = 0.92 if size >= 4 else 0.9 if size == 3 else 0.8
        return max(sim, floor - (1.0 - skel)), "phonetic"
    return sim, ("typo" if sim > SIM_LOW else "different")


def _arabic_skeletons(token: Token) -> tuple[str, ...]:
    """The skeleton of an Arabic part, first, then its readings in other conventions."""
    if len(token.words) == 1 and not token.prefix:
        variants = arabic_skeleton_variants(token.words[0])
        return (token.skel, *(v for v in variants if v != token.skel))
    pieces = [arabic_skeleton_variants(word) for word in token.words]
    out = [token.skel]
    if len(token.words) > 1:  # ذبيح الله read as one word, as Zabihullah writes it (its ح is not final)
        glued = _PREFIX_SKELETONS.get(token.prefix, "") + arabic_skeleton_variants("".join(token.words))[0]
        out.append("".join(ch for i, ch in enumerate(glued) if i == 0 or glued[i - 1] != ch))
    for combo in itertools.islice(itertools.product(*pieces), 8):
        skeleton = _PREFIX_SKELETONS.get(token.prefix, "") + "".join(combo)
        deduped = "".join(ch for i, ch in enumerate(skeleton) if i == 0 or skeleton[i - 1] != ch)
        if deduped not in out:
            out.append(deduped)
    return tuple(out)


_LATIN_ENDINGS = (("zai", ("zai", "zay", "zei")), ("khel", ("khel", "khail", "khil", "kheyl")),
                  ("zada", ("zada", "zadeh", "zade", "zadah")))  # fmt: skip
_SPECIAL_ENDINGS = frozenset({"zai", "khel", "zada"})
_LATIN_VOWELS = frozenset("aeiouy")


def _latin_ending(word: str) -> str:
    """How a Latin word ends: a tribal ending (zai, khel, zada), a nisba (i), a vowel (v) or a
    consonant (c)."""
    for kind, endings in _LATIN_ENDINGS:
        if len(word) >= 6 and word.endswith(endings):
            return kind
    if len(word) >= 3 and word[-1] in "iy" and word[-2] not in _LATIN_VOWELS:
        return "i"
    if word.endswith(("ee", "ie", "ey")) and len(word) >= 4 and word[-3] not in _LATIN_VOWELS:
        return "i"
    if word[-1:] in _LATIN_VOWELS or word.endswith("h"):
        return "v"
    return "c"


def _arabic_endings(word: str) -> frozenset[str]:
    """The ways an Arabic word may end in Latin letters (see _latin_ending): زي is -zai or -zi."""
    if len(word) >= 5 and word.endswith(("زاي", "زائي")):
        return frozenset({"zai"})
    if len(word) >= 4 and word.endswith("زي"):
        return frozenset({"zai", "i"})
    if len(word) >= 5 and word.endswith("خيل"):
        return frozenset({"khel"})
    if len(word) >= 6 and word.endswith("زاده"):
        return frozenset({"zada"})
    if len(word) >= 3 and word[-1] == "ي" and word[-2] not in "اوي":
        return frozenset({"i"})
    if word[-1:] in "اويهع":  # a final ع is not written either (Moti = مطيع, Rabi = ربيع)
        return frozenset({"v", "i", "c"})
    return frozenset({"c", "v"})


def _arabic_ending(word: str) -> str:
    """One code for comparing two Arabic spellings' endings."""
    return "".join(sorted(_arabic_endings(word)))


_ARABIC_FINE = {"د": "d", "ز": "z", "ش": "$", "س": "s", "ص": "s"}
"""Letters of one skeleton class that Latin spellings keep apart (d / z, sh / s)."""
_LATIN_FINE = {"d": "d", "z": "z", "$": "$", "s": "s"}


def _same_letters(ar: Token, latin_word: str) -> bool:
    """Letters that the shared skeleton lumps together but no convention confuses: ز is never
    written d, nor د z, nor س sh (بلعيز is not Belaid); a long ي or و inside the Arabic word has its
    vowel in the Latin one (عظيم is Azeem, not Azam); a Latin "aa" writes an ع (Chaabi is الشعبي)."""
    word = "".join(ar.words)
    key = latin_key(latin_word)
    arabic = [_ARABIC_FINE[ch] for ch in word if ch in _ARABIC_FINE]
    latin = [_LATIN_FINE[ch] for ch in key if ch in _LATIN_FINE]
    if len(arabic) == len(latin) and any(x != y for x, y in zip(arabic, latin, strict=True)):
        return False
    inner = word[1:-1]
    if "ي" in inner and not any(ch in latin_word[1:] for ch in "iey"):
        return False
    if "و" in inner and not any(ch in latin_word[1:] for ch in "ouw"):
        return False
    return not ("aa" in latin_word and "ع" not in word)


def _same_shape(ar: Token, latin_word: str) -> bool:
    """Whether an Arabic part and a Latin word can be one name by how they begin and end (their
    consonants are compared elsewhere): a vowel or a consonant first (حميدي / Ahmadi), a nisba or
    not (رحيمي / Rahim), a tribal ending on both sides or neither (-zai, -khel, -zada)."""
    if not latin_word or not ar.words:
        return True
    latin_kind = _latin_ending(latin_word)
    arabic_kinds = _arabic_endings("".join(ar.words))
    if latin_kind not in arabic_kinds:
        if latin_kind == "v":  # a final vowel writes ي too (Habre, Zalmay), not a tribal ending
            if arabic_kinds <= _SPECIAL_ENDINGS:
                return False
        else:  # a nisba, a consonant or a tribal ending the Arabic word does not have
            return False
    if not _same_letters(ar, latin_word):
        return False
    if ar.prefix:
        return True
    word = ar.words[0]
    arabic_vowel_first = word[:1] in "اع"
    latin_vowel_first = latin_key(latin_word)[:1] in ("a", "e", "i", "o", "u")  # Ouazzani: w
    if arabic_vowel_first == latin_vowel_first or (word[:1] == "ي" and latin_word[0] in "iey"):
        return True
    # A prosthetic alif before two consonants is not written in Latin letters (اشتية = Shtayyeh).
    return arabic_vowel_first and len(word) >= 4 and word[1] not in "اويع" and word[2] not in "اوي"


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

_INF = float("inf")
_MAX_OPTIONS = 10
"""Most candidate pairs of parts searched exhaustively (more are trimmed to the most similar)."""


class _Alignment(NamedTuple):
    """How two chains were aligned, and at what loss."""

    loss: float
    matched: tuple[tuple[int, int], ...]
    """(query index, record index) of parts taken for the same name (possibly misspelt)."""
    conflicts: tuple[tuple[int, int], ...]
    """Parts in the same place that are different names."""
    missing_q: tuple[int, ...]
    """Query parts absent from the record."""
    missing_c: tuple[int, ...]
    """Record parts absent from the query."""


def _gap_factors(n: int, shape: str) -> list[float]:
    factors = [GAP_MIDDLE[shape]] * n
    if n:
        factors[-1] = GAP_LAST[shape]
        factors[0] = GAP_FIRST[shape]
    return factors


_COST_CACHE: dict[tuple[tuple[Token, ...], str], tuple[list[float], list[float]]] = {}
_COST_CACHE_MAX = 50_000


def _chain_costs(tokens: tuple[Token, ...], shape: str) -> tuple[list[float], list[float]]:
    """Weights of the parts of a chain and the cost of leaving each one out."""
    key = (tokens, shape)
    hit = _COST_CACHE.get(key)
    if hit is not None:
        return hit
    weights = [t.weight for t in tokens]
    factors = _gap_factors(len(tokens), shape)
    result = (weights, [f * w for f, w in zip(factors, weights, strict=True)])
    if len(_COST_CACHE) >= _COST_CACHE_MAX:
        _COST_CACHE.clear()
    _COST_CACHE[key] = result
    return result


def _pair_up(
    free_q: list[int], free_c: list[int], wq: list[float], gq: list[float], wc: list[float], gc: list[float]
) -> tuple[float, list[tuple[int, int]], list[int], list[int]]:
    """Cost of the parts left unmatched. Parts left out on *both* sides pair up in order: two
    names in one place that do not match are an exchange of names (a different father), which
    costs what two different names cost, not two cheap omissions."""
    loss = 0.0
    pairs: list[tuple[int, int]] = []
    for i in free_q:
        loss += gq[i]
    for j in free_c:
        loss += gc[j]
    k = min(len(free_q), len(free_c))
    for t in range(k):
        i, j = free_q[t], free_c[t]
        extra = CONFLICT * (wq[i] + wc[j]) * 0.5 - gq[i] - gc[j]
        if extra > 0:
            loss += extra
        pairs.append((i, j))
    paired_q = {i for i, _ in pairs}
    paired_c = {j for _, j in pairs}
    return (
        loss,
        pairs,
        [i for i in free_q if i not in paired_q],
        [j for j in free_c if j not in paired_c],
    )


def _similarity_rows(q: tuple[Token, ...], c: tuple[Token, ...]) -> list[list[_Hit]]:
    """The similarity of every query part with every record part (cached)."""
    rows: list[list[_Hit]] = []
    for a in q:
        row = _SIM_ROWS.get(a) or _row(a)
        found = [row.get(b) for b in c]
        if None in found:
            rows.append([hit if hit is not None else _similarity(a, b) for hit, b in zip(found, c, strict=True)])
        else:
            rows.append(cast("list[_Hit]", found))
    return rows


def _unmatched_cost(
    free_q: list[int], free_c: list[int], wq: list[float], gq: list[float], wc: list[float], gc: list[float]
) -> float:
    """Loss of the parts left unmatched (see :func:`_pair_up`), without the details."""
    loss = 0.0
    for i in free_q:
        loss += gq[i]
    for j in free_c:
        loss += gc[j]
    for i, j in zip(free_q, free_c, strict=False):
        extra = CONFLICT * (wq[i] + wc[j]) * 0.5 - gq[i] - gc[j]
        if extra > 0:
            loss += extra
    return loss


def _align(q: tuple[Token, ...], c: tuple[Token, ...], shape: str) -> _Alignment:
    """Order-preserving alignment of minimal loss.

    The parts that can be the same name (similarity above SIM_LOW) are few, so every
    order-preserving choice among them is tried; what is left unmatched is priced by
    :func:`_pair_up`. Identical first names, and identical last names, are aligned directly.
    """
    n, m = len(q), len(c)
    wq, gq = _chain_costs(q, shape)
    wc, gc = _chain_costs(c, shape)
    rows = _similarity_rows(q, c)
    if n == m:
        # Place-by-place matching is optimal when it is nearly perfect: any other alignment
        # leaves a part out on each side, which costs at least (CONFLICT - GAP_MIDDLE) × weight.
        diag = 0.0
        for k in range(n):
            hit = rows[k][k]
            if hit[0] < SIM_HIGH:
                break
            diag += (wq[k] + wc[k]) * 0.5 * hit[2]
        else:
            if diag < (CONFLICT - GAP_MIDDLE[shape]) * min(min(wq), min(wc)):
                return _Alignment(diag, tuple((k, k) for k in range(n)), (), (), ())
    base = 0.0
    fixed: list[tuple[int, int]] = []
    lo = 0
    shift = SHIFT[shape]
    if n > 1 and m > 1:
        hit = rows[0][0]
        if hit[0] >= ANCHOR:
            base += (wq[0] + wc[0]) * 0.5 * hit[2]
            fixed.append((0, 0))
            lo = 1
            shift = 0.0
    hi_q, hi_c = n, m
    if n - lo > 1 and m - lo > 1:
        hit = rows[-1][-1]
        if hit[0] >= ANCHOR:
            base += (wq[-1] + wc[-1]) * 0.5 * hit[2]
            hi_q, hi_c = n - 1, m - 1
    range_q = list(range(lo, hi_q))
    range_c = list(range(lo, hi_c))
    options = [(i, j) for i in range_q for j in range_c if rows[i][j][0] > SIM_LOW]
    tail = [(n - 1, m - 1)] if hi_q < n else []
    if not options:
        # Nothing in between can be the same name: every remaining part is left out or paired.
        loss = _unmatched_cost(range_q, range_c, wq, gq, wc, gc)
        _, pairs, miss_q, miss_c = _pair_up(range_q, range_c, wq, gq, wc, gc)
        return _Alignment(base + loss, tuple(fixed + tail), tuple(pairs), tuple(miss_q), tuple(miss_c))
    costed: list[tuple[int, int, float, float]] = []
    for i, j in options:
        sim, _, factor = rows[i][j]
        w = (wq[i] + wc[j]) * 0.5
        loss = w * factor
        if shift and (i == 0) != (j == 0):
            loss += shift * w  # a first name matched with a later place: swapped father and son
        costed.append((i, j, loss, sim))
    if len(costed) > _MAX_OPTIONS:
        costed = sorted(sorted(costed, key=lambda o: -o[3])[:_MAX_OPTIONS])
    best_loss = _unmatched_cost(range_q, range_c, wq, gq, wc, gc)
    best_chosen: list[tuple[int, int]] = []
    # Depth-first over the order-preserving subsets of the options (sorted by i, then j).
    stack: list[tuple[int, int, int, float, list[tuple[int, int]]]] = [(0, lo - 1, lo - 1, 0.0, [])]
    count = len(costed)
    while stack:
        start, last_i, last_j, chosen_loss, chosen = stack.pop()
        for k in range(start, count):
            i, j, loss, _ = costed[k]
            if i <= last_i or j <= last_j:
                continue
            total = chosen_loss + loss
            if total >= best_loss:
                continue  # matching more parts only adds to this
            now = [*chosen, (i, j)]
            used_q = {x for x, _ in now}
            used_c = {y for _, y in now}
            value = total + _unmatched_cost(
                [x for x in range_q if x not in used_q], [y for y in range_c if y not in used_c], wq, gq, wc, gc
            )
            if value < best_loss:
                best_loss, best_chosen = value, now
            stack.append((k + 1, i, j, total, now))
    used_q = {i for i, _ in best_chosen}
    used_c = {j for _, j in best_chosen}
    _, pairs, miss_q, miss_c = _pair_up(
        [i for i in range_q if i not in used_q], [j for j in range_c if j not in used_c], wq, gq, wc, gc
    )
    matched = fixed + best_chosen + tail
    return _Alignment(base + best_loss, tuple(matched), tuple(pairs), tuple(miss_q), tuple(miss_c))


def _unordered(q: tuple[Token, ...], c: tuple[Token, ...]) -> tuple[_Alignment, bool]:
    """Best one-to-one matching ignoring order (greedy on similarity), and whether it crosses."""
    gap = GAP_MIDDLE["western"] * 2
    pairs = sorted(
        ((_similarity(a, b), i, j) for i, a in enumerate(q) for j, b in enumerate(c)),
        key=lambda item: -item[0][0],
    )
    used_q: set[int] = set()
    used_c: set[int] = set()
    matched: list[tuple[int, int]] = []
    loss = 0.0
    for (sim, _, factor), i, j in pairs:
        if sim <= SIM_LOW or i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        matched.append((i, j))
        loss += (q[i].weight + c[j].weight) * 0.5 * factor
    wq = [t.weight for t in q]
    wc = [t.weight for t in c]
    rest, conflicts, miss_q, miss_c = _pair_up(
        [i for i in range(len(q)) if i not in used_q],
        [j for j in range(len(c)) if j not in used_c],
        wq,
        [gap * w for w in wq],
        wc,
        [gap * w for w in wc],
    )
    ordered = sorted(matched)
    crossing = any(b[1] < a[1] for a, b in itertools.pairwise(ordered))
    return _Alignment(loss + rest, tuple(ordered), tuple(conflicts), tuple(miss_q), tuple(miss_c)), crossing


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
                return (*a[:k], token, *a[k + size :])
    return None


# --- scoring ------------------------------------------------------------------------------------


def _mass(tokens: tuple[Token, ...]) -> float:
    return sum(_chain_costs(tokens, ARABIC)[0])


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
    alignment: _Alignment,
) -> list[dict[str, str]]:
    """Per-part explanations of an alignment, in the order of the record's chain."""
    q_roles = query.roles if len(q) == len(query.tokens) else ("name",) * len(q)
    c_roles = candidate.roles if len(c) == len(candidate.tokens) else ("name",) * len(c)
    items: list[tuple[float, dict[str, str]]] = []
    for i, j in alignment.matched:
        sim, how = token_similarity(q[i], c[j])
        role = q_roles[i] if query.explicit and not candidate.explicit else c_roles[j]
        if q_roles[i] != c_roles[j] and "first" in (q_roles[i], c_roles[j]):
            how = "moved"
        items.append((j, _reason(role, how, q[i].text, c[j].text, sim)))
    for i, j in alignment.conflicts:
        sim, _ = token_similarity(q[i], c[j])
        how = "moved" if sim > SIM_LOW else "different"  # the same name, but out of its place
        items.append((j, _reason(c_roles[j], how, q[i].text, c[j].text, sim)))
    for i in alignment.missing_q:
        items.append((i - 0.5, _reason(q_roles[i], "missing_in_candidate", q[i].text, "", 0.0)))
    for j in alignment.missing_c:
        items.append((j, _reason(c_roles[j], "missing_in_query", "", c[j].text, 0.0)))
    items.sort(key=lambda item: item[0])
    return [reason for _, reason in items]


def _person_score(query: NameChain, candidate: NameChain) -> MatchResult:
    q, c = query.tokens, candidate.tokens
    if not q or not c:
        return MatchResult(0.0, False, [])
    shape = ARABIC if (query.shape == ARABIC or candidate.shape == ARABIC) else "western"
    if (shape != ARABIC or len(q) != len(c)) and (query.script == LA or candidate.script == LA):
        q, c = _merge_split_words(q, c)
    wq = _chain_costs(q, shape)[0]
    wc = _chain_costs(c, shape)[0]
    mass = (sum(wq) + sum(wc)) * 0.5
    if mass <= 0:
        return MatchResult(0.0, False, [])
    alignment = _align(q, c, shape)
    value = 1.0 - alignment.loss / mass
    reordered = False
    if shape != ARABIC and value < 1.0 - REORDER:
        unordered, crossing = _unordered(q, c)
        alt = 1.0 - unordered.loss / mass - REORDER
        if crossing and alt > value:
            value, alignment, reordered = alt, unordered, True
    if shape == ARABIC and (0, 0) in alignment.conflicts and _similarity(q[0], c[0])[0] <= SIM_LOW:
        # Two different first names: two people, however long the lineage they share (brothers).
        value = min(value, FIRST_NAME_DIFFERS)
    value = max(0.0, min(1.0, value))
    only_initials = max(wq) == INITIAL_WEIGHT or max(wc) == INITIAL_WEIGHT  # cheap test first
    if value > INITIALS_ONLY and only_initials and (all(t.initial for t in q) or all(t.initial for t in c)):
        value = INITIALS_ONLY  # "N.N." says too little to identify anyone
    mother: _Alignment | None = None
    if query.mother and candidate.mother:
        m_full = (_mass(query.mother) + _mass(candidate.mother)) * 0.5
        mother = _align(query.mother, candidate.mother, ARABIC)
        m_value = max(0.0, 1.0 - mother.loss / m_full)
        m_mass = m_full * MOTHER_SHARE
        value = (value * mass + m_value * m_mass) / (mass + m_mass)
    value = round(value, 4)

    def explain() -> list[dict[str, str]]:
        reasons = _reasons(query, candidate, q, c, alignment)
        if reordered:
            reasons.append(_reason("chain", "reordered", query.text, candidate.text, value))
        if mother is not None:
            mq, mc = query.mother, candidate.mother
            for i, j in mother.matched:
                sim, how = token_similarity(mq[i], mc[j])
                reasons.append(_reason("mother", how, mq[i].text, mc[j].text, sim))
            for i, j in mother.conflicts:
                reasons.append(_reason("mother", "different", mq[i].text, mc[j].text, 0.0))
            for i in mother.missing_q:
                reasons.append(_reason("mother", "missing_in_candidate", mq[i].text, "", 0.0))
            for j in mother.missing_c:
                reasons.append(_reason("mother", "missing_in_query", "", mc[j].text, 0.0))
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
                return (*b[:k], token, *b[k + size :])
    return b


def score(query: NameChain, candidate: NameChain) -> MatchResult:
    """Compare two parsed names; see the module docstring for the model."""
    if query.kind == ORG or candidate.kind == ORG:
        return _org_score(query, candidate)
    return _person_score(query, candidate)
