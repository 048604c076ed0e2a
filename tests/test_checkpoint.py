"""Checkpoint files: round trips, atomic replacement, and refusal of broken or hostile files."""

from __future__ import annotations

import errno
import io
import json
import os
import pathlib
import pickle
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from tui_charrnn.engine import checkpoint
from tui_charrnn.engine.checkpoint import FORMAT_VERSION, load_checkpoint, save_checkpoint
from tui_charrnn.engine.errors import CheckpointError
from tui_charrnn.engine.storage import atomic_write_bytes, remove_stale_temp_files

REPO_ROOT = Path(__file__).resolve().parents[1]
SAVE_LOOP = Path(__file__).resolve().parent / "helpers" / "save_loop.py"


def sample_arrays(seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "param/layer0/W": rng.standard_normal((65, 32)).astype(np.float32),
        "param/layer0/b": rng.standard_normal(32),  # float64
        "param/half": rng.standard_normal((3, 4)).astype(np.float16),
        "optim/m/layer0/W": rng.standard_normal((65, 32)).astype(np.float32),
        "optim/step": np.array(17, dtype=np.int64),  # 0-d
        "hidden/layer0/h": np.zeros((4, 32), dtype=np.float32),
        "rng/state": rng.integers(0, 2**32, size=624, dtype=np.uint32),
        "rng/pos": np.array([3], dtype=np.int32),
        "data/ids": rng.integers(0, 255, size=(7, 3, 2), dtype=np.uint8),
        "flags": np.array([True, False, True]),
        "complex": (rng.standard_normal(5) + 1j * rng.standard_normal(5)).astype(np.complex64),
        "empty": np.zeros((0, 5), dtype=np.float32),
        "big-endian": np.arange(6, dtype=">i4").reshape(2, 3),
        "fortran": np.asfortranarray(rng.standard_normal((4, 6))),
    }


SAMPLE_META = {
    "step": 1200,
    "config": {"model": "lstm", "hidden_size": 32, "learning_rate": 0.002, "dropout": 0.0},
    "vocab": "\n !abcé漢",
    "best_val_loss": float("inf"),
    "history": [[1, 2.5], [2, 2.25]],
    "flags": {"resumed": True, "parent": None},
}


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name)


def assert_same_arrays(loaded: dict, expected: dict) -> None:
    assert set(loaded) == set(expected)
    for name, array in expected.items():
        assert loaded[name].dtype == array.dtype, name
        assert loaded[name].shape == array.shape, name
        np.testing.assert_array_equal(loaded[name], array, err_msg=name)


