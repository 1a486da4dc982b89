"""What the importer must not do: small plans on which an earlier rule misfired (leads, times, titles)."""

from __future__ import annotations

import pytest

from bot.importer.draft import make_draft
from bot.importer.template import template_registry

HEAD = "Số: 12/KH-UBND\n\nHải Dương, ngày 10 tháng 01 năm 2024\n\nKẾ HOẠCH\nTên kế hoạch\n\nII. NHIỆM VỤ\n\n"
REGISTRY = template_registry("hai-duong", "Tỉnh Hải Dương")


def _tasks(body: str) -> list[tuple[list[str], str]]:
    return [
        ([x["name"] for x in t.lead], t.deadline["phrase"]) for t in make_draft(HEAD + body, REGISTRY).tasks
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(  # a coordinator's sentence and a closing time stay with the lead's task
            "1. Sở Y tế chủ trì tổ chức hội nghị tập huấn. Sở Tài chính phối hợp bố trí kinh phí. Hoàn thành "
            "trước ngày 30/6/2024.\n",
            [(["Sở Y tế"], "Hoàn thành trước ngày 30/6/2024")],
            id="coordinator-sentence",
        ),
        pytest.param(
            "1. Sở Y tế tổ chức tập huấn. UBND tỉnh giao Sở Tài chính cân đối, bố trí kinh phí.\n",
            [(["Sở Y tế"], "")],
            id="giao-sentence",
        ),
        pytest.param(
            "1. Sở Y tế tổ chức tập huấn. Chủ tịch UBND các huyện chịu trách nhiệm nếu để xảy ra sai phạm.\n",
            [(["Sở Y tế"], "")],
            id="sanction-sentence",
        ),
        pytest.param(
            "Bước 1. Chuẩn bị (tháng 9/2024)\n\na) Sở Y tế chủ trì tập huấn. Sở Tài chính bố trí kinh phí.\n",
            [(["Sở Y tế"], "tháng 9/2024"), (["Sở Tài chính"], "tháng 9/2024")],
            id="step-period-reaches-every-part",
        ),
        pytest.param(
            "Bước 1. Chuẩn bị (tháng 9/2024)\n\nBước 2: UBND cấp xã rà soát danh sách hộ nghèo (tháng 11/2024)\n\n"
            "a) Sở Y tế kiểm tra kết quả rà soát.\n",
            [(["UBND cấp xã"], "tháng 11/2024"), (["Sở Y tế"], "")],
            id="step-that-is-a-task-ends-the-step-before",
        ),
        pytest.param(
            "1. Sở Nội vụ chủ trì xây dựng đề án (thời gian: quý II/2024), trình UBND tỉnh phê duyệt (thời gian: "
            "quý III/2024).\n",
            [(["Sở Nội vụ"], "quý II/2024"), (["Sở Nội vụ"], "quý III/2024")],
            id="colon-inside-brackets-is-no-lead",
        ),
        pytest.param(
            "1. Các huyện tổ chức tuyên truyền trước ngày 30/6/2024.\n",
            [(["Các huyện"], "Trước ngày 30/6/2024")],
            id="a-sentence-is-not-a-name",
        ),
        pytest.param(
            "2. Sở Nông nghiệp và Phát triển nông thôn chủ trì tổ chức trồng rừng phòng hộ theo danh mục tại Phụ "
            "lục II.\n",
            [(["Sở Nông nghiệp và Phát triển nông thôn"], "")],
            id="a-task-naming-the-appendix-is-a-task",
        ),
    ],
)
def test_rules_do_not_misfire(body: str, expected: list[tuple[list[str], str]]) -> None:
    assert _tasks(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "1. Sở Y tế:\n\na) Tổng hợp kết quả, báo cáo UBND tỉnh.\n\nHoàn thành: Trước ngày 25/5/2025.\n",
            [(["Sở Y tế"], "Trước ngày 25/5/2025")],
            id="hoan-thanh-label-line",
        ),
        pytest.param(
            "1. Phòng Y tế kiểm tra an toàn thực phẩm từ ngày 02/01/2025 đến ngày 25/01/2025.\n\n"
            "2. Phòng Văn hóa và Thông tin tổ chức thăm, tặng quà trước Tết Nguyên đán Ất Tỵ.\n\n"
            "3. Phòng Nội vụ chi trả trợ cấp, xong trước ngày 20/01/2025 (ngày 21 tháng Chạp).\n",
            [
                (["Phòng Y tế"], "Từ ngày 02/01/2025 đến ngày 25/01/2025"),
                (["Phòng Văn hóa và Thông tin"], "Trước Tết Nguyên đán Ất Tỵ"),
                (["Phòng Nội vụ"], "Xong trước ngày 20/01/2025 (ngày 21 tháng Chạp)"),
            ],
            id="inline-range-tet-and-lunar-date",
        ),
        pytest.param(
            "1. Giám đốc các sở, Thủ trưởng các ban, ngành tỉnh, Chủ tịch UBND các huyện, thành phố\n\n"
            "a) Xây dựng kế hoạch thực hiện, gửi Sở Nội vụ trước ngày 31/5/2024.\n",
            [
                (
                    ["các sở", "Thủ trưởng các ban, ngành tỉnh", "Chủ tịch UBND các huyện, thành phố"],
                    "Trước ngày 31/5/2024",
                )
            ],
            id="titles-before-the-bodies-of-a-heading",
        ),
        pytest.param(
            "**Sở Y tế:**\n\n- Chỉ đạo các đơn vị y tế giám sát chủ động các ổ dịch.\n\n"
            "**Sở Tài chính:**\n\n- Thẩm định, bố trí kinh phí thực hiện Kế hoạch.\n",
            [(["Sở Y tế"], ""), (["Sở Tài chính"], "")],
            id="unnumbered-bold-agency-headings",
        ),
        pytest.param(
            "TT\tNội dung\tĐơn vị chủ trì\tThời gian\n1\tRà soát chính sách hỗ trợ\tSở Tư pháp\tQuý II/2025\n"
            "2\tĐề xuất sửa đổi chính sách\tNhư trên\tQuý III/2025\n",
            [(["Sở Tư pháp"], "Quý II/2025"), (["Sở Tư pháp"], "Quý III/2025")],
            id="nhu-tren-lead-cell",
        ),
    ],
)
def test_times_and_leads_as_printed(body: str, expected: list[tuple[list[str], str]]) -> None:
    assert _tasks(body) == expected


