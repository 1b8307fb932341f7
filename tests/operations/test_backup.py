"""Backup and restore on PostgreSQL: the demo backed up, restored into a fresh database and
media folder, with every table's row count and every file's SHA-512 the same."""

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from operations.backup import MANIFEST, BackupError, backup, restore, sha512_of, verify

pytestmark = pytest.mark.django_db(transaction=True)


def row_counts(cursor, tables):
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def file_sums(folder):
    return {path.relative_to(folder).as_posix(): sha512_of(path) for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def fresh_database():
    """An empty database next to the test database, dropped afterwards."""
    settings = connection.settings_dict
    name = f"{settings['NAME']}_restored"
    admin = {"host": settings["HOST"], "port": settings["PORT"] or 5432, "user": settings["USER"], "dbname": "postgres"}
    if settings["PASSWORD"]:
        admin["password"] = settings["PASSWORD"]
    with psycopg.connect(**admin, autocommit=True) as maintenance:
        maintenance.execute(f'DROP DATABASE IF EXISTS "{name}"')
        maintenance.execute(f'CREATE DATABASE "{name}"')
    yield {**settings, "NAME": name}
    with psycopg.connect(**admin, autocommit=True) as maintenance:
        maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_demo_restored_from_a_backup_has_every_row_and_every_file(demo, settings, tmp_path, fresh_database):
    media = settings.MEDIA_ROOT
    assert file_sums(media), "the demo stores PDFs in the media folder"
    backup(tmp_path / "sicherung", database=connection.settings_dict, media_root=media)
    assert (tmp_path / "sicherung" / MANIFEST).read_text().count("\n") == len(file_sums(tmp_path / "sicherung")) - 1

    restored_media = tmp_path / "wiederhergestellt" / "media"
    restore(tmp_path / "sicherung", database=fresh_database, media_root=restored_media)

    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        before = row_counts(cursor, tables)
    options = {"host": fresh_database["HOST"], "port": fresh_database["PORT"] or 5432, "user": fresh_database["USER"]}
    with psycopg.connect(dbname=fresh_database["NAME"], **options) as restored, restored.cursor() as cursor:
        after = row_counts(cursor, tables)
    assert sum(before.values()) > 1000
    assert after == before
    assert file_sums(restored_media) == file_sums(media)


def test_a_tampered_backup_is_refused_before_anything_is_replaced(demo, settings, tmp_path, fresh_database):
    backup(tmp_path / "sicherung", database=connection.settings_dict, media_root=settings.MEDIA_ROOT)
    some_file = next(path for path in (tmp_path / "sicherung" / "media").rglob("*") if path.is_file())
    some_file.write_bytes(b"%PDF-1.4 changed")
    with pytest.raises(BackupError, match="Prüfsumme stimmt nicht"):
        verify(tmp_path / "sicherung")
    with pytest.raises(BackupError, match="beschädigt"):
        restore(tmp_path / "sicherung", database=fresh_database, media_root=tmp_path / "leer")
    assert not (tmp_path / "leer").exists()


def test_restore_refuses_a_media_folder_that_is_not_empty(db, settings, tmp_path, fresh_database):
    backup(tmp_path / "sicherung", database=connection.settings_dict, media_root=settings.MEDIA_ROOT)
    occupied = tmp_path / "belegt"
    occupied.mkdir()
    (occupied / "alt.pdf").write_bytes(b"alt")
    with pytest.raises(BackupError, match="nicht leer"):
        restore(tmp_path / "sicherung", database=fresh_database, media_root=occupied)
    restore(tmp_path / "sicherung", database=fresh_database, media_root=occupied, replace_media=True)
    assert not (occupied / "alt.pdf").exists()


def test_sqlite_is_refused_with_what_to_copy_instead(db, tmp_path):
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3")}
    with pytest.raises(BackupError, match="db.sqlite3"):
        backup(tmp_path / "sicherung", database=sqlite, media_root=tmp_path)
    with pytest.raises(BackupError, match="SQLite"):
        restore(tmp_path / "sicherung", database=sqlite, media_root=tmp_path)
    assert not (tmp_path / "sicherung").exists()


def test_the_backup_command_writes_a_checked_folder(db, tmp_path):
    call_command("backup", str(tmp_path / "sicherung"))
    call_command("restore", str(tmp_path / "sicherung"), "--check")
    with pytest.raises(CommandError, match="nicht leer"):
        call_command("backup", str(tmp_path / "sicherung"))


def test_the_restore_command_puts_every_stored_page_out_of_date(db, tmp_path, monkeypatch):
    from operations.management.commands import restore as command
    from portal.publication import BODIES, INSTALLATION, body_keys, page_keys, versions

    restored = []
    monkeypatch.setattr(command, "restore", lambda source, **options: restored.append(source))
    before = versions([BODIES, INSTALLATION])
    call_command("restore", str(tmp_path / "sicherung"), "--noinput")
    assert restored == [str(tmp_path / "sicherung")]
    assert all(now != then for now, then in zip(versions([BODIES, INSTALLATION]), before, strict=True))
    # Every stored page and OParl answer depends on the version of the list of Bodies.
    assert all(BODIES in keys for keys in (page_keys(), page_keys("luckenwalde"), body_keys(1)))
