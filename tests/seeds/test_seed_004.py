"""Kế hoạch 78/KH-UBND Tuyên Quang (seed 004) against its shipped schedule tq-78-khac-phuc-2024."""

import re
from datetime import date

import pytest
from conftest import plan_of, task_of

PLAN = "tq-78-khac-phuc-2024"
SEED = "004_d3a6d3ff8dc062de.txt"
PROVINCE_HUYEN = {
    "ubnd-thanh-pho-tuyen-quang",
    "ubnd-huyen-lam-binh",
    "ubnd-huyen-na-hang",
    "ubnd-huyen-chiem-hoa",
    "ubnd-huyen-ham-yen",
    "ubnd-huyen-yen-son",
    "ubnd-huyen-son-duong",
}


def _flat(text: str) -> str:
    """The seed with markdown emphasis dropped and whitespace (line and page breaks) collapsed."""
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


@pytest.fixture(scope="module")
def seed(seed_text) -> str:
    return _flat(seed_text(SEED))


def test_task_count(catalog):
    assert len(plan_of(catalog, PLAN).tasks) == 109


def test_merged_duplicates_stay_merged(catalog):
    ids = {t.id for t in plan_of(catalog, PLAN).tasks}
    gone = {
        "TQ78-II.1.1b",
        "TQ78-II.1.2i",
        "TQ78-II.3.1.1e",
        "TQ78-II.1.5e",
        "TQ78-II.2.2.3-gd3b",
        "TQ78-II.2.2.3-gd3e",
        "TQ78-II.4.1.7f",
        "TQ78-II.5.2n",
        "TQ78-II.8.5d",
        "TQ78-III.1b",
    }
    assert not gone & ids
    # the ids kept for the merged duties
    assert {"TQ78-II.1.1a", "TQ78-II.1.2d", "TQ78-II.1.3f", "TQ78-II.2.2.3-gd3a", "TQ78-III.1a"} <= ids


def test_every_assignment_heading_of_section_ii_has_a_task(catalog, seed_text):
    text = seed_text(SEED)
    body = text[text.index("II. NỘI DUNG, NHIỆM VỤ, GIẢI PHÁP") : text.index("III. TỔ CHỨC THỰC HIỆN")]
    numbers = re.findall(r"(?m)^(\d+(?:\.\d+)+)\. ", body)
    # a heading with sub-headings (2.1 "Về sản xuất…", 4.2 "Tiến độ…") names a shortcoming, not an agency
    leaves = {n for n in numbers if not any(m.startswith(n + ".") for m in numbers)}
    assert len(leaves) == 47
    refs = {t.ref.split(" ")[0] for t in plan_of(catalog, PLAN).tasks}
    assert {f"II.{n}" for n in leaves} <= refs
    assert refs - {f"II.{n}" for n in leaves} == {"III.1", "III.2"}


def test_no_implied_deadline_beyond_the_plan_year(catalog):
    for task in plan_of(catalog, PLAN).tasks:
        if task.deadline.kind == "date":
            assert task.deadline.due is not None and task.deadline.due <= date(2024, 12, 31), task.id


# --- spot checks: ref, leads and parsed deadline of one task, and its passage in the document ---------


def test_ii_1_1_group_lead_all_departments_and_districts(catalog, seed):
    t = task_of(catalog, "TQ78-II.1.1a")
    assert t.ref == "II.1.1"
    assert set(t.lead_ids) >= PROVINCE_HUYEN
    assert {"so-ke-hoach-va-dau-tu", "so-y-te", "thanh-tra-tinh", "van-phong-ubnd-tinh"} <= set(t.lead_ids)
    assert (t.deadline.kind, t.deadline.due) == ("date", date(2024, 12, 31))
    assert "tập trung hoàn thành 02 chỉ tiêu năm 2023 chưa đạt kế hoạch" in seed


def test_ii_1_2_monthly_socio_economic_report(catalog, seed):
    t = task_of(catalog, "TQ78-II.1.2d")
    assert t.ref == "II.1.2"
    assert t.lead_ids == ("so-ke-hoach-va-dau-tu",)
    assert t.phrase == "hằng tháng, quý, 6 tháng và cả năm"
    assert (t.deadline.kind, t.deadline.freq) == ("recurring", "monthly")
    assert "phát triển kinh tế - xã hội hằng tháng, quý, 6 tháng và cả năm" in seed


