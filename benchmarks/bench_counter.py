"""Counter benchmark: submit to PDF in the running `docgen counter`, and `docgen case render` end to end.

Run: .venv/bin/python benchmarks/bench_counter.py [--runs 10]
Starts the app as a real process on a free port (with its warm-up), posts the form over HTTP as a
browser would (token, Origin) and times each request until the whole PDF has arrived. Then runs
`docgen case render` as a new process per run (process start to file written). The cases are
fictitious; their files live in a temporary folder that is removed. Prints Markdown for the README.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from casedata import sample_case  # noqa: E402  (the same fictitious cases the tests use)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dari() -> str:
    """Dari once the lead's fa-AF is configured; Farsi (same script and fonts) until then."""
    from generator.content import load_site

    return "fa-AF" if load_site(ROOT / "content").language("fa-AF") else "fa"


def wait_ready(base: str, process, timeout: float = 180) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if process.poll() is not None:
            sys.exit(f"docgen counter stopped:\n{process.stderr.read()}")
        try:
            with urllib.request.urlopen(base, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.2)
    sys.exit("docgen counter did not start in time")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all threads), from /proc: independent of other load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def post_form(base: str, port: int, raw: dict, copy: str) -> tuple[float, int]:
    with urllib.request.urlopen(base, timeout=10) as response:
        token = re.search(r'name="csrf_token" value="([^"]+)"', response.read().decode())[1]
    fields = [(k, v) for k, v in raw.items() if isinstance(v, str)] + [("ticked", t) for t in raw.get("ticked", [])]
    for rule_id, entry in (raw.get("rules") or {}).items():
        fields += [(f"rule:{rule_id}", entry["outcome"]), (f"note:{rule_id}", entry.get("note", ""))]
    fields += [("csrf_token", token), ("copy", copy)]
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(base + "pdf", data=body, headers={"Origin": f"http://127.0.0.1:{port}"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        data = response.read()
    elapsed = time.perf_counter() - start
    if not data.startswith(b"%PDF"):
        sys.exit("the app did not answer with a PDF")
    return elapsed, len(data)


def app_times(runs: int, cases: list[tuple[str, dict, str]]) -> tuple[float, dict]:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    process = subprocess.Popen([sys.executable, "-m", "generator", "--project", str(ROOT), "counter", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        ready = wait_ready(base, process)
        results, cpu = {}, {}
        for label, raw, copy in cases:
            results[label], cpu[label] = [], []
            for _ in range(runs):
                before = cpu_seconds(process.pid)
                results[label].append(post_form(base, port, raw, copy)[0])
                cpu[label].append(cpu_seconds(process.pid) - before)
        return ready, results, cpu
    finally:
        process.terminate()
        process.wait(timeout=10)


def cli_times(runs: int, raw: dict, folder: Path, copy: str = "person") -> tuple[list[float], list[float]]:
    case_file = folder / "fall.json"
    case_file.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    out = folder / "out.pdf"
    times, cpu = [], []
    for _ in range(runs):
        out.unlink(missing_ok=True)
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "generator", "--project", str(ROOT), "case", "render", str(case_file),
                        "-o", str(out), "--copy", copy], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime)
        assert out.exists()
    return times, cpu


def row(label: str, times: list[float], cpu: list[float], target: str) -> str:
    return f"| {label} | {statistics.median(times):.2f} | {max(times):.2f} | {statistics.median(cpu):.2f} | {target} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    code = dari()
    consent = sample_case("einwilligung", code)
    record = sample_case("gespraechskonzept", "ar")
    cases = [(f"app: consent form, {code}, person's copy", consent, "person"),
             ("app: consent form, German file copy (PDF/A-3a)", consent, "file"),
             ("app: Gesprächskonzept, ar, person's copy", record, "person"),
             ("app: Gesprächskonzept, German file copy (PDF/A-3a)", record, "file")]
    ready, app, app_cpu = app_times(args.runs, cases)
    with tempfile.TemporaryDirectory(prefix="bench-counter-") as tmp:
        cli_consent = cli_times(args.runs, consent, Path(tmp))
        cli_record = cli_times(max(3, args.runs // 2), record, Path(tmp))
    targets = {cases[0][0]: "< 1.5", cases[2][0]: "< 3"}
    load = os.getloadavg()
    print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, "
          f"load average at the end {load[0]:.1f}; {args.runs} runs each; app ready after warm-up in {ready:.1f} s\n")
    print("| from submit to PDF received | median s | worst s | CPU s (median) | target s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, times in app.items():
        print(row(label, times, app_cpu[label], targets.get(label, "")))
    print(row(f"`docgen case render` consent form, {code} (process start to file written)", *cli_consent, "< 2.5"))
    print(row("`docgen case render` Gesprächskonzept, ar", *cli_record, ""))


if __name__ == "__main__":
    main()
