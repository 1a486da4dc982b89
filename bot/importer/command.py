"""`nhacviec import FILE`: a draft plan (YAML, or JSON with --json) from a plan document (DOCX, PDF, text)."""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
import tempfile
from pathlib import Path

from bot.importer.amend import diff_plan, find_existing, find_plan_file, merged_yaml, render_amendment
from bot.importer.draft import ImportError_, make_draft, to_json, to_yaml
from bot.importer.readers import DocumentError, read_document
from bot.importer.template import RegistryTemplateError, registry_for_import
from bot.schedules.loader import load_schedules
from bot.schedules.yamlsafe import YamlError


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def run(args: argparse.Namespace, schedules_dir: Path) -> int:
    path: Path = args.file
    notes: list[str] = []  # what the reader could not read (scanned pages): told, and kept in the draft
    try:
        text = read_document(path, notes)
        loaded = load_schedules([schedules_dir]) if schedules_dir.exists() else None  # read once, used twice
        registry, notice = registry_for_import(schedules_dir, args.province, loaded=loaded)
    except (DocumentError, RegistryTemplateError) as exc:
        return _fail(str(exc))
    for line in ([notice] if notice else []) + notes:
        print(line, file=sys.stderr)
    try:
        draft = make_draft(text, registry, plan_id=args.plan_id, source=path.name)
    except ImportError_ as exc:
        return _fail(f"«{path.name}»: {exc}")
    draft.notes = notes
    output = json.dumps(to_json(draft), ensure_ascii=False, indent=1) + "\n" if args.json else to_yaml(draft)
    out: Path | None = args.output
    report = None
    catalog = loaded.catalog if loaded is not None else None
    existing = find_existing(draft, catalog) if catalog is not None else None
    if catalog is not None and existing is not None:  # a new version of a running plan: show, never overwrite
        plan_registry = catalog.registries.get(existing.province or "") or registry
        plan_path = find_plan_file(existing.id, schedules_dir, existing.province)
        if plan_registry is not None:
            amendment = diff_plan(draft, existing, plan_registry, path=plan_path)
            merged = out is not None and plan_path is not None and not args.json
            if out is not None and plan_path is not None and out.resolve() == plan_path.resolve():
                return _fail(
                    f"Không ghi đè kế hoạch đang chạy {plan_path}: chọn một tệp khác cho -o, xem bản gộp rồi "
                    "mới thay tệp đang chạy."
                )
            if merged and plan_path is not None:
                try:
                    output = "".join(f"# CẦN XEM: {n}\n" for n in notes) + merged_yaml(
                        amendment, plan_path, draft
                    )
                except (YamlError, ValueError) as exc:  # messages in Vietnamese
                    return _fail(f"Không đọc được kế hoạch đang chạy {plan_path}: {exc}")
                except OSError:
                    return _fail(f"Không đọc được kế hoạch đang chạy {plan_path} (không có quyền đọc?).")
            report = render_amendment(amendment, merged_path=out if merged else None)
    if out is None:
        sys.stdout.write(output)
    else:
        try:
            _write_atomically(out, output)
        except OSError as exc:
            return _fail(f"Không ghi được «{out}»: {os_reason(exc)}.")
        flagged = sum(1 for t in draft.tasks if t.flags)
        print(
            f"Đã ghi {len(draft.tasks)} nhiệm vụ nháp vào {out} ({flagged} nhiệm vụ cần xem).",
            file=sys.stderr,
        )
    if report:
        print(report, end="", file=sys.stderr)
    return 0


def os_reason(exc: OSError) -> str:
    """Why a file could not be written, in Vietnamese (the system's own message is English)."""
    reasons = {
        errno.ENOENT: "thư mục không tồn tại",
        errno.EACCES: "không có quyền ghi",
        errno.EPERM: "không có quyền ghi",
        errno.ENOSPC: "ổ đĩa đã đầy",
        errno.EROFS: "ổ đĩa chỉ cho đọc",
        errno.EISDIR: "đó là một thư mục",
    }
    return reasons.get(exc.errno or 0, f"lỗi hệ thống {exc.errno}")


def _write_atomically(out: Path, text: str) -> None:
    """Whole or not at all, with the usual file mode (not the temporary file's 0600)."""
    fd, tmp = tempfile.mkstemp(
        dir=out.parent if str(out.parent) else ".", prefix=f".{out.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        mask = os.umask(0o022)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
