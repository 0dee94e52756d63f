"""Development cross-check: the bundled files are the shared originals (needs ../shared, else skipped)."""

import gzip
from importlib import resources
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"

BUNDLED_FROM = {
    "sp500_prices.csv.gz": "skfolio_sp500_prices.csv.gz",
    "sp500_index.csv.gz": "skfolio_sp500_index.csv.gz",
    "factor_prices.csv.gz": "skfolio_factor_etf_prices.csv.gz",
    "riskfolio_prices.csv.gz": "riskfolio_stock_prices.csv.gz",
}


@pytest.mark.skipif(
    not SHARED.is_dir(), reason="development cross-check: ../shared/data is not present"
)
@pytest.mark.parametrize(("bundled", "original"), BUNDLED_FROM.items())
def test_bundled_file_equals_the_shared_original(bundled: str, original: str) -> None:
    ours = resources.files("algofolio.datasets").joinpath("data", bundled).read_bytes()
    assert gzip.decompress(ours) == gzip.decompress((SHARED / original).read_bytes())
