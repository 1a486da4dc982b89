"""The registry template for a new province: it loads like a real registry, resolves the names real plans
use, and `nhacviec registry init` writes it safely."""

from __future__ import annotations

import os
import re
import stat
import textwrap
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.domain.planner import recipient_on
from bot.importer.template import (
    RegistryTemplateError,
    guess_name,
    province_name,
    registry_for_import,
    render_registry,
    template_registry,
    template_text,
)
from bot.schedules.loader import load_schedules

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "schedules"


@pytest.fixture(scope="module")
def lao_cai():
    return template_registry("lao-cai", "Tỉnh Lào Cai")


# --- the template itself ----------------------------------------------------------------------------------


def test_raw_template_is_yaml_with_known_placeholders_only():
    raw = template_text()
    assert yaml.safe_load(raw)["registry"]["province"] == "{province}"
    assert set(re.findall(r"\{(\w+)\}", raw)) == {"province", "full_name", "province_name", "unit", "Unit"}


def test_rendered_template_loads_with_no_problems(tmp_path: Path, lao_cai):
    assert lao_cai.province == "lao-cai" and lao_cai.name == "Tỉnh Lào Cai"
    assert lao_cai.agencies["ubnd-tinh"].name == "Ủy ban nhân dân tỉnh Lào Cai"
    path = tmp_path / "agencies" / "lao-cai.yaml"
    path.parent.mkdir()
    text = render_registry("lao-cai", "Tỉnh Lào Cai")
    assert "{" not in text.replace("{}", "")
    path.write_text(text, encoding="utf-8")
    result = load_schedules([tmp_path])
    assert result.problems == []  # not even warnings


def test_rendered_template_passes_nhacviec_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    for province, name in [("lao-cai", "Tỉnh Lào Cai"), ("hai-phong", "Thành phố Hải Phòng")]:
        (tmp_path / "agencies").mkdir(exist_ok=True)
        (tmp_path / "agencies" / f"{province}.yaml").write_text(
            render_registry(province, name), encoding="utf-8"
        )
    assert main(["validate", str(tmp_path)]) == 0
    assert "Hợp lệ: 2 danh mục" in capsys.readouterr().out


def test_header_tells_the_admin_what_to_fill_in():
    header = render_registry("lao-cai", "Tỉnh Lào Cai").split("\nregistry:")[0]
    assert header.startswith("# Sổ đăng ký cơ quan (agency registry) - tỉnh Lào Cai.")
    for expected in (
        "CHƯA CÓ THÀNH VIÊN",
        "supervisor",
        "nhacviec invite --agency lao-cai:so-noi-vu",
        "01/7/2025",
    ):
        assert expected in header


def test_supervisors_follow_the_real_registries(lao_cai):
    for agency in lao_cai.agencies.values():
        if agency.kind in {"so", "ban", "thanh_tra", "van_phong", "trung_uong"} and agency.id not in {
            "van-phong-doan-dbqh-va-hdnd-tinh"
        }:
            assert agency.supervisor == "ubnd-tinh", agency.id
        if agency.kind in {"dang", "doan_the"} and agency.id not in {"tinh-uy", "ban-thuong-vu-tinh-uy"}:
            assert agency.supervisor == "ban-thuong-vu-tinh-uy", agency.id
    assert lao_cai.supervisor("van-phong-doan-dbqh-va-hdnd-tinh") == "hdnd-tinh"


def test_district_groups_are_empty_until_the_admin_adds_districts(lao_cai):
    assert lao_cai.members("ubnd-cac-huyen") == ()
    assert lao_cai.members("huyen-uy-thanh-uy") == ()
    assert lao_cai.groups["co-quan-don-vi-lien-quan"].vague
    assert not lao_cai.groups["cac-so-ban-nganh"].vague


