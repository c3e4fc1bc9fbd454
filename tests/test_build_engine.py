"""The build engine: partial builds into the complete site, shards, the build lock, progress,
`docgen serve`, and the CI files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from generator.build import BuildOptions, BuildReport, build, plan
from generator.build_lock import build_lock
from generator.content import load_site
from generator.progress import Progress

from conftest import ROOT, replace_in

AS_OF = dt.date(2026, 11, 25)


def options(project, out, **kw):
    return BuildOptions(root=project, out=out, as_of=AS_OF, **kw)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def docgen(project: Path, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def pdf_jobs(project: Path, languages: tuple[str, ...], site=None):
    site = site or load_site(project / "content")
    _, jobs, _ = plan(site, options(project, project / "unused", languages=languages, municipalities=("selm",)), BuildReport(), {})
    return jobs


def pdf_keys(project: Path, languages: tuple[str, ...], site=None) -> dict[str, str]:
    return {job.path: job.key for job in pdf_jobs(project, languages, site)}


def test_print_html_depends_neither_on_the_subset_nor_on_the_configured_languages(project):
    alone = pdf_keys(project, ("de",))
    jobs = pdf_jobs(project, ("de", "ar"))
    together = {job.path: job.key for job in jobs}
    consent = next(job.html for job in jobs if job.path == "ar/documents/einwilligung-selm.pdf")
    # The Arabic column of a bilingual document (in <html lang="de">) gets the Arabic font, not the German stack.
    assert ':lang(ar) { font-family: "Noto Naskh Arabic"' in consent and 'hreflang="ti"' not in consent
    assert alone and all(together[path] == key for path, key in alone.items())
    site = load_site(project / "content")
    fewer = dataclasses.replace(site, languages=tuple(lang for lang in site.languages if lang.code in ("de", "ar")))
    assert pdf_keys(project, ("de", "ar"), fewer) == together


@pytest.mark.slow
def test_a_partial_build_publishes_into_the_site_and_reuses_the_cache(project, tmp_path):
    out = tmp_path / "build"
    site = out / "site"
    first = build(options(project, out, languages=("de",), municipalities=("selm",)))
    assert first.pdfs_rendered == 8 and first.not_yet_built  # the other languages are not there yet
    german = files(site / "de")
    inodes = {p: (site / "de" / p).stat().st_ino for p in german}

    arabic = build(options(project, out, languages=("ar",), municipalities=("selm",)))
    # The site gained Arabic: the German PDFs stay untouched, the German web pages gain the Arabic link.
    pdfs = [p for p in german if p.endswith(".pdf")]
    assert arabic.pdfs_rendered == 8 and arabic.kept == len(pdfs)
    after = files(site / "de")
    assert all(after[p] == german[p] and (site / "de" / p).stat().st_ino == inodes[p] for p in pdfs)
    assert all('hreflang="ar"' in (site / "de" / p).read_text(encoding="utf-8") for p in german if p.endswith(".html"))
    assert 'href="ar/index.html"' in (site / "index.html").read_text(encoding="utf-8")
    assert "/ar/selm.html</loc>" in (site / "sitemap.xml").read_text(encoding="utf-8")

    # Both languages at once: every PDF comes from the cache, nothing else changes.
    german = files(site / "de")
    both = build(options(project, out, languages=("de", "ar"), municipalities=("selm",)))
    assert both.pdfs_rendered == 0 and both.pdfs_reused == 16 and files(site / "de") == german
    assert not build(options(project, out, languages=("ar",), municipalities=("selm",))).changed  # within a current scope

    # An edit, rebuilt for Arabic only: the German pages stay as they were.
    replace_in(project / "content/municipalities/selm.yaml", 'name: "Deutschkurse in Selm"', 'name: "Deutschkurse im Rathaus Selm"')
    german = files(site / "de")
    edited = build(options(project, out, languages=("ar",), municipalities=("selm",)))
    assert edited.pdfs_rendered == 1 and files(site / "de") == german
    assert "Deutschkurse im Rathaus Selm" in (site / "ar" / "selm.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_two_shards_and_assembly_equal_one_machine_in_another_folder(project, tmp_path):
    """Issue 12, items 4 and 7: CI's split build, and the same bytes in two folders."""
    scope = {"languages": ("ti",), "municipalities": ("selm",)}
    shards = []
    for k in (1, 2):
        out = tmp_path / f"shard{k}"
        report = build(options(project, out, shard=(k, 2), **scope))
        assert report.pdfs_in_share == 4 and report.pdfs_rendered == 4
        assert not (out / "site").exists()  # a shard publishes nothing
        shards.append(out / ".cache" / "pdf")
    assembly = tmp_path / "assembly"
    (assembly / ".cache" / "pdf").mkdir(parents=True)
    for cache in shards:  # what the CI job downloads from the shard jobs
        for pdf in cache.glob("*.pdf"):
            shutil.copy(pdf, assembly / ".cache" / "pdf" / pdf.name)
    assembled = build(options(project, assembly, **scope))
    assert assembled.pdfs_rendered == 0 and assembled.pdfs_reused == 8

    single = build(options(project, tmp_path / "single", **scope))
    assert single.pdfs_rendered == 8
    assert files(assembly / "site") == files(tmp_path / "single" / "site")


