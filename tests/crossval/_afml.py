"""López de Prado's purging and embargo (AFML snippets 7.1 and 7.2), transcribed as a reference.

Independent of algofolio's interval arithmetic: it drops training labels that start within, end
within or envelop each test span, the span's end moved ``int(T * pct)`` bars later by the embargo.
"""

import numpy as np
import pandas as pd


def get_embargo_times(times: pd.Index, pct_embargo: float) -> pd.Series:
    """Snippet 7.2: map each time to the time ``step`` bars later (the last time at the end)."""
    step = int(times.shape[0] * pct_embargo)
    if step == 0:
        return pd.Series(times, index=times)
    embargo = pd.Series(times[step:], index=times[:-step])
    return pd.concat([embargo, pd.Series(times[-1], index=times[-step:])])


def get_train_times(t1: pd.Series, test_times: pd.Series) -> pd.Series:
    """Snippet 7.1: ``test_times`` maps each test span's start to its (embargoed) end."""
    train = t1.copy(deep=True)
    for start, end in test_times.items():
        starts_within = train[(start <= train.index) & (train.index <= end)].index
        ends_within = train[(start <= train) & (train <= end)].index
        envelops = train[(train.index <= start) & (end <= train)].index
        train = train.drop(starts_within.union(ends_within).union(envelops))
    return train


def afml_train_positions(
    t1: pd.Series, test_groups: list[np.ndarray], pct_embargo: float
) -> list[int]:
    """Training positions when the observations at ``test_groups`` (one array per group) are tested."""
    embargo = get_embargo_times(t1.index, pct_embargo)
    spans = {t1.index[group[0]]: embargo[t1.iloc[group].max()] for group in test_groups}
    train = get_train_times(t1, pd.Series(spans))
    return sorted(t1.index.get_indexer(train.index).tolist())
