"""Read a file into a *raw table*: header labels as columns (duplicates kept), cells as read.

The format follows the file name: ``.csv``, ``.csv.gz`` and ``.txt`` (delimiter sniffed) are text,
``.parquet`` and ``.pq`` are Parquet. Text cells stay text so that later checks can quote a bad
value exactly as written; a Parquet index (``DataFrame.to_parquet`` writes one) becomes the first
column.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp, "p.csv")
...     _ = path.write_text("date,A,A\\n2024-01-02,1.5,\\n")
...     read_table(path)
         date    A A
0  2024-01-02  1.5
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from algofolio.core.errors import DataError

__all__ = ["SUFFIXES", "read_table", "table_format"]


def _read_csv(path: Path) -> pd.DataFrame:
    return _text_table(path, sep=",")


def _read_txt(path: Path) -> pd.DataFrame:
    return _text_table(path, sep=None)


def _text_table(path: Path, *, sep: str | None) -> pd.DataFrame:
    cells = pd.read_csv(
        path,
        sep=sep,
        header=None,
        dtype=str,
        keep_default_na=False,  # a ticker "NA" stays a ticker; missing prices are decided later
        skip_blank_lines=True,
        engine="c" if sep else "python",
        encoding="utf-8-sig",  # a byte-order mark (Excel) is not part of the first header
    )
    header = [label.strip() for label in cells.iloc[0].astype("str")]
    return cells.iloc[1:].set_axis(header, axis=1).reset_index(drop=True)


def _read_parquet(path: Path) -> pd.DataFrame:
    table = pd.read_parquet(path)
    if not isinstance(table.index, pd.RangeIndex):
        table = table.reset_index()
    return table.reset_index(drop=True)


_READERS: Mapping[str, Callable[[Path], pd.DataFrame]] = {
    ".csv.gz": _read_csv,
    ".csv": _read_csv,
    ".txt": _read_txt,
    ".parquet": _read_parquet,
    ".pq": _read_parquet,
}
SUFFIXES: tuple[str, ...] = tuple(_READERS)
"""File name endings :func:`read_table` understands."""


def table_format(path: str | os.PathLike[str]) -> str:
    """The suffix of ``path`` that picks its reader (``.csv.gz`` before ``.gz``), or DataError."""
    name = Path(path).name.lower()
    for suffix in _READERS:
        if name.endswith(suffix):
            return suffix
    raise DataError(
        f"{path}: unknown file type; use one of {', '.join(SUFFIXES)}", source=str(path)
    )


def read_table(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read ``path`` into a raw table; DataError when missing, empty or unreadable."""
    reader = _READERS[table_format(path)]
    file = Path(path)
    if not file.is_file():
        raise DataError(f"{path}: no such file", source=str(path))
    try:
        return reader(file)
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: the file is empty", source=str(path)) from None
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        reason = " ".join(str(exc).split())  # one line, whatever the parser said
        raise DataError(f"{path}: cannot read the file: {reason}", source=str(path)) from None
