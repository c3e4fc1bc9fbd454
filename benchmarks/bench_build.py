"""Build benchmark (issue 12, item 8). Prints Markdown tables for the README.

Run: .venv/bin/python benchmarks/bench_build.py [--lang CODE]... [--municipality SLUG]... [--repeat N]

Works on a temporary copy of the project, so content/, locales/ and build/ stay untouched.
Measures, each build as a `docgen build` subprocess:
  - cold build (empty cache) with --jobs 1 and with --jobs 2, and the speed-up;
  - no-op rebuild; rebuild after editing one municipality file; after editing one catalog;
  - peak memory: the summed RSS of the build's whole process tree (workers included), sampled;
  - seconds per PDF page by page kind and script (flyer and each document; de, ar, ti), in one
    warm process: WeasyPrint and, side by side on the same print HTML, a persistent headless
    Chromium (Debian's, through Selenium's print_page): time per page and PDF size for both.
--lang/--municipality limit the builds (the machine is shared: a full cold build with --jobs 1
takes a quarter of an hour); the per-page figures always use de, ar and ti.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-25"
SCRIPTS = {"de": "Latin", "ar": "Arabic", "ti": "Ethiopic"}
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(root: int) -> int:
    """Bytes resident in `root` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except OSError:
            pass
        todo += children.get(pid, [])
    return total


