"""Layout cost per page kind and script: seconds per PDF page in one warm worker, and a profile.

Run: .venv/bin/python benchmarks/profile_layout.py [--repeat 3] [--profile CASE] [--out DIR] [--only NAME]

Renders each case's print HTML (flyer, every document; LTR, RTL, Ethiopic) with WeasyPrint in this
process, as a build worker does, and prints the median CPU seconds per PDF page (CPU time, not
wall-clock time, so that other processes on a shared machine do not distort the figures), and how
a render splits into WeasyPrint's phases (without a profiler's overhead): parsing the HTML and
building boxes, computing styles, layout (including Pango's line breaking), and drawing and
writing the PDF. `--profile CASE`
prints the 25 most expensive functions (cumulative) of one case under cProfile; `--out DIR` also
writes the PDFs there (for looking at them with pdftoppm). Reads the project's own content and
catalogs; writes nothing into the project.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 25)

# (case name, language, kind, document id or None, municipality slug or None)
CASES = [
    ("flyer-unna-de", "de", "flyer", None, "unna"),
    ("flyer-unna-ar", "ar", "flyer", None, "unna"),
    ("flyer-unna-ti", "ti", "flyer", None, "unna"),
    ("flyer-kamen-ckb", "ckb", "flyer", None, "kamen"),
    ("vollmacht-de", "de", "document", "vollmacht", None),
    ("vollmacht-ar", "ar", "document", "vollmacht", None),
    ("einwilligung-selm-fa", "fa", "document", "einwilligung", "selm"),
    ("einwilligung-unna-ar", "ar", "document", "einwilligung", "unna"),
    ("einwilligung-unna-ti", "ti", "document", "einwilligung", "unna"),
    ("gespraechskonzept-unna-ps", "ps", "document", "gespraechskonzept", "unna"),
    ("gespraechskonzept-unna-en", "en", "document", "gespraechskonzept", "unna"),
    ("ausreiseinformation-unna-uk", "uk", "document", "ausreiseinformation", "unna"),
    ("ausreiseinformation-unna-ti", "ti", "document", "ausreiseinformation", "unna"),
]
LATIN_SCRIPT = {"de", "en", "uk", "fr", "tr", "ru", "sq", "sr", "mk", "kmr", "so"}


def print_html(root: Path) -> dict[str, tuple[str, str, bool]]:
    """Case name -> (language, print HTML, has form fields), rendered as the build renders them."""
    sys.path.insert(0, str(root))
    from generator.content import load_site
    from generator.i18n.translator import Translator
    from generator.render.document import render_document
    from generator.render.environment import make_environment
    from generator.render.flyer import render_flyer

    site = load_site(root / "content")
    envs = {}
    result = {}
    for name, code, kind, doc_id, slug in CASES:
        if site.language(code) is None or (doc_id and doc_id not in site.documents):
            continue
        if code not in envs:
            t = Translator.load(site.language(code), root / "locales")
            envs[code] = (t, make_environment(t, root / "templates"))
        t, env = envs[code]
        printed = site.for_print(code)  # as the build renders PDFs
        if kind == "flyer":
            result[name] = (code, render_flyer(env, t, printed, slug, AS_OF, True).html, False)
        else:
            result[name] = (code, render_document(env, t, printed, site.documents[doc_id], slug, AS_OF, True).html, True)
    return result


PHASES = ("parse + boxes", "styles", "layout", "PDF")


def time_phases() -> dict[str, float]:
    """Wrap WeasyPrint's phase functions (as weasyprint.document calls them) to add up their CPU
    seconds; layout is what remains of a render. Returns the running totals, keyed by phase."""
    import weasyprint
    from weasyprint import document

    totals: dict[str, float] = defaultdict(float)

    def timed(function, phase):
        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                totals[phase] += time.process_time() - start
        return wrapper

    document.get_all_computed_styles = timed(document.get_all_computed_styles, "styles")
    document.build_formatting_structure = timed(document.build_formatting_structure, "parse + boxes")
    document.generate_pdf = timed(document.generate_pdf, "PDF")  # draws the pages, then writes
    weasyprint.HTML.__init__ = timed(weasyprint.HTML.__init__, "parse + boxes")
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="renders per case (median is reported)")
    parser.add_argument("--profile", metavar="CASE", help="print a cProfile of one case")
    parser.add_argument("--only", action="append", help="only these cases (repeatable)")
    parser.add_argument("--out", type=Path, help="also write the PDFs into this folder")
    parser.add_argument("--project", type=Path, default=ROOT, help="project to measure (default: this one)")
    args = parser.parse_args()

    from pypdf import PdfReader

    sys.path.insert(0, str(args.project))
    from generator.render.pdf import render_pdf

    templates = args.project / "templates"
    cases = print_html(args.project)
    if args.only:
        cases = {k: v for k, v in cases.items() if k in args.only}
    if args.profile:
        code, html, forms = cases[args.profile]
        render_pdf(html, templates, forms=forms)  # warm fonts
        profiler = cProfile.Profile()
        profiler.enable()
        render_pdf(html, templates, forms=forms)
        profiler.disable()
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(25)
        print(stream.getvalue())
        return

    first = next(iter(cases.values()))
    render_pdf(first[1], templates, forms=first[2])  # warm-up: fonts, images
    phases = time_phases()
    rows = []
    for name, (code, html, forms) in cases.items():
        samples, data = [], b""
        phases.clear()
        for _ in range(args.repeat):
            start = time.process_time()
            data = render_pdf(html, templates, forms=forms)
            samples.append(time.process_time() - start)
        pages = len(PdfReader(io.BytesIO(data)).pages)
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{name}.pdf").write_bytes(data)
        seconds = statistics.median(samples)
        phases["layout"] = sum(samples) - sum(phases.values())
        shares = [phases[phase] / sum(samples) for phase in PHASES]
        rows.append((name, code, pages, seconds, seconds / pages, len(data), shares))

    print("| case | pages | CPU s per PDF | CPU s per page | target | KiB | " + " | ".join(PHASES) + " |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |" + " ---: |" * len(PHASES))
    for name, code, pages, seconds, per_page, size, shares in rows:
        target = 0.10 if code in LATIN_SCRIPT else 0.15
        print(f"| {name} | {pages} | {seconds:.2f} | {per_page:.3f} | {target:.2f} | {size // 1024} | "
              + " | ".join(f"{share:.0%}" for share in shares) + " |")


if __name__ == "__main__":
    main()
