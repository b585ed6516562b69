"""Alembic's async env.py template, plus the recipe for a connection handed in by the caller."""

import asyncio

from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_engine_from_config

config = context.config


def do_run_migrations(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    engine = async_engine_from_config(
        config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    async with engine.connect() as connection:
        await connection.run_sync(do_run_migrations)
    await engine.dispose()


# --8<-- [start:online]
def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        asyncio.run(run_async_migrations())  # the command line: no loop is running yet
    else:
        do_run_migrations(connection)  # a caller that is already on a loop


# --8<-- [end:online]


if context.is_offline_mode():
    raise SystemExit("these migrations run online only")
run_migrations_online()
