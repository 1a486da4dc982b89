"""The lead of an assignment that names nobody, inferred from its field of work.

Some plans are written as directions of one leader ("Chỉ đạo đẩy mạnh công tác tuyên truyền, quảng bá du
lịch…"): the work falls to the department whose mandate covers the field (tourism → the department of
culture, sports and tourism). The mandates are national (Nghị định 24/2014/NĐ-CP and its successors), the
same in every province, so the table below names each field's department by its standard name; the
province's registry resolves it. A lead found this way is a guess: the draft flags it (`lead_inferred`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.domain.model import Registry

# (field words, department names in order of preference: the first that exists on the plan's date wins —
# after the 2025 reorganisation the second names usually take over; "… thành phố" for the central cities).
_FIELDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("y tế", "bệnh viện", "khám chữa bệnh", "khám, chữa bệnh", "thuốc", "dịch bệnh", "sức khỏe",
         "sức khoẻ", "an toàn thực phẩm", "dược", "trạm y tế", "đấu thầu thuốc"),
        ("Sở Y tế",),
    ),
    (
        ("giáo dục", "trường học", "giáo viên", "học sinh", "mầm non", "phổ thông", "năm học"),
        ("Sở Giáo dục và Đào tạo",),
    ),
    (
        ("du lịch", "văn hóa", "văn hoá", "thể thao", "lễ hội", "di tích", "di sản", "gia đình"),
        ("Sở Văn hóa, Thể thao và Du lịch",),
    ),
    (
        ("chuyển đổi số", "công nghệ thông tin", "chính quyền số", "chính quyền điện tử", "kinh tế số",
         "xã hội số", "công nghệ số", "nền tảng số", "an toàn thông tin", "báo chí", "viễn thông",
         "bưu chính", "dti", "thông tin và truyền thông"),
        ("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"),
    ),
    (
        ("khoa học", "sáng kiến", "đổi mới sáng tạo", "sở hữu trí tuệ", "tiêu chuẩn", "đo lường"),
        ("Sở Khoa học và Công nghệ",),
    ),
    (
        ("bảo hiểm xã hội", "bảo hiểm y tế", "bảo hiểm thất nghiệp", "bhxh", "bhyt", "bhtn"),
        ("Bảo hiểm xã hội tỉnh", "Bảo hiểm xã hội thành phố"),
    ),
    (
        ("cải cách hành chính", "cchc", "tổ chức bộ máy", "biên chế", "công chức", "viên chức",
         "thi đua", "khen thưởng", "tôn giáo", "vị trí việc làm", "đơn vị hành chính"),
        ("Sở Nội vụ",),
    ),
    (
        ("quy phạm pháp luật", "qppl", "phổ biến, giáo dục pháp luật", "hộ tịch",
         "trợ giúp pháp lý", "thi hành pháp luật", "vi phạm hành chính", "pháp chế"),
        ("Sở Tư pháp",),
    ),
    (
        ("ngân sách", "dự toán", "quyết toán", "tài sản công", "tài chính", "thu, chi"),
        ("Sở Tài chính",),
    ),
    (
        ("đầu tư công", "giải ngân", "thu hút đầu tư", "xúc tiến đầu tư", "doanh nghiệp", "pci",
         "quy hoạch tỉnh", "kinh tế tập thể", "hợp tác xã", "khởi nghiệp", "môi trường kinh doanh"),
        ("Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
    ),
    (
        ("công nghiệp", "thương mại", "xuất khẩu", "thị trường", "điện lực", "lưới điện", "khuyến công", "năng lượng",
         "hàng hóa", "hàng hoá"),
        ("Sở Công Thương",),
    ),
    (
        ("nông nghiệp", "nông thôn mới", "thủy lợi", "thuỷ lợi", "lâm nghiệp", "chăn nuôi", "trồng trọt",
         "thiên tai", "ocop", "thủy sản", "thuỷ sản", "rừng"),
        ("Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Môi trường"),
    ),
    (
        ("đất đai", "môi trường", "khoáng sản", "tài nguyên", "rác thải", "chất thải", "biến đổi khí hậu"),
        ("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường"),
    ),
    (
        ("giao thông", "đường bộ", "vận tải", "đường thủy", "đường thuỷ"),
        ("Sở Giao thông vận tải", "Sở Xây dựng"),
    ),
    (
        ("xây dựng đô thị", "quy hoạch đô thị", "nhà ở", "vật liệu xây dựng", "quy hoạch xây dựng",
         "đô thị", "hạ tầng kỹ thuật"),
        ("Sở Xây dựng",),
    ),
    (
        ("lao động", "việc làm", "người có công", "giảm nghèo", "bảo trợ xã hội", "trẻ em",
         "giáo dục nghề nghiệp", "an sinh xã hội", "bình đẳng giới"),
        ("Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ"),
    ),
    (
        ("dân tộc thiểu số", "đồng bào dân tộc", "vùng dân tộc", "công tác dân tộc"),
        ("Ban Dân tộc", "Sở Dân tộc và Tôn giáo"),
    ),
    (
        ("an ninh", "trật tự", "tội phạm", "ma túy", "ma tuý", "phòng cháy", "chữa cháy", "căn cước",
         "dữ liệu dân cư", "đề án 06", "định danh"),
        ("Công an tỉnh", "Công an thành phố"),
    ),
    (
        ("quốc phòng", "quân sự", "tuyển quân", "dân quân", "khu vực phòng thủ"),
        ("Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Quân sự thành phố"),
    ),
    (
        ("thanh tra", "khiếu nại", "tố cáo", "tiếp công dân", "tham nhũng"),
        ("Thanh tra tỉnh", "Thanh tra thành phố"),
    ),
    (
        ("đối ngoại", "hợp tác quốc tế", "ngoại giao", "biên giới"),
        ("Sở Ngoại vụ",),
    ),
    (
        ("thuế", "thu nội địa"),
        ("Cục Thuế tỉnh", "Thuế tỉnh", "Cục Thuế thành phố"),
    ),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Field:
    words: tuple[re.Pattern[str], ...]
    departments: tuple[str, ...]


def _pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w]){re.escape(word)}(?![\w])")


_COMPILED = tuple(_Field(tuple(_pattern(w) for w in words), departments) for words, departments in _FIELDS)


def _score(text: str) -> dict[int, tuple[int, int]]:
    """Field index -> (hits, first position) in `text` (lowercased with diacritics kept)."""
    lowered = text.lower()
    found: dict[int, tuple[int, int]] = {}
    for i, field in enumerate(_COMPILED):
        positions = [m.start() for p in field.words for m in p.finditer(lowered)]
        if positions:
            found[i] = (len(positions), min(positions))
    return found


def infer_lead(text: str, context: str, registry: Registry | None, on: date | None = None) -> str | None:
    """The department whose field `text` is about (its headings `context` count less), None if unclear.

    The name returned is the registry's own name of the agency, so it resolves.
    """
    if registry is None:
        return None
    scores: dict[int, float] = {}
    first: dict[int, int] = {}
    for weight, part in ((2.0, text), (1.0, context)):
        for i, (hits, position) in _score(part).items():
            scores[i] = scores.get(i, 0.0) + weight * hits
            if weight == 2.0:
                first.setdefault(i, position)
    if not scores:
        return None
    best = max(scores, key=lambda i: (scores[i], -first.get(i, 10**9)))
    return _department(_COMPILED[best].departments, registry, on)


def _department(names: tuple[str, ...], registry: Registry, on: date | None) -> str | None:
    resolved = []
    for name in names:
        hit = registry.resolve(name)
        if hit is not None and not hit.is_group:
            resolved.append(registry.agencies[hit.id])
    if not resolved:
        return None
    if on is not None:
        for agency in resolved:
            if agency.existed_on(on):
                return agency.name
    return resolved[0].name


__all__ = ["infer_lead"]
