"""Parsing a name into an ordered chain of parts.

An Arabic personal name is a *chain*: the person's name, the father's, the grandfather's (and
further ancestors), then the family name; records often add the mother's name. The order carries
meaning — علي محمد الزوي is the father of محمد علي الزوي — so the chain keeps it, and the scorer
compares it place by place. Western names (given names then surname, sometimes "Surname, Given")
and organisation names are parsed too, because the same engine screens lists that contain them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from ._data import read_table
from .normalization import normalize
from .tokens import AR, LA, NUM, Token, tokenize

__all__ = ["ARABIC", "ORG", "PERSON", "WESTERN", "NameChain", "parse_name"]

PERSON = "person"
ORG = "org"
ARABIC = "arabic"
WESTERN = "western"

_ROLE_ORDER = ("first", "father", "grandfather", "family")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z]|[A-Z]{2,}\b)")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def _load_legal() -> tuple[dict[tuple[str, ...], str], int]:
    forms: dict[tuple[str, ...], str] = {}
    longest = 1
    for row in read_table("legal_forms.tsv"):
        words = tuple(normalize(row["form"]).split())
        if words:
            forms[words] = row["class"]
            longest = max(longest, len(words))
    return forms, longest


_LEGAL, _LEGAL_LONGEST = _load_legal()
_ORG_WEIGHT: dict[str, float] = {normalize(row["word"]): float(row["weight"]) for row in read_table("org_words.tsv")}
_NUMBER_WORDS: dict[str, int] = {row["word"]: int(row["value"]) for row in read_table("number_words.tsv")}
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th|er|e|eme)$")
_ROMAN = {
    numeral: value
    for value, numeral in enumerate(
        [
            "i",
            "ii",
            "iii",
            "iv",
            "v",
            "vi",
            "vii",
            "viii",
            "ix",
            "x",
            "xi",
            "xii",
            "xiii",
            "xiv",
            "xv",
            "xvi",
            "xvii",
            "xviii",
            "xix",
            "xx",
        ],
        start=1,
    )
}
_PARENS = re.compile(r"[()\[\]]")
_LEGAL_LONG = [(form, " ".join(form), cls) for form, cls in _LEGAL.items() if len(" ".join(form)) >= 8]


@dataclass(frozen=True, slots=True)
class NameChain:
    """A parsed name: ordered parts with their places, plus what was given.

    ``tokens`` are the parts in order (first, father, grandfather, …, family for an Arabic chain);
    ``roles`` names the place of each part; ``mother`` holds the mother's name when given.
    """

    original: str
    tokens: tuple[Token, ...]
    roles: tuple[str, ...]
    mother: tuple[Token, ...] = ()
    kind: str = PERSON
    """``person`` or ``org``."""
    shape: str = ARABIC
    """``arabic`` (ordered patronymic chain), ``western`` (given names + surname) or ``org``."""
    script: str = AR
    """``ar``, ``la``, ``mixed``, ``xx`` (another script) or '' (empty)."""
    legal: frozenset[str] = field(default_factory=frozenset)
    """Legal-form classes of an organisation name (ltd, llc, ag, …)."""
    explicit: bool = False
    """Parts were given one by one (roles known) rather than as one string."""
    weights: tuple[float, ...] = ()
    """Weight of each word of an organisation name (generic words and qualifiers weigh less)."""

    @property
    def parts(self) -> tuple[str, ...]:
        """Canonical spelling of each part, in order."""
        return tuple(token.label for token in self.tokens)

    @property
    def text(self) -> str:
        """The canonical parts joined by spaces."""
        return " ".join(self.parts)

    def part(self, role: str) -> Token | None:
        """The (first) part in ``role`` (first, father, grandfather, family), if any."""
        for token, token_role in zip(self.tokens, self.roles, strict=True):
            if token_role == role:
                return token
        return None

    def __len__(self) -> int:
        return len(self.tokens)


def _roles_for(count: int, shape: str) -> tuple[str, ...]:
    """Place of each part of a chain read from one string."""
    if count == 0:
        return ()
    if shape == ORG:
        return ("name",) * count
    if count == 1:
        return ("first",)
    if shape == WESTERN:
        return ("first",) + ("middle",) * (count - 2) + ("family",)
    if count == 2:
        return ("first", "family")
    if count == 3:
        return ("first", "father", "family")
    return ("first", "father", "grandfather") + ("ancestor",) * (count - 4) + ("family",)


def _script_of(tokens: tuple[Token, ...]) -> str:
    scripts = {t.script for t in tokens if t.script != NUM}
    if not scripts:
        return "" if not tokens else NUM
    if len(scripts) == 1:
        return next(iter(scripts))
    return "mixed"


def _shape_of(tokens: tuple[Token, ...]) -> str:
    """Arabic-shaped (order matters) or Western (given names may move)?"""
    if any(t.script == AR for t in tokens):
        return ARABIC
    arabic_signs = sum(1 for t in tokens if t.canon or t.prefix or t.al or t.ben)
    if tokens and (arabic_signs * 2 >= len(tokens) or any(t.prefix or t.ben for t in tokens)):
        return ARABIC
    return WESTERN


def _prepare_latin(text: str, person: bool) -> str:
    """Split glued words (VladimirPutin) and turn "Surname, Given" round, before normalising."""
    if not _LATIN_LETTER.search(text):
        return text
    text = _CAMEL.sub(" ", text)
    if person and text.count(",") == 1:
        head, tail = (piece.strip() for piece in text.split(","))
        tail_words = normalize(tail).split()
        if head and tail_words and tail_words[-1] not in ("jr", "sr", "ii", "iii"):
            text = f"{tail} {head}"
    return text


@lru_cache(maxsize=131072)
def _person_tokens(text: str) -> tuple[Token, ...]:
    words = normalize(_prepare_latin(text, True)).split()
    # A legal form after a person's name ("Nicolás Maduro SA") is noise, not a name part.
    while len(words) > 2 and (words[-1],) in _LEGAL:
        words.pop()
    return tuple(tokenize(" ".join(words)))


def _dedupe_western(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """ "Sergey Sergey Shoigu": a repeated part of a Western name is a typing slip (in an
    Arabic chain it is not: محمد محمد is a son named after his father)."""
    out: list[Token] = []
    seen: set[str] = set()
    for token in tokens:
        if token.cmp in seen and not token.initial:
            continue
        seen.add(token.cmp)
        out.append(token)
    return tuple(out)


def _legal_at(words: list[str], i: int) -> tuple[int, str]:
    """Length and class of a legal form starting at ``words[i]`` (0 if none). Long forms are
    also recognised misspelt or cut short (Aktiengeselschaft, JOINT STOCK COMPAN)."""
    for size in range(min(_LEGAL_LONGEST, len(words) - i), 0, -1):
        form = tuple(words[i : i + size])
        if form in _LEGAL:
            return size, _LEGAL[form]
    for size in range(min(_LEGAL_LONGEST, len(words) - i), 0, -1):
        joined = " ".join(words[i : i + size])
        for form_words, form_text, cls in _LEGAL_LONG:
            if len(form_words) != size or abs(len(form_text) - len(joined)) > 2:
                continue
            if Levenshtein.normalized_similarity(joined, form_text) >= 0.88:
                return size, cls
    return 0, ""


def _org_words(text: str) -> tuple[list[tuple[str, bool]], frozenset[str]]:
    """Words of an organisation name without legal forms and stop words, each flagged when it
    stood in parentheses (a qualifier such as a country weighs less)."""
    tagged: list[tuple[str, bool]] = []
    for index, segment in enumerate(_PARENS.split(_CAMEL.sub(" ", text))):
        tagged.extend((word, index % 2 == 1) for word in normalize(segment).split())
    words = [word for word, _ in tagged]
    classes: set[str] = set()
    kept: list[tuple[str, bool]] = []
    i = 0
    while i < len(tagged):
        size, cls = _legal_at(words, i)
        if size:
            classes.add(cls)
            i += size
        else:
            kept.append(tagged[i])
            i += 1
    if not any(_ORG_WEIGHT.get(w, 1.0) > 0 for w, _ in kept):
        # Nothing but legal forms / stop words: keep the words themselves ("Company").
        kept, classes = tagged, set()
    out: list[tuple[str, bool]] = []
    number: int | None = None
    number_paren = False
    for index, (word, paren) in enumerate(kept):
        value = _number_value(word)
        if value is None and word in _ROMAN and index > 0 and len(kept[index - 1][0]) > 1:
            value = _ROMAN[word]
        if value is not None:
            if number is not None and number % 10 == 0 and 0 < value < 10 and number >= 20:
                number += value  # forty four / forty 4 → 44
            else:
                if number is not None:
                    out.append((str(number), number_paren))
                number, number_paren = value, paren
            continue
        if number is not None:
            out.append((str(number), number_paren))
            number = None
        if _ORG_WEIGHT.get(word, 1.0) == 0:
            continue
        out.append((word, paren))
    if number is not None:
        out.append((str(number), number_paren))
    return out, frozenset(classes)


def _number_value(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    match = _ORDINAL.match(word)
    if match:
        return int(match.group(1))
    return None


def parse_name(
    full: str | None = None,
    *,
    first: str | None = None,
    father: str | None = None,
    grandfather: str | None = None,
    family: str | None = None,
    mother: str | None = None,
    kind: str = PERSON,
) -> NameChain:
    """Parse a full name string (Arabic or Latin script) or explicit parts into a chain.

    With explicit parts the places are known; a full string is read as first, father,
    grandfather, …, family (Arabic chain) or given names then surname (Western name).
    ``kind="org"`` parses an organisation name (legal forms such as Ltd/GmbH set apart).
    Never raises: an empty or unreadable name gives an empty chain.
    """
    original = full if isinstance(full, str) else ""
    if kind == ORG:
        words, legal = _org_words(original)
        org_tokens: list[Token] = []
        weights_list: list[float] = []
        for paren in (False, True):
            segment = " ".join(word for word, flag in words if flag == paren)
            for token in tokenize(segment, person=False):
                org_tokens.append(token)
                weights_list.append(org_word_weight(token) * (0.35 if paren else 1.0))
        tokens = tuple(org_tokens)
        return NameChain(
            original=original,
            tokens=tokens,
            roles=_roles_for(len(tokens), ORG),
            kind=ORG,
            shape=ORG,
            script=_script_of(tokens),
            legal=legal,
            weights=tuple(weights_list),
        )
    explicit_parts = (first, father, grandfather, family)
    mother_tokens = _person_tokens(mother) if isinstance(mother, str) and mother else ()
    if any(isinstance(part, str) and part.strip() for part in explicit_parts):
        tokens_list: list[Token] = []
        roles_list: list[str] = []
        for role, part in zip(_ROLE_ORDER, explicit_parts, strict=True):
            if not isinstance(part, str):
                continue
            for token in _person_tokens(part):
                tokens_list.append(token)
                roles_list.append(role)
        tokens = tuple(tokens_list)
        if not original:
            original = " ".join(part for part in explicit_parts if isinstance(part, str) and part.strip())
        return NameChain(
            original=original,
            tokens=tokens,
            roles=tuple(roles_list),
            mother=mother_tokens,
            kind=PERSON,
            shape=_shape_of(tokens),
            script=_script_of(tokens),
            explicit=True,
        )
    tokens = _person_tokens(original)
    shape = _shape_of(tokens)
    if shape == WESTERN:
        tokens = _dedupe_western(tokens)
    return NameChain(
        original=original,
        tokens=tokens,
        roles=_roles_for(len(tokens), shape),
        mother=mother_tokens,
        kind=PERSON,
        shape=shape,
        script=_script_of(tokens),
    )


def org_word_weight(token: Token) -> float:
    """Weight of a word in an organisation name (generic words such as Group weigh less)."""
    if token.script == NUM:
        return 0.25
    if token.script == LA or token.script == AR:
        return _ORG_WEIGHT.get(token.text, 1.0)
    return 1.0