def test_merged_department_resolves_to_the_old_body_and_its_successor(lao_cai):
    resolved = lao_cai.resolve("Sở Kế hoạch và Đầu tư")
    assert resolved is not None and not resolved.is_group and resolved.id == "so-ke-hoach-va-dau-tu"
    old = lao_cai.agencies[resolved.id]
    assert (old.merged_into, old.merged_on) == ("so-tai-chinh", date(2025, 3, 1))
    assert recipient_on(lao_cai, old.id, date(2025, 2, 28)) == "so-ke-hoach-va-dau-tu"
    assert recipient_on(lao_cai, old.id, date(2025, 3, 1)) == "so-tai-chinh"
    merged = {
        "so-nong-nghiep-va-phat-trien-nong-thon": "so-nong-nghiep-va-moi-truong",
        "so-tai-nguyen-va-moi-truong": "so-nong-nghiep-va-moi-truong",
        "so-giao-thong-van-tai": "so-xay-dung",
        "so-thong-tin-va-truyen-thong": "so-khoa-hoc-va-cong-nghe",
        "so-lao-dong-thuong-binh-va-xa-hoi": "so-noi-vu",
        "ban-dan-toc": "so-dan-toc-va-ton-giao",
    }
    for old_id, new_id in merged.items():
        agency = lao_cai.agencies[old_id]
        assert (agency.merged_into, agency.merged_on) == (new_id, date(2025, 3, 1)), old_id
    # "Các sở, ban, ngành" stands for the departments of the day.
    before = lao_cai.expand(["Các sở, ban, ngành"], on=date(2024, 6, 1))
    after = lao_cai.expand(["Các sở, ban, ngành"], on=date(2025, 6, 1))
    assert "so-ke-hoach-va-dau-tu" in before and "so-nong-nghiep-va-moi-truong" not in before
    assert "so-ke-hoach-va-dau-tu" not in after and "so-nong-nghiep-va-moi-truong" in after


# --- resolution quality -----------------------------------------------------------------------------------

# Names of one province's own units are no test of a template: districts and their party committees, named
# enterprises, and bodies set up for a single plan.
_OWN_KINDS = {"ubnd_huyen", "doanh_nghiep"}
_ONE_PLAN_BODIES = {"to-cong-tac-ra-soat-co-so-vat-chat-giao-vien", "ban-to-chuc-tuan-van-hoa-du-lich-2024"}
# "Mai Sơn" is how document 000 misnames Bắc Giang (see the registry's note).
_PROVINCE_NAMES = {"bac-giang": ("Bắc Giang", "Mai Sơn"), "tuyen-quang": ("Tuyên Quang",)}


def _generic_labels() -> list[tuple[str, str, str]]:
    """(province, id, label without the province's name) for every name and alias of the shipped registries."""
    labels: list[tuple[str, str, str]] = []
    for province, names in _PROVINCE_NAMES.items():
        data = yaml.safe_load((SHIPPED / "agencies" / f"{province}.yaml").read_text(encoding="utf-8"))
        for entry in [*data["groups"], *data["agencies"]]:
            if entry.get("kind") in _OWN_KINDS or entry["id"] in _ONE_PLAN_BODIES:
                continue
            if "huyen-uy-thanh-uy" in entry.get("groups", []):
                continue
            for label in [entry["name"], *entry.get("aliases", [])]:
                for name in names:
                    label = label.replace(name, "")
                labels.append((province, entry["id"], " ".join(label.split())))
    return labels


def test_template_resolves_the_names_of_the_real_registries(lao_cai):
    labels = _generic_labels()
    unresolved = [(p, i, label) for p, i, label in labels if lao_cai.resolve(label) is None]
    share = 1 - len(unresolved) / len(labels)
    print(f"template resolves {len(labels) - len(unresolved)}/{len(labels)} = {share:.1%}")
    listing = "\n".join(f"  {p}:{i}: {label}" for p, i, label in unresolved)
    assert share >= 0.85, f"{share:.1%} resolved; unresolved:\n{listing}"


def test_template_resolves_real_names_to_the_same_bodies(lao_cai):
    # The one deliberate difference: Tuyên Quang files this phrase under its districts-and-departments group.
    expected_differences = {("tuyen-quang", "cac-so-nganh-dia-phuong", "Các cơ quan, đơn vị, địa phương")}
    wrong = set()
    for province, entry_id, label in _generic_labels():
        resolved = lao_cai.resolve(label)
        shared = entry_id in lao_cai.agencies or entry_id in lao_cai.groups
        if resolved is not None and shared and resolved.id != entry_id:
            wrong.add((province, entry_id, label))
    assert wrong == expected_differences


