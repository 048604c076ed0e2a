"""The stored-data schema: every field of run.json and of a checkpoint's metadata is checked,
and the hostile cases of issue 10 give one line (exit 2), never a traceback or a crashed app."""

from __future__ import annotations

import asyncio
import math
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from cli_helpers import cli_main
from schema_helpers import (
    TINY,
    install,
    make_template,
    mutate_info,
    mutate_meta,
    read_info,
    read_meta,
)

from tui_charrnn.engine.checkpoint import load_checkpoint
from tui_charrnn.engine.errors import CheckpointError, RunError
from tui_charrnn.engine.runs import CORRUPT, list_runs, open_run
from tui_charrnn.engine.schema import (
    CheckpointMeta,
    RunInfo,
    as_checkpoint_meta,
    decode_run_json,
    parse_run_info,
    read_checkpoint,
)
from tui_charrnn.engine.session import Session
from tui_charrnn.engine.stored import load_model


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return make_template(tmp_path_factory.mktemp("schema-template"))


@pytest.fixture
def run_dir(template, isolated_data_dir) -> Path:
    """A fresh copy of the valid run, named "r", in this test's data folder."""
    return install(template, isolated_data_dir, "r")


def assert_one_line_exit_2(code: int, err: str, *needles: str) -> str:
    assert code == 2, (code, err)
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def set_field(key, value):
    def change(document: dict) -> dict:
        document[key] = value
        return document

    return change


def set_history_field(key, value):
    def change(document: dict) -> dict:
        document["history"][key] = value
        return document

    return change


# --------------------------------------------------------------------------------------------
# The valid run reads back as typed records
# --------------------------------------------------------------------------------------------


def test_a_valid_run_reads_into_typed_records(run_dir):
    run = open_run("r")
    record = run.record
    assert isinstance(record, RunInfo)
    assert record.config == TINY and record.status == "paused"
    assert record.step == 7 and record.chars == 7 * TINY.seq_len * TINY.batch_size
    assert record.corpus.path and Path(record.corpus.path).is_file()
    arrays, meta = run.load_state("latest")
    assert isinstance(meta, CheckpointMeta)
    assert meta.trainer.step == 7 and meta.trainer.optimizer_steps == 7
    assert meta.vocab == record.vocab and meta.config == TINY
    assert meta.trainer.history.steps[-1] == 7 and meta.trainer.best_val_loss is not None
    # The same metadata as a plain dict (what Trainer.state() returns) reads the same way.
    raw_arrays, raw = load_checkpoint(run_dir / "latest.npz")
    assert as_checkpoint_meta(raw, raw_arrays) == meta


# --------------------------------------------------------------------------------------------
# Hostile checkpoints: a valid checksum, wrong metadata
# --------------------------------------------------------------------------------------------

HOSTILE_META = [
    ("history is a list", set_field("history", [1, 2]), "field 'history'"),
    ("history stride 0", set_history_field("stride", 0), "'stride'"),
    ("learning rate NaN", set_field("learning_rate", math.nan), "field 'learning_rate'"),
    ("learning rate -1", set_field("learning_rate", -1), "field 'learning_rate'"),
]


@pytest.mark.parametrize(
    "change, needle", [case[1:] for case in HOSTILE_META], ids=[c[0] for c in HOSTILE_META]
)
def test_hostile_checkpoint_metadata_is_one_line_exit_2(capsys, run_dir, change, needle):
    mutate_meta(run_dir, change)
    with pytest.raises(CheckpointError, match=needle) as caught:
        Session.resume("r")
    assert str(caught.value).startswith("run r is damaged: latest.npz field ")
    with pytest.raises(CheckpointError, match=needle):
        load_model("r")
    code, _, err = cli_main(capsys, "train", "--resume", "r", "--steps", 2, "--quiet")
    assert_one_line_exit_2(code, err, "run r is damaged", needle)
    code, _, err = cli_main(capsys, "sample", "r", "--length", 5)
    assert_one_line_exit_2(code, err, needle)


