"""Advice on planted loss curves: each condition found, a healthy run left alone, no flicker."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tui_charrnn.engine.advice import (
    LR_TOO_HIGH,
    LR_TOO_LOW,
    MESSAGES,
    OVERFITTING,
    UNDERFITTING,
    Advisor,
    advice_for,
    diagnose,
)

STEPS = np.arange(1, 3001)


def smoothed(raw: np.ndarray) -> list[tuple[int, float]]:
    """The trainer's smoothing (0.95 / 0.05) of per-batch losses, as (step, loss) pairs."""
    out, value = [], None
    for step, loss in zip(STEPS, raw, strict=True):
        value = loss if value is None else 0.95 * value + 0.05 * loss
        out.append((int(step), float(value)))
    return out


def noisy(curve: np.ndarray, seed: int, sigma: float = 0.03) -> np.ndarray:
    """Batch-to-batch noise: each batch's loss off the curve by a few percent."""
    return curve * (1.0 + sigma * np.random.default_rng(seed).standard_normal(curve.shape))


def healthy(t):
    return 1.2 + 3.0 / np.sqrt(1.0 + t / 50.0)  # still falling at the end


def validation(curve_fn, every: int = 100, offset: float = 0.05):
    return [(int(s), float(curve_fn(s) + offset)) for s in range(every, 3001, every)]


def verdict_of(train, val=()) -> str | None:
    """The verdict of a live Advisor fed point by point."""
    advisor = Advisor()
    replay(advisor, train, val)
    return advisor.verdict


def replay(advisor: Advisor, train, val) -> int:
    """Feed the curves point by point; return how many times the verdict changed."""
    changes, previous, shown = 0, None, 0
    for end in range(1, len(train) + 1):
        while shown < len(val) and val[shown][0] <= train[end - 1][0]:
            shown += 1
        advisor.update(train[:end], val[:shown])
        advisor.update(train[:end], val[:shown])  # a second call with nothing new changes nothing
        changes += advisor.verdict != previous
        previous = advisor.verdict
    return changes


def test_a_healthy_falling_curve_gets_no_advice():
    train = smoothed(noisy(healthy(STEPS), seed=1))
    assert verdict_of(train, validation(healthy)) is None
    assert advice_for(train, validation(healthy)) is None


@pytest.mark.parametrize("seed", range(6))
def test_noise_around_a_healthy_curve_never_flickers(seed):
    train = smoothed(noisy(healthy(STEPS), seed=seed, sigma=0.05))
    rng = np.random.default_rng(100 + seed)
    val = [(s, v * (1 + 0.01 * rng.standard_normal())) for s, v in validation(healthy)]
    assert replay(Advisor(), train, val) == 0


def test_overfitting_validation_rises_while_training_falls():
    def val_curve(t):  # follows training until step 1200, then climbs 8% by the end
        return healthy(min(t, 1200)) * (1.0 + 0.08 * max(t - 1200, 0) / 1800)

    train = smoothed(noisy(healthy(STEPS), seed=2))
    assert verdict_of(train, validation(val_curve)) == OVERFITTING
    assert advice_for(train, validation(val_curve)) == MESSAGES[OVERFITTING]


def test_a_real_run_that_overfits_is_told_so():
    # Curves saved from a real 10,400-step run on Tiny Shakespeare (see the file's "what"):
    # validation 1.5% above its best at the end while training still falls.
    data = json.loads((Path(__file__).parent / "data/overfitting_gru384_run.json").read_text())
    train = [tuple(point) for point in data["train"]]
    val = [tuple(point) for point in data["val"]]
    assert advice_for(train, val) == MESSAGES[OVERFITTING]
    # Before validation turned up (its best is near step 6,000) nothing is said.
    early = [p for p in train if p[0] <= 6000]
    assert advice_for(early, [v for v in val if v[0] <= 6000]) is None


def test_underfitting_both_curves_high_and_flat():
    def plateau(t):
        return 2.6 + 1.6 * np.exp(-np.asarray(t) / 150.0)

    train = smoothed(noisy(plateau(STEPS), seed=3))
    assert verdict_of(train, validation(plateau, offset=0.01)) == UNDERFITTING


