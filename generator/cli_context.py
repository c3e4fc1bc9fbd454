"""What every docgen command shares: help settings, the project folder, its content."""

from __future__ import annotations

from pathlib import Path

import click

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def project_of(ctx: click.Context) -> Path:
    """The --project folder given to the `docgen` group."""
    return ctx.find_root().obj["project"]


def load_project_site(project: Path):
    from generator.content import load_site  # lazily: `--help` should not load the content model

    return load_site(project / "content")
