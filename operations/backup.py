"""Backup and restore of an installation: the PostgreSQL database and the media folder.

A backup is a folder with three things:

    database.dump   pg_dump in its custom format (compressed; pg_restore reads it)
    media/          a copy of MEDIA_ROOT (attachments, frozen PDF copies)
    SHA512SUMS      the SHA-512 of every file above, in the format of `sha512sum -c`

A restore checks every sum first and refuses a backup that does not match it, then
replaces the database's contents with the dump and fills an empty media folder.

Only PostgreSQL is backed up this way. The SQLite demo is one file: stop the app and copy
`db.sqlite3` (with `db.sqlite3-wal` if present) and the media folder.
"""

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

DUMP = "database.dump"
MEDIA = "media"
MANIFEST = "SHA512SUMS"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message tells the operator why."""


def _require_postgresql(database):
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError(
            "Sicherung und Wiederherstellung gibt es nur für PostgreSQL. Die SQLite-Demo ist eine Datei: "
            "die Anwendung anhalten und db.sqlite3 (mit db.sqlite3-wal, falls vorhanden) sowie den "
            "Medienordner kopieren."
        )


def _tool(name):
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} fehlt. Unter Debian: apt-get install postgresql-client")
    return path


def _environment(database):
    """libpq's variables for the connection, so the password never shows in a process list."""
    variables = {
        "PGHOST": database.get("HOST"),
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database["NAME"],
    }
    return {**os.environ, **{name: value for name, value in variables.items() if value}}


def _run(command, database):
    result = subprocess.run(command, env=_environment(database), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} ist fehlgeschlagen:\n{result.stderr.strip()}")


def sha512_of(path):
    digest = hashlib.sha512()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _files(folder):
    """Every file below `folder`, as sorted paths relative to it (the manifest's order)."""
    return sorted(path.relative_to(folder).as_posix() for path in Path(folder).rglob("*") if path.is_file())


def backup(target, *, database, media_root):
    """Write a backup of `database` (a Django DATABASES entry) and `media_root` into `target`."""
    _require_postgresql(database)
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} ist nicht leer; eine Sicherung braucht einen neuen Ordner.")
    target.mkdir(parents=True, exist_ok=True)
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target / DUMP}"], database)
    if Path(media_root).is_dir():
        shutil.copytree(media_root, target / MEDIA)
    else:
        (target / MEDIA).mkdir()
    lines = [f"{sha512_of(target / name)}  {name}\n" for name in _files(target)]
    (target / MANIFEST).write_text("".join(lines), encoding="utf-8")
    return target


def verify(source):
    """Check `source` against its manifest; raise BackupError naming every file that differs."""
    source = Path(source)
    manifest = source / MANIFEST
    if not manifest.is_file():
        raise BackupError(f"{source} ist keine Sicherung: {MANIFEST} fehlt.")
    expected = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        checksum, _, name = line.partition("  ")
        expected[name] = checksum
    present = set(_files(source)) - {MANIFEST}
    problems = [f"fehlt: {name}" for name in sorted(set(expected) - present)]
    problems += [f"nicht in {MANIFEST}: {name}" for name in sorted(present - set(expected))]
    problems += [
        f"Prüfsumme stimmt nicht: {name}"
        for name in sorted(present & set(expected))
        if sha512_of(source / name) != expected[name]
    ]
    if DUMP not in expected:
        problems.append(f"fehlt: {DUMP}")
    if problems:
        raise BackupError("Die Sicherung ist beschädigt:\n" + "\n".join(problems))
    return sorted(expected)


def restore(source, *, database, media_root, replace_media=False):
    """Restore the backup in `source` into `database` and `media_root`, after checking it.

    The database's existing tables are replaced. The media folder must be empty (or absent)
    unless `replace_media`, which deletes what is in it first.
    """
    _require_postgresql(database)
    source, media_root = Path(source), Path(media_root)
    verify(source)
    if media_root.is_dir() and any(media_root.iterdir()) and not replace_media:
        raise BackupError(f"Der Medienordner {media_root} ist nicht leer.")
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={database['NAME']}",
            str(source / DUMP),
        ],
        database,
    )
    if media_root.is_dir():
        shutil.rmtree(media_root)
    shutil.copytree(source / MEDIA, media_root)