def test_learning_rate_nan_is_refused_not_trained(run_dir):
    """Issue 10: a NaN learning rate used to load, and the run then diverged."""
    mutate_meta(run_dir, set_field("learning_rate", math.nan))
    with pytest.raises(CheckpointError, match="learning rate must be a finite number|finite"):
        Session.resume("r")
    assert read_info(run_dir)["status"] == "paused"  # nothing was changed


def test_run_json_corpus_7_is_one_line_exit_2(capsys, run_dir):
    mutate_info(run_dir, set_field("corpus", 7))
    message = "run r is damaged: run.json field 'corpus' must be an object, not 7"
    with pytest.raises(RunError) as caught:
        Session.resume("r")
    assert str(caught.value) == message
    code, _, err = cli_main(capsys, "train", "--resume", "r", "--steps", 2, "--quiet")
    assert assert_one_line_exit_2(code, err) == f"charrnn-tui: error: {message}"


def test_the_runs_list_shows_a_damaged_run_with_its_reason(capsys, run_dir, template):
    install(template, run_dir.parent.parent, "fine")
    mutate_info(run_dir, set_field("corpus", 7))
    by_name = {summary.name: summary for summary in list_runs()}
    assert by_name["fine"].status == "paused" and by_name["fine"].problem is None
    assert by_name["r"].status == CORRUPT
    assert (
        by_name["r"].problem == "run r is damaged: run.json field 'corpus' must be an object, not 7"
    )
    code, out, _ = cli_main(capsys, "runs")
    assert code == 0 and "fine" in out


@pytest.mark.parametrize(
    "key, value, needle",
    [
        ("vocab", "aab", "field 'vocab' must hold unique characters in sorted order"),
        ("chars", 5, "field 'chars' must be step x config.seq_len x config.batch_size"),
        ("optimizer_steps", 3, "field 'optimizer_steps' must equal step (7)"),
        ("position", 10**6, "field 'position' must be between 0 and"),
        ("step", True, "field 'step' must be a whole number, not True"),
        ("clip", "5", "field 'clip' must be a finite number, not '5'"),
        ("best_val_loss", 99.0, "field 'best_val_loss' must not exceed val_loss"),
        ("elapsed", -1, "field 'elapsed' must be at least 0"),
        ("state_version", 2, "was saved by a newer version of charrnn-tui (state_version 2"),
        ("config", {"hidden_size": 9}, "arrays do not fit fields 'config' and 'vocab'"),
    ],
)
def test_each_trainer_field_is_checked(run_dir, key, value, needle):
    mutate_meta(run_dir, set_field(key, value))
    with pytest.raises(CheckpointError) as caught:
        open_run("r").load_state()
    assert needle in str(caught.value)


@pytest.mark.parametrize(
    "path, value, needle",
    [
        (("config", "hidden_size"), True, "field 'config.hidden_size' must be a whole number"),
        (("config", "hidden_size"), 8.0, "field 'config.hidden_size' must be a whole number"),
        (("config", "dropout"), "0.1", "field 'config.dropout' must be a finite number"),
        (("config", "num_layers"), 7, "field 'config.num_layers': layers must be between 1 and 3"),
        (("config", "model"), "tree", "field 'config.model': model must be one of"),
        (("rng", "data", "bit_generator"), "MT19937", "field 'rng.data.bit_generator'"),
        (("rng", "dropout", "state", "inc"), -1, "field 'rng.dropout.state.inc'"),
        (("rng", "data", "uinteger"), 2**40, "field 'rng.data.uinteger'"),
        (("corpus", "sha256"), "xyz", "field 'corpus.sha256' must be 64 lowercase hex digits"),
        (("corpus", "encoding"), "klingon", "field 'corpus.encoding' is not a known encoding"),
        (("corpus", "path"), "relative.txt", "field 'corpus.path' must be an absolute path"),
        (("history", "val"), [[99, 1.0]], "a point at step 99, after the checkpoint's 7"),
    ],
)
def test_nested_fields_are_checked(run_dir, path, value, needle):
    def change(meta):
        parent = meta
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = value
        return meta

    mutate_meta(run_dir, change)
    with pytest.raises(CheckpointError) as caught:
        read_checkpoint(run_dir / "latest.npz")
    assert needle in str(caught.value)
    assert str(caught.value).startswith(f"checkpoint {run_dir / 'latest.npz'} is damaged: ")


