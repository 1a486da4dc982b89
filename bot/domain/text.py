"""Text folding shared by name resolution and the deadline parser."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "d"})


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese tone and vowel marks: "Quý IV" -> "Quy IV", "Đầu" -> "dau"-ready."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case, diacritic-free, single-spaced form used to compare what people type."""
    return _SPACES.sub(" ", strip_diacritics(unicodedata.normalize("NFC", text)).lower()).strip()
