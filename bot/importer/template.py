"""A starting agency registry for a province that has none: the standard provincial bodies.

The template (`templates/registry.yaml`, package data) is an ordinary registry file whose province-specific
words are placeholders. `render_registry` fills them in; everything else goes through the loader exactly as a
file in `schedules/agencies/` does, so the template obeys the same rules and problems are reported the same
way.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from bot.domain.model import Registry
from bot.schedules.formats import Slug
from bot.schedules.loader import LoadResult, load_schedules, schedule_files

TEMPLATE = "templates/registry.yaml"  # inside the bot.importer package

# The centrally-run cities: their bodies say "thành phố"/"Thành ủy" where a province says "tỉnh"/"Tỉnh ủy".
# Only used to guess a display name from a bare slug (`registry_for_import` without a name).
CITY_SLUGS = frozenset({"ha-noi", "ho-chi-minh", "hai-phong", "da-nang", "can-tho", "hue"})

_SLUG = TypeAdapter(Slug)
_PREFIX = re.compile(r"(tỉnh|thành phố)\s+(.+)", re.IGNORECASE)
_WORDS = re.compile(r"[^\W\d_]+(?:(?:\s*-\s*|\s)[^\W\d_]+)*")  # letters; words joined by spaces or hyphens
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class RegistryTemplateError(ValueError):
    """A province slug or name that cannot make a registry, or a file that must not be written (Vietnamese)."""


@dataclass(frozen=True, slots=True)
class ProvinceName:
    """How a province's name enters its bodies' names: "Sở Nội vụ tỉnh Lào Cai", "Thành ủy Hải Phòng"."""

    full: str  # "Tỉnh Lào Cai", "Thành phố Hải Phòng"
    short: str  # "Lào Cai"
    unit: str  # "tỉnh" | "thành phố", as in "UBND tỉnh"
    unit_title: str  # "Tỉnh" | "Thành", as in "Tỉnh ủy", "Tỉnh đoàn"

    def placeholders(self, province: str) -> dict[str, str]:
        return {
            "province": province,
            "full_name": self.full,
            "province_name": self.short,
            "unit": self.unit,
            "Unit": self.unit_title,
        }


def check_province(province: str) -> str:
    """The province id, if it is a registry slug (ASCII lower-case letters, digits, single hyphens)."""
    try:
        return _SLUG.validate_python(province)
    except ValidationError:
        raise RegistryTemplateError(
            f"Mã tỉnh «{province}» không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch ngang "
            "(ví dụ: lao-cai)."
        ) from None


def province_name(name: str) -> ProvinceName:
    """Read "Tỉnh Lào Cai" or "Thành phố Hải Phòng" (any case for the prefix, NFC-normalised)."""
    text = " ".join(unicodedata.normalize("NFC", name).split())
    match = _PREFIX.fullmatch(text)
    if match is None or not _WORDS.fullmatch(match.group(2)):
        raise RegistryTemplateError(
            f"Tên «{name}» không hợp lệ: ghi đầy đủ dạng «Tỉnh Lào Cai» hoặc «Thành phố Hải Phòng» "
            "(chỉ gồm chữ, dấu cách và dấu gạch ngang)."
        )
    short = match.group(2)
    if match.group(1).casefold() == "tỉnh":
        return ProvinceName(f"Tỉnh {short}", short, "tỉnh", "Tỉnh")
    return ProvinceName(f"Thành phố {short}", short, "thành phố", "Thành")


# The provinces' names as printed, for a bare slug: the 63 before the 2025 merger (the 34 after it keep names
# among these) and Huế, a centrally-run city since 2025
_NAMES = {
    "an-giang": "Tỉnh An Giang",
    "ba-ria-vung-tau": "Tỉnh Bà Rịa - Vũng Tàu",
    "bac-giang": "Tỉnh Bắc Giang",
    "bac-kan": "Tỉnh Bắc Kạn",
    "bac-lieu": "Tỉnh Bạc Liêu",
    "bac-ninh": "Tỉnh Bắc Ninh",
    "ben-tre": "Tỉnh Bến Tre",
    "binh-dinh": "Tỉnh Bình Định",
    "binh-duong": "Tỉnh Bình Dương",
    "binh-phuoc": "Tỉnh Bình Phước",
    "binh-thuan": "Tỉnh Bình Thuận",
    "ca-mau": "Tỉnh Cà Mau",
    "cao-bang": "Tỉnh Cao Bằng",
    "dak-lak": "Tỉnh Đắk Lắk",
    "dak-nong": "Tỉnh Đắk Nông",
    "dien-bien": "Tỉnh Điện Biên",
    "dong-nai": "Tỉnh Đồng Nai",
    "dong-thap": "Tỉnh Đồng Tháp",
    "gia-lai": "Tỉnh Gia Lai",
    "ha-giang": "Tỉnh Hà Giang",
    "ha-nam": "Tỉnh Hà Nam",
    "ha-tinh": "Tỉnh Hà Tĩnh",
    "hai-duong": "Tỉnh Hải Dương",
    "hau-giang": "Tỉnh Hậu Giang",
    "hoa-binh": "Tỉnh Hòa Bình",
    "hung-yen": "Tỉnh Hưng Yên",
    "khanh-hoa": "Tỉnh Khánh Hòa",
    "kien-giang": "Tỉnh Kiên Giang",
    "kon-tum": "Tỉnh Kon Tum",
    "lai-chau": "Tỉnh Lai Châu",
    "lam-dong": "Tỉnh Lâm Đồng",
    "lang-son": "Tỉnh Lạng Sơn",
    "lao-cai": "Tỉnh Lào Cai",
    "long-an": "Tỉnh Long An",
    "nam-dinh": "Tỉnh Nam Định",
    "nghe-an": "Tỉnh Nghệ An",
    "ninh-binh": "Tỉnh Ninh Bình",
    "ninh-thuan": "Tỉnh Ninh Thuận",
    "phu-tho": "Tỉnh Phú Thọ",
    "phu-yen": "Tỉnh Phú Yên",
    "quang-binh": "Tỉnh Quảng Bình",
    "quang-nam": "Tỉnh Quảng Nam",
    "quang-ngai": "Tỉnh Quảng Ngãi",
    "quang-ninh": "Tỉnh Quảng Ninh",
    "quang-tri": "Tỉnh Quảng Trị",
    "soc-trang": "Tỉnh Sóc Trăng",
    "son-la": "Tỉnh Sơn La",
    "tay-ninh": "Tỉnh Tây Ninh",
    "thai-binh": "Tỉnh Thái Bình",
    "thai-nguyen": "Tỉnh Thái Nguyên",
    "thanh-hoa": "Tỉnh Thanh Hóa",
    "thua-thien-hue": "Tỉnh Thừa Thiên Huế",
    "tien-giang": "Tỉnh Tiền Giang",
    "tra-vinh": "Tỉnh Trà Vinh",
    "tuyen-quang": "Tỉnh Tuyên Quang",
    "vinh-long": "Tỉnh Vĩnh Long",
    "vinh-phuc": "Tỉnh Vĩnh Phúc",
    "yen-bai": "Tỉnh Yên Bái",
    "ha-noi": "Thành phố Hà Nội",
    "ho-chi-minh": "Thành phố Hồ Chí Minh",
    "hai-phong": "Thành phố Hải Phòng",
    "da-nang": "Thành phố Đà Nẵng",
    "can-tho": "Thành phố Cần Thơ",
    "hue": "Thành phố Huế",
}


def guess_name(province: str) -> str:
    """The name for a bare slug ("lao-cai" -> "Tỉnh Lào Cai"); an unknown slug's words without diacritics
    ("Tỉnh Lao Cai": name resolution ignores them)."""
    if (known := _NAMES.get(check_province(province))) is not None:
        return known
    words = " ".join(part.capitalize() for part in province.split("-"))
    return f"Thành phố {words}" if province in CITY_SLUGS else f"Tỉnh {words}"


@cache
def template_text() -> str:
    """The template as shipped, placeholders and all."""
    return (resources.files("bot.importer") / TEMPLATE).read_text(encoding="utf-8")


def render_registry(province: str, name: str) -> str:
    """The YAML text of a new `schedules/agencies/<province>.yaml`, with the admin's to-do list on top."""
    values = province_name(name).placeholders(check_province(province))

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise RegistryTemplateError(f"danh mục mẫu có chỗ trống lạ «{match.group(0)}»")
        return values[key]

    return _PLACEHOLDER.sub(fill, template_text())


