"""Read workbooks in a child process whose memory is capped: what a reader cannot survive ends the child,
never the process that asked. The child imports only the ETL (no database, no dataframe library), so it
starts small and its cap measures the reading alone.

The child is a plain `python -m etl.sandbox LIMIT_BYTES` speaking length-prefixed pickles over its stdin
and stdout (the stage rules once, then one request, one FileReport), so nothing of the parent — its threads,
its __main__ — is copied. Given stage rules (etl/staging.py), a child answers each file staged: its records
as columns, held back where the warehouse's tables cannot take them.
A load without a memory cap reads in forked children instead (ForkedReader): no cap, the same isolation
from crashes, and no interpreter start per child.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import resource
import subprocess
import sys
from pathlib import Path

from etl.parse import FileReport, parse_file
from etl.staging import StageRules, stage

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


class ChildDied(RuntimeError):
    """The reading child ended without an answer (memory cap, a crash in the reader, a kill)."""


def cap_memory(limit_bytes: int) -> None:
    """Cap this process's address space (never above a cap it already has)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = limit_bytes if hard == resource.RLIM_INFINITY else min(limit_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _send(stream, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(8, "big") + data)
    stream.flush()


def _receive(stream):
    header = stream.read(8)
    if len(header) < 8:
        return None
    size = int.from_bytes(header, "big")
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)  # only ever from our own child or parent


class _Child:
    """What both kinds of reading child share: one file read with `parse`, and a death reported as ChildDied."""

    depth = 1  # requests it may hold at once (etl/pool.py)

    def submit(self, path: Path, display: str, region: str | None) -> None:
        raise NotImplementedError

    def collect(self) -> FileReport:
        raise NotImplementedError

    def close(self) -> int | None:
        raise NotImplementedError

    def hang_up(self) -> None:
        """Tell the child there is no more work (end of its input), without waiting for it to end."""

    def parse(self, path: Path, display: str, region: str | None) -> FileReport:
        self.submit(path, display, region)
        return self.collect()

    def _died(self):
        code = self.close()
        raise ChildDied(f"读取子进程退出（退出码 {code}）")


def _read(path: str, display: str, region: str | None, rules: StageRules | None) -> FileReport:
    """One file's report, staged under `rules` when given (what a child answers)."""
    report = FileReport(path=display)
    parse_file(Path(path), report, region)
    return report if rules is None else stage(report, rules, region)


class Reader(_Child):
    """The parent's handle on one reading child, started on first use and again after it dies.

    A request is sent with `submit` and its answer taken with `collect`, so that a pool (etl/pool.py) can
    keep several children busy at once; `parse` does both for one file."""

    def __init__(self, limit_bytes: int, rules: StageRules | None = None) -> None:
        self.limit_bytes = limit_bytes
        self.rules = rules
        self.child: subprocess.Popen | None = None

    def submit(self, path: Path, display: str, region: str | None) -> None:
        starting = self.child is None
        if starting:
            env = {
                **os.environ,
                "PYTHONPATH": os.pathsep.join(
                    filter(None, [str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")])
                ),
            }
            self.child = subprocess.Popen(
                [sys.executable, "-m", "etl.sandbox", str(self.limit_bytes)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
            )
        try:
            if starting:  # a fresh child (first use or after a death) learns the stage rules first
                _send(self.child.stdin, self.rules)
            _send(self.child.stdin, (str(path), display, region))
        except (BrokenPipeError, OSError):
            self._died()

    @property
    def waitable(self):
        """What `multiprocessing.connection.wait` watches for the answer."""
        return self.child.stdout

    def collect(self) -> FileReport:
        try:
            answer = _receive(self.child.stdout)
        except (OSError, EOFError, pickle.UnpicklingError):
            answer = None
        if answer is None:
            self._died()
        return answer

    def hang_up(self) -> None:
        if self.child is not None:
            with contextlib.suppress(OSError):
                self.child.stdin.close()

    def close(self) -> int | None:
        if self.child is None:
            return None
        self.hang_up()
        child, self.child = self.child, None
        try:
            return child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            return child.wait()


class ForkedReader(_Child):
    """A reading child forked from this process, without a memory cap: it sees this process's ETL exactly
    as it is (configuration, patches), and a crash in it still ends only the child."""

    limit_bytes = None
    # a pipe Connection hands over exactly one answer per recv, so a second request may wait in the child
    # (the capped child's buffered stdout could hold a second answer out of select's sight: it takes one)
    depth = 2

    def __init__(self, rules: StageRules | None = None) -> None:
        self.rules = rules
        self.child = None
        self.conn = None

    def submit(self, path: Path, display: str, region: str | None) -> None:
        if self.child is None:
            context = multiprocessing.get_context("fork")
            ours, theirs = context.Pipe()
            self.child = context.Process(target=_serve_pipe, args=(theirs, ours, self.rules), daemon=True)
            self.child.start()
            theirs.close()  # only the child holds its end: its death reads as end of file here
            self.conn = ours
        try:
            self.conn.send((str(path), display, region))
        except (BrokenPipeError, OSError):
            self._died()

    @property
    def waitable(self):
        return self.conn

    def collect(self) -> FileReport:
        try:
            return self.conn.recv()
        except (OSError, EOFError, pickle.UnpicklingError):
            self._died()

    def hang_up(self) -> None:
        if self.conn is not None:
            self.conn.close()

    def close(self) -> int | None:
        if self.child is None:
            return None
        self.hang_up()
        child, self.child = self.child, None
        child.join(timeout=10)
        if child.exitcode is None:
            child.kill()
            child.join()
        return child.exitcode


def close_all(readers) -> list[int | None]:
    """End every reading child. All are told first, then each is waited for: a forked child holds copies of
    the pipes of the children forked before it, so an earlier child sees the end of its input only once
    the later ones have gone (waiting in turn cost each load a 10 s timeout)."""
    for reader in readers:
        reader.hang_up()
    return [reader.close() for reader in readers]  # exit codes (None: never started)


def _serve_pipe(conn, parents_end, rules: StageRules | None) -> None:
    parents_end.close()
    while True:
        try:
            path, display, region = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_read(path, display, region, rules))


def serve(limit_bytes: int) -> None:
    """The child: answer requests until the parent closes stdin."""
    cap_memory(limit_bytes)
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the answers
    requests = sys.stdin.buffer
    rules = _receive(requests)  # sent first, None when the parent stages the records itself
    while (request := _receive(requests)) is not None:
        path, display, region = request
        _send(answers, _read(path, display, region, rules))


if __name__ == "__main__":
    serve(int(sys.argv[1]))
