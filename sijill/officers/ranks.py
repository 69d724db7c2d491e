"""Police and military ranks as ordered data (no Django): a promotion must go up this ladder.

Non-commissioned ranks come first, then the commissioned ranks from ملازم to مشير. The labels in
both languages live in ``models.Rank`` (translated); this module only knows codes and order.
"""

from __future__ import annotations

NON_COMMISSIONED = (
    "constable",  # شرطي
    "corporal",  # عريف
    "sergeant",  # رقيب
    "staff_sergeant",  # رقيب أول
    "warrant_officer",  # مساعد
    "chief_warrant_officer",  # مساعد أول
)
COMMISSIONED = (
    "second_lieutenant",  # ملازم
    "first_lieutenant",  # ملازم أول
    "captain",  # نقيب
    "major",  # رائد
    "lieutenant_colonel",  # مقدم
    "colonel",  # عقيد
    "brigadier",  # عميد
    "major_general",  # لواء
    "lieutenant_general",  # فريق
    "field_marshal",  # مشير
)
RANK_ORDER: tuple[str, ...] = NON_COMMISSIONED + COMMISSIONED
_POSITION = {code: i for i, code in enumerate(RANK_ORDER)}


def position(code: str) -> int:
    """The rank's place on the ladder (0 = lowest); KeyError for an unknown rank."""
    return _POSITION[code]


def is_rank(code: str) -> bool:
    return code in _POSITION


def is_higher(new: str, old: str) -> bool:
    """True when ``new`` is strictly above ``old``."""
    return position(new) > position(old)


def is_commissioned(code: str) -> bool:
    return code in COMMISSIONED
