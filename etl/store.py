"""Write the store so that readers only ever see a complete one.

Tables are written into a fresh sibling folder, then swapped in by two renames; a
lock file stops two builds at once; the manifest records row counts, a schema
fingerprint and a content checksum per table plus the checksums of the raw inputs,
and a build whose manifest would not change writes nothing at all.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

MANIFEST = "manifest.json"


class StoreLocked(RuntimeError):
    pass


def schema_fingerprint(df: pd.DataFrame) -> str:
    text = ";".join(f"{c}:{t}" for c, t in df.dtypes.astype(str).items())
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def content_checksum(df: pd.DataFrame) -> str:
    """Checksum of the values, independent of the Parquet writer's version."""
    return hashlib.sha256(df.to_csv(index=False, lineterminator="\n").encode()).hexdigest()


def make_manifest(tables: dict[str, pd.DataFrame], inputs: dict[str, str]) -> dict:
    return {"format": 1,
            "tables": {name: {"file": f"{name}.parquet", "rows": len(df), "schema": schema_fingerprint(df),
                              "checksum": content_checksum(df)} for name, df in tables.items()},
            "inputs": dict(sorted(inputs.items()))}


def read_manifest(store: Path) -> dict | None:
    try:
        return json.loads((store / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def recover(store: Path) -> None:
    """If a swap was interrupted between its two renames, put the previous store back."""
    if store.exists():
        return
    backups = sorted(store.parent.glob(f".{store.name}.old-*"))
    if backups:
        os.replace(backups[-1], store)


@contextlib.contextmanager
def lock(store: Path):
    path = store.parent / ".etl.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            try:
                pid = int(path.read_text() or 0)
                os.kill(pid, 0)
            except (ValueError, ProcessLookupError, PermissionError, OSError):
                path.unlink(missing_ok=True)     # stale: its process is gone
                continue
            raise StoreLocked(f"une autre construction du magasin de données est en cours (processus {pid})")
    else:
        raise StoreLocked("verrou du magasin de données impossible à prendre")
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        path.unlink(missing_ok=True)


def is_current(store: Path, manifest: dict) -> bool:
    old = read_manifest(store)
    return old == manifest and all((store / t["file"]).exists() for t in manifest["tables"].values())


def write_store(store: Path, tables: dict[str, pd.DataFrame], manifest: dict) -> bool:
    """Write all tables and the manifest, swapped in at once. Returns False when the
    store already holds exactly this content (nothing is touched then)."""
    store = Path(store)
    recover(store)
    for stale in store.parent.glob(f".{store.name}.new-*"):   # left by a killed run; we hold the lock
        shutil.rmtree(stale, ignore_errors=True)
    if is_current(store, manifest):
        return False
    store.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{store.name}.new-", dir=store.parent))
    tmp.chmod(0o755)
    try:
        for name, df in tables.items():
            df.to_parquet(tmp / f"{name}.parquet", index=False)
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        for f in tmp.iterdir():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
        old = None
        if store.exists():
            old = store.parent / f".{store.name}.old-{os.getpid()}"
            os.replace(store, old)
        os.replace(tmp, store)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        recover(store)
        raise
    return True
