"""Running the command line from tests: in this process, or as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys

from tui_charrnn import cli


def cli_main(capsys, *args) -> tuple[int, str, str]:
    """Run the CLI in this process; return (exit status, stdout, stderr)."""
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def subprocess_cli(
    *args, timeout: float = 60, stdin=subprocess.DEVNULL
) -> subprocess.CompletedProcess:
    """Run `python -m tui_charrnn ARGS` as a user would, with this environment."""
    return subprocess.run(
        [sys.executable, "-m", "tui_charrnn", *[str(a) for a in args]],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=os.environ.copy(),
        stdin=stdin,
    )
