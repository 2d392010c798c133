"""The one upload-size check of the import forms (IMPORT_MAX_UPLOAD_BYTES)."""

from django import forms
from django.conf import settings


def check_upload_size(upload) -> None:
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            f"The file is {_size(upload.size)}; the limit is {_size(limit)}. "
            "Split it into smaller files."
        )


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} KB"