def template_registry(province: str, name: str) -> Registry:
    """The template as a validated in-memory registry for `province` (read by the loader, like any file)."""
    text = render_registry(province, name)
    with tempfile.TemporaryDirectory(prefix="nhacviec-registry-") as folder:
        path = Path(folder) / f"{province}.yaml"
        path.write_text(text, encoding="utf-8")
        return _loaded_registry(load_schedules([path]), province)


def write_registry(
    schedules_dir: Path, province: str, name: str, *, force: bool = False
) -> tuple[Path, Registry]:
    """Write `schedules_dir/agencies/<province>.yaml` from the template: validated first, written whole or not.

    Refuses to replace an existing file unless `force`, and refuses when another file already holds the
    province's registry (the loader would reject both).
    """
    text = render_registry(province, name)
    folder = schedules_dir / "agencies"
    target = folder / f"{province}.yaml"
    if target.exists() and not force:
        raise RegistryTemplateError(f"Đã có tệp «{target}»; không ghi đè (dùng --force để tạo lại từ mẫu).")
    if folder.is_dir():
        for other in schedule_files([folder]):
            if other.resolve() != target.resolve() and province in load_schedules([other]).catalog.registries:
                raise RegistryTemplateError(f"Tỉnh «{province}» đã có danh mục cơ quan ở tệp «{other}».")
    folder.mkdir(parents=True, exist_ok=True)
    # ".tmp", not ".yaml": a bot watching the folder must not see a second registry for the province.
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{province}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 would hide the file from a bot run as another user
        registry = _loaded_registry(load_schedules([Path(tmp)]), province)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target, registry


