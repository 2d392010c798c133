from pathlib import Path

import pytest

from soleflip.core.models import ImportBatch

# A copy of ../shared/samples/stockx_sales_report.csv (synthetic; 60 rows, all 44 columns).
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "stockx_sales_report.csv"


@pytest.fixture
def sample_report() -> Path:
    return SAMPLE


@pytest.fixture
def make_batch():
    def make(path: Path, **flags) -> ImportBatch:
        return ImportBatch.from_path(
            path, source_type=ImportBatch.Source.STOCKX_SALES_REPORT, **flags
        )

    return make
