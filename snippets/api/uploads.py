"""File upload: `POST /upload` takes one multipart file field named `file`.

FastAPI needs the `python-multipart` package to parse multipart forms.
"""

from fastapi import APIRouter, HTTPException, UploadFile, status
from pydantic import BaseModel

router = APIRouter(tags=["uploads"])

MAX_UPLOAD_BYTES = 64 * 1024
"""Larger uploads are refused with 413."""


class UploadResult(BaseModel):
    """What `POST /upload` reports about the file it received."""

    filename: str
    content_type: str
    size: int


@router.post("/upload")
async def upload_file(file: UploadFile) -> UploadResult:
    """Report the uploaded file's name, type and size; 413 if it is too large."""
    contents = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(contents) > MAX_UPLOAD_BYTES:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            f"files are limited to {MAX_UPLOAD_BYTES} bytes",
        )
    return UploadResult(
        filename=file.filename or "",
        content_type=file.content_type or "application/octet-stream",
        size=len(contents),
    )
