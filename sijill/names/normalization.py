"""Character-level normalisation of names (Arabic and Latin script).

``normalize`` produces the *search form* of a text: what two spellings of the same name have in
common at the level of single characters. It never raises and is idempotent, so it can be applied
to stored data and to queries alike.

* Arabic: harakat, shadda, sukun, dagger alef, Quranic marks and tatweel are removed; the hamza
  seats fold (أ إ آ ٱ → ا, ؤ → و, ئ → ي), a bare ء is dropped, ة → ه and ى → ي; Persian and
  presentation-form letters fold onto the Arabic ones (ک → ك, ی → ي, گ → ق, پ → ب, چ → ش, ﻻ → لا).
* Latin and other scripts: lower case, accents removed (é → e, ğ → g), ß → ss, ø → o, …
* Digits: Arabic-Indic (٠-٩) and Persian (۰-۹) digits become ASCII digits.
* Punctuation: apostrophes and ayn/hamza signs vanish (Qa'ida → qaida); other punctuation and
  symbols except ``&`` become spaces; invisible direction marks and ZWNJ vanish; spaces collapse.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["is_arabic_letter", "normalize"]


def _build_table() -> dict[int, str | None]:
    """One ``str.translate`` table doing every per-character fold at once (built at import)."""
    table: dict[int, str | None] = {}
    # Marks (harakat etc.), format characters (ZWNJ, RLM, ...) and controls vanish; punctuation,
    # symbols and separators become spaces. Only the BMP is scanned: it holds every script we fold.
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        category = unicodedata.category(chr(code))
        if category in ("Mn", "Me", "Mc", "Cf", "Cc", "Co", "Cn"):
            table[code] = None
        elif category[0] in ("P", "S", "Z"):
            table[code] = " "
    for ch in "\t\n\r\x0b\x0c":
        table[ord(ch)] = " "
    table[ord("&")] = " & "
    # Apostrophes and the signs used for ayn / hamza in transliteration: joined, not split.
    for ch in "'\u2019\u2018`\u00b4\u02bb\u02bc\u02be\u02bf\u02c8\u055a\u2032":
        table[ord(ch)] = None
    arabic = {
        "\u0640": None,  # tatweel
        "\u0621": None,  # bare hamza ء
        "\u0674": None,  # high hamza
        "\u0671": "\u0627",  # alef wasla ٱ
        "\u0672": "\u0627",
        "\u0673": "\u0627",
        "\u0675": "\u0627",
        "\u0629": "\u0647",  # ة → ه
        "\u06c3": "\u0647",  # ۃ
        "\u06d5": "\u0647",  # ە
        "\u06be": "\u0647",  # ھ
        "\u06c1": "\u0647",  # ہ
        "\u0649": "\u064a",  # ى → ي
        "\u06cc": "\u064a",  # ی
        "\u06d2": "\u064a",  # ے
        "\u06d0": "\u064a",
        "\u06a9": "\u0643",  # ک
        "\u06aa": "\u0643",
        "\u06ad": "\u0643",  # ڭ
        "\u06af": "\u0642",  # گ: in Libyan writing the g of ق
        "\u06a8": "\u0642",  # ڨ
        "\u06a4": "\u0641",  # ڤ
        "\u06a5": "\u0641",
        "\u067e": "\u0628",  # پ
        "\u0686": "\u0634",  # چ → ش: written ch in Latin letters (Chaudhry, Achakzai), as ش is
        "\u0698": "\u0632",  # ژ
        "\u0679": "\u062a",
        "\u0688": "\u062f",
        "\u0691": "\u0631",
        "\u06ba": "\u0646",
        "\u06bb": "\u0646",
    }
    for src, dst in arabic.items():
        table[ord(src)] = dst
    for i in range(10):
        table[0x0660 + i] = str(i)  # Arabic-Indic digits
        table[0x06F0 + i] = str(i)  # Persian digits
    latin = {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ŀ": "l",
        "ħ": "h",
        "ŧ": "t",
        "ĸ": "k",
        "ŋ": "ng",
    }
    for src, dst in latin.items():
        table[ord(src)] = dst
    return table


_TABLE = _build_table()
_ASCII_TABLE = {code: value for code, value in _TABLE.items() if code < 128}
# Arabic letters that NFKD would decompose (hamza and madda seats), folded directly so that plain
# Arabic text can skip the (slow) Unicode decomposition.
_FAST_TABLE = dict(_TABLE)
for _src, _dst in {
    "آ": "ا",  # آ
    "أ": "ا",  # أ
    "إ": "ا",  # إ
    "ؤ": "و",  # ؤ
    "ئ": "ي",  # ئ
    "ۀ": "ه",  # ۀ
    "ۂ": "ه",
    "ۓ": "ي",
}.items():
    _FAST_TABLE[ord(_src)] = _dst
_SIMPLE = re.compile("[^\x00-\x7f\u0600-\u06ff]")


def _fast(text: str) -> str | None:
    """Plain ASCII or Arabic-block text: one translate, already a fixed point."""
    if text.isascii():
        return " ".join(text.lower().translate(_ASCII_TABLE).split())
    if _SIMPLE.search(text) is None:
        return " ".join(text.lower().translate(_FAST_TABLE).split())
    return None


def _pass(text: str) -> str:
    if text.isascii():
        folded = text.lower().translate(_ASCII_TABLE)
    elif _SIMPLE.search(text) is None:
        folded = text.lower().translate(_FAST_TABLE)
    else:
        folded = unicodedata.normalize("NFKD", text)
        folded = unicodedata.normalize("NFKD", folded.casefold())
        folded = folded.translate(_TABLE)
        if not folded.isascii():
            # Marks and format characters outside the BMP (rare): drop them too.
            folded = "".join(ch for ch in folded if ord(ch) < 0x10000 or unicodedata.category(ch)[0] not in ("M", "C"))
    return " ".join(folded.split())


def normalize(text: str) -> str:
    """Search form of ``text``; idempotent, never raises (non-strings give their ``str``)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    fast = _fast(text)
    if fast is not None:
        return fast
    result = _pass(text)
    # Compatibility decompositions can expose characters that a second pass folds further
    # (e.g. "㎒" → "MHz"); iterate to the fixed point so that normalize(normalize(x)) == normalize(x).
    for _ in range(4):
        again = _pass(result)
        if again == result:
            return result
        result = again
    return result


def is_arabic_letter(ch: str) -> bool:
    """True for a letter of the Arabic block (after normalisation)."""
    return "\u0620" <= ch <= "\u064a" or "\u066e" <= ch <= "\u06d3" or "\u06fa" <= ch <= "\u06ff"
