"""Draft tasks from candidate assignments, and their YAML / JSON renderings for review."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from bot.domain.deadlines import parse_deadline
from bot.domain.model import Registry
from bot.domain.text import fold
from bot.importer.extract import Candidate, PlanMeta, extract_candidates, extract_meta, qualified_name
from bot.schedules.coverage import unmarked

MAX_BYTES = 100 * 1024 * 1024
TITLE_MAX = 120
IMPLIED_REASON = "văn bản không ghi thời hạn; kế hoạch năm"
IN_PASSING_REASON = "văn bản không ghi thời hạn riêng; trong câu có «{}»"
INFERRED_REASON = "văn bản không ghi cơ quan chủ trì; máy suy ra theo lĩnh vực công việc"
CARRIED_REASON = "ô cơ quan chủ trì trong bảng để trống; lấy theo dòng trên (ô gộp)"


class ImportError_(Exception):
    """Input that cannot be imported; the message is for people (Vietnamese)."""


@dataclass(slots=True)
class DraftTask:
    id: str
    ref: str
    title: str
    text: str
    lead: list[dict[str, Any]]
    support: list[dict[str, Any]]
    deadline: dict[str, Any]
    output: str = ""
    flags: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "ref": self.ref,
            "title": self.title,
            "text": self.text,
            "lead": self.lead,
            "support": self.support,
            "deadline": self.deadline,
            "output": self.output,
            "flags": self.flags,
        }


@dataclass(slots=True)
class Draft:
    meta: PlanMeta
    plan_id: str
    province: str | None
    source: str | None
    tasks: list[DraftTask]
    notes: list[str] = field(default_factory=list)  # about the whole document (pages not read), for review


def short_title(text: str, limit: int = TITLE_MAX) -> str:
    """The first clause of a text, at most `limit` characters (cut at a word, with "…")."""
    text = re.sub(r"^\s*(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]\s+|^\s*[-+•–]\s+", "", text).strip()
    first = re.split(r"(?<=[^\d\s])[.;:](?:\s|$)", text, maxsplit=1)[0].strip()
    if len(first) <= limit:
        return first
    cut = first[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;")
    return f"{cut}…"


def _names(names: list[str], registry: Registry | None, flags: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for printed in names:
        name = printed
        resolved = registry.resolve(name) if registry else None
        if (
            resolved is None
            and (found := qualified_name(name, registry)) is not None
            and registry is not None
        ):
            name, qualifier = found  # "UBND các xã có diện tích lúa lớn": the group, narrowed by a clause
            resolved = registry.resolve(name)
            plural = resolved is not None and (
                resolved.is_group or re.search(r"\b(?:các|cấp)\s", name.lower())
            )
            # "theo chức năng, nhiệm vụ" narrows nothing; "(có) liên quan" is the usual wording for "whom it
            # concerns", as the registries' own aliases have it ("Các sở, ngành có liên quan")
            if plural and not re.match(r"(?:theo|có liên quan|liên quan)\b", qualifier):
                flags.append(f"qualified_group:{printed}|{name}")
        entry: dict[str, Any] = {"name": name, "id": resolved.id if resolved else None}
        if printed != name:
            entry["printed"] = printed
        if resolved and resolved.is_group:
            entry["group"] = True
        if resolved is None:
            close = registry.suggest(name) if registry else []
            flags.append(f"unknown_agency:{name}" + (f" (gần giống: {', '.join(close)})" if close else ""))
        out.append(entry)
    return out


def _ref_slug(ref: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", ref.replace("HĐ", "HD").replace("Đ", "D")).strip("-.")
    return slug or "X"


def plan_prefix(meta: PlanMeta, plan_id: str | None) -> str:
    if meta.number and (found := re.match(r"(\d+)\s*/\s*([A-Za-zĐ]+)", meta.number)):
        return f"{found.group(2).replace('Đ', 'D').upper()}{found.group(1)}"
    if plan_id:
        return re.sub(r"[^A-Za-z0-9]+", "-", plan_id).strip("-").upper() or "KH"
    return "KH"


def make_draft(
    text: str,
    registry: Registry | None,
    *,
    plan_id: str | None = None,
    source: str | None = None,
) -> Draft:
    if not text.strip():
        raise ImportError_("Tệp rỗng: không có nội dung để nhập.")
    meta = extract_meta(text)
    candidates = extract_candidates(text, registry, meta.issued, meta.year)
    if not candidates:
        raise ImportError_("Không tìm thấy nhiệm vụ nào: tệp không giống một kế hoạch (không có phân công).")
    year = meta.year or 2000
    prefix = plan_prefix(meta, plan_id)
    tasks = [_task(c, meta, year, registry) for c in candidates]
    _assign_ids(tasks, prefix)
    pid = plan_id or prefix.lower()
    return Draft(meta, pid, registry.province if registry else None, source, tasks)


def _task(c: Candidate, meta: PlanMeta, year: int, registry: Registry | None) -> DraftTask:
    flags: list[str] = []
    lead = _names(c.lead, registry, flags)
    support = _names(c.support, registry, flags)
    if not lead:
        flags.insert(0, "no_lead")
    elif c.inferred:
        flags.insert(0, "lead_inferred")
    if c.deadline:
        parsed = parse_deadline(c.deadline, year=year, issued=meta.issued)
        deadline: dict[str, Any] = {"phrase": c.deadline, **parsed.to_json()}
        if parsed.kind == "unknown":
            flags.append("deadline_unparsed")
    else:
        implied = c.implied or f"Năm {year}"
        reason = IN_PASSING_REASON.format(c.implied) if c.implied else IMPLIED_REASON
        parsed = parse_deadline(implied, year=year, issued=meta.issued)
        deadline = {"phrase": "", "implied": implied, "reason": reason, **parsed.to_json()}
    if c.joined:
        flags.append("joined_across_page_break")
    if c.carried:
        flags.append("lead_from_row_above")
    text = unmarked(c.text).strip()
    source = unmarked(c.title).strip() if c.title else text
    # "Sở Y tế, Bảo hiểm xã hội tỉnh: Phối hợp …": the title is the work, not the names
    head, colon, rest = source.partition(":")
    printed = {n.strip() for n in re.split(r",|;|\s+và\s+", head) if n.strip()}
    named = colon and c.lead and "\n" not in head and (head.strip() in c.lead or printed == set(c.lead))
    title_from = rest.strip() if named and len(head) <= 150 and rest.strip() else source
    return DraftTask("", c.ref, short_title(title_from), text, lead, support, deadline, c.output, flags)


def _assign_ids(tasks: list[DraftTask], prefix: str) -> None:
    counts: dict[str, int] = {}
    for t in tasks:
        counts[t.ref] = counts.get(t.ref, 0) + 1
    seen: dict[str, int] = {}
    for t in tasks:
        base = f"{prefix}-{_ref_slug(t.ref)}"
        if counts[t.ref] > 1:
            n = seen.get(t.ref, 0)
            seen[t.ref] = n + 1
            base += _suffix(n)
        t.id = base


def _suffix(n: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[n] if n < 26 else letters[n // 26 - 1] + letters[n % 26]


# --- rendering ----------------------------------------------------------------------------------------

_KINDS = (
    (r"sở\b", "so"), (r"(ủy|uỷ) ban nhân dân (huyện|thị xã|thành phố)|ubnd (huyện|thị xã|thành phố)", "ubnd_huyen"),
    (r"(ủy|uỷ) ban nhân dân (xã|phường|thị trấn)|ubnd (xã|phường|thị trấn)", "ubnd_xa"),
    (r"ban\b", "ban"), (r"văn phòng", "van_phong"), (r"thanh tra", "thanh_tra"),
    (r"(đảng|huyện ủy|thành ủy|tỉnh ủy)", "dang"), (r"(báo|đài)\b", "bao_chi"), (r"hội\b", "hoi"),
    (r"(công an|cục|kho bạc|bảo hiểm|ngân hàng|bộ chỉ huy|chi cục)", "trung_uong"),
    (r"(trường|trung tâm|bệnh viện|viện)\b", "don_vi_su_nghiep"), (r"công ty", "doanh_nghiep"),
)  # fmt: skip


def proposed_entry(name: str) -> str:
    """A registry entry for a name the registry does not know, for the admin to check and paste."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:60] or "co-quan-moi"
    kind = next((k for pattern, k in _KINDS if re.match(pattern, name.lower())), "khac")
    return f"- {{id: {slug}, name: {_q(name)}, kind: {kind}}}"


