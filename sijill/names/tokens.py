"""Name parts: turning a normalised name into its parts, and the table of known names.

A *part* (``Token``) is what fills one place of a name chain: a given name, a father's name, a
family name. Particles are folded into the part they belong to:

* ``عبد`` + next word is one part (عبد الرازق = عبدالرازق; Abdel Razek = Abd al-Razik);
* ``أبو`` / ``ابو`` / ``بو`` + next word is one part (بوخمادة = بو خمادة = أبو خمادة; Abu/Abou/Bou);
* ``... الدين`` / ``... الله`` / ``... الإسلام`` join the word before (نور الدين = نورالدين);
* the article ``ال`` / al- / el- is noted on the part and ignored when comparing (الورفلي ~ ورفلي);
* ``بن`` / ``ابن`` / ``بنت`` / ``ولد`` / bin / ibn / ben / ould are noted on the next part;
* leading titles (الحاج, العقيد, Dr, Mr) are dropped.

Known names (given_names.tsv, family_names.tsv) give each part a *canonical* identity shared by
all its Arabic and Latin spellings (امحمد = محمد = Mohamed) and a frequency, from which the
weight of the part follows: common names (محمد, علي) tell less about a person than rare ones.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from ._data import read_table, split_values
from .normalization import is_arabic_letter, normalize
from .translit import _PREFIX_SKELETONS, arabic_fold, arabic_skeleton, latin_key, latin_skeleton, transliterate

__all__ = [
    "COLLISIONS",
    "KNOWN",
    "NICKNAMES",
    "UNREGISTERED",
    "KnownName",
    "Token",
    "lookup",
    "tokenize",
    "weight_of",
]

INITIAL_WEIGHT = 0.35
"""Weight of an initial (J. in "Hans J. Friedrich"): it tells little."""
AR = "ar"
LA = "la"
NUM = "num"
OTHER = "xx"
UNREAD = "un"
"""A script the engine does not read (Devanagari, Bengali, Chinese, Thai…): its names are compared
only with names of the same script, never with Arabic or Latin ones (a transliteration of an
abugida or of Chinese characters, with its vowel signs stripped, says nothing reliable)."""
_READ_BLOCKS = ((0x0370, 0x052F), (0x0530, 0x05FF), (0x10A0, 0x10FF), (0x1C80, 0x1CBF), (0x1F00, 0x1FFF))
"""Alphabets read through their transliteration (anyascii): Greek, Cyrillic, Armenian, Hebrew, Georgian."""

_PREFIX_TEXT = {AR: {"abd": "عبد", "bu": "بو"}, LA: {"abd": "abd", "bu": "bu"}}
_PREFIX_SKEL = _PREFIX_SKELETONS

_PARTICLES: dict[str, str] = {normalize(row["form"]): row["kind"] for row in read_table("particles.tsv")}
_KEEP_AL = frozenset(form for form, kind in _PARTICLES.items() if kind == "keep_al")
_SUN_ARTICLES = frozenset(
    [
        "ar",
        "as",
        "ad",
        "at",
        "az",
        "an",
        "ash",
        "al",
        "el",
        "ul",
        "ur",
        "us",
        "ud",
        "un",
        "ut",
        "uz",
        "ed",
        "es",
        "er",
        "en",
        "et",
        "ez",
        "ad",
        "as",
        "ir",
        "is",
        "id",
    ]
)
_LATIN_SUFFIX_BASE = {
    "din": "din",
    "deen": "din",
    "dine": "din",
    "eddine": "din",
    "uddin": "din",
    "uddine": "din",
    "eldin": "din",
    "eddin": "din",
    "aldin": "din",
    "uldin": "din",
    "allah": "lah",
    "ullah": "lah",
    "illah": "lah",
}
_GLUED_DIN = re.compile(r"(?<=[a-z]{3})[aeu]l(?=d+(?:in|een|ine)$)")
_GLUED_BEN = re.compile(r"^(?:ben|bin|ibn|ould)(?=[a-z]{3})")
_GLUED_IZAFA = re.compile(r"^([a-z]{3,}?)(ul|ur|ud|us|uz)([a-z]{3,})$")
_IZAFA = re.compile(r"^([a-z]{3,}?)(?:ur|ul|ud|us|uz|ut|un|ush)$")
_AFTER_ARTICLE = frozenset(
    [
        *("rahman", "rehman", "rahim", "islam", "haq", "huq", "hoque", "haque", "huda", "din", "deen"),
        *("amin", "alam", "karim", "aziz", "bari", "kabir", "latif", "jabbar", "qadir", "kader", "qader"),
        *("razzaq", "zaman", "hasan", "hassan", "hossain", "hussain", "majid", "hakim", "wahab", "ghani"),
    ]
)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g"})
_VOWELS_Y = frozenset("aeiouy")
_ABD_LATIN = re.compile(r"^abd(?:[aeiou]{1,2}l(?=[a-z]{2})|[aeiou]{1,2}(?=[^aeiou]))?")


@dataclass(slots=True, eq=False)
class Token:
    """One part of a name, with everything needed to compare and index it.

    Identity-hashed (``eq=False``): tokens are interned by :func:`_make`, so two equal spellings
    normally share one object and comparisons can be cached by identity.
    """

    text: str
    """Normalised spelling as written, particles glued (عبدالرازق, بوخماده, الورفلي)."""
    script: str
    """``ar``, ``la`` (Latin), ``num`` (digits) or ``xx`` (another script)."""
    prefix: str
    """``abd``, ``bu`` or ``''``."""
    words: tuple[str, ...]
    """The words of the part without particles (two for نور الدين)."""
    cmp: str
    """Comparison spelling: prefix + words, article dropped; Arabic folded or Latin phonetic key."""
    skel: str
    """Consonant skeleton shared by both scripts (keys for retrieval)."""
    lat: str
    """Latin phonetic key: ``cmp`` for Latin, of the usual transliteration for other scripts."""
    canon: str
    """Canonical identity when the name is known (the Arabic comparison spelling), else ''."""
    weight: float
    """How much the part tells about a person: 1 for a rare name, about 0.45 for محمد."""
    al: bool
    """Written with the article (ال, al-, el-)."""
    ben: bool
    """Preceded by بن / ابن / bin / ben / ould."""
    initial: bool
    """A single Latin letter (an initial)."""

    @property
    def label(self) -> str:
        """Canonical spelling when known, else the normalised spelling."""
        known = KNOWN.get(self.canon) if self.canon else None
        return known.display if known is not None else self.text

    def __repr__(self) -> str:
        return f"Token({self.text!r}, canon={self.canon!r}, skel={self.skel!r}, w={self.weight:.2f})"


@dataclass(slots=True)
class KnownName:
    """A name of the tables: its display spelling, frequency and kind."""

    display: str
    canon: str
    skel: str
    permille_male: float = 0.0
    permille_female: float = 0.0
    permille_family: float = 0.0

    @property
    def share(self) -> float:
        """Largest share (0..1) of people bearing the name in any place of a chain."""
        return max(self.permille_male, self.permille_female, self.permille_family) / 1000.0


KNOWN: dict[str, KnownName] = {}
"""Canonical identity → known name."""
_LOOKUP: dict[tuple[str, str], str] = {}
"""(script, comparison spelling) → canonical identity."""
COLLISIONS: list[tuple[str, str, str]] = []
"""Spellings listed under two different names (spelling, first name, second name): data errors."""
UNREGISTERED: list[str] = []
"""Spellings of the tables that do not read as one part (data errors)."""
NICKNAMES: dict[str, str] = {}
"""Latin key of a Western short form → Latin key of its full form (nicknames.tsv)."""
AMBIGUOUS: dict[str, frozenset[str]] = {}
"""Latin spelling as written (normalised) → the canonical names it may stand for
(ambiguous_latin.tsv). As written, not by phonetic key: Salim may be سالم, Saleem is سليم."""


def weight_of(share: float) -> float:
    """Weight of a part from the share of people bearing it (0 = unknown, treated as rare)."""
    if share <= 0.0:
        return 1.0
    rarity = min(1.0, -math.log10(share) / 4.0)
    return 0.25 + 0.75 * rarity


def lookup(script: str, cmp: str) -> str:
    """Canonical identity of a comparison spelling, or ''."""
    return _LOOKUP.get((script, cmp), "")


def _script_of_word(word: str) -> str:
    if word.isascii():
        if word.isdigit():
            return NUM
        return LA
    for ch in word:
        if is_arabic_letter(ch):
            return AR
    for ch in word:
        if ch.isalpha():
            code = ord(ch)
            if code < 0x0250 or any(lo <= code <= hi for lo, hi in _READ_BLOCKS):
                return OTHER
            return UNREAD
    return OTHER


def _cmp_of(script: str, prefix: str, words: tuple[str, ...]) -> str:
    if script == AR:
        body = "".join(arabic_fold(w) for w in words)
    elif script == LA:
        body = "".join(latin_key(w) for w in words)
    else:
        body = "".join(words)
    return _PREFIX_TEXT.get(script, {}).get(prefix, "") + body


def _other_latin(words: tuple[str, ...]) -> str:
    """Latin key of a word in another script (Cyrillic, Greek, CJK…), via anyascii."""
    return latin_key(normalize(anyascii("".join(words))).replace(" ", ""))


def _skel_of(script: str, prefix: str, words: tuple[str, ...]) -> str:
    if script == AR:
        body = "".join(arabic_skeleton(w) for w in words)
    elif script == LA:
        # Nasreldin = Nasr al-Din = نصر الدين: the l of a glued article before "din" is not written
        # in the Arabic skeleton (الدين joins its name as دين).
        body = "".join(latin_skeleton(latin_key(_GLUED_DIN.sub("", w))) for w in words)
    else:
        body = latin_skeleton(_other_latin(words))
    skel = _PREFIX_SKEL.get(prefix, "") + body
    out: list[str] = []
    for ch in skel:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=262144)
def _make(script: str, prefix: str, words: tuple[str, ...], text: str, al: bool, ben: bool) -> Token:
    """Interned construction of a part (the expensive work runs once per distinct spelling)."""
    cmp = _cmp_of(script, prefix, words)
    canon = _LOOKUP.get((script, cmp), "")
    if not canon and script == LA and prefix == "bu":
        canon = _LOOKUP.get((script, latin_key("bu" + "".join(words))), "")
    if not canon and script == LA and not prefix and len(words) == 1:
        bare = _latin_without_article(words[0])
        known_bare = _LOOKUP.get((script, latin_key(bare)), "") if bare else ""
        if known_bare:
            # Elbashir, Ettaher, Elssadig: the article glued to a known name (Sudan, the Maghreb).
            # An unknown one keeps its spelling; the comparison with Arabic reads it both ways.
            words, al, canon = (bare,), True, known_bare
            cmp = _cmp_of(script, prefix, words)
    known = KNOWN.get(canon) if canon else None
    if known is not None:
        skel = known.skel
        weight = weight_of(known.share)
    else:
        skel = _skel_of(script, prefix, words)
        weight = 1.0
    initial = script == LA and len(cmp) == 1 and not prefix
    if initial:
        weight = INITIAL_WEIGHT
    elif script == NUM:
        weight = 0.5
    if not skel:
        skel = "~" + cmp[:8]
    if script == UNREAD:
        skel = "~" + cmp[:12]  # keys meet only the same native spelling
    if script == LA:
        lat = cmp
    elif script in (OTHER, UNREAD):
        lat = _other_latin(words)
    else:
        # The usual Latin spelling of an Arabic part, to compare it with a Latin one.
        lat = (_PREFIX_TEXT[LA].get(prefix, "")) + latin_key(normalize(transliterate(" ".join(words))).replace(" ", ""))
    return Token(
        text=text,
        script=script,
        prefix=prefix,
        words=words,
        cmp=cmp,
        skel=skel,
        lat=lat,
        canon=canon,
        weight=weight,
        al=al,
        ben=ben,
        initial=initial,
    )


_GLUED_ARTICLE = re.compile(r"^(?:[ae]l(?=[^aeiouy])|[ae](?=(sh|[stdzrn])\1))")


def _latin_without_article(word: str) -> str:
    """A Latin word without the article glued to its front (eltayeb → tayeb, essebsi → sebsi,
    elssadig → sadig), or '' when it has none or what is left is too short to be a name."""
    match = _GLUED_ARTICLE.match(word)
    if match is None:
        return ""
    rest = word[match.end() :]
    if rest.startswith(("ss", "tt", "dd", "zz", "rr", "nn")):
        rest = rest[1:]
    return rest if len(rest) >= 4 else ""


def _split_arabic(word: str) -> tuple[str, tuple[str, ...], bool]:
    """Glued particles of one Arabic word → (prefix, words, article)."""
    prefix = ""
    rest = word
    if rest.startswith("عبد") and len(rest) >= 6:
        prefix, rest = "abd", rest[3:]
    elif rest.startswith("ابو") and len(rest) >= 6:
        prefix, rest = "bu", rest[3:]
    elif rest.startswith("بو") and len(rest) >= 5:
        prefix, rest = "bu", rest[2:]
    article = False
    if rest.startswith("ال") and len(rest) >= 4 and rest not in _KEEP_AL:
        article, rest = True, rest[2:]
    words: tuple[str, ...] = (rest,)
    if not prefix:
        for suffix, base in (("الدين", "دين"), ("الله", "له"), ("الاسلام", "اسلام")):
            if rest.endswith(suffix) and len(rest) >= len(suffix) + 2:
                words = (rest[: -len(suffix)], base)
                break
    return prefix, words, article


def _split_latin(word: str) -> tuple[str, str]:
    """Glued particles of one Latin word → (prefix, rest)."""
    if word.startswith("abd") and len(word) >= 6:
        match = _ABD_LATIN.match(word)
        rest = word[match.end() :] if match else word[3:]
        if len(rest) >= 2:
            return "abd", rest
    for head in ("abou", "abu", "abo", "bou"):
        if word.startswith(head) and len(word) - len(head) >= 3:
            return "bu", word[len(head) :]
    return "", word


def tokenize(text: str, *, person: bool = True, table: bool = False) -> list[Token]:
    """Parts of a normalised name, particles folded in (see the module docstring).

    ``person`` enables the rules for personal names (initials, digits read as letters); for
    organisations single letters are joined into one word (A.B.C. → abc). ``table`` reads a
    spelling of the name tables, where a leading "Ben" is the particle (Ben Halim), not a name.
    """
    raw = text.split()
    if not person:
        raw = _join_initials(raw)
    tokens: list[Token] = []
    prefix = ""
    prefix_text = ""
    article = False
    ben = False
    n = len(raw)
    i = 0
    while i < n:
        word = raw[i]
        i += 1
        if word == "&":
            continue
        if person and not word.isalpha() and any(ch.isalpha() for ch in word):
            word = word.translate(_LEET)
        kind = _PARTICLES.get(word, "")
        if (
            person
            and not kind
            and 2 <= len(word) <= 3
            and word.isascii()
            and word.isalpha()
            and not _VOWELS_Y.intersection(word)
            and not table
            and (LA, latin_key(word)) not in _LOOKUP  # Md, Mhd: short forms of a name
        ):
            raw[i:i] = list(word[1:])  # "JC Juncker": initials written together
            n = len(raw)
            word = word[0]
        has_next = i < n
        if kind == "title" and person and not tokens and not prefix and has_next and _PARTICLES.get(raw[i]) != "suffix":
            continue  # (نقيب الله is a name, not the rank نقيب)
        if kind == "honorific" and person and not prefix and has_next:
            continue  # Haji, Mullah, Maulavi: dropped wherever they stand, except as the last word
        if kind == "connector" and (tokens or table or word != "ben") and has_next:
            ben = True
            continue
        if kind == "article" and has_next:
            article = True
            continue
        if kind == "bu" and has_next:
            prefix, prefix_text = "bu", word
            continue
        if kind == "abd" and has_next:
            prefix, prefix_text = "abd", word
            if raw[i] in _SUN_ARTICLES and i + 1 < n:
                article = True
                i += 1
            continue
        if word in _SUN_ARTICLES and has_next and _PARTICLES.get(raw[i]) == "suffix":
            continue  # the "ud" of "Salah ud-Din"
        if person and not kind and not prefix and word.isascii():
            glued = _GLUED_IZAFA.match(word)
            if (
                glued
                and glued.group(3) in _AFTER_ARTICLE
                and not _ABD_LATIN.match(word)
                and glued.group(1) not in _PARTICLES
            ):
                # Ziaulhaq = Zia ul Haq = ضياء الحق: the name, the article and the next name in one word.
                raw[i:i] = ["al", glued.group(3)]
                n = len(raw)
                has_next = True
                word = glued.group(1)
        if person and has_next and not kind and not prefix and word.isascii():
            izafa = _IZAFA.match(word)
            if izafa and raw[i] in _AFTER_ARTICLE:
                # Mujibur Rahman = مجيب الرحمن, Rafiqul Islam = رفيق الإسلام: the article of the
                # next word written at the end of this one (Bengali and Urdu spellings).
                tokens.append(_word_token(izafa.group(1), "", "", article, ben))
                prefix, prefix_text, ben = "", "", False
                article = True
                continue
        if (kind == "suffix" or (word == "islam" and article)) and tokens and not prefix:
            tokens[-1] = _join_suffix(tokens[-1], word)
            article = False
            continue
        if kind == "western" and person and has_next and tokens:
            continue
        if kind == "western" and person and not has_next and tokens and word in ("jr", "sr"):
            continue
        if person and tokens and not kind and not prefix and word.isascii():
            glued = _GLUED_BEN.match(word)
            if glued and (LA, latin_key(word[glued.end() :])) in _LOOKUP:
                word, ben = word[glued.end() :], True  # Benali = Ben Ali, Ouldahmed = Ould Ahmed
        token = _word_token(word, prefix, prefix_text, article, ben)
        tokens.append(token)
        prefix, prefix_text, article, ben = "", "", False, False
    return tokens


def _join_initials(words: list[str]) -> list[str]:
    """A.B.C. arrives as "a b c": join runs of single letters into one word."""
    out: list[str] = []
    run: list[str] = []
    for word in words:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if run:
            out.append("".join(run))
            run = []
        out.append(word)
    if run:
        out.append("".join(run))
    return out


@lru_cache(maxsize=262144)
def _word_token(word: str, prefix: str, prefix_text: str, article: bool, ben: bool) -> Token:
    script = _script_of_word(word)
    if script == AR:
        glued_prefix, words, glued_article = _split_arabic(word)
        if prefix and glued_prefix:
            words = (_PREFIX_TEXT[AR][glued_prefix] + words[0], *words[1:])
        prefix = prefix or glued_prefix
        article = article or glued_article
        text = (_PREFIX_TEXT[AR][prefix] if prefix else "") + ("ال" if article else "") + words[0]
        if len(words) > 1:
            text += "ال" + words[1]
        return _make(AR, prefix, words, text, article, ben)
    if script == LA:
        if prefix:
            base = word
            if prefix == "abd" and len(word) >= 4 and word[:2] in ("al", "el", "ul"):
                base = word[2:]  # "Abd Allah" = "Abdallah"; "Abdel Aziz" keeps its vowel
        else:
            prefix, base = _split_latin(word)
        text = (prefix_text + " " if prefix_text else "") + ("al " if article else "") + word
        return _make(LA, prefix, (base,), text, article, ben)
    return _make(script, prefix, (word,), word, article, ben)


def _join_suffix(head: Token, word: str) -> Token:
    """نور + الدين → one part; Saif + al-Din → one part."""
    if head.script == AR:
        words = (*head.words, word.removeprefix("ال"))
        return _make(AR, head.prefix, words, head.text + word, head.al, head.ben)
    if head.script == LA:
        words = (*head.words, _LATIN_SUFFIX_BASE.get(word, word))
        return _make(LA, head.prefix, words, head.text + " " + word, head.al, head.ben)
    return head


# --- the tables of known names ------------------------------------------------------------------


def _register(script: str, cmp: str, canon: str, spelling: str) -> None:
    key = (script, cmp)
    existing = _LOOKUP.get(key)
    if existing is None:
        _LOOKUP[key] = canon
    elif existing != canon:
        COLLISIONS.append((spelling, KNOWN[existing].display, KNOWN[canon].display))


def _single(text: str) -> Token | None:
    tokens = tokenize(normalize(text), table=True)
    return tokens[0] if len(tokens) == 1 else None


def _load_known() -> None:
    """Read given_names.tsv and family_names.tsv into KNOWN and the spelling lookup."""
    sources: list[tuple[dict[str, str], str]] = [(row, "given") for row in read_table("given_names.tsv")] + [
        (row, "family") for row in read_table("family_names.tsv")
    ]
    for row, source in sources:
        head = _single(row["canonical"])
        if head is None or head.script != AR:
            UNREGISTERED.append(row["canonical"])
            continue
        canon = head.cmp
        known = KNOWN.get(canon)
        if known is None:
            known = KnownName(display=normalize(row["canonical"]), canon=canon, skel=head.skel)
            if head.skel.startswith("~"):
                known.skel = head.skel
            KNOWN[canon] = known
        permille = float(row.get("permille") or 0)
        if source == "family":
            known.permille_family = max(known.permille_family, permille)
        elif row.get("sex") == "f":
            known.permille_female = max(known.permille_female, permille)
        else:
            known.permille_male = max(known.permille_male, permille)
        _register(AR, canon, canon, row["canonical"])
        for spelling in split_values(row.get("arabic", "")):
            token = _single(spelling)
            if token is None or token.script != AR:
                UNREGISTERED.append(spelling)
                continue
            _register(AR, token.cmp, canon, spelling)
        for spelling in split_values(row.get("latin", "")):
            token = _single(spelling)
            if token is None or token.script != LA:
                UNREGISTERED.append(spelling)
                continue
            _register(LA, token.cmp, canon, spelling)
    for row in read_table("nicknames.tsv"):
        NICKNAMES[latin_key(row["short"])] = latin_key(row["full"])
    for row in read_table("ambiguous_latin.tsv"):
        latin = _single(row["latin"])
        names = [_single(name) for name in split_values(row["names"])]
        canons = [t.cmp for t in names if t is not None and t.cmp in KNOWN]
        if latin is None or latin.script != LA or len(set(canons)) < 2 or len(canons) != len(names):
            UNREGISTERED.append(row["latin"])
            continue
        AMBIGUOUS[latin.text] = frozenset(canons)
        if (LA, latin.cmp) not in _LOOKUP:
            _register(LA, latin.cmp, canons[0], row["latin"])
    # Parts made while loading were built before their names were known.
    _make.cache_clear()
    _word_token.cache_clear()


_load_known()
