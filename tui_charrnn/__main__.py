"""Entry point for ``python -m tui_charrnn``."""

import sys

from tui_charrnn.cli import main

sys.exit(main())