def test_vocabulary_size_must_match_the_arrays(run_dir):
    meta = read_meta(run_dir)
    arrays, _ = load_checkpoint(run_dir / "latest.npz")
    bigger = "".join(sorted(set(meta["vocab"]) | {"~"}))
    with pytest.raises(CheckpointError, match="field 'vocab' holds .* but array param/by"):
        as_checkpoint_meta({**meta, "vocab": bigger}, arrays)


def test_non_finite_or_non_float_arrays_are_refused(run_dir):
    arrays, meta = load_checkpoint(run_dir / "latest.npz")
    arrays["hidden"] = arrays["hidden"].astype(np.complex64)
    with pytest.raises(CheckpointError, match="array hidden holds complex64"):
        as_checkpoint_meta(meta, arrays)


@pytest.mark.parametrize(
    "key, value, needle",
    [
        ("status", "exploded", "field 'status' must be one of running"),
        ("step", -3, "field 'step' must be between 0 and"),
        ("chars", 1.5, "field 'chars' must be a whole number"),
        ("best_val_loss", math.inf, "field 'best_val_loss' must be a finite number or null"),
        ("updated", "yesterday", "field 'updated' must be an ISO 8601 time"),
        ("vocab", 65, "field 'vocab' must be a string, not 65"),
        ("config", [], "field 'config' must be an object, not []"),
        ("history", {"stride": 0}, "field 'history': loss history field 'stride'"),
        ("format_version", "1", "field 'format_version' must be a whole number"),
        ("format_version", 9, "newer version of charrnn-tui (run.json format_version 9"),
    ],
)
def test_each_run_json_field_is_checked(run_dir, key, value, needle):
    mutate_info(run_dir, set_field(key, value))
    with pytest.raises(RunError) as caught:
        open_run("r")
    assert needle in str(caught.value)


def test_run_json_that_is_not_an_object_or_not_json(run_dir):
    with pytest.raises(RunError, match="run x is damaged: run.json is not a JSON object"):
        parse_run_info([1, 2], "x")
    with pytest.raises(RunError, match="run x is damaged: run.json is not valid JSON"):
        decode_run_json(b'{"step": ' + b"9" * 5000 + b"}", "x")  # more digits than Python reads


def test_unknown_fields_are_ignored_everywhere(run_dir):
    """The documented rule: a newer writer may add fields; older readers skip them."""
    mutate_info(run_dir, lambda info: {**info, "added_later": {"x": 1}})
    mutate_meta(
        run_dir,
        lambda meta: {
            **meta,
            "added_later": [1],
            "config": {**meta["config"], "new_hyperparameter": 3},
            "corpus": {**meta["corpus"], "mtime": 1.0},
        },
    )
    session = Session.resume("r")
    assert session.trainer.step_count == 7
    assert "added_later" in read_info(run_dir)  # kept when run.json is rewritten


def test_an_old_run_folder_still_opens_and_resumes(run_dir):
    """Older spellings: history's "step" list without "stride"; no elapsed, no format_version,
    no state_version, no chars_per_sec."""

    def old_info(info):
        history = info.pop("history")
        info["history"] = {"step": history["steps"], "train": history["train"], "val": []}
        for key in ("elapsed", "format_version"):
            info.pop(key)
        return info

    def old_meta(meta):
        history = meta.pop("history")
        meta["history"] = {"step": history["steps"], "train": history["train"], "val": []}
        for key in ("state_version", "chars_per_sec"):
            meta.pop(key)
        return meta

    mutate_info(run_dir, old_info)
    mutate_meta(run_dir, old_meta)
    session = Session.resume("r")
    assert session.trainer.history.steps[-1] == 7 and session.trainer.history.stride == 1
    assert session.run.record.history.steps[-1] == 7