def write_raw_npz(path: Path, members: dict[str, np.ndarray], *, allow_pickle=False) -> None:
    """Build an .npz member by member, bypassing save_checkpoint's checks (for hostile files)."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, array in members.items():
            with archive.open(name + ".npy", "w") as out:
                np.lib.format.write_array(out, array, allow_pickle=allow_pickle)


def header_array(header: dict) -> np.ndarray:
    return np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)


def valid_header(arrays: dict[str, np.ndarray]) -> dict:
    return {
        "format": checkpoint.FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "meta": {"step": 1},
        "arrays": {n: {"dtype": a.dtype.str, "shape": list(a.shape)} for n, a in arrays.items()},
        "checksum": checkpoint.arrays_checksum(arrays),
    }


# --------------------------------------------------------------------------------------------
# Round trips
# --------------------------------------------------------------------------------------------


def test_round_trip_many_dtypes_and_shapes(tmp_path):
    arrays = sample_arrays()
    path = tmp_path / "ckpt.npz"
    save_checkpoint(path, arrays, SAMPLE_META)
    loaded, meta = load_checkpoint(path)
    assert_same_arrays(loaded, arrays)
    assert meta == SAMPLE_META
    assert loaded["optim/step"].ndim == 0
    assert all(a.flags.c_contiguous and a.flags.writeable for a in loaded.values())
    assert temp_files(tmp_path) == []


def test_file_is_a_plain_npz_with_meta_header(tmp_path):
    arrays = {"param/W": np.eye(3, dtype=np.float32)}
    path = tmp_path / "ckpt.npz"
    save_checkpoint(path, arrays, {"step": 5})
    with np.load(path, allow_pickle=False) as npz:
        assert set(npz.files) == {"__meta__", "param/W"}
        header = json.loads(npz["__meta__"].tobytes().decode("utf-8"))
        np.testing.assert_array_equal(npz["param/W"], arrays["param/W"])
    assert header["format"] == "tui_charrnn-checkpoint"
    assert header["format_version"] == 1
    assert header["meta"] == {"step": 5}
    assert header["arrays"] == {"param/W": {"dtype": "<f4", "shape": [3, 3]}}
    assert len(header["checksum"]) == 64
    with zipfile.ZipFile(path) as archive:  # stored, not compressed: saving must be fast
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}


def test_identical_state_gives_identical_bytes(tmp_path):
    save_checkpoint(tmp_path / "a.npz", sample_arrays(1), {"step": 1})
    save_checkpoint(tmp_path / "b.npz", sample_arrays(1), {"step": 1})
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()


def test_overwrite_replaces_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "latest.npz"
    for step in range(3):
        save_checkpoint(path, sample_arrays(step), {"step": step})
    loaded, meta = load_checkpoint(path)
    assert meta == {"step": 2}
    assert_same_arrays(loaded, sample_arrays(2))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest.npz"]


def test_save_uses_temp_file_in_same_folder_then_replace(tmp_path, monkeypatch):
    path = tmp_path / "latest.npz"
    save_checkpoint(path, sample_arrays(0), {"step": 0})
    calls = []
    real_replace = os.replace

    def spy_replace(src, dst):
        src, dst = Path(src), Path(dst)
        calls.append((src, dst))
        # At the moment of the swap the target still holds the previous checkpoint.
        assert load_checkpoint(dst)[1] == {"step": 0}
        assert load_checkpoint(src)[1] == {"step": 1}
        real_replace(src, dst)

    monkeypatch.setattr(checkpoint.os, "replace", spy_replace)
    save_checkpoint(path, sample_arrays(1), {"step": 1})
    [(src, dst)] = calls
    assert dst == path and src.parent == path.parent
    assert src.name.startswith(".latest.npz.tmp-")
    assert temp_files(tmp_path) == []


def test_creates_missing_parent_folder(tmp_path):
    path = tmp_path / "a" / "b" / "ckpt.npz"
    save_checkpoint(path, {"x": np.ones(2)}, {})
    assert load_checkpoint(path)[0]["x"].tolist() == [1.0, 1.0]


def test_numpy_scalars_in_meta_are_stored_as_numbers(tmp_path):
    path = tmp_path / "ckpt.npz"
    save_checkpoint(path, {}, {"loss": np.float32(1.5), "step": np.int64(3)})
    assert load_checkpoint(path)[1] == {"loss": 1.5, "step": 3}


# --------------------------------------------------------------------------------------------
# Refusals on save
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_values_are_refused(tmp_path, bad):
    path = tmp_path / "latest.npz"
    save_checkpoint(path, sample_arrays(0), {"step": 0})
    before = path.read_bytes()
    arrays = sample_arrays(1)
    arrays["param/layer0/W"][3, 4] = bad
    with pytest.raises(CheckpointError, match="refusing to save a checkpoint with non-finite"):
        save_checkpoint(path, arrays, {"step": 1})
    assert path.read_bytes() == before
    assert temp_files(tmp_path) == []


def test_non_finite_complex_refused(tmp_path):
    with pytest.raises(CheckpointError, match="non-finite"):
        save_checkpoint(tmp_path / "c.npz", {"z": np.array([1 + 1j, complex(0, np.nan)])}, {})


@pytest.mark.parametrize(
    "array",
    [
        np.array([{"a": 1}], dtype=object),
        np.array(["text"]),
        np.array([b"bytes"]),
        np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]),
        np.array(["2024-01-01"], dtype="datetime64[D]"),
    ],
)
def test_non_numeric_dtypes_are_refused_on_save(tmp_path, array):
    with pytest.raises(CheckpointError, match="only numeric and boolean"):
        save_checkpoint(tmp_path / "x.npz", {"bad": array}, {})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["", "__meta__", "/abs", "a\\b", "nul\x00"])
def test_bad_array_names_are_refused(tmp_path, name):
    with pytest.raises(CheckpointError):
        save_checkpoint(tmp_path / "x.npz", {name: np.ones(1)}, {})


def test_unserialisable_meta_is_refused(tmp_path):
    with pytest.raises(CheckpointError, match="not JSON-serialisable"):
        save_checkpoint(tmp_path / "x.npz", {}, {"when": object()})
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------------
# Failed writes leave the previous checkpoint intact
# --------------------------------------------------------------------------------------------


def _fail_replace(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _fail_fsync(fd):
    raise OSError(errno.EIO, os.strerror(errno.EIO))


@pytest.mark.parametrize(
    ("target", "replacement", "reason"),
    [
        ("replace", _fail_replace, "No space left on device"),
        ("fsync", _fail_fsync, "Input/output error"),
    ],
)
def test_failed_save_keeps_previous_checkpoint(tmp_path, monkeypatch, target, replacement, reason):
    path = tmp_path / "latest.npz"
    save_checkpoint(path, sample_arrays(0), {"step": 0})
    before = path.read_bytes()
    monkeypatch.setattr(checkpoint.os, target, replacement)
    with pytest.raises(CheckpointError) as info:
        save_checkpoint(path, sample_arrays(1), {"step": 1})
    monkeypatch.undo()
    message = str(info.value)
    assert message == f"could not save checkpoint to {path}: {reason}"
    assert "\n" not in message
    assert path.read_bytes() == before
    assert load_checkpoint(path)[1] == {"step": 0}
    assert temp_files(tmp_path) == []


def test_disk_full_mid_write_keeps_previous_checkpoint(tmp_path, monkeypatch):
    path = tmp_path / "latest.npz"
    save_checkpoint(path, sample_arrays(0), {"step": 0})
    before = path.read_bytes()
    real_write_array = np.lib.format.write_array
    calls = {"n": 0}

    def write_array_then_fail(fp, array, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:  # a few members in, like a disk filling up
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write_array(fp, array, *args, **kwargs)

    monkeypatch.setattr(np.lib.format, "write_array", write_array_then_fail)
    with pytest.raises(CheckpointError, match="No space left on device"):
        save_checkpoint(path, sample_arrays(1), {"step": 1})
    assert path.read_bytes() == before
    assert temp_files(tmp_path) == []


def test_unwritable_folder_gives_one_line_error(tmp_path, monkeypatch):
    # Simulated rather than made with chmod, which root (CI containers) ignores.
    folder = tmp_path / "ro"
    folder.mkdir()
    real_open = os.open

    def refuse_in_folder(path, *args, **kwargs):
        if Path(path).parent == folder:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(checkpoint.os, "open", refuse_in_folder)
    with pytest.raises(CheckpointError, match="could not save checkpoint to .*Permission") as info:
        save_checkpoint(folder / "x.npz", {"a": np.ones(1)}, {})
    assert "\n" not in str(info.value)
    assert list(folder.iterdir()) == []


def test_refused_rename_keeps_the_previous_checkpoint(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.npz"
    save_checkpoint(path, sample_arrays(1), {"step": 1})
    before = path.read_bytes()

    def refuse_replace(src, dst, *args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dst))

    monkeypatch.setattr(checkpoint.os, "replace", refuse_replace)
    with pytest.raises(CheckpointError, match="Permission"):
        save_checkpoint(path, sample_arrays(2), {"step": 2})
    assert path.read_bytes() == before
    assert temp_files(tmp_path) == []


def test_read_only_filesystem_gives_one_line_error(tmp_path, monkeypatch):
    def refuse_open(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(checkpoint.os, "open", refuse_open)
    with pytest.raises(CheckpointError) as info:
        save_checkpoint(tmp_path / "x.npz", {"a": np.ones(1)}, {})
    target = tmp_path / "x.npz"
    assert str(info.value) == f"could not save checkpoint to {target}: Read-only file system"


def test_atomic_write_bytes_cleans_up_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "run.json"
    atomic_write_bytes(path, b"old")
    monkeypatch.setattr(checkpoint.os, "replace", _fail_replace)
    with pytest.raises(OSError):
        atomic_write_bytes(path, b"new")
    monkeypatch.undo()
    assert path.read_bytes() == b"old"
    assert temp_files(tmp_path) == []
    atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"new"


def test_remove_stale_temp_files_spares_fresh_ones(tmp_path):
    stale = tmp_path / ".latest.npz.tmp-123-abcd"
    fresh = tmp_path / ".latest.npz.tmp-456-ef01"
    keep = tmp_path / "latest.npz"
    for p in (stale, fresh, keep):
        p.write_bytes(b"x")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    assert remove_stale_temp_files(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh.name, keep.name])


# --------------------------------------------------------------------------------------------
# Broken and hostile files
# --------------------------------------------------------------------------------------------


def assert_refused(path: Path, match: str | None = None, **kwargs) -> str:
    with pytest.raises(CheckpointError, match=match) as info:
        load_checkpoint(path, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_missing_file(tmp_path):
    message = assert_refused(tmp_path / "nope.npz", "no checkpoint at")
    assert "nope.npz" in message


def test_folder_instead_of_file(tmp_path):
    assert_refused(tmp_path, "is a folder")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.npz"
    path.write_bytes(b"")
    assert_refused(path, "not a charrnn-tui checkpoint")


def test_random_bytes(tmp_path):
    path = tmp_path / "noise.npz"
    path.write_bytes(random.Random(7).randbytes(10_000))
    assert_refused(path)


def test_truncated_at_many_points(tmp_path):
    good = tmp_path / "good.npz"
    save_checkpoint(good, sample_arrays(), SAMPLE_META)
    data = good.read_bytes()
    cut = tmp_path / "cut.npz"
    cuts = sorted({1, 10, 100, len(data) // 3, len(data) // 2, len(data) - 100, len(data) - 1})
    cuts += random.Random(3).sample(range(1, len(data)), 12)
    for size in cuts:
        cut.write_bytes(data[:size])
        assert_refused(cut)


def test_flipped_byte_in_array_data_is_detected(tmp_path):
    path = tmp_path / "ckpt.npz"
    marker = np.full(64, 0.123456789, dtype=np.float64)
    save_checkpoint(path, {"param/W": marker}, {})
    data = bytearray(path.read_bytes())
    offset = data.find(marker.tobytes())
    assert offset > 0
    data[offset + 100] ^= 0x40
    path.write_bytes(bytes(data))
    # zipfile's CRC or our checksum catches it; either way a one-line error, never bad data.
    assert_refused(path, "corrupt|damaged")


def test_checksum_mismatch(tmp_path):
    arrays = {"param/W": np.ones((2, 3), dtype=np.float32)}
    header = valid_header(arrays)
    tampered = {"param/W": np.full((2, 3), 2.0, dtype=np.float32)}  # same dtype and shape
    path = tmp_path / "ckpt.npz"
    write_raw_npz(path, {"__meta__": header_array(header), **tampered})
    assert_refused(path, "corrupt: checksum mismatch")


def test_zip_without_meta(tmp_path):
    path = tmp_path / "plain.npz"
    np.savez(path, a=np.ones(3))
    assert_refused(path, "no __meta__ header")


def test_zip_with_non_npy_member(tmp_path):
    path = tmp_path / "odd.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert_refused(path, "unexpected entry readme.txt")


def test_bad_json_header(tmp_path):
    path = tmp_path / "ckpt.npz"
    raw = np.frombuffer(b'{"format": "tui_charrnn-checkpoint", ', dtype=np.uint8)
    write_raw_npz(path, {"__meta__": raw})
    assert_refused(path, "not valid JSON")


def test_non_utf8_header(tmp_path):
    path = tmp_path / "ckpt.npz"
    write_raw_npz(path, {"__meta__": np.frombuffer(b"\xff\xfe{}", dtype=np.uint8)})
    assert_refused(path, "not valid JSON")


def test_header_of_wrong_type(tmp_path):
    path = tmp_path / "ckpt.npz"
    write_raw_npz(path, {"__meta__": np.arange(4, dtype=np.float32)})
    assert_refused(path, "malformed __meta__")


def test_wrong_format_string(tmp_path):
    header = valid_header({})
    header["format"] = "someone-else"
    path = tmp_path / "ckpt.npz"
    write_raw_npz(path, {"__meta__": header_array(header)})
    assert_refused(path, "not a charrnn-tui checkpoint")


def test_newer_format_version(tmp_path):
    header = valid_header({})
    header["format_version"] = 7
    path = tmp_path / "ckpt.npz"
    write_raw_npz(path, {"__meta__": header_array(header)})
    assert_refused(
        path, r"checkpoint format 7 is newer than this version of charrnn-tui supports \(1\)"
    )


@pytest.mark.parametrize(
    "change",
    [
        {"format_version": "1"},
        {"format_version": True},
        {"meta": []},
        {"checksum": None},
        {"arrays": {"x": {"dtype": "<f4"}}},
        {"arrays": {"x": {"dtype": "<f4", "shape": [1.5]}}},
    ],
)
def test_malformed_header_fields(tmp_path, change):
    header = {**valid_header({}), **change}
    path = tmp_path / "ckpt.npz"
    write_raw_npz(path, {"__meta__": header_array(header)})
    assert_refused(path, "corrupt")


def test_array_listed_in_header_but_missing(tmp_path):
    arrays = {"param/W": np.ones(3, dtype=np.float32)}
    path = tmp_path / "ckpt.npz"
    write_raw_npz(path, {"__meta__": header_array(valid_header(arrays))})
    assert_refused(path, "array param/W listed in the header is missing")


def test_array_not_listed_in_header(tmp_path):
    path = tmp_path / "ckpt.npz"
    write_raw_npz(path, {"__meta__": header_array(valid_header({})), "extra": np.ones(2)})
    assert_refused(path, "unexpected entry extra")


@pytest.mark.parametrize(
    "stored",
    [np.ones(3, dtype=np.float64), np.ones((3, 1), dtype=np.float32)],
    ids=["dtype", "shape"],
)
def test_array_disagrees_with_header(tmp_path, stored):
    declared = {"param/W": np.ones(3, dtype=np.float32)}
    path = tmp_path / "ckpt.npz"
    write_raw_npz(path, {"__meta__": header_array(valid_header(declared)), "param/W": stored})
    assert_refused(path, "but the header says <f4")


def test_expected_shapes(tmp_path):
    path = tmp_path / "ckpt.npz"
    arrays = {"param/embed": np.zeros((64, 256), dtype=np.float32)}
    save_checkpoint(path, arrays, {})
    loaded, _ = load_checkpoint(path, expect_arrays={"param/embed": (64, 256)})
    assert loaded["param/embed"].shape == (64, 256)
    assert_refused(
        path,
        r"wrong shape for param/embed: expected \(65, 256\), found \(64, 256\)",
        expect_arrays={"param/embed": (65, 256)},
    )
    assert_refused(path, "has no array param/other", expect_arrays={"param/other": (1,)})


def test_oversized_declared_shape_is_refused_before_allocating(tmp_path):
    # A tiny member whose .npy header claims ~8 TB: must be refused, not allocated.
    buffer = io.BytesIO()
    header = {"descr": "<f8", "fortran_order": False, "shape": (10**12,)}
    np.lib.format.write_array_header_1_0(buffer, header)
    path = tmp_path / "liar.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("__meta__.npy", buffer.getvalue() + b"\0" * 16)
    assert_refused(path, "shorter than declared")


def test_zip_bomb_member_size_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(checkpoint, "MAX_MEMBER_BYTES", 1000)
    path = tmp_path / "big.npz"
    save_checkpoint(path, {"a": np.zeros(1000)}, {})
    assert_refused(path, "too large")


class TouchOnUnpickle:
    """Unpickling this object creates ``marker``: proof that a pickle was executed."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (pathlib.Path.touch, (pathlib.Path(self.marker),))


