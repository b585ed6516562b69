"""Alembic from tests: the configuration in code, and the connection-sharing entry point."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

MIGRATIONS = Path(__file__).with_name("migrations")


# --8<-- [start:migrate]
def alembic_config(url: str) -> Config:
    """The configuration alembic.ini would hold, for the database at ``url``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


def upgrade(connection: Connection, config: Config) -> None:
    """Migrate to the newest revision on ``connection``, which env.py then uses as is.

    Call it as ``await async_connection.run_sync(upgrade, config)``.
    """
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


# --8<-- [end:migrate]