def test_ii_1_3_network_security_assigned_twice_one_task(catalog, seed):
    t = task_of(catalog, "TQ78-II.1.3f")
    assert t.ref == "II.1.3"
    assert t.lead_ids == ("so-thong-tin-va-truyen-thong",)
    assert t.deadline.due == date(2024, 12, 31)
    assert (
        seed.count("giải pháp trong việc giám sát an toàn thông tin mạng các hệ thống thông tin của tỉnh")
        == 2
    )


def test_ii_1_4_monthly_revenue_review(catalog, seed):
    t = task_of(catalog, "TQ78-II.1.4a")
    assert t.ref == "II.1.4"
    assert t.lead_ids == ("so-tai-chinh",)
    assert (t.deadline.kind, t.deadline.freq) == ("recurring", "monthly")
    assert "hằng tháng đánh giá tình hình và kết quả thu ngân sách" in seed


def test_ii_2_1_1_forestry_scheme_after_approval(catalog, seed):
    t = task_of(catalog, "TQ78-II.2.1.1c")
    assert t.ref == "II.2.1.1"
    assert t.lead_ids == ("so-nong-nghiep-va-phat-trien-nong-thon",)
    assert t.deadline.kind == "event"
    assert "triển khai thực hiện đề án sau khi được Thủ tướng Chính phủ phê duyệt" in seed


def test_ii_2_1_2_misread_phrase_has_explicit_date(catalog, seed):
    t = task_of(catalog, "TQ78-II.2.1.2c")
    assert t.ref == "II.2.1.2"
    assert t.lead_ids == ("so-khoa-hoc-va-cong-nghe",)
    assert t.phrase == "phần đầu năm 2024 dự án được cấp văn bằng bảo hộ"
    assert (t.deadline.kind, t.deadline.due) == ("date", date(2024, 12, 31))
    assert "(phần đầu năm 2024 dự án được cấp văn bằng bảo hộ)" in seed


def test_ii_2_2_3_lam_binh_is_one_task(catalog, seed):
    t = task_of(catalog, "TQ78-II.2.2.3-gd3a")
    assert t.ref == "II.2.2.3 (gạch đầu dòng 3)"
    assert t.lead_ids == ("ubnd-huyen-lam-binh",)
    assert t.deadline.due == date(2024, 12, 31)
    assert "cải tạo hệ thống ruộng bậc thang thôn Khuổi Trang, xã Xuân Lập" in t.text
    assert "Ủy ban nhân dân huyện Lâm Bình: Tổ chức các hoạt động, sự kiện văn hoá" in seed


def test_ii_3_1_4_police_with_ict_department(catalog, seed):
    t = task_of(catalog, "TQ78-II.3.1.4c")
    assert t.ref == "II.3.1.4"
    assert t.lead_ids == ("cong-an-tinh",)
    assert "so-thong-tin-va-truyen-thong" in t.support_ids
    assert t.deadline.due == date(2024, 12, 31)
    assert "phối hợp với Sở Thông tin và Truyền thông, cơ quan, đơn vị liên quan cài đặt" in seed


def test_ii_3_2_2_industrial_clusters_within_2024(catalog, seed):
    t = task_of(catalog, "TQ78-II.3.2.2a")
    assert t.ref == "II.3.2.2"
    assert t.lead_ids == ("so-cong-thuong",)
    assert t.phrase == "trong năm 2024"
    assert (t.deadline.kind, t.deadline.due) == ("date", date(2024, 12, 31))
    assert "Cụm công nghiệp An Hòa - Long Bình An trong năm 2024" in seed


def test_ii_4_1_5_three_leads(catalog, seed):
    t = task_of(catalog, "TQ78-II.4.1.5a")
    assert t.ref == "II.4.1.5"
    assert set(t.lead_ids) == {
        "so-lao-dong-thuong-binh-va-xa-hoi",
        "so-nong-nghiep-va-phat-trien-nong-thon",
        "ban-dan-toc",
    }
    assert t.deadline.due == date(2024, 12, 31)
    assert (
        "4.1.5. Sở Lao động - Thương binh và Xã hội, Sở Nông nghiệp và Phát triển nông thôn, Ban Dân tộc"
        in seed
    )


