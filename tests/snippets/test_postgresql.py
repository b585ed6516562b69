"""Tests of snippets.postgresql.pg: finding PostgreSQL, and skipping or failing without it."""

import pytest

from snippets.postgresql import pg


def make_bindir(path):
    path.mkdir(parents=True)
    for program in ("initdb", "pg_ctl"):
        (path / program).write_text("")
    return path


@pytest.fixture
def no_postgresql(monkeypatch, tmp_path):
    """Hide every installed PostgreSQL: no PG_BINDIR, an empty PATH, an empty Debian root."""
    monkeypatch.delenv("PG_BINDIR", raising=False)
    monkeypatch.delenv("REQUIRE_POSTGRESQL", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(pg, "DEBIAN_ROOT", tmp_path / "debian")
    return tmp_path


def test_nothing_installed(no_postgresql):
    assert pg.find_bindir() is None


def test_pg_bindir_comes_first(no_postgresql, monkeypatch):
    bindir = make_bindir(no_postgresql / "custom")
    make_bindir(no_postgresql / "debian" / "16" / "bin")
    monkeypatch.setenv("PG_BINDIR", str(bindir))

    assert pg.find_bindir() == bindir


def test_newest_debian_version_wins(no_postgresql):
    for version in ("9", "15", "16"):
        make_bindir(no_postgresql / "debian" / version / "bin")

    assert pg.find_bindir() == no_postgresql / "debian" / "16" / "bin"


def test_missing_postgresql_skips(no_postgresql):
    with pytest.raises(pytest.skip.Exception, match="not found"):
        pg.bindir_or_skip()


def test_missing_postgresql_fails_when_required(no_postgresql, monkeypatch):
    monkeypatch.setenv("REQUIRE_POSTGRESQL", "1")

    with pytest.raises(pytest.fail.Exception, match="REQUIRE_POSTGRESQL=1"):
        pg.bindir_or_skip()


def test_free_port_is_a_port():
    assert 0 < pg.free_port() < 65536
