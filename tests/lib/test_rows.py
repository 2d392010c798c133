"""The texts of the import frame's row and file errors, in both languages."""

from django.utils import translation

from soleflip.lib.rows import RowError, file_size, too_large


def test_a_file_over_the_limit_names_both_sizes_in_the_language():
    assert too_large(1_572_864, 10 * 1_048_576) == "Die Datei ist 1,5 MB groß; erlaubt sind 10 MB."
    assert too_large(2048, 1000) == "Die Datei ist 2 KB groß; erlaubt sind 1 KB."
    with translation.override("en"):
        assert too_large(1_572_864, 10 * 1_048_576) == "The file is 1.5 MB; the limit is 10 MB."
        assert file_size(1_234 * 1_048_576) == "1,234 MB"
    assert file_size(1_234 * 1_048_576) == "1.234 MB"


def test_a_row_error_names_line_column_value_and_reason():
    error = RowError(7, "EMAIL", None, "fehlt")
    assert str(error) == "Zeile 7, EMAIL: „“ fehlt"
    with translation.override("en"):
        assert str(error) == 'line 7, EMAIL: "" fehlt'