def test_ii_4_1_7_project_owners_and_districts(catalog, seed):
    t = task_of(catalog, "TQ78-II.4.1.7a")
    assert t.ref == "II.4.1.7"
    assert set(t.lead_ids) >= PROVINCE_HUYEN
    assert {"so-giao-thong-van-tai", "so-xay-dung", "trung-tam-xuc-tien-dau-tu"} <= set(t.lead_ids)
    assert t.deadline.due == date(2024, 12, 31)
    assert "phấn đấu giải ngân trên 95% kế hoạch vốn được giao" in seed


def test_ii_4_2_1_monthly_meeting_on_non_budget_projects(catalog, seed):
    t = task_of(catalog, "TQ78-II.4.2.1a")
    assert t.ref == "II.4.2.1"
    assert t.lead_ids == ("so-ke-hoach-va-dau-tu",)
    assert (t.deadline.kind, t.deadline.freq) == ("recurring", "monthly")
    assert "Hằng tháng, tham mưu với Ủy ban nhân dân tỉnh tổ chức họp tháo gỡ khó khăn" in seed


def test_ii_5_2_roadmap_of_another_plan(catalog, seed):
    t = task_of(catalog, "TQ78-II.5.2a")
    assert t.ref == "II.5.2"
    assert t.lead_ids == ("so-giao-duc-va-dao-tao",)
    assert t.deadline.kind == "unspecified"
    assert "theo lộ trình đã xác định tại Kế hoạch số 239/KHUBND ngày 31/12/2022" in seed


def test_ii_6_2_poverty_target_in_2024(catalog, seed):
    t = task_of(catalog, "TQ78-II.6.2a")
    assert t.ref == "II.6.2"
    assert t.lead_ids == ("so-lao-dong-thuong-binh-va-xa-hoi",)
    assert t.phrase == "trong năm 2024"
    assert t.deadline.due == date(2024, 12, 31)
    assert "Phấn đấu trong năm 2024, giảm tỷ lệ hộ nghèo theo chuẩn đa chiều" in seed


def test_ii_8_2_monthly_reform_index(catalog, seed):
    t = task_of(catalog, "TQ78-II.8.2c")
    assert t.ref == "II.8.2"
    assert t.lead_ids == ("so-noi-vu",)
    assert (t.deadline.kind, t.deadline.freq) == ("recurring", "monthly")
    assert "Chỉ số cải cách hành chính cấp tỉnh hằng tháng theo bộ tiêu chí của Bộ Nội vụ" in seed


def test_ii_8_6_business_association(catalog, seed):
    t = task_of(catalog, "TQ78-II.8.6")
    assert t.ref == "II.8.6"
    assert t.lead_ids == ("hiep-hoi-doanh-nghiep-tinh",)
    assert t.deadline.due == date(2024, 12, 31)
    assert "Triển khai Bộ chỉ số năng lực cạnh tranh (DDCI)" in seed


def test_iii_1_report_by_job_titles(catalog, seed):
    t = task_of(catalog, "TQ78-III.1c")
    assert t.ref == "III.1"
    assert t.phrase == "trước ngày 10/12/2024"
    assert (t.deadline.kind, t.deadline.due) == ("date", date(2024, 12, 10))
    leads = set(t.lead_ids)
    # "Giám đốc các sở; Thủ trưởng các ban, ngành" -> departments and boards
    assert {
        "so-noi-vu",
        "so-ke-hoach-va-dau-tu",
        "ban-dan-toc",
        "thanh-tra-tinh",
        "van-phong-ubnd-tinh",
    } <= leads
    # "Chủ tịch Ủy ban nhân dân huyện, thành phố" -> the district people's committees
    assert leads >= PROVINCE_HUYEN
    # "lãnh đạo các cơ quan, đơn vị" -> every other body assigned in section II
    assert {
        "bao-hiem-xa-hoi-tinh",
        "cong-an-tinh",
        "trung-tam-xuc-tien-dau-tu",
        "hiep-hoi-doanh-nghiep-tinh",
    } <= leads
    assert "ubnd-tinh" not in leads
    assert "(qua Sở Kế hoạch và Đầu tư để tổng hợp chung) trước ngày 10/12/2024" in seed


def test_iii_2_summary_report(catalog, seed):
    t = task_of(catalog, "TQ78-III.2b")
    assert t.ref == "III.2"
    assert t.lead_ids == ("so-ke-hoach-va-dau-tu",)
    assert (t.deadline.kind, t.deadline.due) == ("date", date(2024, 12, 15))
    assert "tổng hợp kết quả thực hiện, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2024" in seed
