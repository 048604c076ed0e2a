"""The headless command line: train, resume, sample, runs, corpora and every bad input.

Fast cases call ``tui_charrnn.cli.main`` in-process; exit codes, "no traceback" and signals are
checked in real subprocesses. Models are tiny (rnn, H=16, T=16, B=4) so the file stays quick.
"""

from __future__ import annotations

import errno
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from cli_helpers import cli_main, subprocess_cli
from test_runs import run_info

from tui_charrnn import __version__, cli
from tui_charrnn.engine.checkpoint import load_checkpoint
from tui_charrnn.engine.runs import create_run, list_runs
from tui_charrnn.formatting import byte_size
from tui_charrnn.paths import bundled_corpora

SEQ_LEN, BATCH = 16, 4
TINY = ["--model", "rnn", "--hidden", "16", "--seq-len", str(SEQ_LEN), "--batch-size", str(BATCH)]
SUMMARY_KEYS = {"steps", "chars", "seconds", "chars_per_sec", "train_loss", "val_loss", "val_bpc"}
ERROR_PREFIX = "charrnn-tui: error:"
WORDS = "the quick brown fox jumps over a lazy dog and then runs away from the big cat".split()


# --------------------------------------------------------------------------------- helpers
def make_text(seed: int = 0, lines: int = 60) -> str:
    rng = random.Random(seed)
    return "\n".join(" ".join(rng.choice(WORDS) for _ in range(10)) for _ in range(lines)) + "\n"


@pytest.fixture
def corpus(tmp_path) -> Path:
    """About 3 KB of text with a 28-character vocabulary."""
    path = tmp_path / "corpus.txt"
    path.write_text(make_text(), encoding="utf-8")
    return path


def train(capsys, corpus: Path, *args, steps: int = 20) -> dict:
    """Train a tiny model in-process with --json and return the summary."""
    code, out, err = cli_main(
        capsys, "train", corpus, *TINY, "--steps", steps, "--json", "--quiet", *args
    )
    assert code == 0, err
    return json.loads(out.strip().splitlines()[-1])


def run_dir(data: Path, name: str) -> Path:
    return data / "runs" / name


def latest_step(data: Path, name: str, which: str = "latest") -> int:
    _, meta = load_checkpoint(run_dir(data, name) / f"{which}.npz")
    return meta["step"]


def assert_one_line_error(code: int, err: str, *needles: str) -> str:
    """Exit status 2, exactly one non-empty stderr line, the error prefix, no traceback."""
    assert code == 2, (code, err)
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith(ERROR_PREFIX), err
    for needle in needles:
        assert needle.lower() in lines[0].lower(), lines[0]
    return lines[0]


def assert_no_traceback_error(proc: subprocess.CompletedProcess, *needles: str) -> str:
    assert "Traceback" not in proc.stdout
    return assert_one_line_error(proc.returncode, proc.stderr, *needles)


# --------------------------------------------------------------------------------- train
def test_train_json_summary_and_run_folder(capsys, corpus, isolated_data_dir):
    code, out, err = cli_main(
        capsys, "train", corpus, *TINY, "--steps", 20, "--json", "--run", "first"
    )
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 1, "progress must go to stderr, only the JSON line to stdout"
    summary = json.loads(lines[-1])
    assert SUMMARY_KEYS <= summary.keys()
    assert summary["steps"] == 20
    assert summary["chars"] == 20 * BATCH * SEQ_LEN
    assert summary["run"] == "first"
    assert summary["seconds"] > 0 and summary["chars_per_sec"] > 0
    assert np.isfinite(summary["train_loss"]) and np.isfinite(summary["val_loss"])
    assert summary["val_bpc"] == pytest.approx(summary["val_loss"] / np.log(2))
    # Progress: plain lines on stderr (capsys is not a terminal), no bar, no escapes.
    assert "run first:" in err
    assert "\r" not in err and "\x1b" not in err

    folder = run_dir(isolated_data_dir, "first")
    for name in ("latest.npz", "best.npz", "run.json"):
        assert (folder / name).is_file(), name
    assert latest_step(isolated_data_dir, "first") == 20
    info = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert info["step"] == 20
    assert info["config"]["hidden_size"] == 16
    assert info["corpus"]["path"] == str(corpus)


def test_train_without_json_prints_summary_line_on_stderr(capsys, corpus):
    code, out, err = cli_main(capsys, "train", corpus, *TINY, "--steps", 5, "--run", "plain")
    assert code == 0, err
    assert out == ""
    assert "done: 5 steps" in err and "saved as run plain" in err


def test_train_says_when_weight_drop_begins(capsys, corpus):
    code, _, err = cli_main(
        capsys, "train", corpus, *TINY, "--steps", 30, "--weight-drop-start", "0.1", "--run", "w"
    )
    assert code == 0, err
    notes = [line for line in err.splitlines() if line.startswith("note: weight drop begins")]
    assert len(notes) == 1, err
    quiet = cli_main(
        capsys, "train", corpus, *TINY, "--steps", 30, "--weight-drop-start", "0.1", "--quiet"
    )
    assert quiet[0] == 0 and "note:" not in quiet[2]


