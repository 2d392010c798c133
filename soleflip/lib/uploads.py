"""The one upload-size check of the import forms (IMPORT_MAX_UPLOAD_BYTES)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _

from .rows import file_size


def check_upload_size(upload) -> None:
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
            % {"size": file_size(upload.size), "limit": file_size(limit)}
        )
