"""``python -m tui_charrnn.app`` opens the studio directly."""

import sys

from tui_charrnn.app import run_app

sys.exit(run_app())
