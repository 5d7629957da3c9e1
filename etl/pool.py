"""Read many workbooks at once, one reading child per core, and hand the reports back in the order the
files were given, so that a load's report and its warehouse do not depend on which child finished first.

A child that dies (memory cap, a crash in the reader, a kill) costs only the file it was reading: that
file is tried once more in a fresh child, then reported as None for the caller to refuse.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterator, Sequence
from multiprocessing.connection import wait
from pathlib import Path

from etl.parse import FileReport
from etl.sandbox import ChildDied

log = logging.getLogger("jixiao.load")
ATTEMPTS = 2  # a child can also die of something outside the file: one fresh retry

Job = tuple[Path, str, str | None]  # (file, the path the report shows, region hint)


def cores() -> int:
    """The cores this process may run on (a container's or taskset's share, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parse_in_order(jobs: Sequence[Job], readers: Sequence) -> Iterator[FileReport | None]:
    """Each job's FileReport, in the order of `jobs`, as soon as it and every job before it are read;
    None for a file whose child died on every attempt. `readers` are sandbox.Reader or ForkedReader."""
    pending = deque(enumerate(jobs))
    attempts = dict.fromkeys(range(len(jobs)), 0)
    idle = list(readers)
    busy: dict[object, tuple] = {}  # waitable -> (reader, index)
    done: dict[int, FileReport | None] = {}
    following = 0

    def failed(index: int, exc: ChildDied) -> None:
        attempts[index] += 1
        log.error("读取 %s 的子进程终止（第 %d 次）：%s", jobs[index][0], attempts[index], exc)
        if attempts[index] < ATTEMPTS:
            pending.appendleft((index, jobs[index]))
        else:
            done[index] = None

    while following < len(jobs):
        while idle and pending:
            reader = idle.pop()
            index, job = pending.popleft()
            try:
                reader.submit(*job)
            except ChildDied as exc:
                idle.append(reader)
                failed(index, exc)
                continue
            busy[reader.waitable] = (reader, index)
        if busy and following not in done:
            for ready in wait(list(busy)):
                reader, index = busy.pop(ready)
                idle.append(reader)
                try:
                    done[index] = reader.collect()
                except ChildDied as exc:
                    failed(index, exc)
        while following in done:
            yield done.pop(following)
            following += 1
