"""The one upload-size check of the import forms (IMPORT_MAX_UPLOAD_BYTES)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _

from .formats import format_number
from .rows import megabytes


def check_upload_size(upload) -> None:
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
            % {"size": _size(upload.size), "limit": _size(limit)}
        )


def _size(n: int) -> str:
    return megabytes(n) if n >= 1_048_576 else f"{format_number(round(n / 1024), 0)} KB"
