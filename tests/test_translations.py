"""The German catalogue is complete, compiled and in step with the code's texts."""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

LOCALE = Path(settings.BASE_DIR) / "locale"
PO = LOCALE / "de" / "LC_MESSAGES" / "django.po"


def _catalogue(entries) -> dict:
    return {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in entries
    }


def test_every_text_has_a_german_translation_and_none_is_a_guess():
    po = polib.pofile(str(PO))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert not po.metadata_is_fuzzy


def test_the_compiled_catalogue_is_the_committed_one():
    po = polib.pofile(str(PO))
    mo = polib.mofile(str(PO.with_suffix(".mo")))
    assert _catalogue(mo) == _catalogue(e for e in po if e.translated()), (
        "locale/de/LC_MESSAGES/django.mo is out of date: run `make messages`"
    )


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) is not installed")
def test_every_translatable_text_in_the_code_is_in_the_catalogue(tmp_path, monkeypatch):
    """makemessages over the code into a copy of locale/: nothing new, nothing left empty."""
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE, copy)
    monkeypatch.chdir(settings.BASE_DIR)
    with override_settings(LOCALE_PATHS=[copy]):
        call_command("makemessages", locale=["de"], verbosity=0)
    fresh = polib.pofile(str(copy / "de" / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(PO))
    assert sorted(e.msgid for e in fresh.untranslated_entries()) == [], (
        "texts without a German translation: run `make messages` and translate them"
    )
    assert {e.msgid for e in fresh} == {e.msgid for e in committed}, (
        "locale/de is not in step with the code: run `make messages`"
    )