def test_train_generates_a_run_name(capsys, corpus, isolated_data_dir):
    summary = train(capsys, corpus)
    assert summary["run"]
    assert (run_dir(isolated_data_dir, summary["run"]) / "latest.npz").is_file()


def test_duplicate_run_name_fails_with_one_line(capsys, corpus, isolated_data_dir):
    train(capsys, corpus, "--run", "dup", steps=5)
    code, _, err = cli_main(capsys, "train", corpus, *TINY, "--steps", 5, "--run", "dup")
    assert_one_line_error(code, err, "dup", "already exists", "use --resume dup")
    assert latest_step(isolated_data_dir, "dup") == 5  # the first run is untouched


def test_resume_on_text_with_other_characters_says_what_to_do(capsys, corpus, tmp_path):
    train(capsys, corpus, "--run", "voc", steps=5)
    other = tmp_path / "other.txt"
    other.write_text(make_text().upper() * 2, encoding="utf-8")
    code, _, err = cli_main(capsys, "train", other, "--resume", "voc", "--steps", 5)
    assert_one_line_error(code, err, "vocabulary", "leave CORPUS out")


def test_undecodable_text_in_another_encoding_suggests_another(capsys, tmp_path):
    path = tmp_path / "bytes.txt"
    path.write_bytes(make_text().encode("utf-8") + b"\xff\xfe\x00\xd8" * 10)
    code, _, err = cli_main(capsys, "train", path, *TINY, "--encoding", "utf-16-le")
    assert_one_line_error(code, err, "try another --encoding")


@pytest.mark.slow
def test_time_budget_stops_after_about_a_second(corpus):
    started = time.monotonic()
    proc = subprocess_cli("train", corpus, *TINY, "--time-budget", 1, "--json")
    wall = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["outcome"] == "time"
    assert 0.9 <= summary["seconds"] < 6, summary
    assert summary["steps"] > 0
    assert wall < 30
    # Not a terminal: plain progress lines on stderr, no progress bar or cursor control.
    assert "\r" not in proc.stderr and "\x1b" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[0].startswith("run ")
    assert any(line.startswith("step ") for line in lines), proc.stderr
    assert "Traceback" not in proc.stderr


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@dataclass
class FakeProgress:
    """The fields of engine Progress that the CLI's progress output reads."""

    step: int = 5
    train_loss: float | None = 2.5
    val_loss: float | None = None
    chars_per_sec: float = 1000.0
    epoch: float = 0.1
    learning_rate: float = 0.00285


