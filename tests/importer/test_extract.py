"""How the importer reads assignments from a plan's structure (each rule on a small plan of its own)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.domain.model import Agency, Group, Registry
from bot.importer.draft import DraftTask, make_draft, to_yaml
from bot.importer.fields import infer_lead

HEAD = "Số: 12/KH-UBND\n\nLạng Sơn, ngày 10 tháng 01 năm 2024\n\nKẾ HOẠCH\nNhiệm vụ trọng tâm năm 2024\n\n"


@pytest.fixture
def registry() -> Registry:
    agencies = [
        Agency("so-y-te", "Sở Y tế", "so", groups=("cac-so",)),
        Agency("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "so", groups=("cac-so",)),
        Agency("so-noi-vu", "Sở Nội vụ", "so", groups=("cac-so",)),
        Agency("so-tai-chinh", "Sở Tài chính", "so", groups=("cac-so",)),
        Agency(
            "so-tttt", "Sở Thông tin và Truyền thông", "so", merged_into="so-khcn", merged_on=date(2025, 3, 1)
        ),
        Agency("so-khcn", "Sở Khoa học và Công nghệ", "so", groups=("cac-so",)),
        Agency("cong-an-tinh", "Công an tỉnh", "khac"),
        Agency("bhxh-tinh", "Bảo hiểm xã hội tỉnh", "khac"),
        Agency("dang-doan-hdnd", "Đảng đoàn HĐND tỉnh", "khac"),
    ]
    groups = [
        Group("cac-so", "Các sở, ban, ngành", aliases=("Các sở, ngành",)),
        Group("lien-quan", "Các cơ quan, đơn vị liên quan", vague=True),
        Group("ubnd-huyen", "Ủy ban nhân dân các huyện, thành phố", aliases=("UBND các huyện, thành phố",)),
    ]
    return Registry("lang-son", "Tỉnh Lạng Sơn", agencies, groups)


def _draft(body: str, registry: Registry) -> list[DraftTask]:
    return make_draft(HEAD + body, registry).tasks


def _task(tasks: list[DraftTask], words: str) -> DraftTask:
    return next(t for t in tasks if words in t.text)


def _leads(task: DraftTask) -> list[str | None]:
    return [x["id"] for x in task.lead]


def test_directions_addressed_to_nobody_get_a_lead_by_field_flagged_as_inferred(registry: Registry) -> None:
    tasks = _draft(
        "I. MỤC ĐÍCH\n\nNâng cao chất lượng y tế cơ sở.\n\nII. CÁC NHIỆM VỤ TRỌNG TÂM\n\n"
        "1. Chỉ đạo phát triển du lịch\n\n"
        "- Chỉ đạo đổi mới công tác quảng bá, xúc tiến du lịch gắn với lễ hội truyền thống.\n\n"
        "- Chỉ đạo các bệnh viện nâng cao chất lượng khám, chữa bệnh và cung ứng thuốc.\n\n"
        "- Chỉ đạo Sở Tài chính bố trí kinh phí tổ chức Tuần Văn hóa - Du lịch.\n\n"
        "- Chỉ đạo các cơ quan, đơn vị liên quan nghiên cứu chính sách phát triển chuyển đổi số.\n\n"
        "III. TỔ CHỨC THỰC HIỆN\n",
        registry,
    )
    assert len(tasks) == 4  # the purpose section is not work
    tourism = _task(tasks, "quảng bá")
    assert _leads(tourism) == ["so-vhttdl"] and tourism.flags == ["lead_inferred"]
    health = _task(tasks, "bệnh viện")
    assert _leads(health) == ["so-y-te"] and "lead_inferred" in health.flags
    named = _task(tasks, "bố trí kinh phí")  # "Chỉ đạo X <verb>": X leads, nothing guessed
    assert _leads(named) == ["so-tai-chinh"] and named.flags == []
    vague = _task(tasks, "chuyển đổi số")  # a vague addressee is kept as coordinator; the field decides
    assert _leads(vague) == ["so-tttt"] and "lead_inferred" in vague.flags
    assert [x["id"] for x in vague.support] == ["lien-quan"]
    from bot.importer.draft import to_yaml

    text = to_yaml(
        make_draft(HEAD + "II. CÁC NHIỆM VỤ TRỌNG TÂM\n\n- Chỉ đạo quảng bá du lịch, lễ hội.\n", registry)
    )
    assert "    lead_inferred: true\n    lead_reason:" in text  # stays in the file after the comment goes


def test_general_solutions_naming_no_agency_are_not_assignments(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU\n\n"
        "1. Tăng cường tuyên truyền, nâng cao nhận thức về công tác y tế cơ sở.\n\n"
        "2. Sở Y tế chủ trì, phối hợp với Bảo hiểm xã hội tỉnh nâng cao chất lượng khám, chữa bệnh.\n",
        registry,
    )
    assert [_leads(t) for t in tasks] == [["so-y-te"]]
    assert [x["id"] for x in tasks[0].support] == ["bhxh-tinh"]


def test_a_numbered_agency_item_owns_the_paragraphs_that_follow_it(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ, GIẢI PHÁP\n\n"
        "1. Công an tỉnh: Chủ động nắm chắc tình hình an ninh, trật tự trên địa bàn.\n\n"
        "Tăng cường phòng ngừa, đấu tranh với các loại tội phạm, **hoàn thành trong tháng 6/2024**.\n\n"
        "2. Sở Nội vụ: Rà soát vị trí việc làm.\n",
        registry,
    )
    assert [_leads(t) for t in tasks] == [["cong-an-tinh"], ["so-noi-vu"]]
    assert "đấu tranh với các loại tội phạm" in tasks[0].text
    assert tasks[0].deadline["phrase"] == "hoàn thành trong tháng 6/2024"


def test_a_numbered_line_that_is_only_agency_names_heads_the_paragraphs_under_it(registry: Registry) -> None:
    tasks = _draft(
        "II. NỘI DUNG, NHIỆM VỤ, GIẢI PHÁP\n\n"
        "1. Đẩy nhanh tiến độ các chương trình mục tiêu quốc gia\n\n"  # a target programme, not a purpose
        "1.1. Sở Tài chính, Sở Nội vụ\n\n"
        "Rà soát, báo cáo tình hình thực hiện dự toán vốn sự nghiệp theo từng quý.\n\n"
        "Tham mưu điều chỉnh dự toán ngân sách nhà nước năm 2024.\n",
        registry,
    )
    assert [_leads(t) for t in tasks] == [["so-tai-chinh", "so-noi-vu"]] * 2


def test_a_leader_body_directing_is_the_lead(registry: Registry) -> None:
    tasks = _draft(
        "IV. TỔ CHỨC THỰC HIỆN\n\n"
        "1. Đảng đoàn HĐND tỉnh chỉ đạo: Tăng cường giám sát việc thực hiện chính sách xã hội.\n",
        registry,
    )
    assert [_leads(t) for t in tasks] == [["dang-doan-hdnd"]]
    assert tasks[0].lead[0]["name"] == "Đảng đoàn HĐND tỉnh"


def test_field_inference_prefers_the_body_that_exists_on_the_plans_date(registry: Registry) -> None:
    text = "Chỉ đạo đẩy mạnh chuyển đổi số, phát triển chính quyền số."
    assert infer_lead(text, "", registry, date(2024, 5, 1)) == "Sở Thông tin và Truyền thông"
    assert infer_lead(text, "", registry, date(2026, 1, 5)) == "Sở Khoa học và Công nghệ"
    assert infer_lead("Chỉ đạo tổ chức hội nghị.", "", registry) is None  # no field: no guess
    # the heading breaks no tie the text settles, but settles one the text leaves open
    assert infer_lead("Chỉ đạo rà soát.", "Phát triển du lịch", registry) == "Sở Văn hóa, Thể thao và Du lịch"


def test_an_appositive_after_the_name_does_not_hide_the_agency(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ, GIẢI PHÁP\n\n### 1. Sở Nội vụ - Cơ quan thường trực của Ban Chỉ đạo tỉnh\n\n"
        "- Chủ trì hướng dẫn, đôn đốc, theo dõi việc triển khai Kế hoạch.\n",
        registry,
    )
    assert [_leads(t) for t in tasks] == [["so-noi-vu"]] and tasks[0].flags == []


def test_a_bold_completion_in_words_is_the_deadline_even_without_a_date(registry: Registry) -> None:
    tasks = _draft(
        "II. CÁC NHIỆM VỤ TRỌNG TÂM\n\n"
        "1. Sở Y tế: Thẩm định kế hoạch lựa chọn nhà thầu mua thuốc. ***Hoàn thành khi phát sinh gói thầu.***\n\n"
        "2. Sở Tài chính: **Hoàn thành đầu tư** hệ thống quản lý tài sản công.\n",
        registry,
    )
    assert tasks[0].deadline["phrase"] == "Hoàn thành khi phát sinh gói thầu"
    assert tasks[1].deadline["phrase"] == ""  # a bold objective is not a time limit


TABLE = (
    "II. NHIỆM VỤ\n\nPHỤ LỤC\n\n"
    "TT\tMục tiêu\tNhiệm vụ\tHoạt động\tSản phẩm\tChủ trì\tPhối hợp\tThời gian\n"
    "1\tNâng cao chất lượng\t<b>Nhiệm vụ 1:</b> Kiểm tra văn bản\t<b>Hoạt động 1:</b> Tự kiểm tra văn bản "
    "của UBND tỉnh. <b>Hoạt động 2:</b> Kiểm tra văn bản theo thẩm quyền khi nhận được\tBáo cáo\tSở Nội vụ\t"
    "Sở Tài chính\tQuý II/2024\n"
    # a row that lost its first cell at a page break: every cell one place to the left
    "\t<b>Nhiệm vụ 2:</b> Tổng hợp kết quả chấm điểm chỉ số\t<b>Hoạt động 1:</b> Xây dựng báo cáo chỉ số "
    "năm 2024.\tBáo cáo\tSở Tài chính\tSở Nội vụ\tQuý III/2024\n"
    # the duty cell was merged over two rows: the second row's is empty
    "\t\t\t<b>Hoạt động 2:</b> Gửi báo cáo chỉ số về Bộ Nội vụ\tCông văn\tSở Tài chính\t\tQuý IV/2024\n"
)


def test_table_rows_are_aligned_on_their_numbered_cells_and_split_per_activity(registry: Registry) -> None:
    tasks = _draft(TABLE, registry)
    assert [t.title.split(":")[0] for t in tasks] == [
        "Hoạt động 1",
        "Hoạt động 2",
        "Hoạt động 1",
        "Hoạt động 2",
    ]
    first, second, shifted, merged = tasks
    assert first.ref.endswith("HĐ1") and second.ref.endswith("HĐ2") and first.id != second.id
    assert _leads(second) == ["so-noi-vu"] and second.deadline["phrase"] == "Quý II/2024"
    assert _leads(shifted) == ["so-tai-chinh"] and [x["id"] for x in shifted.support] == ["so-noi-vu"]
    assert shifted.deadline["phrase"] == "Quý III/2024" and shifted.output == "Báo cáo"
    # each activity is read under its duty, carried down the merged cell
    assert first.text.startswith("Nhiệm vụ 1: Kiểm tra văn bản\nHoạt động 1:")
    assert merged.text.startswith("Nhiệm vụ 2: Tổng hợp kết quả chấm điểm chỉ số\nHoạt động 2:")
    assert merged.deadline["phrase"] == "Quý IV/2024" and _leads(merged) == ["so-tai-chinh"]


def test_a_row_that_lost_two_cells_is_aligned_on_its_activity_not_its_duty(registry: Registry) -> None:
    """Seed 003's "3.2. Nhiệm vụ 2" rows: TT and Mục tiêu lost, an empty cell between duty and activity."""
    tasks = _draft(
        TABLE.split("1\tNâng cao")[0]
        + "<b>3.2. Nhiệm vụ 2:</b> Phân bổ kinh phí thủy lợi\t\t<b>Hoạt động 1:</b> Đánh giá chính sách hỗ trợ\t"
        "Tờ trình\tSở Tài chính\tSở Nội vụ\tNăm 2024\n",
        registry,
    )
    (task,) = tasks
    assert (_leads(task), task.output, task.deadline["phrase"]) == (["so-tai-chinh"], "Tờ trình", "Năm 2024")