def test_payload_is_live(tmp_path):
    # Guard for the tests below: this payload really does run code when unpickled.
    marker = tmp_path / "proof"
    pickle.loads(pickle.dumps(TouchOnUnpickle(marker)))
    assert marker.exists()


def test_pickled_array_listed_in_header_is_refused(tmp_path):
    marker = tmp_path / "pwned"
    evil = np.array([TouchOnUnpickle(marker)], dtype=object)
    header = valid_header({})
    header["arrays"] = {"param/W": {"dtype": "|O", "shape": [1]}}
    path = tmp_path / "evil.npz"
    write_raw_npz(path, {"__meta__": header_array(header), "param/W": evil}, allow_pickle=True)
    assert_refused(path, "contains pickled data; refusing to load")
    assert not marker.exists()


def test_pickled_meta_is_refused(tmp_path):
    marker = tmp_path / "pwned"
    evil = np.array([TouchOnUnpickle(marker)], dtype=object)
    path = tmp_path / "evil.npz"
    write_raw_npz(path, {"__meta__": evil}, allow_pickle=True)
    assert_refused(path, "contains pickled data; refusing to load")
    assert not marker.exists()


def test_raw_pickle_file_is_refused(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.npz"
    path.write_bytes(pickle.dumps(TouchOnUnpickle(marker)))
    assert_refused(path, "not a charrnn-tui checkpoint")
    assert not marker.exists()


def test_bare_npy_file_is_refused(tmp_path):
    path = tmp_path / "array.npz"
    np.save(tmp_path / "array.npy", np.ones(3))
    (tmp_path / "array.npy").rename(path)
    assert_refused(path, "not a charrnn-tui checkpoint")


# --------------------------------------------------------------------------------------------
# Kill test: SIGKILL a saving process at random moments
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.timeout(120)
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_checkpoint_survives_sigkill_mid_write(tmp_path):
    env = dict(os.environ)
    env["CHARRNN_TUI_DATA_DIR"] = str(tmp_path / "data")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    latest = tmp_path / "latest.npz"
    rng = random.Random(20240501)
    last_counter = 0
    kills = 0
    deadline = time.monotonic() + 9.0
    while kills < 20 and (kills < 8 or time.monotonic() < deadline):
        process = subprocess.Popen(
            [sys.executable, str(SAVE_LOOP), str(tmp_path)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            line = process.stdout.readline()
            assert line.strip() == "ready", process.stderr.read()
            time.sleep(rng.uniform(0.02, 0.2))
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
            process.stdout.close()
            process.stderr.close()
        kills += 1

        arrays, meta = load_checkpoint(latest)  # verifies structure and checksum
        counter = meta["counter"]
        assert counter >= 1
        # Every array belongs to the same save as the header: no mixing of two writes.
        for name, array in arrays.items():
            assert np.all(array == counter), name
        last_counter = max(last_counter, counter)

    assert kills >= 8
    assert last_counter >= 2  # kills did land after several complete saves
    # Killed writers may leave temp files (nothing can clean up after SIGKILL), at most one each.
    assert len(temp_files(tmp_path)) <= kills
    remove_stale_temp_files(tmp_path, min_age=0)  # don't leave ~100 MB of them in /tmp
    assert temp_files(tmp_path) == []


def test_hostile_entry_names_are_defused_in_messages(tmp_path):
    path = tmp_path / "ckpt.npz"
    write_raw_npz(path, {"__meta__": header_array(valid_header({})), "\x1b[2Jboom": np.ones(1)})
    message = assert_refused(path, "unexpected entry")
    assert "\x1b" not in message and "?[2Jboom" in message


def test_random_byte_flips_never_load_wrong_data(tmp_path):
    good = tmp_path / "good.npz"
    arrays = sample_arrays()
    save_checkpoint(good, arrays, SAMPLE_META)
    data = good.read_bytes()
    rng = random.Random(11)
    damaged = tmp_path / "damaged.npz"
    for _ in range(150):
        corrupted = bytearray(data)
        for _ in range(rng.randint(1, 3)):
            corrupted[rng.randrange(len(corrupted))] ^= rng.randrange(1, 256)
        damaged.write_bytes(bytes(corrupted))
        try:
            loaded, meta = load_checkpoint(damaged)
        except CheckpointError as error:
            assert "\n" not in str(error)
            continue
        # Flips in bytes nothing reads (zip timestamps, padding) may load; then data is exact.
        assert meta == SAMPLE_META
        assert_same_arrays(loaded, arrays)
