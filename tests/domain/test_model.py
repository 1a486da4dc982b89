"""Agency names as the registry compares them (`bot.domain.model.name_key`, `Registry.resolve`)."""

from __future__ import annotations

from bot.domain.model import Agency, Group, Registry, name_key


def test_names_compare_without_case_marks_punctuation_or_the_spelling_of_ubnd() -> None:
    assert name_key("Sở Lao động - Thương binh & Xã hội") == name_key("sở lao động thương binh và xã hội")
    assert name_key("Ủy ban nhân dân các huyện") == name_key("UBND các huyện")
    assert name_key("Uỷ ban nhân dân tỉnh") == name_key("UBND tỉnh")  # the old placement of the mark too
    assert name_key("Ủy ban Mặt trận Tổ quốc") != name_key("UBND Mặt trận Tổ quốc")  # only the whole phrase


def test_a_group_named_ubnd_resolves_when_written_out() -> None:
    registry = Registry(
        "demo",
        "Tỉnh Demo",
        [Agency("so-y-te", "Sở Y tế", "so")],
        [Group("ubnd-huyen", "UBND các huyện", aliases=("UBND các huyện, thành phố",))],
    )
    resolved = registry.resolve("Ủy ban nhân dân các huyện, thành phố")
    assert resolved is not None and resolved.id == "ubnd-huyen" and resolved.is_group
