"""`docgen case new|render` as the ABH's software would call it: real subprocesses, files written
only where -o says with mode 0600, clear per-field errors with exit 1, nothing half-written."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pikepdf
import pytest
import yaml

from casedata import sample_case

pytestmark = pytest.mark.slow


def docgen(project, *args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "generator", "--project", str(project), "case", *args],
                          input=stdin, capture_output=True, text=True, cwd=project)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_writes_a_private_template_render_a_private_pdf_and_nothing_else(project, tmp_path):
    template = tmp_path / "fall.yaml"
    result = docgen(project, "new", "--doc", "einwilligung", "--lang", "fa", "--municipality", "kamen", "-o", str(template))
    assert result.returncode == 0, result.stderr
    assert mode(template) == 0o600
    filled = yaml.safe_load(template.read_text(encoding="utf-8")) | sample_case("einwilligung", "fa")
    template.write_text(yaml.safe_dump(filled, allow_unicode=True), encoding="utf-8")
    pdf = tmp_path / "out" / "person.pdf"
    pdf.parent.mkdir()
    result = docgen(project, "render", str(template), "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and mode(pdf) == 0o600
    assert sorted(p.name for p in pdf.parent.iterdir()) == ["person.pdf"]  # no temporary file left beside it
    assert "Rahimi" not in result.stderr + result.stdout
    assert not (project / "build").exists()


def test_json_on_standard_input_and_the_file_copy(project, tmp_path):
    case = sample_case("vollmacht", "ar") | {"date": "2026-11-24"}
    out = tmp_path / "akte.pdf"
    result = docgen(project, "render", "-", "-o", str(out), "--copy", "file", stdin=json.dumps(case, ensure_ascii=False))
    assert result.returncode == 0, result.stderr
    with pikepdf.open(out) as pdf:
        assert 'pdfaid:part="3"' in str(pdf.open_metadata()) and mode(out) == 0o600


@pytest.mark.parametrize("folder", ["build/site", "build", "content/documents"])
def test_refuses_to_write_into_the_site_or_the_content(project, folder):
    (project / folder).mkdir(parents=True, exist_ok=True)
    target = project / folder / "fall.pdf"
    result = docgen(project, "render", "-", "-o", str(target), stdin=json.dumps(sample_case("vollmacht", "ar")))
    assert result.returncode == 1 and f"nicht unter {folder.split('/')[0]}/" in result.stderr
    assert not target.exists()


def test_bad_input_names_fields_not_values_exit_1_and_leaves_the_old_file(project, tmp_path):
    out = tmp_path / "person.pdf"
    out.write_bytes(b"old")
    case = sample_case("gespraechskonzept", "ar") | {"person_birth_date": "31.02.1995", "language": "xx",
                                                     "person_name": "Zzyzx " * 60}
    case_file = tmp_path / "fall.yaml"
    case_file.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    result = docgen(project, "render", str(case_file), "-o", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "language (Sprache): ist nicht eingerichtet" in result.stderr and "Zzyzx" not in result.stderr
    result = docgen(project, "render", str(case_file.with_name("x.yaml")), "-o", str(out))
    assert result.returncode == 1 and "kann nicht gelesen werden" in result.stderr
    case["language"] = "ar"
    case_file.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    result = docgen(project, "render", str(case_file), "-o", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = yaml.safe_dump(case, allow_unicode=True).splitlines()
    birth_line = next(n for n, line in enumerate(lines, 1) if line.startswith("person_birth_date"))
    assert f"fall.yaml:{birth_line}: person_birth_date (Geburtsdatum): ist kein gültiges Datum" in result.stderr
    assert "person_name (Name, Vorname (lateinische Schrift)): ist zu lang" in result.stderr
    assert "Zzyzx" not in result.stderr and "31.02" not in result.stderr
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fall.yaml", "person.pdf", "project"]  # no temporary file left


def test_case_new_and_a_refused_case_do_not_import_weasyprint(project, tmp_path):
    code = ("import sys; from click.testing import CliRunner; from generator.cli import main; "
            f"r = CliRunner().invoke(main, ['--project', {str(project)!r}, 'case', 'new', '--doc', 'vollmacht', '--lang', 'ar', "
            f"'--municipality', 'unna', '-o', {str(tmp_path / 'v.yaml')!r}]); "
            "r2 = CliRunner().invoke(main, ['--project', " + repr(str(project)) + ", 'case', 'render', '-', '-o', "
            + repr(str(tmp_path / 'v.pdf')) + "], input='document: vollmacht\\n'); "
            "print(r.exit_code, r2.exit_code, 'weasyprint' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=project)
    assert result.stdout.split() == ["0", "1", "False"], result.stderr