def test_a_long_column_title_is_still_a_header_and_a_label_line_is_not_a_title() -> None:
    draft = make_draft(
        HEAD + "STT\tNội dung công việc\tCơ quan chủ trì tham mưu, thực hiện\tCơ quan phối hợp\t"
        "Thời gian trình UBND tỉnh xem xét, ban hành\n1\tRà soát văn bản quy phạm pháp luật\tSở Tư pháp\t"
        "Các sở, ngành\tQuý II/2024\n\n1. Sở Y tế tổ chức tập huấn cho cán bộ y tế cơ sở.\n\n- Thời gian: Quý III/2024.\n",
        REGISTRY,
    )
    row, item = draft.tasks
    assert ([x["name"] for x in row.lead], row.deadline["phrase"]) == (["Sở Tư pháp"], "Quý II/2024")
    assert item.title == "Sở Y tế tổ chức tập huấn cho cán bộ y tế cơ sở"  # not the label's "Quý III/2024"
    assert item.deadline["phrase"] == "Quý III/2024"


def test_places_named_after_an_agency_are_kept_as_coordinators() -> None:
    (task,) = make_draft(
        HEAD
        + "1. Sở Y tế chủ trì, phối hợp với Công an tỉnh, thành phố Chí Linh, thị xã Kinh Môn tổ chức kiểm "
        "tra.\n",
        REGISTRY,
    ).tasks
    assert [x["name"] for x in task.support] == ["Công an tỉnh", "thành phố Chí Linh", "thị xã Kinh Môn"]