def explain_flag(flag: str, task: DraftTask, province: str | None) -> list[str]:
    """The Vietnamese comment lines the YAML draft shows above a task for one of its flags."""
    code, _, detail = flag.partition(":")
    if code == "no_lead":
        return ["CẦN XEM: không tìm thấy cơ quan chủ trì; điền «lead» (tệp chưa hợp lệ khi còn để trống)."]
    if code == "lead_inferred":
        names = ", ".join(x["name"] for x in task.lead)
        return [f"CẦN XEM: văn bản không ghi cơ quan chủ trì; máy suy ra theo lĩnh vực: {names}."]
    if code == "deadline_unparsed":
        return [
            f"CẦN XEM: chưa hiểu thời hạn «{task.deadline.get('phrase', '')}»; ghi lại hoặc thêm due/kind."
        ]
    if code == "qualified_group":
        printed, _, group = detail.partition("|")
        return [
            f"CẦN XEM: văn bản giao «{printed}»; máy hiểu là cả nhóm «{group}». Nếu chỉ một số đơn vị, "
            "hãy ghi tên từng đơn vị."
        ]
    if code == "lead_from_row_above":
        return ["CẦN XEM: ô cơ quan chủ trì để trống (ô gộp?); máy lấy cơ quan của dòng trên."]
    if code == "joined_across_page_break":
        return ["CẦN XEM: đoạn này bị ngắt trang, máy đã nối lại; kiểm tra nội dung và cơ quan."]
    if code == "unknown_agency":
        name, _, close = detail.partition(" (gần giống: ")
        where = f"schedules/agencies/{province}.yaml" if province else "danh mục cơ quan của tỉnh"
        lines = [f"CẦN XEM: «{name}» không có trong danh mục cơ quan."]
        if close:
            lines.append(f"  Tên gần giống: {close.rstrip(')')}.")
        lines.append(f"  Nếu là cơ quan mới, thêm vào {where}: {proposed_entry(name)}")
        return lines
    return [f"CẦN XEM: {flag}"]


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def to_json(draft: Draft) -> list[dict[str, Any]]:
    return [t.to_json() for t in draft.tasks]


