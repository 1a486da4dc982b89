"""Bulk construction without the cyclic garbage collector rescanning a growing heap."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause cyclic GC while millions of acyclic objects are built (loading 100,000 tasks, planning a year).

    Each generation-2 collection walks every live object, so a phase that allocates steadily is quadratic with
    the collector on: measured here at about twice the time of the same phase with it paused. Reference
    counting still frees everything; the collector resumes (if it was on) when the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
