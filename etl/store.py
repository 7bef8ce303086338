"""Write the store so that readers only ever see a complete one.

Tables are written into a fresh sibling folder, then swapped in by two renames; a
lock stops two writers of one folder at once; the manifest records row counts, a
schema fingerprint and a content checksum per table plus the checksums of the raw
inputs, and a build whose manifest would not change writes nothing at all.

The replace, for a folder NAME (the published store `parquet`, or an imported
scope), under the lock `.NAME.lock`:

    locked    the lock is held, nothing written yet
    partial   `.NAME.new-XXXX` created, its first table written
    written   every table and the manifest written and synced
    old_aside NAME renamed `.NAME.old-PID`: for an instant there is no NAME
    new_in    `.NAME.new-XXXX` renamed NAME
    cleaned   `.NAME.old-PID` removed, the lock not yet released

A process killed at any step leaves work folders and, after `old_aside`, no NAME.
`recover` puts things right: when NAME is missing, the old version comes back (the
killed writer never said it had finished); then every work folder goes. Writers
run it first, under the lock; readers (catalog.imported_scopes) run `recover_all`,
which takes each lock without waiting and leaves a folder being written alone.

The lock is an OS lock (`filelock`: flock on POSIX), released by the kernel when its
process dies, so a killed writer never leaves a lock that stops the next one. The
lock file stays (empty of meaning once released; removing it could let two writers
lock two different files). A writer waits for the lock RELEVE_LOCK_TIMEOUT seconds
(LOCK_TIMEOUT by default), then gives up with StoreLocked, a French sentence.

Tests stop a writer at a step with RELEVE_FAULT (see `checkpoint`); an import also has
the steps `saving` (before taking the lock) and `deleted_aside` (a deletion's
rename done, see etl.imports.scopes).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filelock import FileLock, Timeout

if TYPE_CHECKING:
    import pandas as pd

MANIFEST = "manifest.json"
LOCK_TIMEOUT = 10.0
STEPS = ("locked", "partial", "written", "old_aside", "new_in", "cleaned")
# Work folders of a replace (and of a deletion, see etl.imports.scopes.delete_scope).
_WORK = re.compile(r"^\.(?P<name>.+)\.(?P<kind>old|new|deleted)-[^/]*$")


class StoreLocked(RuntimeError):
    """Another process holds the folder's lock (its sentence says which and what to do)."""


def checkpoint(name: str) -> None:
    """Fault injection for the tests, off unless RELEVE_FAULT is set:
    `STEP:kill` kills this process at STEP (SIGKILL: no cleanup, as a crash or
    `kill -9`); `STEP:hold:FILE` creates FILE.at on reaching STEP, then waits until
    FILE exists (at most 120 s) before going on."""
    spec = os.environ.get("RELEVE_FAULT")
    if not spec:
        return
    step, _, rest = spec.partition(":")
    if step != name:
        return
    action, _, arg = rest.partition(":")
    if action == "kill":
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(137)
    if action == "hold":
        Path(arg + ".at").write_text(str(os.getpid()), encoding="utf-8")
        deadline = time.monotonic() + 120
        while not Path(arg).exists() and time.monotonic() < deadline:
            time.sleep(0.02)


def schema_fingerprint(df: pd.DataFrame) -> str:
    text = ";".join(f"{c}:{t}" for c, t in df.dtypes.astype(str).items())
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def content_checksum(df: pd.DataFrame) -> str:
    """Checksum of the values, independent of the Parquet writer's version."""
    return hashlib.sha256(df.to_csv(index=False, lineterminator="\n").encode()).hexdigest()


def make_manifest(tables: dict[str, pd.DataFrame], inputs: dict[str, str]) -> dict[str, Any]:
    return {
        "format": 1,
        "tables": {
            name: {
                "file": f"{name}.parquet",
                "rows": len(df),
                "schema": schema_fingerprint(df),
                "checksum": content_checksum(df),
            }
            for name, df in tables.items()
        },
        "inputs": dict(sorted(inputs.items())),
    }


def read_manifest(store: Path) -> dict[str, Any] | None:
    try:
        manifest: dict[str, Any] = json.loads((store / MANIFEST).read_text(encoding="utf-8"))
        return manifest
    except (OSError, ValueError):
        return None


def lock_path(store: Path) -> Path:
    """The lock of a store folder: `.NAME.lock` beside it."""
    store = Path(store)
    return store.parent / f".{store.name}.lock"


def lock_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get("RELEVE_LOCK_TIMEOUT", LOCK_TIMEOUT)))
    except ValueError:
        return LOCK_TIMEOUT


