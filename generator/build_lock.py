"""One build at a time per output folder: a lock file that names its holder.

`flock` on `OUT/.lock` is released by the kernel when the holder exits or is killed, so a
crashed build never leaves a lock behind; the PID, start time and command written into the
file only serve the message the second build shows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import sys
import time
from pathlib import Path

import click


class BuildLocked(click.ClickException):
    """Another build holds the output folder."""


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").split("\n")
    except OSError:
        return "another docgen build"
    fields = dict(line.split("=", 1) for line in text if "=" in line)
    pid = fields.get("pid", "?")
    return f"another docgen build (PID {pid}, started {fields.get('started', '?')}: {fields.get('command', '?')})"


@contextlib.contextmanager
def build_lock(out: Path, wait: bool = False, on_wait=None):
    """Hold `OUT/.lock` for the block. Without `wait`, raise BuildLocked at once when it is held."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / ".lock"
    handle = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(path)
            if not wait:
                raise BuildLocked(f"{out} is in use by {holder}. Wait until it has finished "
                                  f"(or pass --wait), or stop it first. Nothing was changed.") from None
            if on_wait:
                on_wait(holder)
            while True:  # flock blocks; a loop with a timeout keeps Ctrl-C responsive
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
        command = " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:200] if sys.argv else "?"
        handle.write(f"pid={os.getpid()}\nstarted={started}\ncommand={command}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()
