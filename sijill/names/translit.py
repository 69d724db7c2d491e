"""Phonetic keys shared by Arabic and Latin script.

Three representations of one *word* (a name part without its particles):

* ``arabic_fold`` — Arabic letters with the dialect confusions folded (ظ/ض, ذ/ز, ث/ت), used to
  compare two Arabic spellings;
* ``latin_key`` — a coarse phonetic spelling of a Latin word (latin_phonetic.tsv), used to compare
  two Latin spellings and to look Latin spellings up in the name tables;
* ``skeleton`` — the consonant classes of the word in an alphabet common to both scripts
  (arabic_letters.tsv, latin_skeleton.tsv): "Gaddafi", "Qadhafi" and "القذافي" are all ``KDF``.
  It is what the retrieval keys are made of, so a Latin query finds an Arabic record.

``transliterate`` writes an Arabic name in Latin letters (one of several usual spellings), for
display and for the benchmark generator.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from functools import lru_cache

from ._data import read_table, split_values

__all__ = [
    "ARABIC_SKELETON",
    "arabic_fold",
    "arabic_skeleton",
    "arabic_skeleton_variants",
    "latin_key",
    "latin_skeleton",
    "transliterate",
]

_ARABIC_ROWS = read_table("arabic_letters.tsv")
ARABIC_SKELETON: dict[str, str] = {
    row["letter"]: ("" if row["skeleton"] == "-" else row["skeleton"]) for row in _ARABIC_ROWS
}
_ARABIC_ALSO: dict[str, str] = {row["letter"]: row.get("also", "") for row in _ARABIC_ROWS if row.get("also")}
_CLASSES_WITH_SELF = {**ARABIC_SKELETON, **{cls: cls for cls in set(ARABIC_SKELETON.values()) if cls}}
_ARABIC_FOLD = str.maketrans({row["letter"]: row["fold"] for row in _ARABIC_ROWS})
_ARABIC_LATIN: dict[str, list[str]] = {
    row["letter"]: [v.replace("_", "") for v in split_values(row["latin"])] for row in _ARABIC_ROWS
}
_LATIN_RULES: list[tuple[str, str]] = [(row["from"], row["to"]) for row in read_table("latin_phonetic.tsv")]
_LATIN_SKELETON: dict[str, str] = {row["letter"]: row["skeleton"] for row in read_table("latin_skeleton.tsv")}
_VOWELS = frozenset("aeiouy")
_PREFIX_SKELETONS = {"abd": "BD", "bu": "B"}
"""Skeleton of the particles glued to a part (tokens.py uses the same)."""
_C_SOFT = re.compile(r"c(?=[eiy])")
_NON_LETTERS = re.compile(r"[^a-z$]")


def arabic_fold(word: str) -> str:
    """Arabic word with dialect letter confusions folded (ظ→ض, ذ→ز, ث→ت)."""
    return word.translate(_ARABIC_FOLD)


def _dedupe(classes: list[str]) -> str:
    out: list[str] = []
    for cls in classes:
        if cls and (not out or out[-1] != cls):
            out.append(cls)
    return "".join(out)


@lru_cache(maxsize=65536)
def arabic_skeleton(word: str) -> str:
    """Consonant skeleton of a normalised Arabic word (no article, no particle).

    و and ي count only at the start of the word (elsewhere they write long vowels), a final ه
    (nearly always ة) is dropped, and repeated classes collapse: مؤمن → MN, قرين → KRN.
    """
    return _skeleton(word, ARABIC_SKELETON)


@lru_cache(maxsize=65536)
def arabic_skeleton_variants(word: str) -> tuple[str, ...]:
    """The word's skeleton and those it has when its letters are read as other conventions write
    them (the ``also`` column of arabic_letters.tsv: ث as s, ج as g), at most 8."""
    variants = [word]
    for i, ch in enumerate(word):
        also = _ARABIC_ALSO.get(ch)
        if also and len(variants) < 8:
            # The class letter itself stands in the word (the classes map it to itself).
            variants += [v[:i] + also + v[i + 1 :] for v in variants]
    out: list[str] = []
    for variant in variants:
        skeleton = _skeleton(variant, _CLASSES_WITH_SELF)
        if skeleton not in out:
            out.append(skeleton)
    return tuple(out)


def _skeleton(word: str, classes_of: Mapping[str, str]) -> str:
    """The one skeleton rule for both scripts, so that Arabic and Latin land on the same key."""
    classes: list[str] = []
    for i, ch in enumerate(word):
        cls = classes_of.get(ch, "")
        if cls in ("W", "Y") and i > 0:
            cls = ""
        classes.append(cls)
    # A final H is dropped (ة written ه; Latin spellings drop it too: Fatima, Saleh → F-T-M, S-L).
    while classes and classes[-1] == "":
        classes.pop()
    if classes and classes[-1] == "H":
        classes.pop()
    return _dedupe(classes)


@lru_cache(maxsize=65536)
def latin_key(word: str) -> str:
    """Coarse phonetic spelling of a lower-case ASCII word (see latin_phonetic.tsv)."""
    s = _NON_LETTERS.sub("", word)
    if not s:
        return ""
    if s[0] == "x":
        s = "s" + s[1:]  # a word-initial x is an s sound (Xi, Xavier), not ks
    elif s.startswith("ou") and len(s) > 2 and s[2] in "aeio":
        s = "w" + s[2:]  # French spelling of an initial و: Oualid = Walid, Ouanis = Wanis
    s = _C_SOFT.sub("s", s)
    for src, dst in _LATIN_RULES:
        if src in s:
            s = s.replace(src, dst)
    s = s.replace("c", "k")
    # y: a consonant before a vowel at the start of the word, a vowel elsewhere.
    s = "Y" + s[1:].replace("y", "i") if s.startswith("y") and len(s) > 1 and s[1] in _VOWELS else s.replace("y", "i")
    s = s.replace("Y", "y")
    out: list[str] = []
    for ch in s:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=65536)
def latin_skeleton(key: str) -> str:
    """Consonant skeleton of a :func:`latin_key` (w and y count only at the start; final h drops)."""
    return _skeleton(key, _LATIN_SKELETON)


def transliterate(arabic: str, rng: random.Random | None = None) -> str:
    """Latin spelling of a normalised Arabic text, word by word.

    Without ``rng`` the most usual spelling is used; with one, a random usual variant (the
    benchmark generator uses this to imitate the many ways clerks write one name). Short vowels
    are not written in Arabic; an ``a`` is inserted between two consonants, as most transliterations
    would, so that the result reads like a name.
    """
    words: list[str] = []
    for word in arabic.split():
        out: list[str] = []
        prev_consonant = False
        for i, ch in enumerate(word):
            options = _ARABIC_LATIN.get(ch)
            if options is None:
                out.append(ch)
                prev_consonant = False
                continue
            if ch == "ه" and i == len(word) - 1 and i > 0:
                out.append("a" if word[i - 1] not in "اوي" else "h")
                prev_consonant = False
                continue
            if ch in "وي" and i > 0:
                vowel = "ou" if ch == "و" else "i"
                if rng is not None:
                    vowel = rng.choice(["u", "ou", "o"] if ch == "و" else ["i", "i", "ee", "e"])
                if prev_consonant or i == len(word) - 1:
                    out.append(vowel)
                    prev_consonant = False
                    continue
            if i == 0 and ch == "و":
                options = ["w", "w", "ou"]  # a word-initial و is a consonant
            spelling = options[0] if rng is None else rng.choice(options)
            is_consonant = ch not in "اع"
            if ch == "ا":
                prev_consonant = False
                if i > 0 and out and out[-1] in ("a", "e"):
                    continue
            if is_consonant and prev_consonant and ch not in "وي":
                vowel = "a" if rng is None else rng.choice(["a", "a", "e", ""])
                if not vowel and spelling[:1] == "h" and out and out[-1][-1:] in "tsdkgcz":
                    vowel = "a"  # no accidental digraph: ط + ح is "tah", not "th"
                out.append(vowel)
            out.append(spelling)
            prev_consonant = is_consonant and bool(spelling)
        text = "".join(out)
        if text:
            words.append(text[0].upper() + text[1:])
    return " ".join(words)
