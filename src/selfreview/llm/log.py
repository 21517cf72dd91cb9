"""The model log moved to :mod:`selfreview.modellog` (so that draft-file persistence needs nothing
from this package); this alias keeps older imports working while other branches land.
"""

from selfreview.modellog import *  # noqa: F403
