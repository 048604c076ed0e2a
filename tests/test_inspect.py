"""The inspector's engine: scoring, unit finding, next-character distributions, beam search.

References are independent: the trainer's own loss, a float64 forward written out step by step
from the parameters, brute-force search, and models whose weights are planted by hand.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from engine_helpers import patterned_text

from tui_charrnn.engine.errors import CorpusError
from tui_charrnn.engine.inspect import (
    InspectError,
    NextCharStepper,
    beam_search,
    correlations,
    find_units,
    next_char_distribution,
    position_info,
    read_text,
    score_text,
    text_features,
)
from tui_charrnn.engine.inspect.scoring import score_in_pieces, score_sequential
from tui_charrnn.engine.models import CharRNN
from tui_charrnn.engine.sampling import sample_text
from tui_charrnn.engine.text import Vocabulary
from tui_charrnn.engine.trainer import evaluate_loss

KINDS = ("rnn", "gru", "lstm")
TEXT = patterned_text(12)


def make_model(kind: str, vocab: Vocabulary, hidden=10, layers=2, dropout=0.3, seed=0, dtype=None):
    model = CharRNN(kind, vocab.size, hidden, layers, dropout, dtype=dtype or np.float32)
    model.init_params(np.random.default_rng(seed))
    # Larger weights than the default init, so predictions differ clearly between positions.
    model.params = {k: (v * 3).astype(model.dtype) for k, v in model.params.items()}
    return model


def reference_forward(model: CharRNN, ids):
    """float64 per-step forward from the parameters: (logits (N, V), states per layer)."""
    p = {k: v.astype(np.float64) for k, v in model.params.items()}
    H = model.hidden_size
    sig = lambda a: 1.0 / (1.0 + np.exp(-a))  # noqa: E731
    h = [np.zeros(H) for _ in range(model.num_layers)]
    c = [np.zeros(H) for _ in range(model.num_layers)]
    logits, states = [], [{"h": [], "c": []} for _ in range(model.num_layers)]
    for i in ids:
        x = None
        for layer in range(model.num_layers):
            Wx, Wh, b = p[f"l{layer}.Wx"], p[f"l{layer}.Wh"], p[f"l{layer}.b"]
            xp = (Wx[i] if layer == 0 else x @ Wx) + b
            hw = h[layer] @ Wh
            if model.model_type == "rnn":
                h[layer] = np.tanh(xp + hw)
            elif model.model_type == "lstm":
                a = xp + hw
                gi, gf, go, gg = (
                    sig(a[:H]),
                    sig(a[H : 2 * H]),
                    sig(a[2 * H : 3 * H]),
                    np.tanh(a[3 * H :]),
                )
                c[layer] = gf * c[layer] + gi * gg
                h[layer] = go * np.tanh(c[layer])
            else:
                r = sig(xp[:H] + hw[:H])
                z = sig(xp[H : 2 * H] + hw[H : 2 * H])
                n = np.tanh(xp[2 * H :] + r * (hw[2 * H :] + p[f"l{layer}.bhn"]))
                h[layer] = (1 - z) * n + z * h[layer]
            states[layer]["h"].append(h[layer].copy())
            states[layer]["c"].append(c[layer].copy())
            x = h[layer]
        logits.append(x @ p["Wy"] + p["by"])
    return np.array(logits), states


def reference_log_probs(logits):
    z = logits - logits.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


# ------------------------------------------------------------------------------------ scoring
@pytest.mark.parametrize("kind", KINDS)
def test_scorer_agrees_with_the_trainers_loss(kind):
    """evaluate_loss with one stream scores the same targets from the same zero state."""
    vocab = Vocabulary.from_text(TEXT)
    model = make_model(kind, vocab)
    result = score_text(model, vocab, TEXT, chunk=13)
    trainer_loss = evaluate_loss(model, vocab.encode(TEXT), batch_size=1, seq_len=29)
    assert result.chars_scored == len(TEXT) - 1
    assert result.nats_per_char == pytest.approx(trainer_loss, rel=1e-6)
    assert result.bits_per_char == pytest.approx(trainer_loss / math.log(2), rel=1e-6)


@pytest.mark.parametrize("kind", KINDS)
def test_scorer_agrees_with_a_float64_softmax_step_by_step(kind):
    text = TEXT[:150]
    vocab = Vocabulary.from_text(TEXT)
    # A float64 model, so any difference is a mistake rather than rounding.
    model = make_model(kind, vocab, dtype=np.float64)
    result = score_text(model, vocab, text, top_k=4, activations=True, chunk=16)
    logits, states = reference_forward(model, result.ids)
    logp = reference_log_probs(logits)  # row i predicts char i + 1
    expected = -logp[np.arange(len(text) - 1), result.ids[1:]]
    assert np.isnan(result.nll[0])
    np.testing.assert_allclose(result.nll[1:], expected, rtol=1e-10)
    top4 = np.sort(np.exp(logp[:-1]), axis=1)[:, ::-1][:, :4]  # likeliest first
    np.testing.assert_allclose(result.top_probs[1:], top4, rtol=1e-6)  # stored as float32
    for layer in range(model.num_layers):
        np.testing.assert_allclose(
            result.activations[layer]["h"], states[layer]["h"], rtol=1e-6, atol=1e-7
        )
        if kind == "lstm":
            np.testing.assert_allclose(
                result.activations[layer]["c"], states[layer]["c"], rtol=1e-6, atol=1e-7
            )
        else:
            assert set(result.activations[layer]) == {"h"}


def test_dropout_is_off_and_the_chunk_size_does_not_matter():
    vocab = Vocabulary.from_text(TEXT)
    model = make_model("gru", vocab, dropout=0.5)
    runs = [score_text(model, vocab, TEXT, chunk=chunk).nll for chunk in (1, 7, 64, 5000)]
    for nll in runs[1:]:
        np.testing.assert_allclose(nll, runs[0], rtol=1e-6, equal_nan=True)


def _assert_same_result(got, want):
    """Every per-position array equal bit for bit (NaN where NaN)."""
    assert got.text == want.text
    for name in ("ids", "nll", "ranks", "top_ids", "top_probs"):
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name), err_msg=name)
    for layer_got, layer_want in zip(got.activations, want.activations, strict=True):
        assert set(layer_got) == set(layer_want)
        for slot in layer_got:
            np.testing.assert_array_equal(layer_got[slot], layer_want[slot], err_msg=slot)


@pytest.mark.parametrize("kind", KINDS)
def test_pieces_are_the_one_reading_of_what_was_read_so_far_bit_for_bit(kind):
    vocab = Vocabulary.from_text(TEXT)
    model = make_model(kind, vocab)
    text = "€" + (TEXT * 2)[:700]  # one unknown character: removed from every piece alike
    options = dict(top_k=4, activations=True, chunk=16)
    pieces = list(score_in_pieces(model, vocab, text, first=50, piece=200, **options))
    # first=50 -> 64 (whole chunks), then 200 more each time -> 272, 480, 688, then the end.
    assert [len(p.text) for p in pieces] == [64, 272, 480, 688, 700]
    whole = score_text(model, vocab, text, **options)
    for p in pieces:
        assert p.text + p.pending == whole.text and p.unknown_chars == 1
        assert p.complete == (p is pieces[-1])
        _assert_same_result(p, score_sequential(model, vocab, text[: len(p.text) + 1], **options))
    _assert_same_result(pieces[-1], whole)  # joined: the one reading of the whole text
    # The partial results handed out earlier were not touched by the reading after them.
    np.testing.assert_array_equal(pieces[0].nll, whole.nll[:64])


def test_pieces_stop_cleanly_and_refuse_empty_pieces():
    vocab = Vocabulary.from_text(TEXT)
    model = make_model("lstm", vocab)
    pieces = score_in_pieces(model, vocab, TEXT, first=10, piece=10, chunk=8)
    first = next(pieces)
    assert len(first.text) == 16 and first.pending == TEXT[16:]
    pieces.close()  # a caller that no longer wants the rest: the model is usable again
    assert model._prepared is None
    only = list(score_in_pieces(model, vocab, TEXT[:30], first=100))
    assert len(only) == 1 and only[0].complete
    with pytest.raises(InspectError, match="at least 1 char"):
        next(score_in_pieces(model, vocab, TEXT, first=0))


def test_unknown_characters_are_removed_and_counted():
    vocab = Vocabulary.from_text(TEXT)
    model = make_model("rnn", vocab)
    clean = TEXT[:80]
    noisy = "€" + clean[:30] + "€~" + clean[30:] + "~~"
    result = score_text(model, vocab, noisy)
    assert result.unknown_chars == 5
    assert result.unknown == {"€", "~"}
    assert result.text == clean
    np.testing.assert_array_equal(result.ids, vocab.encode(clean))
    np.testing.assert_array_equal(result.nll, score_text(model, vocab, clean).nll)


def test_top_k_is_sorted_and_consistent_with_nll_and_rank():
    vocab = Vocabulary.from_text(TEXT)
    model = make_model("lstm", vocab)
    k = 5
    result = score_text(model, vocab, TEXT, top_k=k, activations=True)
    N = len(TEXT)
    assert result.top_ids.shape == result.top_probs.shape == (N, k)
    assert (result.top_ids[0] == -1).all() and result.ranks[0] == -1
    probs = result.top_probs[1:]
    assert (np.diff(probs, axis=1) <= 0).all()
    assert (probs.sum(axis=1) <= 1 + 1e-5).all()
    for i in range(1, N):
        rank = result.ranks[i]
        if rank < k:
            assert result.top_ids[i, rank] == result.ids[i]
            assert result.top_probs[i, rank] == pytest.approx(math.exp(-result.nll[i]), rel=1e-5)
        else:
            assert result.ids[i] not in result.top_ids[i]
            assert math.exp(-result.nll[i]) <= result.top_probs[i, -1] * (1 + 1e-5)
    readout = position_info(result, vocab, 7)
    assert readout.char == TEXT[7] and readout.rank == result.ranks[7]
    assert readout.probability == pytest.approx(math.exp(-result.nll[7]))
    assert [vocab.index(ch) for ch, _ in readout.candidates] == result.top_ids[7].tolist()
    assert position_info(result, vocab, 0).candidates == []
    with pytest.raises(InspectError, match="outside"):
        position_info(result, vocab, N)
    H = model.hidden_size
    for states in result.activations:
        assert {name: a.shape for name, a in states.items()} == {"h": (N, H), "c": (N, H)}
        assert all(a.dtype == np.float32 for a in states.values())


def test_a_text_without_known_characters_is_refused_and_one_char_scores_nothing():
    vocab = Vocabulary.from_text(TEXT)
    model = make_model("rnn", vocab)
    with pytest.raises(InspectError, match="no characters the model knows"):
        score_text(model, vocab, "€€~")
    single = score_text(model, vocab, "a")
    assert single.chars_scored == 0 and math.isnan(single.nats_per_char)


def test_read_text_refuses_what_the_corpus_loader_refuses(tmp_path):
    (tmp_path / "bin").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "ok.txt").write_bytes(b"line\r\nnext\r\n")
    for name, message in (("bin", "binary"), ("empty.txt", "empty"), ("gone.txt", "no such")):
        with pytest.raises(CorpusError, match=message):
            read_text(tmp_path / name)
    assert read_text(tmp_path / "ok.txt") == "line\nnext\n"


# ------------------------------------------------------------------------------------ features
def test_text_features_on_a_hand_checked_line():
    text = 'a "b c" (d(e)) # x\n  Q9.'  # 24 characters, the second line from 19
    f = text_features(text)
    assert all(len(v) == len(text) for v in f.values())
    as_bits = lambda name: "".join(str(int(v)) for v in f[name])  # noqa: E731
    assert as_bits("inside quotes") == "001111000000000000000000"
    assert as_bits("inside brackets") == "000000001111100000000000"
    assert f["bracket depth"].max() == 2
    assert as_bits("inside comment") == "000000000000000111000000"
    assert as_bits("line start") == "100000000000000000010000"
    assert list(f["indent depth"][19:]) == [2.0] * 5
    assert f["column"][-1] == 4 and f["column"][19] == 0
    assert as_bits("uppercase")[-3:] == "100" and as_bits("digit")[-2:] == "10"


def test_correlations_handle_constant_columns():
    rng = np.random.default_rng(0)
    units = np.stack([rng.normal(size=500), np.full(500, 0.3)], axis=1).astype(np.float32)
    features = np.stack([2 * units[:, 0] + 1, np.zeros(500), rng.normal(size=500)], axis=1)
    r = correlations(units, features)
    assert np.isfinite(r).all()
    assert r[0, 0] == pytest.approx(1.0, abs=1e-6)
    assert r[1].tolist() == [0.0, 0.0, 0.0] and r[0, 1] == 0.0
    assert abs(r[0, 2]) < 0.2


def quote_flipper(vocab: Vocabulary, hidden: int = 3) -> CharRNN:
    """A GRU whose unit 0 is +1 inside double quotes and -1 outside (reset by a newline).

    A quote sets the update gate to 0 and the candidate to -sign(h): the unit flips. Any other
    character keeps it (update gate 1). All other weights are 0, so units 1.. stay constant.
    A plain tanh RNN cannot do this in one step: flipping is an XOR of state and input.
    """
    model = CharRNN("gru", vocab.size, hidden, 1, 0.0)
    H = hidden
    shapes = model.param_shapes()
    p = {name: np.zeros(shape, dtype=np.float32) for name, shape in shapes.items()}
    q, nl = vocab.index('"'), vocab.index("\n")
    p["l0.Wx"][:, 0] = 20.0  # reset gate open
    p["l0.Wx"][:, H] = 20.0  # keep the state...
    p["l0.Wx"][q, H] = -20.0  # ...except on a quote
    p["l0.Wx"][nl, H] = -20.0  # and a newline, which...
    p["l0.Wx"][nl, 2 * H] = -20.0  # ...resets the unit to -1 (outside)
    p["l0.Wx"][q, 2 * H] = 2.0  # from 0 (the zero state) a quote opens
    p["l0.Wh"][0, 2 * H] = -5.0  # candidate -sign(h)
    model.params = p
    return model


def bracket_latch(vocab: Vocabulary, hidden: int = 3) -> CharRNN:
    """A tanh RNN whose unit 0 is set to +1 by '(' and reset to -1 by ')' and holds otherwise."""
    model = CharRNN("rnn", vocab.size, hidden, 1, 0.0)
    p = {name: np.zeros(shape, dtype=np.float32) for name, shape in model.param_shapes().items()}
    p["l0.Wh"][0, 0] = 3.0
    p["l0.Wx"][vocab.index("("), 0] = 10.0
    p["l0.Wx"][vocab.index(")"), 0] = -10.0
    model.params = p
    return model


def dialogue(lines: int, seed: int = 0) -> str:
    rng = np.random.default_rng(seed)
    words = ["we", "go", "now", "said", "she", "and", "he", "left", "it", "is", "so"]
    out = []
    for _ in range(lines):
        pick = lambda n: " ".join(rng.choice(words, size=n))  # noqa: E731
        out.append(f'{pick(3)} "{pick(4)}" {pick(2)} ({pick(2)}) {pick(2)} "{pick(3)}".')
    return "\n" + "\n".join(out) + "\n"


def test_a_planted_quote_unit_is_found_as_inside_quotes():
    text = dialogue(40)
    vocab = Vocabulary.from_text(text)
    model = quote_flipper(vocab)
    result = score_text(model, vocab, text, activations=True)
    matches = find_units(result)
    assert len(matches) == 3
    best = matches[0]
    assert (best.layer, best.state, best.unit, best.feature) == (0, "h", 0, "inside quotes")
    assert best.correlation > 0.99
    assert all(m.correlation == 0.0 for m in matches[1:])  # constant units: r = 0, no NaN
    assert find_units(result.activations, result.text, top=1) == matches[:1]


def test_a_planted_bracket_latch_is_found_as_inside_brackets():
    text = ")" + dialogue(40, seed=1)
    vocab = Vocabulary.from_text(text)
    result = score_text(bracket_latch(vocab), vocab, text, activations=True)
    best = find_units(result, top=1)[0]
    assert (best.unit, best.feature) == (0, "inside brackets")
    assert best.correlation > 0.99


def test_find_units_needs_activations():
    vocab = Vocabulary.from_text(TEXT)
    result = score_text(make_model("rnn", vocab), vocab, TEXT)
    with pytest.raises(InspectError, match="activations"):
        find_units(result)


# ----------------------------------------------------------------------- distributions, beams
@pytest.mark.parametrize("kind", KINDS)
def test_next_char_distribution_matches_the_scorer(kind):
    vocab = Vocabulary.from_text(TEXT)
    model = make_model(kind, vocab)
    result = score_text(model, vocab, TEXT[:60], top_k=vocab.size)
    for i in (1, 17, 59):
        probs = next_char_distribution(model, vocab, TEXT[:i], after_newline=False)
        assert probs.dtype == np.float64 and probs.shape == (vocab.size,)
        assert probs.sum() == pytest.approx(1.0, abs=1e-12)
        np.testing.assert_allclose(probs[result.top_ids[i]], result.top_probs[i], rtol=1e-5)


def test_stepper_follows_greedy_sampling_and_copies_are_independent():
    vocab = Vocabulary.from_text(TEXT)
    model = make_model("gru", vocab)
    stepper = NextCharStepper(model, vocab, "ANNA")
    saved = stepper.copy()
    rng = np.random.default_rng(0)
    chosen = "".join(stepper.sample(0.0, 0, rng) for _ in range(25))
    assert "ANNA" + chosen == sample_text(model, vocab, 25, temperature=0.0, prime="ANNA")
    assert stepper.text == "ANNA" + chosen and saved.text == "ANNA"
    np.testing.assert_array_equal(
        saved.probabilities(), NextCharStepper(model, vocab, "ANNA").probabilities()
    )
    top = saved.top(3)
    assert [p for _, p in top] == sorted((p for _, p in top), reverse=True)
    with pytest.raises(InspectError, match="vocabulary"):
        saved.feed("€")


@pytest.mark.parametrize("kind", KINDS)
def test_beam_of_width_one_is_greedy_sampling(kind):
    vocab = Vocabulary.from_text(TEXT)
    model = make_model(kind, vocab, seed=3)
    for prime in ("", "BORIS: I", "€ANNA"):
        expected = sample_text(model, vocab, 40, temperature=0.0, prime=prime)
        assert beam_search(model, vocab, prime, 40, 1) == expected


def test_a_wide_beam_finds_the_best_sequence_by_brute_force():
    vocab = Vocabulary("\nabc")
    model = make_model("lstm", vocab, hidden=6, layers=1, seed=5)
    length = 3

    def log_prob(continuation: str) -> float:
        stepper = NextCharStepper(model, vocab, "a")
        total = 0.0
        for ch in continuation:
            total += math.log(stepper.probabilities()[vocab.index(ch)])
            stepper.feed(ch)
        return total

    candidates = ["".join(t) for t in itertools.product(vocab.chars, repeat=length)]
    best = max(candidates, key=log_prob)
    assert beam_search(model, vocab, "a", length, width=len(candidates)) == "a" + best
    narrow = beam_search(model, vocab, "a", length, width=2)[1:]
    assert log_prob(narrow) <= log_prob(best)


def test_beam_search_refuses_bad_options():
    vocab = Vocabulary.from_text(TEXT)
    model = make_model("rnn", vocab)
    with pytest.raises(InspectError, match="width"):
        beam_search(model, vocab, "A", 5, 0)
    with pytest.raises(InspectError, match="length"):
        beam_search(model, vocab, "A", -1, 2)
