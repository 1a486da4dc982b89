"""Word's automatic numbering (`bot.importer.numbering`) on numbering definitions written by hand."""

from __future__ import annotations

from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from bot.importer.numbering import DocxNumbering

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _xml(body: str) -> Any:
    return etree.fromstring(f'<w:root xmlns:w="{W}">{body}</w:root>')[0]


def _numbering(levels: str, nums: str = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>') -> Any:
    return _xml(
        f'<w:numbering><w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum>{nums}</w:numbering>'
    )


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def _p(num_id: str | None = "1", ilvl: int | None = 0) -> Any:
    parts = ([f'<w:ilvl w:val="{ilvl}"/>'] if ilvl is not None else []) + (
        [f'<w:numId w:val="{num_id}"/>'] if num_id is not None else []
    )
    return _xml(f"<w:p><w:pPr><w:numPr>{''.join(parts)}</w:numPr></w:pPr></w:p>")


def _labels(numbering: DocxNumbering, paragraphs: list[Any]) -> list[str]:
    return [numbering.label(p, None) for p in paragraphs]


def test_formats_count_as_word_shows_them() -> None:
    numbering = DocxNumbering(_numbering(_lvl(0, "upperRoman", "%1.", start=3)), lambda _: None)
    assert _labels(numbering, [_p() for _ in range(4)]) == ["III.", "IV.", "V.", "VI."]
    letters = DocxNumbering(_numbering(_lvl(0, "lowerLetter", "%1)", start=25)), lambda _: None)
    assert _labels(letters, [_p() for _ in range(4)]) == ["y)", "z)", "aa)", "bb)"]
    zero = DocxNumbering(_numbering(_lvl(0, "decimalZero", "%1.", start=9)), lambda _: None)
    assert _labels(zero, [_p(), _p()]) == ["09.", "10."]
    other = DocxNumbering(_numbering(_lvl(0, "ordinal", "Bước %1:")), lambda _: None)
    assert _labels(other, [_p(), _p()]) == ["Bước 1:", "Bước 2:"]  # a format it does not know: decimals


def test_levels_reset_below_and_legal_numbering_shows_decimals() -> None:
    levels = (
        _lvl(0, "upperRoman", "%1.")
        + _lvl(1, "decimal", "%1.%2.", extra="<w:isLgl/>")
        + _lvl(2, "bullet", "o")
    )
    numbering = DocxNumbering(_numbering(levels), lambda _: None)
    paragraphs = [_p(ilvl=0), _p(ilvl=1), _p(ilvl=2), _p(ilvl=1), _p(ilvl=0), _p(ilvl=1)]
    assert _labels(numbering, paragraphs) == ["I.", "1.1.", "-", "1.2.", "II.", "2.1."]


def test_a_level_used_before_its_parent_shows_the_parent_at_its_start() -> None:
    numbering = DocxNumbering(
        _numbering(_lvl(0, "decimal", "%1.") + _lvl(1, "decimal", "%1.%2.")), lambda _: None
    )
    assert _labels(numbering, [_p(ilvl=1), _p(ilvl=1)]) == ["1.1.", "1.2."]


def test_lists_sharing_a_definition_continue_unless_restarted() -> None:
    nums = (
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )
    numbering = DocxNumbering(_numbering(_lvl(0, "decimal", "%1."), nums), lambda _: None)
    paragraphs = [_p("1"), _p("1"), _p("2"), _p("3"), _p("3"), _p("1")]
    assert _labels(numbering, paragraphs) == ["1.", "2.", "3.", "1.", "2.", "3."]


def test_style_numbering_and_what_is_not_numbered() -> None:
    numbering = DocxNumbering(
        _numbering(_lvl(0, "decimal", "%1.")), lambda style: ("1", 0) if style == "H" else None
    )
    plain = _xml("<w:p/>")
    assert numbering.label(plain, "H") == "1."  # numbered by its style
    assert numbering.label(plain, "Normal") == ""
    assert numbering.label(_p(num_id="0"), "H") == ""  # numId 0: numbering removed on the paragraph
    assert numbering.label(_p(num_id="7"), None) == ""  # a list the numbering part does not define
    assert numbering.label(_p(num_id=None, ilvl=0), "H") == "2."  # level on the paragraph, list from style
    assert DocxNumbering(None, lambda _: None).label(_p(), None) == ""  # a document without numbering
    broken = DocxNumbering(_numbering('<w:lvl w:ilvl="x"><w:start w:val="?"/></w:lvl>'), lambda _: None)
    assert broken.label(_p(), None) == "1."  # unreadable values fall back to Word's defaults


def test_a_damaged_start_is_clamped_not_counted_to() -> None:
    roman = DocxNumbering(_numbering(_lvl(0, "upperRoman", "%1.", start=99999999999)), lambda _: None)
    assert roman.label(_p(), None) == "MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMDCCLXVII."  # 32767, Word's largest
    letters = DocxNumbering(_numbering(_lvl(0, "lowerLetter", "%1)", start=999999999999)), lambda _: None)
    assert len(letters.label(_p(), None)) < 2000


def test_a_list_defined_by_a_list_style_uses_the_style_s_levels_and_counts_on_with_it() -> None:
    levels = _lvl(0, "upperRoman", "%1.") + _lvl(1, "decimal", "%2.")
    numbering = _xml(
        "<w:numbering>"
        f'<w:abstractNum w:abstractNumId="0"><w:styleLink w:val="DeMuc"/>{levels}</w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="DeMuc"/></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        "</w:numbering>"
    )
    docx = DocxNumbering(numbering, lambda _: None, lambda style: "1" if style == "DeMuc" else None)
    assert _labels(docx, [_p("2", 0), _p("2", 1), _p("1", 0), _p("2", 1)]) == ["I.", "1.", "II.", "1."]