def _holder(path: Path) -> str:
    try:
        pid = int(path.read_text(encoding="ascii").strip() or 0)
    except (OSError, ValueError):
        pid = 0
    return f" (processus {pid})" if pid > 0 else ""


def _note_owner(fd: int) -> None:
    """Write the holder's process id into the lock file (read for the sentence of a
    writer that gives up; waiters open the file without truncating it)."""
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, str(os.getpid()).encode("ascii"))


def _busy_store(store: Path, holder: str, waited: float) -> str:
    return (
        f"une autre construction du magasin de données est en cours{holder} ; rien n'a été écrit après "
        f"{waited:g} s d'attente : réessayez quand elle sera terminée"
    )


@contextlib.contextmanager
def lock(
    store: Path, timeout: float | None = None, busy: Callable[[Path, str, float], str] = _busy_store
) -> Iterator[None]:
    """Hold the lock of `store` (waiting `timeout` seconds, default lock_timeout()),
    or raise StoreLocked with `busy(store, " (processus N)", seconds)`."""
    store = Path(store)
    path = lock_path(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    wait = lock_timeout() if timeout is None else timeout
    owner = _note_owner if os.name == "posix" else None  # Windows locks do not lend their handle
    held = FileLock(path, timeout=wait, on_acquired=owner)
    try:
        held.acquire()
    except Timeout:
        raise StoreLocked(busy(store, _holder(path), wait)) from None
    try:
        yield
    finally:
        held.release()


def _sync_dir(folder: Path) -> None:
    """Make renames in `folder` durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def work_folders(store: Path) -> dict[str, list[Path]]:
    """The work folders of `store` beside it, by kind (old, new, deleted), oldest first."""
    store = Path(store)
    found: dict[str, list[Path]] = {"old": [], "new": [], "deleted": []}
    try:
        entries = list(store.parent.iterdir())
    except OSError:
        return found
    for p in entries:
        m = _WORK.match(p.name)
        if m and m["name"] == store.name:
            found[m["kind"]].append(p)
    for kind in found:
        found[kind].sort(key=lambda p: (p.lstat().st_mtime_ns, p.name))
    return found


def recover(store: Path) -> bool:
    """Put right what a killed replace left, holding the lock (see the module
    docstring): if `store` is missing, its last old version is renamed back; every
    work folder of `store` is then removed. True if anything was done."""
    store = Path(store)
    work = work_folders(store)
    done = False
    if not store.exists() and work["old"]:
        os.replace(work["old"].pop(), store)
        _sync_dir(store.parent)
        done = True
    for p in work["old"] + work["new"] + work["deleted"]:
        shutil.rmtree(p, ignore_errors=True)
        done = True
    return done


def recover_all(root: Path) -> None:
    """For readers: recover every folder of `root` that a killed writer left work
    folders of. Each is done under its lock, taken without waiting: a folder whose
    writer is at work is left alone. Costs one listing of `root` when all is well."""
    root = Path(root)
    try:
        names = {m["name"] for p in root.iterdir() if (m := _WORK.match(p.name))}
    except OSError:
        return
    for name in sorted(names):
        try:
            with lock(root / name, timeout=0):
                recover(root / name)
        except (StoreLocked, OSError):  # being written, or a folder this process may not write to
            continue


def is_current(store: Path, manifest: dict[str, Any]) -> bool:
    old = read_manifest(store)
    return old == manifest and all((store / t["file"]).exists() for t in manifest["tables"].values())


def write_store(store: Path, tables: dict[str, pd.DataFrame], manifest: dict[str, Any]) -> bool:
    """Write all tables and the manifest, swapped in at once; the caller holds the
    lock. Returns False when the store already holds exactly this content (nothing
    is touched then)."""
    store = Path(store)
    checkpoint("locked")
    recover(store)
    if is_current(store, manifest):
        return False
    store.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{store.name}.new-", dir=store.parent))
    tmp.chmod(0o755)
    try:
        for i, (name, df) in enumerate(tables.items()):
            df.to_parquet(tmp / f"{name}.parquet", index=False)
            if i == 0:
                checkpoint("partial")
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        for f in tmp.iterdir():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
        _sync_dir(tmp)
        checkpoint("written")
        old = None
        if store.exists():
            old = store.parent / f".{store.name}.old-{os.getpid()}"
            os.replace(store, old)
            checkpoint("old_aside")
        os.replace(tmp, store)
        _sync_dir(store.parent)
        checkpoint("new_in")
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        checkpoint("cleaned")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        recover(store)
        raise
    return True