def test_shard_option_is_checked(project):
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(main, ["--project", str(project), "build", "--shard", "3/2"])
    assert result.exit_code == 2 and "write K/N with 1 <= K <= N" in result.output


def test_a_second_build_stops_with_the_holders_pid_or_waits(project, tmp_path):
    out = tmp_path / "build"
    with build_lock(out):
        second = docgen(project, "build", "--out", str(out), "--lang", "de", "--municipality", "selm")
        output, _ = second.communicate(timeout=60)
        assert second.returncode == 1
        assert f"is in use by another docgen build (PID {os.getpid()}" in output and "--wait" in output
        waiting = docgen(project, "build", "--out", str(out), "--lang", "xx", "--wait")
        said = []
        threading.Thread(target=lambda: said.extend(waiting.stdout), daemon=True).start()
        wait_for(lambda: any("Waiting for another docgen build" in line for line in said), seconds=60)
        time.sleep(0.5)
        assert waiting.poll() is None  # still waiting for the lock
    waiting.wait(timeout=60)
    time.sleep(0.2)
    assert "'xx' is not configured" in "".join(said)  # then it went on (and stopped at the unknown language)
    assert not (out / "site").exists()


@pytest.mark.slow
def test_a_killed_build_leaves_the_previous_site_and_no_lock(project, tmp_path):
    out = tmp_path / "build"
    build(options(project, out, languages=("de",), municipalities=("selm",)))
    before = files(out / "site")
    css = project / "templates/assets/style.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")  # every PDF's key changes
    running = docgen(project, "build", "--out", str(out), "--lang", "de", "--municipality", "selm", "--as-of", AS_OF.isoformat(),
                     start_new_session=True)
    deadline = time.time() + 60
    while not list((out / ".cache" / "pdf").glob("*.pdf"))[8:] and time.time() < deadline:  # a first new PDF is done
        time.sleep(0.2)
    assert running.poll() is None, running.communicate()[0]  # killed in the middle, not after
    os.killpg(running.pid, signal.SIGKILL)  # the build and its worker processes
    running.wait()
    assert files(out / "site") == before
    report = build(options(project, out, languages=("de",), municipalities=("selm",)))
    assert report.pdfs_reused >= 1 and report.pdfs_rendered + report.pdfs_reused == 8
    assert not [p for p in out.iterdir() if p.name.startswith(".site-")]