@pytest.mark.parametrize(
    ("province", "name", "written", "expected"),
    [
        ("lao-cai", "Tỉnh Lào Cai", "Sở Kế hoạch và Đầu tư tỉnh Lào Cai", "so-ke-hoach-va-dau-tu"),
        ("lao-cai", "Tỉnh Lào Cai", "Sở KHĐT", "so-ke-hoach-va-dau-tu"),
        ("lao-cai", "Tỉnh Lào Cai", "Uỷ ban nhân dân tỉnh Lào Cai", "ubnd-tinh"),
        ("lao-cai", "Tỉnh Lào Cai", "Chủ tịch UBND tỉnh", "ubnd-tinh"),
        ("lao-cai", "Tỉnh Lào Cai", "VP UBND tỉnh", "van-phong-ubnd-tinh"),
        ("lao-cai", "Tỉnh Lào Cai", "Công an tỉnh", "cong-an-tinh"),
        ("lao-cai", "Tỉnh Lào Cai", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "bo-chi-huy-bo-doi-bien-phong-tinh"),
        ("lao-cai", "Tỉnh Lào Cai", "Sở NN&PTNT", "so-nong-nghiep-va-phat-trien-nong-thon"),
        ("lao-cai", "Tỉnh Lào Cai", "Sở NN và PTNT", "so-nong-nghiep-va-phat-trien-nong-thon"),
        ("lao-cai", "Tỉnh Lào Cai", "Sở TN&MT tỉnh", "so-tai-nguyen-va-moi-truong"),
        ("lao-cai", "Tỉnh Lào Cai", "Sở LĐTBXH", "so-lao-dong-thuong-binh-va-xa-hoi"),
        (
            "lao-cai",
            "Tỉnh Lào Cai",
            "Sở Lao động, Thương binh và Xã hội",
            "so-lao-dong-thuong-binh-va-xa-hoi",
        ),
        ("lao-cai", "Tỉnh Lào Cai", "Sở TT&TT", "so-thong-tin-va-truyen-thong"),
        ("lao-cai", "Tỉnh Lào Cai", "Sở VHTTDL", "so-van-hoa-the-thao-va-du-lich"),
        (
            "lao-cai",
            "Tỉnh Lào Cai",
            "Sở Văn hoá, Thể thao và Du lịch tỉnh Lào Cai",
            "so-van-hoa-the-thao-va-du-lich",
        ),
        ("lao-cai", "Tỉnh Lào Cai", "Sở GD&ĐT", "so-giao-duc-va-dao-tao"),
        ("lao-cai", "Tỉnh Lào Cai", "Giám đốc Sở Tài chính", "so-tai-chinh"),
        ("lao-cai", "Tỉnh Lào Cai", "Thủ trưởng các sở, ban, ngành", "cac-so-ban-nganh"),
        ("lao-cai", "Tỉnh Lào Cai", "UBND các huyện, thị xã, thành phố", "ubnd-cac-huyen"),
        ("lao-cai", "Tỉnh Lào Cai", "UBND cấp huyện", "ubnd-cac-huyen"),
        ("lao-cai", "Tỉnh Lào Cai", "UBND cấp xã", "ubnd-cap-xa"),
        ("lao-cai", "Tỉnh Lào Cai", "Ủy ban MTTQ Việt Nam tỉnh", "uy-ban-mttq-tinh"),
        ("lao-cai", "Tỉnh Lào Cai", "Đài PT-TH tỉnh", "dai-phat-thanh-va-truyen-hinh-tinh"),
        ("lao-cai", "Tỉnh Lào Cai", "Báo Lào Cai", "bao-tinh"),
        ("lao-cai", "Tỉnh Lào Cai", "Báo tỉnh", "bao-tinh"),
        ("lao-cai", "Tỉnh Lào Cai", "Tỉnh đoàn", "tinh-doan"),
        (
            "lao-cai",
            "Tỉnh Lào Cai",
            "Ban Quản lý Khu kinh tế tỉnh Lào Cai",
            "ban-quan-ly-cac-khu-cong-nghiep",
        ),
        ("lao-cai", "Tỉnh Lào Cai", "Cục Hải quan tỉnh Lào Cai", "cuc-hai-quan-tinh"),
        ("lao-cai", "Tỉnh Lào Cai", "Kho bạc Nhà nước Lào Cai", "kho-bac-nha-nuoc-tinh"),
        ("lao-cai", "Tỉnh Lào Cai", "Các cơ quan, đơn vị liên quan", "co-quan-don-vi-lien-quan"),
        ("nghe-an", "Tỉnh Nghệ An", "Bảo hiểm xã hội tỉnh Nghệ An", "bao-hiem-xa-hoi-tinh"),
        ("nghe-an", "Tỉnh Nghệ An", "BHXH tỉnh", "bao-hiem-xa-hoi-tinh"),
        ("nghe-an", "Tỉnh Nghệ An", "Cục Thống kê tỉnh Nghệ An", "cuc-thong-ke-tinh"),
        (
            "nghe-an",
            "Tỉnh Nghệ An",
            "Sở Nông nghiệp và Môi trường tỉnh Nghệ An",
            "so-nong-nghiep-va-moi-truong",
        ),
        ("nghe-an", "Tỉnh Nghệ An", "Hội Liên hiệp Phụ nữ tỉnh", "hoi-lien-hiep-phu-nu-tinh"),
        ("nghe-an", "Tỉnh Nghệ An", "Liên đoàn Lao động tỉnh", "lien-doan-lao-dong-tinh"),
        ("nghe-an", "Tỉnh Nghệ An", "Các cơ quan Trung ương đóng trên địa bàn tỉnh", "co-quan-trung-uong"),
        ("nghe-an", "Tỉnh Nghệ An", "Các tổ chức chính trị - xã hội", "doan-the"),
        ("nghe-an", "Tỉnh Nghệ An", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "ban-tuyen-giao-va-dan-van-tinh-uy"),
        ("nghe-an", "Tỉnh Nghệ An", "Ban Tổ chức Tỉnh ủy Nghệ An", "ban-to-chuc-tinh-uy"),
        (
            "thanh-hoa",
            "Tỉnh Thanh Hóa",
            "Viện kiểm sát nhân dân tỉnh Thanh Hoá",
            "vien-kiem-sat-nhan-dan-tinh",
        ),
        ("thanh-hoa", "Tỉnh Thanh Hóa", "Tòa án nhân dân tỉnh", "toa-an-nhan-dan-tinh"),
        (
            "thanh-hoa",
            "Tỉnh Thanh Hóa",
            "Cục Thi hành án dân sự tỉnh Thanh Hóa",
            "cuc-thi-hanh-an-dan-su-tinh",
        ),
        (
            "thanh-hoa",
            "Tỉnh Thanh Hóa",
            "Ngân hàng Nhà nước chi nhánh tỉnh Thanh Hóa",
            "ngan-hang-nha-nuoc-chi-nhanh-tinh",
        ),
        ("thanh-hoa", "Tỉnh Thanh Hóa", "Cục Thuế tỉnh Thanh Hoá", "cuc-thue-tinh"),
        ("ba-ria-vung-tau", "Tỉnh Bà Rịa - Vũng Tàu", "Sở Y tế tỉnh Bà Rịa - Vũng Tàu", "so-y-te"),
        ("hai-phong", "Thành phố Hải Phòng", "UBND thành phố Hải Phòng", "ubnd-tinh"),
        ("hai-phong", "Thành phố Hải Phòng", "Thành ủy Hải Phòng", "tinh-uy"),
        ("hai-phong", "Thành phố Hải Phòng", "Thành đoàn", "tinh-doan"),
        ("hai-phong", "Thành phố Hải Phòng", "Sở Nội vụ thành phố", "so-noi-vu"),
        ("hai-phong", "Thành phố Hải Phòng", "Công an thành phố Hải Phòng", "cong-an-tinh"),
        ("hai-phong", "Thành phố Hải Phòng", "UBND các quận, huyện", "ubnd-cac-huyen"),
    ],
)
def test_names_as_other_provinces_write_them(province: str, name: str, written: str, expected: str):
    resolved = template_registry(province, name).resolve(written)
    assert resolved is not None, f"«{written}» does not resolve"
    assert resolved.id == expected