def to_yaml(draft: Draft) -> str:
    m = draft.meta
    lines = [
        "# Bản nháp do `nhacviec import` tạo: cần người kiểm tra trước khi dùng.",
        "# Các điểm đánh dấu « CẦN XEM » là chỗ máy không chắc chắn.",
        *(f"# CẦN XEM: {note}" for note in draft.notes),
        "",
        "plan:",
        f"  id: {_q(draft.plan_id)}",
    ]
    if m.number:
        lines.append(f"  number: {_q(m.number)}")
    lines.append(f"  title: {_q(m.title or 'Kế hoạch (chưa đọc được tiêu đề)')}")
    if m.issuer:
        lines.append(f"  issuer: {_q(m.issuer)}")
    if m.issued:
        lines.append(f"  issued: {m.issued.isoformat()}")
    lines.append(f"  year: {m.year or 2000}")
    if draft.province:
        lines.append(f"  province: {_q(draft.province)}")
    if draft.source:
        lines.append(f"  source: {_q(draft.source)}")
    lines += ["  status: active", "", "tasks:"]
    for t in draft.tasks:
        for flag in t.flags:
            lines += [f"  # {line}" for line in explain_flag(flag, t, draft.province)]
        lines.append(f"  - id: {_q(t.id)}")
        lines.append(f"    ref: {_q(t.ref)}")
        lines.append(f"    title: {_q(t.title)}")
        lines.append(f"    text: {_q(t.text)}")
        lines.append(f"    lead: [{', '.join(_q(x['name']) for x in t.lead)}]")
        if "lead_inferred" in t.flags:
            lines += ["    lead_inferred: true", f"    lead_reason: {_q(INFERRED_REASON)}"]
        elif "lead_from_row_above" in t.flags:
            lines += ["    lead_inferred: true", f"    lead_reason: {_q(CARRIED_REASON)}"]
        if t.support:
            lines.append(f"    support: [{', '.join(_q(x['name']) for x in t.support)}]")
        d = t.deadline
        if d.get("implied"):
            lines += [
                "    deadline:",
                '      phrase: ""',
                f"      implied: {_q(d['implied'])}",
                f"      reason: {_q(d['reason'])}",
            ]
        else:
            lines.append(f"    deadline: {_q(d['phrase'])}")
        if t.output:
            lines.append(f"    output: {_q(t.output)}")
    return "\n".join(lines) + "\n"
