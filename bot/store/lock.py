"""Only one dispatcher at a time: a PostgreSQL advisory lock, or a file lock beside the SQLite file.

Several processes may run the bot (a rolling restart, a second replica); only the lock holder plans and sends,
so a message is never sent twice by two processes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy import Connection, Engine, text

log = logging.getLogger(__name__)

ADVISORY_KEY = 0x6E6876  # "nhv": any constant shared by every process of this deployment


class DispatchLock:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Connection | None = None
        self._file: FileLock | None = None
        self.held = False
        if engine.dialect.name == "sqlite":
            database = engine.url.database
            if database and database != ":memory:":
                self._file = FileLock(str(Path(database).with_suffix(".dispatch.lock")))

    def try_acquire(self) -> bool:
        """Take the lock if free (non-blocking); True while this process holds it."""
        if self.held:
            return True
        if self.engine.dialect.name == "postgresql":
            connection = self.engine.connect()
            got = bool(
                connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY}).scalar()
            )
            if got:
                self._connection = connection  # the lock lives as long as this session
            else:
                connection.close()
            self.held = got
        elif self._file is not None:
            try:
                self._file.acquire(timeout=0)
                self.held = True
            except Timeout:
                self.held = False
        else:
            self.held = True
        if self.held:
            log.info("this process is the dispatcher")
        return self.held

    def release(self) -> None:
        if not self.held:
            return
        if self._connection is not None:
            self._connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
            self._connection.close()
            self._connection = None
        if self._file is not None and self._file.is_locked:
            self._file.release()
        self.held = False