# --- slugs and names --------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["Lao-Cai", "lao_cai", "lào-cai", "lao--cai", "-lao", "", "lao cai"])
def test_bad_slugs_are_refused(slug: str):
    with pytest.raises(RegistryTemplateError, match=r"Mã tỉnh .* không hợp lệ"):
        render_registry(slug, "Tỉnh Lào Cai")


@pytest.mark.parametrize(
    "name", ["Lào Cai", "Tỉnh", "Tỉnh Lào Cai 2", 'Tỉnh "Lào Cai"', "Tỉnh Lào: Cai", "TP Hải Phòng"]
)
def test_bad_names_are_refused(name: str):
    with pytest.raises(RegistryTemplateError, match="ghi đầy đủ dạng «Tỉnh Lào Cai»"):
        render_registry("lao-cai", name)


def test_names_are_normalised():
    assert province_name("  tỉnh   Lào Cai ").full == "Tỉnh Lào Cai"
    city = province_name("THÀNH PHỐ Hải Phòng")
    assert (city.full, city.short, city.unit, city.unit_title) == (
        "Thành phố Hải Phòng",
        "Hải Phòng",
        "thành phố",
        "Thành",
    )
    assert province_name("Tỉnh Bà Rịa - Vũng Tàu").short == "Bà Rịa - Vũng Tàu"
    assert guess_name("lao-cai") == "Tỉnh Lào Cai"  # the printed name, with its diacritics
    assert guess_name("hai-phong") == "Thành phố Hải Phòng"
    assert guess_name("ba-ria-vung-tau") == "Tỉnh Bà Rịa - Vũng Tàu"
    assert guess_name("tinh-moi") == "Tỉnh Tinh Moi"  # a slug the table does not know: its words


