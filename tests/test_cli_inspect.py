"""`score`, `units` and `sample --beam` on a tiny trained run, in subprocesses and in-process."""

from __future__ import annotations

import json
import math
import random
import subprocess
from pathlib import Path

import numpy as np
import pytest
from cli_helpers import cli_main, subprocess_cli

from tui_charrnn.engine.inspect import score_text
from tui_charrnn.engine.stored import load_model

WORDS = 'the quick "brown" fox (jumps) over a lazy dog and then runs away'.split()
TINY = ["--model", "gru", "--hidden", "12", "--seq-len", "16", "--batch-size", "4"]
ERROR_PREFIX = "charrnn-tui: error:"


def make_text(seed: int, lines: int = 60) -> str:
    rng = random.Random(seed)
    return "\n".join(" ".join(rng.choice(WORDS) for _ in range(8)) for _ in range(lines)) + "\n"


def last_json(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


@pytest.fixture
def run(capsys, tmp_path) -> tuple[str, Path]:
    """A run trained for a few steps on a small corpus: (run name, corpus path)."""
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(make_text(0), encoding="utf-8")
    code, _, err = cli_main(
        capsys, "train", corpus, *TINY, "--steps", 6, "--run", "tiny", "--quiet", "--json"
    )
    assert code == 0, err
    return "tiny", corpus


def test_score_json_per_file_and_overall(capsys, run, tmp_path):
    name, _ = run
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(make_text(1, 5), encoding="utf-8")
    second.write_text("€" + make_text(2, 3) + "~~", encoding="utf-8")
    proc = subprocess_cli("score", name, first, second, "--json")
    assert proc.returncode == 0, proc.stderr
    summary = last_json(proc.stdout)
    model, vocab, _ = load_model(name)
    expected = [
        score_text(model, vocab, path.read_text(encoding="utf-8")) for path in (first, second)
    ]
    files = summary["files"]
    assert [f["file"] for f in files] == [str(first), str(second)]
    for entry, result in zip(files, expected, strict=True):
        assert entry["chars_scored"] == result.chars_scored
        assert entry["nats_per_char"] == pytest.approx(result.nats_per_char, rel=1e-9)
        assert entry["bits_per_char"] == pytest.approx(result.bits_per_char, rel=1e-9)
    assert files[1]["unknown_chars"] == 3 and files[1]["unknown"] == "~€"
    assert summary["unknown_chars"] == 3
    assert summary["chars_scored"] == sum(r.chars_scored for r in expected)
    overall = sum(r.total_nats for r in expected) / summary["chars_scored"]
    assert summary["nats_per_char"] == pytest.approx(overall, rel=1e-9)
    assert summary["bits_per_char"] == pytest.approx(overall / math.log(2), rel=1e-9)


def test_score_table_and_show(capsys, run, tmp_path):
    name, corpus = run
    text = "the lazy dog\n"
    path = tmp_path / "short.txt"
    path.write_text(text, encoding="utf-8")
    code, out, err = cli_main(capsys, "score", name, path, "--show")
    assert code == 0, err
    assert text.strip() in out  # shown without colour when not on a terminal
    assert "nats/char" in out and "bits/char" in out and "short.txt" in out


@pytest.mark.slow
def test_units_json_on_the_runs_validation_text(run):
    name, corpus = run
    proc = subprocess_cli("units", name, "--top", 7, "--json")
    assert proc.returncode == 0, proc.stderr
    assert "validation split" in proc.stderr and str(corpus) in proc.stderr
    units = last_json(proc.stdout)["units"]
    assert len(units) == 7
    assert set(units[0]) == {"layer", "state", "unit", "feature", "correlation"}
    strengths = [abs(u["correlation"]) for u in units]
    assert strengths == sorted(strengths, reverse=True)
    assert all(u["layer"] == 0 and u["state"] == "h" and 0 <= u["unit"] < 12 for u in units)


def test_units_with_a_text_file_and_a_table(capsys, run, tmp_path):
    name, _ = run
    path = tmp_path / "t.txt"
    path.write_text(make_text(3, 20), encoding="utf-8")
    code, out, err = cli_main(capsys, "units", name, "--text", path, "--top", 3)
    assert code == 0, err
    assert str(path) in err and "feature" in out


@pytest.mark.slow
def test_units_falls_back_to_the_bundled_corpus_when_the_text_is_gone(capsys, isolated_data_dir):
    from tui_charrnn.paths import bundled_corpora

    bundled = bundled_corpora()[0]
    code, _, err = cli_main(
        capsys, "train", bundled.name, *TINY, "--steps", 2, "--run", "b", "--quiet", "--json"
    )
    assert code == 0, err
    info_path = isolated_data_dir / "runs" / "b" / "run.json"
    info = json.loads(info_path.read_text())
    info["corpus"]["path"] = str(isolated_data_dir / "moved-away.txt")
    info_path.write_text(json.dumps(info))
    code, out, err = cli_main(capsys, "units", "b", "--json", "--top", 2)
    assert code == 0, err
    assert str(bundled.path) in err
    assert len(last_json(out)["units"]) == 2


def test_sample_beam_one_is_greedy(capsys, run):
    name, _ = run
    code, greedy, err = cli_main(
        capsys, "sample", name, "--temperature", 0, "--length", 40, "--prime", "the"
    )
    assert code == 0, err
    code, beam, err = cli_main(
        capsys, "sample", name, "--beam", 1, "--length", 40, "--prime", "the"
    )
    assert code == 0, err
    assert beam == greedy
    code, wide, err = cli_main(
        capsys, "sample", name, "--beam", 3, "--length", 40, "--prime", "the"
    )
    assert code == 0 and wide.startswith("the") and len(wide.rstrip("\n")) >= 40


def assert_one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(ERROR_PREFIX), proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.mark.slow
def test_bad_input_is_one_line_and_exit_2(run, tmp_path):
    name, corpus = run
    empty, binary, alien = tmp_path / "empty.txt", tmp_path / "data.bin", tmp_path / "alien.txt"
    empty.write_text("")
    binary.write_bytes(bytes(range(256)) * 8)
    alien.write_text("€€€~~~", encoding="utf-8")
    cases = [
        (("score", "no-such-run", corpus), ("no-such-run",)),
        (("score", name, tmp_path / "missing.txt"), ("missing.txt",)),
        (("score", name, empty), ("empty",)),
        (("score", name, binary), ("binary",)),
        (("score", name, alien), ("alien.txt", "no characters the model knows")),
        (("units", "no-such-run"), ("no-such-run",)),
        (("units", name, "--text", binary), ("binary",)),
        (("units", name, "--top", 0), ("--top",)),
        (("sample", name, "--beam", 0), ("--beam",)),
    ]
    for args, needles in cases:
        assert_one_line_error(subprocess_cli(*args), *needles)


def test_score_of_a_checkpoint_file_and_latest(capsys, run, isolated_data_dir):
    name, corpus = run
    checkpoint = isolated_data_dir / "runs" / name / "latest.npz"
    code, out, err = cli_main(capsys, "score", checkpoint, corpus, "--json")
    assert code == 0, err
    code, out2, err = cli_main(capsys, "score", name, corpus, "--json", "--latest")
    assert code == 0, err
    assert last_json(out)["nats_per_char"] == last_json(out2)["nats_per_char"]
    assert np.isfinite(last_json(out)["nats_per_char"])