def test_update_info_never_writes_what_could_not_be_read_back(run_dir):
    run = open_run("r")
    before = (run_dir / "run.json").read_bytes()
    with pytest.raises(RunError, match="not saving run.json of run r: .*field 'elapsed'"):
        run.update_info(elapsed=-5.0)
    with pytest.raises(RunError, match="field 'corpus'"):
        run.update_info(corpus=7)
    assert (run_dir / "run.json").read_bytes() == before
    assert run.record.elapsed >= 0 and isinstance(run.info["corpus"], dict)


# --------------------------------------------------------------------------------------------
# The app: --resume of a damaged run, and the run browser
# --------------------------------------------------------------------------------------------


async def _wait_for(condition, what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


@pytest.mark.parametrize(
    "damage, needle",
    [
        (lambda d: mutate_info(d, set_field("corpus", 7)), "field 'corpus' must be an object"),
        (lambda d: mutate_meta(d, set_field("history", [1, 2])), "field 'history'"),
    ],
    ids=["run.json corpus 7", "checkpoint history list"],
)
async def test_app_resume_of_a_damaged_run_shows_the_message_and_keeps_running(
    run_dir, damage, needle
):
    from tui_charrnn.app.app import CharRNNApp
    from tui_charrnn.app.screens.help import HelpScreen
    from tui_charrnn.app.state import RunState

    damage(run_dir)
    app = CharRNNApp(config=TINY, resume="r")
    async with app.run_test(size=(120, 40)) as pilot:
        await _wait_for(lambda: needle in app.main.status_text, "the message")
        await _wait_for(lambda: app.main.run_state is RunState.IDLE, "idle")
        assert "run r is damaged" in app.main.status_text
        await pilot.press("f1")  # still alive and answering keys
        assert isinstance(app.screen, HelpScreen)


async def test_run_browser_lists_a_damaged_run_with_its_reason(run_dir, template):
    from textual.widgets import DataTable, Static

    from tui_charrnn.app.app import CharRNNApp
    from tui_charrnn.app.screens.runs import RunBrowserScreen

    mutate_info(run_dir, set_field("corpus", 7))
    app = CharRNNApp(config=TINY, offer_resume=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await _wait_for(lambda: isinstance(app.screen, RunBrowserScreen), "the browser")
        table = app.screen.query_one(DataTable)
        assert table.get_row_at(0)[-1] == "damaged"
        message = app.screen.query_one("#runs-message", Static)
        reason = "run r is damaged: run.json field 'corpus' must be an object, not 7"
        assert reason in str(message.render())
        await pilot.press("enter")  # resuming it explains why not, and the browser stays
        assert isinstance(app.screen, RunBrowserScreen)
        assert "cannot be resumed" in str(message.render())


# --------------------------------------------------------------------------------------------
# Real processes
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "kind, key, value, needle",
    [
        ("info", "corpus", 7, "field 'corpus' must be an object, not 7"),
        ("meta", "history", [1, 2], "field 'history' must be an object"),
        ("meta", "learning_rate", math.nan, "field 'learning_rate'"),
    ],
)
def test_train_resume_in_a_real_process_is_one_line_exit_2(run_dir, kind, key, value, needle):
    (mutate_info if kind == "info" else mutate_meta)(run_dir, set_field(key, value))
    proc = subprocess.run(
        [sys.executable, "-m", "tui_charrnn", "train", "--resume", "r", "--steps", "2"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in proc.stdout
    line = assert_one_line_exit_2(proc.returncode, proc.stderr, needle)
    assert line.startswith("charrnn-tui: error: run r is damaged: ")
