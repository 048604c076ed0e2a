"""Run folders: creation, naming, listing, checkpoints, history and the runs list."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from tui_charrnn.engine import runs
from tui_charrnn.engine.checkpoint import load_checkpoint
from tui_charrnn.engine.config import TrainConfig
from tui_charrnn.engine.errors import RunError
from tui_charrnn.engine.history import HISTORY_LIMIT, LossHistory
from tui_charrnn.engine.runs import (
    Run,
    RunSummary,
    create_run,
    delete_run,
    latest_unfinished_run,
    list_runs,
    open_run,
)


@pytest.fixture
def root(tmp_path):
    return tmp_path / "runs"


def run_info(model="lstm", hidden=256, layers=2, corpus="shakespeare", **extra) -> dict:
    config = TrainConfig(model=model, hidden_size=hidden, num_layers=layers)
    return {
        "config": config.to_dict(),
        "corpus": {"path": f"/data/{corpus}.txt", "name": corpus, "sha256": "ab" * 32,
                   "num_chars": 1_115_394},
        "vocab": "\n !'abc",
        **extra,
    }  # fmt: skip


def state(value: float, step: int = 0) -> tuple[dict[str, np.ndarray], dict]:
    arrays = {
        "param/layer0/W": np.full((4, 3), value, dtype=np.float32),
        "rng/state": np.arange(5, dtype=np.uint32),
    }
    return arrays, {"step": step, "value": value}


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


# --------------------------------------------------------------------------------------------
# Creating and opening
# --------------------------------------------------------------------------------------------


def test_create_with_explicit_name_writes_run_json(root):
    run = create_run("shakespeare-lstm", run_info(), root=root)
    assert isinstance(run, Run)
    assert run.name == "shakespeare-lstm"
    assert run.path == root / "shakespeare-lstm"
    on_disk = json.loads((run.path / "run.json").read_text("utf-8"))
    assert on_disk == run.info
    assert on_disk["format_version"] == 1
    assert on_disk["name"] == "shakespeare-lstm"
    assert on_disk["config"]["hidden_size"] == 256
    assert on_disk["corpus"]["name"] == "shakespeare"
    assert on_disk["vocab"] == "\n !'abc"
    assert on_disk["step"] == 0 and on_disk["chars"] == 0
    assert on_disk["best_val_loss"] is None
    assert on_disk["status"] == "running"
    assert on_disk["history"] == {"stride": 1, "steps": [], "train": [], "val": []}
    created = datetime.fromisoformat(on_disk["created"])
    assert created.tzinfo is not None and created.utcoffset() == timedelta(0)
    assert abs(datetime.now(timezone.utc) - created) < timedelta(minutes=1)
    assert run.config() == TrainConfig(model="lstm", hidden_size=256, num_layers=2)


def test_create_accepts_train_config_object(root):
    run = create_run("cfg", {"config": TrainConfig(hidden_size=64)}, root=root)
    assert run.info["config"]["hidden_size"] == 64
    assert json.loads((run.path / "run.json").read_text())["config"]["hidden_size"] == 64


def test_generated_names_are_readable_and_unique(root):
    names = {create_run(None, run_info(), root=root).name for _ in range(25)}
    assert len(names) == 25
    for name in names:
        assert re.fullmatch(r"[a-z]+-[a-z]+-\d{4}", name), name
    assert {p.name for p in root.iterdir()} == names


@pytest.mark.parametrize(
    "name",
    ["", ".hidden", "..", "a/b", "../escape", "a\\b", "x" * 65, "with space", "tab\t", "ü", 42],
)
def test_invalid_names_are_refused(root, name):
    with pytest.raises(RunError, match="invalid run name"):
        create_run(name, run_info(), root=root)
    assert not root.exists() or list(root.iterdir()) == []


def test_valid_unusual_names(root):
    for name in ["a", "A_b-c.d", "x" * 64, "0run", "-dash"]:
        assert create_run(name, run_info(), root=root).name == name


def test_duplicate_name_is_refused(root):
    create_run("twice", run_info(), root=root)
    with pytest.raises(RunError) as info:
        create_run("twice", run_info(hidden=8), root=root)
    assert str(info.value) == "run twice already exists; resume it to train it further"
    assert info.value.hint == "run-exists"
    # The original is untouched.
    assert open_run("twice", root=root).info["config"]["hidden_size"] == 256


def test_invalid_status_refused_before_creating_anything(root):
    with pytest.raises(RunError, match="invalid run status"):
        create_run("x", run_info(status="flying"), root=root)
    assert not (root / "x").exists()


def test_open_round_trips_info(root):
    created = create_run("again", run_info(), root=root)
    opened = open_run("again", root=root)
    assert opened.info == created.info
    assert opened.path == created.path


def test_open_missing_run(root):
    with pytest.raises(RunError) as info:
        open_run("ghost", root=root)
    assert str(info.value) == "no run named ghost"
    assert info.value.hint == "unknown-run"


@pytest.mark.parametrize("name", ["../outside", "..", "a/../b", "/etc", "sub/run", "..\\x"])
def test_path_traversal_is_refused(root, tmp_path, name):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "run.json").write_text("{}")
    with pytest.raises(RunError, match="invalid run name"):
        open_run(name, root=root)
    with pytest.raises(RunError, match="invalid run name"):
        delete_run(name, root=root)
    assert (tmp_path / "outside" / "run.json").exists()


def test_open_corrupt_run_json(root):
    create_run("broken", run_info(), root=root)
    (root / "broken" / "run.json").write_text("{not json")
    with pytest.raises(RunError, match="run broken is damaged: run.json is not valid JSON"):
        open_run("broken", root=root)


def test_open_run_from_newer_version(root):
    run = create_run("future", run_info(), root=root)
    (run.path / "run.json").write_text(json.dumps({**run.info, "format_version": 9}))
    with pytest.raises(RunError, match="newer version of charrnn-tui"):
        open_run("future", root=root)


def test_open_cleans_stale_temp_files(root):
    run = create_run("litter", run_info(), root=root)
    stale = run.path / ".latest.npz.tmp-999-dead"
    stale.write_bytes(b"half a checkpoint")
    old = stale.stat().st_mtime - 7200
    os.utime(stale, (old, old))
    open_run("litter", root=root)
    assert not stale.exists()


def test_default_root_is_the_data_dir(isolated_data_dir):
    pytest.importorskip("tui_charrnn.paths")
    run = create_run("default-root", run_info())
    assert run.path == isolated_data_dir / "runs" / "default-root"
    assert [s.name for s in list_runs()] == ["default-root"]
    assert open_run("default-root").path == run.path


# --------------------------------------------------------------------------------------------
# Checkpoints
# --------------------------------------------------------------------------------------------


def test_save_writes_latest_and_best_and_updates_info(root):
    run = create_run("ckpt", run_info(), root=root)
    before = run.info["updated"]
    arrays, meta = state(1.0, step=100)
    run.save(arrays, meta, is_best=True, step=100, best_val_loss=1.5, last_val_loss=1.5)
    assert (run.path / "latest.npz").is_file() and (run.path / "best.npz").is_file()
    assert run.info["step"] == 100 and run.info["best_val_loss"] == 1.5
    assert run.info["updated"] >= before
    reopened = open_run("ckpt", root=root)
    assert reopened.info["step"] == 100

    # A later, worse state updates latest only; best keeps the earlier checkpoint.
    arrays2, meta2 = state(2.0, step=200)
    run.save(arrays2, meta2, is_best=False, step=200, last_val_loss=1.9)
    best_arrays, best_meta = run.load("best")
    latest_arrays, latest_meta = run.load("latest")
    assert best_meta == {"step": 100, "value": 1.0}
    assert latest_meta == {"step": 200, "value": 2.0}
    assert np.all(best_arrays["param/layer0/W"] == 1.0)
    assert np.all(latest_arrays["param/layer0/W"] == 2.0)
    assert not [p for p in run.path.iterdir() if ".tmp-" in p.name]


def test_best_falls_back_to_latest_and_vice_versa(root):
    run = create_run("fallback", run_info(), root=root)
    with pytest.raises(RunError) as info:
        run.load("best")
    assert str(info.value) == "run fallback has no checkpoint yet"
    with pytest.raises(RunError, match="no checkpoint yet"):
        run.load("latest")
    assert not run.has_checkpoint()

    arrays, meta = state(3.0, step=10)
    run.save(arrays, meta, is_best=False)
    assert run.load("best")[1] == meta  # no best.npz yet: latest is used

    run.save(arrays, meta, is_best=True)
    (run.path / "latest.npz").unlink()
    assert run.load("latest")[1] == meta  # no latest.npz: best is used
    assert run.has_checkpoint()


def test_load_passes_expected_shapes(root):
    run = create_run("shapes", run_info(), root=root)
    run.save(*state(1.0), is_best=True)
    from tui_charrnn.engine.errors import CheckpointError

    with pytest.raises(CheckpointError, match="wrong shape for param/layer0/W"):
        run.load("best", expect_arrays={"param/layer0/W": (5, 3)})


def test_snapshots_and_retention(root):
    run = create_run("snaps", run_info(), root=root)
    for step in range(100, 900, 100):
        arrays, meta = state(float(step), step=step)
        run.save(arrays, meta, is_best=False, snapshot=True, keep_snapshots=3, step=step)
    names = [p.name for p in run.snapshots()]
    assert names == ["step-00000600.npz", "step-00000700.npz", "step-00000800.npz"]
    for which in ("step-00000700", "step-00000700.npz", "snapshots/step-00000700.npz"):
        assert run.load(which)[1]["step"] == 700
    assert run.checkpoint_path("step-00000700") == run.path / "snapshots" / "step-00000700.npz"
    with pytest.raises(RunError, match="has no snapshot step-00000100"):
        run.load("step-00000100")


def test_default_snapshot_retention_is_five(root):
    run = create_run("five", run_info(), root=root)
    for step in range(1, 9):
        run.save(*state(float(step), step=step), is_best=False, snapshot=True, step=step)
    assert [int(p.stem.split("-")[1]) for p in run.snapshots()] == [4, 5, 6, 7, 8]


def test_snapshot_step_taken_from_meta_when_not_given(root):
    run = create_run("meta-step", run_info(), root=root)
    run.save(*state(1.0, step=4321), is_best=False, snapshot=True)
    assert [p.name for p in run.snapshots()] == ["step-00004321.npz"]


def test_snapshot_survives_later_saves(root):
    run = create_run("linked", run_info(), root=root)
    run.save(*state(1.0, step=1), is_best=True, snapshot=True, step=1)
    run.save(*state(2.0, step=2), is_best=False, step=2)
    assert run.load("step-00000001")[1]["value"] == 1.0
    assert run.load("best")[1]["value"] == 1.0
    assert run.load("latest")[1]["value"] == 2.0


def test_best_is_written_even_without_hard_links(root, monkeypatch):
    def no_links(*args, **kwargs):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(runs.os, "link", no_links)
    run = create_run("nolinks", run_info(), root=root)
    run.save(*state(5.0, step=5), is_best=True, snapshot=True, step=5)
    assert load_checkpoint(run.path / "best.npz")[1]["value"] == 5.0
    assert run.load("step-00000005")[1]["value"] == 5.0
    assert not [p for p in run.path.rglob("*") if ".tmp-" in p.name]


@pytest.mark.parametrize("which", ["../best", "nonsense", "step-abc", "snapshots/../x"])
def test_unknown_checkpoint_names(root, which):
    run = create_run("names", run_info(), root=root)
    with pytest.raises(RunError, match="unknown checkpoint"):
        run.checkpoint_path(which)


def test_update_info_validates_status_and_is_atomic(root, monkeypatch):
    run = create_run("status", run_info(), root=root)
    with pytest.raises(RunError, match="invalid run status"):
        run.update_info(status="exploded")
    run.update_info(status="paused", last_train_loss=np.float32(1.25), best_val_loss=float("inf"))
    on_disk = json.loads((run.path / "run.json").read_text())
    assert on_disk["status"] == "paused"
    assert on_disk["last_train_loss"] == 1.25
    assert on_disk["best_val_loss"] is None  # strict JSON: non-finite becomes null

    from tui_charrnn.engine import checkpoint

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    before = (run.path / "run.json").read_bytes()
    monkeypatch.setattr(checkpoint.os, "replace", disk_full)
    with pytest.raises(RunError, match="could not update run status: No space left on device"):
        run.update_info(step=5)
    assert (run.path / "run.json").read_bytes() == before
    assert not [p for p in run.path.iterdir() if ".tmp-" in p.name]


# --------------------------------------------------------------------------------------------
# History
# --------------------------------------------------------------------------------------------


def test_update_info_bounds_passed_history(root):
    run = create_run("hist2", run_info(), root=root)
    steps = list(range(10_000))
    run.update_info(history={"steps": steps, "train": [1.0] * 10_000, "val": []})
    assert len(run.info["history"]["steps"]) <= HISTORY_LIMIT
    assert run.info["history"]["steps"][-1] == 9999


def test_update_info_takes_a_loss_history(root):
    run = create_run("hist3", run_info(), root=root)
    history = LossHistory()
    history.record_train(1, 2.0)
    history.record_val(1, 2.5)
    run.update_info(history=history)
    on_disk = json.loads((run.path / "run.json").read_text())["history"]
    assert on_disk == {"stride": 1, "steps": [1], "train": [2.0], "val": [[1, 2.5]]}


def test_an_old_run_json_history_opens_in_the_new_spelling(root):
    run = create_run("old", run_info(), root=root)
    info = json.loads(run.info_path.read_text())
    info["history"] = {"step": [1, 2], "train": [3.0, 2.5], "val": [[2, 2.75]]}
    run.info_path.write_text(json.dumps(info))
    reopened = open_run("old", root=root)
    assert reopened.info["history"] == {
        "stride": 1,
        "steps": [1, 2],
        "train": [3.0, 2.5],
        "val": [[2, 2.75]],
    }
    reopened.update_info(step=2)  # written back in the one current spelling only
    assert "step" not in json.loads(run.info_path.read_text())["history"]


def test_a_damaged_history_is_one_run_error(root):
    run = create_run("torn", run_info(), root=root)
    info = json.loads(run.info_path.read_text())
    info["history"] = {"step": [1, 2, 3], "train": [0.5]}
    run.info_path.write_text(json.dumps(info))
    with pytest.raises(RunError, match="run torn is damaged: .*'step' and 'train'"):
        open_run("torn", root=root)
    with pytest.raises(RunError, match="stride"):
        run.update_info(history={"stride": 0})


# --------------------------------------------------------------------------------------------
# Listing, deleting, resuming
# --------------------------------------------------------------------------------------------


def test_list_runs_sorted_newest_first_with_corrupt_folder(root):
    now = datetime.now(timezone.utc)
    old = create_run("old", run_info(model="rnn", hidden=64, layers=1), root=root)
    old.update_info(updated=iso(now - timedelta(days=2)), step=50)
    new = create_run("new", run_info(model="gru", hidden=128, layers=3, corpus="linux"), root=root)
    new.update_info(updated=iso(now - timedelta(minutes=5)), step=1234, best_val_loss=1.4567)
    mid = create_run("mid", run_info(), root=root)
    mid.update_info(updated=iso(now - timedelta(hours=3)), status="finished")

    (root / "garbage").mkdir()
    (root / "garbage" / "run.json").write_bytes(b"\x00\xffnot json")
    os.utime(root / "garbage", (now.timestamp() - 3600,) * 2)
    (root / "empty-folder").mkdir()
    os.utime(root / "empty-folder", (now.timestamp() - 10 * 86400,) * 2)
    (root / "stray-file.txt").write_text("ignored")
    (root / ".hidden").mkdir()

    summaries = list_runs(root=root)
    assert [s.name for s in summaries] == ["new", "garbage", "mid", "old", "empty-folder"]
    by_name = {s.name: s for s in summaries}
    assert by_name["garbage"].status == "corrupt"
    assert by_name["empty-folder"].status == "corrupt"
    assert by_name["new"] == RunSummary(
        name="new", model="gru", hidden_size=128, num_layers=3, corpus="linux", step=1234,
        best_val_loss=1.4567, updated=new.info["updated"], status="running", path=new.path,
    )  # fmt: skip
    assert by_name["mid"].status == "finished"
    assert by_name["old"].size == "rnn 1x64"


def test_list_runs_of_missing_root_is_empty(tmp_path):
    assert list_runs(root=tmp_path / "nothing-here") == []


def test_list_runs_survives_odd_but_valid_json(root):
    (root / "odd").mkdir(parents=True)
    (root / "odd" / "run.json").write_text(
        json.dumps({"config": "lstm", "step": "many", "status": 3, "corpus": [1]})
    )
    [summary] = list_runs(root=root)
    assert summary.name == "odd" and summary.step == 0 and summary.model is None
    assert summary.status == "corrupt"


def test_delete_run(root, tmp_path):
    create_run("keep", run_info(), root=root)
    doomed = create_run("doomed", run_info(), root=root)
    doomed.save(*state(1.0), is_best=True, snapshot=True, step=1)
    delete_run("doomed", root=root)
    assert not doomed.path.exists()
    assert [s.name for s in list_runs(root=root)] == ["keep"]
    with pytest.raises(RunError, match="no run named doomed"):
        delete_run("doomed", root=root)


def test_delete_symlinked_run_removes_only_the_link(root, tmp_path):
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / "data.txt").write_text("keep me")
    root.mkdir(parents=True)
    (root / "linked").symlink_to(outside, target_is_directory=True)
    delete_run("linked", root=root)
    assert not (root / "linked").exists()
    assert (outside / "data.txt").read_text() == "keep me"


def test_latest_unfinished_run(root):
    assert latest_unfinished_run(root=root) is None
    now = datetime.now(timezone.utc)
    a = create_run("paused-old", run_info(), root=root)
    a.save(*state(1.0), is_best=False, status="paused", updated=iso(now - timedelta(hours=5)))
    b = create_run("running-newer", run_info(), root=root)
    b.save(*state(1.0), is_best=False, status="running", updated=iso(now - timedelta(hours=1)))
    # Died before its first checkpoint: nothing to resume, so never offered.
    e = create_run("running-no-checkpoint", run_info(), root=root)
    e.update_info(status="running", updated=iso(now - timedelta(minutes=1)))
    c = create_run("finished-newest", run_info(), root=root)
    c.update_info(status="finished", updated=iso(now))
    d = create_run("diverged", run_info(), root=root)
    d.update_info(status="diverged", updated=iso(now))
    assert latest_unfinished_run(root=root).name == "running-newer"
    b.update_info(status="stopped")
    assert latest_unfinished_run(root=root).name == "paused-old"
    a.update_info(status="finished")
    assert latest_unfinished_run(root=root) is None
