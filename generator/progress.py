"""Progress of a build, for people at a terminal and for CI logs.

On a terminal: one line redrawn in place (a bar, PDFs rendered of those to render, reused, ETA).
Elsewhere (CI, a pipe): a plain line every 10 % or every 30 seconds, whichever comes first, so
a log shows that the build is alive without thousands of lines. The summary line at the end is
the CLI's (`summary`), from the build report.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    """Told by the build how many PDFs it plans, how many it reuses, and each one rendered."""

    def __init__(self, stream: TextIO | None = None, interactive: bool | None = None, clock=time.monotonic,
                 every_seconds: float = 30.0):
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.clock = clock
        self.every_seconds = every_seconds
        self.planned = self.reused = self.todo = self.done = 0
        self.started = self._last_line = 0.0
        self._last_tenth = 0

    def phase(self, text: str) -> None:
        """A step before the PDFs (loading, rendering the HTML), which can take seconds."""
        if self.interactive:
            self.stream.write(f"\r{text} …\033[K")
            self.stream.flush()
        else:
            self._line(f"{text} …")

    def start(self, planned: int, reused: int, label: str = "Rendering PDFs") -> None:
        self.planned, self.reused, self.todo, self.done = planned, reused, planned - reused, 0
        self.label = label
        self.started = self._last_line = self.clock()
        self._last_tenth = 0
        if not self.todo:
            return
        if self.interactive:
            self._draw()
        else:
            self._line(f"{label}: {self.todo} to render, {self.reused} of {self.planned} reused from the cache")

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.todo:
            return
        if self.interactive:
            self._draw()
            return
        now = self.clock()
        tenth = self.done * 10 // self.todo
        if tenth > self._last_tenth or now - self._last_line >= self.every_seconds:
            self._last_tenth = max(tenth, self._last_tenth)
            self._last_line = now
            self._line(f"{self.label}: {self.done}/{self.todo} rendered ({self.done * 100 // self.todo} %), "
                       f"{self.reused} reused, {_clock(now - self.started)} elapsed, ETA {self._eta(now)}")

    def clear(self) -> None:
        """Remove the phase line on a terminal (before the bar, a summary or an error)."""
        if self.interactive:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def finish(self) -> None:
        if self.todo and self.interactive:
            self.stream.write("\n")
            self.stream.flush()

    def _eta(self, now: float) -> str:
        if not self.done:
            return "?"
        return _clock((now - self.started) / self.done * (self.todo - self.done))

    def _draw(self) -> None:
        now = self.clock()
        width = 24
        filled = width * self.done // self.todo
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.todo} rendered, {self.reused} reused"
                          f" of {self.planned} planned, ETA {self._eta(now)}  ")
        self.stream.flush()

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()


def summary(report) -> str:
    """The last line of every build: counts and time."""
    where = report.site
    if getattr(report, "shard", None):
        k, n = report.shard
        return (f"Shard {k}/{n}: {report.pdfs_in_share} PDFs in this share, {report.pdfs_rendered} rendered, "
                f"{report.pdfs_reused} already in the cache ({report.cache}), {report.seconds:.1f} s.")
    if not report.changed:
        return f"Nothing changed: {where} is up to date ({report.pages} files, {report.seconds:.1f} s)."
    kept = f", {report.kept} kept from the previous site" if report.kept else ""
    return (f"Built {where}: {report.pages} files ({report.written} written{kept}), "
            f"{report.pdfs_rendered} PDFs rendered, {report.pdfs_reused} reused, {report.seconds:.1f} s.")


def notes(report) -> list[str]:
    """What a build says besides its summary, one line each: languages left out, pages not built
    yet, German fallbacks, unreviewed drafts."""
    lines = []
    preview = report.site.parent / "preview" if report.site else "OUT/preview"
    for code, why in sorted(report.left_out.items()):
        lines.append(f"note: {code} is not published: {why}. See `docgen i18n status --lang {code}`; "
                     f"`docgen build --preview` shows it in {preview}.")
    if report.not_yet_built:
        lines.append(f"note: {report.site} has no pages yet for {', '.join(report.not_yet_built)}; "
                     "run `docgen build` without --lang/--municipality to make the whole site.")
    for code, missing in sorted(report.fallbacks.items()):
        lines.append(f"warning: {code}: {len(missing)} texts have no publishable translation and are shown in German "
                     f"(see `docgen i18n status --lang {code}`).")
    for code, pages in sorted(report.drafts.items()):
        lines.append(f"note: {code}: {pages} pages contain unreviewed translations and carry a notice.")
    return lines
