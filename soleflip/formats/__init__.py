"""Our formats per language (FORMAT_MODULE_PATH): one pattern per kind, used by every
page, table, chart label and export. German: 02.12.2026, 02.12.2026 14:05, 1.234,56.
English: 2 Dec 2026, 2 Dec 2026 14:05, 1,234.56 (no all-numeric date, which would read
differently in the US and the UK)."""
