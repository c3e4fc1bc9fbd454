"""Publishing a site folder: the manifest beside it, and one atomic swap.

`OUT/site` (or `OUT/preview`) is replaced in one `os.replace` by a staged folder, so readers and
web servers see either the old or the new site, never a mix. Pages a partial build did not
render are carried over from the previous site as hard links (no copy, no change).

The manifest (`OUT/site.manifest.json`) lives next to the site, not in it, so it is not
published. It records the site folder's inode: when a build was killed between writing the
manifest and the swap, the inodes differ and the manifest is not trusted.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from generator.files import write_atomic


def manifest_path(out: Path, target: str) -> Path:
    return out / f"{target}.manifest.json"


def _identity(folder: Path) -> list[int] | None:
    try:
        stat = folder.stat()
    except OSError:
        return None
    return [stat.st_dev, stat.st_ino]


def read_manifest(out: Path, target: str) -> dict:
    """The manifest of the published folder, or {} when there is none or it does not belong to it."""
    try:
        manifest = json.loads(manifest_path(out, target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("folder") != _identity(out / target):
        return {}
    return manifest


def write_manifest(out: Path, target: str, manifest: dict) -> None:
    manifest = dict(manifest, folder=_identity(out / target))
    write_atomic(manifest_path(out, target), json.dumps(manifest, indent=0, sort_keys=True).encode("utf-8"))


def published_files(out: Path, target: str, manifest: dict) -> dict[str, str]:
    """Path -> hash of every file in the published folder; from the manifest when it is trusted,
    else by listing the folder (hash unknown, so nothing is taken as unchanged)."""
    if manifest:
        return dict(manifest.get("files", {}))
    folder = out / target
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): "" for p in folder.rglob("*") if p.is_file()}


def remove_leftovers(out: Path) -> None:
    """Staging and old folders of a build that was killed (only called while holding the build lock)."""
    for path in list(out.glob(".*-new-*")) + list(out.glob(".*-old")):
        shutil.rmtree(path, ignore_errors=True)
    for tmp in (out / ".cache" / "pdf").glob(".*.tmp"):
        tmp.unlink(missing_ok=True)


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:  # same file system: a hard link costs nothing and files are never changed in place
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def publish(out: Path, target: str, files: dict[str, bytes], pdfs: dict[str, Path], carried: list[str],
            manifest: dict) -> Path:
    """Stage `files` (bytes), `pdfs` (site path -> cached PDF) and `carried` (paths of the current
    site to keep), then swap the staged folder in and write the manifest beside it."""
    out.mkdir(parents=True, exist_ok=True)
    site = out / target
    staging = Path(tempfile.mkdtemp(prefix=f".{target}-new-", dir=out))
    old = out / f".{target}-old"
    try:
        os.chmod(staging, 0o755)
        for path, data in files.items():
            path_in = staging / path
            path_in.parent.mkdir(parents=True, exist_ok=True)
            path_in.write_bytes(data)
        for path, cached in pdfs.items():
            _link(cached, staging / path)
        for path in carried:
            _link(site / path, staging / path)
        if old.exists():
            shutil.rmtree(old)
        if site.exists():
            os.replace(site, old)
        os.replace(staging, site)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if old.exists() and not site.exists():
            os.replace(old, site)
        raise
    write_manifest(out, target, manifest)
    shutil.rmtree(old, ignore_errors=True)
    return site
