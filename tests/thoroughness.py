"""How many examples a property test tries, by the hypothesis profile of the run.

conftest.py registers two profiles: "thorough" (the README's test command, scripts/test.sh,
CI) and "fast" (the default, for ``python -m pytest -m "not slow"`` while changing code).
A test states the count it wants in a thorough run; a fast run tries a quarter of it.
"""

from __future__ import annotations

from hypothesis import settings

#: max_examples of the "thorough" profile: the unit the counts below are scaled by.
THOROUGH = 100
#: max_examples of the "fast" profile.
FAST = 25
#: The fewest examples a property test tries, in any profile.
FLOOR = 10


def examples(thorough: int) -> int:
    """Examples to try: ``thorough`` in the thorough profile, proportionally fewer in the fast."""
    return max(FLOOR, thorough * settings().max_examples // THOROUGH)