def registry_for_import(
    schedules_dir: Path, province: str | None, *, name: str | None = None, loaded: LoadResult | None = None
) -> tuple[Registry | None, str | None]:
    """The registry `nhacviec import --province` resolves names with, and a notice for the admin if any.

    The province's own registry when `schedules_dir` has a valid one; otherwise the template for that
    province (named `name`, else a name guessed from the slug) with a Vietnamese notice saying so. No
    province: (None, None). An invalid slug or name raises `RegistryTemplateError`. `loaded`: the
    schedules as already loaded by the caller (read from `schedules_dir` when not given).
    """
    if province is None:
        return None, None
    check_province(province)
    broken = False
    if loaded is None and schedules_dir.exists():
        loaded = load_schedules([schedules_dir])
    if loaded is not None:
        registry = loaded.catalog.registries.get(province)
        if registry is not None:
            return registry, None
        broken = any(p.file.stem == province and p.file.parent.name == "agencies" for p in loaded.errors)
    template = template_registry(province, name or guess_name(province))
    if broken:
        notice = (
            f"Danh mục cơ quan của tỉnh «{province}» có lỗi (xem: nhacviec validate): tạm dùng danh mục mẫu "
            "để đối chiếu tên cơ quan."
        )
    else:
        example = "Thành phố …" if province in CITY_SLUGS else "Tỉnh …"
        notice = (
            f"Chưa có danh mục cơ quan của tỉnh «{province}» trong {schedules_dir}: dùng danh mục mẫu; chạy "
            f'`nhacviec registry init {province} --name "{example}"` để tạo.'
        )
    return template, notice


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _loaded_registry(result: LoadResult, province: str) -> Registry:
    registry = result.catalog.registries.get(province)
    if registry is None or not result.ok:
        problems = "\n".join(str(p) for p in result.errors)
        raise RegistryTemplateError(f"Danh mục mẫu không hợp lệ:\n{problems}")
    return registry
