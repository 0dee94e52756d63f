"""One module per command of ``algofolio``; :mod:`algofolio.cli.app` registers them in order.

Each module defines ``EXAMPLES`` (shown under "Examples:" in ``--help``, run by the tests) and the
command function (or, for ``data``, a Typer sub-app).
"""