def test_every_known_province_name_is_a_valid_name_whose_slug_is_its_key() -> None:
    from bot.domain.text import fold
    from bot.importer.template import _NAMES

    assert len(_NAMES) == 64  # 58 provinces and 5 cities before 2025, and Huế, a city since 2025
    for slug, name in _NAMES.items():
        parsed = province_name(name)
        assert "-".join(fold(parsed.short).replace("-", " ").split()) == slug


# --- nhacviec registry init -------------------------------------------------------------------------------


def _init(schedules: Path, *extra: str, province: str = "lao-cai", name: str = "Tỉnh Lào Cai") -> int:
    return main(["registry", "init", province, "--name", name, "--schedules", str(schedules), *extra])


def test_init_writes_a_registry_that_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert _init(tmp_path) == 0
    out = capsys.readouterr().out
    target = tmp_path / "agencies" / "lao-cai.yaml"
    assert target.read_text(encoding="utf-8") == render_registry("lao-cai", "Tỉnh Lào Cai")
    assert out.startswith(f"Đã tạo danh mục cơ quan mẫu của Tỉnh Lào Cai: {target} (")
    assert "nhóm «ubnd-cac-huyen» (đang trống)" in out
    assert f"nhacviec validate {tmp_path}" in out
    assert "nhacviec invite --agency lao-cai:so-noi-vu --role focal" in out
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask  # readable by a bot run as another user
    assert [p.name for p in (tmp_path / "agencies").iterdir()] == ["lao-cai.yaml"]  # no temporary file left
    assert main(["validate", str(tmp_path)]) == 0


def test_init_uses_the_schedules_dir_from_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setenv("NHACVIEC_SCHEDULES_DIR", str(tmp_path))
    assert main(["registry", "init", "nghe-an", "--name", "Tỉnh Nghệ An"]) == 0
    assert (tmp_path / "agencies" / "nghe-an.yaml").is_file()


def test_init_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    target = tmp_path / "agencies" / "lao-cai.yaml"
    target.parent.mkdir()
    target.write_text("# sửa tay\n", encoding="utf-8")
    assert _init(tmp_path) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == f"Đã có tệp «{target}»; không ghi đè (dùng --force để tạo lại từ mẫu)."
    assert captured.out == ""
    assert target.read_text(encoding="utf-8") == "# sửa tay\n"
    assert _init(tmp_path, "--force") == 0
    assert 'province: "lao-cai"' in target.read_text(encoding="utf-8")


def test_init_refuses_a_province_registered_in_another_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    other = tmp_path / "agencies" / "lc.yaml"
    other.parent.mkdir()
    other.write_text(render_registry("lao-cai", "Tỉnh Lào Cai"), encoding="utf-8")
    assert _init(tmp_path, "--force") == 1
    assert capsys.readouterr().err.strip() == f"Tỉnh «lao-cai» đã có danh mục cơ quan ở tệp «{other}»."
    assert not (tmp_path / "agencies" / "lao-cai.yaml").exists()


@pytest.mark.parametrize(
    ("province", "name", "message"),
    [
        (
            "Lao_Cai",
            "Tỉnh Lào Cai",
            "Mã tỉnh «Lao_Cai» không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch ngang (ví dụ: lao-cai).",
        ),
        (
            "lao-cai",
            "Lào Cai",
            "Tên «Lào Cai» không hợp lệ: ghi đầy đủ dạng «Tỉnh Lào Cai» hoặc «Thành phố Hải Phòng» (chỉ gồm chữ, dấu cách và dấu gạch ngang).",
        ),
    ],
)
def test_init_bad_input_is_a_vietnamese_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], province: str, name: str, message: str
):
    assert _init(tmp_path, province=province, name=name) == 1
    assert capsys.readouterr().err.strip() == message
    assert not (tmp_path / "agencies").exists()