class FakeClock:
    """A clock the test moves by hand: rich progress is driven without sleeping."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def rich_reporter(clock, **budget):
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    limits = {"total_steps": None, "time_budget": None, **budget}
    return cli.RichProgressReporter(start_step=0, console=console, clock=clock, **limits), out


def test_rich_progress_shows_steps_times_rate_and_loss():
    clock = FakeClock()
    reporter, out = rich_reporter(clock, total_steps=10)
    clock.now += 5.0
    reporter.update(FakeProgress(step=5, chars_per_sec=12_345.6, val_loss=2.75))
    reporter.line("message [not markup]")
    reporter.finish()
    raw = out.getvalue()
    assert "\x1b[?25l" in raw and raw.rstrip().endswith("\x1b[?25h")  # the cursor comes back
    text = ANSI.sub("", raw)
    assert "step 5" in text and "━" in text and "50%" in text
    assert "0:05 elapsed" in text and "0:05 left" in text
    assert "12,346 chars/s" in text
    assert "loss 2.500 val 2.750" in text
    assert "lr 0.00285" in text  # the live (scheduled) rate
    assert "message [not markup]\n" in text


def test_rich_progress_with_a_time_budget_counts_down_the_budget():
    clock = FakeClock()
    reporter, out = rich_reporter(clock, time_budget=10.0)
    clock.now += 4.0
    reporter.update(FakeProgress(step=123))
    reporter.finish()
    text = ANSI.sub("", out.getvalue())
    assert "step 123" in text and "40%" in text
    assert "0:04 elapsed" in text and "0:06 left" in text
    assert "loss 2.500 val -" in text


def test_rich_progress_without_a_budget_has_no_bar_or_remaining_time():
    clock = FakeClock()
    reporter, out = rich_reporter(clock)
    clock.now += 61.0
    reporter.update(FakeProgress(step=7, train_loss=None))
    reporter.finish()
    text = ANSI.sub("", out.getvalue())
    assert "step 7" in text and "1:01 elapsed" in text and "loss - val -" in text
    assert "%" not in text and "left" not in text and "━" not in text


def test_rich_progress_redraws_at_most_ten_times_a_second():
    clock = FakeClock()
    reporter, out = rich_reporter(clock, total_steps=1000)
    for step in range(1, 101):  # 100 steps in 0.1 s of fake time: one redraw
        clock.now += 0.001
        reporter.update(FakeProgress(step=step))
    assert ANSI.sub("", out.getvalue()).count("step ") == 1
    clock.now += 0.1
    reporter.update(FakeProgress(step=101))
    assert "step 101" in ANSI.sub("", out.getvalue())
    reporter.finish()
    reporter.finish()  # a second finish (the CLI's finally) changes nothing


def test_progress_reporter_picks_rich_on_a_terminal_and_plain_lines_otherwise():
    terminal = FakeTerminal()
    rich = cli.progress_reporter(10, None, 0, stream=terminal)
    assert isinstance(rich, cli.RichProgressReporter)
    assert rich.progress.console.file is terminal

    log = io.StringIO()
    plain = cli.progress_reporter(10, None, 0, stream=log)
    assert isinstance(plain, cli.PlainProgressReporter)
    plain.line("run x: hello")
    plain.update(FakeProgress())
    plain.update(FakeProgress(step=6))  # within five seconds of the last line: skipped
    plain.finish()
    assert log.getvalue() == (
        "run x: hello\nstep 5  loss 2.500  val -  1,000 chars/s  lr 0.00285  epoch 0.10\n"
    )

    for stream in (FakeTerminal(), io.StringIO()):
        quiet = cli.progress_reporter(10, None, 0, enabled=False, stream=stream)
        quiet.line("nothing")
        quiet.update(FakeProgress())
        quiet.finish()
        assert stream.getvalue() == ""


# --------------------------------------------------------------------------------- checkpoint-every
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5", (None, 5)),
        ("0.5s", (0.5, None)),
        ("60s", (60.0, None)),
        ("5m", (300.0, None)),
        ("1h", (3600.0, None)),
        ("0", (None, None)),
        ("0s", (None, None)),
    ],
)
def test_parse_checkpoint_every(text, expected):
    assert cli.parse_checkpoint_every(text) == expected


@pytest.mark.parametrize("text", ["abc", "-3", "-1s", "1.5", "s", "", "nans", "infs", "5x"])
def test_parse_checkpoint_every_refuses_bad_values(text):
    with pytest.raises(cli.CLIError, match="--checkpoint-every"):
        cli.parse_checkpoint_every(text)


def test_checkpoint_every_steps_saves_on_schedule(capsys, corpus, monkeypatch):
    from tui_charrnn.engine.session import Session

    saved_at = []
    original = Session.save_checkpoint

    def recording(self, *args, **kwargs):
        saved_at.append(self.trainer.step_count)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Session, "save_checkpoint", recording)
    train(capsys, corpus, "--checkpoint-every", "5", "--eval-every", "0", steps=20)
    assert {5, 10, 15, 20} <= set(saved_at), saved_at
    # Step 0 is the checkpoint every new run starts with.
    assert not set(saved_at) - {0, 5, 10, 15, 20}, saved_at


def test_checkpoint_every_seconds_parses(capsys, corpus):
    summary = train(capsys, corpus, "--checkpoint-every", "0.5s", steps=10)
    assert summary["steps"] == 10


@pytest.mark.parametrize("value", ["abc", "-3"])
def test_checkpoint_every_bad_value_fails_with_one_line(capsys, corpus, value):
    code, _, err = cli_main(
        capsys, "train", corpus, *TINY, "--steps", 5, "--checkpoint-every", value
    )
    assert_one_line_error(code, err, "--checkpoint-every")


# --------------------------------------------------------------------------------- resume
def test_resume_adds_steps_and_keeps_hyperparameters(capsys, corpus, isolated_data_dir):
    train(capsys, corpus, "--run", "go", steps=20)
    code, out, err = cli_main(capsys, "train", "--resume", "go", "--steps", 15, "--json")
    assert code == 0, err
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["run"] == "go"
    assert summary["steps"] == 35
    assert summary["chars"] == 35 * BATCH * SEQ_LEN
    assert latest_step(isolated_data_dir, "go") == 35
    info = json.loads((run_dir(isolated_data_dir, "go") / "run.json").read_text("utf-8"))
    assert info["config"]["hidden_size"] == 16 and info["config"]["model"] == "rnn"
    assert sorted(p.name for p in (isolated_data_dir / "runs").iterdir()) == ["go"]


@pytest.mark.parametrize(
    ("args", "label"),
    [
        (["--hidden", "32"], "hidden size"),
        (["--model", "lstm"], "model"),
        (["--layers", "2"], "layers"),
    ],
)
def test_resume_refuses_structural_changes(capsys, corpus, isolated_data_dir, args, label):
    train(capsys, corpus, "--run", "fixed", steps=5)
    code, _, err = cli_main(capsys, "train", "--resume", "fixed", "--steps", 5, *args)
    assert_one_line_error(code, err, label, "--lr")
    assert latest_step(isolated_data_dir, "fixed") == 5


def test_resume_accepts_learning_rate_and_clip_overrides(capsys, corpus, isolated_data_dir):
    train(capsys, corpus, "--run", "lr", steps=5)
    code, _, err = cli_main(
        capsys, "train", "--resume", "lr", "--steps", 5, "--lr", "0.01", "--clip", "1.5", "--quiet"
    )
    assert code == 0, err
    _, meta = load_checkpoint(run_dir(isolated_data_dir, "lr") / "latest.npz")
    assert meta["step"] == 10
    assert meta["learning_rate"] == pytest.approx(0.01)
    assert meta["clip"] == pytest.approx(1.5)
    info = json.loads((run_dir(isolated_data_dir, "lr") / "run.json").read_text("utf-8"))
    assert info["config"]["learning_rate"] == pytest.approx(0.01)


def test_resume_with_a_corpus_of_different_characters_is_refused(capsys, corpus, tmp_path):
    train(capsys, corpus, "--run", "vocab", steps=5)
    other = tmp_path / "other.txt"
    other.write_text(make_text(seed=1).upper() * 2, encoding="utf-8")
    code, _, err = cli_main(capsys, "train", other, "--resume", "vocab", "--steps", 5)
    assert_one_line_error(code, err, "vocab", "differs")


def test_resume_with_a_changed_corpus_warns(capsys, corpus):
    train(capsys, corpus, "--run", "changed", steps=5)
    corpus.write_text(make_text(seed=7), encoding="utf-8")  # same characters, other text
    code, _, err = cli_main(capsys, "train", "--resume", "changed", "--steps", 5)
    assert code == 0, err
    assert "warning:" in err and "corpus has changed" in err


@pytest.mark.slow
@pytest.mark.parametrize("eval_every", ["10", "7"])
def test_exact_resume_through_the_cli(capsys, corpus, isolated_data_dir, eval_every):
    """20 steps + resume 20 == 40 straight: identical parameters, optimizer state, losses.

    eval_every 7 makes the split run evaluate at step 20 (its end) where the straight run does
    not, and the straight run checkpoints every 3 steps: neither evaluation nor saving may
    disturb the training state.
    """
    # A constant rate: two --steps 20 calls are two schedule segments, unlike one of 40.
    common = ["--eval-every", eval_every, "--seed", "3", "--schedule", "constant"]
    train(capsys, corpus, *common, "--run", "a", steps=20)
    code, out, err = cli_main(capsys, "train", "--resume", "a", "--steps", 20, "--json")
    assert code == 0, err
    resumed = json.loads(out.strip().splitlines()[-1])
    straight = train(capsys, corpus, *common, "--checkpoint-every", "3", "--run", "b", steps=40)

    arrays_a, meta_a = load_checkpoint(run_dir(isolated_data_dir, "a") / "latest.npz")
    arrays_b, meta_b = load_checkpoint(run_dir(isolated_data_dir, "b") / "latest.npz")
    assert meta_a["step"] == meta_b["step"] == 40
    params = [name for name in arrays_a if name.startswith("param/")]
    assert params
    assert sorted(arrays_a) == sorted(arrays_b)
    for name in arrays_a:  # parameters, optimizer moments, hidden states
        np.testing.assert_array_equal(arrays_a[name], arrays_b[name], err_msg=name)
    assert resumed["train_loss"] == straight["train_loss"]
    assert resumed["val_loss"] == straight["val_loss"]
    assert resumed["chars"] == straight["chars"]


# --------------------------------------------------------------------------------- sample
@pytest.fixture
def trained(capsys, corpus, isolated_data_dir) -> str:
    train(capsys, corpus, "--run", "s", steps=20)
    return "s"


def sample(capsys, *args) -> tuple[int, str, str]:
    return cli_main(capsys, "sample", *args)


def test_sample_prints_text_and_is_repeatable(capsys, trained):
    code, out, err = sample(capsys, trained, "--length", 50, "--seed", 1)
    assert code == 0, err
    assert out.endswith("\n")
    assert len(out[:-1]) == 50
    assert set(out[:-1]) <= set(make_text() + "\n")
    code, again, _ = sample(capsys, trained, "--length", 50, "--seed", 1)
    assert code == 0 and again == out
    _, other, _ = sample(capsys, trained, "--length", 50, "--seed", 2)
    assert other != out


def test_sample_temperature_zero_is_deterministic(capsys, trained):
    outputs = {
        sample(capsys, trained, "--length", 40, "--temperature", 0, "--seed", s)[1]
        for s in (1, 2, 3)
    }
    assert len(outputs) == 1


def test_sample_prime(capsys, trained):
    code, out, err = sample(capsys, trained, "--length", 20, "--seed", 1, "--prime", "the ")
    assert code == 0, err
    assert out.startswith("the ")
    assert "warning" not in err


def test_sample_prime_with_unknown_characters_warns(capsys, trained):
    code, out, err = sample(capsys, trained, "--length", 20, "--seed", 1, "--prime", "Zé€ the")
    assert code == 0
    assert "warning" in err and "€" in err
    assert "Traceback" not in err
    assert len(out.strip("\n")) >= 20


def test_sample_best_latest_and_checkpoint_file(capsys, corpus, trained, isolated_data_dir):
    # Make best.npz visibly different from latest.npz: another run's weights (same vocabulary).
    train(capsys, corpus, "--run", "other", "--seed", "9", steps=20)
    folder = run_dir(isolated_data_dir, trained)
    (folder / "best.npz").unlink()  # it may be a hard link to latest.npz: do not write through
    shutil.copyfile(run_dir(isolated_data_dir, "other") / "latest.npz", folder / "best.npz")
    args = ["--length", 30, "--seed", 4]
    from_best = sample(capsys, trained, *args)
    from_latest = sample(capsys, trained, "--latest", *args)
    from_best_file = sample(capsys, folder / "best.npz", *args)
    from_latest_file = sample(capsys, str(folder / "latest.npz"), *args)
    for code, out, err in (from_best, from_latest, from_best_file, from_latest_file):
        assert code == 0, err
        assert len(out) == 31
    assert from_best[1] == from_best_file[1]
    assert from_latest[1] == from_latest_file[1]
    assert from_best[1] != from_latest[1]


def test_sample_missing_run_fails_with_one_line(capsys):
    code, out, err = sample(capsys, "no-such-run", "--length", 10)
    assert_one_line_error(code, err, "no-such-run", "`charrnn-tui runs` lists them")
    assert out == ""


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--length", "-1"], "--length"),
        (["--temperature", "-1"], "temperature"),
        (["--temperature", "nan"], "temperature"),
        (["--top-k", "-1"], "top-k"),
    ],
)
def test_sample_bad_options_fail_with_one_line(capsys, trained, args, needle):
    code, _, err = sample(capsys, trained, *args)
    assert_one_line_error(code, err, needle)


# --------------------------------------------------------------------------------- runs, corpora
def test_runs_lists_and_deletes(capsys, corpus, isolated_data_dir):
    code, out, _ = cli_main(capsys, "runs")
    assert code == 0 and "no runs" in out
    train(capsys, corpus, "--run", "listed", steps=5)
    train(capsys, corpus, "--run", "other", steps=5)
    for argv in (["runs"], ["runs", "list"]):
        code, out, err = cli_main(capsys, *argv)
        assert code == 0, err
        assert "listed" in out and "other" in out and "rnn" in out

    code, out, err = cli_main(capsys, "runs", "delete", "listed", "--yes")
    assert code == 0, err
    assert "deleted" in out
    assert not run_dir(isolated_data_dir, "listed").exists()
    assert run_dir(isolated_data_dir, "other").is_dir()
    _, out, _ = cli_main(capsys, "runs")
    assert "listed" not in out and "other" in out


def test_runs_delete_without_yes_and_no_terminal_refuses(capsys, corpus, isolated_data_dir):
    train(capsys, corpus, "--run", "keep", steps=5)
    proc = subprocess_cli("runs", "delete", "keep")  # stdin is /dev/null, not a terminal
    assert_no_traceback_error(proc, "--yes")
    assert (run_dir(isolated_data_dir, "keep") / "latest.npz").is_file()


@pytest.mark.parametrize(("answer", "deleted"), [("y\n", True), ("n\n", False), ("\n", False)])
def test_runs_delete_asks_on_a_terminal(
    capsys, corpus, isolated_data_dir, monkeypatch, answer, deleted
):
    class FakeTerminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    train(capsys, corpus, "--run", "ask", steps=5)
    monkeypatch.setattr(sys, "stdin", FakeTerminal(answer))
    code, _, _ = cli_main(capsys, "runs", "delete", "ask")
    assert run_dir(isolated_data_dir, "ask").exists() is not deleted
    assert (code == 0) is deleted


def test_runs_delete_missing_fails_with_one_line(capsys):
    code, _, err = cli_main(capsys, "runs", "delete", "missing", "--yes")
    assert_one_line_error(code, err, "missing", "`charrnn-tui runs` lists them")


def test_corpora_lists_bundled_corpora(capsys):
    code, out, err = cli_main(capsys, "corpora")
    assert code == 0, err
    assert "python-stdlib" in out
    assert "\x1b" not in out  # captured output is not a terminal: no colour
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "SIZE", "VOCAB", "DESCRIPTION"]
    for corpus in bundled_corpora():
        row = next(line for line in lines if line.startswith(corpus.name + " "))
        # Each corpus on one line, whatever its length; brackets are text, not markup.
        assert byte_size(corpus.path.stat().st_size) in row and row.endswith(corpus.description)


def test_runs_says_why_a_run_is_damaged(capsys, corpus, isolated_data_dir):
    train(capsys, corpus, "--run", "fine", steps=3)
    train(capsys, corpus, "--run", "broken", steps=3)
    info = run_dir(isolated_data_dir, "broken") / "run.json"
    data = json.loads(info.read_text())
    data["corpus"] = 7
    info.write_text(json.dumps(data))
    code, out, err = cli_main(capsys, "runs")
    assert code == 0, err
    row = next(line for line in out.splitlines() if line.startswith("broken"))
    assert row.rstrip().endswith("damaged")
    reason = next(line for line in out.splitlines() if line.startswith("run broken is damaged"))
    assert "'corpus'" in reason
    assert "runs delete NAME" in out
    fine = next(line for line in out.splitlines() if line.startswith("fine"))
    assert "damaged" not in fine


def make_table_runs(root: Path) -> datetime:
    now = datetime.now(timezone.utc)
    a = create_run("shakespeare-big", run_info("lstm", 256, 2, "shakespeare"), root=root)
    a.update_info(step=12400, best_val_loss=1.23456, updated=now.isoformat())
    b = create_run("tiny", run_info("rnn", 32, 1, "linux [draft]"), root=root)
    b.update_info(updated=(now - timedelta(days=1)).isoformat(), status="paused")
    (root / "wrecked").mkdir()
    os.utime(root / "wrecked", (now.timestamp() - 30 * 86400,) * 2)
    return now


def test_runs_table_in_a_file_is_plain_aligned_text(tmp_path):
    root = tmp_path / "runs"
    now = make_table_runs(root)
    out = io.StringIO()
    cli.print_table(cli.runs_table(list_runs(root=root)), file=out)
    text = out.getvalue()
    assert "\x1b" not in text
    lines = text.splitlines()
    assert len(lines) == 4
    assert all(line == line.rstrip() for line in lines)
    header = lines[0]
    for title in ("NAME", "MODEL", "CORPUS", "STEPS", "BEST VAL", "UPDATED", "STATUS"):
        assert title in header
    first = lines[1]
    assert first.startswith("shakespeare-big")
    assert "lstm 2x256" in first and "shakespeare" in first
    assert "12,400" in first and "1.2346" in first
    assert now.astimezone().strftime("%Y-%m-%d %H:%M") in first
    assert "running" in first
    tiny = next(line for line in lines if line.startswith("tiny"))
    assert "rnn 1x32" in tiny and "linux [draft]" in tiny and "paused" in tiny
    assert re.search(r"\s-\s", tiny)  # no best val yet
    wrecked = next(line for line in lines if line.startswith("wrecked"))
    assert "damaged" in wrecked
    # Columns are aligned: each title starts at the same offset as its cells.
    col = header.index("CORPUS")
    assert first[col:].startswith("shakespeare") and tiny[col:].startswith("linux")
    steps_end = header.index("STEPS") + len("STEPS")
    assert first[:steps_end].endswith("12,400") and tiny[:steps_end].endswith("0")


def test_runs_table_on_a_terminal_is_styled(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")  # the width rich gives a terminal it cannot measure
    root = tmp_path / "runs"
    make_table_runs(root)
    terminal = FakeTerminal()
    cli.print_table(cli.runs_table(list_runs(root=root)), file=terminal)
    raw = terminal.getvalue()
    assert "\x1b[1m" in raw  # a bold header
    assert "\x1b[31mdamaged" in raw  # a broken run stands out in red
    text = ANSI.sub("", raw)
    assert "shakespeare-big" in text and "linux [draft]" in text


def test_train_accepts_a_bundled_corpus_name(capsys):
    corpora = bundled_corpora()
    if not corpora:
        pytest.skip("no bundled corpora yet")
    summary = train(capsys, corpora[0].name, "--run", "bundled", steps=3)
    assert summary["steps"] == 3


# --------------------------------------------------------------------------------- bad input
def _hostile_checkpoint(tmp_path: Path, source: Path, member: str) -> tuple[Path, Path]:
    """A copy of a real checkpoint with `member` replaced by a pickled object array whose
    unpickling would create a marker file. Returns (checkpoint, marker)."""
    marker = tmp_path / f"pwned-{member.replace('/', '_')}"

    class Payload:
        def __reduce__(self):
            return (exec, (f"open({str(marker)!r}, 'w').close()",))

    buffer = io.BytesIO()
    np.save(buffer, np.array([Payload()], dtype=object), allow_pickle=True)
    evil = tmp_path / f"evil-{member.replace('/', '_')}.npz"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(evil, "w") as out:
        names = original.namelist()
        assert member + ".npy" in names
        for name in names:
            data = buffer.getvalue() if name == member + ".npy" else original.read(name)
            out.writestr(name, data)
    return evil, marker


def test_pickle_payload_is_live(tmp_path, capsys, corpus, isolated_data_dir):
    """Sanity check of the hostile fixture: numpy with allow_pickle=True does run it."""
    train(capsys, corpus, "--run", "p", steps=2)
    evil, marker = _hostile_checkpoint(
        tmp_path, run_dir(isolated_data_dir, "p") / "latest.npz", "param/Wy"
    )
    with zipfile.ZipFile(evil) as archive:
        np.load(io.BytesIO(archive.read("param/Wy.npy")), allow_pickle=True)
    assert marker.exists()


def _case(tmp_path: Path, corpus: Path, data: Path, name: str) -> tuple[list, tuple[str, ...]]:
    """Build one bad-input case; return (argv, substrings the error line must contain)."""
    tiny = [*TINY, "--steps", "5"]
    if name == "missing file":
        return ["train", tmp_path / "nope.txt", *tiny], ("nope.txt",)
    if name == "empty folder":
        folder = tmp_path / "empty-folder"
        folder.mkdir()
        (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
        return ["train", folder, *tiny], ()
    if name == "empty file":
        (tmp_path / "empty.txt").write_bytes(b"")
        return ["train", tmp_path / "empty.txt", *tiny], ("empty",)
    if name == "binary file":
        (tmp_path / "blob.txt").write_bytes(random.Random(0).randbytes(4000))
        return ["train", tmp_path / "blob.txt", *tiny], ("binary",)
    if name == "not utf-8":
        text = make_text().encode("utf-8")
        (tmp_path / "latin.txt").write_bytes(text[:100] + "café".encode("latin-1") + text[100:])
        return ["train", tmp_path / "latin.txt", *tiny], ("byte", "--encoding", "utf-8")
    if name == "too short":
        (tmp_path / "short.txt").write_text("0123456789", encoding="utf-8")
        return ["train", tmp_path / "short.txt", "--seq-len", "64", "--steps", "5"], ("short",)
    if name.startswith("--"):
        flag, value = name.split(" ", 1)
        return ["train", corpus, *tiny, flag, value], ()
    if name == "steps 0":
        return ["train", corpus, *TINY, "--steps", "0"], ("--steps",)
    if name == "steps abc":
        return ["train", corpus, *TINY, "--steps", "abc"], ("--steps",)
    if name == "unknown model":
        return ["train", corpus, "--model", "transformer"], ("--model",)
    if name == "unknown command":
        return ["frobnicate"], ("frobnicate",)
    if name == "no corpus":
        return ["train", "--steps", "5"], ("corpus",)
    if name == "random bytes checkpoint":
        path = tmp_path / "random.npz"
        path.write_bytes(random.Random(1).randbytes(3000))
        return ["sample", path], ("random.npz",)
    if name == "zip that is not a checkpoint":
        path = tmp_path / "plain.npz"
        np.savez(path, x=np.arange(3))
        return ["sample", path], ("plain.npz",)
    if name == "resume missing run":
        return ["train", "--resume", "ghost", "--steps", "5"], ("ghost",)

    # The rest need a real run.
    assert cli.main(["train", str(corpus), *tiny, "--run", "r", "--quiet"]) == 0
    folder = run_dir(data, "r")
    latest = folder / "latest.npz"
    if name == "truncated checkpoint":
        path = tmp_path / "truncated.npz"
        raw = latest.read_bytes()
        path.write_bytes(raw[: len(raw) // 2])
        return ["sample", path], ("truncated",)
    if name == "truncated latest on resume":
        raw = latest.read_bytes()
        latest.unlink()  # the hard link to best.npz stays intact
        latest.write_bytes(raw[: len(raw) - 100])
        return ["train", "--resume", "r", "--steps", "5"], ("truncated",)
    if name == "flipped byte checkpoint":
        raw = bytearray(latest.read_bytes())
        raw[len(raw) // 2] ^= 0xFF
        path = tmp_path / "flipped.npz"
        path.write_bytes(bytes(raw))
        return ["sample", path], ("flipped.npz",)
    if name == "pickle in an array":
        path, _ = _hostile_checkpoint(tmp_path, latest, "param/Wy")
        return ["sample", path], ("pickle",)
    if name == "pickle as header":
        path, _ = _hostile_checkpoint(tmp_path, latest, "__meta__")
        return ["sample", path], ("pickle",)
    if name == "checkpoint deleted":
        for checkpoint in folder.glob("*.npz"):
            checkpoint.unlink()
        return ["sample", "r"], ("no checkpoint",)
    if name == "run.json damaged":
        (folder / "run.json").write_text("{not json", encoding="utf-8")
        return ["sample", "r"], ("run.json",)
    raise AssertionError(name)


BAD_INPUTS = [
    "missing file",
    "empty folder",
    "empty file",
    "binary file",
    "not utf-8",
    "too short",
    "--hidden 0",
    "--hidden 100000",
    "--lr -1",
    "--lr nan",
    "--layers 7",
    "--batch-size abc",
    "--dropout 2",
    "--seq-len 0",
    "--val-fraction 0.9",
    "--checkpoint-every abc",
    "--checkpoint-every -3",
    "--time-budget -1",
    "steps 0",
    "steps abc",
    "unknown model",
    "unknown command",
    "no corpus",
    "random bytes checkpoint",
    "zip that is not a checkpoint",
    "truncated checkpoint",
    "truncated latest on resume",
    "flipped byte checkpoint",
    "pickle in an array",
    "pickle as header",
    "resume missing run",
    "checkpoint deleted",
    "run.json damaged",
]


@pytest.mark.slow
@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_is_one_line_without_traceback(tmp_path, corpus, isolated_data_dir, name):
    argv, needles = _case(tmp_path, corpus, isolated_data_dir, name)
    proc = subprocess_cli(*argv)
    assert_no_traceback_error(proc, *needles)
    assert "Traceback" not in proc.stdout
    # Nothing in a checkpoint is ever executed.
    assert not list(tmp_path.glob("pwned-*"))


# --------------------------------------------------------------------------------- full disk


def fill_the_disk(monkeypatch):
    """Make every checkpoint publish fail with ENOSPC; return the real os.replace."""
    real_replace = os.replace

    def full_disk(src, dst, *args, **kwargs):
        if str(dst).endswith(".npz"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full_disk)
    return real_replace


def test_full_disk_on_save_keeps_the_previous_checkpoint(
    capsys, corpus, isolated_data_dir, monkeypatch
):
    train(capsys, corpus, "--run", "disk", steps=20)
    folder = run_dir(isolated_data_dir, "disk")
    before = (folder / "latest.npz").read_bytes()

    real_replace = fill_the_disk(monkeypatch)
    code, _, err = cli_main(capsys, "train", "--resume", "disk", "--steps", 20, "--quiet")
    assert_one_line_error(code, err, "no space left on device")
    monkeypatch.setattr(os, "replace", real_replace)

    assert (folder / "latest.npz").read_bytes() == before
    assert latest_step(isolated_data_dir, "disk") == 20
    assert not [p.name for p in folder.iterdir() if ".tmp-" in p.name]
    code, out, err = sample(capsys, "disk", "--latest", "--length", 10, "--seed", 1)
    assert code == 0 and len(out) == 11, err


def test_full_disk_on_a_new_run_fails_with_one_line(capsys, corpus, monkeypatch):
    fill_the_disk(monkeypatch)
    code, _, err = cli_main(capsys, "train", corpus, *TINY, "--steps", 10, "--quiet")
    assert_one_line_error(code, err, "no space left on device")


# --------------------------------------------------------------------------------- signals
@pytest.mark.slow
@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("signum", "exit_codes"),
    [(signal.SIGTERM, (0,)), (signal.SIGINT, (cli.EXIT_INTERRUPTED,))],
    ids=["SIGTERM", "SIGINT"],
)
def test_signal_stops_training_and_saves(corpus, isolated_data_dir, signum, exit_codes):
    folder = run_dir(isolated_data_dir, "term")
    # No periodic or evaluation checkpoints: the only save is the one SIGTERM triggers.
    argv = [*TINY, "--time-budget", "30", "--run", "term", "--eval-every", "0"]
    argv += ["--checkpoint-every", "0", "--json"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui_charrnn", "train", str(corpus), *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=os.environ.copy(),
    )
    try:
        deadline = time.monotonic() + 30
        while not (folder / "run.json").exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "training never started"
            time.sleep(0.05)
        time.sleep(1.0)
        # Only the step-0 checkpoint every new run starts with, so far.
        assert load_checkpoint(folder / "latest.npz")[1]["step"] == 0
        signalled = time.monotonic()
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=15)
        took = time.monotonic() - signalled
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert took < 10, took
    assert "Traceback" not in err
    assert proc.returncode in exit_codes, (proc.returncode, err)
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["outcome"] == "stopped"
    _, meta = load_checkpoint(folder / "latest.npz")
    assert meta["step"] > 0
    assert meta["step"] == summary["steps"]
    info = json.loads((folder / "run.json").read_text("utf-8"))
    assert info["step"] == meta["step"]
    assert info["status"] == "stopped"


# --------------------------------------------------------------------------------- entry points
@pytest.mark.slow
def test_python_m_help():
    proc = subprocess_cli("--help")
    assert proc.returncode == 0, proc.stderr
    for command in ("train", "sample", "runs", "corpora"):
        assert command in proc.stdout


@pytest.mark.slow
def test_console_script_version():
    script = shutil.which("charrnn-tui") or str(Path(sys.executable).parent / "charrnn-tui")
    proc = subprocess.run(
        [script, "--version"], capture_output=True, text=True, timeout=60, env=os.environ.copy()
    )
    assert proc.returncode == 0, proc.stderr
    assert __version__ in proc.stdout


# --------------------------------------------------------------------------------- Ctrl+C
def _interrupt_during_step(monkeypatch, at_call: int, times: int = 1) -> None:
    """Deliver real SIGINTs in the middle of the `at_call`-th training step (after the batch
    was drawn, before the weights change), where a Ctrl+C usually lands."""
    from tui_charrnn.engine.models import CharRNN

    real = CharRNN.backward
    calls = []

    def backward(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == at_call:
            for _ in range(times):
                signal.raise_signal(signal.SIGINT)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(CharRNN, "backward", backward)


def test_ctrl_c_mid_step_saves_an_exactly_resumable_state(
    capsys, corpus, isolated_data_dir, monkeypatch
):
    common = ["--eval-every", "0", "--checkpoint-every", "0"]
    with monkeypatch.context() as patch:
        _interrupt_during_step(patch, at_call=11)
        code, _, err = cli_main(
            capsys, "train", corpus, *TINY, *common, "--steps", 20, "--run", "c"
        )
    assert code == cli.EXIT_INTERRUPTED, err
    assert "Traceback" not in err
    # The step the signal landed in completes; the loop stops before the next one.
    stopped_at = latest_step(isolated_data_dir, "c")
    assert stopped_at == 11
    info = json.loads((run_dir(isolated_data_dir, "c") / "run.json").read_text("utf-8"))
    assert info["status"] == "stopped" and info["step"] == 11

    # No --steps: the resumed run finishes its stored 20-step budget (and lr schedule).
    code, _, err = cli_main(capsys, "train", "--resume", "c", "--quiet")
    assert code == 0, err
    train(capsys, corpus, *common, "--run", "straight", steps=20)
    arrays_c, meta_c = load_checkpoint(run_dir(isolated_data_dir, "c") / "latest.npz")
    arrays_s, meta_s = load_checkpoint(run_dir(isolated_data_dir, "straight") / "latest.npz")
    assert meta_c["step"] == meta_s["step"] == 20
    for name in arrays_s:
        np.testing.assert_array_equal(arrays_c[name], arrays_s[name], err_msg=name)
    assert sorted(arrays_c) == sorted(arrays_s)


def test_second_ctrl_c_quits_at_once_and_keeps_the_last_checkpoint(
    capsys, corpus, isolated_data_dir, monkeypatch
):
    train(capsys, corpus, "--run", "twice", steps=10)
    before = (run_dir(isolated_data_dir, "twice") / "latest.npz").read_bytes()
    with monkeypatch.context() as patch:
        _interrupt_during_step(patch, at_call=3, times=2)
        code, _, err = cli_main(capsys, "train", "--resume", "twice", "--steps", 20, "--quiet")
    assert code == cli.EXIT_INTERRUPTED, err
    assert "Traceback" not in err
    assert (run_dir(isolated_data_dir, "twice") / "latest.npz").read_bytes() == before
