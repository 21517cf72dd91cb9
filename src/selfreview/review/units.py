"""Unit ids and fields moved to :mod:`selfreview.units` (so that draft-file persistence
needs nothing from this package); this alias keeps older imports working while other branches land.
"""

from selfreview.units import *  # noqa: F403
