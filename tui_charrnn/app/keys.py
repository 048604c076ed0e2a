"""Every key of the app in one table: bindings, footer, help, palette, buttons and README.

A row names the key as Textual spells it and as a person reads it, the action it runs on the
app, and the words shown for it. Several rows may share a key (F5 is start, pause or resume;
``CharRNNApp.check_action`` enables exactly one) or an action (F1 and ? both open the help).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    """One row of the key table."""

    key: str  # Textual's key name ("f5", "ctrl+q", "question_mark")
    display: str  # how the key is written for people ("F5", "Ctrl+Q", "?")
    action: str  # the app action it runs; "" for keys Textual itself handles
    label: str  # the short word in the footer and on buttons
    help: str = ""  # one line for the help screen and README; "" lists it under its action
    priority: bool = True  # fires even while an Input has focus (F-keys and Ctrl keys)
    show: bool = True  # shown in the footer
    palette: str = ""  # the command palette title; "" keeps it out of the palette

    @property
    def bound(self) -> bool:
        """Whether the app binds this key itself (Ctrl+P and Tab are Textual's own)."""
        return bool(self.action)


KEYS: tuple[Key, ...] = (
    Key(
        "f5",
        "F5",
        "start",
        "Start",
        "start training; then pause / resume",
        palette="Start / pause / resume training",
    ),
    Key("f5", "F5", "pause", "Pause"),
    Key("f5", "F5", "resume", "Resume"),
    Key("f6", "F6", "sample_now", "Sample", "sample text from the model now", palette="Sample now"),
    Key("f2", "F2", "save_now", "Save", "save a checkpoint now", palette="Save checkpoint"),
    Key(
        "f9",
        "F9",
        "stop_run",
        "Stop",
        "stop the run (saves a checkpoint)",
        palette="Stop the run",
    ),
    # Before Runs and Help: an 80-column footer cuts the last entries while a run trains
    # (Save and Stop show only then), and the idle status line already names F3 and F1.
    Key(
        "f4",
        "F4",
        "inspect",
        "Inspect",
        "inspector: surprise per character, neurons, guided generation (live weights: a copy)",
        palette="Inspect the model",
    ),
    Key(
        "f3",
        "F3",
        "browse_runs",
        "Runs",
        "run browser: resume, sample from, inspect or delete saved runs",
        palette="Browse runs",
    ),
    Key(
        "f1",
        "F1",
        "help",
        "Help",
        "help: every key and what each pane does",
        palette="Keys and help",
    ),
    Key("question_mark", "?", "help", "Help", priority=False, show=False),
    Key("ctrl+p", "Ctrl+P", "", "Palette", "command palette"),
    Key("ctrl+q", "Ctrl+Q", "quit", "Quit", "quit (saves a checkpoint first if a run is active)"),
    Key("tab", "Tab", "", "Next", "move to the next field (Shift+Tab: the previous one)"),
)


def bindings() -> list[Binding]:
    """The app's BINDINGS: every row with an action of ours."""
    return [
        Binding(row.key, row.action, row.label, show=row.show, priority=row.priority)
        for row in KEYS
        if row.bound
    ]


def key_for(action: str) -> Key:
    """The first row that runs ``action`` (its key is the one buttons and hints name)."""
    for row in KEYS:
        if row.action == action:
            return row
    raise KeyError(action)


def button_label(action: str, icon: str) -> str:
    """A button's text, e.g. "▶ Start  F5"."""
    row = key_for(action)
    return f"{icon} {row.label}  {row.display}"


def help_rows() -> list[tuple[str, str]]:
    """(keys, what they do) for the help screen and README: rows with help text, with the
    other keys of the same action joined in ("F1 or ?")."""
    rows = []
    for row in KEYS:
        if not row.help:
            continue
        others = [o.display for o in KEYS if o.action and o.action == row.action and not o.help]
        rows.append((" or ".join([row.display, *others]), row.help))
    return rows


def markdown_list() -> str:
    """The help screen's list of keys."""
    return "\n".join(f"- **{keys}**: {text}" for keys, text in help_rows())


def readme_table() -> str:
    """The README's key table, exactly as it must appear there."""
    lines = ["| key | action |", "|---|---|"]
    lines += [f"| {keys} | {text} |" for keys, text in help_rows()]
    return "\n".join(lines)
