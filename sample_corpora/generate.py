#!/usr/bin/env python3
"""Regenerate the bundled sample corpora for tui_charrnn.

Every text produced here is original: the word lists, templates and little
grammars below were written for this project, and a fixed-seed
``random.Random`` turns them into the corpora. Running the script again
rewrites the files byte for byte.

Usage::

    python sample_corpora/generate.py            # rewrite every corpus
    python sample_corpora/generate.py --check    # exit 1 if a file is out of date
    python sample_corpora/generate.py --out DIR  # write somewhere else
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import textwrap
from pathlib import Path
from random import Random
from string import Template

HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------


class Deck:
    """Draw items in shuffled order, reshuffling when exhausted (spreads repeats out)."""

    def __init__(self, rng: Random, items: list) -> None:
        self.rng = rng
        self.items = list(items)
        self.pool: list = []

    def draw(self):
        if not self.pool:
            self.pool = list(self.items)
            self.rng.shuffle(self.pool)
        return self.pool.pop()


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, rng: Random, values: dict) -> str:
    """Replace each ``{key}`` with ``values[key]``: a string, or a list to choose from."""

    def pick(match: re.Match) -> str:
        value = values[match.group(1)]
        if isinstance(value, str):
            return value
        if callable(value):
            return value()
        return rng.choice(value)

    return fix_articles(_PLACEHOLDER.sub(pick, template))


def fix_articles(text: str) -> str:
    """Turn ``a apple`` into ``an apple`` (our word lists avoid the tricky cases)."""
    return re.sub(r"\b([Aa]) ([aeiouAEIOU])", r"\1n \2", text)


def capitalize(text: str) -> str:
    """Upper-case the first letter, leaving everything else alone."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

# --------------------------------------------------------------------------------------------
# Syllables and rhyme (used by the verse corpus and by the play's songs and spells)
# --------------------------------------------------------------------------------------------

_SYLLABLE_OVERRIDES = {
    "every": 2,
    "evening": 2,
    "quiet": 2,
    "being": 2,
    "poet": 2,
    "o": 1,
    "fire": 1,
    "choir": 1,
    "lyre": 1,
    "briar": 2,
    "hour": 1,
    "flower": 2,
    "towards": 2,
    "toward": 2,
    "heaven": 2,
    "ancient": 2,
    "orchard": 2,
    "children": 2,
    "wakes": 1,
    "ragged": 2,
    "crooked": 2,
    "hedgerow": 3,
}

_VOWELS = "aeiouy"


