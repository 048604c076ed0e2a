"""Fuzzing what is stored: every field of run.json and of a checkpoint's metadata, damaged in
every way (wrong type, NaN, infinities, negative, huge, missing, extra), must give the
project's own one-line errors through the Session API, exit status 0 or 2 through the CLI,
and leave the app running.

The mutations start from a real run (a tiny GRU trained a few steps, made once per module);
checkpoints are rewritten with `save_checkpoint`, so the checksum is valid and the damage
reaches the schema. Hypothesis draws combinations; two deterministic sweeps make sure every
field is covered whatever it draws. `CHARRNN_FUZZ_EXAMPLES` raises the number of examples
for a deeper run (default: a quick one).
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schema_helpers import (
    EXTRA,
    MUTATIONS,
    TINY,
    TYPE_MUTATIONS,
    dotted,
    install,
    leaf_paths,
    make_template,
    mutate_info,
    mutate_meta,
    mutated,
    read_info,
    read_meta,
    restore_files,
    snapshot_files,
)

from tui_charrnn import cli
from tui_charrnn.engine.checkpoint import load_checkpoint
from tui_charrnn.engine.errors import CharRNNError, CheckpointError, RunError
from tui_charrnn.engine.runs import CORRUPT, list_runs, open_run
from tui_charrnn.engine.sampling import sample_text
from tui_charrnn.engine.schema import as_checkpoint_meta, decode_run_json
from tui_charrnn.engine.session import Session
from tui_charrnn.engine.stored import load_model

pytestmark = pytest.mark.slow

settings.register_profile(
    "schema-fuzz",
    max_examples=int(os.environ.get("CHARRNN_FUZZ_EXAMPLES", "40")),
    deadline=None,  # a resume writes files; its time depends on the disk
    database=None,  # nothing written into the working tree
    # One data folder serves every example: each example puts the run's files back.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FUZZ = settings.get_profile("schema-fuzz")

NAME = "r"
FIELD_RE = re.compile(r"fields? '([\w.]+)'")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return make_template(tmp_path_factory.mktemp("fuzz-template"))


@pytest.fixture(scope="module")
def documents(template) -> dict:
    arrays, meta = load_checkpoint(template / "latest.npz")
    info = read_info(template)
    return {
        "info": info,
        "meta": meta,
        "arrays": arrays,
        "info paths": leaf_paths(info),
        "meta paths": leaf_paths(meta),
    }


@pytest.fixture
def run_dir(template, isolated_data_dir) -> Path:
    return install(template, isolated_data_dir, NAME)


# --------------------------------------------------------------------------------------------
# Applying damage and checking what comes out
# --------------------------------------------------------------------------------------------


def damage(run_dir: Path, target: str, path: tuple, mutation: str) -> None:
    value = MUTATIONS[mutation]
    if target == "info":
        mutate_info(run_dir, lambda info: mutated(info, path, value))
    else:
        mutate_meta(run_dir, lambda meta: mutated(meta, path, value))


def assert_one_line(error: CharRNNError) -> str:
    message = str(error)
    assert message and "\n" not in message and "Traceback" not in message, message
    return message


def related(named: str, mutated_path: str) -> bool:
    """The named field is the mutated one, or contains it, or lies inside it."""
    return (
        named == mutated_path
        or mutated_path.startswith(named + ".")
        or named.startswith(mutated_path + ".")
    )


def exercise_api() -> list[str]:
    """Every way the engine reads a stored run; returns the errors (project errors only:
    anything else propagates and fails the test)."""
    errors = []
    summaries = {summary.name: summary for summary in list_runs()}  # never raises
    listed = summaries[NAME]
    if listed.status == CORRUPT:
        assert listed.problem and "\n" not in listed.problem
    calls = (
        lambda: open_run(NAME).record,
        _resume_and_step,
        lambda: sample_text(*load_model(NAME)[:2], 5),
        lambda: sample_text(*load_model(NAME, latest=True)[:2], 5),
    )
    for call in calls:
        try:
            call()
        except CharRNNError as error:
            errors.append(assert_one_line(error))
    return errors


def _resume_and_step() -> None:
    session = Session.resume(NAME, threads=1)
    session.trainer.step()
    session.trainer.sample(5)


def exercise_cli(capsys) -> None:
    commands = (
        ["train", "--resume", NAME, "--steps", "1", "--quiet", "--threads", "1"],
        ["sample", NAME, "--length", "5"],
        ["runs"],
    )
    for argv in commands:
        code = cli.main(argv)
        out, err = capsys.readouterr()
        assert code in (0, 2), (argv, code, err)
        assert "Traceback" not in out + err
        if code == 2:
            lines = [line for line in err.splitlines() if line.strip()]
            assert len(lines) == 1 and lines[0].startswith("charrnn-tui: error: "), err


# --------------------------------------------------------------------------------------------
# Every field, every mutation, straight through the schema (fast: no files)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["info", "meta"])
def test_every_field_and_every_mutation_gives_a_named_field_or_reads(documents, target):
    original = documents[target]
    paths = documents[f"{target} paths"]
    assert len(paths) > 30  # config, corpus, history, rng ... all enumerated
    checked = 0
    for path in paths:
        for mutation, value in MUTATIONS.items():
            document = mutated(original, path, value)
            try:
                if target == "info":
                    decode_run_json(_json_bytes(document), NAME)
                else:
                    as_checkpoint_meta(document, documents["arrays"])
            except CharRNNError as error:
                assert type(error) is (RunError if target == "info" else CheckpointError)
                message = assert_one_line(error)
                named = FIELD_RE.search(message)
                assert named or "newer version" in message, message
                if named and mutation in TYPE_MUTATIONS:
                    assert related(named.group(1), dotted(path)), (path, mutation, message)
                assert not (value is EXTRA and isinstance(_parent(original, path), dict)), (
                    f"an unknown field next to {dotted(path)} was refused: {message}"
                )
            checked += 1
    assert checked == len(paths) * len(MUTATIONS)


def _json_bytes(document) -> bytes:
    import json

    return json.dumps(document, allow_nan=True).encode("utf-8")


def _parent(document, path: tuple):
    for key in path[:-1]:
        document = document[key]
    return document


# --------------------------------------------------------------------------------------------
# Every field once through the Session API (deterministic sweep)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["info", "meta"])
def test_every_field_through_the_session_api(documents, run_dir, target):
    saved = snapshot_files(run_dir)
    names = list(MUTATIONS)
    refused = 0
    for index, path in enumerate(documents[f"{target} paths"]):
        mutation = names[index % len(names)]
        try:
            damage(run_dir, target, path, mutation)
            refused += bool(exercise_api())
        finally:
            restore_files(saved)
    assert refused > 0
    assert exercise_api() == []  # the restored run is whole again


# --------------------------------------------------------------------------------------------
# Hypothesis: combinations of damage through the Session API and the CLI
# --------------------------------------------------------------------------------------------


@st.composite
def damages(draw, documents) -> list[tuple[str, tuple, str]]:
    """One to three mutations, each of run.json or of the checkpoints' metadata."""
    count = draw(st.integers(1, 3))
    result = []
    for _ in range(count):
        target = draw(st.sampled_from(["info", "meta"]))
        path = draw(st.sampled_from(documents[f"{target} paths"]))
        result.append((target, path, draw(st.sampled_from(list(MUTATIONS)))))
    return result