def test_progress_on_a_terminal_and_in_a_log():
    now = [0.0]
    log = io.StringIO()
    progress = Progress(log, interactive=False, clock=lambda: now[0])
    progress.start(planned=120, reused=20)
    for _ in range(100):
        now[0] += 0.1
        progress.advance()
    lines = log.getvalue().splitlines()
    assert lines[0] == "Rendering PDFs: 100 to render, 20 of 120 reused from the cache"
    assert len(lines) == 11 and lines[-1].startswith("Rendering PDFs: 100/100 rendered (100 %), 20 reused")

    slow = io.StringIO()
    progress = Progress(slow, interactive=False, clock=lambda: now[0])
    progress.start(planned=1000, reused=0)
    for _ in range(3):
        now[0] += 31  # a slow machine: a line every 30 seconds even below the next 10 %
        progress.advance()
    assert len(slow.getvalue().splitlines()) == 4 and "ETA 8:35:07" in slow.getvalue().splitlines()[-1]

    terminal = io.StringIO()
    progress = Progress(terminal, interactive=True, clock=lambda: now[0])
    progress.start(planned=10, reused=5)
    progress.advance()
    progress.finish()
    assert terminal.getvalue().count("\r") == 2 and "[####" in terminal.getvalue() and "1/5 rendered, 5 reused of 10 planned" in terminal.getvalue()


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(condition, seconds: float = 90):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.mark.slow
def test_serve_rebuilds_on_edits_and_keeps_the_last_good_site(project, tmp_path):
    server = docgen(project, "serve", "--port", "0", "--out", str(tmp_path / "build"), "--lang", "de",
                    "--municipality", "selm", "--as-of", AS_OF.isoformat())
    lines: list[str] = []

    def read():
        for line in server.stdout:
            lines.append(line)

    threading.Thread(target=read, daemon=True).start()
    try:
        def serving():
            return next((m.group(1) for line in lines if (m := re.search(r"on (http://127\.0\.0\.1:\d+/)", line))), None)

        url = wait_for(serving)
        status, page = get(url + "de/selm.html")
        assert status == 200 and "Deutschkurse in Selm" in page

        path = project / "content/municipalities/selm.yaml"
        replace_in(path, 'name: "Deutschkurse in Selm"', 'name: "Deutschkurse im Rathaus Selm"')
        wait_for(lambda: "Deutschkurse im Rathaus Selm" in get(url + "de/selm.html")[1])

        good = path.read_text(encoding="utf-8")
        path.write_text(good.replace("last_verified: 2026-", "last_verified: 2026-13-", 1), encoding="utf-8")
        error = wait_for(lambda: get(url + "_docgen/error.html")[1] if "selm.yaml:" in get(url + "_docgen/error.html")[1] else None)
        assert "is not a valid date" in error
        status, page = get(url + "de/selm.html")
        assert status == 200 and "Deutschkurse im Rathaus Selm" in page and "could not be built" in page
        wait_for(lambda: any("Build failed; still serving the last good site." in line for line in lines))

        path.write_text(good, encoding="utf-8")
        wait_for(lambda: "could not be built" not in get(url + "de/selm.html")[1])
    finally:
        server.terminate()
        server.wait(timeout=20)


CI_FILES = [(".github/workflows/pages.yml", "vendor.github-workflows"), (".gitlab-ci.yml", "vendor.gitlab-ci"),
            (".github/actions/setup-docgen/action.yml", "vendor.github-actions")]


@pytest.mark.parametrize("path,schema", CI_FILES)
def test_ci_files_are_valid_against_their_schemas(path, schema, tmp_path):
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run([str(checker), "--builtin-schema", schema, str(ROOT / path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / Path(path).name  # the validator does fail: a misspelt key
    broken.write_text((ROOT / path).read_text(encoding="utf-8").replace("stage:", "stages:").replace("runs-on:", "run-on:")
                      .replace("using: composite", "using: compost"), encoding="utf-8")
    assert subprocess.run([str(checker), "--builtin-schema", schema, str(broken)], capture_output=True).returncode == 1


def test_ci_files_shard_assemble_and_share_one_day():
    github = (ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    setup = (ROOT / ".github/actions/setup-docgen/action.yml").read_text(encoding="utf-8")
    gitlab = (ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert '--shard "${{ matrix.shard }}/${{ strategy.job-total }}"' in github
    assert '--shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"' in gitlab and "--require-hashes" in gitlab
    assert "uses: ./.github/actions/setup-docgen" in github and "--require-hashes" in setup and "fonts-noto-core" in setup
    for text in (github, gitlab):
        assert "docgen check" in text and "build/.cache/pdf" in text
        assert text.count("--as-of") == 2  # shards and assembly build as on the same day