def syllables(word: str) -> int:
    """A rough English syllable count, good enough for meter-ish lines."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    if w in _SYLLABLE_OVERRIDES:
        return _SYLLABLE_OVERRIDES[w]
    n = len(re.findall(r"[aeiouy]+", w))
    if n > 1:
        if w.endswith("e") and not w.endswith(("ee", "ye")):
            if not (w.endswith("le") and w[-3] not in _VOWELS):
                n -= 1
        elif w.endswith(("es", "ed")) and len(w) > 3 and w[-3] not in _VOWELS:
            syllabic = w.endswith(("ses", "zes", "ches", "shes", "ges", "ces", "xes", "ted", "ded"))
            if w.endswith(("les", "led")) and w[-4] not in _VOWELS and w[-4] != "l":
                syllabic = True
            if not syllabic:
                n -= 1
    return max(1, n)


def count_line(text: str) -> int:
    return sum(syllables(w) for w in text.split())


# Rhyme families: singular nouns that really rhyme, one syllable each.
RHYMES = [
    ["light", "night", "flight", "height", "kite", "bite"],
    ["day", "way", "bay", "clay", "hay", "spray", "jay"],
    ["rain", "lane", "grain", "chain", "pane", "plain", "mane", "crane", "vane"],
    ["snow", "glow", "crow", "row", "flow", "doe", "sloe", "floe"],
    ["shore", "door", "floor", "oar", "roar", "boar"],
    ["hill", "mill", "sill", "rill", "quill", "chill"],
    ["sea", "tree", "bee", "key", "knee", "lea"],
    ["stone", "bone", "throne", "moan", "groan"],
    ["ground", "sound", "mound", "hound"],
    ["year", "deer", "pier", "spear", "mere", "weir"],
    ["lark", "spark", "bark", "ark", "dark"],
    ["shade", "blade", "glade", "braid", "spade", "maid"],
    ["bell", "well", "shell", "spell", "dell", "swell"],
    ["fire", "spire", "wire", "pyre", "mire", "shire"],
    ["wing", "ring", "spring", "string", "king", "swing"],
    ["moon", "noon", "tune", "dune", "rune", "loon"],
    ["heart", "cart", "part", "hart"],
    ["bread", "thread", "bed", "shed", "head", "sled"],
    ["flame", "name", "frame", "game"],
    ["wall", "hall", "call", "shawl", "fall", "stall", "squall"],
    ["nest", "west", "chest", "rest", "crest", "guest"],
    ["rock", "flock", "clock", "lock", "dock", "frock"],
    ["dew", "yew", "shoe", "crew", "stew"],
    ["stream", "dream", "beam", "seam", "gleam"],
    ["lace", "face", "place", "grace"],
    ["gale", "sail", "tale", "veil", "pail", "trail", "whale", "vale"],
    ["dust", "rust", "crust", "gust"],
    ["town", "crown", "gown", "down"],
    ["thorn", "horn", "corn", "morn"],
    ["grass", "glass", "brass", "lass"],
    ["boat", "coat", "moat", "goat", "throat"],
    ["sheep", "sleep", "keep", "sweep"],
    ["lake", "cake", "flake", "rake", "wake", "drake", "snake"],
    ["cloud", "shroud", "crowd"],
    ["hush", "rush", "brush", "thrush"],
    ["wheel", "heel", "keel", "steel", "seal", "meal"],
    ["pine", "vine", "wine", "brine", "twine"],
    ["brook", "book", "hook", "nook", "rook"],
    ["coal", "bowl", "shoal", "mole", "foal", "hole"],
    ["chair", "stair", "hair", "pear", "bear", "snare", "hare"],
]

# Words for the slots of the line templates, by part of speech.
V_ADJ = (
    "cold bright pale slow old green grey soft still deep small wild thin sweet dim brave "
    "lone wet warm low far late plain proud kind white blue brown red clear shy long lost faint "
    "golden silver hollow quiet gentle yellow bitter narrow heavy tender amber patient ragged "
    "weary silent lonely crooked distant mossy frosty dusty empty humble idle sleepy careful "
    "broken woollen ancient restless faithful little"
).split()
V_NOUN = (
    "lamp bird wind boat field path gate roof hand song leaf fox wren owl bridge barn loaf girl "
    "boy wolf child ghost friend wife priest smith hearth tide fern reed moth page rope cup bough "
    "voice frost "
    "lantern candle sparrow river orchard meadow window ember ferry miller kettle garden harbour "
    "willow shadow heron blackbird shepherd morning letter sister mother father stranger fiddle "
    "cradle beggar sailor lover weaver apple acorn thistle hedgerow chimney pebble otter"
).split()
V_NOUNS = (
    "birds winds boats fields bells leaves stars hands songs lamps reeds moths geese ships "
    "years roofs gates "
    "candles rivers meadows windows embers lanterns willows shadows herons sparrows sailors "
    "apples lovers fiddles letters sisters children swallows orchards pebbles otters"
).split()
V_VERBS_I = [
    ("sing", "sings", "sang"),
    ("sleep", "sleeps", "slept"),
    ("burn", "burns", "burned"),
    ("fall", "falls", "fell"),
    ("turn", "turns", "turned"),
    ("drift", "drifts", "drifted"),
    ("wait", "waits", "waited"),
    ("weep", "weeps", "wept"),
    ("dream", "dreams", "dreamed"),
    ("rest", "rests", "rested"),
    ("fade", "fades", "faded"),
    ("shine", "shines", "shone"),
    ("sigh", "sighs", "sighed"),
    ("hum", "hums", "hummed"),
    ("kneel", "kneels", "knelt"),
    ("run", "runs", "ran"),
    ("wade", "wades", "waded"),
    ("stand", "stands", "stood"),
    ("call", "calls", "called"),
    ("roam", "roams", "roamed"),
    ("climb", "climbs", "climbed"),
    ("dance", "dances", "danced"),
    ("linger", "lingers", "lingered"),
    ("wander", "wanders", "wandered"),
    ("shiver", "shivers", "shivered"),
    ("whisper", "whispers", "whispered"),
    ("tremble", "trembles", "trembled"),
    ("listen", "listens", "listened"),
    ("glimmer", "glimmers", "glimmered"),
    ("murmur", "murmurs", "murmured"),
    ("flicker", "flickers", "flickered"),
]
V_VERBS_T = [
    ("mend", "mends", "mended"),
    ("keep", "keeps", "kept"),
    ("find", "finds", "found"),
    ("hold", "holds", "held"),
    ("light", "lights", "lit"),
    ("seek", "seeks", "sought"),
    ("bless", "blesses", "blessed"),
    ("leave", "leaves", "left"),
    ("guard", "guards", "guarded"),
    ("count", "counts", "counted"),
    ("mourn", "mourns", "mourned"),
    ("fold", "folds", "folded"),
    ("bury", "buries", "buried"),
    ("follow", "follows", "followed"),
    ("gather", "gathers", "gathered"),
    ("carry", "carries", "carried"),
    ("borrow", "borrows", "borrowed"),
    ("open", "opens", "opened"),
    ("praise", "praises", "praised"),
    ("watch", "watches", "watched"),
    ("lose", "loses", "lost"),
    ("greet", "greets", "greeted"),
    ("hide", "hides", "hid"),
    ("trouble", "troubles", "troubled"),
]

# Line templates; every one ends on the rhyme word {R}.  Slots: a=adjective, n=noun,
# ns=plural noun, vi/vis/vip=intransitive base/3rd person/past, vt/vts/vtp=transitive.
LINE_TEMPLATES = [
    "the {a} {n} {vis} beside the {R}",
    "and {ns} {vi} upon the {R}",
    "I {vtp} a {a} {n} beneath the {R}",
    "where {a} {ns} {vip} by the {R}",
    "she {vip} alone beside the {R}",
    "he {vtp} his {n} against the {R}",
    "we {vip} together by the {R}",
    "till every {n} forgets the {R}",
    "no {a} {n} can {vt} the {R}",
    "O {a} {n}, come home to the {R}",
    "and still the {ns} {vi} about the {R}",
    "beyond the {n} there lies a {R}",
    "the {ns} remember every {R}",
    "I kept a {n} to mark the {R}",
    "our {ns} were {a} as the {R}",
    "how {a} the {n} that {vis} by the {R}",
    "come, {vt} the {n} and {vt} the {R}",
    "what {n} would {vt} so {a} a {R}?",
    "the {n} is {a}, and so the {R}",
    "along the {n} toward the {R}",
    "a {n} of {ns} was in the {R}",
    "let {ns} {vi} within the {R}",
    "for all the {ns} of the {R}",
    "between the {a} {n} and the {R}",
    "my {n} went down to find the {R}",
    "the {a} {ns} {vtp} the {R}",
    "but {n} and {n} must {vt} the {R}",
    "so {vi}, my {n}, beneath the {R}",
    "the {n} {vip} with us to the {R}",
    "and in the {n} a {a} {R}",
    "I heard the {n} {vi} by the {R}",
    "I saw the {ns} {vi} in the {R}",
    "the {a} {n} has left the {R}",
    "it {vis} like {ns} in the {R}",
    "the {a} {n} will {vi} beneath the {R}",
    "I never {vtp} the {n} or {R}",
    "all night the {n} {vis} at the {R}",
    "there is no {n} so {a} as the {R}",
    "I will not {vt} the {a} {R}",
    "and {a} {ns} {vip} at the {R}",
    "we {vtp} the {n} beside the {R}",
    "you {vtp} the {n}, I {vtp} the {R}",
    "who {vts} the {n} must {vt} the {R}",
    "and when the {ns} {vi} I {vt} the {R}",
    "the {n} {vis} and so does the {R}",
    "a {a} {n} upon a {a} {R}",
    "to {vt} the {ns} and {vt} the {R}",
    "while {a} {ns} {vi} across the {R}",
    "the {n} {vis} in the {R}",
    "I {vtp} the {a} {R}",
    "the {ns} {vip} at the {R}",
    "O {vt} the {a} {R}",
    "and lay me by the {a} {R}",
    "my {a} {n}, my {R}",
]

_FORM = {"vi": 0, "vis": 1, "vip": 2, "vt": 0, "vts": 1, "vtp": 2}


def _pool(words: list[str]) -> dict[int, list[str]]:
    pool: dict[int, list[str]] = {1: [], 2: []}
    for word in words:
        count = syllables(word)
        if count in pool:
            pool[count].append(word)
    return pool


SLOT_POOLS = {
    "a": _pool(V_ADJ),
    "n": _pool(V_NOUN),
    "ns": _pool(V_NOUNS),
    **{slot: _pool([v[i] for v in V_VERBS_I]) for slot, i in _FORM.items() if slot[1] == "i"},
    **{slot: _pool([v[i] for v in V_VERBS_T]) for slot, i in _FORM.items() if slot[1] == "t"},
}


def _template_info(template: str) -> tuple[int, list[str]]:
    literal = _PLACEHOLDER.sub(" ", template)
    slots = [s for s in _PLACEHOLDER.findall(template) if s != "R"]
    return count_line(literal), slots


# Short, charm-like lines for the herb-woman's prophecies in the play.
SPELL_TEMPLATES = [
    "when the {n} is in the {R}",
    "when the {ns} {vi} at the {R}",
    "then beware the {a} {R}",
    "look for it beneath the {R}",
    "seek the {n} and not the {R}",
    "three {ns} upon the {R}",
    "what was lost will find the {R}",
    "ask the {n} and ask the {R}",
    "fire and water, {n} and {R}",
    "under {n} and over {R}",
    "mark the {n} and mark the {R}",
    "none shall {vt} the {a} {R}",
    "till the {n} shall {vt} the {R}",
    "so the {ns} {vi} in the {R}",
    "salt the {n} and bless the {R}",
]

THEME_WEIGHT = {"a": 0.2, "n": 0.4, "ns": 0.35}
TEMPLATE_INFO = [(t, *_template_info(t)) for t in LINE_TEMPLATES]
SPELL_INFO = [(t, *_template_info(t)) for t in SPELL_TEMPLATES]


def make_line(
    rng: Random,
    target: int,
    rhyme: str,
    theme: dict | None = None,
    avoid: set | None = None,
    templates: list | None = None,
) -> str:
    """Build one line of about ``target`` syllables ending on the word ``rhyme``.

    Templates named in ``avoid`` are skipped, and the one used is added to it.
    """
    theme = theme or {}
    avoid = set() if avoid is None else avoid
    for _ in range(400):
        template, literal, slots = rng.choice(templates or TEMPLATE_INFO)
        if template in avoid:
            continue
        budget = target - literal - syllables(rhyme)
        if not len(slots) <= budget <= 2 * len(slots):
            continue
        longer = set(rng.sample(range(len(slots)), budget - len(slots)))
        words = []
        for i, slot in enumerate(slots):
            size = 2 if i in longer else 1
            favoured = [w for w in theme.get(slot, []) if syllables(w) == size]
            if favoured and rng.random() < THEME_WEIGHT[slot]:
                words.append(rng.choice(favoured))
            else:
                words.append(rng.choice(SLOT_POOLS[slot][size]))
        if rhyme in words or len(set(words)) < len(words):
            continue
        avoid.add(template)
        pieces = _PLACEHOLDER.split(template)  # text, slot, text, slot, ...
        it = iter(words)
        line = "".join(
            piece if i % 2 == 0 else (rhyme if piece == "R" else next(it))
            for i, piece in enumerate(pieces)
        )
        return capitalize(fix_articles(line))
    raise RuntimeError(f"no template fits {target} syllables ending in {rhyme!r}")


def rhyme_words(rng: Random, count: int, exclude: set[str]) -> list[str]:
    """Pick ``count`` different words from one rhyme family."""
    while True:
        family = [w for w in rng.choice(RHYMES) if w not in exclude]
        if len(family) >= count:
            return rng.sample(family, count)


def punctuate(line: str, mark: str) -> str:
    if line.endswith("?"):
        return line
    return line + mark


# --------------------------------------------------------------------------------------------
# verse.txt - titled rhymed poems in quatrains
# --------------------------------------------------------------------------------------------

TITLE_TIMES = ["DUSK", "DAWN", "NIGHTFALL", "MORNING", "HARVEST", "MIDWINTER", "NOON", "LAMPLIGHT"]
TITLE_PLACES = [
    "THE WEIR",
    "THE MILL",
    "THE FERRY",
    "THE OLD WALL",
    "THE FEN",
    "THE MARKET CROSS",
    "THE TOLL BRIDGE",
    "THE CHAPEL YARD",
    "THE SALT MARSH",
    "THE FAR FIELD",
    "THE RIVER WEND",
]


def poem_title(rng: Random, noun: str, noun2: str, plural: str, adj: str) -> str:
    noun, noun2, plural, adj = noun.upper(), noun2.upper(), plural.upper(), adj.upper()
    options = [
        f"THE {noun}",
        f"THE {adj} {noun}",
        f"A SONG FOR THE {noun}",
        f"ON A {adj} {noun}",
        f"THE {noun} AND THE {noun2}",
        f"{noun} AT {rng.choice(TITLE_TIMES)}",
        f"LINES WRITTEN BY {rng.choice(TITLE_PLACES)}",
        f"BALLAD OF THE {adj} {noun}",
        f"OF {plural} AND {noun2}S" if not noun2.endswith(("S", "H", "X")) else f"THE {noun}",
        f"WHAT THE {noun} SAID",
        f"{adj} {plural}",
        f"TO A {noun} IN {rng.choice(['SPRING', 'WINTER', 'AUTUMN', 'SUMMER'])}",
    ]
    return fix_articles(rng.choice(options))


def make_poem(rng: Random) -> str:
    theme = {
        "n": rng.sample(V_NOUN, 3),
        "ns": rng.sample(V_NOUNS, 2),
        "a": rng.sample(V_ADJ, 2),
    }
    title = poem_title(rng, theme["n"][0], theme["n"][1], theme["ns"][0], theme["a"][0])
    target = rng.choice([8, 8, 8, 10, 10, 7])
    scheme = rng.choice(["ABAB", "ABAB", "AABB"])
    stanzas = []
    used: set[str] = set()
    for _ in range(rng.choice([3, 3, 4, 4, 4, 5, 6])):
        a_words = rhyme_words(rng, 2, used)
        b_words = rhyme_words(rng, 2, used | set(a_words))
        used |= set(a_words) | set(b_words)
        ends = [a_words[0], b_words[0], a_words[1], b_words[1]]
        if scheme == "AABB":
            ends = [a_words[0], a_words[1], b_words[0], b_words[1]]
        marks = [rng.choice([",", "", ","]), rng.choice([";", ",", "."]), ",", "."]
        if rng.random() < 0.08:
            marks[3] = "!"
        avoid: set[str] = set()
        lines = [
            punctuate(make_line(rng, target, end, theme, avoid), mark)
            for end, mark in zip(ends, marks, strict=True)
        ]
        stanzas.append("\n".join(lines))
    return title + "\n\n" + "\n\n".join(stanzas) + "\n"


def generate_verse(seed: int = 1202, target_bytes: int = 56_000) -> str:
    rng = Random(seed)
    poems: list[str] = []
    size = 0
    while size < target_bytes:
        poem = make_poem(rng)
        poems.append(poem)
        size += len(poem) + 2
    return "\n\n".join(poems)


# --------------------------------------------------------------------------------------------
# dialogue.txt - a comedy in five acts, with a small recurring cast
# --------------------------------------------------------------------------------------------

PLAY_TITLE = "THE LANTERN OF MARROWDALE"

# name: (description, gender, speaks prose?, forms of address, how others name them)
CAST = {
    "ORSWIN": (
        "Duke of Marrowdale",
        "m",
        False,
        ["my lord", "good my lord", "your grace", "noble Orswin", "my lord Duke"],
        "the Duke",
    ),
    "CELANDINE": (
        "his daughter",
        "f",
        False,
        ["lady", "sweet lady", "Celandine", "fair Celandine", "madam"],
        "Celandine",
    ),
    "BRAMBLE": (
        "steward to the Duke",
        "m",
        False,
        ["Bramble", "good Bramble", "master steward", "old Bramble"],
        "Bramble",
    ),
    "FENWICK": (
        "a fool",
        "m",
        True,
        ["fool", "Fenwick", "sirrah", "motley", "good fool"],
        "Fenwick",
    ),
    "MARGERY": (
        "nurse to Celandine",
        "f",
        True,
        ["nurse", "good Margery", "Margery", "mistress Margery"],
        "the nurse",
    ),
    "ALDOUS": (
        "a young lord of Thistlemere, suitor to Celandine",
        "m",
        False,
        ["my lord Aldous", "Aldous", "young sir", "good Aldous"],
        "Aldous",
    ),
    "HOLLIS": (
        "a herb-woman of the Hollow Fen",
        "f",
        False,
        ["mother Hollis", "old mother", "Hollis", "wise woman"],
        "old Hollis",
    ),
    "VOSS": (
        "captain of the river watch",
        "m",
        False,
        ["captain", "good captain", "Voss", "brave Voss"],
        "the captain",
    ),
    "FIRST WATCHMAN": ("", "m", True, ["neighbour", "friend", "fellow"], "the watchman"),
    "SECOND WATCHMAN": ("", "m", True, ["neighbour", "friend", "fellow"], "the watchman"),
    "MESSENGER": ("", "m", False, ["fellow", "good fellow", "sirrah"], "the messenger"),
}
PRINCIPALS = ["ORSWIN", "CELANDINE", "BRAMBLE", "FENWICK", "MARGERY", "ALDOUS", "HOLLIS", "VOSS"]
PRONOUNS = {"m": ("he", "him", "his"), "f": ("she", "her", "her")}

LOCATIONS = [
    "Marrowdale. A hall in the Duke's house.",
    "The same. A garden, with a sundial.",
    "The ferry stair by the river Wend. Night.",
    "The Hollow Fen. A hut among the reeds.",
    "Marrowdale. The kitchens.",
    "A road between Marrowdale and Thistlemere.",
    "The weir. Fog.",
    "The chapel yard. Early morning.",
    "The long gallery. Candles.",
    "The toll-house on the bridge.",
    "The market cross. A crowd of townsfolk.",
    "The top of the east tower. Wind.",
    "Celandine's chamber.",
    "The mill. Rain.",
    "The Duke's study. A table covered in papers.",
]

ACT_TOPICS = [
    ["the lantern", "the letter", "the Duke's seal", "the silver cup"],
    ["the ring", "the letter", "the lantern", "the green casket"],
    ["the lantern", "the tower key", "the ferry bell", "the old map"],
    ["the tower key", "the ring", "the Duke's seal", "the green casket"],
    ["the ring", "the lantern", "the silver cup", "the old map"],
]

PLACES = [
    "the ferry stair",
    "the mill-race",
    "the Hollow Fen",
    "the east tower",
    "the buttery",
    "the chapel yard",
    "the long gallery",
    "the weir",
    "the market cross",
    "the Duke's garden",
    "the toll-house",
    "the kitchens",
    "Thistlemere",
    "the bridge",
    "the old quay",
]

WORDS = {
    "oath": [
        "by my father's sword",
        "by the marsh-light",
        "by all the bells of Marrowdale",
        "upon my life",
        "by this good daylight",
        "by the green saint of the fen",
        "by my mother's thimble",
        "by the river Wend",
        "on my honour",
    ],
    "time": [
        "nightfall",
        "moonrise",
        "supper",
        "cock-crow",
        "the turn of the tide",
        "Sunday",
        "the ninth bell",
        "midnight",
        "the fair",
        "morning",
        "the first frost",
        "dawn",
    ],
    "excl": ["O", "Alas", "Fie", "Marry", "Heavens", "Peace", "Mercy", "Out upon it", "Zounds"],
    "animal": [
        "a goose",
        "a heron",
        "a weasel",
        "a wet hen",
        "an owl",
        "a mule",
        "a magpie",
        "a drowned cat",
        "a toad",
        "a ferret",
        "a moulting crow",
        "a goat in a garden",
    ],
    "adjn": [
        "foolish",
        "wicked",
        "false",
        "idle",
        "sour",
        "crooked",
        "mad",
        "muddy",
        "meddling",
        "ungrateful",
        "wretched",
        "sly",
        "faithless",
        "dull",
        "saucy",
        "unlucky",
    ],
    "adjp": [
        "honest",
        "gentle",
        "noble",
        "brave",
        "loyal",
        "clever",
        "fair",
        "kind",
        "wise",
        "true",
        "patient",
        "steadfast",
    ],
    "thing": [
        "a candle-end",
        "a wet boot",
        "a bent spoon",
        "a cracked bell",
        "a herring",
        "a button",
        "a feather",
        "a turnip",
        "a rusty nail",
        "a crust of bread",
        "a broken lute",
        "a sieve",
        "a leaking bucket",
    ],
    "emo": ["grief", "joy", "fear", "anger", "wonder", "shame", "sorrow", "mirth", "doubt"],
    "verb": ["find", "keep", "guard", "mend", "hide", "fetch", "seek", "carry", "burn"],
    "body": ["heart", "hand", "head", "soul", "tongue", "bones", "right arm"],
    "season": ["winter", "spring", "summer", "harvest time", "the wet season", "a thaw"],
    "weather": ["rain", "wind", "fog", "frost", "hail", "weather"],
    "food": [
        "cold mutton",
        "eel pie",
        "a dish of pears",
        "barley bread",
        "warm ale",
        "cheese and onions",
        "pigeon pie",
        "a bowl of curds",
        "a roasted apple",
    ],
    "number": ["three", "four", "seven", "ten", "twenty", "forty", "a hundred"],
    "day": ["Tuesday", "Sunday", "market day", "the last fair", "midsummer"],
}

# Lines anyone of rank may speak (verse).  {V}=addressee, {T}=someone else, {th}/{tm}/{tp}
# their pronouns, {topic}/{topic2} this scene's troubles.
GENERIC_LINES = [
    "What news from {place}, {V}?",
    "Where is {topic}, {V}? I left it in thy keeping.",
    "I saw {T} by {place} ere {time}, and {th} was pale as milk.",
    "{excl}, {V}! Thou art as {adjn} as {animal} in {season}.",
    "Go, fetch me {T}, and bid {tm} bring {topic}.",
    "Peace, {V}; the very walls of {place} have ears.",
    "I swear {oath}, I will {verb} {topic} ere {time}.",
    "Let {topic} lie where it lies; we have worse griefs.",
    "There is some {adjn} business afoot in Marrowdale.",
    "Who speaks of {topic}? Not I, {V}, not I.",
    "Thou speak'st of {topic} as a miser speaks of gold.",
    "The river rises, and the lamps burn low.",
    "Methinks {T} knows more of {topic} than {th} will tell.",
    "I do not like this {weather}, nor this hour, nor this news.",
    "Speak plainly, {V}: what hath become of {topic}?",
    "Then all is lost, and I am {adjn} indeed.",
    "Be patient, {V}. The night is long, but it will end.",
    "I have not slept since {topic} was first spoken of.",
    "Trust not {T}; {tp} smile is thinner than {tp} purse.",
    "Thou art {adjp}, {V}, and I was {adjn} to doubt thee.",
    "Here is a tangle! {topic} gone, and {topic2} to come.",
    "If {topic} be found, I'll give thee {number} crowns.",
    "Nay, I'll hear no more of {topic} tonight.",
    "Tomorrow we ride to {place}, and there we'll know the truth.",
    "My {body} misgives me, {V}. Something is amiss.",
    "Hark! Did you hear that? Something stirs by {place}.",
    "How now, {V}? Why dost thou stare so?",
    "Bring lights! Bring lights, and call the watch to {place}!",
    "Ask {T}; {th} was the last to see {topic}.",
    "I had rather lose my {body} than lose {topic}.",
    "Rot and rain upon it!",
    "Say that again, and say it slowly, {V}.",
    "There was never such a night in all of Marrowdale.",
    "I'll to {place}, and look for {T} myself.",
    "{excl}! Must I do everything in this house myself?",
    "You knew of this, {V}, and said nothing?",
    "By morning all the town will talk of {topic}.",
    "Do not weep, {V}; tears will not mend {topic}.",
    "I would the river had carried {topic} to the sea.",
    "Come, let us go in; the {weather} is coming on.",
    "I know that look, {V}. Thou art hiding something.",
    "Remember, {V}: {topic} was the old Duke's, and his father's before him.",
    "Fortune is a river, and we are all in little boats.",
    "Thou hast a wit like {thing}: small, and not much use.",
    "The {weather} will not hold off past {time}.",
    "Is it not strange, {V}, that {topic} and {topic2} should fall out at once?",
    "I would speak with {T} alone.",
    "Send word to Thistlemere; they must know of {topic}.",
    "Stay, {V}. One word more.",
    "These are dark days for Marrowdale.",
    "We must keep {topic} secret until {time}.",
    "It was {T}! I'd stake my life on it.",
    "Dost thou take me for {animal}?",
    "Softly, {V}; {T} is near.",
    "All this for {topic}! The world's gone mad.",
    "Leave {topic} to me, {V}. I have a plan.",
    "Thy plans end always in the river, {V}.",
    "Thou hast the look of one who has not eaten since {day}.",
    "Let it be done by {time}, or answer to me.",
    "I smell {weather} on the wind, and trouble with it.",
    "What's done in the dark will float up in the morning.",
    "If {T} be honest, then I am {animal}.",
    "Half the town saw {topic}, and the other half invented it.",
    "O, that I had never heard the name of {topic}!",
    "Give me thy hand, {V}; we'll face it together.",
    "I'll set a candle in the window, and wait.",
    "Why should {T} lie to us? What does {th} gain by it?",
    "There's mud on thy boots, {V}. Where hast thou been?",
    "Each hour brings worse news than the hour before.",
    "A small thing, {topic}, to turn a whole house upside down.",
    "Speak low, {V}, and tell me everything.",
]

ANSWERS = [
    "Ay, {V}.",
    "No, {V}.",
    "Marry, I cannot tell.",
    "In truth, I know not.",
    "Why, {V}, how should I know?",
    "Nay, {V}.",
    "I fear so, {V}.",
    "Not I, {V}.",
    "Truly, {V}, I think so.",
    "Ask me not.",
    "Who can say?",
    "Even so.",
    "Alas, it is true.",
]

SHORT_REPLIES = [
    "{excl}!",
    "What, {V}?",
    "Even so, {V}.",
    "I will, {V}.",
    "Anon, anon!",
    "Say on, {V}.",
    "Go to, go to.",
    "Nay, never.",
    "Hush!",
    "Is it so?",
    "Indeed?",
    "With all my heart.",
    "Not a word more.",
    "Well said, {V}.",
    "Heaven forbid!",
    "Ay, {V}, and more.",
    "Then we are undone.",
    "Hark!",
    "I'll go at once.",
    "Is that all?",
]

ENTRANCE_CUES = [
    "But soft, here comes {X}.",
    "Look, {X} comes this way.",
    "Here is {X}, and in haste.",
    "Speak of the devil, and here is {X}.",
    "Who comes there? {X}, by my life.",
    "Stand aside; {X} is coming.",
]

GREETINGS = [
    "Good morrow, {V}.",
    "Well met, {V}!",
    "I have looked for you in every corner of {place}.",
    "News, {V}, news!",
    "Forgive me; I ran all the way from {place}.",
    "There you are, {V}. I have been calling this hour.",
    "God save you, {V}.",
]

FAREWELLS = [
    "Farewell, {V}.",
    "I'll see to it at once.",
    "I go, {V}, but I go unwilling.",
    "Expect me by {time}.",
    "Adieu, and keep your counsel.",
    "I must away to {place}.",
    "Good night, {V}. Sleep if you can.",
    "I'll be back before {time}.",
]

ASIDES = [
    "{T} suspects nothing. Good.",
    "If they knew what I know!",
    "I must be careful now.",
    "This is worse than I feared.",
    "So! The wind blows from that quarter.",
    "Let {tm} talk; talking is cheap in Marrowdale.",
    "I'll not be caught so easily.",
]

CLOSERS = [
    "Come, let us away.",
    "Come, {V}; we have much to do before {time}.",
    "Away, and not a word of this to {T}.",
    "Let us go in. The night grows cold.",
    "To {place}, then, and quickly.",
]

SOLILOQUY_OPENERS = [
    "Now I am alone.",
    "So. They are gone, and I must think.",
    "O Marrowdale, what hast thou come to?",
    "Well, here's a night's work.",
]

SIGNATURES = {
    "ORSWIN": [
        "I am the Duke of Marrowdale, and I will be answered.",
        "My father kept {topic} forty years and never lost it once.",
        "When my lady lived, this house was full of music.",
        "I'll not be mocked in my own hall, {V}.",
        "Call {T}! Call the whole house!",
        "A duke may be a fool, {V}, but he must not look like one.",
        "Let the bells be rung and the gates be shut.",
        "Were I ten years younger, I'd thrash {T} myself.",
        "I have a dukedom of mud and a daughter of iron.",
    ],
    "CELANDINE": [
        "I'll not be wed to a man who writes such verses.",
        "Give me the river and a boat, and keep your suitors.",
        "I am not made of glass, {V}; I will not break.",
        "Let them whisper; I have done nothing I am ashamed of.",
        "If {T} would only speak plainly, we should all sleep sounder.",
        "I have a mind to row across to Thistlemere myself.",
        "Why must every man in Marrowdale decide my life but me?",
        "I'll find {topic} before any of you, and laugh at you after.",
    ],
    "BRAMBLE": [
        "Forty candles, {V}, and only thirty-one come back. I count them.",
        "The accounts will not balance, and now this.",
        "I have served this house three-and-thirty years.",
        "Every key in Marrowdale hangs upon my belt, save one.",
        "It is not my place to say, {V}. But I will say it.",
        "Mind the silver; mind the linen; mind the stairs.",
        "I'll write it in the book, and then it will be true.",
        "Who has been at the good wine? Someone has been at the good wine.",
    ],
    "ALDOUS": [
        "My heart is a ferry, {V}, and it crosses only one way.",
        "I have written her a sonnet. Well, eleven lines of one.",
        "I'd swim the Wend in winter for one kind look from her.",
        "Do not laugh, {V}; a lover is a serious thing.",
        "Thistlemere has no river and no Celandine. I pity it.",
        "I'll prove my love by finding {topic} myself.",
        "Does she speak of me? Even unkindly? Even once?",
    ],
    "HOLLIS": [
        "The fen remembers, {V}. It always remembers.",
        "Cross my palm, and I'll tell thee what the frogs say.",
        "I saw a light on the water where no light should be.",
        "Three crows on the mill roof. Mark it, {V}.",
        "The reeds have been whispering of {topic} since {day}.",
        "Thou comest to me in the dark, and scorn me in the day.",
    ],
    "VOSS": [
        "The watch is set, {V}. Four men at the weir, two at the gate.",
        "Give me a name, {V}, and I'll have the rogue in irons by {time}.",
        "I am a plain soldier. I do not understand riddles.",
        "Nothing crosses the river at night without my leave.",
        "My men are wet, tired and hungry, {V}, but they are loyal.",
        "Say the word and I'll search {place} stone by stone.",
        "A boat went out from {place} at midnight, with no lamp.",
    ],
    "MESSENGER": [
        "News from {place}, {V}: {topic} has been seen there.",
        "I have ridden since {time}, {V}, and my horse is done.",
        "A letter from Thistlemere, {V}, sealed in green wax.",
        "They say in {place} that the Duke is ruined.",
    ],
}

# Prose speakers: the fool, the nurse, and the watch.
PROSE_LINES = {
    "FENWICK": [
        "Why, {V}, a fool and a duke are cousins: both wear bells, and both are laughed at "
        "behind their backs.",
        "I'll tell thee a riddle. What grows shorter the more it is believed? A rumour in "
        "Marrowdale, {V}, for every mouth bites a piece off it.",
        "Why is {topic} like a cat? Because everyone seeks it when it hides, and no one "
        "thanks it when it comes home.",
        "I am only a fool, {V}, but I know a wet boot from a dry one, which is more than some.",
        "Give me a penny and I'll tell thee where {topic} is. Give me two and I'll tell thee "
        "where it is not.",
        "Wisdom is a fine coat, {V}, but it lets the rain in.",
        "They say the marsh-light is a ghost. I say it is a man with a lantern and no friends.",
        "I was wise once, on a Tuesday. It did not suit me.",
        "Here's {T} with a face as long as a wet Tuesday.",
        "A fool may lose {topic}, {V}, but it takes a wise man to lose it twice.",
        "Do not ask me; I only carry the bells. The Duke carries the worry.",
        "If I were Duke, I would make the river run uphill, and charge a toll for it.",
        "Everyone in this house is looking for something, and nobody is looking for me.",
        "I had a dream of {food}, {V}, and woke up hungrier than a choir boy.",
        "Marry, {V}, thou hast a head like {thing}, and about as much inside it.",
        "The Duke has lost {topic}, the steward has lost his temper, and I have lost my hat.",
        "Nobody listens to a fool, {V}, which is why I know everything.",
        "Cheer up, {V}: it may be worse tomorrow, and then today will look splendid.",
        "I'll sell thee a secret for a sausage, {V}, and a lie for half of one.",
        "Love is a ferry, {V}: it costs a penny to go over and a pound to come back.",
    ],
    "MARGERY": [
        "When I was a girl at Fenside, nobody fussed so over {topic}, and we were happy.",
        "Oh, my poor knees! Up and down these stairs all day, and no one says thank you.",
        "I nursed her from a babe, {V}, and I'll not see her made unhappy.",
        "Mark my words, {V}, no good comes of a house where the cat won't sit by the fire.",
        "My late husband, rest him, always said the river keeps what it takes.",
        "Eat something, {V}; grief is no supper. There's {food} in the kitchen.",
        "I said so to {T}, and {th} laughed at me, and now look.",
        "I've seen four dukes and three floods, {V}, and this is the worst of both.",
        "Don't you frown at me, {V}; I've wiped that nose before now.",
        "A wedding! Lord, I shall need a new cap, and new shoes, and new knees.",
        "There's a draught in this house that could blow the feathers off a goose.",
        "Hush now, {V}, and let an old woman think.",
        "Bless me, {V}, you gave me such a turn, creeping up like that.",
        "I put a sprig of rue in her pillow, and still she will not sleep.",
        "In my day a suitor brought a goose, not a poem. You can't roast a poem.",
        "Ask me no questions and I'll bake you no lies, {V}.",
        "Lord, what a house! Floods in the cellar and lovers on the stairs.",
    ],
    "FIRST WATCHMAN": [
        "I never saw the like, and I have seen a calf with two tails.",
        "Stand up straight, neighbour; the captain is coming.",
        "I'll say nothing, for I know nothing, and that is the safest way.",
        "If it be a ghost, I am not paid enough.",
        "Pass the bottle, {V}; it is cold by the weir.",
        "I heard a splash by {place}, and then a sort of laugh.",
        "Mark me, {V}: the fen is no place for honest men after dark.",
        "My grandfather walked this watch forty years and caught one goose.",
        "Hold the lantern still, {V}; thou shakest like a wet dog.",
        "I'll arrest the next thing that moves, and ask it questions after.",
    ],
    "SECOND WATCHMAN": [
        "It was a fish, {V}. A large fish, with a lantern.",
        "My wife says I am to come home dry, or not at all.",
        "Who goes there? Nobody. Good; I hate a busy night.",
        "We should arrest somebody. The captain likes an arrest.",
        "I'll keep watch with my eyes shut, and you keep watch with yours open.",
        "Did you hear that? No? Then I did not hear it either.",
        "If the captain asks, we were awake the whole night, {V}.",
        "I'd sooner face a flood than the Duke's steward on a Monday.",
        "Shine the lantern this way. No, the other way. No, put it out.",
        "They pay us in pennies and promises, {V}, and the promises are light.",
    ],
}

SPELL_OPENERS = [
    "Hear me, {V}.",
    "Mark me well, {V}.",
    "Listen, then.",
    "The reeds say this:",
    "Thus it runs, {V}:",
    "I'll tell thee, but thou'lt not like it.",
]

SONG_REFRAINS = [
    "With a rattle and a roll and a riddle-me-ree!",
    "And the mud is deep, deep, deep!",
    "Sing ho for the fen and the fire!",
    "And nobody knows but the frog.",
]


class Play:
    """Generates the play, keeping track of who is on stage."""

    def __init__(self, seed: int) -> None:
        self.rng = Random(seed)
        rng = self.rng
        self.generic = Deck(rng, GENERIC_LINES)
        self.decks = {name: Deck(rng, lines) for name, lines in SIGNATURES.items()}
        self.prose = {name: Deck(rng, lines) for name, lines in PROSE_LINES.items()}
        self.short = Deck(rng, SHORT_REPLIES)
        self.answers = Deck(rng, ANSWERS)
        self.out: list[str] = []
        self.topics: list[str] = []

    # -- text helpers ----------------------------------------------------------------------

    def values(self, speaker: str, addressee: str | None, onstage: list[str]) -> dict:
        rng = self.rng
        others = [p for p in PRINCIPALS if p not in (speaker, addressee)]
        present = [p for p in onstage if p in others]
        third = rng.choice(present) if present and rng.random() < 0.4 else rng.choice(others)
        subj, obj, poss = PRONOUNS[CAST[third][1]]
        topic, topic2 = rng.sample(self.topics, 2)
        vocative = CAST[addressee][3] if addressee else ["friends"]
        return {
            **WORDS,
            "V": rng.choice(vocative),
            "T": rng.choice([third.capitalize(), CAST[third][4]]),
            "th": subj,
            "tm": obj,
            "tp": poss,
            "topic": topic,
            "topic2": topic2,
            "place": PLACES,
        }

    def sentence(self, template: str, values: dict) -> str:
        text = capitalize(fill(template, self.rng, values))
        return re.sub(r"([.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)

    def emit_speech(self, speaker: str, body: list[str], prose: bool) -> None:
        self.out.append(f"{speaker}:")
        for part in body:
            if part.startswith(("[", "  ")):
                self.out.append(part)
                continue
            width = 68 if prose else 48
            lines = textwrap.wrap(part, width=width, break_on_hyphens=False)
            if not prose:
                lines = [capitalize(line) for line in lines]
            self.out.extend(lines)
        self.out.append("")

    def direction(self, text: str) -> None:
        self.out.append(f"[{text}]")
        self.out.append("")

    # -- speeches --------------------------------------------------------------------------

    def speech_text(
        self,
        speaker: str,
        addressee: str,
        onstage: list[str],
        after_question: bool,
        size: int,
        special: bool = True,
    ) -> tuple[list[str], bool]:
        """Return the speech (paragraphs and bracketed directions) and whether it asks."""
        rng = self.rng
        prose = CAST[speaker][2]
        vals = self.values(speaker, addressee, onstage)
        body: list[str] = []
        sentences: list[str] = []

        if special and speaker == "HOLLIS" and rng.random() < 0.35:
            lines = self.rhymed_lines(7, rng.choice([2, 4]), "AABB", SPELL_INFO)
            if rng.random() < 0.5:
                body.append(self.sentence(rng.choice(SPELL_OPENERS), vals))
            body.extend(lines)
            return body, False
        if special and speaker == "FENWICK" and rng.random() < 0.14:
            body.append(self.sentence(self.prose["FENWICK"].draw(), vals))
            body.append("[Sings.]")
            lines = self.rhymed_lines(rng.choice([6, 7]), 4, "ABAB")
            if rng.random() < 0.6:
                lines.append(rng.choice(SONG_REFRAINS))
            body.extend("  " + line for line in lines)
            return body, False

        if after_question:
            sentences.append(self.sentence(self.answers.draw(), vals))
        if size == 0 or (not after_question and rng.random() < 0.06):
            sentences.append(self.sentence(self.short.draw(), vals))
        else:
            for _ in range(size):
                if speaker == "MESSENGER" and not sentences:
                    template = self.decks[speaker].draw()
                elif speaker in self.prose and rng.random() < (0.6 if prose else 0.3):
                    template = self.prose[speaker].draw()
                elif speaker in self.decks and rng.random() < 0.3:
                    template = self.decks[speaker].draw()
                else:
                    template = self.generic.draw()
                text = self.sentence(template, vals)
                if text not in sentences:
                    sentences.append(text)
        if len(sentences) > 1 and rng.random() < 0.06:
            body.append("[Aside.]")
        elif addressee and rng.random() < 0.05:
            body.append(f"[To {addressee}.]")
        body.append(" ".join(sentences))
        return body, sentences[-1].endswith("?")

    def rhymed_lines(
        self, target: int, count: int, scheme: str, templates: list | None = None
    ) -> list[str]:
        rng = self.rng
        a = rhyme_words(rng, 2, set())
        b = rhyme_words(rng, 2, set(a))
        ends = [a[0], a[1], b[0], b[1]] if scheme == "AABB" else [a[0], b[0], a[1], b[1]]
        avoid: set[str] = set()
        lines = [make_line(rng, target, end, None, avoid, templates) for end in ends[:count]]
        marks = ["," if i % 2 == 0 else ";" for i in range(len(lines) - 1)] + ["."]
        return [punctuate(line, mark) for line, mark in zip(lines, marks, strict=True)]

    def speech_size(self, speaker: str) -> int:
        if CAST[speaker][2]:
            return self.rng.choice([1, 1, 2, 2, 2, 3, 3])
        return self.rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4])

    # -- scenes ----------------------------------------------------------------------------

    def cast_for_scene(self, location: str) -> list[str]:
        rng = self.rng
        if "weir" in location or "toll-house" in location:
            people = ["FIRST WATCHMAN", "SECOND WATCHMAN", "VOSS"]
            if rng.random() < 0.5:
                people.append(rng.choice(["FENWICK", "ALDOUS", "BRAMBLE"]))
            return people
        if "Fen" in location:
            return ["HOLLIS", rng.choice(["CELANDINE", "ALDOUS", "FENWICK", "VOSS", "ORSWIN"])]
        if "chamber" in location:
            return ["CELANDINE", "MARGERY"] + (["FENWICK"] if rng.random() < 0.3 else [])
        if "kitchens" in location:
            return ["MARGERY", rng.choice(["BRAMBLE", "FENWICK"])]
        return rng.sample(PRINCIPALS[:6] + ["VOSS"], rng.choice([2, 2, 3, 3, 4]))

    def enter_text(self, people: list[str]) -> str:
        if len(people) == 1:
            return f"Enter {people[0]}."
        return (
            "Enter " + ", ".join(people[:-1]) + f", and {people[-1]}."
            if len(people) > 2
            else f"Enter {people[0]} and {people[1]}."
        )

    def scene(self, act: int, number: int) -> None:
        rng = self.rng
        location = LOCATIONS[0] if (act, number) == (1, 1) else rng.choice(LOCATIONS)
        self.topics = rng.sample(ACT_TOPICS[act - 1], 2) + [rng.choice(ACT_TOPICS[act - 1])]
        self.topics = list(dict.fromkeys(self.topics))
        if len(self.topics) < 2:
            self.topics.append("the lantern" if self.topics[0] != "the lantern" else "the ring")
        self.out.append(f"SCENE {ROMAN[number]}. {location}")
        self.out.append("")
        onstage = self.cast_for_scene(location)
        if (act, number) == (1, 1):
            onstage = ["ORSWIN", "BRAMBLE", "FENWICK"]
        self.direction(self.enter_text(onstage))
        prev: str | None = None
        addressed: str | None = None
        asked = False
        for i in range(rng.randint(22, 34)):
            # somebody arrives
            offstage = [p for p in PRINCIPALS if p not in onstage]
            if i > 2 and offstage and len(onstage) < 5 and rng.random() < 0.06:
                newcomer = rng.choice(offstage)
                herald = rng.choice([p for p in onstage if p != prev] or onstage)
                vals = self.values(herald, prev, onstage)
                cue = self.sentence(rng.choice(ENTRANCE_CUES), {**vals, "X": CAST[newcomer][4]})
                self.emit_speech(herald, [capitalize(cue)], CAST[herald][2])
                manner = rng.choice(
                    [
                        "",
                        "",
                        ", in haste",
                        ", wet through",
                        ", with a letter",
                        ", carrying a lantern",
                        ", muffled in a cloak",
                    ]
                )
                self.direction(f"Enter {newcomer}{manner}.")
                onstage.append(newcomer)
                vals = self.values(newcomer, herald, onstage)
                greet = self.sentence(rng.choice(GREETINGS), vals)
                body, asked = self.speech_text(newcomer, herald, onstage, False, 1, False)
                body[-1] = greet + " " + body[-1]
                self.emit_speech(newcomer, body, CAST[newcomer][2])
                prev, addressed = newcomer, herald
                continue
            # a messenger
            if i > 4 and "MESSENGER" not in onstage and rng.random() < 0.025:
                lord = rng.choice(onstage)
                self.direction("Enter a MESSENGER.")
                body, _ = self.speech_text("MESSENGER", lord, onstage, False, 2)
                self.emit_speech("MESSENGER", body, False)
                self.direction("Exit MESSENGER.")
                prev, addressed, asked = "MESSENGER", lord, False
                continue
            # a noise off
            if rng.random() < 0.03:
                self.direction(
                    rng.choice(
                        [
                            "Thunder.",
                            "Knocking within.",
                            "A bell rings far off.",
                            "Music within.",
                            "A splash, off.",
                            "Shouts within.",
                            "The wind blows out a candle.",
                        ]
                    )
                )
            # somebody leaves
            if len(onstage) > 2 and prev and rng.random() < 0.05:
                leaver = rng.choice([p for p in onstage if p != prev])
                vals = self.values(leaver, prev, onstage)
                body, _ = self.speech_text(leaver, prev, onstage, asked, 1, False)
                body[-1] = body[-1] + " " + self.sentence(rng.choice(FAREWELLS), vals)
                self.emit_speech(leaver, body, CAST[leaver][2])
                self.direction("Exit.")
                onstage.remove(leaver)
                addressed, asked = None, False
                continue
            # an ordinary speech: usually the one addressed answers
            candidates = [p for p in onstage if p != prev]
            if addressed in candidates and rng.random() < 0.7:
                speaker = addressed
            else:
                speaker = rng.choice(candidates)
            addressee = prev if prev in onstage and prev != speaker else None
            if addressee is None or rng.random() < 0.15:
                addressee = rng.choice([p for p in onstage if p != speaker])
            body, asked = self.speech_text(
                speaker, addressee, onstage, asked, self.speech_size(speaker)
            )
            self.emit_speech(speaker, body, CAST[speaker][2])
            prev, addressed = speaker, addressee
        self.end_scene(onstage, prev)

    def end_scene(self, onstage: list[str], prev: str | None) -> None:
        rng = self.rng
        if rng.random() < 0.3 and any(p in PRINCIPALS for p in onstage):
            stays = rng.choice([p for p in onstage if p in PRINCIPALS])
            others = [p for p in onstage if p != stays]
            if len(others) == 1:
                self.direction(f"Exit {others[0]}.")
            else:
                self.direction(f"Exeunt all but {stays}.")
            vals = self.values(stays, None, [stays])
            parts = [self.sentence(rng.choice(SOLILOQUY_OPENERS), vals)]
            for _ in range(rng.randint(3, 5)):
                deck = self.decks.get(stays) if rng.random() < 0.4 else None
                source = self.prose.get(stays) if CAST[stays][2] else deck
                parts.append(self.sentence((source or self.generic).draw(), vals))
            self.emit_speech(stays, [" ".join(parts)], CAST[stays][2])
            self.direction("Exit.")
        else:
            speaker = rng.choice([p for p in onstage if p != prev] or onstage)
            vals = self.values(speaker, rng.choice([p for p in onstage if p != speaker]), onstage)
            self.emit_speech(speaker, [self.sentence(rng.choice(CLOSERS), vals)], CAST[speaker][2])
            self.direction("Exeunt.")

    def generate(self) -> str:
        out = self.out
        out += [PLAY_TITLE, "", "A Comedy in Five Acts", "", "", "DRAMATIS PERSONAE", ""]
        for name in PRINCIPALS:
            out.append(f"{name}, {CAST[name][0]}.")
        out += [
            "Two WATCHMEN, a MESSENGER, townsfolk, boatmen, and servants.",
            "",
            "SCENE: Marrowdale, a town upon the river Wend, and the fen beside it.",
            "",
            "",
        ]
        for act, scenes in enumerate([4, 4, 5, 4, 4], start=1):
            out += [f"ACT {ROMAN[act]}", ""]
            for number in range(1, scenes + 1):
                self.scene(act, number)
            out.append("")
        self.topics = ["the lantern", "the ring"]
        out += ["EPILOGUE", ""]
        self.direction("Enter FENWICK, with the lantern.")
        vals = self.values("FENWICK", None, ["FENWICK"])
        parts = [self.sentence(self.prose["FENWICK"].draw(), vals) for _ in range(4)]
        parts.append("And so good night, friends, and mind the river on your way home.")
        self.emit_speech("FENWICK", [" ".join(parts)], True)
        self.direction("Exit.")
        out.append("THE END")
        return "\n".join(out) + "\n"


def generate_dialogue(seed: int = 1601) -> str:
    return Play(seed).generate()


# --------------------------------------------------------------------------------------------
# recipes.txt - recipe cards with quantities, units and numbered steps
# --------------------------------------------------------------------------------------------

GAS_MARK = {140: 1, 150: 2, 160: 3, 170: 3, 180: 4, 190: 5, 200: 6, 210: 6, 220: 7, 230: 8}


def oven(temp: int) -> str:
    return f"{temp} C ({temp - 20} C fan, gas {GAS_MARK[temp]})"


def span(lo: int, hi: int, step: int = 1) -> list[str]:
    return [str(n) for n in range(lo, hi + 1, step)]


SPOONS = ["1/2", "1", "1", "1 1/2", "2"]
SMALL_SPOONS = ["1/4", "1/2", "1/2", "1"]


def ingredient(rng: Random, choices: list[str], unit: str, name: str, prep: str = "") -> str:
    """Format one ingredient line, e.g. ``2 onions, chopped`` or ``300 g flour``."""
    q = rng.choice(choices)
    single, _, plural = name.partition("|")
    plural = plural or single
    if unit == "":
        text = f"{q} {single if q in ('1', '1/2', '1/4') else plural}"
    elif unit == "-":
        text = name
    elif unit == "g" and int(q) >= 1000:
        text = f"{int(q) / 1000:g} kg {plural}"
    elif unit == "ml" and int(q) >= 1000:
        litres = f"{int(q) / 1000:g}"
        text = f"{litres} {'litre' if litres == '1' else 'litres'} {plural}"
    else:
        text = f"{q} {unit} {plural}"
    if prep:
        text += f", {prep}"
    return text


def minutes_text(total: int) -> str:
    hours, mins = divmod(total, 60)
    if hours and mins:
        return f"{hours} hr {mins} min"
    if hours:
        return f"{hours} hr"
    return f"{mins} min"


TITLE_PREFIXES = [
    "Margery's",
    "Granny Hollis's",
    "The Ferryman's",
    "Bramble's",
    "Fenside",
    "Marrowdale",
    "Thistlemere",
    "Harvest",
    "Winter",
    "Sunday",
    "Quick",
    "Old-Fashioned",
    "Country",
    "Market Day",
    "Miller's",
]

SOUP_MAINS = [
    # title, (quantities, unit, ingredient, preparation), name in the method, spices, blend?
    (
        "Carrot",
        (span(500, 800, 50), "g", "carrots", "peeled and sliced"),
        "carrots",
        ["ground cumin", "ground coriander", "grated fresh ginger"],
        True,
    ),
    (
        "Parsnip",
        (span(500, 700, 50), "g", "parsnips", "peeled and chopped"),
        "parsnips",
        ["mild curry powder", "grated nutmeg", "ground cumin"],
        True,
    ),
    (
        "Pumpkin",
        (span(800, 1200, 100), "g", "pumpkin", "peeled, seeded and cubed"),
        "pumpkin",
        ["grated nutmeg", "smoked paprika", "ground cinnamon"],
        True,
    ),
    (
        "Red Lentil",
        (span(200, 300, 25), "g", "red lentils", "rinsed"),
        "lentils",
        ["ground cumin", "ground turmeric", "chilli flakes"],
        False,
    ),
    (
        "Pea and Mint",
        (span(500, 700, 50), "g", "frozen peas"),
        "peas",
        ["dried mint", "grated lemon zest"],
        True,
    ),
    (
        "Mushroom",
        (span(400, 600, 50), "g", "chestnut mushrooms", "sliced"),
        "mushrooms",
        ["dried thyme", "grated nutmeg"],
        True,
    ),
    (
        "Tomato",
        (span(800, 1000, 100), "g", "ripe tomatoes", "roughly chopped"),
        "tomatoes",
        ["sugar", "smoked paprika", "dried oregano"],
        True,
    ),
    (
        "Leek and Potato",
        (span(400, 600, 50), "g", "floury potatoes", "peeled and diced"),
        "potatoes",
        ["dried thyme", "grated nutmeg"],
        True,
    ),
    (
        "Beetroot",
        (span(500, 700, 50), "g", "raw beetroot", "peeled and grated"),
        "beetroot",
        ["caraway seeds", "ground allspice"],
        True,
    ),
    (
        "Celeriac",
        (["1"], "", "small celeriac|small celeriacs", "peeled and diced"),
        "celeriac",
        ["grated nutmeg", "celery salt"],
        True,
    ),
    (
        "Split Pea",
        (span(250, 350, 25), "g", "yellow split peas", "soaked overnight"),
        "peas",
        ["ground cumin", "smoked paprika"],
        False,
    ),
    (
        "Sweet Potato",
        (span(600, 900, 50), "g", "sweet potatoes", "peeled and cubed"),
        "sweet potatoes",
        ["ground ginger", "chilli flakes", "ground cumin"],
        True,
    ),
    (
        "Barley and Vegetable",
        (span(75, 125, 25), "g", "pearl barley", "rinsed"),
        "barley",
        ["dried thyme", "bay leaves"],
        False,
    ),
]

SOUP_FINISHES = [
    "a swirl of single cream",
    "a spoonful of plain yoghurt",
    "chopped parsley",
    "snipped chives",
    "a few croutons",
    "grated cheddar",
    "a drizzle of olive oil",
]


def recipe_soup(rng: Random) -> dict:
    title, main_spec, main, spices, blend = rng.choice(SOUP_MAINS)
    plural = main.endswith("s")
    them, are = ("them", "are") if plural else ("it", "is")
    spice = rng.choice(spices)
    butter = rng.random() < 0.5
    fat = "butter" if butter else "oil"
    onions = rng.choice(["1", "2"])
    ingredients = [
        ingredient(rng, span(25, 50, 5), "g", "butter")
        if butter
        else ingredient(rng, SPOONS[2:], "tbsp", "olive oil|olive oil"),
        ingredient(rng, [onions], "", "onion|onions", "chopped"),
    ]
    aromatics = "onion" if onions == "1" else "onions"
    if title.startswith("Leek"):
        ingredients.append(ingredient(rng, ["2", "3"], "", "leek|leeks", "trimmed and sliced"))
        aromatics += " and leeks"
    elif rng.random() < 0.5:
        ingredients.append(ingredient(rng, ["1", "2"], "", "celery stick|celery sticks", "sliced"))
        aromatics += " and celery"
    garlic = ingredient(rng, ["1", "2", "3"], "", "garlic clove|garlic cloves", "crushed")
    ingredients.append(garlic)
    ingredients.append(ingredient(rng, *main_spec))
    if title == "Barley and Vegetable":
        ingredients.append(ingredient(rng, ["2", "3"], "", "carrot|carrots", "diced"))
        ingredients.append(ingredient(rng, ["1"], "", "small swede|small swedes", "diced"))
    if spice == "bay leaves":
        ingredients.append(ingredient(rng, ["2"], "", "bay leaf|bay leaves"))
    else:
        ingredients.append(ingredient(rng, SMALL_SPOONS[1:] + ["1"], "tsp", spice))
    stock = rng.choice(["vegetable stock", "chicken stock"])
    ingredients.append(ingredient(rng, span(800, 1400, 100), "ml", stock, "hot"))
    finish = rng.choice(SOUP_FINISHES)
    ingredients.append(ingredient(rng, [""], "-", "salt and black pepper"))
    simmer = rng.choice([15, 20, 25, 30, 35, 40] if not blend else [15, 20, 25, 30])
    soften = rng.randint(6, 12)
    steps = [
        rng.choice(["Melt the butter", "Heat the butter"])
        if butter
        else rng.choice(["Heat the oil", "Warm the oil"]),
    ]
    steps[0] += rng.choice(
        [" in a large pan over a medium heat.", " in a large, heavy saucepan over a low heat."]
    )
    steps.append(
        f"Add the {aromatics} with a pinch of salt and cook gently for {soften} minutes, "
        + rng.choice(
            ["stirring now and then, until soft but not coloured.", "until soft and translucent."]
        )
    )
    steps.append(f"Stir in the garlic and the {spice} and cook for 1 minute more, until fragrant.")
    steps.append(f"Add the {main} and stir well to coat {them} in the {fat}.")
    steps.append(
        f"Pour in the stock, bring to the boil, then lower the heat and simmer for {simmer} "
        f"minutes, until the {main} {are} completely tender."
    )
    if blend:
        steps.append(
            rng.choice(
                [
                    "Take the pan off the heat and blend until smooth.",
                    "Blend the soup until smooth, adding a splash of water if it seems too thick.",
                    "Blend half of the soup and stir it back into the pan for a thick, "
                    "rough texture.",
                ]
            )
        )
    else:
        steps.append("Leave the soup chunky, mashing a little against the side of the pan.")
    steps.append("Season to taste with salt and pepper.")
    steps.append(f"Ladle into warm bowls and finish with {finish}.")
    if rng.random() < 0.5:
        name = f"{title} Soup"
    else:
        name = f"{title} and {spice.split()[-1].capitalize()} Soup"
        if spice in ("sugar", "bay leaves", "celery salt"):
            name = f"{title} Soup"
    notes = [
        "The soup thickens as it stands; loosen it with a little stock when reheating.",
        "Freezes well for up to three months.",
        "Good with a wedge of cheese and a heel of bread.",
        f"Use {'oil' if butter else 'butter'} instead of {fat} if you prefer.",
    ]
    return {
        "title": name,
        "serves": rng.choice(["4", "4", "6", "4-6"]),
        "prep": rng.choice([10, 15, 20]),
        "cook": (soften + simmer + 9) // 5 * 5,
        "ingredients": ingredients,
        "steps": steps,
        "notes": notes,
    }


STEW_MEATS = [
    ("Beef", span(600, 1000, 100), "g", "braising steak", "cut into chunks", "beef"),
    ("Lamb", span(600, 900, 100), "g", "lamb shoulder", "diced", "lamb"),
    ("Chicken", span(6, 8), "", "skinless chicken thigh|skinless chicken thighs", "", "chicken"),
    ("Pork", span(600, 900, 100), "g", "pork shoulder", "cut into chunks", "pork"),
    ("Sausage", span(8, 12), "", "pork sausage|pork sausages", "", "sausages"),
    ("Bean", ["2"], "", "tin butter beans|tins butter beans", "drained", "beans"),
]
HOURS = {
    45: "45 minutes",
    60: "1 hour",
    75: "1 hour 15 minutes",
    90: "1 1/2 hours",
    120: "2 hours",
    150: "2 1/2 hours",
    180: "3 hours",
}
STEW_LIQUIDS = ["beef stock", "dry cider", "brown ale", "red wine", "chicken stock"]
STEW_VEG = [
    ("carrot|carrots", "thickly sliced"),
    ("parsnip|parsnips", "cut into chunks"),
    ("potato|potatoes", "peeled and quartered"),
    ("small turnip|small turnips", "diced"),
]
STEW_SIDES = [
    "mashed potatoes",
    "buttered cabbage",
    "crusty bread",
    "baked potatoes",
    "dumplings",
    "plain rice",
    "braised red cabbage",
]


def recipe_stew(rng: Random) -> dict:
    title, amounts, unit, meat_name, prep, meat = rng.choice(STEW_MEATS)
    liquid = rng.choice(STEW_LIQUIDS)
    if meat == "beans" and liquid in ("beef stock", "chicken stock"):
        liquid = "vegetable stock"
    veg = rng.sample(STEW_VEG, rng.choice([1, 2]))
    herb = rng.choice(["thyme", "rosemary", "bay leaves", "sage"])
    ingredients = [ingredient(rng, amounts, unit, meat_name, prep)]
    if meat != "beans":
        ingredients.append(ingredient(rng, ["2"], "tbsp", "plain flour"))
    ingredients += [
        ingredient(rng, ["2", "3"], "tbsp", "sunflower oil"),
        ingredient(rng, ["2"], "", "onion|onions", "sliced"),
        ingredient(rng, ["2", "3"], "", "garlic clove|garlic cloves", "chopped"),
        ingredient(rng, ["1", "2"], "tbsp", "tomato puree"),
    ]
    for name, vprep in veg:
        ingredients.append(ingredient(rng, ["2", "3", "4"], "", name, vprep))
    ingredients.append(ingredient(rng, span(400, 700, 50), "ml", liquid))
    if herb == "bay leaves":
        ingredients.append(ingredient(rng, ["2", "3"], "", "bay leaf|bay leaves"))
    else:
        ingredients.append(ingredient(rng, ["3", "4", "a few"], "", f"sprig {herb}|sprigs {herb}"))
    ingredients.append(ingredient(rng, [""], "-", "salt and black pepper"))
    temp = rng.choice([150, 160, 170])
    hours = (
        rng.choice([90, 120, 150, 180])
        if meat not in ("chicken", "sausages", "beans")
        else (rng.choice([45, 60, 75]))
    )
    veg_names = " and ".join(v[0].split("|")[1] for v in veg)
    steps = [f"Heat the oven to {oven(temp)}."]
    if meat == "beans":
        steps.append("Heat the oil in a flameproof casserole and add the onions.")
        steps.append(f"Cook for {rng.randint(8, 12)} minutes, stirring, until golden.")
    else:
        steps.append(f"Toss the {meat} in the flour with a good pinch of salt and pepper.")
        steps.append(
            f"Heat half the oil in a flameproof casserole and brown the {meat} in batches, "
            "then lift out onto a plate."
        )
        steps.append(
            f"Add the rest of the oil and the onions, and cook for {rng.randint(8, 12)} minutes "
            "until golden."
        )
    steps.append("Stir in the garlic and tomato puree and cook for a minute.")
    again = "Add" if meat == "beans" else "Return"
    steps.append(
        f"{again} the {meat}, pour in the {liquid}, and add the {veg_names} and the {herb}."
    )
    steps.append(
        f"Bring to a simmer, cover with a lid, and cook in the oven for {HOURS[hours]}, "
        + (
            "until the meat is very tender."
            if meat not in ("beans", "sausages")
            else "until the sauce has thickened."
        )
    )
    steps.append("Check the seasoning, and add a splash of water if the sauce is too thick.")
    steps.append(f"Serve hot with {rng.choice(STEW_SIDES)}.")
    liquid_word = {"dry cider": "Cider", "brown ale": "Ale", "red wine": "Red Wine"}.get(liquid)
    if liquid_word and rng.random() < 0.6:
        name = f"{title} and {liquid_word} Stew"
    else:
        name = f"{title} Stew with {herb.split()[-1].capitalize()}"
    if herb == "bay leaves":
        name = f"{title} Casserole"
    notes = [
        "Better still the next day; cool, cover and chill overnight, then reheat gently.",
        "Freezes well for up to three months.",
        f"Swap the {liquid} for stock if you prefer.",
    ]
    return {
        "title": name,
        "serves": rng.choice(["4", "4", "6"]),
        "prep": rng.choice([20, 25, 30]),
        "cook": hours + 20,
        "ingredients": ingredients,
        "steps": steps,
        "notes": notes,
    }


CAKE_FLAVOURS = [
    # title, extra ingredient lines, method phrase, icing?
    (
        "Lemon Drizzle",
        [(["1", "2"], "", "unwaxed lemon|unwaxed lemons", "zested and juiced")],
        "the lemon zest",
        True,
    ),
    (
        "Ginger",
        [
            (["2", "3"], "tsp", "ground ginger"),
            (["3", "4"], "", "piece stem ginger|pieces stem ginger", "chopped"),
        ],
        "the ginger",
        False,
    ),
    ("Chocolate", [(span(30, 50, 10), "g", "cocoa powder")], "the cocoa", False),
    (
        "Almond",
        [(span(75, 125, 25), "g", "ground almonds"), (["1"], "tsp", "almond extract")],
        "the almonds and extract",
        False,
    ),
    (
        "Apple",
        [
            (["2", "3"], "", "eating apple|eating apples", "cored and diced"),
            (["1"], "tsp", "ground cinnamon"),
        ],
        "the apple and cinnamon",
        False,
    ),
    ("Honey", [(span(3, 5), "tbsp", "runny honey")], "the honey", False),
    ("Orange", [(["1", "2"], "", "orange|oranges", "zested and juiced")], "the orange zest", True),
    (
        "Carrot and Walnut",
        [
            (["2"], "", "carrot|carrots", "grated"),
            (span(50, 100, 25), "g", "walnuts", "chopped"),
            (["1"], "tsp", "mixed spice"),
        ],
        "the carrot, walnuts and spice",
        False,
    ),
    ("Seed", [(["2", "3"], "tsp", "caraway seeds")], "the caraway seeds", False),
    (
        "Plum",
        [(span(6, 8), "", "ripe plum|ripe plums", "halved and stoned")],
        "half of the plums",
        False,
    ),
    (
        "Coffee",
        [(["2"], "tbsp", "instant coffee", "dissolved in 1 tbsp hot water")],
        "the coffee",
        False,
    ),
    ("Cherry", [(span(100, 200, 50), "g", "glace cherries", "halved")], "the cherries", False),
]
TINS = ["20 cm round cake tin", "900 g loaf tin", "20 cm square tin", "23 cm springform tin"]


def recipe_cake(rng: Random) -> dict:
    title, extras, extra_phrase, icing = rng.choice(CAKE_FLAVOURS)
    weight = rng.choice([150, 175, 200, 225])
    eggs = {150: "3", 175: "3", 200: "4", 225: "4"}[weight]
    sugar = rng.choice(["caster sugar", "golden caster sugar", "light brown sugar"])
    ingredients = [
        f"{weight} g butter, softened",
        f"{weight} g {sugar}",
        f"{eggs} eggs, beaten",
        f"{weight} g self-raising flour",
        ingredient(rng, SMALL_SPOONS[1:], "tsp", "baking powder"),
        ingredient(rng, ["2", "3", "4"], "tbsp", "milk"),
    ]
    ingredients += [ingredient(rng, *spec) for spec in extras]
    if icing:
        ingredients.append(ingredient(rng, span(100, 150, 25), "g", "icing sugar"))
    temp = rng.choice([170, 180])
    tin = rng.choice(TINS)
    bake = rng.choice([35, 40, 45, 50, 55]) if "loaf" in tin else rng.choice([30, 35, 40, 45])
    steps = [
        f"Heat the oven to {oven(temp)} and line a {tin} with baking paper.",
        f"Beat the butter and sugar together for {rng.randint(3, 5)} minutes, until pale and "
        "fluffy.",
        rng.choice(
            [
                "Add the eggs a little at a time, beating well after each addition.",
                "Beat in the eggs one at a time, adding a spoonful of the flour if the mix "
                "curdles.",
            ]
        ),
        f"Fold in the flour and baking powder, then stir in {extra_phrase}.",
        "Loosen the batter with the milk until it drops easily from a spoon.",
        f"Spoon into the tin, smooth the top, and bake for {bake} minutes, until a skewer "
        "pushed into the middle comes out clean.",
        rng.choice(
            [
                "Cool in the tin for 10 minutes, then turn out onto a wire rack.",
                "Leave to cool in the tin for 15 minutes before turning out.",
            ]
        ),
    ]
    if title == "Plum":
        steps.insert(6, "Press the remaining plums, cut side up, into the top before baking.")
    if icing:
        juice = "lemon" if "Lemon" in title else "orange"
        steps.append(
            f"Mix the icing sugar with enough {juice} juice to make a runny icing, and drizzle "
            "it over the cake while still warm."
        )
    notes = [
        "Keeps for four days in an airtight tin.",
        "Wrapped well, the cake freezes for a month.",
        "Best eaten the day after baking, when the crumb has settled.",
    ]
    name = f"{title} Cake"
    if "loaf" in tin and rng.random() < 0.5:
        name = f"{title} Loaf Cake"
    return {
        "title": name,
        "serves": rng.choice(["8", "10", "12"]),
        "prep": rng.choice([15, 20, 25]),
        "cook": bake,
        "ingredients": ingredients,
        "steps": steps,
        "notes": notes,
    }


BREAD_EXTRAS = [
    ("Seeded", (span(50, 100, 25), "g", "mixed seeds", "plus extra for the top"), "the seeds"),
    ("Rosemary", (["2"], "tbsp", "chopped rosemary"), "the rosemary"),
    ("Cheese", (span(100, 150, 25), "g", "mature cheddar", "grated"), "most of the cheese"),
    ("Honey Oat", (span(50, 75, 25), "g", "rolled oats"), "the oats"),
    ("Walnut", (span(75, 125, 25), "g", "walnuts", "roughly chopped"), "the walnuts"),
    ("Olive", (span(75, 125, 25), "g", "pitted olives", "halved"), "the olives"),
    ("Onion", (["1"], "", "onion|onions", "finely sliced and fried until golden"), "the onion"),
    ("Plain White", None, ""),
]


def recipe_bread(rng: Random) -> dict:
    title, extra, phrase = rng.choice(BREAD_EXTRAS)
    wholemeal = rng.random() < 0.4
    shape = rng.choice(["a round loaf", "a long loaf", "12 rolls", "two small loaves"])
    ingredients = []
    if wholemeal:
        white = rng.choice([250, 300, 350])
        ingredients += [f"{white} g strong white flour", f"{500 - white} g strong wholemeal flour"]
    else:
        ingredients.append("500 g strong white flour")
    ingredients += [
        "7 g fast-action dried yeast",
        ingredient(rng, ["1", "1 1/2", "2"], "tsp", "salt"),
        ingredient(rng, span(300, 350, 10), "ml", "warm water"),
        ingredient(rng, ["1", "2"], "tbsp", "olive oil"),
    ]
    if title == "Honey Oat":
        ingredients.append(ingredient(rng, ["1", "2"], "tbsp", "runny honey"))
    if extra:
        ingredients.append(ingredient(rng, *extra))
    rise = rng.choice(["1 hour", "1-2 hours", "about 1 1/2 hours"])
    temp = rng.choice([200, 220])
    bake = rng.choice([15, 18, 20]) if shape == "12 rolls" else rng.choice([25, 30, 35, 40])
    steps = [
        "Mix the flour, yeast and salt in a large bowl, keeping the salt and yeast apart.",
        "Add the water and oil"
        + (" and honey" if title == "Honey Oat" else "")
        + " and mix to a rough, sticky dough.",
        f"Knead on a lightly floured surface for {rng.randint(8, 12)} minutes, until smooth "
        "and springy.",
        f"Put the dough in an oiled bowl, cover, and leave somewhere warm for {rise}, until "
        "doubled in size.",
    ]
    if extra:
        steps.append(f"Knock back the dough, knead in {phrase}, and shape into {shape}.")
    else:
        steps.append(f"Knock back the dough and shape into {shape}.")
    steps += [
        f"Set on a floured baking tray, cover loosely, and prove for {rng.choice([30, 40, 45])} "
        "minutes.",
        f"Heat the oven to {oven(temp)}.",
        rng.choice(
            [
                "Slash the top with a sharp knife and dust with flour.",
                "Brush with a little water and scatter over any extra topping.",
            ]
        ),
        f"Bake for {bake} minutes, until golden and hollow-sounding when tapped underneath.",
        "Cool on a wire rack before slicing.",
    ]
    name = f"{title} Bread" if shape != "12 rolls" else f"{title} Rolls"
    if wholemeal and title == "Plain White":
        name = "Half and Half Loaf"
    notes = [
        "The dough can rise slowly in the fridge overnight instead.",
        "Best eaten on the day; toast any leftovers.",
        "Freeze slices in a bag and toast straight from frozen.",
    ]
    return {
        "title": name,
        "serves": "Makes: " + shape.replace("a ", "1 ").replace("two", "2"),
        "prep": rng.choice([20, 25, 30]),
        "cook": bake,
        "ingredients": ingredients,
        "steps": steps,
        "notes": notes,
    }


PIE_FILLINGS = [
    # title, ingredient specs, sweet?, cook step
    (
        "Apple and Blackberry",
        [
            (["4", "5", "6"], "", "cooking apple|cooking apples", "peeled, cored and sliced"),
            (span(150, 250, 50), "g", "blackberries"),
            (span(75, 125, 25), "g", "caster sugar"),
            (["1"], "tbsp", "cornflour"),
        ],
        True,
        "Toss the apples and blackberries with the sugar and cornflour.",
    ),
    (
        "Plum and Cinnamon",
        [
            (span(800, 1000, 100), "g", "plums", "halved and stoned"),
            (span(75, 100, 25), "g", "light brown sugar"),
            (["1"], "tsp", "ground cinnamon"),
        ],
        True,
        "Toss the plums with the sugar and cinnamon.",
    ),
    (
        "Rhubarb and Ginger",
        [
            (span(600, 800, 100), "g", "rhubarb", "cut into short lengths"),
            (span(100, 150, 25), "g", "caster sugar"),
            (["2"], "tsp", "ground ginger"),
        ],
        True,
        "Mix the rhubarb with the sugar and ginger and leave for 10 minutes.",
    ),
    (
        "Chicken and Leek",
        [
            (span(500, 700, 100), "g", "cooked chicken", "shredded"),
            (["2"], "", "leek|leeks", "sliced"),
            (span(25, 40, 5), "g", "butter"),
            (["2"], "tbsp", "plain flour"),
            (span(300, 400, 50), "ml", "chicken stock"),
            (span(100, 150, 50), "ml", "double cream"),
        ],
        False,
        "Soften the leeks in the butter for 8 minutes, stir in the flour, then the stock and "
        "cream, and simmer until thick. Stir in the chicken and leave to cool.",
    ),
    (
        "Mushroom and Ale",
        [
            (span(500, 700, 100), "g", "mixed mushrooms", "thickly sliced"),
            (["1"], "", "onion|onions", "chopped"),
            (["2"], "tbsp", "plain flour"),
            (span(250, 350, 50), "ml", "brown ale"),
            (["1"], "tsp", "dried thyme"),
        ],
        False,
        "Fry the onion and mushrooms until browned, stir in the flour and thyme, then the ale, "
        "and bubble until thick. Leave to cool.",
    ),
    (
        "Cheese and Onion",
        [
            (["3"], "", "onion|onions", "thinly sliced"),
            (span(200, 250, 25), "g", "mature cheddar", "grated"),
            (["2"], "", "potato|potatoes", "boiled and sliced"),
            (["1"], "tsp", "English mustard"),
        ],
        False,
        "Cook the onions slowly in a little butter until soft, then mix with the potatoes, "
        "cheese and mustard.",
    ),
]


def recipe_pie(rng: Random) -> dict:
    title, specs, sweet, fill_step = rng.choice(PIE_FILLINGS)
    flour = rng.choice([250, 300])
    butter = flour // 2
    ingredients = ["For the pastry:", f"{flour} g plain flour", f"{butter} g cold butter, diced"]
    if sweet:
        ingredients.append(ingredient(rng, ["1", "2"], "tbsp", "caster sugar"))
    ingredients += [
        ingredient(rng, ["3", "4", "5"], "tbsp", "cold water"),
        "1 egg, beaten, to glaze",
        "For the filling:",
    ]
    ingredients += [ingredient(rng, *spec) for spec in specs]
    temp = rng.choice([190, 200])
    bake = rng.choice([35, 40, 45])
    chill = rng.choice([20, 30])
    steps = [
        "Rub the butter into the flour"
        + (" and sugar" if sweet else " with a pinch of salt")
        + " until it looks like fine breadcrumbs.",
        "Add the water a spoonful at a time and bring together into a firm dough.",
        f"Wrap and chill for {chill} minutes.",
        fill_step,
        f"Heat the oven to {oven(temp)}.",
        "Roll out two thirds of the pastry and line a 23 cm pie dish, letting it overhang.",
        "Spoon in the filling, roll out the rest of the pastry for a lid, and press the edges "
        "together to seal.",
        "Trim, crimp the edge, cut a small hole in the middle, and brush with beaten egg.",
        f"Bake for {bake} minutes, until the pastry is golden and the filling bubbles.",
        "Rest for 10 minutes before serving."
        if not sweet
        else rng.choice(["Serve warm with custard or cream.", "Dust with sugar and serve warm."]),
    ]
    notes = [
        "The pastry can be made a day ahead and kept in the fridge.",
        "Leftovers are good cold the next day.",
        "Chill the dish before lining it and the base stays crisp.",
    ]
    return {
        "title": f"{title} Pie",
        "serves": rng.choice(["6", "6", "8"]),
        "prep": rng.choice([30, 35, 40]),
        "cook": bake,
        "ingredients": ingredients,
        "steps": steps,
        "notes": notes,
    }


FRITTER_MAINS = [
    ("Courgette", (["2", "3"], "", "courgette|courgettes", "coarsely grated"), "courgettes", True),
    ("Sweetcorn", (span(300, 400, 50), "g", "sweetcorn kernels", "drained"), "sweetcorn", False),
    (
        "Potato and Onion",
        (span(400, 600, 100), "g", "floury potatoes", "peeled and grated"),
        "potatoes",
        True,
    ),
    ("Carrot and Cheese", (["3"], "", "carrot|carrots", "grated"), "carrots", False),
    ("Pea and Feta", (span(200, 300, 50), "g", "frozen peas", "defrosted"), "peas", False),
    ("Parsnip", (["2", "3"], "", "parsnip|parsnips", "peeled and grated"), "parsnips", False),
]
FRITTER_SPICES = [
    "ground cumin",
    "smoked paprika",
    "chilli flakes",
    "dried oregano",
    "ground coriander",
    "curry powder",
]
FRITTER_SIDES = [
    "a spoonful of yoghurt",
    "sweet chilli sauce",
    "a green salad",
    "apple chutney",
    "soured cream and chives",
    "a fried egg",
]


def recipe_fritters(rng: Random) -> dict:
    title, spec, main, squeeze = rng.choice(FRITTER_MAINS)
    spice = rng.choice(FRITTER_SPICES)
    eggs = rng.choice(["1", "2"])
    ingredients = [ingredient(rng, *spec)]
    if "Cheese" in title:
        ingredients.append(ingredient(rng, span(75, 100, 25), "g", "cheddar", "grated"))
    if "Feta" in title:
        ingredients.append(ingredient(rng, span(100, 150, 50), "g", "feta", "crumbled"))
    if "Onion" in title:
        ingredients.append(ingredient(rng, ["1"], "", "small onion|small onions", "grated"))
    ingredients += [
        ingredient(rng, ["2", "3"], "", "spring onion|spring onions", "sliced"),
        ingredient(rng, span(75, 125, 25), "g", "self-raising flour"),
        ingredient(rng, [eggs], "", "egg|eggs"),
        ingredient(rng, span(50, 100, 25), "ml", "milk"),
        ingredient(rng, SMALL_SPOONS[1:] + ["1"], "tsp", spice),
        "sunflower oil, for frying",
        "salt and black pepper",
    ]
    steps = []
    if squeeze:
        steps.append(
            f"Put the {main} in a clean tea towel and squeeze out as much liquid as you can."
        )
    steps += [
        f"Whisk the flour, {'egg' if eggs == '1' else 'eggs'} and milk into a thick batter, "
        f"then season with the {spice}, salt and pepper.",
        f"Stir in the {main}"
        + (
            ", the spring onions and the cheese."
            if "Cheese" in title or "Feta" in title
            else " and the spring onions."
        ),
        "Heat a thin layer of oil in a frying pan over a medium heat.",
        f"Drop in heaped spoonfuls of the mixture, flatten slightly, and fry for "
        f"{rng.choice(['2', '2-3', '3'])} minutes on each side until golden.",
        "Drain on kitchen paper and keep warm while you cook the rest.",
        f"Serve hot with {rng.choice(FRITTER_SIDES)}.",
    ]
    notes = [
        "Do not crowd the pan, or the fritters will steam instead of crisping.",
        "The batter thickens as it stands; add a splash of milk if needed.",
    ]
    return {
        "title": f"{title} Fritters",
        "serves": rng.choice(["2", "4", "4"]),
        "prep": rng.choice([10, 15, 20]),
        "cook": rng.choice([15, 20, 25]),
        "ingredients": ingredients,
        "steps": steps,
        "notes": notes,
    }


JAM_FRUITS = [
    ("Strawberry", "strawberries", "hulled and halved", False),
    ("Plum", "plums", "halved and stoned", True),
    ("Damson", "damsons", "washed", True),
    ("Blackberry and Apple", "blackberries and cooking apples", "apples peeled and chopped", True),
    ("Raspberry", "raspberries", "", False),
    ("Apricot", "apricots", "halved and stoned", True),
    ("Rhubarb and Ginger", "rhubarb", "cut into short pieces", False),
    ("Gooseberry", "gooseberries", "topped and tailed", True),
]


def recipe_jam(rng: Random) -> dict:
    title, fruit, prep, needs_water = rng.choice(JAM_FRUITS)
    kilos = rng.choice(["1", "1.5", "2"])
    sugar = {"1": "800 g", "1.5": "1.2 kg", "2": "1.6 kg"}[kilos]
    if rng.random() < 0.5:
        sugar = {"1": "1 kg", "1.5": "1.5 kg", "2": "2 kg"}[kilos]
    ingredients = [f"{kilos} kg {fruit}" + (f", {prep}" if prep else "")]
    ingredients.append(f"{sugar} {rng.choice(['granulated sugar', 'jam sugar'])}")
    ingredients.append(ingredient(rng, ["1", "2"], "", "lemon|lemons", "juiced"))
    if needs_water:
        ingredients.append(ingredient(rng, span(150, 300, 50), "ml", "water"))
    if "Ginger" in title:
        ingredients.append(
            ingredient(
                rng, ["2", "3"], "", "piece stem ginger|pieces stem ginger", "finely chopped"
            )
        )
    jars = {"1": "3", "1.5": "4", "2": "5"}[kilos]
    steps = [
        "Put two small saucers in the freezer for testing the set.",
        f"Wash {jars} or {int(jars) + 1} jars in hot soapy water, rinse, and dry them in a low "
        "oven.",
    ]
    if needs_water:
        steps.append(
            f"Simmer the {fruit} with the water for {rng.choice([10, 15, 20])} minutes, until soft."
        )
    else:
        steps.append(f"Layer the {fruit} with the sugar in a large bowl and leave overnight.")
    steps += [
        (
            "Add the sugar and lemon juice to the pan"
            if needs_water
            else "Tip the fruit, sugar and juices into a preserving pan, add the lemon juice,"
        )
        + " and stir over a low heat until every crystal has dissolved.",
        f"Turn up the heat and boil hard for {rng.choice([6, 8, 10, 12])} minutes, stirring "
        "now and then so it does not catch.",
        "Drop a little jam onto a cold saucer, wait a minute, and push it with a finger; if it "
        "wrinkles, it is ready. If not, boil for 2 minutes more and test again.",
        "Take off the heat, skim off any scum, and leave for 10 minutes.",
        "Ladle into the warm jars, seal at once, and label when cold.",
    ]
    notes = [
        "Unopened jars keep for a year in a cool, dark cupboard.",
        "Once opened, keep in the fridge and use within a month.",
    ]
    return {
        "title": f"{title} Jam",
        "serves": f"Makes: about {jars} jars",
        "prep": rng.choice([20, 30]),
        "cook": rng.choice([30, 40, 45]),
        "ingredients": ingredients,
        "steps": steps,
        "notes": notes,
    }


SALAD_BASES = [
    ("Beetroot", "beetroot", (span(400, 600, 100), "g", "cooked beetroot", "cut into wedges")),
    ("New Potato", "potatoes", (span(500, 750, 50), "g", "new potatoes", "boiled and halved")),
    ("Lentil", "lentils", (span(200, 250, 50), "g", "green lentils", "cooked and drained")),
    ("Pear", "pears", (["2", "3"], "", "ripe pear|ripe pears", "cored and sliced")),
    ("Apple and Celery", "apples", (["2"], "", "crisp apple|crisp apples", "cored and sliced")),
    ("Roast Squash", "squash", (["1"], "", "small squash|small squashes", "roasted in wedges")),
    ("Cucumber", "cucumber", (["1"], "", "cucumber|cucumbers", "halved and sliced")),
]
SALAD_LEAVES = ["watercress", "baby spinach", "rocket", "mixed leaves", "little gem lettuce"]
SALAD_CHEESES = ["goat's cheese", "feta", "crumbly white cheese", "blue cheese", "mature cheddar"]
CHEESE_TITLES = {
    "goat's cheese": "Goat's Cheese",
    "feta": "Feta",
    "crumbly white cheese": "White Cheese",
    "blue cheese": "Blue Cheese",
    "mature cheddar": "Cheddar",
}
SALAD_NUTS = ["walnuts", "hazelnuts", "pumpkin seeds", "almonds", "sunflower seeds"]
VINEGARS = ["cider vinegar", "red wine vinegar", "white wine vinegar", "lemon juice"]


def recipe_salad(rng: Random) -> dict:
    title, base, spec = rng.choice(SALAD_BASES)
    leaves = rng.choice(SALAD_LEAVES)
    cheese = rng.choice(SALAD_CHEESES)
    nuts = rng.choice(SALAD_NUTS)
    vinegar = rng.choice(VINEGARS)
    ingredients = [
        ingredient(rng, *spec),
        ingredient(rng, span(75, 125, 25), "g", leaves),
        ingredient(rng, span(100, 150, 25), "g", cheese, "crumbled"),
        ingredient(rng, span(40, 60, 10), "g", nuts),
        "For the dressing:",
        ingredient(rng, ["3", "4"], "tbsp", "olive oil"),
        ingredient(rng, ["1"], "tbsp", vinegar),
        ingredient(rng, ["1/2", "1"], "tsp", rng.choice(["Dijon mustard", "wholegrain mustard"])),
        ingredient(rng, ["1/2", "1"], "tsp", "runny honey"),
        "salt and black pepper",
    ]
    steps = [
        f"Toast the {nuts} in a dry frying pan for {rng.randint(2, 4)} minutes, shaking the "
        "pan, until golden. Tip onto a plate to cool.",
        f"Whisk the oil, {vinegar}, mustard and honey together with a pinch of salt and pepper.",
        f"Toss the {base} with half the dressing.",
        f"Arrange the {leaves} on a large plate and pile the {base} on top.",
        f"Scatter over the {cheese} and the {nuts}, and spoon over the rest of the dressing.",
        rng.choice(["Serve at once.", "Serve straight away, while the leaves are crisp."]),
    ]
    notes = [
        "Dress the leaves only at the last moment.",
        "The dressing keeps for a week in a jar in the fridge.",
    ]
    return {
        "title": f"{title} Salad with {CHEESE_TITLES[cheese]}",
        "serves": rng.choice(["2", "4", "4"]),
        "prep": rng.choice([10, 15, 20]),
        "cook": rng.randint(2, 4),
        "ingredients": ingredients,
        "steps": steps,
        "notes": notes,
    }


RECIPE_KINDS = [
    (recipe_soup, 3),
    (recipe_stew, 2),
    (recipe_cake, 3),
    (recipe_bread, 2),
    (recipe_pie, 2),
    (recipe_fritters, 2),
    (recipe_jam, 1),
    (recipe_salad, 2),
]


def format_recipe(rng: Random, recipe: dict, title: str) -> str:
    lines = [f"== {title.upper()} ==", ""]
    serves = recipe["serves"]
    lines.append(serves if serves.startswith("Makes") else f"Serves: {serves}")
    lines.append(f"Prep: {minutes_text(recipe['prep'])}")
    lines.append(f"Cook: {minutes_text(recipe['cook'])}")
    lines += ["", "Ingredients:"]
    for item in recipe["ingredients"]:
        lines.append(item if item.endswith(":") else f"- {item}")
    lines += ["", "Method:"]
    for number, step in enumerate(recipe["steps"], start=1):
        prefix = f"{number}. "
        lines += textwrap.wrap(
            prefix + step,
            width=76,
            subsequent_indent=" " * len(prefix),
            break_on_hyphens=False,
        )
    if rng.random() < 0.5:
        lines += ["", f"Note: {rng.choice(recipe['notes'])}"]
    return "\n".join(lines) + "\n"


def generate_recipes(seed: int = 1861, target_bytes: int = 56_000) -> str:
    rng = Random(seed)
    makers = [maker for maker, weight in RECIPE_KINDS for _ in range(weight)]
    cards: list[str] = []
    seen: set[str] = set()
    size = 0
    while size < target_bytes:
        recipe = rng.choice(makers)(rng)
        title = recipe["title"]
        if rng.random() < 0.3:
            title = f"{rng.choice(TITLE_PREFIXES)} {title}"
        if title in seen:
            continue
        seen.add(title)
        card = format_recipe(rng, recipe, title)
        cards.append(card)
        size += len(card) + 1
    return "\n\n".join(cards)


# --------------------------------------------------------------------------------------------
# code.txt - small Python modules, tests and utilities (checked with ast.parse)
# --------------------------------------------------------------------------------------------

# Each domain: package, class, singular, plural, docstring, fields (name, type, samples),
# the boolean flag field and the adjective used in function names.
DOMAINS = [
    (
        "garden",
        "plants",
        "Plant",
        "plant",
        "plants",
        "A plant growing in one of the garden beds.",
        [
            ("name", "str", ["fern", "foxglove", "sage", "rhubarb", "lavender", "mint", "sorrel"]),
            ("height", "float", (0.1, 2.4)),
            ("water", "int", (1, 9)),
            ("bed", "str", ["north", "south", "pond", "wall"]),
        ],
        ("is_perennial", "perennial"),
    ),
    (
        "ferry",
        "passengers",
        "Passenger",
        "passenger",
        "passengers",
        "One person booked on a crossing.",
        [
            ("name", "str", ["Ada", "Bram", "Cora", "Dunstan", "Elsie", "Fitz", "Greta"]),
            ("fare", "float", (2.0, 30.0)),
            ("weight", "float", (40.0, 120.0)),
            ("deck", "str", ["upper", "lower", "cabin"]),
        ],
        ("has_luggage", "with_luggage"),
    ),
    (
        "bakery",
        "loaves",
        "Loaf",
        "loaf",
        "loaves",
        "A loaf on the bakery shelf.",
        [
            ("kind", "str", ["rye", "sourdough", "barley", "oat", "milk", "seeded"]),
            ("grams", "int", (400, 1200)),
            ("price", "float", (1.2, 5.5)),
            ("oven", "str", ["east", "west", "brick"]),
        ],
        ("is_sold", "sold"),
    ),
    (
        "library",
        "books",
        "Book",
        "book",
        "books",
        "A book in the lending library.",
        [
            (
                "title",
                "str",
                [
                    "The Salt Road",
                    "A Winter Ledger",
                    "Moths of the Fen",
                    "Small Engines",
                    "The Quiet Harbour",
                    "Letters Home",
                ],
            ),
            ("pages", "int", (80, 900)),
            ("loans", "int", (0, 120)),
            ("author", "str", ["Pell", "Oakes", "Marsh", "Rowan", "Quill"]),
        ],
        ("is_lent", "lent"),
    ),
    (
        "weather",
        "readings",
        "Reading",
        "reading",
        "readings",
        "One set of measurements from a weather station.",
        [
            ("station", "str", ["weir", "hill", "quay", "mill", "airfield"]),
            ("temp", "float", (-8.0, 31.0)),
            ("wind", "float", (0.0, 40.0)),
            ("source", "str", ["manual", "logger", "radio"]),
        ],
        ("is_valid", "valid"),
    ),
    (
        "stock",
        "items",
        "Item",
        "item",
        "items",
        "A line in the storeroom inventory.",
        [
            ("sku", "str", ["A-100", "B-220", "C-315", "D-042", "E-777", "F-508"]),
            ("quantity", "int", (0, 500)),
            ("price", "float", (0.5, 80.0)),
            ("shelf", "str", ["top", "middle", "bottom", "back"]),
        ],
        ("is_fragile", "fragile"),
    ),
    (
        "orchard",
        "trees",
        "Tree",
        "tree",
        "trees",
        "A fruit tree and its last harvest.",
        [
            ("variety", "str", ["russet", "pippin", "bramley", "damson", "greengage", "quince"]),
            ("age", "int", (1, 80)),
            ("crop", "float", (5.0, 300.0)),
            ("row", "str", ["A", "B", "C", "D"]),
        ],
        ("is_pruned", "pruned"),
    ),
    (
        "planner",
        "tasks",
        "Task",
        "task",
        "tasks",
        "A job on the weekly list.",
        [
            ("title", "str", ["fix gate", "paint shed", "clear gutter", "order seed", "mend net"]),
            ("priority", "int", (1, 5)),
            ("hours", "float", (0.5, 12.0)),
            ("owner", "str", ["ana", "ben", "cal", "dee"]),
        ],
        ("is_done", "done"),
    ),
    (
        "music",
        "tracks",
        "Track",
        "track",
        "tracks",
        "A track in the listening library.",
        [
            (
                "title",
                "str",
                ["Low Tide", "Paper Boats", "Marsh Song", "The Long Field", "Lanterns"],
            ),
            ("seconds", "int", (120, 420)),
            ("plays", "int", (0, 5000)),
            ("artist", "str", ["The Herons", "Ivy Lane", "Mol and Sparrow", "Far Weir"]),
        ],
        ("is_favourite", "favourite"),
    ),
    (
        "post",
        "parcels",
        "Parcel",
        "parcel",
        "parcels",
        "A parcel waiting to be delivered.",
        [
            ("sender", "str", ["Hobb", "Lacey", "Mercer", "Tull", "Wren"]),
            ("weight", "float", (0.1, 20.0)),
            ("postage", "float", (0.8, 25.0)),
            ("street", "str", ["Mill Lane", "Quay Street", "Church Row", "Fen Road"]),
        ],
        ("is_urgent", "urgent"),
    ),
    (
        "sky",
        "stars",
        "Star",
        "star",
        "stars",
        "A star in the observatory catalogue.",
        [
            ("name", "str", ["Orlen", "Vesk", "Tamsa", "Cyrel", "Halm", "Ebrin"]),
            ("magnitude", "float", (-1.5, 6.5)),
            ("distance", "float", (4.0, 900.0)),
            ("figure", "str", ["Heron", "Kettle", "Ferry", "Crown of Reeds"]),
        ],
        ("is_variable", "variable"),
    ),
    (
        "coast",
        "lamps",
        "Lamp",
        "lamp",
        "lamps",
        "The lamp of one lighthouse on the coast.",
        [
            ("tower", "str", ["Gull Point", "North Head", "Skerry", "Black Rock", "Saltings"]),
            ("hours", "float", (2.0, 16.0)),
            ("oil", "float", (0.5, 12.0)),
            ("keeper", "str", ["Mott", "Penn", "Harker", "Ives"]),
        ],
        ("is_lit", "lit"),
    ),
]

FLAG_TEXT = {
    "is_perennial": "that are perennial",
    "has_luggage": "carrying luggage",
    "is_sold": "already sold",
    "is_lent": "out on loan",
    "is_valid": "marked valid",
    "is_fragile": "marked fragile",
    "is_pruned": "already pruned",
    "is_done": "already done",
    "is_favourite": "marked as favourites",
    "is_urgent": "marked urgent",
    "is_variable": "known to vary",
    "is_lit": "currently lit",
}

# Function templates for lists of records.  $item/$items/$Entity name the record, $nf a
# numeric field, $tf a text field, $flag/$flagword the boolean flag.  Lines starting with
# "?" are optional comments.  (requires, imports, takes just the list?, template)
RECORD_PATTERNS = {
    "total": (
        (),
        (),
        True,
        '''
def total_$nf($items):
    """Return the sum of $nf over all $items."""
    total = 0
    for $item in $items:
        total += $item.$nf
    return total
''',
    ),
    "above": (
        (),
        (),
        False,
        '''
def ${items}_above_$nf($items, limit=$N):
    """Return the $items whose $nf is greater than limit."""
    return [$item for $item in $items if $item.$nf > limit]
''',
    ),
    "group": (
        (),
        ("from collections import defaultdict",),
        True,
        '''
def group_by_$tf($items):
    """Group $items into a dict keyed by $tf, keeping their order."""
    groups = defaultdict(list)
    for $item in $items:
        groups[$item.$tf].append($item)
    return dict(groups)
''',
    ),
    "find": (
        (),
        (),
        False,
        '''
def find_${item}_by_$tf($items, $tf):
    """Return the first $item with the given $tf, or None."""
    for $item in $items:
        if $item.$tf == $tf:
            return $item
    ?# nothing matched
    return None
''',
    ),
    "average": (
        (),
        (),
        True,
        '''
def average_$nf($items):
    """Return the mean $nf, or 0.0 when there are no $items."""
    if not $items:
        return 0.0
    return sum(x.$nf for x in $items) / len($items)
''',
    ),
    "best": (
        (),
        (),
        True,
        '''
def ${item}_with_most_$nf($items):
    """Return the $item with the largest $nf (the first one on a tie)."""
    best = None
    for $item in $items:
        if best is None or $item.$nf > best.$nf:
            best = $item
    return best
''',
    ),
    "validate": (
        (),
        (),
        False,
        '''
def validate_$item($item):
    """Raise ValueError if the $item cannot be used."""
    if $item.$nf < 0:
        raise ValueError(f"negative $nf: {$item.$nf}")
    if not $item.$tf:
        raise ValueError("$item has no $tf")
    ?# everything else is optional
    return True
''',
    ),
    "describe": (
        (),
        (),
        False,
        '''
def describe_$item($item):
    """Return a short human-readable line for one $item."""
    mark = "*" if $item.$flag else " "
    return f"{mark} {$item.$tf:<16} $nf={$item.$nf}"
''',
    ),
    "parse": ((), (), False, None),
    "count": (
        (),
        (),
        True,
        '''
def count_$flagword($items):
    """Count the $items $flagtext."""
    count = 0
    for $item in $items:
        if $item.$flag:
            count += 1
    return count
''',
    ),
    "scale": (
        (),
        (),
        False,
        '''
def scale_$nf($items, factor):
    """Multiply the $nf of every $item by factor, in place."""
    if factor <= 0:
        raise ValueError("factor must be positive")
    for $item in $items:
        $item.$nf = round($item.$nf * factor, 2)
''',
    ),
    "sorted": (
        (),
        (),
        True,
        '''
def sorted_by_$nf($items, reverse=False):
    """Return a new list of the $items ordered by $nf."""
    return sorted($items, key=lambda x: x.$nf, reverse=reverse)
''',
    ),
    "batches": (
        (),
        (),
        False,
        '''
def batches_of_$items($items, size=$N):
    """Yield lists of at most size $items, in order."""
    if size < 1:
        raise ValueError("size must be at least 1")
    batch = []
    for $item in $items:
        batch.append($item)
        if len(batch) == size:
            yield batch
            batch = []
    ?# the last batch may be short
    if batch:
        yield batch
''',
    ),
    "summary": (
        (),
        (),
        True,
        '''
def summarize_$nf($items):
    """Return a dict of simple statistics about the $nf of the $items."""
    values = [x.$nf for x in $items]
    if not values:
        return {"count": 0}
    return {
        "count": len(values),
        "min": min(values),
        "max": max(values),
        "mean": round(sum(values) / len(values), 2),
    }
''',
    ),
    "load": (
        ("parse",),
        (),
        False,
        '''
def load_$items(path):
    """Read $items from a text file, skipping comments and blank lines."""
    $items = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                $items.append(parse_$item(line))
            except ValueError as error:
                raise ValueError(f"{path}:{number}: {error}") from error
    return $items
''',
    ),
    "merge": (
        (),
        (),
        False,
        '''
def merge_$items(old, new):
    """Combine two lists; entries in new replace those in old with the same $key."""
    by_$key = {x.$key: x for x in old}
    for $item in new:
        by_$key[$item.$key] = $item
    return list(by_$key.values())
''',
    ),
    "share": (
        (),
        (),
        True,
        '''
def share_$flagword($items):
    """Return the fraction of $items $flagtext, from 0.0 to 1.0."""
    if not $items:
        return 0.0
    flagged = sum(1 for x in $items if x.$flag)
    return flagged / len($items)
''',
    ),
    "histogram": (
        (),
        (),
        True,
        '''
def histogram_$nf($items, width=$W):
    """Count the $items in buckets of $nf, each bucket width wide."""
    buckets = {}
    for $item in $items:
        start = int($item.$nf // width) * width
        buckets[start] = buckets.get(start, 0) + 1
    return dict(sorted(buckets.items()))
''',
    ),
    "changed": (
        (),
        (),
        False,
        '''
def changed_$nf(before, after):
    """Yield ($key, old, new) for every $item whose $nf has changed."""
    old_values = {x.$key: x.$nf for x in before}
    for $item in after:
        old = old_values.get($item.$key)
        if old is not None and old != $item.$nf:
            yield $item.$key, old, $item.$nf
''',
    ),
    "to_dict": ((), (), False, None),
    "save": (
        ("to_dict",),
        ("import json",),
        False,
        '''
def save_$items($items, path):
    """Write the $items to path as a JSON list."""
    data = [${item}_to_dict(x) for x in $items]
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
        handle.write("\\n")
''',
    ),
    "top": (
        (),
        (),
        True,
        '''
def top_$items($items, n=$N):
    """Return the n $items with the largest $nf."""
    ranked = sorted($items, key=lambda x: x.$nf, reverse=True)
    return ranked[:n]
''',
    ),
    "budget": (
        (),
        (),
        False,
        '''
def take_within_$nf($items, budget):
    """Take $items in order until their total $nf would pass budget.

    Returns the chosen $items and the $nf they use between them.
    """
    chosen = []
    used = 0
    index = 0
    while index < len($items) and used + $items[index].$nf <= budget:
        used += $items[index].$nf
        chosen.append($items[index])
        index += 1
    return chosen, used
''',
    ),
    "table": (
        (),
        (),
        True,
        '''
def format_table($items):
    """Return the $items as a fixed-width text table, one per line."""
    width = max((len(x.$tf) for x in $items), default=4)
    lines = [f"{'$tf':<{width}}  {'$nf':>10}"]
    lines.append("-" * (width + 12))
    for $item in $items:
        lines.append(f"{$item.$tf:<{width}}  {$item.$nf:>10}")
    return "\\n".join(lines)
''',
    ),
}

STORE_TEMPLATE = '''
class ${Entity}Store:
    """Keep $items by $key, with quick lookup and iteration."""

    def __init__(self, $items=()):
        self._by_$key = {}
        for $item in $items:
            self.add($item)

    def add(self, $item):
        """Add a $item, refusing a second one with the same $key."""
        if $item.$key in self._by_$key:
            raise KeyError(f"duplicate $key: {$item.$key!r}")
        self._by_$key[$item.$key] = $item

    @classmethod
    def from_rows(cls, rows):
        """Build a store from tuples of ${Entity} arguments."""
        return cls(${Entity}(*row) for row in rows)

    def get(self, $key, default=None):
        return self._by_$key.get($key, default)

    def remove(self, $key):
        """Remove and return the $item with this $key, or None."""
        return self._by_$key.pop($key, None)

    def total_$nf(self):
        return sum($item.$nf for $item in self._by_$key.values())

    def $flagword(self):
        """Return the $items $flagtext, in insertion order."""
        return [$item for $item in self._by_$key.values() if $item.$flag]

    def __contains__(self, $key):
        return $key in self._by_$key

    def __len__(self):
        return len(self._by_$key)

    def __iter__(self):
        return iter(self._by_$key.values())
'''

# Stand-alone helpers for the util modules: (module, template).
UTILITY_FUNCTIONS = [
    (
        "numbers",
        '''
def gcd(a, b):
    """Return the greatest common divisor of two integers."""
    a, b = abs(a), abs(b)
    while b:
        a, b = b, a % b
    return a
''',
    ),
    (
        "numbers",
        '''
def is_prime(n):
    """Return True if n is a prime number."""
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    divisor = 3
    while divisor * divisor <= n:
        if n % divisor == 0:
            return False
        divisor += 2
    return True
''',
    ),
    (
        "numbers",
        '''
def clamp(value, low=$LOW, high=$HIGH):
    """Keep value inside the closed range [low, high]."""
    if low > high:
        raise ValueError("low must not be greater than high")
    return max(low, min(high, value))
''',
    ),
    (
        "numbers",
        '''
def lerp(start, end, t):
    """Return the point a fraction t of the way from start to end."""
    return start + (end - start) * t
''',
    ),
    (
        "numbers",
        '''
def median(values):
    """Return the middle value of a non-empty sequence of numbers."""
    if not values:
        raise ValueError("median of an empty sequence")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
''',
    ),
    (
        "numbers",
        '''
def moving_average(values, window=$SMALL):
    """Yield the mean of each run of window consecutive values."""
    if window < 1:
        raise ValueError("window must be at least 1")
    total = 0
    for index, value in enumerate(values):
        total += value
        if index >= window:
            total -= values[index - window]
        if index >= window - 1:
            yield total / window
''',
    ),
    (
        "numbers",
        '''
def to_roman(number):
    """Write a positive integer below 4000 in Roman numerals."""
    if not 0 < number < 4000:
        raise ValueError("number out of range")
    parts = []
    for value, letters in ROMAN_TABLE:
        while number >= value:
            parts.append(letters)
            number -= value
    return "".join(parts)
''',
    ),
    (
        "numbers",
        '''
def percent(part, whole, places=1):
    """Return part as a percentage of whole, rounded to places."""
    if whole == 0:
        return 0.0
    return round(100 * part / whole, places)
''',
    ),
    (
        "text",
        '''
def word_counts(text):
    """Count how often each lower-case word appears in text."""
    counts = {}
    for word in text.lower().split():
        word = word.strip(".,;:!?\\"'()")
        if word:
            counts[word] = counts.get(word, 0) + 1
    return counts
''',
    ),
    (
        "text",
        '''
def run_length_encode(text):
    """Compress runs of repeated characters: "aaab" becomes [("a", 3), ("b", 1)]."""
    runs = []
    for char in text:
        if runs and runs[-1][0] == char:
            runs[-1] = (char, runs[-1][1] + 1)
        else:
            runs.append((char, 1))
    return runs
''',
    ),
    (
        "text",
        '''
def run_length_decode(runs):
    """Undo run_length_encode."""
    return "".join(char * count for char, count in runs)
''',
    ),
    (
        "text",
        '''
def is_palindrome(text):
    """Return True if text reads the same both ways, ignoring case and spaces."""
    letters = [c.lower() for c in text if c.isalnum()]
    return letters == letters[::-1]
''',
    ),
    (
        "text",
        '''
def chunk_text(text, size=$WIDTH):
    """Split text into pieces of at most size characters."""
    if size < 1:
        raise ValueError("size must be at least 1")
    return [text[i : i + size] for i in range(0, len(text), size)]
''',
    ),
    (
        "text",
        '''
def shift_letters(text, shift=$SMALL):
    """Move each letter shift places along the alphabet, wrapping around."""
    result = []
    for char in text:
        if char.isalpha():
            base = ord("a") if char.islower() else ord("A")
            result.append(chr((ord(char) - base + shift) % 26 + base))
        else:
            result.append(char)
    return "".join(result)
''',
    ),
    (
        "text",
        '''
def parse_duration(text):
    """Turn "1h30m" or "45s" into a number of seconds."""
    total = 0
    number = ""
    for char in text.strip():
        if char.isdigit():
            number += char
        elif char in UNITS and number:
            total += int(number) * UNITS[char]
            number = ""
        else:
            raise ValueError(f"bad duration: {text!r}")
    if number:
        raise ValueError(f"missing unit in {text!r}")
    return total
''',
    ),
    (
        "text",
        '''
def slugify(text):
    """Lower-case text and join its words with hyphens."""
    words = []
    for word in text.lower().split():
        cleaned = "".join(c for c in word if c.isalnum())
        if cleaned:
            words.append(cleaned)
    return "-".join(words)
''',
    ),
    (
        "lists",
        '''
def flatten(nested):
    """Flatten one level of nesting: [[1, 2], [3]] becomes [1, 2, 3]."""
    return [item for group in nested for item in group]
''',
    ),
    (
        "lists",
        '''
def dedupe(items):
    """Drop repeated items, keeping the first of each."""
    seen = set()
    result = []
    for item in items:
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result
''',
    ),
    (
        "lists",
        '''
def binary_search(values, target):
    """Return the index of target in the sorted list values, or -1."""
    low, high = 0, len(values) - 1
    while low <= high:
        middle = (low + high) // 2
        if values[middle] == target:
            return middle
        if values[middle] < target:
            low = middle + 1
        else:
            high = middle - 1
    return -1
''',
    ),
    (
        "lists",
        '''
def transpose(rows):
    """Swap rows and columns of a rectangular list of lists."""
    if not rows:
        return []
    return [list(column) for column in zip(*rows)]
''',
    ),
    (
        "lists",
        '''
def pairwise_differences(values):
    """Return the differences between neighbouring values."""
    return [b - a for a, b in zip(values, values[1:])]
''',
    ),
    (
        "lists",
        '''
def rotate(items, steps=1):
    """Rotate a list to the left by steps places."""
    if not items:
        return []
    steps %= len(items)
    return items[steps:] + items[:steps]
''',
    ),
    (
        "lists",
        '''
def window(items, size=$SMALL):
    """Yield overlapping tuples of size neighbouring items."""
    for start in range(len(items) - size + 1):
        yield tuple(items[start : start + size])
''',
    ),
]

UTILITY_CONSTANTS = {
    "to_roman": 'ROMAN_TABLE = [\n    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"),\n'
    '    (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),\n'
    '    (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),\n]',
    "parse_duration": 'UNITS = {"h": 3600, "m": 60, "s": 1}',
}

LOCAL_PACKAGES = {d[0] for d in DOMAINS} | {"util"}

COMMENT_HEADERS = [
    "Helpers for working with {items}.",
    "Small functions over lists of {items}.",
    "{Entity} records and the everyday questions we ask about them.",
    "Reading, checking and summarizing {items}.",
]


class CodeWriter:
    """Builds the code corpus module by module."""

    def __init__(self, seed: int) -> None:
        self.rng = Random(seed)

    def sample_value(self, ftype: str, spec) -> str:
        rng = self.rng
        if ftype == "str":
            return repr(rng.choice(spec)).replace("'", '"')
        if ftype == "int":
            return str(rng.randint(*spec))
        return str(round(rng.uniform(*spec), 1))

    def sample_rows(self, domain: tuple, count: int) -> list[dict[str, str]]:
        """Example constructor arguments (as source text), with distinct keys."""
        fields, flag = domain[6], domain[7][0]
        keys = self.rng.sample(fields[0][2], min(count, len(fields[0][2])))
        rows = []
        for key in keys:
            row = {fields[0][0]: repr(key).replace("'", '"')}
            row.update({n: self.sample_value(t, s) for n, t, s in fields[1:]})
            row[flag] = self.rng.choice(["True", "False"])
            rows.append(row)
        return rows

    def mapping(self, domain: tuple, nf: str, tf: str) -> dict:
        pkg, module, entity, item, items, doc, fields, (flag, flagword) = domain
        return {
            "item": item,
            "items": items,
            "Entity": entity,
            "nf": nf,
            "tf": tf,
            "key": fields[0][0],
            "flag": flag,
            "flagword": flagword,
            "flagtext": FLAG_TEXT[flag],
            "N": str(self.rng.choice([3, 5, 10, 20, 50, 100])),
            "W": str(self.rng.choice([5, 10, 25, 50, 100])),
        }

    def render(self, template: str, mapping: dict) -> str:
        text = Template(template).substitute(mapping)
        lines = []
        for line in text.strip("\n").split("\n"):
            stripped = line.lstrip()
            if stripped.startswith("?#"):
                if self.rng.random() < 0.5:
                    lines.append(line.replace("?#", "#", 1))
                continue
            lines.append(line)
        return "\n".join(lines)

    def entity_class(self, domain: tuple) -> tuple[str, set[str]]:
        pkg, module, entity, item, items, doc, fields, (flag, _) = domain
        if self.rng.random() < 0.6:
            lines = ["@dataclass", f"class {entity}:", f'    """{doc}"""', ""]
            lines.append(f"    {fields[0][0]}: str")
            for name, ftype, _spec in fields[1:]:
                default = {"str": '""', "int": "0", "float": "0.0"}[ftype]
                lines.append(f"    {name}: {ftype} = {default}")
            lines.append(f"    {flag}: bool = False")
            return "\n".join(lines), {"from dataclasses import dataclass"}
        params = ", ".join(
            [fields[0][0]]
            + [
                f"{n}={ {'str': chr(34) * 2, 'int': '0', 'float': '0.0'}[t] }"
                for n, t, _ in fields[1:]
            ]
            + [f"{flag}=False"]
        )
        lines = [f"class {entity}:", f'    """{doc}"""', "", f"    def __init__(self, {params}):"]
        for name, _t, _s in fields:
            lines.append(f"        self.{name} = {name}")
        lines.append(f"        self.{flag} = {flag}")
        shown = [f"{n}={{self.{n}!r}}" if t == "str" else f"{n}={{self.{n}}}" for n, t, _ in fields]
        lines += [
            "",
            "    def __repr__(self):",
            "        return (",
            f'            f"{entity}({", ".join(shown[:2])}, "',
            f'            f"{", ".join(shown[2:])})"',
            "        )",
            "",
            "    def _key(self):",
            f"        return ({', '.join(f'self.{n}' for n, _, _ in fields)})",
            "",
            "    def __eq__(self, other):",
            f"        if not isinstance(other, {entity}):",
            "            return NotImplemented",
            "        return self._key() == other._key()",
        ]
        return "\n".join(lines), set()

    def special(self, name: str, domain: tuple) -> str:
        pkg, module, entity, item, items, doc, fields, (flag, _) = domain
        if name == "parse":
            lines = [
                f"def parse_{item}(line):",
                f'    """Build a {entity} from one comma-separated line of text."""',
                '    parts = [part.strip() for part in line.split(",")]',
                f"    if len(parts) != {len(fields) + 1}:",
                f'        raise ValueError(f"expected {len(fields) + 1} fields, '
                'got {len(parts)}")',
                f"    return {entity}(",
            ]
            for index, (fname, ftype, _spec) in enumerate(fields):
                value = f"parts[{index}]" if ftype == "str" else f"{ftype}(parts[{index}])"
                lines.append(f"        {fname}={value},")
            lines.append(f'        {flag}=parts[{len(fields)}].lower() in ("yes", "true", "1"),')
            lines.append("    )")
            return "\n".join(lines)
        lines = [
            f"def {item}_to_dict({item}):",
            '    """Return a plain dict, ready for JSON."""',
            "    return {",
        ]
        for fname, _t, _s in fields:
            lines.append(f'        "{fname}": {item}.{fname},')
        lines.append(f'        "{flag}": {item}.{flag},')
        lines.append("    }")
        return "\n".join(lines)

    def functions(self, domain: tuple, count: int, exclude: set[str]) -> tuple[list, set, list]:
        """Choose and render ``count`` record functions; returns (blocks, imports, callables)."""
        rng = self.rng
        fields = domain[6]
        numeric = [f[0] for f in fields if f[1] in ("int", "float")]
        text = [f[0] for f in fields if f[1] == "str"]
        names = [n for n in RECORD_PATTERNS if n not in exclude]
        chosen = rng.sample(names, min(count, len(names)))
        for name in list(chosen):
            for need in RECORD_PATTERNS[name][0]:
                if need not in chosen and need not in exclude:
                    chosen.insert(chosen.index(name), need)
        blocks, imports, callables = [], set(), []
        for name in chosen:
            needs, extra, list_only, template = RECORD_PATTERNS[name]
            imports.update(extra)
            if template is None:
                blocks.append(self.special(name, domain))
                continue
            mapping = self.mapping(domain, rng.choice(numeric), rng.choice(text))
            block = self.render(template, mapping)
            blocks.append(block)
            if list_only:
                callables.append(block.split("(")[0].split()[-1])
        return blocks, imports, callables

    def module_text(self, header: str, doc: str, imports: set[str], body: list[str]) -> str:
        local = sorted(i for i in imports if i.split()[1].split(".")[0] in LOCAL_PACKAGES)
        plain = sorted(i for i in imports if i.startswith("import ") and i not in local)
        froms = sorted(i for i in imports if i.startswith("from ") and i not in local)
        lines = [f"# ==== {header} ====", f'"""{doc}"""', ""]
        if plain or froms:
            lines += plain + froms + [""]
        if local:
            lines += local + [""]
        gap = "\n\n" if body[0].startswith(("def ", "class ", "@")) else "\n"
        text = "\n".join(lines) + gap + "\n\n\n".join(body) + "\n"
        ast.parse(text)  # every module must be valid Python
        return text

    def domain_modules(self, domain: tuple) -> list[str]:
        rng = self.rng
        pkg, module, entity, item, items, doc, fields, (flag, flagword) = domain
        klass, imports = self.entity_class(domain)
        blocks, more, callables = self.functions(domain, rng.randint(6, 9), set())
        imports |= more
        body = []
        constants = []
        for fname, ftype, spec in fields[1:]:
            if ftype != "str" and rng.random() < 0.35:
                limit = spec[1] * 2 if ftype == "int" else round(spec[1] * 1.5, 1)
                constants.append(f"MAX_{fname.upper()} = {limit}")
        if constants:
            body.append("\n".join(constants))
        body.append(klass)
        body += blocks
        if callables and rng.random() < 0.5:
            samples = []
            for row in self.sample_rows(domain, rng.randint(3, 5)):
                args = list(row.values())
                if args[-1] == "False":
                    args.pop()
                samples.append(f"        {entity}({', '.join(args)}),")
            main = ['if __name__ == "__main__":', "    sample = ["] + samples + ["    ]"]
            for name in rng.sample(callables, min(len(callables), rng.randint(2, 3))):
                main.append(f"    print({name}(sample))")
            body.append("\n".join(main))
        doc_line = rng.choice(COMMENT_HEADERS).format(items=items, Entity=entity)
        modules = [self.module_text(f"{pkg}/{module}.py", doc_line, imports, body)]

        # a second module: a store class and a few more helpers that import the first
        taken = {b.split("(")[0].split()[-1] for b in blocks}
        exclude = {n for n in RECORD_PATTERNS if any(n in t for t in taken)}
        exclude |= {"parse", "load", "save", "to_dict"}
        extra_blocks, extra_imports, _ = self.functions(domain, rng.randint(2, 4), exclude)
        numeric = [f[0] for f in fields if f[1] in ("int", "float")]
        store = self.render(STORE_TEMPLATE, self.mapping(domain, rng.choice(numeric), "x"))
        extra_imports.add(f"from {pkg}.{module} import {entity}")
        second = [store] + extra_blocks if rng.random() < 0.7 else extra_blocks + [store]
        name = rng.choice(["store", "reports", "tools", "index"])
        modules.append(
            self.module_text(
                f"{pkg}/{name}.py", f"Keeping and reporting on {items}.", extra_imports, second
            )
        )
        tests = self.test_module(domain, blocks)
        if tests:
            modules.append(tests)
        return modules

    def test_module(self, domain: tuple, blocks: list[str]) -> str:
        rng = self.rng
        pkg, module, entity, item, items, doc, fields, (flag, flagword) = domain
        types = {n: t for n, t, _s in fields}
        key = fields[0][0]
        rows = self.sample_rows(domain, 4)
        maker = [f"def make_{items}():", "    return ["]
        for row in rows:
            maker.append(f"        {entity}({', '.join(row.values())}),")
        maker.append("    ]")
        tests = ["\n".join(maker)]
        imported = []
        setup = f"    {items} = make_{items}()\n"

        def add(name: str, body: str, suffix: str = "") -> None:
            imported.append(name)
            tests.append(f"def test_{name}{suffix}():\n{body}")

        for block in blocks:
            name = block.split("(")[0].split()[-1]
            if name.startswith("total_"):
                field = name[len("total_") :]
                total = sum(ast.literal_eval(r[field]) for r in rows)
                expected = total if types[field] == "int" else f"pytest.approx({round(total, 2)})"
                add(name, f"{setup}    assert {name}({items}) == {expected}")
            elif name.startswith("count_"):
                expected = sum(r[flag] == "True" for r in rows)
                add(name, f"    assert {name}(make_{items}()) == {expected}")
            elif name.startswith("share_"):
                expected = sum(r[flag] == "True" for r in rows) / 4
                add(
                    name,
                    f"{setup}    assert {name}({items}) == pytest.approx({expected})\n"
                    f"    assert {name}([]) == 0.0",
                )
            elif name.startswith("find_"):
                field = name.split("_by_")[1]
                wanted = rows[rng.randrange(4)][field]
                add(
                    name,
                    f"{setup}    found = {name}({items}, {wanted})\n"
                    f"    assert found is not None\n    assert found.{field} == {wanted}\n"
                    f'    assert {name}({items}, "no such {field}") is None',
                )
            elif name.startswith("sorted_by_"):
                field = name[len("sorted_by_") :]
                add(
                    name,
                    f"    result = {name}(make_{items}())\n"
                    f"    values = [x.{field} for x in result]\n"
                    "    assert values == sorted(values)",
                )
            elif name.startswith("average_"):
                add(name, f"    assert {name}([]) == 0.0", "_of_nothing")
            elif name.startswith("validate_"):
                add(
                    name,
                    f"    for {item} in make_{items}():\n        assert {name}({item})",
                    f"_accepts_good_{items}",
                )
            elif name.startswith("group_by_"):
                add(
                    name,
                    f"    groups = {name}(make_{items}())\n"
                    "    assert sum(len(group) for group in groups.values()) == 4",
                )
            elif "_with_most_" in name:
                field = name.split("_with_most_")[1]
                add(
                    name,
                    f"{setup}    best = {name}({items})\n"
                    f"    assert best.{field} == max(x.{field} for x in {items})",
                )
            elif name.startswith("summarize_"):
                add(
                    name,
                    f'    assert {name}(make_{items}())["count"] == 4\n'
                    f'    assert {name}([]) == {{"count": 0}}',
                )
            elif name.startswith("top_"):
                add(name, f"    assert len({name}(make_{items}(), n=2)) == 2")
            elif name.startswith("histogram_"):
                add(name, f"    assert sum({name}(make_{items}()).values()) == 4")
            elif name == "format_table":
                add(
                    name,
                    f"    lines = {name}(make_{items}()).splitlines()\n    assert len(lines) == 6",
                )
            elif name.startswith("batches_of_"):
                add(
                    name,
                    f"    sizes = [len(b) for b in {name}(make_{items}(), size=3)]\n"
                    "    assert sizes == [3, 1]",
                )
            elif name.startswith("merge_"):
                add(
                    name,
                    f"{setup}    merged = {name}({items}, {items})\n"
                    f"    assert len(merged) == len({{x.{key} for x in {items}}})",
                )
            elif name.startswith("changed_"):
                add(
                    name,
                    f"{setup}    assert list({name}({items}, {items})) == []",
                    "_finds_nothing_new",
                )
            elif name.startswith("parse_"):
                row = rng.choice(rows)
                text = ", ".join(
                    ast.literal_eval(v) if types.get(n) == "str" else v
                    for n, v in row.items()
                    if n != flag
                )
                text += ", yes" if row[flag] == "True" else ", no"
                add(
                    name,
                    f'    {item} = {name}("{text}")\n'
                    f"    assert {item}.{key} == {row[key]}\n"
                    f"    assert {item}.{flag} is {row[flag]}",
                )
        if len(tests) < 3:
            return ""
        imports = {"import pytest"} if any("pytest." in t for t in tests) else set()
        names = [entity] + sorted(set(imported))
        line = f"from {pkg}.{module} import {', '.join(names)}"
        if len(line) > 99:
            line = f"from {pkg}.{module} import (\n" + "".join(f"    {n},\n" for n in names) + ")"
        imports.add(line)
        return self.module_text(
            f"tests/test_{module}.py", f"Tests for {pkg}.{module}.", imports, tests
        )

    def utility_module(self, name: str) -> str:
        rng = self.rng
        pool = [t for m, t in UTILITY_FUNCTIONS if m == name]
        chosen = rng.sample(pool, rng.randint(4, min(6, len(pool))))
        mapping = {
            "LOW": str(rng.choice([0, 0, 1, -1])),
            "HIGH": str(rng.choice([1, 10, 100, 255])),
            "SMALL": str(rng.choice([2, 3, 4, 5])),
            "WIDTH": str(rng.choice([16, 32, 64, 80])),
        }
        blocks = [self.render(t, mapping) for t in chosen]
        constants = [
            c for key, c in UTILITY_CONSTANTS.items() if any(key + "(" in b for b in blocks)
        ]
        doc = {
            "numbers": "Little numeric helpers.",
            "text": "Helpers for strings.",
            "lists": "Helpers for lists and other sequences.",
        }[name]
        return self.module_text(f"util/{name}.py", doc, set(), constants + blocks)

    def generate(self, target_bytes: int) -> str:
        rng = self.rng
        modules: list[str] = []
        domains = list(DOMAINS)
        rng.shuffle(domains)
        utilities = ["numbers", "text", "lists"]
        size = 0
        for index, domain in enumerate(domains):
            if size >= target_bytes:
                break
            for text in self.domain_modules(domain):
                modules.append(text)
                size += len(text) + 2
            if index % 4 == 1 and utilities:
                text = self.utility_module(utilities.pop(0))
                modules.append(text)
                size += len(text) + 2
        return "\n\n".join(modules)


def generate_code(seed: int = 1991, target_bytes: int = 62_000) -> str:
    return CodeWriter(seed).generate(target_bytes)


# --------------------------------------------------------------------------------------------
# logs.txt - service logs with timestamps, levels, components and request ids
# --------------------------------------------------------------------------------------------

QUAYS = ["North Quay", "Mill Steps", "Fen Landing", "Thistlemere Pier", "Old Dock"]
SQL = [
    "SELECT * FROM bookings WHERE sailing_id = ?",
    "UPDATE sailings SET seats_left = seats_left - ? WHERE id = ?",
    "SELECT id, name FROM passengers WHERE email = ?",
    "INSERT INTO payments (booking_id, amount, state) VALUES (?, ?, ?)",
]
TRACES = {
    "pay": [("pay.gateway.charge", "gateway.py", 118), ("pay.service.settle", "service.py", 64)],
    "mail": [("mail.smtp.send", "smtp.py", 57), ("mail.outbox.flush", "outbox.py", 33)],
    "db": [("db.pool.acquire", "pool.py", 142), ("db.session.begin", "session.py", 20)],
}
ERRORS = {
    "pay": [
        "TimeoutError: gateway did not answer in 30 s",
        "CardDeclined: insufficient funds",
        "ConnectionResetError: peer closed the connection",
    ],
    "mail": [
        "SMTPServerDisconnected: connection unexpectedly closed",
        "TimeoutError: mail relay did not answer in 10 s",
    ],
    "db": ["PoolTimeout: no free connection after 5 s", "DeadlockDetected: transaction aborted"],
}


class LogWriter:
    def __init__(self, seed: int) -> None:
        self.rng = Random(seed)
        self.lines: list[str] = []
        self.ms = 0
        self.day = 0
        self.booking = 20_000
        self.job = 5_000
        self.pending: list[tuple[str, str, str, int]] = []

    def stamp(self) -> str:
        seconds, ms = divmod(self.ms, 1000)
        minutes, seconds = divmod(seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return f"2031-03-{4 + self.day:02d} {hours:02d}:{minutes:02d}:{seconds:02d}.{ms:03d}"

    def log(self, level: str, component: str, message: str, gap: tuple[int, int] = (200, 40_000)):
        self.ms += self.rng.randint(*gap)
        self.lines.append(f"{self.stamp()} {level:<5} [{component}] {message}")

    def req_id(self) -> str:
        return f"{self.rng.getrandbits(24):06x}"

    def boot(self) -> None:
        rng = self.rng
        self.ms = (5 * 3600 + rng.randint(50, 59) * 60) * 1000 + rng.randint(0, 999)
        pid = rng.randint(2000, 9000)
        fast = (5, 400)
        self.log("INFO", "main", f"harbourd 2.4.{self.day + 1} starting (pid {pid})", fast)
        keys = rng.randint(12, 18)
        self.log("INFO", "config", f"loaded /etc/harbourd/harbourd.toml ({keys} keys)", fast)
        took = rng.randint(20, 90)
        self.log("INFO", "db", f"pool ready: 8 connections to db-1:5432 in {took} ms", fast)
        keys, took = rng.randint(200, 900), rng.randint(40, 300)
        self.log("INFO", "cache", f"warmed {keys} keys in {took} ms", fast)
        self.log("INFO", "http", "listening on 0.0.0.0:8080", fast)

    def request(self) -> None:
        rng = self.rng
        rid = self.req_id()
        kind = rng.choices(
            [
                "health",
                "sailings",
                "sailing",
                "ticket",
                "booking",
                "get_booking",
                "cancel",
                "login",
                "static",
            ],
            weights=[3, 4, 4, 5, 4, 3, 1, 2, 3],
        )[0]
        user = f" user=u{rng.randint(1000, 1400)}"
        if kind == "health":
            self.log("DEBUG", "http", f"req={rid} GET /health -> 200 ({rng.randint(0, 2)} ms)")
        elif kind == "sailings":
            self.log(
                "INFO",
                "http",
                f"req={rid} GET /api/v1/sailings?date=2031-03-"
                f"{4 + self.day:02d} -> 200 ({rng.randint(8, 60)} ms)",
            )
        elif kind == "sailing":
            sailing = f"S-{rng.randint(6, 20):02d}{rng.choice(['00', '15', '30', '45'])}"
            if rng.random() < 0.5:
                self.log("DEBUG", "cache", f"hit sailings:{sailing} (age {rng.randint(1, 300)} s)")
            else:
                self.log("DEBUG", "cache", f"miss sailings:{sailing}")
            self.log(
                "INFO",
                "http",
                f"req={rid} GET /api/v1/sailings/{sailing} -> 200 ({rng.randint(4, 40)} ms)",
                (1, 40),
            )
        elif kind == "ticket":
            ticket = rng.randint(1000, 9999)
            status, level = (200, "INFO") if rng.random() < 0.9 else (404, "WARN")
            self.log(
                level,
                "http",
                f"req={rid} GET /api/v1/tickets/{ticket} -> {status} "
                f"({rng.randint(2, 30)} ms){user}",
            )
        elif kind == "booking":
            self.booking += rng.randint(1, 3)
            self.log("INFO", "http", f"req={rid} POST /api/v1/bookings{user}")
            self.pending.append((rid, "booking", f"B-{self.booking}", rng.randint(2, 5)))
        elif kind == "get_booking":
            number = rng.randint(max(20_000, self.booking - 300), self.booking + 1)
            status, level = (200, "INFO") if number <= self.booking else (404, "WARN")
            self.log(
                level,
                "http",
                f"req={rid} GET /api/v1/bookings/B-{number} -> {status} "
                f"({rng.randint(3, 35)} ms){user}",
            )
        elif kind == "cancel":
            number = rng.randint(max(20_000, self.booking - 100), self.booking)
            self.log(
                "INFO",
                "http",
                f"req={rid} DELETE /api/v1/bookings/B-{number} -> 204 "
                f"({rng.randint(10, 60)} ms){user}",
            )
            self.log("INFO", "sched", f"released 1 seat on booking B-{number}", (1, 20))
        elif kind == "login":
            ok = rng.random() < 0.85
            self.log(
                "INFO" if ok else "WARN",
                "auth",
                f"req={rid} login {'ok' if ok else 'failed'} for u{rng.randint(1000, 1400)}"
                + ("" if ok else f" (attempt {rng.randint(1, 3)}/3)"),
            )
        else:
            asset = rng.choice(["app.js", "app.css", "logo.svg", "map.png"])
            status = rng.choice([200, 304, 304])
            self.log(
                "DEBUG",
                "http",
                f"req={rid} GET /static/{asset} -> {status} ({rng.randint(0, 4)} ms)",
            )

    def finish_pending(self) -> None:
        rng = self.rng
        still = []
        for rid, kind, booking, wait in self.pending:
            if wait > 0:
                still.append((rid, kind, booking, wait - 1))
                continue
            if rng.random() < 0.08:
                component = "pay"
                error = rng.choice(ERRORS[component])
                self.log("ERROR", component, f"req={rid} charge failed for {booking}: {error}")
                self.log("WARN", "http", f"req={rid} -> 502 ({rng.randint(900, 30500)} ms)", (1, 5))
            else:
                amount = rng.choice([4, 6, 8, 12, 16, 24]) * rng.choice([1, 1, 2, 3])
                self.log("INFO", "pay", f"req={rid} charged {amount}.00 GBP for {booking}")
                self.log(
                    "INFO",
                    "http",
                    f"req={rid} -> 201 {booking} ({rng.randint(60, 400)} ms)",
                    (1, 10),
                )
        self.pending = still

    def job_run(self) -> None:
        rng = self.rng
        self.job += 1
        name = rng.choice(["send-reminders", "rebuild-timetable", "expire-holds", "mail-receipts"])
        self.log("INFO", "worker", f"job {self.job} {name} started")
        if rng.random() < 0.12:
            component = rng.choice(list(TRACES))
            self.log(
                "ERROR",
                "worker",
                f"job {self.job} {name} failed: {rng.choice(ERRORS[component])}",
                (100, 3000),
            )
            for func, filename, line in TRACES[component]:
                self.lines.append(f"    at {func} ({filename}:{line})")
            self.lines.append(f"    at worker.run_job (worker.py:{rng.choice([201, 204])})")
            delay = rng.choice([30, 60, 120])
            self.log("INFO", "worker", f"job {self.job} will retry in {delay} s", (1, 5))
        else:
            count = rng.randint(0, 80)
            self.log(
                "INFO",
                "worker",
                f"job {self.job} {name} done: {count} items in {rng.randint(1, 90) / 10:.1f} s",
                (100, 5000),
            )

    def misc(self) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.3:
            quay = rng.choice(QUAYS)
            seats = rng.choice([40, 60, 80])
            sailing_hour = self.ms // 3_600_000 + 1
            self.log(
                "INFO",
                "sched",
                f"sailing S-{sailing_hour:02d}{rng.choice(['00', '30'])} "
                f"boarding at {quay}, {rng.randint(seats // 3, seats)}/{seats} booked",
            )
        elif roll < 0.5:
            self.log("WARN", "db", f"slow query {rng.randint(800, 4000)} ms: {rng.choice(SQL)}")
        elif roll < 0.75:
            self.log(
                "INFO",
                "metrics",
                f"rps={rng.randint(20, 250) / 10:.1f} "
                f"p50={rng.randint(8, 30)}ms p95={rng.randint(60, 400)}ms "
                f"errors={rng.randint(0, 30) / 10:.1f}%",
            )
        else:
            self.log(
                "DEBUG",
                "cache",
                f"evicted {rng.randint(10, 400)} keys (size {rng.randint(40, 64)} MB)",
            )

    def shutdown(self) -> None:
        rng = self.rng
        self.log(
            "INFO",
            "main",
            f"received SIGTERM, draining {rng.randint(0, 6)} connections",
            (60_000, 900_000),
        )
        self.log("INFO", "db", "pool closed", (50, 400))
        self.log("INFO", "main", "stopped cleanly", (10, 100))

    def generate(self, target_bytes: int) -> str:
        rng = self.rng
        size_per_day = target_bytes // 3
        for day in range(3):
            self.day = day
            start = len(self.lines)
            self.boot()
            while sum(len(line) + 1 for line in self.lines[start:]) < size_per_day:
                roll = rng.random()
                if roll < 0.75:
                    self.request()
                elif roll < 0.85:
                    self.job_run()
                else:
                    self.misc()
                self.finish_pending()
            while self.pending:
                self.finish_pending()
            self.shutdown()
        return "\n".join(self.lines) + "\n"


def generate_logs(seed: int = 2031, target_bytes: int = 44_000) -> str:
    return LogWriter(seed).generate(target_bytes)


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------

CORPORA = {
    "dialogue.txt": generate_dialogue,
    "verse.txt": generate_verse,
    "recipes.txt": generate_recipes,
    "code.txt": generate_code,
    "logs.txt": generate_logs,
}


def build_all() -> dict[str, str]:
    texts = {}
    for name, make in CORPORA.items():
        text = make()
        assert text.endswith("\n") and "\r" not in text, name
        chars = set(text)
        assert len(chars) < 100, f"{name} uses {len(chars)} distinct characters"
        texts[name] = text
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--out", type=Path, default=HERE, help="output folder")
    args = parser.parse_args(argv)
    stale = []
    for name, text in build_all().items():
        path = args.out / name
        data = text.encode("utf-8")
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(name)
            continue
        args.out.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{name:<14} {len(data):>7} bytes {len(set(text)):>3} distinct characters")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