def test_a_flat_curve_with_a_generalisation_gap_is_not_underfitting():
    def plateau(t):
        return 1.4 + 2.8 * np.exp(-np.asarray(t) / 150.0)

    train = smoothed(noisy(plateau(STEPS), seed=3))
    assert verdict_of(train, validation(plateau, offset=0.2)) != UNDERFITTING


def test_learning_rate_too_high_spikes_and_oscillation():
    oscillating = healthy(STEPS) * (1.0 + 0.25 * np.sin(STEPS / 60.0) ** 2 * (STEPS > 400))
    train = smoothed(noisy(oscillating, seed=4))
    assert verdict_of(train, validation(healthy)) == LR_TOO_HIGH


def test_learning_rate_too_high_climbing_loss():
    climbing = np.minimum(healthy(STEPS), healthy(800)) * (
        1.0 + 0.3 * np.maximum(STEPS - 800, 0) / 2200
    )
    assert verdict_of(smoothed(noisy(climbing, seed=5))) == LR_TOO_HIGH


def test_learning_rate_too_low_barely_moving():
    creeping = 4.17 - 0.0002 * STEPS  # 14% of the way down after 3000 steps
    assert verdict_of(smoothed(noisy(creeping, seed=6))) == LR_TOO_LOW


def test_nothing_is_said_on_too_little_evidence():
    train = smoothed(noisy(4.17 - 0.0 * STEPS, seed=7))
    assert diagnose(train[:15], []).values == {}
    assert diagnose(train[:90], []).values == {}  # 90 points but under 100 steps
    assert verdict_of(train[:100]) is None  # first verdict needs points held in a row


def test_advice_is_scale_free():
    def val_curve(t):
        return healthy(min(t, 1200)) * (1.0 + 0.08 * max(t - 1200, 0) / 1800)

    raw = noisy(healthy(STEPS), seed=2)
    val = validation(val_curve)
    for scale in (0.01, 1.0, 50.0):
        train = smoothed(raw * scale)
        scaled_val = [(s, v * scale) for s, v in val]
        assert verdict_of(train, scaled_val) == OVERFITTING


def test_every_message_is_one_line():
    for text in MESSAGES.values():
        assert "\n" not in text and "\r" not in text and len(text) < 120


def test_verdict_holds_before_it_shows_and_before_it_goes():
    creeping = smoothed(4.17 - 0.0002 * STEPS)
    advisor = Advisor(hold=5)
    shown_at = None
    for end in range(100, 400):
        if advisor.update(creeping[:end]) is not None:
            shown_at = end
            break
    assert shown_at == 104  # the 100th step is the first judged; held for five points
    # A curve that suddenly falls fast: the advice goes only after five fresh points.
    falling = creeping[:shown_at] + [(s, 2.0) for s, _ in creeping[shown_at : shown_at + 20]]
    kept = [advisor.update(falling[:end]) is not None for end in range(shown_at + 1, shown_at + 20)]
    assert kept[:4] == [True] * 4 and not kept[-1]


# ------------------------------------------------------------------------------- CLI
def test_cli_summary_carries_the_advice(capsys, tmp_path):
    from tui_charrnn import cli

    corpus = tmp_path / "c.txt"
    corpus.write_text("the cat sat on the mat and the dog ran off\n" * 80, encoding="utf-8")
    tiny = ["--model", "rnn", "--hidden", "16", "--seq-len", "16", "--batch-size", "4"]
    # A rate far too low for 150 steps: the loss barely moves.
    args = ["train", str(corpus), *tiny, "--steps", "150", "--lr", "1e-6", "--eval-every", "50"]
    assert cli.main([*args, "--json", "--quiet", "--run", "slow"]) == 0
    out, _ = capsys.readouterr()
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["advice"] == MESSAGES[LR_TOO_LOW]
    assert cli.main([*args, "--run", "slow-plain"]) == 0
    _, err = capsys.readouterr()
    assert f"advice: {MESSAGES[LR_TOO_LOW]}\n" in err
    assert cli.main([*args[:-4], "--steps", "5", "--json", "--quiet", "--run", "short"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["advice"] is None
