"""Test-suite settings shared by every package's tests.

Hypothesis: no per-example deadline (the machine is shared and timing is not what these properties
test; speed lives in ``benchmarks/``). Under CI (``CI`` set) the examples are derandomised, so a
red run can be reproduced exactly.
"""

import os

from hypothesis import settings

settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")
