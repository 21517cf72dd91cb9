"""The review record moved to :mod:`selfreview.record` (so that draft-file persistence needs nothing
from this package); this alias keeps older imports working while other branches land.
"""

from selfreview.record import *  # noqa: F403
