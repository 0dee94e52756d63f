"""Drawdowns on a hand-worked path and against empyrical / quantstats."""

import empyrical as ep
import numpy as np
import pandas as pd
import pytest
import quantstats.stats as qs

from algofolio.core import ConfigError, DataError
from algofolio.metrics import drawdown, drawdown_episodes, max_drawdown, max_drawdown_duration

MONTHS = pd.date_range("2024-01-31", periods=4, freq="ME")


def test_hand_worked_path() -> None:
    # wealth 1 -> 1.1 -> 0.88 -> 0.924 -> 1.2012: peak 1.1 after month 1, regained in month 4
    path = pd.Series([0.10, -0.20, 0.05, 0.30], index=MONTHS, name="path")
    assert drawdown(path).tolist() == pytest.approx([0.0, 0.2, 1 - 0.924 / 1.1, 0.0])
    assert max_drawdown(path) == pytest.approx(0.2)
    assert max_drawdown_duration(path) == 3  # months 2, 3 underwater, back at the peak in month 4
    episodes = drawdown_episodes(path)
    assert len(episodes) == 1
    row = episodes.iloc[0]
    assert (row["peak"], row["start"], row["trough"], row["recovery"]) == (
        MONTHS[0],
        MONTHS[1],
        MONTHS[1],
        MONTHS[3],
    )
    assert row["depth"] == pytest.approx(0.2)
    assert row["length"] == 3


def test_loss_on_the_first_period_is_measured_from_the_starting_wealth() -> None:
    path = pd.Series([-0.10, 0.05], index=MONTHS[:2])
    assert max_drawdown(path) == pytest.approx(0.10)
    assert max_drawdown_duration(path) == 2  # never regains 1: from the start to the last period
    episode = drawdown_episodes(path).iloc[0]
    assert pd.isna(episode["peak"])
    assert pd.isna(episode["recovery"])
    assert episode["start"] == MONTHS[0]


def test_duration_counts_the_longest_spell_not_the_deepest() -> None:
    path = pd.Series([-0.5, 1.0, -0.01, 0.001, 0.001, 0.001, 0.001], index=range(7))
    assert max_drawdown(path) == pytest.approx(0.5)
    assert max_drawdown_duration(path) == 5  # the shallow spell from position 1 never recovers
    episodes = drawdown_episodes(path, top=1)
    assert episodes["depth"].tolist() == pytest.approx([0.5])
    assert episodes["length"].tolist() == [2]


def test_no_drawdown() -> None:
    up = pd.Series([0.01, 0.02], index=MONTHS[:2])
    assert max_drawdown(up) == 0.0
    assert max_drawdown_duration(up) == 0
    assert drawdown_episodes(up).empty


def test_matches_peers(fund: pd.Series) -> None:
    assert max_drawdown(fund) == pytest.approx(-ep.max_drawdown(fund), rel=1e-12)
    assert max_drawdown(fund) == pytest.approx(-qs.max_drawdown(fund), rel=1e-12)
    ours = drawdown(fund)
    np.testing.assert_allclose(ours.to_numpy(), -qs.to_drawdown_series(fund).to_numpy(), atol=1e-12)


def test_episodes_match_a_plain_python_walk(fund: pd.Series) -> None:
    wealth, peak, spells, current = 1.0, 1.0, [], None
    for value in fund.tolist():
        wealth *= 1 + value
        if wealth >= peak:
            peak = wealth
            if current is not None:
                spells.append((current[0], current[1] + 1))  # + the recovery period
                current = None
        else:
            depth = 1 - wealth / peak
            current = (max(depth, current[0]), current[1] + 1) if current else (depth, 1)
    if current is not None:
        spells.append(current)  # not recovered: peak to the last period
    expected = sorted(spells, key=lambda s: -s[0])[:5]
    episodes = drawdown_episodes(fund)
    assert episodes["depth"].tolist() == pytest.approx([d for d, _ in expected], rel=1e-12)
    assert episodes["length"].tolist() == [n for _, n in expected]
    assert max_drawdown_duration(fund) == max(n for _, n in spells)


def test_dataframe_keeps_each_columns_start(daily: pd.DataFrame) -> None:
    late = daily.copy()
    late.iloc[:3, 0] = np.nan
    table = drawdown(late)
    assert table.iloc[:3, 0].isna().all()
    pd.testing.assert_series_equal(table["fund"].iloc[3:], drawdown(daily["fund"].iloc[3:]))
    assert max_drawdown(late)["market"] == pytest.approx(max_drawdown(daily["market"]))


def test_a_series_keeps_its_index_with_nan_before_the_first_return() -> None:
    # as a column of a DataFrame does: same index as the returns, NaN before the first return
    path = pd.Series([np.nan, np.nan, 0.10, -0.20], index=MONTHS, name="late")
    result = drawdown(path)
    assert result.index.equals(MONTHS)
    assert result.name == "late"
    assert result.iloc[:2].isna().all()
    assert result.iloc[2:].tolist() == pytest.approx([0.0, 0.2])
    pd.testing.assert_series_equal(result, drawdown(path.to_frame())["late"])


def test_bad_input() -> None:
    with pytest.raises(ConfigError, match="top"):
        drawdown_episodes(pd.Series([0.1]), top=0)
    with pytest.raises(DataError, match="one return Series"):
        drawdown_episodes(pd.DataFrame({"a": [0.1]}))  # type: ignore[arg-type]
    with pytest.raises(DataError, match="missing"):
        max_drawdown(pd.Series([0.1, np.nan, 0.2]))
