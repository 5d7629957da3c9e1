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
    None for a file whose child died on every attempt. `readers` are sandbox.Reader or ForkedReader.

    A reader holds up to `reader.depth` requests: its child starts on the next file while this process
    settles the last one. A child answers its requests in order, so when it dies the first unanswered one
    is the file it was reading; the files queued behind it go back unread, at no cost to their attempts."""
    pending = deque(enumerate(jobs))
    attempts = dict.fromkeys(range(len(jobs)), 0)
    queued: dict[object, deque[int]] = {reader: deque() for reader in readers}
    done: dict[int, FileReport | None] = {}
    following = 0

    def failed(reader, exc: ChildDied) -> None:
        culprit, *unread = queued[reader]
        queued[reader].clear()
        pending.extendleft((index, jobs[index]) for index in reversed(unread))
        attempts[culprit] += 1
        log.error("读取 %s 的子进程终止（第 %d 次）：%s", jobs[culprit][0], attempts[culprit], exc)
        if attempts[culprit] < ATTEMPTS:
            pending.appendleft((culprit, jobs[culprit]))
        else:
            done[culprit] = None

    while following < len(jobs):
        for reader in readers:
            while pending and len(queued[reader]) < reader.depth:
                index, job = pending.popleft()
                queued[reader].append(index)
                try:
                    reader.submit(*job)
                except ChildDied as exc:
                    failed(reader, exc)
                    break
        if following not in done:
            busy = {reader.waitable: reader for reader in readers if queued[reader]}
            for ready in wait(list(busy)):
                reader = busy[ready]
                try:
                    done[queued[reader][0]] = reader.collect()
                    queued[reader].popleft()
                except ChildDied as exc:
                    failed(reader, exc)
        if following in done:  # one at a time: idle readers get their next file before the next yield
            yield done.pop(following)
            following += 1
