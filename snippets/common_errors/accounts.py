"""A FastAPI app on a sync SQLAlchemy engine that the test hands it.

No ``from __future__ import annotations``: FastAPI must resolve the annotation that names a
dependency defined inside ``create_app``.
"""

from collections.abc import Iterator
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session

# --8<-- [start:accounts]
metadata = sa.MetaData()
accounts = sa.Table("accounts", metadata, sa.Column("id", sa.Integer, primary_key=True))


def create_app(engine: sa.Engine) -> FastAPI:
    app = FastAPI()

    def open_session() -> Iterator[Session]:
        with Session(engine) as session:
            yield session

    @app.get("/accounts/count")
    def count(session: Annotated[Session, Depends(open_session)]) -> int:
        return session.scalar(sa.select(sa.func.count()).select_from(accounts))

    return app


# --8<-- [end:accounts]
