"""`nhacviec import FILE`: a draft plan (YAML, or JSON with --json) from a plan document (DOCX, PDF, text)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from bot.importer.draft import ImportError_, make_draft, to_json, to_yaml
from bot.importer.readers import DocumentError, read_document
from bot.schedules.loader import load_schedules


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def run(args: argparse.Namespace, schedules_dir: Path) -> int:
    path: Path = args.file
    try:
        text = read_document(path)
    except DocumentError as exc:
        return _fail(str(exc))
    registry = None
    if args.province:
        catalog = load_schedules([schedules_dir]).catalog if schedules_dir.exists() else None
        registry = catalog.registries.get(args.province) if catalog else None
        if registry is None:
            return _fail(f"Không có danh mục cơ quan của tỉnh «{args.province}» trong {schedules_dir}.")
    try:
        draft = make_draft(text, registry, plan_id=args.plan_id, source=path.name)
    except ImportError_ as exc:
        return _fail(f"«{path.name}»: {exc}")
    output = json.dumps(to_json(draft), ensure_ascii=False, indent=1) + "\n" if args.json else to_yaml(draft)
    if args.output is None:
        sys.stdout.write(output)
    else:  # written whole or not at all
        out: Path = args.output
        fd, tmp = tempfile.mkstemp(dir=out.parent if str(out.parent) else ".", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(output)
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        flagged = sum(1 for t in draft.tasks if t.flags)
        print(
            f"Đã ghi {len(draft.tasks)} nhiệm vụ nháp vào {out} ({flagged} nhiệm vụ cần xem).",
            file=sys.stderr,
        )
    return 0
