"""Metric formatting: the value each kind of metric shows, and a dash for a missing one."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from algofolio.metrics import SUMMARY_FORMATS
from algofolio.report import format_metric, format_summary
from algofolio.report.formatting import MISSING, format_date, format_money, format_weight


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (0.123456, "percent", "12.35%"),
        (-0.05, "percent", "-5.00%"),
        (1.23456, "ratio", "1.23"),
        (1234.0, "periods", "1,234"),
        (0.000123456, None, "0.0001235"),
        (math.nan, "percent", MISSING),
        (math.inf, "ratio", MISSING),
        (None, "ratio", MISSING),
    ],
)
def test_format_metric(value: float | None, kind: str | None, text: str) -> None:
    assert format_metric(value, kind) == text


def test_summary_formats_cover_only_known_kinds() -> None:
    assert set(SUMMARY_FORMATS.values()) <= {"percent", "ratio", "periods"}


def test_format_summary_uses_each_rows_kind() -> None:
    percent = next(k for k, v in SUMMARY_FORMATS.items() if v == "percent")
    ratio = next(k for k, v in SUMMARY_FORMATS.items() if v == "ratio")
    table = pd.DataFrame({"A": [0.25, 2.0], "B": [math.nan, -1.0]}, index=[percent, ratio])
    text = format_summary(table)
    assert text.to_dict() == {
        "A": {percent: "25.00%", ratio: "2.00"},
        "B": {percent: MISSING, ratio: "-1.00"},
    }


def test_money_weight_date() -> None:
    assert format_money(1234567.891) == "1,234,567.89"
    assert format_weight(0.0525) == "5.25%"
    assert format_date(pd.Timestamp("2024-02-29 00:00")) == "2024-02-29"
    assert format_money(math.nan) == MISSING