def test_a_plan_for_the_new_province_loads_against_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert _init(tmp_path) == 0
    plan = tmp_path / "lao-cai" / "lc-01-2024.yaml"
    plan.parent.mkdir()
    plan.write_text(
        textwrap.dedent("""\
            plan:
              id: lc-01-2024
              title: Kế hoạch thử nghiệm tỉnh Lào Cai năm 2024
              year: 2024
              issued: 2024-01-10
              province: lao-cai
            tasks:
              - id: LC-1
                ref: "1"
                title: Tổng hợp báo cáo
                lead: Sở Kế hoạch và Đầu tư tỉnh Lào Cai
                support: ["Công an tỉnh", "Các sở, ban, ngành"]
                deadline: "Quý I/2024"
              - id: LC-2
                ref: "2"
                title: Rà soát thủ tục hành chính
                lead: ["UBND các huyện, thị xã, thành phố"]
                deadline: "Tháng 6/2024"
            """),
        encoding="utf-8",
    )
    result = load_schedules([tmp_path])
    assert result.ok, "\n".join(map(str, result.problems))
    first, second = result.catalog.plans["lc-01-2024"].tasks
    assert first.lead_ids == ("so-ke-hoach-va-dau-tu",)
    assert "cong-an-tinh" in first.support_ids and "so-tu-phap" in first.support_ids
    assert "so-nong-nghiep-va-moi-truong" not in first.support_ids  # created in 2025
    assert second.lead_ids == ()  # the district group is empty until the admin lists the districts
    assert main(["validate", str(tmp_path)]) == 0
    assert "1 kế hoạch, 2 nhiệm vụ" in capsys.readouterr().out


# --- the registry for `nhacviec import` -------------------------------------------------------------------


def test_import_uses_the_real_registry_when_there_is_one():
    registry, notice = registry_for_import(SHIPPED, "bac-giang")
    assert notice is None
    assert registry is not None and registry.agencies["ubnd-tinh"].name == "Ủy ban nhân dân tỉnh Bắc Giang"
    assert registry_for_import(SHIPPED, None) == (None, None)


def test_import_falls_back_to_the_template_with_a_notice(tmp_path: Path):
    registry, notice = registry_for_import(SHIPPED, "lao-cai")
    assert registry is not None and registry.province == "lao-cai"
    assert registry.resolve("Sở Kế hoạch và Đầu tư tỉnh Lào Cai") is not None  # diacritics do not matter
    assert notice == (
        f"Chưa có danh mục cơ quan của tỉnh «lao-cai» trong {SHIPPED}: dùng danh mục mẫu; chạy "
        '`nhacviec registry init lao-cai --name "Tỉnh …"` để tạo.'
    )
    named, _ = registry_for_import(tmp_path / "missing", "lao-cai", name="Tỉnh Lào Cai")
    assert named is not None and named.agencies["cong-an-tinh"].name == "Công an tỉnh Lào Cai"
    city, notice = registry_for_import(tmp_path, "hai-phong")
    assert city is not None and city.resolve("UBND thành phố Hải Phòng") is not None
    assert notice is not None and '--name "Thành phố …"' in notice


def test_init_reports_a_folder_it_cannot_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "agencies").write_text("not a folder", encoding="utf-8")
    assert _init(tmp_path) == 1
    assert capsys.readouterr().err.startswith("Không ghi được «")


def test_import_falls_back_to_the_template_when_the_registry_is_broken(tmp_path: Path):
    broken = tmp_path / "agencies" / "lao-cai.yaml"
    broken.parent.mkdir()
    broken.write_text(
        render_registry("lao-cai", "Tỉnh Lào Cai").replace("kind: so\n", "kind: sở\n", 1), encoding="utf-8"
    )
    registry, notice = registry_for_import(tmp_path, "lao-cai")
    assert registry is not None and registry.province == "lao-cai"
    assert notice is not None and notice.startswith("Danh mục cơ quan của tỉnh «lao-cai» có lỗi")


def test_import_refuses_a_bad_slug():
    with pytest.raises(RegistryTemplateError):
        registry_for_import(SHIPPED, "Lào Cai")