@FUZZ
@given(data=st.data())
def test_session_api_raises_only_project_errors(documents, run_dir, data):
    saved = snapshot_files(run_dir)
    try:
        for target, path, mutation in data.draw(damages(documents)):
            try:
                damage(run_dir, target, path, mutation)
            except (KeyError, IndexError, TypeError):
                continue  # an earlier mutation removed or replaced this field's parent
        exercise_api()
    finally:
        restore_files(saved)


@FUZZ
@given(data=st.data())
def test_cli_exits_0_or_2_without_a_traceback(documents, run_dir, capsys, data):
    saved = snapshot_files(run_dir)
    try:
        for target, path, mutation in data.draw(damages(documents)):
            try:
                damage(run_dir, target, path, mutation)
            except (KeyError, IndexError, TypeError):
                continue
        exercise_cli(capsys)
    finally:
        restore_files(saved)


# --------------------------------------------------------------------------------------------
# Real processes and the app
# --------------------------------------------------------------------------------------------


def seeded_damages(documents, seed: int, count: int) -> list[tuple[str, tuple, str]]:
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        target = rng.choice(["info", "meta"])
        cases.append(
            (target, rng.choice(documents[f"{target} paths"]), rng.choice(list(MUTATIONS)))
        )
    return cases


def test_real_processes_exit_0_or_2_without_a_traceback(documents, run_dir):
    saved = snapshot_files(run_dir)
    cases = [("info", ("corpus",), "list"), ("meta", ("rng", "data"), "string")]
    cases += seeded_damages(documents, seed=10, count=2)
    for target, path, mutation in cases:
        try:
            damage(run_dir, target, path, mutation)
            proc = subprocess.run(
                [sys.executable, "-m", "tui_charrnn", "train", "--resume", NAME, "--steps", "1"],
                capture_output=True,
                text=True,
                timeout=60,
                stdin=subprocess.DEVNULL,
            )
        finally:
            restore_files(saved)
        assert proc.returncode in (0, 2), (path, mutation, proc.stderr)
        assert "Traceback" not in proc.stdout + proc.stderr
        if proc.returncode == 2:
            assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


async def test_the_app_survives_resume_of_damaged_runs(documents, run_dir):
    from tui_charrnn.app.app import CharRNNApp
    from tui_charrnn.app.screens.help import HelpScreen
    from tui_charrnn.app.state import RunState

    saved = snapshot_files(run_dir)
    cases = [("info", ("history", "steps"), "true"), ("meta", ("vocab",), "numeric string")]
    cases += seeded_damages(documents, seed=3, count=2)
    for target, path, mutation in cases:
        damage(run_dir, target, path, mutation)
        app = CharRNNApp(config=TINY, resume=NAME, train_options={"max_steps": 3})
        async with app.run_test(size=(100, 30)) as pilot:
            await _settle(app, RunState)
            assert app.main.run_state is RunState.IDLE
            await pilot.press("f1")  # still alive and answering keys
            assert isinstance(app.screen, HelpScreen)
        assert app.return_code in (None, 0)
        restore_files(saved)


async def _settle(app, run_state, timeout: float = 15.0) -> None:
    """Until the resume has failed (a message) or its few steps are done (idle again)."""
    deadline = time.monotonic() + timeout
    while not (app.main.status_text and app.main.run_state is run_state.IDLE):
        if time.monotonic() > deadline:
            raise AssertionError("the app neither reported the run nor finished it")
        await asyncio.sleep(0.02)


def test_a_whole_run_reads_after_the_fuzzing(run_dir, documents):
    """The template the fuzzing starts from is itself valid (else every case would fail
    for the same reason)."""
    assert exercise_api() == []
    assert read_meta(run_dir)["step"] == documents["meta"]["step"]
