"""Build benchmark: cold full build, no-op rebuild, one-offer edit, check, and single PDF renders.

Run: .venv/bin/python benchmarks/bench_build.py [--quick]
Works on a temporary copy of the project, so content/ and build/ stay untouched. Prints a
Markdown table for the README. --quick builds only de, ar and ti.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-25"


def docgen(project: Path, *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator", "--project", str(project), *args],
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"docgen {' '.join(args)} failed:\n{result.stderr}")
    return elapsed, result.stdout.strip().splitlines()[-1]


def single_pdf_times(project: Path, repeat: int = 5) -> dict[str, float]:
    """Median seconds per render in a warm process (WeasyPrint imported, fonts loaded)."""
    from generator.content import load_site
    from generator.i18n.translator import Translator
    from generator.render.document import render_document
    from generator.render.environment import make_environment
    from generator.render.flyer import render_flyer
    from generator.render.pdf import render_pdf

    site = load_site(project / "content")
    day = dt.date.fromisoformat(AS_OF)
    cases = {}
    for code in ("de", "ar", "ti"):
        t = Translator.load(site.language(code), project / "locales")
        env = make_environment(t, project / "templates")
        cases[f"flyer unna ({code})"] = (render_flyer(env, t, site, "unna", day, True).html, False)
        doc = site.documents["einwilligung"]
        cases[f"consent form unna ({code})"] = (render_document(env, t, site, doc, "unna", day, True).html, True)
    render_pdf(cases["flyer unna (de)"][0], project / "templates")  # warm-up
    timings = {}
    for name, (html, forms) in cases.items():
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            render_pdf(html, project / "templates", forms=forms)
            samples.append(time.perf_counter() - start)
        timings[name] = statistics.median(samples)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="only de, ar and ti")
    args = parser.parse_args()
    langs = ["--lang", "de", "--lang", "ar", "--lang", "ti"] if args.quick else []
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        for name in ("content", "locales", "templates", "generator"):
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "babel.cfg", project)
        out = Path(tmp) / "out"
        build = ["build", "--as-of", AS_OF, "--out", str(out), *langs]
        rows = []
        seconds, line = docgen(project, "check", "--as-of", AS_OF)
        rows.append(("docgen check (content + catalogs + POT freshness)", seconds, line))
        seconds, line = docgen(project, *build)
        rows.append(("cold build, empty cache", seconds, line))
        seconds, line = docgen(project, *build)
        rows.append(("no-op rebuild", seconds, line))
        unna = project / "content/municipalities/unna.yaml"
        unna.write_text(unna.read_text(encoding="utf-8").replace("Hausaufgabenhilfe Königsborn", "Lernhilfe Königsborn"), encoding="utf-8")
        seconds, line = docgen(project, *build)
        rows.append(("rebuild after renaming one offer in unna.yaml", seconds, line))
        pdfs = list((out / "site").rglob("*.pdf"))
        sizes = sorted(p.stat().st_size for p in pdfs)
        timings = single_pdf_times(project)

    print(f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}")
    print()
    print("| step | seconds | result |")
    print("| --- | ---: | --- |")
    for name, seconds, line in rows:
        print(f"| {name} | {seconds:.1f} | {line} |")
    print()
    print(f"{len(pdfs)} PDFs, median size {sizes[len(sizes) // 2] // 1024} KiB, largest {sizes[-1] // 1024} KiB.")
    print()
    print("| one PDF, warm process (median of 5) | seconds |")
    print("| --- | ---: |")
    for name, seconds in timings.items():
        print(f"| {name} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