def docgen(project: Path, *args: str) -> tuple[float, int, str]:
    """(seconds, peak RSS of the process tree, last line of output) of one docgen run."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"docgen {' '.join(args)} failed:\n{err}")
    return elapsed, peak, out.strip().splitlines()[-1]


def print_cases(project: Path) -> dict[tuple[str, str], tuple[str, bool]]:
    """(page kind, language) -> (print HTML, has form fields), as the build renders them for Unna."""
    from generator.build import BuildOptions, BuildReport, plan
    from generator.content import load_site
    from generator.render.urls import document_name

    site = load_site(project / "content")
    options = BuildOptions(root=project, out=project / "unused", languages=tuple(SCRIPTS), municipalities=("unna",),
                           as_of=dt.date.fromisoformat(AS_OF), preview=True)
    _, jobs, _ = plan(site, options, BuildReport(), {})
    by_path = {job.path: job for job in jobs}
    cases = {}
    for code in SCRIPTS:
        cases[("flyer", code)] = by_path[f"{code}/unna.pdf"]
        for doc in site.documents.values():
            cases[(doc.id, code)] = by_path[f"{code}/documents/{document_name(doc.id, 'unna' if doc.per_municipality else None)}.pdf"]
    return {case: (job.html, job.forms) for case, job in cases.items()}


def pages_of(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


class Chromium:
    """One headless Chromium for all pages, as a long-lived worker would keep it."""

    def __init__(self):
        from selenium import webdriver

        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync"):
            options.add_argument(flag)
        self.driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=str(CHROMEDRIVER)))

    def pdf(self, url: str) -> bytes:
        from selenium.webdriver.common.print_page_options import PrintOptions

        self.driver.get(url)
        options = PrintOptions()
        options.background = True
        return base64.b64decode(self.driver.print_page(options))

    def close(self):
        self.driver.quit()


def per_page(project: Path, repeat: int) -> list[tuple]:
    """Rows (kind, language, pages, WeasyPrint s/page, KiB, Chromium pages, s/page, KiB)."""
    from generator.render.pdf import render_pdf

    templates = project / "templates"
    cases = print_cases(project)
    render_pdf(next(iter(cases.values()))[0], templates)  # warm-up: WeasyPrint imported, fonts loaded
    chrome = Chromium() if CHROMIUM.exists() and CHROMEDRIVER.exists() else None
    rows = []
    try:
        for (kind, code), (html, forms) in sorted(cases.items()):
            samples = []
            for _ in range(repeat):
                start = time.perf_counter()
                pdf = render_pdf(html, templates, forms=forms)
                samples.append(time.perf_counter() - start)
            pages = pages_of(pdf)
            row = [kind, code, pages, statistics.median(samples) / pages, len(pdf) / 1024]
            if chrome:
                page = templates / f".bench-{kind}-{code}.html"  # beside the assets its links point to
                page.write_text(html, encoding="utf-8")
                chrome.pdf(page.as_uri())  # warm-up for this page
                samples = []
                for _ in range(repeat):
                    start = time.perf_counter()
                    cpdf = chrome.pdf(page.as_uri())
                    samples.append(time.perf_counter() - start)
                page.unlink()
                cpages = pages_of(cpdf)
                row += [cpages, statistics.median(samples) / cpages, len(cpdf) / 1024]
            rows.append(tuple(row))
            print(f"  {kind} {code}: {row}", file=sys.stderr)
    finally:
        if chrome:
            chrome.close()
    return rows


def copy_project(target: Path) -> Path:
    for name in ("content", "locales", "templates", "generator"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "babel.cfg", target)
    return target


def edit_catalog(project: Path, code: str) -> None:
    from generator.i18n.catalogs import po_path, read_catalog, write_catalog

    path = po_path(project / "locales", code)
    catalog = read_catalog(path, locale=code)
    message = catalog["Sprachen"]
    message.string = message.string + "."  # a translator's correction of one text
    write_catalog(catalog, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", action="append", default=[], help="limit the builds to this language (repeat)")
    parser.add_argument("--municipality", action="append", default=[], help="limit the builds to this municipality (repeat)")
    parser.add_argument("--repeat", type=int, default=3, help="renders per page kind for the per-page medians")
    parser.add_argument("--skip-builds", action="store_true", help="only the per-page figures")
    parser.add_argument("--skip-per-page", action="store_true", help="only the builds")
    args = parser.parse_args()
    scope = [a for code in args.lang for a in ("--lang", code)] + [a for slug in args.municipality for a in ("--municipality", slug)]
    rows, notes = [], []
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "project")
        if not args.skip_builds:
            cold = {}
            for jobs in (1, 2):
                out = Path(tmp) / f"out-jobs{jobs}"
                seconds, peak, line = docgen(project, "build", "--as-of", AS_OF, "--out", str(out), "--jobs", str(jobs), *scope)
                cold[jobs] = seconds
                rows.append((f"cold build, empty cache, --jobs {jobs}", seconds, peak, line))
            build = ["build", "--as-of", AS_OF, "--out", str(Path(tmp) / "out-jobs2"), "--jobs", "2", *scope]
            noop = docgen(project, *build)
            rows.append(("no-op rebuild", *noop))
            slug = (args.municipality or ["unna"])[0]
            town = project / "content" / "municipalities" / f"{slug}.yaml"
            text = town.read_text(encoding="utf-8")
            town.write_text(text.replace('name: "', 'name: "Neu: ', 1), encoding="utf-8")
            edit = docgen(project, *build)
            rows.append((f"rebuild after renaming one offer in {slug}.yaml", *edit))
            code = next((c for c in args.lang if c != "de"), "ar")
            edit_catalog(project, code)
            catalog = docgen(project, *build)
            rows.append((f"rebuild after correcting one text in the {code} catalog", *catalog))
            notes = [
                f"--jobs 2 is {cold[1] / cold[2]:.2f}x --jobs 1 (target >= 1.7x)",
                f"no-op {noop[0]:.2f} s (target < 1 s)",
                f"one-municipality edit {100 * edit[0] / cold[2]:.1f} % of the cold --jobs 2 build (target < 15 %)",
                f"peak memory {max(r[2] for r in rows) / 2**20:.0f} MiB (target < 1024 MiB)",
            ]
        per = [] if args.skip_per_page else per_page(project, args.repeat)

    load = os.getloadavg()
    print(f"Machine: {os.cpu_count()} cores (load average {load[0]:.1f} at the end), Python {platform.python_version()}; "
          f"scope: {' '.join(scope) or 'all languages and municipalities'}; as of {AS_OF}")
    if rows:
        print()
        print("| step | seconds | peak RSS (MiB) | result |")
        print("| --- | ---: | ---: | --- |")
        for name, seconds, peak, line in rows:
            print(f"| {name} | {seconds:.1f} | {peak / 2**20:.0f} | {line} |")
        print()
        for note in notes:
            print(f"- {note}")
    if not per:
        return
    print()
    print(f"| print HTML (Unna) | lang | WeasyPrint pages | s/page | KiB | Chromium pages | s/page | KiB |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in per:
        kind, code, pages, seconds, size = row[:5]
        chrome = f"{row[5]} | {row[6]:.3f} | {row[7]:.0f}" if len(row) > 5 else "– | – | –"
        print(f"| {kind} | {code} ({SCRIPTS[code]}) | {pages} | {seconds:.3f} | {size:.0f} | {chrome} |")
    if per and len(per[0]) > 5:
        ratio = statistics.median(r[3] / r[6] for r in per)
        print()
        print(f"- median WeasyPrint/Chromium time per page: {ratio:.1f}x (target <= 2x)")


if __name__ == "__main__":
    main()