def test_metadata_of_an_undated_party_plan() -> None:
    from bot.importer.extract import extract_meta

    text = (
        "KẾ HOẠCH\n\nthực hiện Nghị quyết số 42-NQ/TW ngày 24/11/2023 của Ban Chấp hành Trung ương\n\n"
        "Thực hiện Nghị quyết số 42-NQ/TW ngày 24/11/2023 và Kế hoạch số 19-KH/TW ngày 27/11/2023 của Bộ "
        "Chính trị; Ban Thường vụ Tỉnh ủy ban hành Kế hoạch triển khai thực hiện, cụ thể như sau:\n\n"
        "I- MỤC ĐÍCH, YÊU CẦU\n\nPhấn đấu đến năm 2030 và tầm nhìn đến năm 2045.\n\nT/M BAN THƯỜNG VỤ\n"
    )
    meta = extract_meta(text)
    assert meta.issuer == "Ban Thường vụ Tỉnh ủy"
    assert meta.year == 2024  # after the documents it implements, not the 2045 vision


def test_the_draft_validates_except_where_it_asks_for_a_person(tmp_path: Path) -> None:
    """Every seed's draft, saved as a schedule, loads with problems only at the tasks it flags no_lead."""
    import shutil

    from bot.importer.draft import to_yaml
    from bot.schedules.loader import load_schedules

    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"the seed documents are not here ({seeds})")
    shutil.copytree(Path("schedules/agencies"), tmp_path / "agencies")
    registries = load_schedules([tmp_path]).catalog.registries
    (tmp_path / "drafts").mkdir()
    flagged = 0
    for n, (seed, province) in enumerate(
        [
            ("000", "bac-giang"),
            ("001", "bac-giang"),
            ("002", "bac-giang"),
            ("003", "bac-giang"),
            ("004", "tuyen-quang"),
        ]
    ):
        text = next(seeds.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
        draft = make_draft(text, registries[province], plan_id=f"draft-{n}")
        flagged += sum(1 for t in draft.tasks if "no_lead" in t.flags)
        (tmp_path / "drafts" / f"{seed}.yaml").write_text(to_yaml(draft), encoding="utf-8")
    problems = [p for p in load_schedules([tmp_path]).problems if p.severity == "error"]
    assert all("«lead»" in p.message for p in problems), [str(p) for p in problems]
    assert len(problems) == flagged


def test_a_row_split_by_a_page_break_is_joined_across_a_page_number_and_a_repeated_header(
    registry: Registry,
) -> None:
    header = "<tr><td>TT</td><td>Nhiệm vụ</td><td>Cơ quan chủ trì</td><td>Cơ quan phối hợp</td><td>Thời gian</td></tr>"
    text = (
        "II. NHIỆM VỤ\n\n<table>" + header + "<tr><td>1</td><td>Cập nhật cơ sở dữ liệu cán bộ trên phần</td>"
        "<td>Sở Nội vụ</td><td>Sở Tài chính</td><td>Tháng 9/2024</td></tr></table>\n\n3\n\n<table>"
        + header
        + "<tr><td></td><td>mềm quản lý của tỉnh và kết nối với hệ thống quốc gia</td><td></td><td></td>"
        "<td></td></tr></table>\n"
    )
    (task,) = _draft(text, registry)
    assert (
        task.text
        == "Cập nhật cơ sở dữ liệu cán bộ trên phần mềm quản lý của tỉnh và kết nối với hệ thống quốc gia"
    )
    assert _leads(task) == ["so-noi-vu"] and task.deadline["phrase"] == "Tháng 9/2024"
    assert "joined_across_page_break" in task.flags


def test_a_remark_in_brackets_is_not_part_of_the_agency_name(registry: Registry) -> None:
    from bot.importer.extract import split_names

    printed = "Sở Tư pháp (đối với nhiệm vụ tự kiểm tra). Sở Nội vụ, Sở Tài chính (rà soát)"
    assert split_names(printed, registry) == ["Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính"]
    # a remark between two names with no separator left separates them
    printed = "Sở Tư pháp (đối với Kế hoạch của UBND tỉnh) Các Sở, ngành (đối với kế hoạch của mình)"
    assert split_names(printed, registry) == ["Sở Tư pháp", "Các Sở, ngành"]


def test_coordinators_end_where_the_registry_names_end(registry: Registry) -> None:
    (task,) = _draft(
        "II. NHIỆM VỤ\n\n1. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính nâng cấp Cổng thông tin của tỉnh.\n",
        registry,
    )
    assert [x["name"] for x in task.support] == ["Sở Tài chính"] and task.flags == []


def test_a_list_of_bodies_before_the_verb_leads_and_an_aside_is_no_task(registry: Registry) -> None:
    tasks = _draft(
        "IV. TỔ CHỨC THỰC HIỆN\n\n"
        "1. Sở Nội vụ, Sở Tài chính, Công an tỉnh xây dựng kế hoạch thực hiện trong phạm vi quản lý.\n\n"
        "(Có danh mục nhiệm vụ kèm theo)\n",
        registry,
    )
    assert [_leads(t) for t in tasks] == [["so-noi-vu", "so-tai-chinh", "cong-an-tinh"]]


def test_lettered_items_brackets_unit_words_and_the_closing_formula(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ CỤ THỂ\n\n1. Cải thiện chỉ số gia nhập thị trường\n\n"
        "a) Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rút ngắn thời gian đăng ký doanh nghiệp.\n\n"
        "b) Công khai thủ tục đầu tư trên Cổng thông tin điện tử tỉnh (Sở Nội vụ chủ trì, phối hợp với Sở Y tế), "
        "thời gian tổ chức trong Quý III/2024.\n\n"
        "2. Các sở, ngành, UBND các huyện, thành phố, thị xã\n\n- Rà soát thủ tục hành chính thuộc thẩm quyền.\n\n"
        "Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện; trong quá trình thực hiện, nếu có "
        "khó khăn, vướng mắc, kịp thời báo cáo UBND tỉnh.\n",
        registry,
    )
    assert [_leads(t) for t in tasks] == [["so-tai-chinh"], ["so-noi-vu"], ["cac-so", "ubnd-huyen"]]
    assert [x["id"] for x in tasks[1].support] == ["so-y-te"]
    assert tasks[1].deadline["phrase"] == "Trong Quý III/2024"
    assert (
        _draft(
            "II. NHIỆM VỤ\n\n1. Sở Nội vụ: Báo cáo kết quả định kỳ hằng quý (trước ngày 15 tháng cuối quý).\n",
            registry,
        )[0].deadline["phrase"]
        == "Định kỳ hằng quý (trước ngày 15 tháng cuối quý)"
    )
    assert all("nghiêm túc" not in t.text for t in tasks)  # the closing formula is nobody's task
    assert not any(f.startswith("unknown_agency") for t in tasks for f in t.flags)


def test_an_empty_lead_cell_under_a_lead_is_a_merged_cell(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\n| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn |\n|---|---|---|---|---|\n"
        "| **I** | **Bảo đảm an ninh cho khách du lịch** | | | |\n"
        "| 1 | Bảo đảm an ninh, trật tự tại các khu, điểm du lịch | Công an tỉnh | Sở Y tế | Thường xuyên |\n"
        "| 2 | Xử lý nghiêm các hành vi lừa đảo, chèo kéo khách du lịch | | | Thường xuyên |\n"
        "| **II** | **Nâng cao chất lượng dịch vụ** | | | |\n"
        "| 1 | Bồi dưỡng kỹ năng cho hướng dẫn viên du lịch | | | Quý II/2024 |\n",
        registry,
    )
    merged = _task(tasks, "lừa đảo")
    assert _leads(merged) == ["cong-an-tinh"] and "lead_from_row_above" in merged.flags
    assert [x["id"] for x in merged.support] == ["so-y-te"]
    # a new group starts afresh: the row is kept (it is dated) but no lead is carried into it
    fresh = _task(tasks, "Bồi dưỡng")
    assert fresh.lead == [] and "no_lead" in fresh.flags


def test_table_rows_numbered_without_a_dot_keep_their_number_in_the_id(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\n| TT | Nhiệm vụ | Cơ quan chủ trì | Thời hạn |\n|---|---|---|---|\n"
        "| **I** | **Thể chế** | | |\n| 1 | Rà soát quy chế quản lý hoạt động du lịch | Sở Nội vụ | Quý III/2024 |\n"
        "| 2 | Xây dựng chính sách hỗ trợ du lịch về đêm | Sở Tài chính | Tháng 9/2024 |\n",
        registry,
    )
    assert [t.ref for t in tasks] == ["II-I.1", "II-I.2"]
    assert [t.id for t in tasks] == ["KH12-II-I.1", "KH12-II-I.2"]  # from the printed numbers, not the order


def test_a_title_block_laid_out_as_a_table() -> None:
    from bot.importer.extract import extract_meta

    meta = extract_meta(
        "| ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n"
        "| Số: 142/KH-UBND | Hà Tĩnh, ngày 08 tháng 4 năm 2024 |\n\n# KẾ HOẠCH\n\n**Cải thiện chỉ số PCI năm 2024**\n"
    )
    assert (meta.number, meta.issued, meta.place, meta.issuer) == (
        "142/KH-UBND",
        date(2024, 4, 8),
        "Hà Tĩnh",
        "UBND tỉnh Hà Tĩnh",
    )


def test_agency_lists_with_lower_case_groups_trailing_and_and_a_cell_printed_twice(
    registry: Registry,
) -> None:
    from bot.importer.extract import split_names

    assert split_names("Sở Nội vụ và các cơ quan, đơn vị liên quan", registry) == [
        "Sở Nội vụ",
        "các cơ quan, đơn vị liên quan",
    ]
    assert split_names("Sở Y tế, Sở Nội vụ và", registry) == ["Sở Y tế", "Sở Nội vụ"]
    assert split_names("Sở Nội vụ Sở Nội vụ", registry) == ["Sở Nội vụ"]


def test_labelled_agencies_in_brackets_and_a_time_alone_in_the_last_sentence(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\n1.1. Tổ chức hội nghị quán triệt Luật Đất đai năm 2024 (Cơ quan chủ trì: Sở Nội vụ; cơ quan "
        "phối hợp: Sở Tư pháp, Sở Tài chính; thời gian hoàn thành: tháng 6/2024).\n\n"
        "1.2. Sở Tài chính thẩm định, tham mưu bố trí kinh phí khắc phục hậu quả thiên tai. Khi có yêu cầu.\n",
        registry,
    )
    assert _leads(tasks[0]) == ["so-noi-vu"] and [x["name"] for x in tasks[0].support] == [
        "Sở Tư pháp",
        "Sở Tài chính",
    ]
    assert tasks[0].deadline["phrase"] == "tháng 6/2024"
    assert _leads(tasks[1]) == ["so-tai-chinh"]  # the known name ends before "thẩm định"
    assert tasks[1].deadline["phrase"] == "Khi có yêu cầu" and tasks[1].deadline["kind"] == "event"


def test_a_lettered_lead_in_heads_its_bullets_and_unknown_names_keep_their_commas(registry: Registry) -> None:
    tasks = _draft(
        "IV. TỔ CHỨC THỰC HIỆN\n\na) Trung tâm Y tế các huyện, thị xã, thành phố:\n\n"
        "- Chủ động tham mưu bố trí kinh phí phòng, chống dịch.\n\n"
        "- Báo cáo ngay các ca bệnh nhóm A trong vòng 24 giờ kể từ khi phát hiện.\n\n"
        "b) Thủ trưởng các sở, ngành căn cứ nhiệm vụ được giao xây dựng kế hoạch.\n",
        registry,
    )
    names = [[x["name"] for x in t.lead] for t in tasks]
    assert names[:2] == [["Trung tâm Y tế các huyện, thị xã, thành phố"]] * 2  # one unknown name, flagged
    assert tasks[0].flags[0].startswith("unknown_agency:Trung tâm Y tế các huyện, thị xã, thành phố")
    assert (
        tasks[1].deadline["phrase"] == "Trong vòng 24 giờ kể từ khi phát hiện"
        and tasks[1].deadline["offset_days"] == 1
    )
    assert _leads(tasks[2]) == ["cac-so"]  # "Thủ trưởng các sở, ngành" speaks for the departments


def test_a_situation_and_forecast_section_holds_no_work(registry: Registry) -> None:
    tasks = _draft(
        "I. TÌNH HÌNH VÀ DỰ BÁO\n\nTheo dự báo, mùa khô năm 2025 xâm nhập mặn sẽ đạt đỉnh vào tháng 3 và tháng 4 năm 2025.\n\n"
        "II. NHIỆM VỤ\n\n1. Sở Nội vụ: Rà soát vị trí việc làm, hoàn thành trong tháng 4/2025.\n",
        registry,
    )
    assert [_leads(t) for t in tasks] == [["so-noi-vu"]]


def test_names_then_their_mandate_then_the_verb(registry: Registry) -> None:
    (task,) = _draft(
        "II. NHIỆM VỤ\n\n1. Sở Nội vụ, Sở Tài chính theo chức năng, nhiệm vụ được giao tập trung rà soát biên chế.\n",
        registry,
    )
    assert _leads(task) == ["so-noi-vu", "so-tai-chinh"]


def test_labelled_lines_under_an_item_give_its_lead_deadline_and_output(registry: Registry) -> None:
    tasks = _draft(
        "III. NHIỆM VỤ CỤ THỂ\n\n1. Lĩnh vực y tế\n\n"
        "a) Lồng ghép nội dung bình đẳng giới vào chương trình chăm sóc sức khỏe sinh sản.\n\n"
        "- Đơn vị thực hiện: Sở Y tế.\n\n- Thời gian: Quý I hằng năm.\n\n"
        "b) Thống kê số liệu về cán bộ nữ giữ chức vụ lãnh đạo.\n\n"
        "- Đơn vị chủ trì: Sở Nội vụ.\n\n- Đơn vị phối hợp: Sở Tài chính.\n\n- Sản phẩm: Báo cáo thống kê.\n",
        registry,
    )
    assert [_leads(t) for t in tasks] == [["so-y-te"], ["so-noi-vu"]]  # the label lines are no tasks
    assert tasks[0].deadline["phrase"] == "Quý I hằng năm" and tasks[0].flags == []
    assert [x["id"] for x in tasks[1].support] == ["so-tai-chinh"] and tasks[1].output == "Báo cáo thống kê"


def test_district_offices_head_their_bullets_and_direct_the_communes(registry: Registry) -> None:
    tasks = _draft(
        "III. NHIỆM VỤ\n\n1. Phòng Nội vụ (cơ quan thường trực)\n\n* Tham mưu xây dựng đề án sắp xếp đơn vị hành chính cấp xã.\n\n"
        "2. Công an tỉnh\n\n* Chỉ đạo Công an các xã điều chỉnh dữ liệu dân cư sau sắp xếp.\n\n"
        "3. Văn phòng HĐND và UBND huyện\n\n* Tổng hợp, báo cáo kết quả hằng tháng.\n",
        registry,
    )
    assert [[x["name"] for x in t.lead] for t in tasks] == [
        ["Phòng Nội vụ"],  # unknown to a province registry: flagged, not replaced by a department
        ["Công an tỉnh"],  # the body under which the direction is written leads it
        ["Văn phòng HĐND và UBND huyện"],
    ]
    assert not any(f == "lead_inferred" for t in tasks for f in t.flags)


def test_a_numbered_row_with_nothing_but_its_title_groups_the_rows_under_it(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\nTT\tNhiệm vụ, giải pháp\tCơ quan chủ trì\tThời gian hoàn thành\n"
        "1\tKiểm soát phát thải từ giao thông\t\t\n1.1\tKiểm định khí thải xe máy\tSở Nội vụ\tQuý II/2024\n"
        "2\tKiểm soát bụi xây dựng\t\t\n2.1\tRửa xe ra vào công trường\tSở Tài chính\tThường xuyên\n",
        registry,
    )
    assert [(t.title, _leads(t)) for t in tasks] == [
        ("Kiểm định khí thải xe máy", ["so-noi-vu"]),
        ("Rửa xe ra vào công trường", ["so-tai-chinh"]),
    ]


def test_a_horizon_is_not_a_deadline_and_agencies_under_time_are_not_one(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\n1. Sở Nội vụ: Hoàn thành các quy hoạch chung đô thị đến năm 2045 theo quy định.\n\n"
        "PHỤ LỤC\n\nTT\tNhiệm vụ\tCơ quan chủ trì\tThời gian\n1\tPhân bổ kinh phí hỗ trợ thủy lợi\tSở Tài chính\tCác sở, ngành\n",
        registry,
    )
    assert [t.deadline["phrase"] for t in tasks] == ["", ""]


def test_a_row_one_cell_short_has_its_time_under_support_read_as_its_deadline(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\nTT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n"
        "1\tKiểm tra công tác cải cách hành chính\tSở Nội vụ\tSở Tài chính\tQuý II/2024\n"
        "2\tXây dựng kế hoạch kiểm tra\tSở Y tế\tTháng 03/2024 (gửi Sở Nội vụ)\t\n",
        registry,
    )
    assert [(t.deadline["phrase"], [x["name"] for x in t.support], t.flags) for t in tasks] == [
        ("Quý II/2024", ["Sở Tài chính"], []),
        ("Tháng 03/2024 (gửi Sở Nội vụ)", [], []),
    ]


def test_a_plan_without_roman_sections_does_not_make_tasks_of_its_masthead(registry: Registry) -> None:
    head = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n" + HEAD
    tasks = make_draft(
        head
        + "PHỤ LỤC\n\nTT\tNhiệm vụ\tCơ quan chủ trì\tThời gian\n1\tKiểm tra cải cách\tSở Nội vụ\tQuý II/2024\n",
        registry,
    ).tasks
    assert [(t.title, t.deadline["phrase"]) for t in tasks] == [("Kiểm tra cải cách", "Quý II/2024")]


def test_a_name_with_a_qualifying_clause_resolves_and_a_narrowed_group_is_flagged(registry: Registry) -> None:
    meta_and_table = (
        "II. NHIỆM VỤ\n\nTT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n"
        "1\tTrồng rừng thay thế diện tích rừng đã chuyển mục đích\tUBND các huyện, thành phố có rừng\t"
        "Các sở, ngành được giao nhiệm vụ tại Phụ lục; Công an tỉnh theo chức năng, nhiệm vụ\tQuý III/2024\n"
    )
    draft = make_draft(HEAD + meta_and_table, registry)
    (task,) = draft.tasks
    assert task.lead == [
        {
            "name": "UBND các huyện, thành phố",
            "id": "ubnd-huyen",
            "printed": "UBND các huyện, thành phố có rừng",
            "group": True,
        }
    ]
    assert [(x["name"], x["id"]) for x in task.support] == [
        ("Các sở, ngành", "cac-so"),
        ("Công an tỉnh", "cong-an-tinh"),
    ]
    assert task.flags == [
        "qualified_group:UBND các huyện, thành phố có rừng|UBND các huyện, thành phố",
        "qualified_group:Các sở, ngành được giao nhiệm vụ tại Phụ lục|Các sở, ngành",
    ]  # "theo chức năng, nhiệm vụ" narrows nothing
    yaml_text = to_yaml(draft)
    assert (
        "# CẦN XEM: văn bản giao «UBND các huyện, thành phố có rừng»; máy hiểu là cả nhóm «UBND các huyện, "
        "thành phố». Nếu chỉ một số đơn vị, hãy ghi tên từng đơn vị."
    ) in yaml_text
    assert '    lead: ["UBND các huyện, thành phố"]' in yaml_text
    (concerned,) = _draft(
        "II. NHIỆM VỤ\n\nTT\tNhiệm vụ\tCơ quan chủ trì\tThời gian\n"
        "1\tRà soát quy hoạch\tUBND các huyện, thành phố có liên quan\tQuý III/2024\n",
        registry,
    )
    assert _leads(concerned) == ["ubnd-huyen"] and concerned.flags == []  # "whom it concerns": not narrowed


GRID = """PHỤ LỤC

+----+-------------------------------------+--------------------+-------------------------+
| TT | Nội dung nhiệm vụ                   | Thời gian          | Ghi chú                 |
+====+=====================================+====================+=========================+
| I  | **Sở Y tế** (cơ quan thường trực)                                                 |
+----+-------------------------------------+--------------------+-------------------------+
| 1  | Kiểm tra an toàn thực phẩm tại các  | Trước ngày         | Phối hợp: Công an tỉnh  |
|    | bếp ăn tập thể trên địa bàn tỉnh    | 30/6/2024          |                         |
+----+-------------------------------------+--------------------+-------------------------+
| II | **Sở Tài chính**                                                                  |
+----+-------------------------------------+--------------------+-------------------------+
| 2  | Bố trí kinh phí thực hiện Kế hoạch  | Quý I/2024         | Trong dự toán năm       |
+----+-------------------------------------+--------------------+-------------------------+
"""


def test_a_grid_table_without_a_lead_column_takes_the_leads_of_its_group_rows(registry: Registry) -> None:
    tasks = _draft("II. NHIỆM VỤ\n\nCác cơ quan thực hiện nhiệm vụ tại Phụ lục.\n\n" + GRID, registry)
    assert [(t.text, _leads(t), [x["id"] for x in t.support], t.deadline["phrase"]) for t in tasks[:2]] == [
        ("Kiểm tra an toàn thực phẩm tại các bếp ăn tập thể trên địa bàn tỉnh", ["so-y-te"], ["cong-an-tinh"],
         "Trước ngày 30/6/2024"),
        ("Bố trí kinh phí thực hiện Kế hoạch", ["so-tai-chinh"], [], "Quý I/2024"),
    ]  # fmt: skip


def test_a_sentence_opening_with_agencies_and_a_verb_names_its_lead(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\n"
        "a) Chi cục Thống kê huyện đối chiếu kết quả rà soát với số liệu khảo sát mức sống.\n\n"
        "b) Ban Chỉ đạo rà soát huyện phân công thành viên giám sát tại các xã.\n\n"
        "c) Báo cáo kết quả về Sở Nội vụ trước ngày 10/12/2024.\n\n"
        "d) Phòng, chống dịch bệnh tại các cơ sở giáo dục theo hướng dẫn của ngành y tế.\n",
        registry,
    )
    assert [[x["name"] for x in t.lead] for t in tasks] == [
        ["Chi cục Thống kê huyện"],
        ["Ban Chỉ đạo rà soát huyện"],
        [],  # "Báo cáo …" opens with a verb, not an agency: a dated task whose lead a person must name
    ]  # "Phòng, chống …" opens with a verb too: no lead, no time, no task
    assert tasks[0].flags[0].startswith("unknown_agency:Chi cục Thống kê huyện")
    assert tasks[2].flags == ["no_lead"]


def test_words_that_merely_open_like_agencies_are_not_leads(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\n1. Sở Nội vụ:\n\n"
        "- Các chủ đề tuyên truyền tập trung vào cải cách hành chính.\n\n"
        "- Các trường hợp vi phạm bị xử lý nghiêm theo quy định.\n\n"
        "- Văn phòng đăng ký đất đai cập nhật dữ liệu đất đai.\n\n"
        "- Thanh tra, kiểm tra việc chấp hành quy định.\n\n"
        "- Phòng Tư pháp phối hợp triển khai tuyên truyền pháp luật.\n\n"
        "- Trung tâm Y tế huyện kiểm tra, giám sát an toàn thực phẩm.\n",
        registry,
    )
    assert [[x["name"] for x in t.lead] for t in tasks] == [
        ["Sở Nội vụ"], ["Sở Nội vụ"], ["Sở Nội vụ"], ["Sở Nội vụ"],  # the heading's lead
        ["Phòng Tư pháp"], ["Trung tâm Y tế huyện"],  # a body acting: two verbs in a row end its name
    ]  # fmt: skip


def test_a_step_heading_with_a_period_dates_the_steps_under_it(registry: Registry) -> None:
    tasks = _draft(
        "III. TIẾN ĐỘ\n\n**Bước 1. Chuẩn bị** (từ ngày 03/9/2024 đến ngày 20/9/2024)\n\n"
        "a) Sở Nội vụ kiện toàn Ban Chỉ đạo.\n\nb) Sở Y tế tập huấn nghiệp vụ, xong trước ngày 10/9/2024.\n\n"
        "Bước 2. Tổng hợp kết quả (tháng 11/2024)\n\na) Sở Tài chính tổng hợp kết quả.\n\n"
        "IV. TỔ CHỨC THỰC HIỆN\n\n1. Sở Nội vụ theo dõi việc thực hiện Kế hoạch.\n",
        registry,
    )
    assert [(_leads(t), t.deadline["phrase"]) for t in tasks] == [
        (["so-noi-vu"], "từ ngày 03/9/2024 đến ngày 20/9/2024"),
        (["so-y-te"], "Xong trước ngày 10/9/2024"),
        (["so-tai-chinh"], "tháng 11/2024"),
        (["so-noi-vu"], ""),  # a new section: the steps' periods no longer apply
    ]


def test_a_step_naming_who_does_it_is_a_task_and_steps_end_at_a_numbered_item(registry: Registry) -> None:
    tasks = _draft(
        "III. TIẾN ĐỘ\n\nBước 1: Sở Nội vụ tổ chức rà soát danh sách (trước ngày 15/10/2024)\n\n"
        "**Bước 2. Công nhận kết quả** (Quý II/2024)\n\na) Sở Tài chính bố trí kinh phí.\n\n"
        "2. Sở Y tế kiểm tra an toàn thực phẩm.\n",
        registry,
    )
    assert [(_leads(t), t.deadline["phrase"]) for t in tasks] == [
        (["so-noi-vu"], "Trước ngày 15/10/2024"),  # the step is the task
        (["so-tai-chinh"], "Quý II/2024"),  # under a step title: its period
        (["so-y-te"], ""),  # a numbered item after the lettered steps: outside them
    ]


def test_only_a_bare_pointer_to_the_appendix_is_skipped(registry: Registry) -> None:
    tasks = _draft(
        "V. TỔ CHỨC THỰC HIỆN\n\n1. Các sở, ngành thực hiện nhiệm vụ được phân công cụ thể tại Phụ lục kèm theo "
        "Kế hoạch này.\n\n2. Sở Tài chính bố trí kinh phí thực hiện các nội dung theo Phụ lục kèm theo Kế hoạch "
        "này.\n\n3. Sở Y tế chủ trì thực hiện các nhiệm vụ tại Phụ lục 2, báo cáo kết quả về Sở Nội vụ.\n",
        registry,
    )
    assert [_leads(t) for t in tasks] == [["so-tai-chinh"], ["so-y-te"]]


def test_a_lead_cell_marking_the_lead_lists_the_coordinators_after_it(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\nTT\tNhiệm vụ\tThời gian\tCơ quan, đơn vị thực hiện\n"
        "1\tKiểm tra chất lượng nhà ở\tQuý II/2024\tSở Tài chính (chủ trì); Sở Nội vụ, Công an tỉnh\n"
        "2\tKiểm tra, giám sát việc bình xét\tTháng 6/2024\tSở Y tế, Sở Nội vụ (đồng chủ trì); Sở Tài chính\n"
        "3\tTổng kết phong trào\tTháng 8/2024\tSở Y tế (chủ trì); Sở Nội vụ (đồng chủ trì); Công an tỉnh\n",
        registry,
    )
    assert [(_leads(t), [x["id"] for x in t.support]) for t in tasks] == [
        (["so-tai-chinh"], ["so-noi-vu", "cong-an-tinh"]),
        (["so-y-te", "so-noi-vu"], ["so-tai-chinh"]),
        (["so-y-te", "so-noi-vu"], ["cong-an-tinh"]),  # every marked body leads
    ]


def test_a_solutions_section_keeps_only_directions_with_a_lead_or_a_dated_target(registry: Registry) -> None:
    tasks = _draft(
        "III. GIẢI PHÁP THỰC HIỆN\n\n1. Công tác chỉ đạo, điều hành\n\n"
        "Tăng cường công tác chỉ đạo, điều hành việc triển khai thực hiện cải cách hành chính.\n\n"
        "Tiếp tục huy động nguồn lực hỗ trợ 100% gia đình người có công gặp khó khăn về nhà ở trong năm 2024.\n\n"
        "Sở Nội vụ tổ chức khảo sát sự hài lòng của người dân.\n",
        registry,
    )
    assert [(t.text[:20], _leads(t)) for t in tasks] == [
        ("Tiếp tục huy động ng", []),  # a dated target: a task, whose lead a person names
        ("Sở Nội vụ tổ chức kh", ["so-noi-vu"]),
    ]


def test_a_short_description_after_a_known_name_is_not_part_of_the_name(registry: Registry) -> None:
    (task,) = _draft(
        "II. NHIỆM VỤ\n\n10. UBND các huyện, thành phố ven sông: phát hiện, ngăn chặn khai thác cát trái phép.\n",
        registry,
    )
    assert task.lead == [
        {"name": "Ủy ban nhân dân các huyện, thành phố", "id": "ubnd-huyen", "printed":
         "UBND các huyện, thành phố ven sông", "group": True}
    ] or [x["id"] for x in task.lead] == ["ubnd-huyen"]  # fmt: skip
    assert task.flags == ["qualified_group:UBND các huyện, thành phố ven sông|" + task.lead[0]["name"]]


def test_a_bullet_ending_with_a_colon_is_a_task_and_its_plus_lines_what_it_lists(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\n1. Sở Y tế:\n\n"
        "- Tổ chức đón các đoàn khảo sát, quảng bá sản phẩm du lịch mới của tỉnh; tham gia các sự kiện xúc tiến:\n\n"
        "+ Hội chợ Du lịch quốc tế Việt Nam VITM Hà Nội năm 2024;\n\n+ Hội chợ Du lịch quốc tế ITE HCMC năm 2024.\n\n"
        "- Kiểm tra an toàn thực phẩm tại các cơ sở lưu trú, hoàn thành trong thời hạn không quá 10 ngày làm việc "
        "kể từ ngày nhận đủ hồ sơ.\n\n- Báo cáo tiến độ về Sở Nội vụ trước 15 giờ thứ Năm hằng tuần.\n",
        registry,
    )
    assert [(t.text.split(";")[0][:30], _leads(t), t.deadline["phrase"]) for t in tasks] == [
        ("Tổ chức đón các đoàn khảo sát,", ["so-y-te"], ""),
        ("Kiểm tra an toàn thực phẩm tại", ["so-y-te"],
         "Trong thời hạn không quá 10 ngày làm việc kể từ ngày nhận đủ hồ sơ"),
        ("Báo cáo tiến độ về Sở Nội vụ t", ["so-y-te"], "Trước 15 giờ thứ Năm hằng tuần"),
    ]  # fmt: skip
    assert tasks[0].text.endswith("+ Hội chợ Du lịch quốc tế ITE HCMC năm 2024.")
    assert tasks[2].deadline["kind"] == "recurring" and tasks[2].deadline["day"] == 4


def test_a_paragraph_whose_next_sentence_has_another_subject_is_one_task_per_lead(registry: Registry) -> None:
    tasks = _draft(
        "V. TỔ CHỨC THỰC HIỆN\n\n16. Chế độ báo cáo: Các sở, ngành và UBND các huyện, thành phố báo cáo kết quả "
        "về Sở Y tế trước ngày 10/9/2024 để tổng hợp. Sở Y tế tổng hợp, đánh giá, báo cáo UBND tỉnh trước ngày "
        "20/9/2024. Kết quả được công khai trên Cổng thông tin điện tử.\n",
        registry,
    )
    assert [(_leads(t), t.deadline["phrase"]) for t in tasks] == [
        (["cac-so", "ubnd-huyen"], "Trước ngày 10/9/2024"),  # the topic before the colon is not a lead
        (["so-y-te"], "Trước ngày 20/9/2024"),  # the sentence after it, with no subject, stays with it
    ]
    assert tasks[1].text.endswith("Kết quả được công khai trên Cổng thông tin điện tử.")


def test_districts_listed_by_name_after_the_group_are_the_group() -> None:
    from bot.importer.template import template_registry

    (task,) = _draft(
        "V. TỔ CHỨC THỰC HIỆN\n\n11. Ủy ban nhân dân các huyện, thị xã Kiến Tường, thành phố Tân An: Xây dựng kế "
        "hoạch thực hiện, hoàn thành trước ngày 15/01 hằng năm. Chỉ đạo Ủy ban nhân dân cấp xã rà soát, lập danh "
        "sách người chưa tham gia bảo hiểm y tế.\n",
        template_registry("long-an", "Tỉnh Long An"),
    )
    assert _leads(task) == ["ubnd-cac-huyen"]  # one task: directing the communes is the districts' own work
    assert task.deadline["phrase"] == "Hoàn thành trước ngày 15/01 hằng năm"
    assert task.deadline["kind"] == "recurring"


def test_a_pdf_conversion_two_line_header_running_header_and_per_clause_times(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\n1. Sở Nội vụ: chủ trì tổ chức Hội nghị quán triệt (thời gian: hoàn thành trong tháng "
        "5/2025); rà soát văn bản quy phạm pháp luật (thời gian: trước ngày 30/6/2025).\n\n"
        "2. Sở Y tế: Trước hết là bảo đảm thuốc thiết yếu; báo cáo kết quả trước ngày 15/12/2025.\n\n"
        "3. Xây dựng, ban hành các văn bản theo danh mục tại Phụ lục kèm theo Kế hoạch này.\n\n"
        "Trang 2/3\n\nUBND TỈNH LẠNG SƠN — KẾ HOẠCH SỐ 12/KH-UBND\n"
        "TT\tTên công trình, giải pháp\tCơ quan, đơn vị\tThời gian\n"
        "\t\tchủ trì thực hiện\thoàn thành\n"
        "1\tNạo vét kênh chính Nam\tSở Tài chính\tTrước 15/3/2025\n\n"
        "Trang 3/3\n\nUBND TỈNH LẠNG SƠN — KẾ HOẠCH SỐ 12/KH-UBND\n"
        "2\tKhoan giếng cấp nước sinh hoạt\tSở Y tế\tTháng 5/2025\n",
        registry,
    )
    assert [(t.text[:23], _leads(t), t.deadline["phrase"]) for t in tasks] == [
        (
            "Sở Nội vụ: chủ trì tổ c",
            ["so-noi-vu"],
            "hoàn thành trong tháng 5/2025",
        ),  # one task per "(thời gian: …)"
        ("rà soát văn bản quy phạ", ["so-noi-vu"], "trước ngày 30/6/2025"),
        ("Sở Y tế: Trước hết là b", ["so-y-te"], "Trước ngày 15/12/2025"),  # "Trước hết" is "first of all"
        ("Xây dựng, ban hành các ", [], ""),  # names no lead: a person decides (the rows are the work)
        ("Nạo vét kênh chính Nam", ["so-tai-chinh"], "Trước 15/3/2025"),  # the two-line header is read
        ("Khoan giếng cấp nước si", ["so-y-te"], "Tháng 5/2025"),  # the running header is not text
    ]
    assert [t.title for t in tasks[:2]] == [
        "chủ trì tổ chức Hội nghị quán triệt",
        "rà soát văn bản quy phạm pháp luật",
    ]
    (both,) = _draft("II. NHIỆM VỤ\n\n- Sở Y tế, Sở Nội vụ: Phối hợp cấp giấy nghỉ việc điện tử.\n", registry)
    assert both.title == "Phối hợp cấp giấy nghỉ việc điện tử"  # the work, not the names before the colon


def test_a_bold_labelled_deadline_keeps_only_the_time(registry: Registry) -> None:
    (task,) = _draft(
        "II. NHIỆM VỤ\n\n1. Sở Nội vụ: Kiện toàn Ban Chỉ đạo. **Thời gian hoàn thành: Quý II/2024.**\n",
        registry,
    )
    assert task.deadline["phrase"] == "Quý II/2024"


def test_two_leads_in_one_cell_a_bracketed_time_and_a_pointer_to_the_appendix(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\nCác nhiệm vụ cụ thể được phân công chi tiết tại Phụ lục kèm theo Kế hoạch này.\n\n"
        "1. Sở Y tế: Kiểm tra an toàn thực phẩm tại các bếp ăn tập thể (thường xuyên).\n\n"
        "PHỤ LỤC\n\n| TT | Nhiệm vụ | Cơ quan chủ trì | Thời hạn |\n|---|---|---|---|\n"
        "| 1 | Thanh tra việc sử dụng ngân sách hỗ trợ doanh nghiệp | Sở Tài chính<br>Sở Nội vụ | Quý III/2025 |\n"
        "| 2 | Hỗ trợ doanh nghiệp chuyển đổi số | Sở Y tế/ Công an tỉnh | Năm 2025 |\n",
        registry,
    )
    assert [_leads(t) for t in tasks] == [
        ["so-y-te"],
        ["so-tai-chinh", "so-noi-vu"],
        ["so-y-te", "cong-an-tinh"],
    ]
    assert tasks[0].deadline["phrase"] == "thường xuyên" and tasks[0].deadline["kind"] == "ongoing"


def test_review_cases_a_closing_like_duty_with_a_date_and_dated_names_are_work(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\n1. Sở Y tế\n\n- Kiểm tra bếp ăn tập thể.\n\n"
        "Yêu cầu các sở, ngành nghiêm túc thực hiện chế độ báo cáo, gửi Sở Nội vụ trước ngày 15/12/2024.\n\n"
        "2. Sở Nội vụ (hoàn thành trước ngày 30/6/2024).\n\n"
        "3. Sở Tài chính\n\n- Thời gian: Quý IV/2024\n",
        registry,
    )
    texts = [t.text for t in tasks]
    assert any("chế độ báo cáo" in t for t in texts)  # dated: not the closing formula
    assert any(t.startswith("Sở Nội vụ (hoàn thành") for t in texts)  # a dated line of names is work
    assert not any(t.startswith("Thời gian") for t in texts)  # a label under a heading is nobody's task
    bếp = _task(tasks, "bếp ăn")
    assert bếp.deadline["phrase"] != "Quý IV/2024"  # a label under a heading does not date the task above


def test_review_cases_headings_titles_and_brackets(registry: Registry) -> None:
    from bot.importer.extract import extract_meta, split_names

    tasks = _draft(
        "II. MỘT SỐ CHỈ TIÊU CHỦ YẾU\n\nTỷ lệ tiêm chủng đạt 95% trước ngày 31/12/2024.\n\n"
        "III. NHIỆM VỤ\n\n1. Dự báo, cảnh báo thiên tai\n\n"
        "- Sở Nội vụ chủ trì xây dựng kịch bản ứng phó, hoàn thành trước ngày 30/6/2024.\n\n"
        "- Sở Tài chính: Rà soát kinh phí phòng chống thiên tai (giai đoạn 2021-2025).\n",
        registry,
    )
    assert [_leads(t) for t in tasks] == [["so-noi-vu"], ["so-tai-chinh"]]  # indicators are not work
    assert tasks[1].deadline["phrase"] == ""  # a period in brackets is not a time limit
    assert split_names("Văn phòng UBND tỉnh và Sở Tài chính", registry) in (
        ["Văn phòng UBND tỉnh", "Sở Tài chính"],
        ["Văn phòng UBND tỉnh và Sở Tài chính"],
    )
    title = "KẾ HOẠCH\nThực hiện Chiến lược phát triển du lịch đến năm 2030\n\nI. MỤC ĐÍCH\n"
    assert extract_meta("Đà Nẵng, ngày 10 tháng 3 năm 2024\n\n" + title).year == 2024


def test_a_repeated_header_with_an_executing_unit_column_is_not_glued_to_a_row(registry: Registry) -> None:
    header = "STT\tNội dung hoạt động\tĐơn vị thực hiện\tThời gian thực hiện\n"
    tasks = _draft(
        "II. PHÂN CÔNG THỰC HIỆN\n\n"
        + header
        + "1\tTiếp nhận, bảo quản vắc xin\tSở Y tế\tKhi có vắc xin\n\n"
        + header
        + "2\tGiám sát ca bệnh sốt xuất huyết\tSở Nội vụ\tThường xuyên\n",
        registry,
    )
    assert [(_leads(t), t.deadline["phrase"]) for t in tasks] == [
        (["so-y-te"], "Khi có vắc xin"),
        (["so-noi-vu"], "Thường xuyên"),
    ]


def test_lettered_table_rows_are_rows_of_their_own(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\nSTT\tThời gian\tNội dung\tĐơn vị chủ trì\n"
        "I\t\tCÔNG TÁC CHỈ ĐẠO\t\na\tTrước ngày 15/02/2025\tGiao kế hoạch vốn cho các huyện\tSở Tài chính\n"
        "b\tQuý II/2025\tKiện toàn Ban Chỉ đạo các cấp\tSở Nội vụ\n",
        registry,
    )
    assert [(_leads(t), t.deadline["phrase"]) for t in tasks] == [
        (["so-tai-chinh"], "Trước ngày 15/02/2025"),
        (["so-noi-vu"], "Quý II/2025"),
    ]


def test_a_heading_naming_the_person_who_answers_for_a_body(registry: Registry) -> None:
    tasks = _draft(
        "IV. NHIỆM VỤ CỤ THỂ\n\n1. Thành viên Ban Chỉ đạo là Giám đốc Sở Y tế\n\n"
        "a) Chỉ đạo các cơ sở điều trị nghiện tổ chức điều trị methadone.\n\n"
        "2. Đồng chí Chỉ huy trưởng Công an tỉnh, Thành viên Ban Chỉ đạo: tuần tra biên giới, trước ngày 30/6/2024.\n",
        registry,
    )
    assert [_leads(t) for t in tasks] == [["so-y-te"], ["cong-an-tinh"]]
    assert not any("lead_inferred" in t.flags for t in tasks)


def test_a_two_row_html_header_with_merged_cells_lays_rows_under_their_columns(registry: Registry) -> None:
    # "Cơ quan thực hiện" spans "Chủ trì | Phối hợp"; TT, content and time span both header rows; the rows
    # are numbered "1.1", "1.2" under a group row, one per line; a merged (rowspan) lead cell covers two rows
    tasks = _draft(
        "II. NHIỆM VỤ\n\n<table>\n"
        '<tr><th rowspan="2">TT</th><th rowspan="2">Nội dung nhiệm vụ</th><th colspan="2">Cơ quan thực hiện'
        '</th><th rowspan="2">Thời gian hoàn thành</th></tr>\n'
        "<tr><th>Chủ trì</th><th>Phối hợp</th></tr>\n"
        '<tr><td>1</td><td colspan="4"><b>Hạ tầng du lịch</b></td></tr>\n'
        '<tr><td>1.1</td><td>Xây dựng biển chỉ dẫn du lịch song ngữ</td><td rowspan="2">Sở Văn hóa, Thể thao và '
        "Du lịch</td><td>Sở Tài chính</td><td>Quý II/2025</td></tr>\n"
        "<tr><td>1.2</td><td>Tổ chức Tuần Văn hóa - Du lịch năm 2025</td><td>Sở Nội vụ</td><td>Tháng 02/2025</td></tr>\n"
        "<tr><td>1.3</td><td>Kiểm tra an toàn thực phẩm tại khu du lịch</td><td>Sở Y tế</td><td>Công an tỉnh</td>"
        "<td>Năm 2025</td></tr>\n</table>\n",
        registry,
    )
    assert [(t.ref, _leads(t), [x["id"] for x in t.support], t.deadline["phrase"]) for t in tasks] == [
        ("II-1.1", ["so-vhttdl"], ["so-tai-chinh"], "Quý II/2025"),
        ("II-1.2", ["so-vhttdl"], ["so-noi-vu"], "Tháng 02/2025"),
        ("II-1.3", ["so-y-te"], ["cong-an-tinh"], "Năm 2025"),
    ]
    assert tasks[1].lead == tasks[0].lead  # the merged lead cell is each covered row's, as Word gives it


def test_leads_named_after_the_work(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ, GIẢI PHÁP\n\n1. Nâng cao nhận thức\n\n"
        "Tổ chức bồi dưỡng kiến thức chuyển đổi số cho cán bộ các cấp do Sở Nội vụ chủ trì thực hiện, phối hợp "
        "với Sở Y tế; thời gian thực hiện: Quý III/2025.\n\n"
        "Làm sạch dữ liệu dân cư phục vụ giải quyết thủ tục hành chính. Cơ quan thực hiện: Công an tỉnh. "
        "Thời gian: thường xuyên.\n\n"
        "Hỗ trợ hộ kinh doanh đưa sản phẩm lên sàn thương mại điện tử, tổ chức Hội chợ thương mại điện tử "
        "do Sở Tài chính chủ trì thực hiện, thời gian tổ chức hội chợ: tháng 9/2025.\n\n"
        "Thu hút doanh nghiệp công nghệ số đầu tư vào tỉnh; Sở Khoa học và Công nghệ chủ trì thực hiện, "
        "phối hợp với Sở Tài chính.\n",
        registry,
    )
    got = [(_leads(t), [x["id"] for x in t.support], t.deadline["phrase"]) for t in tasks]
    assert got == [
        (["so-noi-vu"], ["so-y-te"], "Quý III/2025"),
        (["cong-an-tinh"], [], "thường xuyên"),
        (["so-tai-chinh"], [], "tháng 9/2025"),
        (["so-khcn"], ["so-tai-chinh"], ""),
    ]
    assert not any("lead_inferred" in t.flags for t in tasks)


def test_a_time_said_in_passing_is_the_implied_deadline_with_its_reason(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\n"
        "1. Sở Tài chính: Quản lý thu ngân sách; hằng tháng đánh giá tình hình thu để tham mưu biện pháp.\n\n"
        "2. Sở Y tế: Thường xuyên kiểm tra an toàn thực phẩm tại các bếp ăn tập thể.\n\n"
        "3. Sở Nội vụ: Tiết kiệm các khoản chi thường xuyên, giảm hội nghị.\n\n"
        "4. Công an tỉnh: Rà soát kết quả thực hiện trong năm 2023 để rút kinh nghiệm.\n\n"
        "5. Bảo hiểm xã hội tỉnh: Phát triển người tham gia bảo hiểm, hoàn thành trước ngày 30/6/2024.\n",
        registry,
    )
    got = [(t.deadline["phrase"], t.deadline.get("implied"), t.deadline["kind"]) for t in tasks]
    assert got == [
        ("", "hằng tháng", "recurring"),
        ("", "Thường xuyên", "ongoing"),
        ("", "Năm 2024", "date"),  # "chi thường xuyên" is recurrent spending, not a time
        ("", "Năm 2024", "date"),  # a year before the plan's is the past
        ("Hoàn thành trước ngày 30/6/2024", None, "date"),
    ]
    assert tasks[0].deadline["reason"] == "văn bản không ghi thời hạn riêng; trong câu có «hằng tháng»"
    assert 'implied: "hằng tháng"' in to_yaml(make_draft(HEAD + "II. NHIỆM VỤ\n\n" + tasks[0].text, registry))


def test_town_youth_union_heading_and_a_list_of_bodies_joined_by_and(registry: Registry) -> None:
    tasks = _draft(
        "III. NHIỆM VỤ\n\n1. Thị đoàn Trảng Bàng\n\nTổ chức Chiến dịch thanh niên tình nguyện hè năm 2024.\n\n"
        "IV. CHẾ ĐỘ BÁO CÁO\n\nCác phòng, ban, ngành, đoàn thể thị xã và Ủy ban nhân dân các huyện, thành phố "
        "báo cáo kết quả thực hiện trước ngày 30/11/2024.\n",
        registry,
    )
    assert [x["name"] for x in tasks[0].lead] == ["Thị đoàn Trảng Bàng"]
    assert "lead_inferred" not in tasks[0].flags
    assert [x["name"] for x in tasks[1].lead] == [
        "Các phòng, ban, ngành, đoàn thể thị xã",
        "Ủy ban nhân dân các huyện, thành phố",
    ]


def test_clauses_each_with_their_own_time_are_tasks_of_their_own(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\n"
        "1. Sở Y tế: Theo dõi, đôn đốc các đơn vị; tổng hợp, báo cáo kết quả 6 tháng trước ngày 20/6/2024; "
        "xây dựng báo cáo tổng kết năm trước ngày 10/12/2024, gửi Sở Nội vụ.\n\n"
        "2. Sở Nội vụ: Theo dõi việc thực hiện; tổng hợp, báo cáo UBND tỉnh trước ngày 15/12/2024.\n",
        registry,
    )
    assert [(t.id, _leads(t), t.deadline["phrase"]) for t in tasks] == [
        ("KH12-II.1a", ["so-y-te"], "Trước ngày 20/6/2024"),
        ("KH12-II.1b", ["so-y-te"], "Trước ngày 10/12/2024"),
        ("KH12-II.2", ["so-noi-vu"], "Trước ngày 15/12/2024"),  # one time: one task
    ]
    assert tasks[0].text.startswith("Sở Y tế: Theo dõi, đôn đốc") and tasks[1].text.endswith("gửi Sở Nội vụ.")


def test_names_with_their_place_and_the_bodies_of_a_lower_level() -> None:
    from bot.importer.template import template_registry

    tasks = _draft(
        "IV. NHIỆM VỤ\n\n"
        "1. Ủy ban nhân dân các huyện Cao Lộc, Văn Lãng, Tràng Định: bàn giao mặt bằng trước ngày 30/6/2024.\n\n"
        "2. Công an tỉnh Lạng Sơn: bảo đảm an ninh, trật tự tại các cửa khẩu.\n\n"
        "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện, Hội Nông dân huyện tuyên truyền, vận động hội viên.\n\n"
        "4. Đề nghị Ủy ban Mặt trận Tổ quốc tỉnh tuyên truyền, vận động Nhân dân tham gia.\n",
        template_registry("lang-son", "Tỉnh Lạng Sơn"),
    )
    assert [_leads(t) for t in tasks] == [
        ["ubnd-cac-huyen"],
        ["cong-an-tinh"],
        [None, None],
        ["uy-ban-mttq-tinh"],
    ]
    assert any(f.startswith("qualified_group:") for f in tasks[0].flags)  # some districts, named: flagged
    assert [x["name"] for x in tasks[2].lead] == [
        "Ủy ban Mặt trận Tổ quốc Việt Nam huyện",
        "Hội Nông dân huyện",
    ]


def test_subjects_named_by_their_work_with_remarks_or_as_a_collective(registry: Registry) -> None:
    tasks = _draft(
        "III. NHIỆM VỤ CỤ THỂ\n\n"
        "a) Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện tổ chức đánh giá, chấm điểm các sản phẩm đăng ký.\n\n"
        "b) Sở Nội vụ (cơ quan thường trực Chương trình cải cách hành chính) theo dõi, đôn đốc các cơ quan.\n\n"
        "c) Các cơ quan, ban, ngành huyện căn cứ chức năng, nhiệm vụ được giao chủ động triển khai thực hiện.\n\n"
        "d) Đề nghị Phòng Giao dịch Ngân hàng Chính sách xã hội huyện ưu tiên giải ngân vốn cho vay.\n\n"
        "đ) Tổ chức gian hàng giới thiệu sản phẩm tại các hội chợ do Phòng Kinh tế và Hạ tầng chủ trì thực hiện.\n",
        registry,
    )
    assert [[x["name"] for x in t.lead] for t in tasks] == [
        ["Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện"],
        ["Sở Nội vụ"],
        ["Các cơ quan, ban, ngành huyện"],
        ["Phòng Giao dịch Ngân hàng Chính sách xã hội huyện"],
        ["Phòng Kinh tế và Hạ tầng"],
    ]
    assert not any("lead_inferred" in t.flags for t in tasks)


def test_a_numbered_heading_line_and_the_text_on_the_next_line(registry: Registry) -> None:
    # a PDF conversion: no blank line between a short heading and its paragraph, which wraps at full width
    tasks = _draft(
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "6. Sở Khoa học và Công nghệ\n"
        "Chủ trì bảo đảm hạ tầng mạng, đường truyền và an toàn thông tin cho Nền tảng cửa khẩu số;\n"
        "phối hợp với các doanh nghiệp viễn thông hoàn thành phủ sóng 5G tại khu vực cửa khẩu Hữu\n"
        "Nghị, Tân Thanh trong Quý III/2024.\n"
        "7. Sở Y tế\n"
        "Tổ chức kiểm dịch y tế biên giới; kiểm tra, rà soát văn bản sau khi ban hành.\n",
        registry,
    )
    assert [(_leads(t), t.deadline["phrase"]) for t in tasks] == [
        (["so-khcn"], "Trong Quý III/2024"),  # the time at the end of "hoàn thành … trong Quý III/2024"
        (["so-y-te"], ""),  # "…; kiểm tra … sau khi ban hành": work with a condition, not a time
    ]


def test_a_line_assigning_the_directions_above_it(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ, GIẢI PHÁP\n\n**Mục tiêu 3: Trẻ em biết bơi**\n\nb) Nhiệm vụ, giải pháp\n\n"
        "+ Tổ chức dạy bơi an toàn cho học sinh tiểu học trong dịp hè, ưu tiên học sinh vùng sâu.\n\n"
        "+ Lồng ghép nội dung giáo dục kỹ năng an toàn trong môi trường nước vào hoạt động trải nghiệm.\n\n"
        "Cơ quan chủ trì các nội dung trên: Sở Y tế; cơ quan phối hợp: Sở Nội vụ, Sở Tài chính; thời gian: "
        "Quý III/2025.\n\n**Mục tiêu 4: Cứu hộ**\n\n+ Xây dựng các điểm cứu hộ ven sông.\n",
        registry,
    )
    assert [(t.text[:20], _leads(t), [x["id"] for x in t.support], t.deadline["phrase"]) for t in tasks] == [
        ("Tổ chức dạy bơi an t", ["so-y-te"], ["so-noi-vu", "so-tai-chinh"], "Quý III/2025"),
        ("Lồng ghép nội dung g", ["so-y-te"], ["so-noi-vu", "so-tai-chinh"], "Quý III/2025"),
    ]  # (the line covers only the directions above it, not those under the next heading)


def test_directions_summing_up_an_appendix_are_not_tasks(registry: Registry) -> None:
    body = (
        "II. NHIỆM VỤ CHUNG\n\n1. Tăng cường chuyển đổi số trong công tác quản lý y tế.\n\n"
        "III. NHIỆM VỤ TRỌNG TÂM\n\n1. Tăng cường kiểm soát ô nhiễm môi trường tại các khu công nghiệp.\n\n"
        "2. Sở Y tế tổ chức kiểm tra an toàn thực phẩm.\n\n"
        "Danh mục nhiệm vụ cụ thể, đơn vị chủ trì, thời gian thực hiện tại Phụ lục kèm theo Kế hoạch này.\n\n"
        "IV. TỔ CHỨC THỰC HIỆN\n\nSTT\tNội dung\tĐơn vị chủ trì\tThời gian\n1\tKiểm soát nguồn thải\tSở Nội vụ\tQuý II/2024\n"
    )
    tasks = _draft(body, registry)
    assert [(t.text[:24], _leads(t)) for t in tasks] == [
        ("Tăng cường chuyển đổi số", ["so-tttt"]),  # another section: the pointer does not reach it
        ("Sở Y tế tổ chức kiểm tra", ["so-y-te"]),  # a printed lead: kept
        ("Kiểm soát nguồn thải", ["so-noi-vu"]),  # (III.1, inferred, sums up the appendix: dropped)
    ]


def test_the_plan_a_decision_carries_after_its_signature(registry: Registry) -> None:
    text = (
        "Số: 812/QĐ-UBND\n\nLạng Sơn, ngày 21 tháng 5 năm 2024\n\nQUYẾT ĐỊNH\nBan hành Kế hoạch phòng, chống dịch\n\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phòng, chống dịch năm 2024.\n\n"
        "Điều 3. Giám đốc Sở Y tế và Thủ trưởng các cơ quan có liên quan chịu trách nhiệm thi hành Quyết định.\n\n"
        "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n"
        "KẾ HOẠCH\nPhòng, chống dịch năm 2024\n(Ban hành kèm theo Quyết định số 812/QĐ-UBND ngày 21/5/2024)\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n\nChủ động phòng, chống dịch.\n\nII. NHIỆM VỤ\n\n"
        "1. Sở Y tế: Giám sát ca bệnh tại cộng đồng, hoàn thành trước ngày 30/6/2024.\n"
    )
    tasks = make_draft(text, registry).tasks
    assert [(t.ref, _leads(t), t.deadline["phrase"]) for t in tasks] == [
        ("II.1", ["so-y-te"], "Hoàn thành trước ngày 30/6/2024")  # (not the decision's Điều 3)
    ]


def test_table_phases_lead_in_rows_and_a_signature_laid_out_as_a_table(registry: Registry) -> None:
    body = (
        "II. NHIỆM VỤ\n\n| Thời gian | TT | Nội dung nhiệm vụ | Cơ quan thực hiện |\n|---|---|---|---|\n"
        "| **Đợt 1 (từ ngày 15/5 đến ngày 30/6/2024)** | | | |\n"
        "| Trước ngày 25/5/2024 | 1 | Tổng rà soát, phân loại tàu cá theo nhóm | Sở Nội vụ (chủ trì) |\n"
        "| Từ ngày 15/5 đến ngày 30/6/2024 | 2 | Tuần tra, kiểm soát tàu cá, gồm: | Công an tỉnh (chủ trì) |\n"
        "| | a | Bố trí lực lượng thường trực tại vùng biển giáp ranh | |\n"
        "| | b | Kiểm tra tàu cá xuất bến, nhập bến tại các trạm | |\n"
        "| | 3 | Tổ chức ký cam kết của chủ tàu cá | Sở Y tế |\n"
        "| KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH | Nguyễn Văn A | | |\n"
    )
    tasks = _draft(body, registry)
    assert [(t.text[:22], _leads(t), t.deadline["phrase"]) for t in tasks] == [
        ("Tổng rà soát, phân loạ", ["so-noi-vu"], "Trước ngày 25/5/2024"),
        ("Bố trí lực lượng thườn", ["cong-an-tinh"], "Từ ngày 15/5 đến ngày 30/6/2024"),  # the lead-in's
        ("Kiểm tra tàu cá xuất b", ["cong-an-tinh"], "Từ ngày 15/5 đến ngày 30/6/2024"),
        ("Tổ chức ký cam kết của", ["so-y-te"], "từ ngày 15/5 đến ngày 30/6/2024"),  # the phase's
    ]


def test_day_of_month_rules_and_bracketed_limits_are_deadlines(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\n1. Sở Nội vụ: Chi trả trợ cấp cho đối tượng bảo đảm kịp thời, trước ngày 10 hằng tháng.\n\n"
        "2. Sở Y tế: Báo cáo tình hình dịch bệnh về Sở Nội vụ hằng tháng (trước ngày 25) để tổng hợp.\n\n"
        "3. Đề nghị Bộ Tư lệnh Vùng Cảnh sát biển 4 phối hợp tuần tra chung trên vùng biển của tỉnh.\n",
        registry,
    )
    assert [(t.deadline["phrase"], t.deadline["kind"]) for t in tasks[:2]] == [
        ("Trước ngày 10 hằng tháng", "recurring"),
        ("Hằng tháng (trước ngày 25)", "recurring"),
    ]
    assert [x["name"] for x in tasks[2].lead] == ["Bộ Tư lệnh Vùng Cảnh sát biển 4"]


def test_a_responsibility_line_shares_the_items_above_by_number(registry: Registry) -> None:
    tasks = _draft(
        "III. NHIỆM VỤ VÀ GIẢI PHÁP\n\n1. Tuyên truyền, nâng cao nhận thức\n\n"
        "1.1. Xây dựng, phát sóng phóng sự về tác hại của rác thải nhựa đối với môi trường biển.\n\n"
        "1.2. Tổ chức các hoạt động hưởng ứng Ngày Môi trường thế giới tại các địa phương.\n\n"
        "1.3. Lồng ghép nội dung giảm thiểu rác thải nhựa vào các hoạt động ngoại khóa.\n\n"
        "Trách nhiệm thực hiện: nội dung 1.1, 1.2: Sở Nội vụ chủ trì; Sở Y tế, Sở Tài chính phối-\n"
        "hợp; nội dung 1.3: Công an tỉnh chủ trì. Thời gian thực hiện: Quý III/2024.\n\n"
        "2. Nghiên cứu khoa học\n\n2.1. Điều tra hiện trạng rác thải nhựa đại dương tại vùng biển ven bờ.\n\n"
        "2.2. Đặt hàng nhiệm vụ khoa học về tái chế chất thải nhựa.\n\n"
        "Trách nhiệm thực hiện: Sở Y tế (nội dung 2.1), Sở Khoa học và Công nghệ (nội dung 2.2) chủ trì.\n",
        registry,
    )
    got = [(t.ref, _leads(t), [x["id"] for x in t.support], t.deadline["phrase"]) for t in tasks]
    assert got == [
        ("III.1.1", ["so-noi-vu"], ["so-y-te", "so-tai-chinh"], "Quý III/2024"),
        ("III.1.2", ["so-noi-vu"], ["so-y-te", "so-tai-chinh"], "Quý III/2024"),
        ("III.1.3", ["cong-an-tinh"], [], "Quý III/2024"),
        ("III.2.1", ["so-y-te"], [], ""),
        ("III.2.2", ["so-khcn"], [], ""),
    ]


def test_steering_committee_members_by_title(registry: Registry) -> None:
    tasks = _draft(
        "III. NHIỆM VỤ CỦA CÁC THÀNH VIÊN\n\n**1. Đồng chí Giám đốc Sở Y tế – Phó Trưởng ban Thường trực**\n\n"
        "- Chủ trì kiểm tra an toàn thực phẩm tại các chợ đầu mối.\n\n"
        "**2. Thành viên Ban Chỉ đạo là lãnh đạo Công an tỉnh**\n\n- Chỉ đạo lực lượng điều tra các vụ buôn lậu.\n\n"
        "**3. Các thành viên Ban Chỉ đạo là lãnh đạo Sở Nội vụ, Sở Tài chính**\n\n- Bố trí biên chế và kinh phí.\n",
        registry,
    )
    assert [_leads(t) for t in tasks] == [["so-y-te"], ["cong-an-tinh"], ["so-noi-vu", "so-tai-chinh"]]


def test_month_headings_escaped_dashes_and_a_time_before_the_subject(registry: Registry) -> None:
    tasks = _draft(
        "III. CÁC BƯỚC TIẾN HÀNH\n\n**Tháng 10/2024**\n\n"
        "\\- Sở Nội vụ tham mưu ban hành hướng dẫn công tác nhân sự.\n\n"
        "\\- Sở Y tế xây dựng kế hoạch kiểm tra (*xong trước ngày 15/10/2024*).\n\n"
        "**Từ tháng 4 đến tháng 6/2025**\n\n\\- Công an tỉnh xây dựng phương án bảo đảm an ninh.\n\n"
        "IV. TỔ CHỨC THỰC HIỆN\n\n1. Chậm nhất ngày 15/7/2025, Sở Tài chính công bố danh mục dự án.\n",
        registry,
    )
    assert [(_leads(t), t.deadline["phrase"]) for t in tasks] == [
        (["so-noi-vu"], "Tháng 10/2024"),  # the month heading's
        (["so-y-te"], "Xong trước ngày 15/10/2024"),  # its own
        (["cong-an-tinh"], "Từ tháng 4 đến tháng 6/2025"),
        (["so-tai-chinh"], "Chậm nhất ngày 15/7/2025"),
    ]


def test_a_table_copied_one_cell_per_paragraph(registry: Registry) -> None:
    cells = [
        "STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Ghi chú",
        "I", "NHÓM NHIỆM VỤ THỂ CHẾ",
        "1", "Rà soát các văn bản quy phạm pháp luật của tỉnh", "Sở Nội vụ", "Sở Y tế;\nSở Tài chính",
        "Quý II/2024", "",
        "2", "Số hóa hồ sơ thủ tục hành chính còn hiệu lực", "Sở Tài chính", "Công an tỉnh", "Năm 2024",
        "Báo cáo hằng tháng",
    ]  # fmt: skip
    body = "II. NHIỆM VỤ\n\n" + "\n\n".join(cells).replace("Quý II/2024\n\n", "Quý II/2024\n\n\n\n") + "\n\n"
    tasks = _draft(body + "III. TỔ CHỨC THỰC HIỆN\n\nCác sở báo cáo kết quả.\n", registry)
    assert [(t.text, _leads(t), [x["id"] for x in t.support], t.deadline["phrase"]) for t in tasks[:2]] == [
        (
            "Rà soát các văn bản quy phạm pháp luật của tỉnh",
            ["so-noi-vu"],
            ["so-y-te", "so-tai-chinh"],
            "Quý II/2024",
        ),
        ("Số hóa hồ sơ thủ tục hành chính còn hiệu lực", ["so-tai-chinh"], ["cong-an-tinh"], "Năm 2024"),
    ]


def test_a_wrapped_item_cut_by_a_page_break_is_joined_again(registry: Registry) -> None:
    tasks = _draft(
        "II. NHIỆM VỤ\n\n9. Giao Sở Y tế chủ trì, phối hợp với Sở Nội vụ khảo sát nhu cầu nhà ở của công nhân\n"
        "tại các khu công nghiệp Thạnh Lộc, Thuận Yên và Khu công nghiệp\n\n3\n\n"
        "Xẻo Rô; đề xuất vị trí bố trí khu nhà lưu trú, hoàn thành trong Quý III/2025.\n",
        registry,
    )
    assert [(t.text.endswith("Quý III/2025."), t.deadline["phrase"]) for t in tasks] == [
        (True, "Hoàn thành trong Quý III/2025")
    ]
    assert "joined_across_page_break" in tasks[0].flags
