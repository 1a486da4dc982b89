"""The schedules the bot runs on, swapped atomically when an admin edits a file.

A reload validates everything first; an invalid edit leaves the last good catalog running and returns the
problems (file:line:col) for the admins. Tasks that disappear are archived in the store, never deleted;
completions survive because they are keyed by the stable task ids.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bot.domain.model import Catalog
from bot.domain.policy import ReminderPolicy
from bot.schedules.loader import Problem, load_schedules, schedule_files
from bot.store.repository import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReloadResult:
    ok: bool
    problems: list[Problem] = field(default_factory=list)
    plans: int = 0
    tasks: int = 0
    archived: list[str] = field(default_factory=list)


class LiveCatalog:
    def __init__(self, paths: Sequence[Path], policy: ReminderPolicy, store: Store) -> None:
        self.paths = list(paths)
        self.policy = policy
        self.store = store
        self.catalog = Catalog({}, {})
        self._fingerprint: tuple[tuple[str, int, int], ...] = ()

    def fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        """Names, sizes and modification times of the schedule files: a change means "reload"."""
        entries = []
        for path in schedule_files(self.paths):
            try:
                stat = path.stat()
            except OSError:
                continue
            entries.append((str(path), stat.st_size, stat.st_mtime_ns))
        return tuple(entries)

    def changed(self) -> bool:
        return self.fingerprint() != self._fingerprint

    def reload(self, now: datetime) -> ReloadResult:
        """Validate and swap in the schedules; keep the old catalog when anything is wrong."""
        fingerprint = self.fingerprint()
        result = load_schedules(self.paths, self.policy)
        self._fingerprint = fingerprint  # do not retry the same broken files on every tick
        if not result.ok:
            log.warning("schedules invalid, keeping the last good version: %d errors", len(result.errors))
            return ReloadResult(False, result.errors)
        old_tasks = {t.id: (p.id, t) for p in self.catalog.plans.values() for t in p.tasks}
        new_ids = {t.id for p in result.catalog.plans.values() for t in p.tasks}
        removed = [
            (task_id, plan_id, task.title, {"ref": task.ref, "text": task.text, "lead": list(task.lead)})
            for task_id, (plan_id, task) in old_tasks.items()
            if task_id not in new_ids
        ]
        if removed:
            self.store.archive_tasks(removed, now)
        self.catalog = result.catalog  # one assignment: readers see the old or the new catalog, never a mix
        tasks = sum(len(p.tasks) for p in result.catalog.plans.values())
        log.info("schedules loaded: %d plans, %d tasks", len(result.catalog.plans), tasks)
        return ReloadResult(True, [], len(result.catalog.plans), tasks, [r[0] for r in removed])
