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
ROMAN += ["X" + numeral for numeral in ROMAN[1:10]]  # up to XIX

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
    "lovely": 2,
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
    ["bough", "plough", "brow", "cow"],
    ["road", "load", "toad", "goad"],
    ["field", "shield", "weald"],
    ["barn", "yarn", "tarn"],
    ["mist", "wrist", "tryst", "fist"],
    ["bridge", "ridge", "midge"],
    ["gold", "fold", "wold", "mould", "cold"],
    ["leaf", "sheaf", "reef", "thief"],
    ["ash", "sash", "splash"],
    ["earth", "birth", "girth", "mirth"],
    ["moth", "cloth", "broth", "froth"],
]

# Words for the slots of the line templates, by part of speech.
V_ADJ = (
    "cold bright pale slow old green grey soft still deep small wild thin sweet dim brave "
    "lone wet warm low far late plain proud kind white blue brown red clear shy long lost faint "
    "golden silver hollow quiet gentle yellow bitter narrow heavy tender amber patient ragged "
    "weary silent lonely crooked distant mossy frosty dusty empty humble idle sleepy careful "
    "broken woollen ancient restless faithful little "
    "bare sharp dull harsh wide mild fair grim hushed lean damp stark rough smooth young bleak "
    "dear rusty salty windy muddy starry rainy misty hidden wooden hungry lovely shallow copper "
    "sudden stony brindled dappled scarlet"
).split()
V_NOUN = (
    "lamp bird wind boat field path gate roof hand song leaf fox wren owl bridge barn loaf girl "
    "boy wolf child ghost friend wife priest smith hearth tide fern reed moth page rope cup bough "
    "voice frost "
    "lantern candle sparrow river orchard meadow window ember ferry miller kettle garden harbour "
    "willow shadow heron blackbird shepherd morning letter sister mother father stranger fiddle "
    "cradle beggar sailor lover weaver apple acorn thistle hedgerow chimney pebble otter "
    "stile loom quay scythe mole barge spire gull crab pilgrim ploughman hermit tinker baker "
    "fisher minnow beacon cottage pasture thimble ribbon bucket ladder island haystack falcon rider"
).split()
V_NOUNS = (
    "birds winds boats fields bells leaves stars hands songs lamps reeds moths geese ships "
    "years roofs gates "
    "candles rivers meadows windows embers lanterns willows shadows herons sparrows sailors "
    "apples lovers fiddles letters sisters children swallows orchards pebbles otters "
    "gulls hares crows stones hills fires pilgrims ploughmen islands ribbons beacons bridges "
    "shepherds thimbles ladders riders falcons minnows clocks spires"
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
    ("drown", "drowns", "drowned"),
    ("fly", "flies", "flew"),
    ("pray", "prays", "prayed"),
    ("breathe", "breathes", "breathed"),
    ("return", "returns", "returned"),
    ("pause", "pauses", "paused"),
    ("slumber", "slumbers", "slumbered"),
    ("stumble", "stumbles", "stumbled"),
    ("wither", "withers", "withered"),
    ("blossom", "blossoms", "blossomed"),
    ("falter", "falters", "faltered"),
    ("blow", "blows", "blew"),
    ("grow", "grows", "grew"),
    ("ride", "rides", "rode"),
    ("swim", "swims", "swam"),
    ("sink", "sinks", "sank"),
    ("smile", "smiles", "smiled"),
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
    ("mark", "marks", "marked"),
    ("kiss", "kisses", "kissed"),
    ("lift", "lifts", "lifted"),
    ("crown", "crowns", "crowned"),
    ("weave", "weaves", "wove"),
    ("shelter", "shelters", "sheltered"),
    ("welcome", "welcomes", "welcomed"),
    ("answer", "answers", "answered"),
    ("cover", "covers", "covered"),
    ("summon", "summons", "summoned"),
    ("pardon", "pardons", "pardoned"),
    ("wash", "washes", "washed"),
    ("tend", "tends", "tended"),
    ("spill", "spills", "spilled"),
    ("bind", "binds", "bound"),
    ("steal", "steals", "stole"),
    ("mind", "minds", "minded"),
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
    "beneath the {a} {n} I {vtp} the {R}",
    "who {vtp} the {n} upon the {R}?",
    "and every {n} {vis} to the {R}",
    "there was a {n} who {vtp} a {R}",
    "they {vtp} the {ns} beneath the {R}",
    "I dreamed of {ns} and a {R}",
    "a {a} {n} is like a {R}",
    "when {ns} {vi} I {vt} the {R}",
    "if {ns} could {vi} beside the {R}",
    "so long ago we {vtp} the {R}",
    "my father's {n}, my mother's {R}",
    "go down, go down, to the {a} {R}",
    "upon the {a} {n}, the {R}",
    "the {n} that {vtp} the {a} {R}",
    "I {vt} the {n} but not the {R}",
    "and no one {vts} the {R}",
    "the {ns} have gone into the {R}",
    "here {vis} the {n}, and there the {R}",
    "give me a {n} and a {a} {R}",
    "out of the {n} and into the {R}",
    "the {n} shall {vt} the {a} {R}",
    "yet {ns} {vi} about the {R}",
    "I found a {n} inside the {R}",
    "and {vtp} a {n} for the {R}",
    "let the {a} {n} {vt} the {R}",
    "we {vt} no {n} but the {R}",
    "the {n} grew {a} upon the {R}",
    "once I {vtp} a {n} by the {R}",
    "then came the {n} and the {R}",
    "the {ns} that {vip} in the {R}",
    "and far away the {a} {R}",
    "whose {n} {vis} beside the {R}?",
    "a {n} for every {a} {R}",
    "and I will {vt} you by the {R}",
    "the {ns} are {a} as the {R}",
    "how long the {ns} {vip} by the {R}",
    "she {vts} the {n} and the {R}",
    "no {n} was {a} as that {R}",
    "above the {ns} {vis} the {R}",
    "the {n} {vip}, and so the {R}",
    "there {vis} a {n} below the {R}",
    "remember how the {ns} {vip} at the {R}",
    "with {a} {ns} to {vt} the {R}",
    "he left his {n} beside the {R}",
    "she left her {n} upon the {R}",
    "I {vt} the {ns} as you {vt} the {R}",
    "old {n}, be still, and {vt} the {R}",
    "come {vi} with me along the {R}",
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

TITLE_TIMES = [
    "DUSK",
    "DAWN",
    "NIGHTFALL",
    "MORNING",
    "HARVEST",
    "MIDWINTER",
    "NOON",
    "LAMPLIGHT",
    "FIRST FROST",
    "LAMBING TIME",
    "HIGH WATER",
    "THE TURN OF THE TIDE",
    "CANDLE-END",
    "MIDSUMMER",
]
TITLE_NAMES = ["MARGERY", "ALDOUS", "OLD HOLLIS", "THE FERRYMAN", "MY SISTER", "A NEIGHBOUR"]
TITLE_PLACES = [
    "THE SLUICE GATE",
    "THE HIGH ROAD",
    "THE BELL TOWER",
    "MARROWDALE",
    "THISTLEMERE",
    "THE HOLLOW FEN",
    "THE OLD QUAY",
    "THE LIME KILN",
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


def poem_title(rng: Random, noun: str, noun2: str, plural: str, adj: str, adj2: str) -> str:
    noun, noun2, plural = noun.upper(), noun2.upper(), plural.upper()
    adj, adj2 = adj.upper(), adj2.upper()
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
        f"THE {noun}'S COMPLAINT",
        f"A {noun} REMEMBERED",
        f"NIGHT OF THE {adj} {plural}",
        f"THE LAST {noun}",
        f"FOR {rng.choice(TITLE_NAMES)}, WITH A {noun}",
        f"THE {noun} AT {rng.choice(TITLE_PLACES)}",
        f"{adj} {noun}, {adj2} {noun2}",
        f"EVENSONG FOR THE {plural}",
        f"WHERE THE {plural} GO",
        f"SONG OF THE {adj} {plural}",
        f"A {noun} FOR {rng.choice(TITLE_NAMES)}",
        f"{plural} AT {rng.choice(TITLE_TIMES)}",
        f"IN PRAISE OF {plural}",
        f"THE {noun2} REMEMBERS",
    ]
    return fix_articles(rng.choice(options))


def make_poem(rng: Random, titles: set[str]) -> str:
    theme = {
        "n": rng.sample(V_NOUN, 3),
        "ns": rng.sample(V_NOUNS, 2),
        "a": rng.sample(V_ADJ, 2),
    }
    args = (theme["n"][0], theme["n"][1], theme["ns"][0], theme["a"][0], theme["a"][1])
    title = poem_title(rng, *args)
    tries = 0
    while title in titles:  # every poem gets a title of its own
        tries += 1
        if tries > 6:  # this theme's titles are used up: borrow other words for the title
            args = (*rng.sample(V_NOUN, 2), rng.choice(V_NOUNS), *rng.sample(V_ADJ, 2))
        title = poem_title(rng, *args)
    titles.add(title)
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


def generate_verse(seed: int = 1202, target_bytes: int = 225_000) -> str:
    rng = Random(seed)
    poems: list[str] = []
    titles: set[str] = set()
    size = 0
    while size < target_bytes:
        poem = make_poem(rng, titles)
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
    "The orchard behind the Duke's house. Moonlight.",
    "A boat on the river Wend. Mist.",
    "The buttery. Barrels and a single candle.",
    "The stable yard. Rain.",
    "The lane outside the Blue Heron inn.",
    "The ferry-house on the far bank.",
    "The bell loft of the chapel.",
    "The sluice gate below the mill. Night.",
    "The Duke's wine cellar.",
    "The watch-house by the quay. A fire in a brazier.",
    "A meadow by the river. Haymaking.",
    "The steward's counting-room.",
]

ACT_TOPICS = [
    ["the lantern", "the letter", "the Duke's seal", "the silver cup", "the ledger"],
    ["the ring", "the letter", "the lantern", "the green casket", "the blue cloak"],
    ["the lantern", "the tower key", "the ferry bell", "the old map", "the miller's boat"],
    ["the tower key", "the ring", "the Duke's seal", "the green casket", "the dowry chest"],
    ["the ring", "the lantern", "the silver cup", "the old map", "the pearl brooch"],
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
    "the stable yard",
    "the orchard",
    "the Blue Heron",
    "the bell loft",
    "the sluice gate",
    "the ferry-house",
    "the wine cellar",
    "the watch-house",
    "the counting-room",
    "the hay meadow",
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
        "by the Duke's good beard",
        "by every eel in the Wend",
        "by the salt in my bread",
        "by the old bell of the chapel",
        "by my grandmother's teeth",
        "as I hope for supper",
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
        "the market bell",
        "the changing of the watch",
        "high water",
        "the wedding",
        "vespers",
        "the hay harvest",
    ],
    "excl": [
        "O",
        "Alas",
        "Fie",
        "Marry",
        "Heavens",
        "Peace",
        "Mercy",
        "Out upon it",
        "Zounds",
        "Lord",
        "Pish",
        "Bless us",
        "God's mercy",
        "Tush",
        "What, ho",
        "Well-a-day",
    ],
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
        "a sheep in a surplice",
        "a pike in a puddle",
        "a hedgehog at a dance",
        "a lame duck",
        "a pig at a wedding",
        "a moth in a lantern",
        "a mole in a bell",
        "a carp on a staircase",
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
        "blundering",
        "peevish",
        "cross-grained",
        "addled",
        "mealy-mouthed",
        "lumpish",
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
        "good",
        "gracious",
        "faithful",
        "constant",
        "generous",
        "sensible",
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
        "a cracked jug",
        "a wet glove",
        "a ball of string",
        "an empty purse",
        "a mouse-trap",
        "a pair of bellows",
        "a bent horseshoe",
        "a three-legged stool",
        "a fishing-line",
        "a salt-box",
    ],
    "emo": [
        "grief",
        "joy",
        "fear",
        "anger",
        "wonder",
        "shame",
        "sorrow",
        "mirth",
        "doubt",
        "envy",
        "pity",
        "longing",
        "hope",
        "dread",
    ],
    "verb": [
        "find",
        "keep",
        "guard",
        "mend",
        "hide",
        "fetch",
        "seek",
        "carry",
        "burn",
        "bring",
        "mind",
        "watch",
        "find out",
        "bury",
        "return",
    ],
    "body": [
        "heart",
        "hand",
        "head",
        "soul",
        "tongue",
        "bones",
        "right arm",
        "stomach",
        "left knee",
        "liver",
        "thumbs",
        "back",
        "ear",
    ],
    "season": [
        "winter",
        "spring",
        "summer",
        "harvest time",
        "the wet season",
        "a thaw",
        "Lent",
        "lambing time",
        "the long frost",
        "haymaking",
    ],
    "weather": [
        "rain",
        "wind",
        "fog",
        "frost",
        "hail",
        "weather",
        "sleet",
        "thunder",
        "drizzle",
        "mist",
    ],
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
        "a cold sausage",
        "pease pudding",
        "a heel of cheese",
        "smoked eel",
        "oatcakes and honey",
        "a dish of stewed plums",
        "a mutton pasty",
    ],
    "number": [
        "three",
        "four",
        "seven",
        "ten",
        "twenty",
        "forty",
        "a hundred",
        "five",
        "twelve",
        "fifty",
        "two hundred",
        "a dozen",
    ],
    "day": [
        "Tuesday",
        "Sunday",
        "market day",
        "the last fair",
        "midsummer",
        "Candlemas",
        "the Tuesday before last",
        "the great flood",
        "the fair at Thistlemere",
    ],
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
    "I have been to {place} and back, and my feet will not forgive me.",
    "Who left the gate open at {place}? Speak!",
    "Thou art a riddle, {V}, and I am too tired for riddles.",
    "Let no one leave this house until {topic} is found.",
    "{T} was here an hour since, asking after {topic}.",
    "Go softly, {V}; {T} sleeps light and hears everything.",
    "There is more in this than {topic}, {V}. Mark me.",
    "I'll not be made a fool of twice in one day.",
    "Look to the windows; someone has been at the shutters.",
    "Why dost thou tremble, {V}? It is only the wind.",
    "Here's a coil! Every soul in Marrowdale has an opinion and none a plan.",
    "If {T} had kept {tp} counsel, we should not be in this pickle.",
    "Fetch a lantern, and fetch {T}, and do not wake the Duke.",
    "The candles are burning down, and still no word of {topic}.",
    "I will sit up all night by {place} if need be.",
    "{T} hath a tongue that wags at both ends.",
    "Here, take this key, {V}, and tell no one where it came from.",
    "I never trusted the river, and now it has proved me right.",
    "What, all of you standing about? Is there no work in this house?",
    "I'll lay {number} crowns that {T} knows where {topic} is.",
    "Dost thou think me blind, {V}? I saw thee by {place}.",
    "A pox on {topic}, and on the day it came to Marrowdale!",
    "We must be cleverer than {T}, and that is not hard.",
    "Take this to {place}, {V}, and bring back an answer.",
    "I heard a step on the stair, and then nothing.",
    "The dogs have been barking since {time}. Something is abroad.",
    "It is a strange thing, {V}, how quiet the house has grown.",
    "Come, sit by the fire and tell me all of it.",
    "I do not ask thee to believe me, {V}; only to listen.",
    "Were I a braver soul, I would go to {place} alone.",
    "They are saying in the town that {topic} was never lost at all.",
    "Bolt the door, {V}, and put the bar across it.",
    "If {T} comes asking, I am not here, and never was.",
    "Heaven send us a dry night and an honest thief.",
    "I'd sooner trust {animal} with my dinner than {T} with a secret.",
    "Is this the thanks I get for thirty years of service?",
    "Put up thy sword, {V}; we are all friends here, or nearly.",
    "There is a boat missing from {place}, and an oar with it.",
    "Whoever took {topic} knew this house as well as I do.",
    "Nay, stay a moment, {V}; I have not done with thee.",
    "We'll take the back stair, and no one will be the wiser.",
    "Give {T} rope enough, and {th} will tie {tm}self in knots.",
    "Thou look'st as if thou hadst swallowed a bee, {V}.",
    "I will not sleep a wink until {topic} is back where it belongs.",
    "The whole town is at {place}, waiting for news.",
    "I had it from {T}, who had it from the ferryman, who had it from his wife.",
    "Wipe thy face, {V}; thou hast mud upon thy nose.",
    "Someone in this house is lying, and I mean to find out who.",
    "I should have stayed in bed this morning.",
    "How many times must I ask for {topic}?",
    "Do not look at me so, {V}. I am as innocent as milk.",
    "There's a light in the window at {place}, and nobody lives there.",
    "Tell the cook there'll be no supper until this is settled.",
    "It will all come right, {V}. These things always come right by {time}.",
    "I am weary of {topic}, weary of {place}, and weary of thee.",
    "The river gives, and the river takes, and the river keeps no accounts.",
    "Hast thou told {T}? Then the whole town knows.",
    "Run to {place}, {V}, and do not stop for gossip.",
    "Stand still and let me look at thee. Thou hast been crying.",
    "I smell a plot, {V}, as plain as I smell the kitchens.",
    "What if {T} took {topic} for safe keeping, and forgot?",
    "One of us must go to {place}, and I am too old.",
    "Thy hands are cold, {V}. Where hast thou been?",
    "Bring me paper and ink. I'll write to Thistlemere tonight.",
    "There's no sense in weeping; there's sense in looking.",
    "We are all in the same boat, {V}, and it leaks.",
    "A fine night for thieves, and a poor one for honest folk.",
    "My {body} tells me that {T} is at the bottom of this.",
    "If thou lovest me, {V}, say nothing of this to anyone.",
    "This house has more doors than a beehive, and all of them open.",
    "Go, and take {T} with thee; I want the room quiet.",
    "We searched {place} from top to bottom, and found only {thing}.",
    "Faith, {V}, I would rather face {weather} than the Duke's temper.",
    "Did {T} say that? To thy face?",
    "Away with thee, before I think better of my kindness.",
    "When this is done, I shall sleep for a week.",
    "Strange, that {topic} should vanish on the very night of the storm.",
    "Dost thou hear the bells? They ring for {time}.",
    "There is a way out of this, {V}, if we keep our heads.",
    "Somebody has been reading my letters. The seals are broken.",
    "Fie upon thy doubts, {V}; I know what I saw.",
    "Leave the candle, and leave me.",
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
    "I think not, {V}.",
    "It may be so.",
    "Not that I know of, {V}.",
    "Ay, and more's the pity.",
    "Yes, and no, {V}.",
    "Heaven knows, {V}; I do not.",
    "I'll not say.",
    "Perhaps. Perhaps not.",
    "Why, surely, {V}.",
    "I dare not say, {V}.",
    "So they tell me.",
    "Upon my life, I cannot say.",
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
    "Pish!",
    "Softly, {V}.",
    "I'll not hear it.",
    "What then?",
    "And then?",
    "Lord, {V}!",
    "Speak up, {V}.",
    "I am listening.",
    "Better and better.",
    "Worse and worse.",
    "Who told thee so?",
    "Not now, {V}.",
    "Patience, patience.",
    "I knew it!",
    "As you like it, {V}.",
    "Do not start that again.",
    "Well, well.",
    "Go on.",
]

ENTRANCE_CUES = [
    "But soft, here comes {X}.",
    "Look, {X} comes this way.",
    "Here is {X}, and in haste.",
    "Speak of the devil, and here is {X}.",
    "Who comes there? {X}, by my life.",
    "Stand aside; {X} is coming.",
    "Hush; I hear {X} on the stair.",
    "And here, as if we had called, is {X}.",
    "Look you, {X}, and muddy to the knees.",
    "Peace; {X} comes, and in a temper.",
    "Who's this? {X}, as I live.",
    "Here comes {X}, and with a face like thunder.",
]

GREETINGS = [
    "Good morrow, {V}.",
    "Well met, {V}!",
    "I have looked for you in every corner of {place}.",
    "News, {V}, news!",
    "Forgive me; I ran all the way from {place}.",
    "There you are, {V}. I have been calling this hour.",
    "God save you, {V}.",
    "Am I too late, {V}?",
    "What, still up, {V}?",
    "I came as soon as I heard, {V}.",
    "Give you good even, {V}.",
    "Is it true, {V}? Is it true?",
    "I have been half across Marrowdale looking for you.",
    "Forgive the hour, {V}.",
    "Good day to you, {V}, if it is a good day.",
    "At last, {V}! Where have you been hiding?",
    "There you are; the whole house is asking for you.",
    "Ah, {V}. You are wanted, and quickly.",
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
    "I'll send word from {place}.",
    "Heaven keep you, {V}.",
    "Lock the door behind me.",
    "Until {time}, then.",
    "I go, and I go quickly.",
    "Do not wait up for me, {V}.",
    "I'll find {T} if it takes all night.",
    "Farewell, and keep the candle burning.",
]

ASIDES = [
    "{T} suspects nothing. Good.",
    "If they knew what I know!",
    "I must be careful now.",
    "This is worse than I feared.",
    "So! The wind blows from that quarter.",
    "Let {tm} talk; talking is cheap in Marrowdale.",
    "I'll not be caught so easily.",
    "A little longer, and I shall have them all.",
    "If {T} knew, {th} would never forgive me.",
    "Now, how to get out of this?",
    "They believe it! Heaven help them.",
    "I'll say nothing, and look wise.",
    "That was nearly the end of me.",
    "Was that a guilty look? I think it was.",
]

CLOSERS = [
    "Come, let us away.",
    "Come, {V}; we have much to do before {time}.",
    "Away, and not a word of this to {T}.",
    "Let us go in. The night grows cold.",
    "To {place}, then, and quickly.",
    "Enough; we'll speak of this again at {time}.",
    "Come, {V}; the night is not getting younger.",
    "Let us go and find {T} before {th} finds us.",
    "Put out the lights, and follow me.",
    "To bed, all of you. Tomorrow we hunt.",
    "Away, and mind the stair; it is wet.",
    "Go, and say nothing to {T}.",
    "Bring the lantern, {V}, and keep close.",
    "Come; the tide will not wait for us.",
    "We'll talk again when we are dry.",
    "Enough talk. To work, all of you.",
]

SOLILOQUY_OPENERS = [
    "Now I am alone.",
    "So. They are gone, and I must think.",
    "O Marrowdale, what hast thou come to?",
    "Well, here's a night's work.",
    "Alone at last, and no wiser.",
    "How quiet it is when they have all gone.",
    "Well, Marrowdale, here we are again.",
    "Now, let me think this through.",
    "So much noise, and so little sense.",
    "I am tired to the bone, and the night is young.",
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
        "I have buried a wife and two hounds, {V}, and I'll not bury my good name.",
        "Bring me {T}, and bring me the truth, in whichever order comes first.",
        "My grandfather built this bridge, and I'll not have it called a ruin.",
        "I am too old for mysteries, {V}, and too proud for pity.",
        "Does no one in Marrowdale do as they are bid?",
        "I'll have the river dragged from the weir to the sea.",
        "There was a time, {V}, when my word was law on both banks.",
        "Sit, sit. A duke may stand, but his knees need not.",
        "I have a river, a bridge, a daughter, and a headache, {V}.",
        "In my father's day a thief lost a hand. Now he loses a supper.",
        "Let it be written that the Duke was patient. Once.",
        "I'll ride to {place} myself, if my horse and my knees allow it.",
        "Where is my steward? Where is my hat? Where is my peace?",
        "Bring the wine, {V}; not the good wine. This is not a good night.",
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
        "I'd rather marry the ferryman; at least he knows where he is going.",
        "You all speak of me as if I were a parcel, {V}.",
        "I am my father's daughter, {V}, and my mother's too.",
        "Give me a lantern, and I'll search {place} myself.",
        "If I must be married, let it be to someone who can row.",
        "I've read every book in this house, {V}, and none of them is any help.",
        "Let {T} say what {th} likes; I know my own mind.",
        "I am tired of being kept safe, {V}. I should like to be useful.",
        "I can row, {V}, and swim, and keep a secret. Can any of you?",
        "Do not call me child, {V}. I have not been a child since {day}.",
        "My mother would have laughed at all of you, and then solved it.",
        "Let me go to {place}; nobody there will notice a girl in a grey cloak.",
        "I'll have no more poems, {V}; I'll have answers.",
        "Why is it always the men who lose things and the women who find them?",
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
        "Seven spoons missing, {V}, and a ladle. I shall find them.",
        "Nobody wipes their boots in this house. Nobody.",
        "The ledger says one thing and the larder another.",
        "I've locked the cellar twice tonight, and found it open thrice.",
        "A steward must have eyes in the back of his head, {V}, and I have.",
        "There is a place for everything in this house, and {topic} is not in it.",
        "I keep the keys, {V}, I keep the books, and I keep my temper. Mostly.",
        "I'll have the locks changed by {time}, and a bell on every door.",
        "Thirty years of keys, {V}, and never a lock picked until this week.",
        "Write it down, {V}. If it is not written, it did not happen.",
        "I'll not have the fool in my counting-room again.",
        "The household eats like an army and pays like a church mouse.",
        "I shall be in the ledger, {V}, if anyone wants the truth.",
        "Someone has moved the salt cellar. Someone will answer for it.",
    ],
    "ALDOUS": [
        "My heart is a ferry, {V}, and it crosses only one way.",
        "I have written her a sonnet. Well, eleven lines of one.",
        "I'd swim the Wend in winter for one kind look from her.",
        "Do not laugh, {V}; a lover is a serious thing.",
        "Thistlemere has no river and no Celandine. I pity it.",
        "I'll prove my love by finding {topic} myself.",
        "Does she speak of me? Even unkindly? Even once?",
        "I have ridden from Thistlemere in the rain, {V}, and I would do it again.",
        "I rhymed her name with everything, {V}, and nothing rhymes with it.",
        "If she frowns at me, {V}, the day goes dark.",
        "I am no coward, {V}, but I would rather not meet Voss in a temper.",
        "Give me a task, any task, and let me prove myself.",
        "My father says I am a fool in love. He is half right.",
        "I'll write her a letter, and this time I'll not burn it.",
        "Her glove! She dropped her glove, {V}. Is that a sign?",
        "I'd fight Voss for her, {V}, if Voss were smaller.",
        "I'll stand under her window until {time}, and longer.",
        "They laugh at me in Thistlemere, {V}. Let them; they have no river.",
        "A lover must be patient, {V}, and I have been patient since {day}.",
        "Teach me to be clever, {V}. I have tried being handsome.",
    ],
    "HOLLIS": [
        "The fen remembers, {V}. It always remembers.",
        "Cross my palm, and I'll tell thee what the frogs say.",
        "I saw a light on the water where no light should be.",
        "Three crows on the mill roof. Mark it, {V}.",
        "The reeds have been whispering of {topic} since {day}.",
        "Thou comest to me in the dark, and scorn me in the day.",
        "The water told me, {V}, and the water does not lie.",
        "I have seen three dukes come and go, {V}, and the fen outlasts them all.",
        "Burn a sprig of rosemary at {place}, and watch which way the smoke goes.",
        "Thou wilt find it where the heron stands, and not where the heron looks.",
        "Keep salt in thy pocket, {V}, and thy mouth shut.",
        "There is a reckoning coming, {V}, as sure as the tide.",
        "Folk laugh at old Hollis until they lose something.",
        "The eels are restless, {V}. Eels know before men do.",
        "Bring me a hair from {T}'s head, and I'll tell thee {tp} heart.",
        "I dreamt of a lantern in a tree, {V}, and a key in a fish.",
        "Walk thrice about {place} at {time}, and say nothing.",
        "The mist has a long memory and a short temper.",
        "I charge a penny for the truth, {V}, and a shilling for the rest.",
    ],
    "VOSS": [
        "The watch is set, {V}. Four men at the weir, two at the gate.",
        "Give me a name, {V}, and I'll have the rogue in irons by {time}.",
        "I am a plain soldier. I do not understand riddles.",
        "Nothing crosses the river at night without my leave.",
        "My men are wet, tired and hungry, {V}, but they are loyal.",
        "Say the word and I'll search {place} stone by stone.",
        "A boat went out from {place} at midnight, with no lamp.",
        "I have doubled the watch at {place}, {V}, and halved their beer.",
        "Nobody passes the bridge tonight without a name and a reason.",
        "I'll take six men and a boat, and we'll search the reeds at first light.",
        "A soldier's work is waiting, {V}, and I hate waiting.",
        "Someone has been cutting the mooring ropes. I'd know the hand anywhere.",
        "Leave the thieves to me, {V}, and the speeches to the Duke.",
        "My men found footprints by {place}, small ones, going both ways.",
        "Two of my men are asleep and the third is a fool, {V}.",
        "I'll hear no more talk of ghosts on my watch.",
        "The river is high and the night is black; a thief's weather.",
        "Show me the man, {V}, and I'll show you the lock-up.",
        "I have walked from the weir to {place} twice since {time}.",
        "Stand aside, {V}. This is the watch's business now.",
    ],
    "MESSENGER": [
        "News from {place}, {V}: {topic} has been seen there.",
        "I have ridden since {time}, {V}, and my horse is done.",
        "A letter from Thistlemere, {V}, sealed in green wax.",
        "They say in {place} that the Duke is ruined.",
        "My lord of Thistlemere sends greetings, {V}, and a warning.",
        "The bridge at {place} is down, {V}, and the road flooded.",
        "I was told to give this into no hand but yours, {V}.",
        "There is talk at {place} of a boat with no oars, {V}.",
        "I met {T} on the road, {V}, going the other way in haste.",
        "The ferryman bade me say, {V}, that the last boat is gone.",
        "A rider came through {place} at dawn, {V}, asking for the Duke.",
        "I bring word from the toll-house, {V}, and it is not good.",
    ],
}

# Prose speakers: the fool, the nurse, and the watch.
PROSE_LINES = {
    "FENWICK": [
        "Why, {V}, a fool and a duke are cousins: both wear bells, and both are laughed at "
        "behind their backs.",
        "I'll tell thee a riddle. What grows shorter the more it is believed? A rumour in "
        "Marrowdale, {V}, for every mouth bites a piece off it.",
        "Why is {topic} like a cat? Because everyone seeks it when it hides, and no one thanks "
        "it when it comes home.",
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
        "A wise man knows he is a fool, {V}; a fool thinks he is a duke. I know which I am.",
        "I have looked for {topic} in the bread bin and the bread bin looked back at me.",
        "Why is a steward like a church bell? Because he rings loudest when nobody asks him.",
        "My mother wanted me to be a bishop. I have the hat for it, but not the patience.",
        "I'll give thee advice for nothing, {V}, and it's worth every penny.",
        "There are three kinds of men in Marrowdale: the wet, the drowned, and the liars.",
        "If you want a secret kept, tell it to the river, {V}; never to a nurse.",
        "I dreamt the Duke was a goose, and woke up and found I had not dreamt it at all.",
        "Here's a riddle for a wet night: what has a mouth and never speaks? The Wend, {V}.",
        "When the fool is the only sane man in the house, the house is in trouble.",
        "I would sing thee a song, {V}, but the last one made the dogs weep.",
        "Love is like a wet boot, {V}: it pinches, and there's no getting it off.",
        "The Duke wants {topic}, the lady wants a boat, and I want my dinner.",
        "I counted the candles with the steward, {V}, and we both got a different sum.",
        "Trust me, {V}; I have an honest face. I borrowed it from {T}.",
        "A fool in the hand is worth two lords in the bush.",
        "I asked the river where {topic} had gone. It said nothing, which is more sense than I "
        "get from the steward.",
        "If brains were candles, {V}, this house would sit in the dark.",
        "The steward counts the spoons, the Duke counts his grievances, and I count the days "
        "till supper.",
        "I have a plan, {V}. It is a very small plan, and it involves a goose.",
        "Why does the captain walk so stiff? Because he has swallowed his own sword, {V}.",
        "A secret in Marrowdale lives about as long as a mayfly, and dies louder.",
        "I once stole a pie from the kitchens, {V}, and the nurse has not forgiven the pie.",
        "Ask me anything, {V}, and I'll answer it wrong with great confidence.",
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
        "My mother used to say, a house with a secret has a damp corner. Mark that, {V}.",
        "I have aired the sheets three times and still they smell of river.",
        "Don't tell me about suitors, {V}; I buried two and wore out a third.",
        "There's {food} on the hob, and no one to eat it but the cat.",
        "When I was young we had a proper flood every spring, and nobody made a play of it.",
        "You'll catch your death, {V}, standing about in wet stockings.",
        "I'll say my prayers and then I'll say my piece, and the piece will be longer.",
        "She was a sweet babe, {V}, and she's a sweet girl still, when she's asleep.",
        "If {T} comes in here with muddy boots again, I'll scald {tm}.",
        "Lord, my back! Lord, my feet! Lord, this house!",
        "A drop of something warm, {V}, and the world looks kinder.",
        "I've no time for ghosts; I've the washing to do.",
        "Hark at {tm}! As if I hadn't changed {tp} clouts.",
        "There were never such goings-on when the old Duchess was alive, rest her.",
        "I've told her a hundred times, {V}: a lady doesn't row.",
        "Mark my words, there'll be tears before {time}, and they won't be mine.",
        "Sit down before you fall down, {V}, and I'll fetch {food}.",
        "That fool has been at my jam again. I know the marks of his thumbs.",
        "In my young days, {V}, a lost ring was found by asking the cat.",
        "Men! All boots and no sense, and mud up to the elbows.",
        "I'll not have my lamb married off like a sack of barley, {V}.",
        "There's a cold draught coming up the back stair, and I know who left the door open.",
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
        "I saw a light, then two lights, then no lights at all, {V}.",
        "I'll stand here and look fierce; that's what they pay me for.",
        "My feet are wet and my pipe is out, and I'm not happy.",
        "If anyone asks, neighbour, we heard nothing and we saw less.",
        "I once caught a thief by the ear, and he gave me his hat to let go.",
        "The river's up a hand since supper, {V}. I marked it on the post.",
        "I am not afraid of the dark, {V}; I'm afraid of what's in it.",
        "Stand by me, neighbour, and if it's a ghost, you go first.",
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
        "I'll hold the lantern; thou hold thy tongue.",
        "Who's that? Oh, it's thee. Never creep up on a watchman, {V}.",
        "It's a cold job and a wet job, but it's a quiet job, most nights.",
        "The captain says look sharp. I am looking as sharp as I can.",
        "My brother-in-law saw a ghost on the bridge once. It was his wife.",
        "We have arrested a goat, {V}. It was the only thing moving.",
        "I'll swear to anything, {V}, so long as it's dry and indoors.",
        "Is it morning yet? It feels like it should be morning.",
    ],
}

SPELL_OPENERS = [
    "Hear me, {V}.",
    "Mark me well, {V}.",
    "Listen, then.",
    "The reeds say this:",
    "Thus it runs, {V}:",
    "I'll tell thee, but thou'lt not like it.",
    "Sit down, {V}, and be still.",
    "Give me thy hand. Cold, cold.",
    "The smoke says this:",
    "Here is what the water knows:",
]

SONG_REFRAINS = [
    "With a rattle and a roll and a riddle-me-ree!",
    "And the mud is deep, deep, deep!",
    "Sing ho for the fen and the fire!",
    "And nobody knows but the frog.",
    "Hey nonny, and the rain comes down!",
    "And the ferryman's drunk again!",
    "Sing fol-de-rol for the Duke's old boots!",
    "And the geese go home to bed.",
]


# Building blocks for freely composed sentences (nested {slots} are filled in a second pass).
COMPOSED_WORDS = {
    "person": [
        "the miller",
        "the ferryman",
        "the bishop's cook",
        "a tinker",
        "the widow Pell",
        "the blacksmith's boy",
        "a boatman from Thistlemere",
        "the bell-ringer",
        "the goose-girl",
        "the toll-keeper",
        "the Duke's cousin",
        "a pedlar with one eye",
        "the landlord of the Blue Heron",
        "the chandler's wife",
        "the eel-catcher",
        "the sexton",
    ],
    "doing": [
        "with a lantern and no cloak",
        "in a borrowed boat",
        "counting coins by the water",
        "singing to nobody",
        "running as if the devil were behind",
        "talking with a stranger in a green hood",
        "digging in the rain",
        "carrying a sack on one shoulder",
        "whistling an old tune",
        "hiding something in the reeds",
        "climbing out of a window",
        "feeding the swans at midnight",
        "wrapped in a wet blanket",
        "with one boot on",
        "looking over one shoulder and then the other",
    ],
    "when": [
        "last night",
        "at cock-crow",
        "before supper",
        "an hour since",
        "this very morning",
        "on Tuesday last",
        "while the bells rang",
        "in the middle of the night",
        "when the tide was out",
        "after the fair",
        "at the changing of the watch",
        "yesterday at noon",
    ],
    "consequence": [
        "the Duke will have us all in the river",
        "I'll eat my own hat, feather and all",
        "there'll be no wedding this side of harvest",
        "Marrowdale will be the laughing-stock of the county",
        "we may all pack our boxes and go",
        "the steward will never sleep again",
        "Thistlemere will call it war",
        "I'll go and live with the frogs",
        "the nurse will have hysterics",
        "there will be no supper for a week",
        "the fool will make a song of it, and we'll never hear the end",
        "I'll turn ferryman myself",
    ],
    "rumour": [
        "has bought a new boat with old money",
        "talks in the night to nobody",
        "was paid in silver last Tuesday",
        "knows where {topic} lies",
        "has been seen at {place} after dark",
        "keeps a second key to the cellar",
        "owes money to half of Thistlemere",
        "has not slept in a bed since {day}",
        "reads other people's letters",
        "was once a smuggler on the salt marsh",
        "can row the Wend blindfold",
        "hides things in the chimney",
        "is secretly betrothed",
        "sold a ring to a pedlar at the fair",
        "was seen digging in the orchard",
        "never crosses the bridge on a Friday",
    ],
    "disaster": [
        "The river in the parlour",
        "The roof off the chapel",
        "Frogs in the bread",
        "A fox in the henhouse",
        "The bells ringing by themselves",
        "A wedding with no bride",
        "The Duke in a temper and the cook in tears",
        "Fog in the kitchens",
        "The mill-wheel stopped",
        "A ghost on the stair",
    ],
    "spot": [
        "on the kitchen table",
        "in the Duke's own hand",
        "hanging by the door",
        "in a basket of eels",
        "under the steward's bed",
        "in the fool's cap",
        "on the window-sill of the long gallery",
        "beside the sundial",
        "wrapped in an old shawl",
        "at the bottom of the linen chest",
        "in the nurse's apron pocket",
        "behind the third barrel in the cellar",
    ],
    "searched": [
        "searched every cupboard",
        "walked the towpath twice",
        "turned out every drawer",
        "asked every boatman on the river",
        "dragged the mill-pond",
        "climbed the east tower",
        "emptied the linen chest",
        "looked under every bed in Marrowdale",
        "crawled through the buttery on my knees",
        "turned over every stone in the chapel yard",
    ],
    "kin": ["grandmother", "father", "old master", "mother", "uncle", "godmother", "aunt Pell"],
    "proverb": [
        "a lost thing is only a found thing in the wrong place",
        "the river never gives back more than it took",
        "you should never trust a man who whistles at a funeral",
        "a lantern shows the path and the thief alike",
        "bread and trouble both rise overnight",
        "a locked door only keeps out honest men",
        "fog hides the boat but not the oar",
        "every goose thinks itself a swan at Michaelmas",
        "no good comes of a wedding planned in the rain",
        "the quietest cat catches the fattest mouse",
        "the fen forgets nothing and forgives less",
        "a steward's eye is worth two locks",
    ],
    "lead": [
        "Mark me, {V}:",
        "Believe me,",
        "Upon my word,",
        "Between ourselves,",
        "I tell thee,",
        "Hear me out, {V}:",
        "In plain words,",
        "Say what you will,",
        "As I live,",
        "Look you, {V},",
        "I'll be frank with thee:",
        "Now, here's the truth of it:",
    ],
}

COMPOSED_FRAMES = [
    "{person} saw {T} by {place} {when}, {doing}.",
    "If {topic} be not found by {time}, {consequence}.",
    "They say at {place} that {person} {rumour}.",
    "I would give {number} crowns and {thing} to know who took {topic}.",
    "First {topic}, then {topic2}; what next, {V}? {disaster}?",
    "Go to {place} and ask {person}; tell them I sent thee.",
    "When I last saw {topic}, it was {spot}.",
    "{excl}! I have {searched} since {time}, and found nothing but {thing}.",
    "My {kin} used to say that {proverb}.",
    "{T} swears {th} was at {place} all night, but {tp} boots say otherwise.",
    "Let {person} keep watch at {place}, and let {T} keep watch on the door.",
    "I have a feeling in my {body}, {V}, that {topic} is nearer than we think.",
    "Tell {T} that {topic} is safe, and watch {tp} face when thou sayest it.",
    "{lead} {proverb}.",
    "{lead} {T} {rumour}.",
    "{lead} {consequence} if we do not find {topic}.",
    "There are {number} roads out of Marrowdale, and {T} knows every one of them.",
    "I found {thing} at {place}, and {thing} beside it. What dost thou make of that?",
    "{person} came to the kitchen door {when}, asking for {T}.",
    "{lead} {topic} was {spot} when {person} came by.",
    "Who was {doing} at {place} {when}? Answer me that, {V}.",
    "Send {person} to {place}, and tell {T} nothing.",
    "Was it {person}, {V}, or {T}? One of them is lying.",
    "{lead} I would trust {person} before I trusted {T}.",
    "{excl}, {V}! {disaster}, and {topic} still missing!",
    "{person} will swear to anything for {food} and a seat by the fire.",
    "We'll know by {time} whether {T} {rumour}.",
    "I saw it with my own eyes: {T}, {doing}, by {place}.",
    "{lead} if {T} is honest, {consequence}.",
    "Not {topic} again! I have heard of nothing else since {day}.",
    "Ask {person}; they were at {place} {when}.",
    "What with {topic} and {topic2} and the {weather} besides, {consequence}.",
    "I have {searched}, {V}, and my {body} aches from it.",
    "{lead} the whole business began {when}, at {place}.",
    "{T} and {person} were whispering at {place} {when}. I saw them.",
    "My {kin} knew a man who {rumour}, and he came to no good.",
    "Find {person}, {V}, and find out where they were {when}.",
    "{lead} {topic} is {spot}, or I know nothing of this house.",
    "If {person} {rumour}, then {consequence}.",
    "I'd wager {thing} that {T} was {doing} {when}.",
]

LETTER_OPENINGS = {
    "ORSWIN": ["To the Duke of Marrowdale, greeting.", "My lord Duke,", "To Orswin of Marrowdale."],
    "CELANDINE": ["Sweet lady,", "To the fair Celandine, these.", "Lady, forgive me."],
    "BRAMBLE": ["Master steward,", "To the steward of Marrowdale.", "Bramble,"],
    "ALDOUS": ["My son,", "To my lord Aldous, at Marrowdale.", "Young sir,"],
    "VOSS": ["Captain,", "To the captain of the river watch.", "Voss,"],
}
LETTER_LINES = [
    "Know that {topic} is not where you think it is.",
    "I will be at {place} at {time}; come alone.",
    "The boat is ready, and the tide serves at {time}.",
    "If you value {topic}, say nothing of this to {T}.",
    "My father sends his duty and asks after {topic}.",
    "The roads are bad and the inns are worse, but I am coming.",
    "Burn this when you have read it.",
    "I have heard such things of Marrowdale as I will not set down in ink.",
    "There is one in your house who is not what they seem.",
    "Bring {thing} and a lantern, and wear something dark.",
    "The price is {number} crowns, and not a penny less.",
    "We shall speak of the wedding when the river has gone down.",
    "Trust nobody who comes to you from {place}.",
    "Forgive my poor hand; I write by a bad candle.",
    "Look {spot}, and you will find what you have lost.",
    "The {weather} has kept me at {place} these three days.",
    "I saw {T} {doing}, and thought you should know of it.",
    "What was taken {when} will be returned, if you are patient.",
]
LETTER_SIGNATURES = [
    "Yours in haste, a friend.",
    "From Thistlemere, this {day}.",
    "Written at {place}, by one who knows.",
    "Your servant, in great haste.",
    "One who wishes you well.",
    "Your loving father, at Thistlemere.",
    "No name; you know the hand.",
]
LETTER_FINDS = [
    "What's this? A letter, and no seal.",
    "This was pushed under my door, {V}.",
    "Here's a letter, and the ink still wet.",
    "I found this in my glove. Listen.",
    "A letter came for me by the back door, {V}.",
    "Here's a paper that was tucked in the Bible. Hear it.",
    "Someone left this on my pillow.",
    "The seal is cracked already. Well, then.",
]
VERSE_INTROS = [
    "Hear what I have written for her, {V}.",
    "I'll read thee my latest; tell me truly what thou think'st.",
    "Listen, {V}: I have it by heart, nearly.",
    "I wrote this on the road, {V}, in the rain.",
]
VERSE_AFTERS = [
    "Is it too plain? It is too plain.",
    "Well? Say something, {V}.",
    "The last line wants work, I know.",
    "She will laugh at it. Let her laugh, so she reads it.",
    "I could not find a better rhyme, {V}. There is none.",
    "Do not tell the fool. He will sing it at supper.",
    "I shall copy it fair and leave it on her sill.",
    "It scans, {V}. Mostly. If you say it quickly.",
]
LETTER_REACTIONS = [
    "What can this mean?",
    "No name, and a hand I do not know.",
    "Here's a riddle worse than any of the fool's.",
    "I'll keep this close, and show it to no one.",
    "Whoever wrote this knows more than is good for them.",
    "A blot, and a smell of fish. It came by the river, then.",
    "I know this hand, {V}, or I think I do.",
    "Not a word of this, {V}. Not a word.",
    "The writer spells like a goose. That narrows it.",
    "Folded small, and smelling of the fen.",
]

NOISES_OFF = [
    "Thunder.",
    "Knocking within.",
    "A bell rings far off.",
    "Music within.",
    "A splash, off.",
    "Shouts within.",
    "The wind blows out a candle.",
    "A dog barks, off.",
    "An owl.",
    "A clock strikes.",
    "A door bangs within.",
    "Rain on the windows.",
    "A horn, far off.",
    "Laughter within.",
]

ENTRY_MANNERS = [
    "",
    "",
    "",
    ", in haste",
    ", wet through",
    ", with a letter",
    ", carrying a lantern",
    ", muffled in a cloak",
    ", with a basket",
    ", out of breath",
    ", reading a paper",
    ", with mud to the knees",
    ", holding a candle",
    ", yawning",
]


class Play:
    """Generates the play, keeping track of who is on stage."""

    def __init__(self, seed: int) -> None:
        self.rng = Random(seed)
        rng = self.rng
        self.generic = Deck(rng, GENERIC_LINES)
        self.frames = Deck(rng, COMPOSED_FRAMES)
        self.letters = Deck(rng, LETTER_LINES)
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
            **COMPOSED_WORDS,
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
        text = template
        while "{" in text:  # composed words may hold slots of their own
            text = fill(text, self.rng, values)
        text = capitalize(text)
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
        if special and speaker == "ALDOUS" and rng.random() < 0.08:
            body.append(self.sentence(rng.choice(VERSE_INTROS), vals))
            body.append("[Reads.]")
            lines = self.rhymed_lines(rng.choice([8, 10]), 4, rng.choice(["ABAB", "AABB"]))
            body.extend("  " + line for line in lines)
            body.append(self.sentence(rng.choice(VERSE_AFTERS), vals))
            return body, False
        if special and speaker in LETTER_OPENINGS and rng.random() < 0.025:
            body.append(self.sentence(rng.choice(LETTER_FINDS), vals))
            body += self.letter(speaker, vals)
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
                elif speaker in self.prose and rng.random() < (0.5 if prose else 0.3):
                    template = self.prose[speaker].draw()
                elif speaker in self.decks and rng.random() < 0.2:
                    template = self.decks[speaker].draw()
                elif rng.random() < 0.6:
                    template = self.frames.draw()
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

    def letter(self, reader: str, vals: dict) -> list[str]:
        """A letter read aloud: the direction, then indented lines."""
        rng = self.rng
        lines = [rng.choice(LETTER_OPENINGS[reader])]
        text = " ".join(self.sentence(self.letters.draw(), vals) for _ in range(rng.randint(2, 4)))
        lines += textwrap.wrap(text, width=56, break_on_hyphens=False)
        lines.append(self.sentence(rng.choice(LETTER_SIGNATURES), vals))
        reaction = self.sentence(rng.choice(LETTER_REACTIONS), vals)
        return ["[Reads.]"] + ["  " + line for line in lines] + [reaction]

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
        for i in range(rng.randint(24, 38)):
            # somebody arrives
            offstage = [p for p in PRINCIPALS if p not in onstage]
            if i > 2 and offstage and len(onstage) < 5 and rng.random() < 0.06:
                newcomer = rng.choice(offstage)
                herald = rng.choice([p for p in onstage if p != prev] or onstage)
                vals = self.values(herald, prev, onstage)
                cue = self.sentence(rng.choice(ENTRANCE_CUES), {**vals, "X": CAST[newcomer][4]})
                self.emit_speech(herald, [capitalize(cue)], CAST[herald][2])
                manner = rng.choice(ENTRY_MANNERS)
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
                if lord in LETTER_OPENINGS and rng.random() < 0.6:
                    vals = self.values(lord, "MESSENGER", onstage)
                    self.emit_speech(lord, self.letter(lord, vals), CAST[lord][2])
                self.direction("Exit MESSENGER.")
                prev, addressed, asked = "MESSENGER", lord, False
                continue
            # a noise off
            if rng.random() < 0.03:
                self.direction(rng.choice(NOISES_OFF))
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
        for act, scenes in enumerate([9, 10, 11, 10, 9], start=1):
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


# Interchangeable wordings for the steps that nearly every card of a kind shares, so that
# the same sentence does not recur word for word: ``say(rng, key, **values)`` picks one.
PHRASES = {
    "season": [
        "Season to taste with salt and pepper.",
        "Taste, and add salt and pepper as needed.",
        "Check the seasoning and add more salt and pepper if it needs it.",
        "Season well with salt and plenty of black pepper.",
        "Taste for seasoning; it will probably want a good pinch of salt.",
    ],
    "soup_spice": [
        "Stir in the garlic and the {spice} and cook for 1 minute more, until fragrant.",
        "Add the garlic and {spice} and stir for a minute, until you can smell the spice.",
        "Stir through the garlic and the {spice}, and give it another minute or so.",
        "Add the garlic and the {spice}; cook, stirring, for 1-2 minutes.",
    ],
    "soup_main": [
        "Add the {main} and stir well to coat {them} in the {fat}.",
        "Tip in the {main} and turn {them} over in the {fat} for a couple of minutes.",
        "Add the {main}, stir, and let {them} sweat for {sweat} minutes with the lid on.",
        "Stir in the {main} until well coated.",
    ],
    "soup_simmer": [
        "Pour in the stock, bring to the boil, then lower the heat and simmer for {simmer} "
        "minutes, until the {main} {are} completely tender.",
        "Pour in the hot stock and bring to the boil. Turn the heat down, half cover, and "
        "simmer for {simmer} minutes, until the {main} {are} soft.",
        "Add the stock and bring up to a gentle simmer. Cook for {simmer} minutes, or until "
        "the {main} {are} tender when pierced with a knife.",
        "Cover with the stock, put a lid on, and simmer for about {simmer} minutes, stirring "
        "once or twice, until the {main} {are} soft.",
    ],
    "soup_serve": [
        "Ladle into warm bowls and finish with {finish}.",
        "Serve in warmed bowls, topped with {finish}.",
        "Divide between bowls and add {finish} to each.",
        "Bring to the table piping hot, with {finish} on top.",
    ],
    "oven_on": [
        "Heat the oven to {oven}.",
        "Preheat the oven to {oven}.",
        "Turn the oven on to {oven}.",
        "Get the oven heating to {oven}.",
    ],
    "stew_garlic": [
        "Stir in the garlic and tomato puree and cook for a minute.",
        "Add the garlic and the tomato puree and cook, stirring, for 1 minute.",
        "Stir through the garlic and tomato puree and let them cook for a minute or two.",
    ],
    "stew_check": [
        "Check the seasoning, and add a splash of water if the sauce is too thick.",
        "Taste, season, and loosen with a little hot water if it has become too thick.",
        "Skim off any fat from the surface and check the seasoning.",
        "Fish out the woody herb stalks and taste for salt and pepper.",
    ],
    "cake_fold": [
        "Fold in the flour and baking powder, then stir in {extra}.",
        "Sift over the flour and baking powder and fold in gently, then add {extra}.",
        "Fold through the flour and baking powder with a large metal spoon, then add {extra}.",
        "Gently fold in the flour and baking powder until no dry patches remain; stir in {extra}.",
    ],
    "cake_milk": [
        "Loosen the batter with the milk until it drops easily from a spoon.",
        "Stir in enough of the milk to give a soft, dropping consistency.",
        "Add the milk a spoonful at a time until the mixture falls easily off the spoon.",
    ],
    "cake_bake": [
        "Spoon into the tin, smooth the top, and bake for {bake} minutes, until a skewer "
        "pushed into the middle comes out clean.",
        "Scrape into the tin, level the top and bake for {bake} minutes, until risen and "
        "springy to the touch.",
        "Pour into the prepared tin and bake for about {bake} minutes; a skewer in the "
        "centre should come out with no wet batter.",
        "Spread into the tin and bake for {bake} minutes, until golden and just shrinking "
        "from the sides.",
    ],
    "cake_cool": [
        "Cool in the tin for 10 minutes, then turn out onto a wire rack.",
        "Leave to cool in the tin for 15 minutes before turning out.",
        "Let it stand in the tin for 5 minutes, then lift out and cool on a rack.",
        "Cool completely in the tin before slicing.",
    ],
    "bread_mix": [
        "Mix the flour, yeast and salt in a large bowl, keeping the salt and yeast apart.",
        "Put the flour in a large bowl and add the salt on one side and the yeast on the other.",
        "Combine the flour, yeast and salt in a mixing bowl.",
        "Weigh the flour into a bowl and stir in the yeast and salt.",
    ],
    "bread_wet": [
        "Add the water and oil{honey} and mix to a rough, sticky dough.",
        "Pour in the water and oil{honey} and stir with a wooden spoon until it comes together.",
        "Make a well in the middle, add the water and oil{honey}, and mix to a soft dough.",
    ],
    "bread_knead": [
        "Knead on a lightly floured surface for {knead} minutes, until smooth and springy.",
        "Turn out and knead for {knead} minutes, until the dough is silky and elastic.",
        "Knead for about {knead} minutes; it will start sticky and finish smooth.",
        "Work the dough on an oiled surface for {knead} minutes, stretching and folding it.",
    ],
    "bread_rise": [
        "Put the dough in an oiled bowl, cover, and leave somewhere warm for {rise}, until "
        "doubled in size.",
        "Return to the bowl, cover with a damp tea towel and leave to rise for {rise}, until "
        "doubled.",
        "Cover and leave in a warm kitchen for {rise}, or until it has doubled in size.",
    ],
    "bread_cool": [
        "Cool on a wire rack before slicing.",
        "Leave to cool on a rack for at least 30 minutes before cutting.",
        "Cool completely on a wire rack; it will keep cooking as it cools.",
        "Let it cool on a rack, and resist cutting it while hot.",
    ],
    "pastry_rub": [
        "Rub the butter into the flour{sweet} until it looks like fine breadcrumbs.",
        "Put the flour{sweet} in a bowl and rub in the butter with your fingertips until "
        "the mixture looks sandy.",
        "Pulse the flour{sweet} and butter in a food processor until they look like "
        "breadcrumbs, then tip into a bowl.",
    ],
    "pastry_water": [
        "Add the water a spoonful at a time and bring together into a firm dough.",
        "Drizzle in the water, mixing with a knife, until the pastry just holds together.",
        "Add {water} tbsp of the water and mix; add the rest only if it is still crumbly.",
        "Stir in just enough cold water to bring the pastry together, without kneading.",
        "Sprinkle over the water and work it in with a knife until the dough clumps together.",
    ],
    "pastry_chill": [
        "Wrap and chill for {chill} minutes.",
        "Chill for {chill} minutes, wrapped, so it is easier to roll.",
        "Let the pastry rest in the fridge for {chill} minutes.",
        "Flatten into a disc, wrap, and chill for {chill} minutes.",
        "Shape into a ball, cover and rest in the fridge for {chill} minutes.",
    ],
    "fry_oil": [
        "Heat a thin layer of oil in a frying pan over a medium heat.",
        "Heat a little oil in a large, heavy frying pan.",
        "Pour enough oil into a frying pan to cover the base and set it over a medium heat.",
    ],
    "fry_drain": [
        "Drain on kitchen paper and keep warm while you cook the rest.",
        "Lift onto kitchen paper and keep warm in a low oven while you fry the rest.",
        "Drain briefly on paper and cook the rest in batches, adding more oil as needed.",
    ],
    "jam_saucer": [
        "Put two small saucers in the freezer for testing the set.",
        "Put a couple of saucers in the freezer; you will need them to test the jam.",
        "Chill two or three small plates in the freezer before you start.",
    ],
    "jam_test": [
        "Drop a little jam onto a cold saucer, wait a minute, and push it with a finger; if it "
        "wrinkles, it is ready. If not, boil for 2 minutes more and test again.",
        "Spoon a little onto a chilled saucer and leave for a minute. If it wrinkles when "
        "pushed, the jam has set; if not, boil for another 2-3 minutes and test again.",
        "Test for a set: a drop on a cold plate should wrinkle when nudged with a finger. "
        "Keep boiling and testing every couple of minutes until it does.",
    ],
    "jam_pot": [
        "Ladle into the warm jars, seal at once, and label when cold.",
        "Pot into the warm jars, cover and seal straight away; label when cool.",
        "Pour into the hot jars through a wide funnel, seal, and leave to cool.",
    ],
    "serve_now": [
        "Serve at once.",
        "Serve straight away, while the leaves are crisp.",
        "Bring to the table at once.",
        "Serve immediately, with bread for the dressing.",
    ],
}


def say(rng: Random, key: str, **values: object) -> str:
    """One wording of a common step, filled in with ``values``."""
    return rng.choice(PHRASES[key]).format(**values)


TITLE_PREFIXES = [
    "Ferry-House",
    "Blue Heron",
    "Watchman's",
    "Steward's",
    "Lantern Night",
    "Riverside",
    "Toll-House",
    "Haymaker's",
    "Shepherd's",
    "Cottage",
    "Everyday",
    "Hollow Fen",
    "Celandine's",
    "Fenwick's",
    "Weekday",
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
    (
        "Cauliflower",
        (["1"], "", "large cauliflower|large cauliflowers", "broken into florets"),
        "cauliflower",
        ["ground turmeric", "mild curry powder", "grated nutmeg"],
        True,
    ),
    (
        "Broccoli",
        (span(400, 600, 50), "g", "broccoli", "cut into small florets"),
        "broccoli",
        ["grated nutmeg", "chilli flakes"],
        True,
    ),
    (
        "Watercress",
        (["2", "3"], "", "bunch watercress|bunches watercress", "roughly chopped"),
        "watercress",
        ["grated nutmeg", "grated lemon zest"],
        True,
    ),
    (
        "Chickpea and Tomato",
        (["2"], "", "tin chickpeas|tins chickpeas", "drained"),
        "chickpeas",
        ["ground cumin", "smoked paprika", "ground coriander"],
        False,
    ),
    (
        "Fennel",
        (["2"], "", "fennel bulb|fennel bulbs", "trimmed and sliced"),
        "fennel",
        ["fennel seeds", "grated orange zest"],
        True,
    ),
    (
        "Kale and White Bean",
        (span(150, 250, 50), "g", "kale", "stalks removed and shredded"),
        "kale",
        ["chilli flakes", "dried rosemary", "smoked paprika"],
        False,
    ),
    (
        "Swede and Carrot",
        (["1"], "", "small swede|small swedes", "peeled and diced"),
        "swede",
        ["ground ginger", "grated nutmeg", "ground white pepper"],
        True,
    ),
    (
        "Jerusalem Artichoke",
        (span(500, 700, 100), "g", "Jerusalem artichokes", "scrubbed and sliced"),
        "artichokes",
        ["grated nutmeg", "dried thyme"],
        True,
    ),
]
PLURAL_EXCEPTIONS = {"watercress"}

SOUP_FINISHES = [
    "a swirl of single cream",
    "a spoonful of plain yoghurt",
    "chopped parsley",
    "snipped chives",
    "a few croutons",
    "grated cheddar",
    "a drizzle of olive oil",
    "a spoonful of creme fraiche",
    "toasted pumpkin seeds",
    "crisp fried sage leaves",
    "a pinch of chilli flakes",
    "crumbled crisp bacon",
    "a little grated hard cheese",
]


def spice_title(spice: str) -> str:
    """``grated lemon zest`` -> ``Lemon``, ``ground cumin`` -> ``Cumin``: for recipe titles."""
    skip = {"ground", "grated", "dried", "fresh", "mild", "powder", "flakes", "seeds", "zest"}
    words = [w.capitalize() for w in spice.split() if w not in skip]
    return " ".join(words) or spice.capitalize()


def recipe_soup(rng: Random) -> dict:
    title, main_spec, main, spices, blend = rng.choice(SOUP_MAINS)
    plural = main.endswith("s") and main not in PLURAL_EXCEPTIONS
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
    if title == "Swede and Carrot":
        ingredients.append(ingredient(rng, ["3", "4"], "", "carrot|carrots", "sliced"))
        main = "swede and carrots"
        plural, them, are = True, "them", "are"
    if title.startswith("Kale"):
        ingredients.append(ingredient(rng, ["1"], "", "tin cannellini beans", "drained"))
    if title.startswith("Chickpea"):
        ingredients.append(ingredient(rng, ["1"], "", "tin chopped tomatoes"))
    potato = blend and rng.random() < 0.3 and "potato" not in title.lower()
    if potato:
        ingredients.append(ingredient(rng, ["1"], "", "floury potato", "peeled and diced"))
    if spice == "bay leaves":
        ingredients.append(ingredient(rng, ["2"], "", "bay leaf|bay leaves"))
    else:
        ingredients.append(ingredient(rng, SMALL_SPOONS[1:] + ["1"], "tsp", spice))
    stock = rng.choice(["vegetable stock", "chicken stock", "vegetable stock", "light stock"])
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
        [
            " in a large pan over a medium heat.",
            " in a large, heavy saucepan over a low heat.",
            " in a big saucepan.",
            " in a deep pan over a gentle heat.",
        ]
    )
    steps.append(
        f"Add the {aromatics} with a pinch of salt and cook gently for {soften} minutes, "
        + rng.choice(
            [
                "stirring now and then, until soft but not coloured.",
                "until soft and translucent.",
                "until soft and just starting to turn golden.",
                "with the lid on, until soft and sweet.",
            ]
        )
    )
    steps.append(say(rng, "soup_spice", spice=spice))
    steps.append(say(rng, "soup_main", main=main, them=them, fat=fat, sweat=rng.randint(3, 6)))
    if potato:
        steps.append(
            rng.choice(
                [
                    "Add the potato too; it will thicken the soup as it cooks.",
                    "Stir in the diced potato, which gives the soup body.",
                    "Add the potato now, so that it cooks down with the rest.",
                ]
            )
        )
    steps.append(say(rng, "soup_simmer", simmer=simmer, main=main, are=are))
    if blend:
        steps.append(
            rng.choice(
                [
                    "Take the pan off the heat and blend until smooth.",
                    "Blend the soup until smooth, adding a splash of water if it seems too thick.",
                    "Blend half of the soup and stir it back into the pan for a thick, "
                    "rough texture.",
                    "Leave to cool for a few minutes, then blend in batches until very smooth.",
                    "Whizz with a stick blender until smooth, then return to a low heat.",
                ]
            )
        )
    else:
        steps.append(
            rng.choice(
                [
                    "Leave the soup chunky, mashing a little against the side of the pan.",
                    "Crush a few spoonfuls against the side of the pan to thicken the soup.",
                    "Keep the soup chunky; if it is very thick, add a little more stock.",
                ]
            )
        )
    if rng.random() < 0.3:
        steps.append(
            rng.choice(
                [
                    "Stir in a squeeze of lemon juice to lift the flavour.",
                    "Add a splash of cream and warm through without boiling.",
                    "Stir in a handful of chopped parsley.",
                ]
            )
        )
    steps.append(say(rng, "season"))
    steps.append(say(rng, "soup_serve", finish=finish))
    flavour = spice_title(spice)
    if rng.random() < 0.5 or spice in ("sugar", "bay leaves", "celery salt"):
        name = f"{title} Soup"
    elif " and " in title or rng.random() < 0.3:
        name = f"{title} Soup with {flavour}"
    else:
        name = f"{title} and {flavour} Soup"
    notes = [
        "The soup thickens as it stands; loosen it with a little stock when reheating.",
        "Freezes well for up to three months.",
        "Good with a wedge of cheese and a heel of bread.",
        f"Use {'oil' if butter else 'butter'} instead of {fat} if you prefer.",
        "Keeps for three days in the fridge, and tastes better on the second.",
        "Make it with water instead of stock and it will still be good, if a little thinner.",
        f"A {rng.choice(['cheese scone', 'slice of soda bread', 'toasted crumpet'])} "
        "goes well alongside.",
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
    ("Venison", span(600, 900, 100), "g", "diced venison", "", "venison"),
    ("Rabbit", ["1", "2"], "", "rabbit|rabbits", "jointed", "rabbit"),
    ("Mushroom", span(500, 800, 100), "g", "mixed mushrooms", "thickly sliced", "mushrooms"),
    ("Chickpea", ["2"], "", "tin chickpeas|tins chickpeas", "drained", "chickpeas"),
    ("Oxtail", span(1000, 1500, 250), "g", "oxtail", "in pieces", "oxtail"),
]
MEATLESS_STEWS = ("beans", "mushrooms", "chickpeas")
QUICK_STEWS = ("chicken", "sausages", "beans", "mushrooms", "chickpeas")
HOURS = {
    40: "40 minutes",
    45: "45 minutes",
    60: "1 hour",
    75: "1 hour 15 minutes",
    90: "1 1/2 hours",
    120: "2 hours",
    150: "2 1/2 hours",
    180: "3 hours",
}
STEW_LIQUIDS = [
    "beef stock",
    "dry cider",
    "brown ale",
    "red wine",
    "chicken stock",
    "stout",
    "white wine",
    "vegetable stock",
]
STEW_VEG = [
    ("carrot|carrots", "thickly sliced"),
    ("parsnip|parsnips", "cut into chunks"),
    ("potato|potatoes", "peeled and quartered"),
    ("small turnip|small turnips", "diced"),
    ("celery stick|celery sticks", "sliced"),
    ("leek|leeks", "cut into rounds"),
    ("small swede|small swedes", "cut into chunks"),
    ("red pepper|red peppers", "cut into strips"),
]
STEW_HERBS = ["thyme", "rosemary", "bay leaves", "sage", "marjoram", "parsley"]
STEW_SIDES = [
    "mashed potatoes",
    "buttered cabbage",
    "crusty bread",
    "baked potatoes",
    "dumplings",
    "plain rice",
    "braised red cabbage",
    "buttered noodles",
    "mashed swede",
    "green beans",
    "a heap of greens",
]
STEW_FINISHES = [
    "Stir in a handful of chopped parsley just before serving.",
    "Stir in a spoonful of wholegrain mustard at the end.",
    "Add a splash of vinegar at the end to sharpen the sauce.",
    "Scatter with grated lemon zest and chopped parsley.",
]


def recipe_stew(rng: Random) -> dict:
    title, amounts, unit, meat_name, prep, meat = rng.choice(STEW_MEATS)
    meatless = meat in MEATLESS_STEWS
    liquid = rng.choice(STEW_LIQUIDS)
    if meatless and liquid in ("beef stock", "chicken stock"):
        liquid = "vegetable stock"
    veg = rng.sample(STEW_VEG, rng.choice([1, 2, 2]))
    herb = rng.choice(STEW_HERBS)
    ingredients = [ingredient(rng, amounts, unit, meat_name, prep)]
    if not meatless:
        ingredients.append(ingredient(rng, ["1", "2"], "tbsp", "plain flour"))
    if rng.random() < 0.3 and not meatless:
        ingredients.append(ingredient(rng, span(100, 150, 50), "g", "smoked bacon lardons"))
        bacon = True
    else:
        bacon = False
    ingredients += [
        ingredient(rng, ["2", "3"], "tbsp", rng.choice(["sunflower oil", "olive oil"])),
        ingredient(
            rng, ["1", "2"], "", rng.choice(["onion|onions", "red onion|red onions"]), "sliced"
        ),
        ingredient(rng, ["2", "3"], "", "garlic clove|garlic cloves", "chopped"),
        ingredient(rng, ["1", "2"], "tbsp", "tomato puree"),
    ]
    for name, vprep in veg:
        ingredients.append(ingredient(rng, ["2", "3", "4"], "", name, vprep))
    ingredients.append(ingredient(rng, span(400, 700, 50), "ml", liquid))
    if herb == "bay leaves":
        ingredients.append(ingredient(rng, ["2", "3"], "", "bay leaf|bay leaves"))
    elif herb == "parsley":
        ingredients.append(ingredient(rng, ["1"], "", "small bunch parsley", "chopped"))
    else:
        ingredients.append(ingredient(rng, ["3", "4", "a few"], "", f"sprig {herb}|sprigs {herb}"))
    ingredients.append(ingredient(rng, [""], "-", "salt and black pepper"))
    temp = rng.choice([150, 160, 170])
    hours = rng.choice([40, 45, 60, 75]) if meat in QUICK_STEWS else rng.choice([90, 120, 150, 180])
    hob = rng.random() < 0.35
    veg_names = " and ".join(v[0].split("|")[1] for v in veg)
    steps = [] if hob else [say(rng, "oven_on", oven=oven(temp))]
    pot = rng.choice(["flameproof casserole", "heavy casserole", "large, lidded pan"])
    if meatless:
        steps.append(f"Heat the oil in a {pot} and add the onions.")
        steps.append(f"Cook for {rng.randint(8, 12)} minutes, stirring, until golden.")
        if meat == "mushrooms":
            steps.append("Turn up the heat, add the mushrooms, and fry until they are browned.")
    else:
        steps.append(
            rng.choice(
                [
                    f"Toss the {meat} in the flour with a good pinch of salt and pepper.",
                    f"Season the {meat} well and dust it with the flour.",
                    f"Put the flour in a bag with salt and pepper, add the {meat}, and shake.",
                ]
            )
        )
        if bacon:
            steps.append(f"Fry the bacon in the {pot} until crisp, then lift out.")
        steps.append(
            rng.choice(
                [
                    f"Heat half the oil in a {pot} and brown the {meat} in batches, then lift "
                    "out onto a plate.",
                    f"Brown the {meat} a few pieces at a time in half the oil, so the pan is "
                    "never crowded. Set aside.",
                    f"Heat the oil in the {pot} and fry the {meat} until browned on all sides; "
                    "lift out with a slotted spoon.",
                ]
            )
        )
        steps.append(
            f"Add the rest of the oil and the onions, and cook for {rng.randint(8, 12)} minutes "
            + rng.choice(["until golden.", "until soft.", "scraping up the brown bits."])
        )
    steps.append(say(rng, "stew_garlic"))
    again = "Add" if meatless else "Return"
    back = f"the {meat}" + (" and bacon" if bacon else "")
    steps.append(f"{again} {back}, pour in the {liquid}, and add the {veg_names} and the {herb}.")
    where = "simmer very gently on the hob" if hob else "cook in the oven"
    tender = "until the meat is very tender." if not meatless else "until the sauce has thickened."
    if meat == "sausages":
        tender = "until the sausages are cooked through and the sauce is thick."
    steps.append(
        rng.choice(
            [
                f"Bring to a simmer, cover with a lid, and {where} for {HOURS[hours]}, {tender}",
                f"Once it bubbles, put the lid on and {where} for {HOURS[hours]}, {tender}",
            ]
        )
    )
    steps.append(say(rng, "stew_check"))
    if rng.random() < 0.35:
        steps.append(rng.choice(STEW_FINISHES))
    steps.append(f"Serve hot with {rng.choice(STEW_SIDES)}.")
    liquid_word = {
        "dry cider": "Cider",
        "brown ale": "Ale",
        "red wine": "Red Wine",
        "stout": "Stout",
        "white wine": "White Wine",
    }.get(liquid)
    if liquid_word and rng.random() < 0.6:
        name = f"{title} and {liquid_word} Stew"
    elif herb == "bay leaves" or rng.random() < 0.2:
        name = f"{title} Casserole"
    else:
        name = f"{title} Stew with {herb.capitalize()}"
    if bacon and rng.random() < 0.5:
        name = f"{title} and Bacon " + ("Hotpot" if rng.random() < 0.5 else "Stew")
    notes = [
        "Better still the next day; cool, cover and chill overnight, then reheat gently.",
        "Freezes well for up to three months.",
        f"Swap the {liquid} for stock if you prefer.",
        "If the sauce is thin at the end, boil it hard for a few minutes with the lid off.",
        "A few prunes added with the liquid make it richer and darker.",
    ]
    return {
        "title": name,
        "serves": rng.choice(["4", "4", "6", "4-6"]),
        "prep": rng.choice([15, 20, 25, 30]),
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
    (
        "Marmalade",
        [(span(3, 5), "tbsp", "thick-cut marmalade"), (["1"], "", "orange", "zested")],
        "the marmalade and zest",
        False,
    ),
    (
        "Banana",
        [(["2", "3"], "", "very ripe banana|very ripe bananas", "mashed")],
        "the mashed banana",
        False,
    ),
    (
        "Date and Walnut",
        [
            (span(100, 175, 25), "g", "dates", "chopped"),
            (span(50, 75, 25), "g", "walnuts", "chopped"),
        ],
        "the dates and walnuts",
        False,
    ),
    ("Raspberry", [(span(125, 200, 25), "g", "raspberries")], "the raspberries", False),
    (
        "Poppy Seed",
        [(["2"], "tbsp", "poppy seeds"), (["1"], "", "unwaxed lemon", "zested and juiced")],
        "the poppy seeds and lemon zest",
        True,
    ),
    (
        "Pear and Ginger",
        [
            (["2"], "", "ripe pear|ripe pears", "peeled and diced"),
            (["2"], "tsp", "ground ginger"),
        ],
        "the pear and ginger",
        False,
    ),
    (
        "Treacle",
        [(["2", "3"], "tbsp", "black treacle"), (["1"], "tsp", "ground ginger")],
        "the treacle and ginger",
        False,
    ),
]
TINS = [
    "20 cm round cake tin",
    "900 g loaf tin",
    "20 cm square tin",
    "23 cm springform tin",
    "20 x 30 cm traybake tin",
    "two 20 cm sandwich tins",
]
CAKE_NOTES = [
    "Keeps for four days in an airtight tin.",
    "Wrapped well, the cake freezes for a month.",
    "Best eaten the day after baking, when the crumb has settled.",
    "If the top browns too fast, cover it loosely with foil for the last 10 minutes.",
    "All the ingredients should be at room temperature before you start.",
    "Good warm as a pudding, with custard.",
    "Use a little more milk if the batter feels stiff.",
]


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
    if "loaf" in tin:
        bake = rng.choice([35, 40, 45, 50, 55])
    elif "sandwich" in tin or "traybake" in tin:
        bake = rng.choice([20, 22, 25, 28])
    else:
        bake = rng.choice([30, 35, 40, 45])
    line = "grease and line " + (tin if tin.startswith("two") else f"a {tin}")
    steps = [
        rng.choice(
            [
                f"Heat the oven to {oven(temp)} and {line} with baking paper.",
                f"Preheat the oven to {oven(temp)}. Now {line} with baking paper.",
            ]
        )
    ]
    if rng.random() < 0.3:
        steps.append(
            "Put the butter, sugar, eggs, flour and baking powder in a large bowl and beat "
            f"with an electric whisk for {rng.randint(2, 3)} minutes, until smooth."
        )
        steps.append(f"Stir in {extra_phrase}.")
    else:
        steps.append(
            rng.choice(
                [
                    f"Beat the butter and sugar together for {rng.randint(3, 5)} minutes, "
                    "until pale and fluffy.",
                    f"Cream the butter and sugar for {rng.randint(3, 5)} minutes, scraping down "
                    "the bowl, until light.",
                    "Beat the soft butter with the sugar until the mixture is pale and creamy.",
                ]
            )
        )
        steps.append(
            rng.choice(
                [
                    "Add the eggs a little at a time, beating well after each addition.",
                    "Beat in the eggs one at a time, adding a spoonful of the flour if the mix "
                    "curdles.",
                    "Gradually beat in the eggs until the mixture is smooth.",
                    f"Beat in the eggs in {rng.choice(['three', 'four', 'several'])} additions.",
                ]
            )
        )
        steps.append(say(rng, "cake_fold", extra=extra_phrase))
    steps.append(say(rng, "cake_milk"))
    steps.append(say(rng, "cake_bake", bake=bake))
    steps.append(say(rng, "cake_cool"))
    if title == "Plum":
        steps.insert(-2, "Press the remaining plums, cut side up, into the top before baking.")
    if icing:
        juice = "lemon" if "Lemon" in title or "Poppy" in title else "orange"
        steps.append(
            rng.choice(
                [
                    f"Mix the icing sugar with enough {juice} juice to make a runny icing, and "
                    "drizzle it over the cake while still warm.",
                    f"Stir the {juice} juice into the icing sugar until smooth, then spoon it "
                    "over the cooled cake and let it set.",
                ]
            )
        )
    elif title == "Marmalade":
        steps.append("Warm a spoonful of marmalade and brush it over the top to glaze.")
    elif "sandwich" in tin:
        middle = rng.choice(["jam", "buttercream", "lemon curd"])
        steps.append(f"Sandwich the two cakes together with {middle} and dust the top with sugar.")
    if tin.startswith("two"):
        steps = [s.replace("the tin", "the tins").replace("prepared tin", "tins") for s in steps]
    name = f"{title} Cake"
    if "loaf" in tin and rng.random() < 0.5:
        name = f"{title} Loaf Cake"
    elif "traybake" in tin:
        name = f"{title} Traybake"
    elif "sandwich" in tin:
        name = f"{title} Sandwich Cake"
    return {
        "title": name,
        "serves": rng.choice(["8", "10", "12"]) if "traybake" not in tin else "Makes: 16 squares",
        "prep": rng.choice([15, 20, 25]),
        "cook": bake,
        "ingredients": ingredients,
        "steps": steps,
        "notes": CAKE_NOTES,
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
    ("Sunflower", (span(50, 100, 25), "g", "sunflower seeds"), "the sunflower seeds"),
    ("Raisin", (span(100, 150, 25), "g", "raisins"), "the raisins"),
    ("Garlic and Parsley", (["3"], "tbsp", "chopped parsley"), "the parsley and garlic"),
    ("Fennel Seed", (["1", "2"], "tbsp", "fennel seeds", "lightly crushed"), "the fennel seeds"),
    ("Sage and Onion", (["1"], "tbsp", "chopped sage"), "the sage"),
]
BREAD_SHAPES = ["a round loaf", "a long loaf", "12 rolls", "two small loaves", "a plait", "8 rolls"]
BREAD_NOTES = [
    "The dough can rise slowly in the fridge overnight instead.",
    "Best eaten on the day; toast any leftovers.",
    "Freeze slices in a bag and toast straight from frozen.",
    "A tray of hot water in the bottom of the oven gives a crisper crust.",
    "If your kitchen is cold, the dough may take twice as long to rise.",
]
SODA_EXTRAS = [
    ("Plain Soda", None),
    ("Cheese and Chive Soda", (span(75, 125, 25), "g", "mature cheddar", "grated")),
    ("Oat Soda", (span(50, 100, 25), "g", "rolled oats")),
    ("Treacle Soda", (["2"], "tbsp", "black treacle")),
    ("Fruit Soda", (span(100, 150, 25), "g", "sultanas")),
]


def recipe_soda_bread(rng: Random) -> dict:
    title, extra = rng.choice(SODA_EXTRAS)
    brown = rng.random() < 0.5
    flour = "plain wholemeal flour" if brown else "plain white flour"
    ingredients = [
        f"{rng.choice([400, 450, 500])} g {flour}",
        "1 tsp bicarbonate of soda",
        ingredient(rng, ["1", "1/2"], "tsp", "salt"),
        ingredient(rng, span(350, 450, 50), "ml", "buttermilk"),
    ]
    if extra:
        ingredients.append(ingredient(rng, *extra))
    temp = rng.choice([200, 220])
    bake = rng.choice([30, 35, 40])
    steps = [
        say(rng, "oven_on", oven=oven(temp)) + " Dust a baking tray with flour.",
        "Mix the flour, bicarbonate of soda and salt in a large bowl"
        + (", then stir in the rest of the dry ingredients." if extra else "."),
        "Make a well in the middle and pour in most of the buttermilk"
        + (" with the treacle." if "Treacle" in title else "."),
        "Mix quickly with a knife to a soft, rough dough, adding the rest of the buttermilk if "
        "it seems dry.",
        "Tip onto a floured surface and shape into a round without kneading.",
        "Cut a deep cross in the top, almost to the bottom, and set on the tray.",
        f"Bake for {bake} minutes, until it sounds hollow when tapped underneath.",
        rng.choice(
            [
                "Wrap in a clean tea towel while it cools for a soft crust.",
                "Cool on a rack for a crisp crust, or in a tea towel for a soft one.",
            ]
        ),
    ]
    return {
        "title": f"{'Brown ' if brown else ''}{title} Bread",
        "serves": "Makes: 1 round loaf",
        "prep": rng.choice([10, 15]),
        "cook": bake,
        "ingredients": ingredients,
        "steps": steps,
        "notes": [
            "Soda bread is best eaten within a day.",
            "Work quickly: the soda starts working as soon as it meets the buttermilk.",
            "No buttermilk? Stir a tablespoon of lemon juice into the same amount of milk.",
        ],
    }


def recipe_bread(rng: Random) -> dict:
    if rng.random() < 0.25:
        return recipe_soda_bread(rng)
    title, extra, phrase = rng.choice(BREAD_EXTRAS)
    wholemeal = rng.random() < 0.4
    shape = rng.choice(BREAD_SHAPES)
    ingredients = []
    if wholemeal:
        white = rng.choice([250, 300, 350])
        second = rng.choice(["strong wholemeal flour", "wholemeal flour", "light rye flour"])
        ingredients += [f"{white} g strong white flour", f"{500 - white} g {second}"]
    else:
        ingredients.append("500 g strong white flour")
    ingredients += [
        rng.choice(["7 g fast-action dried yeast", "1 sachet fast-action dried yeast"]),
        ingredient(rng, ["1", "1 1/2", "2"], "tsp", "salt"),
        ingredient(rng, span(300, 350, 10), "ml", "warm water"),
        ingredient(rng, ["1", "2"], "tbsp", rng.choice(["olive oil", "olive oil", "soft butter"])),
    ]
    if title == "Honey Oat":
        ingredients.append(ingredient(rng, ["1", "2"], "tbsp", "runny honey"))
    if title.startswith("Garlic"):
        ingredients.append(ingredient(rng, ["2", "3"], "", "garlic clove|garlic cloves", "crushed"))
    if extra:
        ingredients.append(ingredient(rng, *extra))
    rise = rng.choice(["1 hour", "1-2 hours", "about 1 1/2 hours", "about an hour"])
    temp = rng.choice([200, 220])
    rolls = "rolls" in shape
    bake = rng.choice([15, 18, 20]) if rolls else rng.choice([25, 30, 35, 40])
    steps = [
        say(rng, "bread_mix"),
        say(rng, "bread_wet", honey=" and honey" if title == "Honey Oat" else ""),
        say(rng, "bread_knead", knead=rng.randint(8, 12)),
        say(rng, "bread_rise", rise=rise),
    ]
    if shape == "a plait":
        how = "divide into three, roll each into a long rope, and plait them together"
    else:
        how = f"shape into {shape}"
    if extra:
        steps.append(f"Knock back the dough, knead in {phrase}, and {how}.")
    else:
        steps.append(f"Knock back the dough and {how}.")
    prove = rng.choice([30, 40, 45])
    steps += [
        rng.choice(
            [
                f"Set on a floured baking tray, cover loosely, and prove for {prove} minutes.",
                f"Put on a lined tray, cover with oiled cling film, and leave for {prove} "
                "minutes, until puffy.",
            ]
        ),
        say(rng, "oven_on", oven=oven(temp)),
        rng.choice(
            [
                "Slash the top with a sharp knife and dust with flour.",
                "Brush with a little water and scatter over any extra topping.",
                "Brush with beaten egg for a shiny crust.",
                "Dust with flour and snip the top a few times with scissors.",
            ]
        ),
        f"Bake for {bake} minutes, until "
        + rng.choice(["golden and hollow-sounding when tapped underneath.", "well browned."]),
        say(rng, "bread_cool"),
    ]
    name = f"{title} Bread" if not rolls else f"{title} Rolls"
    if shape == "a plait":
        name = f"{title} Plait"
    if wholemeal and title == "Plain White":
        name = "Half and Half Loaf"
    if wholemeal and "rye" in ingredients[1] and not rolls:
        name = f"{title} and Rye Bread".replace("Plain White and ", "Light ")
    return {
        "title": name,
        "serves": "Makes: " + shape.replace("a ", "1 ").replace("two", "2"),
        "prep": rng.choice([20, 25, 30]),
        "cook": bake,
        "ingredients": ingredients,
        "steps": steps,
        "notes": BREAD_NOTES,
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
    (
        "Steak and Ale",
        [
            (span(600, 800, 100), "g", "braising steak", "diced"),
            (["1"], "", "onion|onions", "chopped"),
            (["2"], "tbsp", "plain flour"),
            (span(300, 400, 50), "ml", "brown ale"),
            (["1"], "tbsp", "Worcestershire sauce"),
        ],
        False,
        "Brown the steak and onion, stir in the flour, add the ale and Worcestershire sauce, "
        "and simmer gently for 2 hours until tender. Leave to cool completely.",
    ),
    (
        "Pork and Apple",
        [
            (span(500, 600, 50), "g", "pork sausage meat"),
            (["2"], "", "eating apple|eating apples", "peeled and diced"),
            (["1"], "", "onion|onions", "finely chopped"),
            (["1"], "tbsp", "chopped sage"),
        ],
        False,
        "Mix the sausage meat with the apple, onion and sage, and season well.",
    ),
    (
        "Pear and Blackberry",
        [
            (["4", "5"], "", "ripe pear|ripe pears", "peeled, cored and sliced"),
            (span(150, 200, 50), "g", "blackberries"),
            (span(50, 100, 25), "g", "light brown sugar"),
            (["1"], "tbsp", "cornflour"),
        ],
        True,
        "Toss the pears and blackberries with the sugar and cornflour.",
    ),
    (
        "Cherry",
        [
            (span(600, 800, 100), "g", "cherries", "stoned"),
            (span(75, 125, 25), "g", "caster sugar"),
            (["2"], "tbsp", "cornflour"),
            (["1"], "tsp", "vanilla extract"),
        ],
        True,
        "Warm the cherries with the sugar for 5 minutes, stir in the cornflour mixed with a "
        "little water, and the vanilla, then cool.",
    ),
    (
        "Spinach and Cheese",
        [
            (span(400, 500, 50), "g", "spinach", "washed"),
            (span(150, 200, 25), "g", "crumbly white cheese"),
            (["2"], "", "egg|eggs", "beaten"),
            (["1/2"], "tsp", "grated nutmeg"),
        ],
        False,
        "Wilt the spinach in a hot pan, squeeze it dry and chop, then mix with the cheese, "
        "eggs and nutmeg.",
    ),
    (
        "Gooseberry",
        [
            (span(600, 800, 100), "g", "gooseberries", "topped and tailed"),
            (span(125, 175, 25), "g", "caster sugar"),
            (["1"], "tbsp", "cornflour"),
        ],
        True,
        "Toss the gooseberries with the sugar and cornflour.",
    ),
]
PIE_NOTES = [
    "The pastry can be made a day ahead and kept in the fridge.",
    "Leftovers are good cold the next day.",
    "Chill the dish before lining it and the base stays crisp.",
    "Put the pie on a hot baking tray in the oven to help cook the base.",
    "Handle the pastry as little as you can, and keep everything cold.",
]


def recipe_pie(rng: Random) -> dict:
    title, specs, sweet, fill_step = rng.choice(PIE_FILLINGS)
    flour = rng.choice([250, 300])
    butter = flour // 2
    fat = rng.choice(["cold butter", "cold butter", "cold butter and lard, half and half"])
    ingredients = ["For the pastry:", f"{flour} g plain flour", f"{butter} g {fat}, diced"]
    if sweet:
        ingredients.append(ingredient(rng, ["1", "2"], "tbsp", "caster sugar"))
    ingredients += [
        ingredient(rng, ["3", "4", "5"], "tbsp", "cold water"),
        rng.choice(["1 egg, beaten, to glaze", "a little milk, to glaze"]),
        "For the filling:",
    ]
    ingredients += [ingredient(rng, *spec) for spec in specs]
    temp = rng.choice([190, 200])
    bake = rng.choice([35, 40, 45])
    chill = rng.choice([20, 30])
    dish = rng.choice(["a 23 cm pie dish", "a 20 cm deep pie tin", "a 1 litre pie dish"])
    glaze = "egg" if any("egg" in i for i in ingredients if "glaze" in i) else "milk"
    steps = [
        say(rng, "pastry_rub", sweet=" and sugar" if sweet else " and a pinch of salt"),
        say(rng, "pastry_water", water=rng.choice([2, 3])),
        say(rng, "pastry_chill", chill=chill),
        fill_step,
        say(rng, "oven_on", oven=oven(temp)),
        rng.choice(
            [
                f"Roll out two thirds of the pastry and line {dish}, letting it overhang.",
                f"Roll out the larger piece of pastry on a floured surface and use it to line "
                f"{dish}.",
            ]
        ),
        rng.choice(
            [
                "Spoon in the filling, roll out the rest of the pastry for a lid, and press the "
                "edges together to seal.",
                "Pile in the filling, doming it in the middle, then cover with the rest of the "
                "pastry and pinch the edges to seal.",
            ]
        ),
        rng.choice(
            [
                f"Trim, crimp the edge, cut a small hole in the middle, and brush with {glaze}.",
                f"Trim off the excess, press the edge with a fork, make two slits in the top, "
                f"and brush with {glaze}.",
            ]
        ),
        f"Bake for {bake} minutes, until the pastry is golden and the filling bubbles.",
        rng.choice(["Rest for 10 minutes before serving.", "Leave to settle for 10 minutes."])
        if not sweet
        else rng.choice(
            [
                "Serve warm with custard or cream.",
                "Dust with sugar and serve warm.",
                "Serve warm, with a jug of cold cream.",
            ]
        ),
    ]
    if sweet and rng.random() < 0.5:
        steps[-3] = steps[-3][:-1] + ", then sprinkle with caster sugar."
    return {
        "title": f"{title} Pie",
        "serves": rng.choice(["6", "6", "8"]),
        "prep": rng.choice([30, 35, 40]),
        "cook": bake,
        "ingredients": ingredients,
        "steps": steps,
        "notes": PIE_NOTES,
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
    ("Cauliflower", (["1"], "", "small cauliflower", "grated"), "cauliflower", False),
    ("Leek and Cheese", (["2"], "", "leek|leeks", "finely sliced and softened"), "leeks", False),
    ("Beetroot", (span(300, 400, 50), "g", "raw beetroot", "grated"), "beetroot", True),
    ("Squash", (span(400, 500, 50), "g", "butternut squash", "peeled and grated"), "squash", False),
]
FRITTER_SPICES = [
    "ground cumin",
    "smoked paprika",
    "chilli flakes",
    "dried oregano",
    "ground coriander",
    "curry powder",
    "dried dill",
    "garam masala",
]
FRITTER_SIDES = [
    "a spoonful of yoghurt",
    "sweet chilli sauce",
    "a green salad",
    "apple chutney",
    "soured cream and chives",
    "a fried egg",
    "a tomato and onion salad",
    "lemon wedges",
    "a dollop of garlic mayonnaise",
]


def recipe_fritters(rng: Random) -> dict:
    title, spec, main, squeeze = rng.choice(FRITTER_MAINS)
    spice = rng.choice(FRITTER_SPICES)
    eggs = rng.choice(["1", "2"])
    cheese = "Cheese" in title or "Feta" in title
    ingredients = [ingredient(rng, *spec)]
    if "Cheese" in title:
        ingredients.append(ingredient(rng, span(75, 100, 25), "g", "cheddar", "grated"))
    if "Feta" in title:
        ingredients.append(ingredient(rng, span(100, 150, 50), "g", "feta", "crumbled"))
    if "Onion" in title:
        ingredients.append(ingredient(rng, ["1"], "", "small onion|small onions", "grated"))
    herb = rng.choice(["", "", "mint", "parsley", "dill", "coriander"])
    ingredients += [
        ingredient(rng, ["2", "3"], "", "spring onion|spring onions", "sliced"),
        ingredient(rng, span(75, 125, 25), "g", rng.choice(["self-raising flour", "plain flour"])),
        ingredient(rng, [eggs], "", "egg|eggs"),
        ingredient(rng, span(50, 100, 25), "ml", "milk"),
        ingredient(rng, SMALL_SPOONS[1:] + ["1"], "tsp", spice),
    ]
    if herb:
        ingredients.append(f"a small handful of {herb}, chopped")
    ingredients += [
        rng.choice(["sunflower oil, for frying", "vegetable oil, for frying"]),
        "salt and black pepper",
    ]
    steps = []
    if squeeze:
        steps.append(
            rng.choice(
                [
                    f"Put the {main} in a clean tea towel and squeeze out as much liquid as "
                    "you can.",
                    f"Salt the {main} lightly, leave for 10 minutes, then squeeze hard in a "
                    "clean cloth.",
                ]
            )
        )
    batter = "egg" if eggs == "1" else "eggs"
    steps += [
        rng.choice(
            [
                f"Whisk the flour, {batter} and milk into a thick batter, then season with "
                f"the {spice}, salt and pepper.",
                f"Beat the {batter} and milk into the flour to make a thick, smooth batter; add "
                f"the {spice} and season well.",
            ]
        ),
        f"Stir in the {main}"
        + (", the spring onions and the cheese" if cheese else " and the spring onions")
        + (f", and the {herb}." if herb else "."),
        say(rng, "fry_oil"),
        f"Drop in heaped spoonfuls of the mixture, flatten slightly, and fry for "
        f"{rng.choice(['2', '2-3', '3'])} minutes on each side until golden.",
        say(rng, "fry_drain"),
        f"Serve hot with {rng.choice(FRITTER_SIDES)}.",
    ]
    notes = [
        "Do not crowd the pan, or the fritters will steam instead of crisping.",
        "The batter thickens as it stands; add a splash of milk if needed.",
        "Cold fritters make a good packed lunch.",
        "Make them small for a party, and serve with drinks.",
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
    ("Blackcurrant", "blackcurrants", "stripped from their stalks", True),
    ("Cherry", "cherries", "stoned", False),
    ("Greengage", "greengages", "halved and stoned", True),
    ("Marrow and Ginger", "marrow", "peeled, seeded and diced", False),
    ("Pear and Vanilla", "pears", "peeled, cored and chopped", True),
    ("Loganberry", "loganberries", "", False),
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
    if "Vanilla" in title:
        ingredients.append("1 vanilla pod, split")
    jars = {"1": "3", "1.5": "4", "2": "5"}[kilos]
    steps = [
        say(rng, "jam_saucer"),
        rng.choice(
            [
                f"Wash {jars} or {int(jars) + 1} jars in hot soapy water, rinse, and dry them "
                "in a low oven.",
                f"Sterilise {jars} or {int(jars) + 1} jars: wash well, then heat in a low oven "
                "for 15 minutes.",
            ]
        ),
    ]
    if needs_water:
        steps.append(
            f"Simmer the {fruit} with the water for {rng.choice([10, 15, 20])} minutes, until soft."
        )
    else:
        steps.append(
            rng.choice(
                [
                    f"Layer the {fruit} with the sugar in a large bowl and leave overnight.",
                    f"Mix the {fruit} with the sugar and leave for a few hours, until the "
                    "juices run.",
                ]
            )
        )
    steps += [
        (
            "Add the sugar and lemon juice to the pan"
            if needs_water
            else "Tip the fruit, sugar and juices into a preserving pan, add the lemon juice,"
        )
        + rng.choice(
            [
                " and stir over a low heat until every crystal has dissolved.",
                " and heat gently, stirring, until the sugar has completely dissolved.",
            ]
        ),
        f"Turn up the heat and boil hard for {rng.choice([6, 8, 10, 12])} minutes, "
        + rng.choice(
            [
                "stirring now and then so it does not catch.",
                "without stirring too much.",
                "until the bubbles become slow and heavy.",
            ]
        ),
        say(rng, "jam_test"),
        rng.choice(
            [
                "Take off the heat, skim off any scum, and leave for 10 minutes.",
                "Take the pan off the heat, stir in a knob of butter to clear the scum, and "
                "leave to settle for 10 minutes.",
            ]
        ),
        say(rng, "jam_pot"),
    ]
    notes = [
        "Unopened jars keep for a year in a cool, dark cupboard.",
        "Once opened, keep in the fridge and use within a month.",
        "Use slightly under-ripe fruit for a better set.",
        "Never fill a preserving pan more than half full; the jam rises as it boils.",
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
    ("Tomato", "tomatoes", (span(400, 600, 100), "g", "ripe tomatoes", "sliced")),
    ("Pearl Barley", "barley", (span(150, 200, 25), "g", "pearl barley", "cooked and cooled")),
    ("Broad Bean", "beans", (span(300, 400, 50), "g", "broad beans", "blanched and skinned")),
    ("Fennel and Orange", "fennel", (["2"], "", "fennel bulb|fennel bulbs", "thinly sliced")),
    ("Chickpea", "chickpeas", (["1"], "", "tin chickpeas", "drained")),
    ("Radish", "radishes", (span(200, 250, 50), "g", "radishes", "thinly sliced")),
    ("Roast Carrot", "carrots", (span(500, 600, 100), "g", "carrots", "roasted until sticky")),
]
SALAD_LEAVES = [
    "watercress",
    "baby spinach",
    "rocket",
    "mixed leaves",
    "little gem lettuce",
    "lamb's lettuce",
    "chicory",
    "pea shoots",
]
SALAD_CHEESES = [
    "goat's cheese",
    "feta",
    "crumbly white cheese",
    "blue cheese",
    "mature cheddar",
    "halloumi",
    "soft curd cheese",
]
CHEESE_TITLES = {
    "goat's cheese": "Goat's Cheese",
    "feta": "Feta",
    "crumbly white cheese": "White Cheese",
    "blue cheese": "Blue Cheese",
    "mature cheddar": "Cheddar",
    "halloumi": "Halloumi",
    "soft curd cheese": "Curd Cheese",
}
SALAD_NUTS = [
    "walnuts",
    "hazelnuts",
    "pumpkin seeds",
    "almonds",
    "sunflower seeds",
    "pecans",
    "pine nuts",
]
VINEGARS = [
    "cider vinegar",
    "red wine vinegar",
    "white wine vinegar",
    "lemon juice",
    "sherry vinegar",
]


def recipe_salad(rng: Random) -> dict:
    title, base, spec = rng.choice(SALAD_BASES)
    leaves = rng.choice(SALAD_LEAVES)
    cheese = rng.choice(SALAD_CHEESES)
    nuts = rng.choice(SALAD_NUTS)
    vinegar = rng.choice(VINEGARS)
    herb = rng.choice(["", "", "mint", "parsley", "dill", "chives"])
    ingredients = [
        ingredient(rng, *spec),
        ingredient(rng, span(75, 125, 25), "g", leaves),
        ingredient(
            rng,
            span(100, 150, 25),
            "g",
            cheese,
            "sliced" if cheese == "halloumi" else "crumbled",
        ),
        ingredient(rng, span(40, 60, 10), "g", nuts),
    ]
    if herb:
        ingredients.append(f"a small bunch of {herb}, chopped")
    ingredients += [
        "For the dressing:",
        ingredient(rng, ["3", "4"], "tbsp", rng.choice(["olive oil", "rapeseed oil"])),
        ingredient(rng, ["1"], "tbsp", vinegar),
        ingredient(rng, ["1/2", "1"], "tsp", rng.choice(["Dijon mustard", "wholegrain mustard"])),
        ingredient(rng, ["1/2", "1"], "tsp", rng.choice(["runny honey", "caster sugar"])),
        "salt and black pepper",
    ]
    sweetener = "honey" if any("honey" in i for i in ingredients) else "sugar"
    steps = [
        rng.choice(
            [
                f"Toast the {nuts} in a dry frying pan for {rng.randint(2, 4)} minutes, shaking "
                "the pan, until golden. Tip onto a plate to cool.",
                f"Toast the {nuts} in a hot oven for {rng.randint(4, 6)} minutes, watching them "
                "closely, then leave to cool.",
            ]
        ),
        rng.choice(
            [
                f"Whisk the oil, {vinegar}, mustard and {sweetener} together with a pinch of "
                "salt and pepper.",
                f"Shake the oil, {vinegar}, mustard and {sweetener} in a jam jar with the lid "
                "on, and season.",
            ]
        ),
    ]
    if cheese == "halloumi":
        steps.append("Fry the halloumi in a dry pan for 1-2 minutes on each side until golden.")
    steps += [
        f"Toss the {base} with half the dressing" + (f" and the {herb}." if herb else "."),
        rng.choice(
            [
                f"Arrange the {leaves} on a large plate and pile the {base} on top.",
                f"Spread the {leaves} over a wide dish and spoon the {base} over them.",
            ]
        ),
        f"Scatter over the {cheese} and the {nuts}, and spoon over the rest of the dressing.",
        say(rng, "serve_now"),
    ]
    notes = [
        "Dress the leaves only at the last moment.",
        "The dressing keeps for a week in a jar in the fridge.",
        f"Any crumbly cheese can stand in for the {cheese}.",
    ]
    return {
        "title": f"{title} Salad with {CHEESE_TITLES[cheese]}",
        "serves": rng.choice(["2", "4", "4"]),
        "prep": rng.choice([10, 15, 20]),
        "cook": rng.randint(2, 4) if cheese != "halloumi" else rng.randint(5, 8),
        "ingredients": ingredients,
        "steps": steps,
        "notes": notes,
    }


CRUMBLE_FRUITS = [
    # title, fruit line, fruit in the method, extra for the fruit
    (
        "Apple",
        (["5", "6"], "", "cooking apple|cooking apples", "peeled, cored and sliced"),
        "apples",
        "ground cinnamon",
    ),
    (
        "Rhubarb",
        (span(600, 800, 100), "g", "rhubarb", "cut into short lengths"),
        "rhubarb",
        "grated orange zest",
    ),
    ("Plum", (span(700, 900, 100), "g", "plums", "halved and stoned"), "plums", "ground ginger"),
    (
        "Apple and Blackberry",
        (["4", "5"], "", "eating apple|eating apples", "peeled, cored and sliced"),
        "apples and blackberries",
        "ground cinnamon",
    ),
    (
        "Pear and Ginger",
        (["5", "6"], "", "ripe pear|ripe pears", "peeled, cored and sliced"),
        "pears",
        "ground ginger",
    ),
    (
        "Gooseberry",
        (span(600, 750, 50), "g", "gooseberries", "topped and tailed"),
        "gooseberries",
        "grated lemon zest",
    ),
    (
        "Apricot",
        (span(600, 800, 100), "g", "apricots", "halved and stoned"),
        "apricots",
        "vanilla extract",
    ),
    (
        "Rhubarb and Strawberry",
        (span(400, 500, 50), "g", "rhubarb", "cut into short lengths"),
        "rhubarb and strawberries",
        "vanilla extract",
    ),
]
CRUMBLE_TOPPINGS = [
    ("", None),
    ("Oat", (span(50, 75, 25), "g", "rolled oats")),
    ("Almond", (span(50, 75, 25), "g", "flaked almonds")),
    ("Hazelnut", (span(50, 75, 25), "g", "hazelnuts", "roughly chopped")),
    ("Spiced", (["1"], "tsp", "mixed spice")),
]
PUDDING_SIDES = [
    "custard",
    "cold cream",
    "vanilla ice cream",
    "thick yoghurt",
    "a jug of hot custard",
    "clotted cream",
]


def recipe_crumble(rng: Random) -> dict:
    title, fruit_spec, fruit, flavour = rng.choice(CRUMBLE_FRUITS)
    topping, topping_spec = rng.choice(CRUMBLE_TOPPINGS)
    flour = rng.choice([150, 175, 200])
    butter = flour // 2 + rng.choice([0, 25])
    ingredients = ["For the fruit:", ingredient(rng, *fruit_spec)]
    if "Blackberry" in title:
        ingredients.append(ingredient(rng, span(150, 250, 50), "g", "blackberries"))
    if "Strawberry" in title:
        ingredients.append(ingredient(rng, span(200, 300, 50), "g", "strawberries", "halved"))
    ingredients += [
        ingredient(rng, span(50, 100, 25), "g", rng.choice(["caster sugar", "light brown sugar"])),
        ingredient(rng, ["1/2", "1"], "tsp", flavour)
        if "zest" not in flavour
        else f"1 {flavour.split()[1]}, zested",
        "For the crumble:",
        f"{flour} g plain flour",
        f"{butter} g cold butter, diced",
        ingredient(
            rng, span(75, 100, 25), "g", rng.choice(["demerara sugar", "light brown sugar"])
        ),
    ]
    if topping_spec:
        ingredients.append(ingredient(rng, *topping_spec))
    temp = rng.choice([180, 190, 200])
    bake = rng.choice([30, 35, 40, 45])
    dish = rng.choice(["a 1.5 litre ovenproof dish", "a 20 x 30 cm baking dish", "a deep pie dish"])
    extra = f" and the {topping_spec[2].split()[-1]}" if topping_spec else ""
    steps = [
        say(rng, "oven_on", oven=oven(temp)),
        rng.choice(
            [
                f"Put the {fruit} in {dish}, sprinkle with the sugar and {flavour}, and toss "
                "together.",
                f"Mix the {fruit} with the sugar and the {flavour} and spread over the base of "
                f"{dish}.",
            ]
        ),
        rng.choice(
            [
                "Rub the butter into the flour with your fingertips until it looks like "
                "rough breadcrumbs, leaving a few larger lumps.",
                "Pulse the flour and butter in a food processor until crumbly, then tip into "
                "a bowl.",
                "Rub the butter into the flour until there are no large lumps left.",
            ]
        ),
        f"Stir in the sugar{extra}.",
        rng.choice(
            [
                "Scatter the crumble evenly over the fruit without pressing it down.",
                "Spoon the crumble over the fruit in an even layer; do not pack it down.",
                f"Cover the {fruit} loosely with the crumble, right to the edges of the dish.",
            ]
        ),
        f"Bake for {bake} minutes, until golden on top and bubbling at the edges.",
        rng.choice(
            [
                f"Leave to stand for 5 minutes, then serve with {rng.choice(PUDDING_SIDES)}.",
                f"Serve warm with {rng.choice(PUDDING_SIDES)}.",
            ]
        ),
    ]
    name = f"{title} Crumble"
    if topping:
        name = f"{title} and {topping} Crumble" if " and " not in title else f"{topping} {name}"
    return {
        "title": name,
        "serves": rng.choice(["4", "6", "6"]),
        "prep": rng.choice([15, 20, 25]),
        "cook": bake,
        "ingredients": ingredients,
        "steps": steps,
        "notes": [
            "The crumble mix can be made ahead and kept in the freezer; use it from frozen.",
            "Cook the fruit for a few minutes first if it is very hard.",
            "Leftovers are good cold for breakfast, with yoghurt.",
        ],
    }


BISCUIT_FLAVOURS = [
    # title, extra ingredient specs, method phrase, rolled (True) or spooned (False)
    (
        "Oat and Raisin",
        [(span(100, 125, 25), "g", "rolled oats"), (span(75, 100, 25), "g", "raisins")],
        "the oats and raisins",
        False,
    ),
    (
        "Ginger",
        [(["2", "3"], "tsp", "ground ginger"), (["2"], "tbsp", "golden syrup")],
        "the ginger",
        False,
    ),
    ("Lemon", [(["1"], "", "unwaxed lemon", "zested")], "the lemon zest", True),
    ("Cinnamon", [(["2"], "tsp", "ground cinnamon")], "the cinnamon", True),
    (
        "Chocolate Chip",
        [(span(100, 150, 25), "g", "dark chocolate", "chopped")],
        "the chocolate",
        False,
    ),
    (
        "Almond",
        [(span(50, 75, 25), "g", "ground almonds"), (["1/2"], "tsp", "almond extract")],
        "the almonds",
        True,
    ),
    (
        "Orange and Poppy Seed",
        [(["1"], "", "orange", "zested"), (["1"], "tbsp", "poppy seeds")],
        "the zest and poppy seeds",
        True,
    ),
    (
        "Hazelnut",
        [(span(50, 100, 25), "g", "hazelnuts", "toasted and chopped")],
        "the hazelnuts",
        False,
    ),
    ("Coconut", [(span(50, 75, 25), "g", "desiccated coconut")], "the coconut", False),
    ("Caraway", [(["1", "2"], "tsp", "caraway seeds")], "the caraway", True),
]


def recipe_biscuits(rng: Random) -> dict:
    title, extras, phrase, rolled = rng.choice(BISCUIT_FLAVOURS)
    butter = rng.choice([100, 125, 150])
    sugar = rng.choice(["caster sugar", "light brown sugar", "golden caster sugar"])
    flour = butter * 2 if rolled else butter + rng.choice([25, 50, 75])
    binder = rng.choice(
        [("1 egg yolk", "egg yolk"), ("1 egg, beaten", "egg"), ("2 tbsp milk", "milk")]
    )
    ingredients = [
        f"{butter} g butter, softened",
        f"{butter // 25 * 25 - rng.choice([0, 25])} g {sugar}",
        binder[0],
        f"{flour} g {rng.choice(['plain flour', 'self-raising flour'])}",
        "a pinch of salt",
    ]
    ingredients += [ingredient(rng, *spec) for spec in extras]
    count = rng.choice([16, 18, 20, 24, 30])
    temp = rng.choice([170, 180, 190])
    bake = rng.choice([10, 12, 14, 15])
    steps = [
        say(rng, "oven_on", oven=oven(temp)) + " Line two baking trays with baking paper.",
        rng.choice(
            [
                "Beat the butter and sugar together until pale and creamy.",
                "Cream the butter and sugar in a bowl with a wooden spoon until soft and light.",
            ]
        ),
        f"Beat in the {binder[1]}.",
        f"Add the flour, salt and {phrase}, and work together to a "
        + ("firm dough." if rolled else "soft dough."),
    ]
    if rolled:
        steps += [
            f"Wrap and chill for {rng.choice([20, 30])} minutes, until firm enough to roll.",
            f"Roll out on a lightly floured surface to about {rng.choice(['3', '4', '5'])} mm "
            f"thick and stamp out rounds with a {rng.choice([5, 6, 7])} cm cutter, re-rolling "
            "the trimmings.",
        ]
    else:
        steps += [
            rng.choice(
                [
                    "Roll the dough into balls the size of a walnut and set them well apart on "
                    "the trays.",
                    f"Divide the dough into {count} pieces, roll each into a ball, and space "
                    "them out on the trays.",
                    "Take heaped teaspoons of the dough and roll them into balls, leaving room "
                    "for them to spread.",
                ]
            ),
            rng.choice(
                [
                    "Flatten each one a little with a fork.",
                    "Press each ball down lightly with the palm of your hand.",
                ]
            ),
        ]
    steps += [
        f"Bake for {bake} minutes, until "
        + rng.choice(["golden at the edges.", "pale golden and just firm.", "lightly browned."]),
        rng.choice(
            [
                "Leave on the trays for 5 minutes, then move to a wire rack to cool.",
                "Cool on the trays for a few minutes; they crisp up as they cool.",
            ]
        ),
    ]
    return {
        "title": f"{title} Biscuits",
        "serves": f"Makes: about {count}",
        "prep": rng.choice([15, 20, 25]),
        "cook": bake * 2,
        "ingredients": ingredients,
        "steps": steps,
        "notes": [
            "Keep in an airtight tin for up to a week.",
            "The raw dough freezes well; slice or scoop and bake from frozen.",
            "Bake one tray at a time for the most even colour.",
        ],
    }


CHUTNEY_FRUITS = [
    ("Apple and Onion", "cooking apples", "peeled, cored and chopped"),
    ("Green Tomato", "green tomatoes", "chopped"),
    ("Plum", "plums", "halved and stoned"),
    ("Pear and Ginger", "pears", "peeled, cored and chopped"),
    ("Marrow", "marrow", "peeled, seeded and diced"),
    ("Beetroot", "raw beetroot", "peeled and grated"),
    ("Rhubarb", "rhubarb", "cut into short lengths"),
    ("Damson", "damsons", "stoned"),
    ("Apricot", "dried apricots", "chopped"),
]
CHUTNEY_SPICES = [
    "yellow mustard seeds",
    "ground ginger",
    "chilli flakes",
    "ground allspice",
    "coriander seeds",
    "ground cloves",
]


def recipe_chutney(rng: Random) -> dict:
    title, fruit, prep = rng.choice(CHUTNEY_FRUITS)
    kilos = rng.choice(["1", "1.5", "2"])
    jars = {"1": "3", "1.5": "4", "2": "5"}[kilos]
    dried = rng.choice(["sultanas", "raisins", "chopped dates"])
    vinegar = rng.choice(["cider vinegar", "malt vinegar", "white wine vinegar"])
    spices = rng.sample(CHUTNEY_SPICES, 2)
    ingredients = [
        f"{kilos} kg {fruit}, {prep}",
        ingredient(rng, ["2", "3"], "", "onion|onions", "chopped"),
        ingredient(rng, span(150, 250, 50), "g", dried),
        ingredient(
            rng, span(250, 400, 50), "g", rng.choice(["light brown sugar", "dark brown sugar"])
        ),
        ingredient(rng, span(300, 500, 50), "ml", vinegar),
        ingredient(rng, ["1", "2"], "tsp", spices[0]),
        ingredient(rng, ["1/2", "1"], "tsp", spices[1]),
        ingredient(rng, ["1", "2"], "tsp", "salt"),
    ]
    if "Ginger" in title:
        ingredients.append(ingredient(rng, ["1"], "", "thumb of fresh ginger", "grated"))
    hours = rng.choice(["1 hour", "1 1/2 hours", "1-2 hours", "about 2 hours"])
    steps = [
        rng.choice(
            [
                "Put everything into a large, heavy pan or preserving pan.",
                f"Tip the {fruit}, onions, {dried}, sugar, vinegar, spices and salt into a "
                "preserving pan.",
            ]
        ),
        rng.choice(
            [
                "Heat gently, stirring, until the sugar has dissolved.",
                "Set over a low heat and stir until the sugar has melted into the vinegar.",
                "Warm through slowly, stirring now and then, until there is no grittiness left.",
            ]
        ),
        f"Bring to the boil, then simmer uncovered for {hours}, stirring more often as it "
        "thickens.",
        rng.choice(
            [
                "It is ready when a spoon drawn across the bottom of the pan leaves a channel "
                "that fills only slowly.",
                "Cook until thick and jammy, with no pool of vinegar left on top.",
                "It is done when it is dark, thick and glossy, and the vinegar smell has softened.",
            ]
        ),
        f"Meanwhile, sterilise {jars} or {int(jars) + 1} jars with vinegar-proof lids.",
        rng.choice(
            [
                "Spoon the hot chutney into the hot jars, pressing out any air, and seal.",
                "Pot while hot, tapping the jars to settle the chutney, then seal at once.",
                "Fill the warm jars to the brim, seal, and label once cool with the name and "
                "the date.",
            ]
        ),
        rng.choice(
            [
                "Leave to mature in a cool, dark place for at least a month before opening.",
                "Store for four weeks before eating, to let the vinegar mellow.",
                f"Keep for {rng.choice(['three', 'four', 'six'])} weeks before opening; the "
                "flavour improves with time.",
            ]
        ),
    ]
    return {
        "title": f"{title} Chutney",
        "serves": f"Makes: about {jars} jars",
        "prep": rng.choice([25, 30, 40]),
        "cook": rng.choice([75, 90, 105, 120]),
        "ingredients": ingredients,
        "steps": steps,
        "notes": [
            "Keeps for a year unopened; refrigerate once opened.",
            "Good with cold meats, cheese, and pork pies.",
            "Use a pan made of stainless steel; vinegar reacts with some metals.",
        ],
    }


RISOTTO_MAINS = [
    # title, ingredient spec, when added (start or end), method phrase, herb
    (
        "Mushroom",
        (span(250, 400, 50), "g", "mushrooms", "sliced"),
        "start",
        "the mushrooms",
        "thyme",
    ),
    ("Pea and Mint", (span(200, 300, 50), "g", "frozen peas"), "end", "the peas", "mint"),
    ("Leek and Lemon", (["2"], "", "leek|leeks", "finely sliced"), "start", "the leeks", "parsley"),
    (
        "Squash and Sage",
        (span(400, 500, 50), "g", "butternut squash", "peeled and diced"),
        "start",
        "the squash",
        "sage",
    ),
    (
        "Beetroot",
        (span(250, 350, 50), "g", "cooked beetroot", "diced"),
        "end",
        "the beetroot",
        "dill",
    ),
    (
        "Asparagus",
        (span(200, 250, 50), "g", "asparagus", "cut into short lengths"),
        "end",
        "the asparagus",
        "chives",
    ),
    ("Spinach", (span(150, 250, 50), "g", "baby spinach"), "end", "the spinach", "basil"),
    (
        "Tomato",
        (span(300, 400, 50), "g", "cherry tomatoes", "halved"),
        "start",
        "the tomatoes",
        "basil",
    ),
]


def recipe_risotto(rng: Random) -> dict:
    title, spec, when, phrase, herb = rng.choice(RISOTTO_MAINS)
    rice = rng.choice([300, 320, 350])
    stock = rng.choice(["vegetable stock", "chicken stock"])
    wine = rng.random() < 0.6
    onion = rng.choice(["onion", "large shallot"])
    ingredients = [
        ingredient(rng, span(900, 1200, 100), "ml", stock, "kept hot"),
        ingredient(rng, span(25, 50, 5), "g", "butter"),
        ingredient(rng, ["1"], "tbsp", "olive oil"),
        ingredient(rng, ["1"], "", onion, "finely chopped"),
        ingredient(rng, ["1", "2"], "", "garlic clove|garlic cloves", "crushed"),
        f"{rice} g risotto rice",
    ]
    if wine:
        ingredients.append(ingredient(rng, span(100, 150, 25), "ml", "dry white wine"))
    ingredients += [
        ingredient(rng, *spec),
        ingredient(rng, span(40, 75, 5), "g", "hard cheese", "finely grated"),
        f"a small bunch of {herb}, chopped",
    ]
    if "Lemon" in title:
        ingredients.append("1 lemon, zested and juiced")
    ingredients.append("salt and black pepper")
    minutes = rng.randint(18, 22)
    steps = [
        rng.choice(
            [
                "Keep the stock at a bare simmer in a pan on the back of the stove.",
                "Heat the stock and keep it just below simmering.",
                f"Bring the {stock} to a simmer in a saucepan, then turn it right down.",
            ]
        ),
        rng.choice(
            [
                f"Melt half the butter with the oil in a wide pan and soften the {onion} and "
                f"garlic for {rng.randint(5, 8)} minutes.",
                f"In a wide, heavy pan, melt half the butter with the oil; add the {onion} and "
                f"garlic and cook gently for {rng.randint(5, 8)} minutes.",
                f"Warm the oil and half the butter in a deep frying pan and cook the {onion} and "
                f"garlic for {rng.randint(5, 8)} minutes, until soft but not brown.",
            ]
        ),
    ]
    if when == "start":
        steps.append(f"Add {phrase} and cook for {rng.randint(4, 8)} minutes, until softened.")
    steps.append(
        rng.choice(
            [
                "Tip in the rice and stir for 1-2 minutes, until every grain is glossy.",
                "Add the rice and keep stirring for a minute or two, until it turns translucent "
                "at the edges.",
            ]
        )
    )
    if wine:
        steps.append(
            rng.choice(
                [
                    "Pour in the wine and let it bubble until it has almost gone.",
                    "Add the wine and stir until it has been absorbed.",
                    "Splash in the wine and let it sizzle away to nothing.",
                ]
            )
        )
    steps.append(
        rng.choice(
            [
                f"Add the stock a ladleful at a time, stirring, and let each one be absorbed "
                f"before adding the next. This takes about {minutes} minutes.",
                f"Keep adding hot stock, a ladle at a time, stirring often, for {minutes} "
                "minutes, until the rice is creamy but still has a little bite.",
            ]
        )
    )
    if when == "end":
        steps.append(f"Stir in {phrase} for the last 3-4 minutes.")
    steps += [
        rng.choice(
            [
                "Take off the heat and beat in the rest of the butter, the cheese and most of "
                f"the {herb}",
                f"Off the heat, stir in the last of the butter, the cheese and most of the {herb}",
                "Turn off the heat and fold through the cheese, the remaining butter and the "
                + herb,
            ]
        )
        + (", with the lemon zest and juice." if "Lemon" in title else "."),
        rng.choice(
            [
                "Cover and leave to rest for 2 minutes, then season and serve.",
                "Season, put the lid on for a minute or two, and serve in warm bowls.",
            ]
        ),
        f"Scatter with the last of the {herb} and a little more cheese.",
    ]
    return {
        "title": f"{title} Risotto",
        "serves": rng.choice(["2", "4", "4"]),
        "prep": rng.choice([10, 15]),
        "cook": minutes + rng.choice([10, 15]),
        "ingredients": ingredients,
        "steps": steps,
        "notes": [
            "Risotto waits for nobody: have everyone sitting down before it is done.",
            "Leftovers make good fried rice cakes the next day.",
            "It should flow gently on the plate, not stand in a heap.",
        ],
    }


TRAYBAKE_MAINS = [
    # title, ingredient spec, name in the method, minutes in the oven
    ("Chicken", (span(6, 8), "", "chicken thigh|chicken thighs", "skin on"), "chicken", 40),
    ("Sausage", (span(8, 12), "", "pork sausage|pork sausages"), "sausages", 30),
    ("Pork Chop", (["4"], "", "pork chop|pork chops"), "chops", 25),
    ("Lamb Chop", (span(6, 8), "", "lamb chop|lamb chops"), "chops", 20),
    ("Salmon", (["4"], "", "salmon fillet|salmon fillets"), "salmon", 15),
    ("Halloumi", (span(225, 250, 25), "g", "halloumi", "thickly sliced"), "halloumi", 15),
    ("Cod", (["4"], "", "thick cod fillet|thick cod fillets"), "cod", 12),
]
TRAYBAKE_VEG = [
    ("New Potato", (span(600, 800, 100), "g", "new potatoes", "halved"), "potatoes"),
    ("Red Onion", (["2", "3"], "", "red onion|red onions", "cut into wedges"), "onions"),
    ("Carrot", (span(3, 5), "", "carrot|carrots", "cut into batons"), "carrots"),
    ("Squash", (span(500, 600, 100), "g", "squash", "cut into chunks"), "squash"),
    ("Fennel", (["2"], "", "fennel bulb|fennel bulbs", "cut into wedges"), "fennel"),
    ("Pepper", (["2", "3"], "", "red pepper|red peppers", "cut into strips"), "peppers"),
    ("Leek", (["2"], "", "leek|leeks", "cut into chunks"), "leeks"),
    ("Parsnip", (span(3, 4), "", "parsnip|parsnips", "quartered"), "parsnips"),
]
TRAYBAKE_HERBS = ["rosemary", "thyme", "sage", "oregano", "bay"]


def recipe_traybake(rng: Random) -> dict:
    title, spec, main, minutes = rng.choice(TRAYBAKE_MAINS)
    veg = rng.sample(TRAYBAKE_VEG, 2)
    herb = rng.choice(TRAYBAKE_HERBS)
    lemon = rng.random() < 0.5
    ingredients = [ingredient(rng, *spec)]
    ingredients += [ingredient(rng, *v[1]) for v in veg]
    ingredients += [
        ingredient(rng, ["1", "2"], "", "bulb garlic|bulbs garlic", "cloves separated")
        if rng.random() < 0.4
        else ingredient(rng, ["3", "4"], "", "garlic clove|garlic cloves", "bashed"),
        ingredient(rng, ["2", "3"], "tbsp", "olive oil"),
        ingredient(rng, ["4", "6", "a few"], "", f"sprig {herb}|sprigs {herb}")
        if herb != "bay"
        else ingredient(rng, ["3", "4"], "", "bay leaf|bay leaves"),
    ]
    if lemon:
        ingredients.append(ingredient(rng, ["1"], "", "lemon", "cut into wedges"))
    ingredients.append("salt and black pepper")
    temp = rng.choice([200, 210, 220])
    veg_names = f"{veg[0][2]} and {veg[1][2]}"
    first = rng.choice([15, 20, 25, 30])
    herb_name = "bay leaves" if herb == "bay" else herb
    steps = [
        say(rng, "oven_on", oven=oven(temp)),
        rng.choice(
            [
                f"Toss the {veg_names} with most of the oil, the garlic and plenty of salt and "
                "pepper in a large roasting tin.",
                f"Spread the {veg_names} in a large roasting tin in a single layer, add the "
                "garlic, drizzle with oil and season well.",
            ]
        ),
        f"Roast for {first} minutes, "
        + rng.choice(
            [
                "until starting to colour.",
                "until the edges begin to catch.",
                "until just tender and browning.",
                "turning everything over once halfway.",
            ]
        ),
        rng.choice(
            [
                f"Nestle the {main} among the vegetables, brush with the rest of the oil, and "
                f"tuck in the {herb_name}" + (" and lemon." if lemon else "."),
                f"Push the vegetables to the sides, lay the {main} in the middle, and add the "
                f"{herb_name}" + (" and lemon wedges." if lemon else "."),
            ]
        ),
        f"Return to the oven for {minutes} minutes, until the {main} "
        + (
            "is cooked through and golden."
            if main in ("chicken", "salmon", "halloumi", "cod")
            else "are cooked through and browned."
        ),
        rng.choice(
            [
                f"Rest for {rng.choice([5, 5, 10])} minutes, then squeeze the soft garlic out of "
                "its skins and serve from the tin.",
                "Squeeze any lemon over the top and serve at once.",
                "Spoon the juices from the tin over everything and serve.",
                "Bring the tin to the table and let everyone help themselves.",
            ]
        ),
    ]
    return {
        "title": f"{title} Traybake with {veg[0][0]} and {veg[1][0]}",
        "serves": rng.choice(["4", "4", "2-3"]),
        "prep": rng.choice([10, 15]),
        "cook": first + minutes,
        "ingredients": ingredients,
        "steps": steps,
        "notes": [
            "Use a big tin: crowded vegetables steam instead of roasting.",
            "Any firm vegetable will do; cut the hard ones smaller.",
            "A spoonful of mustard stirred into the tin juices makes a quick sauce.",
        ],
    }


PANCAKE_KINDS = [
    ("Thin", False, ["lemon and sugar", "jam", "honey and a squeeze of orange"]),
    ("Buttermilk", True, ["maple syrup", "crisp bacon", "berries and yoghurt"]),
    ("Oat", True, ["stewed apple", "honey", "sliced banana"]),
    ("Buckwheat", False, ["ham and cheese", "a fried egg", "mushrooms and cream"]),
    ("Apple", True, ["a dusting of cinnamon sugar", "cream", "golden syrup"]),
    ("Blueberry", True, ["maple syrup", "butter and honey", "thick yoghurt"]),
]


def recipe_pancakes(rng: Random) -> dict:
    title, thick, toppings = rng.choice(PANCAKE_KINDS)
    flour = "buckwheat flour" if title == "Buckwheat" else "plain flour"
    if title == "Oat":
        flour = "oat flour"
    ingredients = [
        f"{rng.choice([125, 150, 200])} g {flour}",
    ]
    if thick:
        ingredients += [
            "1 tsp baking powder",
            ingredient(rng, ["1", "2"], "tbsp", "caster sugar"),
            ingredient(
                rng, span(200, 300, 50), "ml", "buttermilk" if title == "Buttermilk" else "milk"
            ),
        ]
    else:
        ingredients.append(ingredient(rng, span(300, 400, 50), "ml", "milk"))
    ingredients += [
        ingredient(rng, ["1", "2"], "", "egg|eggs"),
        "a pinch of salt",
        ingredient(rng, span(25, 40, 5), "g", "butter", "melted, plus extra for the pan"),
    ]
    if title == "Apple":
        ingredients.append(ingredient(rng, ["1", "2"], "", "eating apple|eating apples", "grated"))
    if title == "Blueberry":
        ingredients.append(ingredient(rng, span(100, 150, 25), "g", "blueberries"))
    topping = rng.choice(toppings)
    liquid = "buttermilk" if title == "Buttermilk" else "milk"
    steps = [
        rng.choice(
            [
                "Put the flour"
                + (", baking powder, sugar" if thick else "")
                + " and salt in a bowl and make a well in the middle.",
                "Sift the dry ingredients into a bowl and make a hollow in the centre.",
            ]
        ),
        f"Whisk in the eggs and {liquid} a little at a time to make a "
        + ("thick, smooth batter." if thick else "smooth batter like single cream."),
        "Stir in the melted butter"
        + (
            f" and the {'apple' if title == 'Apple' else 'blueberries'}."
            if title in ("Apple", "Blueberry")
            else "."
        ),
    ]
    if not thick:
        steps.append(f"Leave the batter to rest for {rng.choice([20, 30])} minutes if you can.")
    if thick:
        steps += [
            rng.choice(
                [
                    "Heat a frying pan over a medium heat and wipe with a little butter.",
                    "Warm a heavy pan or griddle and grease it lightly with butter.",
                ]
            ),
            rng.choice(
                [
                    "Drop in large spoonfuls of batter, spaced apart, and cook for 2 minutes, "
                    "until bubbles rise and pop on the surface.",
                    f"Cook {rng.choice(['two', 'three', 'four'])} at a time, a ladle of batter "
                    "for each, until the tops are covered in bubbles.",
                ]
            ),
            rng.choice(
                [
                    "Flip and cook for a minute more, until risen and golden.",
                    "Turn them over and cook for another minute, until puffed up.",
                ]
            ),
        ]
    else:
        steps += [
            rng.choice(
                [
                    "Heat a small frying pan until very hot and wipe with a little butter.",
                    f"Heat a {rng.choice([18, 20, 22])} cm pan and grease it with a twist of "
                    "buttered paper.",
                ]
            ),
            rng.choice(
                [
                    "Pour in just enough batter to coat the base thinly, tilting the pan as you "
                    "go.",
                    "Add a small ladle of batter and swirl it round to cover the pan.",
                ]
            ),
            rng.choice(
                [
                    "Cook for about a minute, until the edges lift, then flip and cook the other "
                    "side.",
                    "When the underside is freckled brown, toss or turn it and cook for 30 "
                    "seconds more.",
                ]
            ),
        ]
    steps.append(
        rng.choice(
            [
                f"Keep warm while you cook the rest, and serve with {topping}.",
                f"Stack on a warm plate and serve with {topping}.",
            ]
        )
    )
    return {
        "title": f"{title} Pancakes",
        "serves": "Makes: " + rng.choice(["8", "10", "12"]) + (" small" if thick else ""),
        "prep": rng.choice([5, 10]),
        "cook": rng.choice([15, 20, 25]),
        "ingredients": ingredients,
        "steps": steps,
        "notes": [
            "The first pancake is always a poor one. Eat it yourself.",
            "The batter keeps overnight in the fridge; whisk again before using.",
        ],
    }


TART_FILLINGS = [
    (
        "Cheese and Onion",
        [
            (["2"], "", "onion|onions", "thinly sliced and softened"),
            (span(100, 150, 25), "g", "mature cheddar", "grated"),
        ],
    ),
    (
        "Leek and Bacon",
        [
            (["2"], "", "leek|leeks", "sliced and softened in butter"),
            (span(100, 150, 50), "g", "smoked bacon", "chopped and fried"),
        ],
    ),
    (
        "Spinach and Feta",
        [
            (span(200, 250, 50), "g", "spinach", "wilted and squeezed dry"),
            (span(100, 150, 50), "g", "feta", "crumbled"),
        ],
    ),
    (
        "Mushroom and Thyme",
        [
            (span(250, 350, 50), "g", "mushrooms", "sliced and fried"),
            (["1"], "tsp", "fresh thyme leaves"),
        ],
    ),
    (
        "Tomato and Goat's Cheese",
        [
            (span(200, 300, 50), "g", "cherry tomatoes", "halved"),
            (span(100, 150, 25), "g", "soft goat's cheese"),
        ],
    ),
    (
        "Smoked Fish",
        [
            (span(200, 300, 50), "g", "smoked haddock", "poached and flaked"),
            (["2"], "tbsp", "chopped parsley"),
        ],
    ),
    (
        "Asparagus and Cheddar",
        [
            (span(200, 250, 50), "g", "asparagus", "blanched"),
            (span(75, 125, 25), "g", "mature cheddar", "grated"),
        ],
    ),
    (
        "Courgette and Herb",
        [
            (["2"], "", "courgette|courgettes", "sliced and fried"),
            (["3"], "tbsp", "chopped soft herbs"),
        ],
    ),
]


def recipe_tart(rng: Random) -> dict:
    title, specs = rng.choice(TART_FILLINGS)
    flour = rng.choice([175, 200, 225])
    eggs = rng.choice(["2", "3"])
    ingredients = [
        "For the pastry:",
        f"{flour} g plain flour",
        f"{flour // 2} g cold butter, diced",
        ingredient(rng, ["2", "3"], "tbsp", "cold water"),
        "For the filling:",
    ]
    ingredients += [ingredient(rng, *spec) for spec in specs]
    ingredients += [
        f"{eggs} eggs, plus 1 yolk" if rng.random() < 0.5 else f"{eggs} eggs",
        ingredient(
            rng, span(200, 300, 50), "ml", rng.choice(["double cream", "milk", "single cream"])
        ),
        "a grating of nutmeg",
        "salt and black pepper",
    ]
    temp = rng.choice([180, 190, 200])
    blind = rng.choice([15, 20])
    bake = rng.choice([25, 30, 35])
    tin = rng.choice(["23 cm", "20 cm", "25 cm"])
    steps = [
        say(rng, "pastry_rub", sweet=" and a pinch of salt"),
        say(rng, "pastry_water", water=rng.choice([2, 3])),
        say(rng, "pastry_chill", chill=rng.choice([20, 30])),
        say(rng, "oven_on", oven=oven(temp)),
        rng.choice(
            [
                f"Roll out the pastry and line a {tin} loose-bottomed tart tin, leaving the "
                "excess hanging over the edge.",
                f"Roll the pastry out thinly on a floured surface and use it to line a {tin} "
                "tart tin, pressing it into the corners.",
                f"Roll out the pastry to the thickness of a coin and ease it into a {tin} "
                "fluted tart tin.",
            ]
        ),
        rng.choice(
            [
                f"Line with baking paper, fill with baking beans, and bake blind for {blind} "
                "minutes. Remove the paper and beans and bake for 5 minutes more.",
                f"Prick the base, line with paper and rice, and bake for {blind} minutes; take "
                "out the paper and rice and give it 5 more minutes to dry.",
            ]
        ),
        rng.choice(
            [
                "Trim the edge of the pastry with a sharp knife.",
                "Trim away the overhanging pastry.",
                "Neaten the edge, trimming off any excess pastry.",
                f"Trim the pastry level with the tin and turn the oven down to {temp - 20} C "
                f"({temp - 40} C fan).",
            ]
        ),
        rng.choice(
            [
                "Spread the filling over the base of the pastry case.",
                "Arrange the filling evenly in the pastry case.",
                f"Scatter the {title.lower().replace(' and ', ' and the ')} over the base.",
                "Spoon in the filling and level it with the back of a spoon.",
            ]
        ),
        f"Whisk the eggs with the {ingredients[-3].split(' ', 2)[-1]}, nutmeg, salt and "
        "pepper, and pour over the filling.",
        rng.choice(
            [
                f"Lower the oven by 20 degrees and bake for {bake} minutes, until just set with "
                "a slight wobble in the middle.",
                f"Bake at the lower heat for {bake} minutes, until puffed, golden and barely "
                "set in the centre.",
                f"Bake for {bake} minutes more, until the custard is set at the edges but still "
                "trembles a little in the middle.",
            ]
        ),
        rng.choice(
            [
                "Leave to cool for 15 minutes before slicing.",
                "Serve warm or at room temperature, with a green salad.",
            ]
        ),
    ]
    return {
        "title": f"{title} Tart",
        "serves": rng.choice(["6", "6", "8"]),
        "prep": rng.choice([30, 40]),
        "cook": blind + 5 + bake,
        "ingredients": ingredients,
        "steps": steps,
        "notes": [
            "Brush the hot blind-baked case with a little beaten egg to seal it.",
            "Fill the tart on the oven shelf so the custard does not spill.",
            "Good the next day, cold, in a lunch box.",
        ],
    }


SCONE_KINDS = [
    ("Plain", None, True),
    ("Fruit", (span(50, 100, 25), "g", "sultanas"), True),
    ("Cheese", (span(75, 125, 25), "g", "mature cheddar", "grated"), False),
    ("Cheese and Chive", (span(75, 100, 25), "g", "mature cheddar", "grated"), False),
    ("Date", (span(75, 100, 25), "g", "dates", "chopped"), True),
    ("Treacle", (["1", "2"], "tbsp", "black treacle"), True),
    ("Cherry", (span(75, 100, 25), "g", "glace cherries", "quartered"), True),
    ("Herb", (["2"], "tbsp", "chopped parsley and thyme"), False),
]


def recipe_scones(rng: Random) -> dict:
    title, extra, sweet = rng.choice(SCONE_KINDS)
    flour = rng.choice([225, 250, 350, 450])
    butter = flour // 5 + rng.choice([0, 5, 10])
    ingredients = [
        f"{flour} g self-raising flour",
        ingredient(rng, ["1", "1 1/2", "2"], "tsp", "baking powder"),
        f"{butter} g cold butter, diced",
    ]
    if sweet:
        ingredients.append(ingredient(rng, span(25, 50, 5), "g", "caster sugar"))
    else:
        ingredients.append(
            ingredient(rng, ["1/2"], "tsp", rng.choice(["mustard powder", "cayenne pepper"]))
        )
    if extra:
        ingredients.append(ingredient(rng, *extra))
    if "Chive" in title:
        ingredients.append(ingredient(rng, ["2"], "tbsp", "snipped chives"))
    ingredients += [
        ingredient(rng, span(125, 200, 25), "ml", rng.choice(["milk", "buttermilk"])),
        "1 egg, beaten, to glaze",
    ]
    temp = rng.choice([200, 220])
    cutter = rng.choice([5, 6, 7])
    count = max(6, flour // 40 - rng.choice([0, 1, 2]))
    bake = rng.choice([10, 12, 15])
    steps = [
        say(rng, "oven_on", oven=oven(temp)) + " Lightly flour a baking tray.",
        rng.choice(
            [
                "Rub the butter into the flour and baking powder until it looks like fine "
                "breadcrumbs.",
                "Rub the butter into the flour and baking powder with your fingertips, lifting "
                "the mixture to keep it cool.",
            ]
        ),
        "Stir in the "
        + ("sugar" if sweet else "seasoning")
        + (" and the rest of the dry ingredients." if extra else "."),
        rng.choice(["Add most of the milk", "Pour in nearly all the milk"])
        + (" with the treacle" if title == "Treacle" else "")
        + rng.choice(
            [
                " and mix quickly with a knife to a soft, slightly sticky dough.",
                " and bring together with a table knife; add the rest if it looks dry.",
                " and stir just until there are no dry bits left.",
            ]
        ),
        rng.choice(
            [
                "Turn out onto a floured surface and pat, do not roll, to about 2.5 cm thick.",
                "Tip onto a floured board, fold over once or twice, and pat out to 3 cm thick.",
            ]
        ),
        rng.choice(
            [
                f"Stamp out rounds with a {cutter} cm cutter, pushing straight down without "
                "twisting, and press the trimmings together to cut more.",
                f"Cut out {count} scones with a floured {cutter} cm cutter, gathering up the "
                "scraps for the last few.",
                f"Cut into {count} squares with a sharp knife, so there are no trimmings.",
            ]
        ),
        rng.choice(["Set on the tray, brush the tops", "Arrange on the tray and glaze the tops"])
        + " with beaten egg"
        + ("" if sweet else rng.choice([" and sprinkle with a little extra cheese", ""]))
        + ".",
        f"Bake for {bake} minutes, until well risen and golden.",
        rng.choice(
            [
                "Cool on a wire rack, wrapped in a tea towel to keep them soft.",
                "Eat warm, split and buttered" + (", with jam." if sweet else "."),
            ]
        ),
    ]
    return {
        "title": f"{title} Scones",
        "serves": f"Makes: {count}",
        "prep": rng.choice([10, 15]),
        "cook": bake,
        "ingredients": ingredients,
        "steps": steps,
        "notes": [
            "The less you handle the dough, the lighter the scones.",
            "Scones are best on the day they are made; freeze any extras.",
            "A hot oven and a soft dough are the whole secret.",
        ],
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
    (recipe_crumble, 2),
    (recipe_biscuits, 2),
    (recipe_chutney, 1),
    (recipe_risotto, 2),
    (recipe_traybake, 2),
    (recipe_pancakes, 1),
    (recipe_tart, 2),
    (recipe_scones, 2),
]


# Each card is written in its own small "voice": for every phrase below, one wording is
# chosen per card and used throughout it (so a card is consistent, and cards differ).
VOICE = [
    ("until golden", ["until golden", "until golden brown", "until nicely golden"]),
    ("a large bowl", ["a large bowl", "a big mixing bowl", "a roomy bowl"]),
    ("wire rack", ["wire rack", "cooling rack"]),
    ("baking paper", ["baking paper", "greaseproof paper", "non-stick baking paper"]),
    ("a frying pan", ["a frying pan", "a heavy frying pan", "a wide frying pan"]),
    ("a pinch of salt", ["a pinch of salt", "a little salt", "a good pinch of salt"]),
    ("season well", ["season well", "season generously"]),
    ("Season well", ["Season well", "Season generously"]),
    ("now and then", ["now and then", "from time to time", "every so often"]),
    ("over a medium heat", ["over a medium heat", "on a medium heat", "over a moderate heat"]),
    ("until smooth", ["until smooth", "until completely smooth", "until silky"]),
    ("cooked through", ["cooked through", "cooked all the way through"]),
    ("at once", ["at once", "straight away", "right away"]),
    ("cut into chunks", ["cut into chunks", "in big chunks", "chopped into chunks"]),
    ("cut into wedges", ["cut into wedges", "in wedges", "cut in wedges"]),
    ("roughly chopped", ["roughly chopped", "coarsely chopped"]),
    ("finely chopped", ["finely chopped", "chopped small", "very finely chopped"]),
    ("thinly sliced", ["thinly sliced", "finely sliced"]),
    ("Leave to cool", ["Leave to cool", "Allow to cool", "Set aside to cool"]),
    ("a few minutes", ["a few minutes", "a couple of minutes", "2-3 minutes"]),
    ("in batches", ["in batches", "in two or three batches"]),
    ("a sharp knife", ["a sharp knife", "a small sharp knife", "a serrated knife"]),
    ("baking tray", ["baking tray", "baking sheet"]),
    ("until soft", ["until soft", "until softened"]),
    ("Serve hot", ["Serve hot", "Serve piping hot", "Serve it hot"]),
    ("Serve warm", ["Serve warm", "Serve it warm", "Serve while still warm"]),
    ("Stir in", ["Stir in", "Mix in"]),
    ("a skewer", ["a skewer", "a cocktail stick", "a thin skewer"]),
    ("in a low oven", ["in a low oven", "in a cool oven"]),
    ("with your fingertips", ["with your fingertips", "with cool fingers"]),
    ("salt and pepper", ["salt and pepper", "salt and black pepper", "salt and ground pepper"]),
    ("Roast for", ["Roast for", "Roast for about"]),
    ("Drain on", ["Drain on", "Drain well on"]),
    ("a wooden spoon", ["a wooden spoon", "a spatula", "a large spoon"]),
    ("Heat the oil", ["Heat the oil", "Warm the oil"]),
    ("chopped parsley", ["chopped parsley", "chopped flat-leaf parsley"]),
    ("until crisp", ["until crisp", "until crisp and brown"]),
    ("Whisk", ["Whisk", "Beat"]),
    ("the rest of the", ["the rest of the", "the remaining"]),
    ("in the middle", ["in the middle", "in the centre"]),
    ("Bring to the boil", ["Bring to the boil", "Bring up to the boil"]),
    ("a low heat", ["a low heat", "a gentle heat"]),
    ("Bake for", ["Bake for", "Bake for about"]),
    ("a rack", ["a rack", "a wire rack"]),
    ("beaten egg", ["beaten egg", "egg wash"]),
    ("pale and creamy", ["pale and creamy", "pale and fluffy", "light and creamy"]),
    ("the mixture", ["the mixture", "the mix"]),
    ("a knife", ["a knife", "a table knife", "a round-bladed knife"]),
    ("firm dough", ["firm dough", "firm, smooth dough"]),
    ("Wrap and chill", ["Wrap and chill", "Cover and chill", "Wrap in cling film and chill"]),
    ("in the fridge", ["in the fridge", "in the refrigerator"]),
    ("kitchen paper", ["kitchen paper", "paper towels"]),
    ("a spoonful", ["a spoonful", "a tablespoon"]),
    ("floured surface", ["floured surface", "floured worktop", "floured board"]),
    ("comes out clean", ["comes out clean", "comes out dry"]),
    ("the trays", ["the trays", "the baking trays"]),
    ("a few", ["a few", "a couple of"]),
]
_VOICE = re.compile(
    "|".join(rf"\b{re.escape(k)}\b" for k, _ in sorted(VOICE, key=lambda kv: -len(kv[0])))
)


def format_recipe(rng: Random, recipe: dict, title: str) -> str:
    choice = {key: rng.choice(options) for key, options in VOICE}

    def voiced(text: str) -> str:
        return _VOICE.sub(lambda m: choice[m.group(0)], text)

    recipe = {
        **recipe,
        "ingredients": [voiced(i) for i in recipe["ingredients"]],
        "steps": [voiced(s) for s in recipe["steps"]],
        "notes": [voiced(n) for n in recipe["notes"]],
    }
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


def generate_recipes(seed: int = 1861, target_bytes: int = 215_000) -> str:
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
    (
        "kitchen",
        "recipes",
        "Recipe",
        "recipe",
        "recipes",
        "A recipe card in the kitchen file.",
        [
            (
                "title",
                "str",
                ["Eel Pie", "Barley Broth", "Plum Crumble", "Oat Cakes", "Nettle Soup"],
            ),
            ("minutes", "int", (10, 240)),
            ("serves", "int", (1, 12)),
            ("course", "str", ["starter", "main", "pudding"]),
        ],
        ("is_vegetarian", "vegetarian"),
    ),
    (
        "rail",
        "trains",
        "Train",
        "train",
        "trains",
        "A train on the branch line timetable.",
        [
            ("code", "str", ["1F22", "2M04", "1A10", "2K51", "1B73"]),
            ("minutes_late", "int", (0, 45)),
            ("coaches", "int", (1, 8)),
            ("platform", "str", ["1", "2", "3a", "3b"]),
        ],
        ("is_cancelled", "cancelled"),
    ),
    (
        "hives",
        "colonies",
        "Colony",
        "colony",
        "colonies",
        "One bee colony and its last inspection.",
        [
            ("hive", "str", ["Clover", "Heather", "Linden", "Bramble", "Willow"]),
            ("frames", "int", (2, 20)),
            ("honey", "float", (0.0, 30.0)),
            ("queen", "str", ["marked", "unmarked", "virgin"]),
        ],
        ("is_queenright", "queenright"),
    ),
    (
        "school",
        "pupils",
        "Pupil",
        "pupil",
        "pupils",
        "A pupil on the class register.",
        [
            ("name", "str", ["Alys", "Benedict", "Clem", "Dora", "Ewan", "Flora"]),
            ("age", "int", (5, 16)),
            ("score", "float", (0.0, 100.0)),
            ("house", "str", ["Ash", "Oak", "Rowan", "Elm"]),
        ],
        ("is_present", "present"),
    ),
    (
        "vet",
        "animals",
        "Animal",
        "animal",
        "animals",
        "An animal on the vet's list.",
        [
            ("name", "str", ["Biscuit", "Pepper", "Moss", "Tansy", "Rufus"]),
            ("weight", "float", (0.2, 60.0)),
            ("visits", "int", (0, 30)),
            ("species", "str", ["dog", "cat", "ferret", "goat"]),
        ],
        ("is_vaccinated", "vaccinated"),
    ),
    (
        "market",
        "stalls",
        "Stall",
        "stall",
        "stalls",
        "A stall at the Saturday market.",
        [
            ("holder", "str", ["Abbot", "Brisk", "Coles", "Dimmock", "Everett"]),
            ("rent", "float", (5.0, 60.0)),
            ("metres", "int", (2, 12)),
            ("goods", "str", ["cheese", "fish", "bread", "flowers", "ironmongery"]),
        ],
        ("is_covered", "covered"),
    ),
    (
        "museum",
        "exhibits",
        "Exhibit",
        "exhibit",
        "exhibits",
        "An object on display in the town museum.",
        [
            ("label", "str", ["Ferry Bell", "Toll Board", "Eel Trap", "Mill Stone", "Lantern"]),
            ("year", "int", (1600, 1950)),
            ("value", "float", (10.0, 9000.0)),
            ("room", "str", ["east", "west", "attic", "hall"]),
        ],
        ("is_on_loan", "on_loan"),
    ),
    (
        "fleet",
        "boats",
        "Boat",
        "boat",
        "boats",
        "A boat in the river fleet.",
        [
            ("name", "str", ["Heron", "Wend Queen", "Little Otter", "Saltmarsh", "Margery Ann"]),
            ("length", "float", (4.0, 30.0)),
            ("crew", "int", (1, 12)),
            ("mooring", "str", ["North Quay", "Mill Steps", "Old Dock"]),
        ],
        ("is_afloat", "afloat"),
    ),
    (
        "chess",
        "games",
        "Game",
        "game",
        "games",
        "A game in the club's record book.",
        [
            ("board", "str", ["first", "second", "third", "fourth", "reserve"]),
            ("moves", "int", (10, 120)),
            ("minutes", "float", (5.0, 240.0)),
            ("result", "str", ["white", "black", "draw"]),
        ],
        ("is_rated", "rated"),
    ),
    (
        "cellar",
        "bottles",
        "Bottle",
        "bottle",
        "bottles",
        "A bottle in the wine cellar.",
        [
            ("label", "str", ["Fen Red", "Weir White", "Old Quay", "Harvest Cider", "Elderflower"]),
            ("year", "int", (1990, 2030)),
            ("price", "float", (3.0, 90.0)),
            ("rack", "str", ["A", "B", "C", "D"]),
        ],
        ("is_opened", "opened"),
    ),
    (
        "allotment",
        "plots",
        "Plot",
        "plot",
        "plots",
        "An allotment plot and its tenant.",
        [
            ("number", "str", ["1a", "2b", "7", "12", "15c"]),
            ("area", "float", (50.0, 300.0)),
            ("rent", "int", (10, 80)),
            ("tenant", "str", ["Hale", "Ivor", "Judd", "Kemp"]),
        ],
        ("is_vacant", "vacant"),
    ),
    (
        "choir",
        "singers",
        "Singer",
        "singer",
        "singers",
        "A singer in the chapel choir.",
        [
            ("name", "str", ["Agnes", "Barnaby", "Cecily", "Digby", "Enid"]),
            ("years", "int", (0, 40)),
            ("attendance", "float", (0.0, 1.0)),
            ("part", "str", ["soprano", "alto", "tenor", "bass"]),
        ],
        ("is_soloist", "soloists"),
    ),
    (
        "bikes",
        "hires",
        "Hire",
        "hire",
        "hires",
        "One bicycle hire from the quay kiosk.",
        [
            ("ticket", "str", ["H-101", "H-102", "H-205", "H-310", "H-412"]),
            ("hours", "float", (0.5, 10.0)),
            ("charge", "float", (2.0, 40.0)),
            ("bike", "str", ["tandem", "roadster", "tricycle", "cargo"]),
        ],
        ("is_returned", "returned"),
    ),
    (
        "tides",
        "tides",
        "Tide",
        "tide",
        "tides",
        "A predicted high or low water at one port.",
        [
            ("port", "str", ["Mill Steps", "Saltings", "North Quay", "Weir Stage"]),
            ("height", "float", (0.2, 6.5)),
            ("minute", "int", (0, 1439)),
            ("kind", "str", ["high", "low"]),
        ],
        ("is_spring", "spring"),
    ),
    (
        "printshop",
        "jobs",
        "Job",
        "job",
        "jobs",
        "A print job waiting in the shop queue.",
        [
            ("name", "str", ["poster", "leaflet", "menu", "ticket", "banner"]),
            ("pages", "int", (1, 400)),
            ("cost", "float", (0.5, 120.0)),
            ("paper", "str", ["matte", "gloss", "card"]),
        ],
        ("is_colour", "colour"),
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
    "is_vegetarian": "that are vegetarian",
    "is_cancelled": "that were cancelled",
    "is_queenright": "with a laying queen",
    "is_present": "marked present",
    "is_vaccinated": "already vaccinated",
    "is_covered": "under cover",
    "is_on_loan": "lent to other museums",
    "is_afloat": "in the water",
    "is_rated": "that count for rating",
    "is_opened": "already opened",
    "is_vacant": "without a tenant",
    "is_soloist": "who sing solos",
    "is_returned": "brought back",
    "is_spring": "at spring tide",
    "is_colour": "printed in colour",
}

# The stages each kind of record passes through (for the status modules).
STAGES = {
    "garden": ["sown", "growing", "flowering", "dormant"],
    "ferry": ["booked", "checked_in", "boarded", "landed"],
    "bakery": ["proving", "baking", "cooling", "shelved"],
    "library": ["catalogued", "on_shelf", "lent", "overdue"],
    "weather": ["pending", "received", "checked", "published"],
    "stock": ["ordered", "received", "shelved", "sold"],
    "orchard": ["planted", "budding", "fruiting", "pruned"],
    "planner": ["todo", "doing", "blocked", "done"],
    "music": ["uploaded", "tagged", "published", "retired"],
    "post": ["collected", "sorted", "out_for_delivery", "delivered"],
    "sky": ["observed", "measured", "confirmed", "catalogued"],
    "coast": ["inspected", "fuelled", "lit", "extinguished"],
    "kitchen": ["drafted", "tested", "approved", "printed"],
    "rail": ["scheduled", "boarding", "departed", "arrived"],
    "hives": ["inspected", "fed", "supered", "wintered"],
    "school": ["enrolled", "attending", "on_leave", "left"],
    "vet": ["registered", "waiting", "treated", "discharged"],
    "market": ["applied", "allocated", "trading", "closed"],
    "museum": ["acquired", "conserved", "displayed", "stored"],
    "fleet": ["moored", "launched", "sailing", "laid_up"],
    "chess": ["scheduled", "playing", "adjourned", "finished"],
    "cellar": ["bought", "laid_down", "ready", "drunk"],
    "allotment": ["offered", "let", "inspected", "surrendered"],
    "choir": ["auditioned", "rehearsing", "performing", "resting"],
    "bikes": ["reserved", "out", "returned", "repaired"],
    "tides": ["predicted", "observed", "corrected", "archived"],
    "printshop": ["queued", "printing", "trimming", "collected"],
}

# A template may hold several interchangeable versions, separated by this line.
ALTERNATIVE = "\n~~~\n"

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
~~~
def total_$nf($items):
    """Add up the $nf of every $item."""
    return sum($item.$nf for $item in $items)
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
~~~
def average_$nf($items):
    """Return the average $nf of the $items (0.0 for an empty list)."""
    count = len($items)
    return sum($item.$nf for $item in $items) / count if count else 0.0
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
    ${nf}_values = [x.$nf for x in $items]
    if not ${nf}_values:
        return {"count": 0}
    return {
        "count": len(${nf}_values),
        "min": min(${nf}_values),
        "max": max(${nf}_values),
        "mean": round(sum(${nf}_values) / len(${nf}_values), 2),
    }
~~~
def summarize_$nf($items):
    """Count, lowest, highest and mean $nf of the $items, as a dict."""
    values = sorted($item.$nf for $item in $items)
    summary = {"count": len(values)}
    if values:
        summary["min"] = values[0]
        summary["max"] = values[-1]
        summary["mean"] = round(sum(values) / len(values), 2)
    return summary
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
    ${nf}_buckets = {}
    for $item in $items:
        start = int($item.$nf // width) * width
        ${nf}_buckets[start] = ${nf}_buckets.get(start, 0) + 1
    return dict(sorted(${nf}_buckets.items()))
~~~
def histogram_$nf($items, width=$W):
    """Map the start of each $nf bucket (width wide) to how many $items fall in it."""
    starts = sorted(int($item.$nf // width) * width for $item in $items)
    return {start: starts.count(start) for start in starts}
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
    "_not_": (
        (),
        (),
        True,
        '''
def ${items}_not_$flagword($items):
    """Return the $items that are not $flagword, keeping their order."""
    return [$item for $item in $items if not $item.$flag]
''',
    ),
    "range": (
        (),
        (),
        True,
        '''
def ${nf}_range($items):
    """Return the lowest and highest $nf as a pair, or None for no $items."""
    if not $items:
        return None
    ${nf}s = [x.$nf for x in $items]
    return min(${nf}s), max(${nf}s)
~~~
def ${nf}_range($items):
    """Return (lowest, highest) $nf over the $items, or None if there are none."""
    ordered = sorted($item.$nf for $item in $items)
    return (ordered[0], ordered[-1]) if ordered else None
''',
    ),
    "index": (
        (),
        (),
        True,
        '''
def index_by_$key($items):
    """Return a dict mapping each $key to its $item (the last one wins)."""
    return {$item.$key: $item for $item in $items}
''',
    ),
    "duplicate": (
        (),
        (),
        True,
        '''
def duplicate_${key}s($items):
    """Return the ${key}s that appear more than once, in first-seen order."""
    seen = set()
    repeated = []
    for $item in $items:
        if $item.$key in seen and $item.$key not in repeated:
            repeated.append($item.$key)
        seen.add($item.$key)
    return repeated
''',
    ),
    "between": (
        (),
        (),
        False,
        '''
def ${items}_between($items, low, high):
    """Return the $items whose $nf lies between low and high, inclusive."""
    if low > high:
        low, high = high, low
    return [$item for $item in $items if low <= $item.$nf <= high]
''',
    ),
    "count_by": (
        (),
        ("from collections import Counter",),
        True,
        '''
def count_by_$tf($items):
    """Count how many $items share each $tf."""
    return Counter($item.$tf for $item in $items)
''',
    ),
    "running": (
        (),
        (),
        False,
        '''
def running_$nf($items):
    """Yield each $item with the total $nf so far."""
    total = 0
    for $item in $items:
        total += $item.$nf
        yield $item, total
''',
    ),
    "first": (
        (),
        (),
        True,
        '''
def first_$flagword($items):
    """Return the first $item $flagtext, or None."""
    return next(($item for $item in $items if $item.$flag), None)
''',
    ),
    "split_by": (
        (),
        (),
        True,
        '''
def split_by_$flag($items):
    """Split the $items into two lists: those $flagtext, and the rest."""
    yes, no = [], []
    for $item in $items:
        (yes if $item.$flag else no).append($item)
    return yes, no
''',
    ),
    "closest": (
        (),
        (),
        False,
        '''
def closest_$nf($items, target):
    """Return the $item whose $nf is nearest to target, or None."""
    return min($items, key=lambda x: abs(x.$nf - target), default=None)
''',
    ),
    "rank": (
        (),
        (),
        True,
        '''
def rank_by_$nf($items):
    """Return a dict from $key to place (1 = largest $nf)."""
    ordered = sorted($items, key=lambda x: x.$nf, reverse=True)
    return {$item.$key: place for place, $item in enumerate(ordered, start=1)}
''',
    ),
    "csv": (
        (),
        ("import csv",),
        False,
        '''
def write_${items}_csv($items, path):
    """Write the $items to a CSV file with a header row."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["$key", "$nf", "$flag"])
        for $item in $items:
            writer.writerow([$item.$key, $item.$nf, "yes" if $item.$flag else "no"])
''',
    ),
    "cap": (
        (),
        (),
        False,
        '''
def cap_$nf($items, ceiling=$N):
    """Lower any $nf above ceiling to ceiling; return how many were changed."""
    changed = 0
    for $item in $items:
        if $item.$nf > ceiling:
            $item.$nf = ceiling
            changed += 1
    return changed
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

UTILITY_FUNCTIONS += [
    (
        "dates",
        '''
def is_leap_year(year):
    """Return True if year has a 29th of February."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
''',
    ),
    (
        "dates",
        '''
def days_in_month(year, month):
    """Return the number of days in a month (1 = January)."""
    if not 1 <= month <= 12:
        raise ValueError(f"no such month: {month}")
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if month == 2 and leap:
        return 29
    return DAYS_IN_MONTH[month - 1]
''',
    ),
    (
        "dates",
        '''
def parse_clock(text):
    """Turn "07:45" into minutes after midnight."""
    hours, _, minutes = text.strip().partition(":")
    if not hours.isdigit() or not minutes.isdigit():
        raise ValueError(f"bad time: {text!r}")
    total = int(hours) * 60 + int(minutes)
    if total >= 24 * 60:
        raise ValueError(f"time out of range: {text!r}")
    return total
''',
    ),
    (
        "dates",
        '''
def format_clock(minutes):
    """Write minutes after midnight as "HH:MM", wrapping past midnight."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
''',
    ),
    (
        "dates",
        '''
def weekday_name(index):
    """Return the name of a weekday, where 0 is Monday."""
    return WEEKDAYS[index % 7]
''',
    ),
    (
        "dates",
        '''
def minutes_between(start, end):
    """Minutes from start to end (both "HH:MM"), allowing end to be after midnight."""

    def minutes(text):
        hours, _, mins = text.partition(":")
        return int(hours) * 60 + int(mins)

    gap = minutes(end) - minutes(start)
    return gap if gap >= 0 else gap + 24 * 60
''',
    ),
    (
        "stats",
        '''
def mean(values):
    """Return the arithmetic mean of a non-empty sequence."""
    if not values:
        raise ValueError("mean of an empty sequence")
    return sum(values) / len(values)
''',
    ),
    (
        "stats",
        '''
def variance(values):
    """Return the population variance of the values."""
    if not values:
        raise ValueError("variance of an empty sequence")
    centre = sum(values) / len(values)
    return sum((v - centre) ** 2 for v in values) / len(values)
''',
    ),
    (
        "stats",
        '''
def stdev(values):
    """Return the population standard deviation of the values."""
    centre = sum(values) / len(values)
    return math.sqrt(sum((v - centre) ** 2 for v in values) / len(values))
''',
    ),
    (
        "stats",
        '''
def mode(values):
    """Return the most common value (the first one seen on a tie)."""
    counts = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return max(counts, key=counts.get)
''',
    ),
    (
        "stats",
        '''
def weighted_mean(values, weights):
    """Return the mean of values, each counted weight times."""
    total = sum(weights)
    if total == 0:
        raise ValueError("weights must not all be zero")
    return sum(v * w for v, w in zip(values, weights)) / total
''',
    ),
    (
        "stats",
        '''
def scale_to_unit(values):
    """Stretch values so the smallest becomes 0.0 and the largest 1.0."""
    low, high = min(values), max(values)
    if low == high:
        return [0.0 for _ in values]
    return [(v - low) / (high - low) for v in values]
''',
    ),
    (
        "colours",
        '''
def hex_to_rgb(text):
    """Turn "#ff8800" into (255, 136, 0)."""
    text = text.lstrip("#")
    if len(text) != 6:
        raise ValueError(f"expected six hex digits, got {text!r}")
    return tuple(int(text[i : i + 2], 16) for i in (0, 2, 4))
''',
    ),
    (
        "colours",
        '''
def rgb_to_hex(red, green, blue):
    """Turn three numbers from 0 to 255 into "#rrggbb"."""
    for part in (red, green, blue):
        if not 0 <= part <= 255:
            raise ValueError(f"colour part out of range: {part}")
    return f"#{red:02x}{green:02x}{blue:02x}"
''',
    ),
    (
        "colours",
        '''
def blend(first, second, amount=0.5):
    """Mix two (r, g, b) colours; amount 0.0 gives first, 1.0 gives second."""
    return tuple(round(a + (b - a) * amount) for a, b in zip(first, second))
''',
    ),
    (
        "colours",
        '''
def brightness(colour):
    """Return how light an (r, g, b) colour looks, from 0.0 to 1.0."""
    red, green, blue = colour
    return (0.3 * red + 0.59 * green + 0.11 * blue) / 255
''',
    ),
    (
        "colours",
        '''
def text_colour_for(background):
    """Pick black or white text, whichever reads better on background."""
    red, green, blue = background
    light = (0.3 * red + 0.59 * green + 0.11 * blue) / 255
    return (0, 0, 0) if light > 0.5 else (255, 255, 255)
''',
    ),
    (
        "colours",
        '''
def gradient(first, second, steps=$SMALL):
    """Return steps colours running evenly from first to second."""
    if steps < 2:
        raise ValueError("a gradient needs at least two steps")
    colours = []
    for index in range(steps):
        amount = index / (steps - 1)
        colours.append(tuple(round(a + (b - a) * amount) for a, b in zip(first, second)))
    return colours
''',
    ),
    (
        "grid",
        '''
def make_grid(width, height, fill=$LOW):
    """Return a list of height rows, each holding width copies of fill."""
    return [[fill] * width for _ in range(height)]
''',
    ),
    (
        "grid",
        '''
def neighbours(grid, row, col):
    """Yield the (row, col) of every cell next to this one, including diagonals."""
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if dr == dc == 0:
                continue
            r, c = row + dr, col + dc
            if 0 <= r < len(grid) and 0 <= c < len(grid[r]):
                yield r, c
''',
    ),
    (
        "grid",
        '''
def flood_fill(grid, row, col, new):
    """Replace the region of equal cells around (row, col) with new; return its size."""
    old = grid[row][col]
    if old == new:
        return 0
    stack = [(row, col)]
    filled = 0
    while stack:
        r, c = stack.pop()
        if 0 <= r < len(grid) and 0 <= c < len(grid[r]) and grid[r][c] == old:
            grid[r][c] = new
            filled += 1
            stack.extend([(r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)])
    return filled
''',
    ),
    (
        "grid",
        '''
def rotate_clockwise(grid):
    """Return a new grid turned a quarter turn to the right."""
    return [list(row) for row in zip(*grid[::-1])]
''',
    ),
    (
        "grid",
        '''
def grid_to_text(grid, empty="."):
    """Draw a grid as lines of text, showing falsy cells as empty."""
    lines = []
    for row in grid:
        lines.append("".join(str(cell) if cell else empty for cell in row))
    return "\\n".join(lines)
''',
    ),
    (
        "grid",
        '''
def count_cells(grid, value):
    """Count the cells of the grid equal to value."""
    return sum(row.count(value) for row in grid)
''',
    ),
    (
        "caching",
        '''
def memoize(func):
    """Remember the result of func for each set of positional arguments."""
    results = {}

    @functools.wraps(func)
    def wrapper(*args):
        if args not in results:
            results[args] = func(*args)
        return results[args]

    return wrapper
''',
    ),
    (
        "caching",
        '''
class LruCache:
    """A dict that forgets the least recently used key once it is full."""

    def __init__(self, capacity=$WIDTH):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._data = OrderedDict()

    def get(self, key, default=None):
        if key not in self._data:
            return default
        self._data.move_to_end(key)
        return self._data[key]

    def put(self, key, value):
        self._data[key] = value
        self._data.move_to_end(key)
        if len(self._data) > self.capacity:
            self._data.popitem(last=False)

    def __len__(self):
        return len(self._data)
''',
    ),
    (
        "caching",
        '''
class Stopwatch:
    """Measure how long a block of code takes: ``with Stopwatch() as watch: ...``."""

    def __enter__(self):
        self.start = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc_info):
        self.seconds = time.perf_counter() - self.start
        return False
''',
    ),
    (
        "caching",
        '''
def retry(func, attempts=$SMALL, errors=(OSError,)):
    """Call func until it succeeds, at most attempts times; re-raise the last error."""
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    for attempt in range(1, attempts + 1):
        try:
            return func()
        except errors:
            if attempt == attempts:
                raise
    return None
''',
    ),
    (
        "caching",
        '''
def once(func):
    """Make func run only the first time; later calls return the first result."""
    done = []

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if not done:
            done.append(func(*args, **kwargs))
        return done[0]

    return wrapper
''',
    ),
]

UTILITY_IMPORTS = {
    "math.": "import math",
    "functools.": "import functools",
    "OrderedDict(": "from collections import OrderedDict",
    "time.": "import time",
}

UTILITY_CONSTANTS = {
    "to_roman": 'ROMAN_TABLE = [\n    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"),\n'
    '    (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),\n'
    '    (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),\n]',
    "parse_duration": 'UNITS = {"h": 3600, "m": 60, "s": 1}',
    "days_in_month": "DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]",
    "weekday_name": 'WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", '
    '"Saturday", "Sunday"]',
}

LOCAL_PACKAGES = {d[0] for d in DOMAINS} | {"util"}

COMMENT_HEADERS = [
    "Helpers for working with {items}.",
    "Small functions over lists of {items}.",
    "{Entity} records and the everyday questions we ask about them.",
    "Reading, checking and summarizing {items}.",
    "The {Entity} record, with functions for sorting and counting {items}.",
    "Plain data about {items}, and the arithmetic we do with it.",
    "What we know about each {Entity}, and how to ask questions of many.",
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
        template = self.rng.choice(template.split(ALTERNATIVE))
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
            rng = self.rng
            want = len(fields) + 1
            lines = [
                f"def parse_{item}(line):",
                rng.choice(
                    [
                        f'    """Build a {entity} from one comma-separated line of text."""',
                        f'    """Parse a line such as the ones in {items}.txt into a {entity}."""',
                    ]
                ),
                rng.choice(
                    [
                        '    parts = [part.strip() for part in line.split(",")]',
                        '    parts = [p.strip() for p in line.strip().split(",")]',
                    ]
                ),
                f"    if len(parts) != {want}:",
                rng.choice(
                    [
                        f'        raise ValueError(f"expected {want} fields, got {{len(parts)}}")',
                        f'        raise ValueError(f"{item} needs {want} values: {{line!r}}")',
                        f'        raise ValueError(f"bad {item} line ({{len(parts)}} fields)")',
                    ]
                ),
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
            f'    """Return the {item} as a plain dict, ready for JSON."""',
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
        text = "\n".join(fix_articles(t) if '"""' in t else t for t in text.split("\n"))
        name = self.rng.choice(["handle", "handle", "stream", "fh", "infile"])
        if "w" in re.findall(r'open\(path, "(\w)"', text) and name == "infile":
            name = "out"
        text = re.sub(r"\bhandle\b", name, text)
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
        store = self.store_class(domain, rng.choice(numeric))
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
        if rng.random() < 0.75:
            modules.append(self.cli_module(domain))
        if rng.random() < 0.6:
            modules.insert(rng.randint(1, len(modules)), self.status_module(domain))
        return modules

    def cli_module(self, domain: tuple) -> str:
        """A small command-line front end: read a CSV file, filter, sort and print."""
        rng = self.rng
        pkg, module, entity, item, items, doc, fields, (flag, flagword) = domain
        key = fields[0][0]
        numeric = [(n, t) for n, t, _s in fields if t in ("int", "float")]
        text = [n for n, t, _s in fields[1:] if t == "str"]
        nf, ntype = rng.choice(numeric)
        option = nf.replace("_", "-")
        err = rng.choice(["error", "err", "exc", "problem"])
        maker = rng.choice(["build_parser", "make_parser", "parser_for_" + items])
        reader_name = rng.choice(["read_rows", f"read_{items}", f"load_{items}_csv", "rows_from"])
        imports = {"import argparse", "import sys", f"from {pkg}.{module} import {entity}"}

        verb = rng.choice(["List", "Show", "Filter", "Print", "Search"])
        description = f"{verb} {items} from a CSV file."
        if rng.random() < 0.5:
            lines = [
                f"def {maker}():",
                f'    parser = argparse.ArgumentParser(description="{description}")',
            ]
        else:
            lines = [
                f"def {maker}():",
                "    parser = argparse.ArgumentParser(",
                f'        prog="{pkg}",',
                f'        description="{description}",',
                "    )",
            ]
        lines.append(
            rng.choice(
                [
                    f'    parser.add_argument("path", help="CSV file with one {item} per row")',
                    f'    parser.add_argument("path", help="the {items} file to read")',
                    '    parser.add_argument("path")',
                ]
            )
        )
        default = rng.choice(["0", "0", "1"]) if ntype == "int" else rng.choice(["0.0", "0.5"])
        lines.append(f'    parser.add_argument("--min-{option}", type={ntype}, default={default})')
        filters = [
            rng.choice(
                [
                    f"    {items} = [x for x in {items} if x.{nf} >= args.min_{nf}]",
                    f"    {items} = [{item} for {item} in {items} if {item}.{nf} >= args.min_{nf}]",
                ]
            )
        ]
        if text and rng.random() < 0.7:
            tf = rng.choice(text)
            lines.append(f'    parser.add_argument("--{tf}", help="only {items} with this {tf}")')
            filters += [
                f"    if args.{tf}:",
                f"        {items} = [x for x in {items} if x.{tf} == args.{tf}]",
            ]
        if rng.random() < 0.6:
            opt = flagword.replace("_", "-")
            lines.append(
                rng.choice(
                    [
                        f'    parser.add_argument("--{opt}", action="store_true")',
                        f'    parser.add_argument("--{opt}", action="store_true", '
                        f'help="only {items} {FLAG_TEXT[flag]}")',
                    ]
                )
            )
            filters += [
                f"    if args.{flagword}:",
                f"        {items} = [x for x in {items} if x.{flag}]",
            ]
        sort = rng.random() < 0.5
        if sort:
            choices = ", ".join(f'"{n}"' for n, _t in numeric)
            lines.append(f'    parser.add_argument("--sort", choices=[{choices}], default="{nf}")')
        limit = rng.choice([5, 10, 20, 25, 50])
        lines.append(
            rng.choice(
                [
                    f'    parser.add_argument("--limit", type=int, default={limit})',
                    f'    parser.add_argument("-n", "--limit", type=int, default={limit})',
                ]
            )
        )
        as_json = rng.random() < 0.4
        if as_json:
            lines.append(
                rng.choice(
                    [
                        '    parser.add_argument("--json", action="store_true")',
                        '    parser.add_argument("--json", action="store_true", help="print JSON")',
                    ]
                )
            )
        lines.append("    return parser")

        flag_test = rng.choice(['("yes", "true", "1")', '("y", "yes", "true")', '{"yes", "1"}'])
        if rng.random() < 0.6:
            imports.add("import csv")
            reader = [
                f"def {reader_name}(path):",
                f'    """Yield one {entity} for each row of the CSV file."""',
                '    with open(path, newline="", encoding="utf-8") as handle:',
                *rng.choice(
                    [
                        ["        for row in csv.DictReader(handle):"],
                        ["        reader = csv.DictReader(handle)", "        for row in reader:"],
                    ]
                ),
                f"            yield {entity}(",
            ]
            pad = "                "
        else:
            sep = rng.choice([",", ";", "\\t"])
            reader = [
                f"def {reader_name}(path):",
                f'    """Return a list of {items}, one per line after the header."""',
                f"    {items} = []",
                '    with open(path, encoding="utf-8") as handle:',
                f'        header = handle.readline().strip().split("{sep}")',
                "        for line in handle:",
                "            if not line.strip():",
                "                continue",
                f'            row = dict(zip(header, line.rstrip("\\n").split("{sep}")))',
                f"            {items}.append(",
                f"                {entity}(",
            ]
            pad = "                    "
        for name, ftype, _s in fields:
            value = f'row["{name}"]' if ftype == "str" else f'{ftype}(row["{name}"])'
            reader.append(f"{pad}{name}={value},")
        reader.append(f'{pad}{flag}=row.get("{flag}", "").lower() in {flag_test},')
        if pad == "                ":
            reader.append("            )")
        else:
            reader += ["                )", "            )", f"    return {items}"]

        main = [
            "def main(argv=None):",
            rng.choice(
                [
                    f"    args = {maker}().parse_args(argv)",
                    f"    parser = {maker}()\n    args = parser.parse_args(argv)",
                ]
            ),
            "    try:",
            f"        {items} = list({reader_name}(args.path))",
        ]
        handler = rng.choice(["print", "exit", "parser"]) if "parser =" in main[1] else "print"
        errors = rng.choice(
            ["(OSError, KeyError, ValueError)", "(OSError, ValueError)", "(KeyError, OSError)"]
        )
        main.append(f"    except {errors} as {err}:")
        if handler == "print":
            main += [
                f'        print(f"cannot read {{args.path}}: {{{err}}}", file=sys.stderr)',
                "        return 2",
            ]
        elif handler == "exit":
            main.append(f'        sys.exit(f"{pkg}: {{args.path}}: {{{err}}}")')
        else:
            main.append(f"        parser.error(str({err}))")
        main += filters
        if sort:
            main.append(f"    {items}.sort(key=lambda x: getattr(x, args.sort), reverse=True)")
        shown = rng.choice(["shown", "chosen", "page", f"first_{items}"])
        main.append(f"    {shown} = {items}[: args.limit]")
        if as_json:
            imports.add("import json")
            main += [
                "    if args.json:",
                f'        rows = [{{"{key}": x.{key}, "{nf}": x.{nf}}} for x in {shown}]',
                f"        print(json.dumps(rows, indent={rng.choice([1, 2, 4])}))",
                "        return 0",
            ]
        width = rng.choice([12, 16, 20, 24])
        digits = rng.choice([6, 8, 10])
        mark = rng.random() < 0.4
        main.append(f"    for {item} in {shown}:")
        if mark:
            main.append(f'        mark = "*" if {item}.{flag} else " "')
            main.append(
                f'        print(f"{{mark}} {{{item}.{key}:<{width}}} {{{item}.{nf}:>{digits}}}")'
            )
        else:
            main.append(f'        print(f"{{{item}.{key}:<{width}}} {{{item}.{nf}:>{digits}}}")')
        main += [
            rng.choice(
                [
                    f'    print(f"{{len({shown})}} of {{len({items})}} {items}", file=sys.stderr)',
                    f'    print(f"showing {{len({shown})}} {items}", file=sys.stderr)',
                    f'    print("-" * {width + digits + 1})\n'
                    f'    print(f"{{len({shown})}} {items}")',
                ]
            ),
            "    return 0",
        ]
        tail = [
            'if __name__ == "__main__":',
            rng.choice(["    sys.exit(main())", "    raise SystemExit(main())"]),
        ]
        body = ["\n".join(lines), "\n".join(reader), "\n".join(main), "\n".join(tail)]
        if not any("sys." in block for block in body):
            imports.discard("import sys")
        doc_line = rng.choice(
            [
                f"Command-line tool for looking through {items}.",
                f"Run ``python -m {pkg}.cli FILE`` to list {items}.",
                f"A small command-line front end for {pkg} data.",
                f"Print the {items} in a file, filtered and sorted.",
            ]
        )
        return self.module_text(f"{pkg}/cli.py", doc_line, imports, body)

    def store_class(self, domain: tuple, nf: str) -> str:
        """The store class: the constructor, ``add`` and ``from_rows``, and some of the rest."""
        rng = self.rng
        text = self.render(STORE_TEMPLATE, self.mapping(domain, nf, "x"))
        head, *methods = text.split("\n\n    ")
        keep = methods[:3] + [m for m in methods[3:] if rng.random() < 0.65]
        if rng.random() < 0.5:
            keep = keep[:3] + sorted(keep[3:], key=lambda m: m.startswith("def __"))
        container = rng.choice(["_by_" + domain[6][0][0], "_items", "_index", "_records"])
        return "\n\n    ".join([head] + keep).replace("_by_" + domain[6][0][0], container)

    def status_module(self, domain: tuple) -> str:
        """An Enum of the stages a record passes through, and the moves between them."""
        rng = self.rng
        pkg, module, entity, item, items, doc, fields, _flag = domain
        stages = STAGES[pkg]
        example = stages[1].replace("_", " ").title()
        last = stages[-1].replace("_", " ").capitalize()
        kind = rng.choice(["Stage", "State", "Status"])
        enum = f"{entity}{kind}"
        word = kind.lower()
        plural = {"stage": "stages", "state": "states", "status": "statuses"}[word]
        members = [s.upper() for s in stages]
        blocks = [
            "\n".join(
                [f"class {enum}(Enum):"]
                + [f'    {m} = "{s}"' for m, s in zip(members, stages, strict=True)]
            )
        ]
        table = rng.choice(["NEXT", "ALLOWED", "MOVES", "TRANSITIONS", "FOLLOWS"])
        seen = rng.choice(["seen", "found", "reached"])
        todo = rng.choice(["todo", "stack", "frontier", "pending"])
        nxt = rng.choice(["nxt", "after", "following", word + "_"])
        trail = rng.choice(["history", "trail", "path", "steps"])
        moves = ["NEXT = {"]
        for index, member in enumerate(members):
            targets = members[index + 1 : index + 2]
            if index + 2 < len(members) and rng.random() < 0.4:
                targets = targets + [members[index + 2]]
            if index == len(members) - 1 and rng.random() < 0.5:
                targets = [members[1]]
            inner = ", ".join(f"{enum}.{t}" for t in targets)
            moves.append(
                f"    {enum}.{member}: {{{inner}}}," if targets else f"    {enum}.{member}: set(),"
            )
        moves.append("}")
        blocks.append("\n".join(moves))
        pool = {
            "can": [
                "def can_move(old, new):",
                f'    """Return True if a {item} may go straight from {word} old to new."""',
                "    return new in NEXT[old]",
            ],
            "move": [
                "def move(history, new):",
                f'    """Append new to a list of {plural}, refusing a move that is not allowed."""',
                "    if history and new not in NEXT[history[-1]]:",
                '        raise ValueError(f"cannot go from {history[-1].value} to {new.value}")',
                "    history.append(new)",
                "    return history",
            ],
            "parse": [
                f"def parse_{word}(text):",
                f'    """Turn text such as "{example}" into a {enum}."""',
                "    try:",
                f'        return {enum}(text.strip().lower().replace(" ", "_"))',
                "    except ValueError:",
                f'        raise ValueError(f"unknown {word}: {{text!r}}") from None',
            ],
            "final": [
                f"def is_final({word}):",
                f'    """Return True if nothing can follow this {word}."""',
                f"    return not NEXT[{word}]",
            ],
            "reachable": [
                "def reachable(start):",
                f'    """Return every {word} reachable from start, in any number of steps."""',
                f"    {seen} = {{start}}",
                f"    {todo} = [start]",
                f"    while {todo}:",
                f"        for {nxt} in NEXT[{todo}.pop()]:",
                f"            if {nxt} not in {seen}:",
                f"                {seen}.add({nxt})",
                f"                {todo}.append({nxt})",
                f"    return {seen}",
            ],
            "label": [
                f"def label({word}):",
                f'    """Return a {word} as words for people, e.g. "{last}"."""',
                f'    return {word}.value.replace("_", " ").capitalize()',
            ],
        }
        names = rng.sample(list(pool), rng.randint(3, 5))
        blocks += ["\n".join(pool[n]) for n in names]
        blocks = [re.sub(r"\bNEXT\b", table, b).replace("history", trail) for b in blocks]
        doc_line = rng.choice(
            [
                f"The {plural} a {item} passes through, and the moves allowed between them.",
                f"Where each {item} is in its life, as an Enum.",
                f"{entity} {plural} and the rules for changing them.",
            ]
        )
        return self.module_text(f"{pkg}/{word}.py", doc_line, {"from enum import Enum"}, blocks)

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
            elif name.startswith("count_") and not name.startswith("count_by_"):
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
                    f"    {field}s = [x.{field} for x in result]\n"
                    f"    assert {field}s == sorted({field}s)",
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
                    f"    assert sum(len({items}) for {items} in groups.values()) == 4",
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
            elif name.startswith("index_by_"):
                add(
                    name,
                    f"{setup}    index = {name}({items})\n"
                    f"    assert sorted(index) == sorted(x.{key} for x in {items})",
                )
            elif name.startswith("duplicate_"):
                add(name, f"    assert {name}(make_{items}()) == []", "_when_all_differ")
            elif name.endswith("_range"):
                field = name[: -len("_range")]
                add(
                    name,
                    f"{setup}    low, high = {name}({items})\n"
                    f"    assert low == min(x.{field} for x in {items})\n"
                    f"    assert {name}([]) is None",
                )
            elif name.startswith("split_by_"):
                expected = sum(r[flag] == "True" for r in rows)
                add(
                    name,
                    f"    yes, no = {name}(make_{items}())\n"
                    f"    assert len(yes) == {expected}\n    assert len(yes) + len(no) == 4",
                )
            elif name.startswith("rank_by_"):
                add(
                    name,
                    f"    ranks = {name}(make_{items}())\n"
                    "    assert sorted(ranks.values()) == [1, 2, 3, 4]",
                )
            elif name.startswith("count_by_"):
                add(name, f"    assert sum({name}(make_{items}()).values()) == 4")
            elif name.startswith("first_"):
                if any(r[flag] == "True" for r in rows):
                    add(name, f"    assert {name}(make_{items}()).{flag} is True")
                else:
                    add(name, f"    assert {name}(make_{items}()) is None")
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
        imports = {i for key, i in UTILITY_IMPORTS.items() if any(key in b for b in blocks)}
        doc = {
            "numbers": "Little numeric helpers.",
            "text": "Helpers for strings.",
            "lists": "Helpers for lists and other sequences.",
            "dates": "Calendar and clock arithmetic without the datetime module.",
            "stats": "Simple statistics over lists of numbers.",
            "colours": "Converting and mixing RGB colours.",
            "grid": "Two-dimensional grids stored as lists of lists.",
            "caching": "Remembering, timing and retrying function calls.",
        }[name]
        return self.module_text(f"util/{name}.py", doc, imports, constants + blocks)

    def generate(self, target_bytes: int) -> str:
        rng = self.rng
        modules: list[str] = []
        domains = list(DOMAINS)
        rng.shuffle(domains)
        utilities = ["numbers", "text", "lists", "dates", "stats", "colours", "grid", "caching"]
        rng.shuffle(utilities)
        size = 0
        for index, domain in enumerate(domains):
            if size >= target_bytes:
                break
            for text in self.domain_modules(domain):
                modules.append(text)
                size += len(text) + 2
            if index % 3 == 1 and utilities:
                text = self.utility_module(utilities.pop(0))
                modules.append(text)
                size += len(text) + 2
        return "\n\n".join(modules)


def generate_code(seed: int = 1991, target_bytes: int = 215_000) -> str:
    return CodeWriter(seed).generate(target_bytes)


# --------------------------------------------------------------------------------------------
# logs.txt - service logs with timestamps, levels, components and request ids
# --------------------------------------------------------------------------------------------

QUAYS = [
    "North Quay",
    "Mill Steps",
    "Fen Landing",
    "Thistlemere Pier",
    "Old Dock",
    "Saltings Jetty",
    "Weir Stage",
    "Chapel Slip",
]
VESSELS = ["Heron", "Margery Ann", "Wend Queen", "Lantern", "Saltmarsh", "Little Otter"]
ROUTES = [
    ("MRW", "THM"),
    ("MRW", "FEN"),
    ("THM", "MRW"),
    ("FEN", "OLD"),
    ("OLD", "MRW"),
    ("MRW", "SLT"),
]
SQL = [
    "SELECT * FROM bookings WHERE sailing_id = ?",
    "UPDATE sailings SET seats_left = seats_left - ? WHERE id = ?",
    "SELECT id, name FROM passengers WHERE email = ?",
    "INSERT INTO payments (booking_id, amount, state) VALUES (?, ?, ?)",
    "SELECT count(*) FROM bookings WHERE created_at > ? AND state = ?",
    "SELECT s.id, s.departs FROM sailings s JOIN routes r ON r.id = s.route_id WHERE r.code = ?",
    "DELETE FROM holds WHERE expires_at < ?",
    "UPDATE bookings SET state = 'refunded' WHERE id = ?",
    "SELECT * FROM tides WHERE quay = ? AND day = ? ORDER BY at",
]
SEARCH_TERMS = ["fen", "thistlemere", "weir", "evening", "bikes", "dogs", "return", "saltings"]
TRACES = {
    "pay": [("pay.gateway.charge", "gateway.py", 118), ("pay.service.settle", "service.py", 64)],
    "mail": [("mail.smtp.send", "smtp.py", 57), ("mail.outbox.flush", "outbox.py", 33)],
    "db": [("db.pool.acquire", "pool.py", 142), ("db.session.begin", "session.py", 20)],
    "tides": [("tides.feed.fetch", "feed.py", 88), ("tides.table.update", "table.py", 41)],
    "search": [("search.index.add", "index.py", 203), ("search.index.commit", "index.py", 251)],
    "pdf": [("pdf.render.page", "render.py", 77), ("pdf.timetable.build", "timetable.py", 19)],
}
ERRORS = {
    "pay": [
        "TimeoutError: gateway did not answer in 30 s",
        "CardDeclined: insufficient funds",
        "ConnectionResetError: peer closed the connection",
        "GatewayError: 503 from api.pay.example",
        "CardDeclined: card expired",
    ],
    "mail": [
        "SMTPServerDisconnected: connection unexpectedly closed",
        "TimeoutError: mail relay did not answer in 10 s",
        "SMTPRecipientsRefused: mailbox unavailable",
    ],
    "db": [
        "PoolTimeout: no free connection after 5 s",
        "DeadlockDetected: transaction aborted",
        "OperationalError: server closed the connection unexpectedly",
    ],
    "tides": [
        "HTTPError: 500 from tides.feed.example",
        "ValueError: tide table for Weir Stage has no entries",
    ],
    "search": ["OSError: [Errno 28] No space left on device", "LockError: index is locked"],
    "pdf": ["MemoryError: page 3 too large to render", "KeyError: 'departs'"],
}
JOBS = {
    "send-reminders": "mail",
    "rebuild-timetable": "pdf",
    "expire-holds": "db",
    "mail-receipts": "mail",
    "sync-tides": "tides",
    "reindex-search": "search",
    "purge-sessions": "db",
    "settle-payments": "pay",
}
RELEASES = ["2.4.1", "2.4.1", "2.4.2", "2.4.2", "2.4.2", "2.4.2", "2.5.0", "2.5.0", "2.5.1"]


class LogWriter:
    def __init__(self, seed: int) -> None:
        self.rng = Random(seed)
        self.lines: list[str] = []
        self.ms = 0
        self.day = 0
        self.date = ""
        self.weekend = False
        self.booking = 20_000
        self.job = 5_000
        self.pending: list[tuple[str, str, str, int]] = []
        self.windy = False
        self.degraded = 0
        self.started = 0

    def stamp(self) -> str:
        seconds, ms = divmod(self.ms, 1000)
        minutes, seconds = divmod(seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return f"{self.date} {hours:02d}:{minutes:02d}:{seconds:02d}.{ms:03d}"

    def log(self, level: str, component: str, message: str, gap: tuple[int, int] = (200, 40_000)):
        low, high = gap
        if self.weekend and high > 1000:
            high = high * 3 // 2
        self.ms += self.rng.randint(low, high)
        self.lines.append(f"{self.stamp()} {level:<5} [{component}] {message}")

    def trace(self, component: str, last: str) -> None:
        for func, filename, line in TRACES[component]:
            self.lines.append(f"    at {func} ({filename}:{line})")
        self.lines.append(f"    at {last}")

    def req_id(self) -> str:
        return f"{self.rng.getrandbits(24):06x}"

    def sailing_id(self) -> str:
        rng = self.rng
        return f"S-{rng.randint(6, 20):02d}{rng.choice(['00', '15', '30', '45'])}"

    def user(self) -> str:
        return f"u{self.rng.randint(1000, 1600)}"

    def boot(self) -> None:
        rng = self.rng
        self.ms = (5 * 3600 + rng.randint(40, 59) * 60) * 1000 + rng.randint(0, 999)
        self.started = self.ms
        pid = rng.randint(2000, 30000)
        fast = (5, 400)
        version = RELEASES[min(self.day * len(RELEASES) // 14, len(RELEASES) - 1)]
        self.log("INFO", "main", f"harbourd {version} starting (pid {pid})", fast)
        keys = rng.randint(14, 22)
        self.log("INFO", "config", f"loaded /etc/harbourd/harbourd.toml ({keys} keys)", fast)
        if rng.random() < 0.3:
            name = rng.choice(["PAY_SANDBOX", "SEARCH_V2", "TIDE_FEED_URL", "MAIL_BATCH"])
            self.log("WARN", "config", f"environment overrides {name}", fast)
        took = rng.randint(20, 90)
        size = rng.choice([8, 8, 8, 12, 16])
        self.log("INFO", "db", f"pool ready: {size} connections to db-1:5432 in {took} ms", fast)
        if rng.random() < 0.25:
            number = 40 + self.day * 2 + rng.randint(0, 1)
            table = rng.choice(["refunds", "holds", "tides", "manifests", "vouchers"])
            self.log(
                "INFO",
                "db",
                f"applied migration {number:04d}_add_{table} in {rng.randint(30, 900)} ms",
                fast,
            )
        keys, took = rng.randint(200, 1400), rng.randint(40, 300)
        self.log("INFO", "cache", f"warmed {keys} keys in {took} ms", fast)
        entries = rng.randint(24, 60)
        self.log("INFO", "tides", f"loaded {entries} tide entries for {self.date}", fast)
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
                "search",
                "refund",
                "timetable",
                "manifest",
                "webhook",
                "reset",
                "hold",
            ],
            weights=[3, 4, 4, 5, 4, 3, 1, 2, 3, 3, 1, 1, 1, 2, 1, 2],
        )[0]
        user = f" user={self.user()}"
        slow = 1 + 3 * (self.degraded > 0)
        if kind == "health":
            self.log("DEBUG", "http", f"req={rid} GET /health -> 200 ({rng.randint(0, 2)} ms)")
        elif kind == "sailings":
            route = "&route={}-{}".format(*rng.choice(ROUTES)) if rng.random() < 0.4 else ""
            self.log(
                "INFO",
                "http",
                f"req={rid} GET /api/v1/sailings?date={self.date}{route} -> 200 "
                f"({rng.randint(8, 60) * slow} ms)",
            )
        elif kind == "sailing":
            sailing = self.sailing_id()
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
            seats = rng.choice([1, 1, 1, 2, 2, 3, 4])
            extra = f" seats={seats}" if seats > 1 else ""
            self.log("INFO", "http", f"req={rid} POST /api/v1/bookings{user}{extra}")
            self.pending.append((rid, "booking", f"B-{self.booking}", rng.randint(2, 5)))
        elif kind == "get_booking":
            number = rng.randint(max(20_000, self.booking - 300), self.booking + 1)
            status, level = (200, "INFO") if number <= self.booking else (404, "WARN")
            self.log(
                level,
                "http",
                f"req={rid} GET /api/v1/bookings/B-{number} -> {status} "
                f"({rng.randint(3, 35) * slow} ms){user}",
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
                f"req={rid} login {'ok' if ok else 'failed'} for {self.user()}"
                + ("" if ok else f" (attempt {rng.randint(1, 3)}/3)"),
            )
            if not ok and rng.random() < 0.15:
                ip = f"10.{rng.randint(0, 9)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
                self.log("WARN", "ratelimit", f"{ip} throttled for 60 s (login)", (1, 30))
        elif kind == "search":
            term = rng.choice(SEARCH_TERMS)
            hits = rng.randint(0, 40)
            self.log(
                "INFO",
                "http",
                f"req={rid} GET /api/v1/search?q={term} -> 200 "
                f"({rng.randint(12, 140) * slow} ms, {hits} hits)",
            )
        elif kind == "refund":
            number = rng.randint(max(20_000, self.booking - 500), self.booking)
            amount = rng.choice([4, 6, 8, 12, 16, 24])
            self.log("INFO", "http", f"req={rid} POST /api/v1/bookings/B-{number}/refund{user}")
            if rng.random() < 0.85:
                self.log(
                    "INFO", "pay", f"req={rid} refunded {amount}.00 GBP for B-{number}", (50, 900)
                )
                self.log("INFO", "http", f"req={rid} -> 200 ({rng.randint(80, 700)} ms)", (1, 10))
            else:
                self.log(
                    "WARN",
                    "pay",
                    f"req={rid} refund refused for B-{number}: sailing already departed",
                    (50, 900),
                )
                self.log("WARN", "http", f"req={rid} -> 409 ({rng.randint(40, 300)} ms)", (1, 10))
        elif kind == "timetable":
            if rng.random() < 0.6:
                self.log("DEBUG", "cache", "hit timetable:pdf", (200, 30_000))
                took = rng.randint(3, 20)
            else:
                self.log("DEBUG", "cache", "miss timetable:pdf", (200, 30_000))
                took = rng.randint(400, 2500)
            self.log(
                "INFO",
                "http",
                f"req={rid} GET /api/v1/timetable.pdf -> 200 ({took} ms, "
                f"{rng.randint(80, 240)} kB)",
                (1, 40),
            )
        elif kind == "manifest":
            sailing = self.sailing_id()
            allowed = rng.random() < 0.8
            who = f"staff={rng.choice(['mott', 'penn', 'ives', 'harker', 'tull'])}"
            self.log(
                "INFO" if allowed else "WARN",
                "http",
                f"req={rid} GET /admin/sailings/{sailing}/manifest -> "
                f"{200 if allowed else 403} ({rng.randint(5, 80)} ms) {who}",
            )
        elif kind == "webhook":
            event = rng.choice(["charge.succeeded", "charge.refunded", "payout.paid", "ping"])
            self.log(
                "DEBUG",
                "http",
                f"req={rid} POST /webhooks/pay event={event} -> 200 ({rng.randint(2, 25)} ms)",
            )
        elif kind == "reset":
            self.log("INFO", "auth", f"req={rid} password reset requested for {self.user()}")
            self.log("INFO", "mail", f"req={rid} queued reset mail ({rng.randint(1, 9)} in queue)")
        elif kind == "hold":
            sailing = self.sailing_id()
            seats = rng.randint(1, 4)
            if rng.random() < 0.9:
                self.log(
                    "INFO",
                    "http",
                    f"req={rid} POST /api/v1/holds sailing={sailing} seats={seats} -> 201 "
                    f"({rng.randint(6, 50)} ms){user}",
                )
            else:
                self.log(
                    "WARN",
                    "http",
                    f"req={rid} POST /api/v1/holds sailing={sailing} seats={seats} -> 409 "
                    f"(sold out, {rng.randint(6, 50)} ms){user}",
                )
        else:
            asset = rng.choice(["app.js", "app.css", "logo.svg", "map.png", "fonts/quay.woff2"])
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
            if rng.random() < (0.5 if self.degraded else 0.07):
                component = "pay"
                error = rng.choice(ERRORS[component])
                self.log("ERROR", component, f"req={rid} charge failed for {booking}: {error}")
                self.log("WARN", "http", f"req={rid} -> 502 ({rng.randint(900, 30500)} ms)", (1, 5))
            else:
                amount = rng.choice([4, 6, 8, 12, 16, 24]) * rng.choice([1, 1, 2, 3])
                self.log("INFO", "pay", f"req={rid} charged {amount}.00 GBP for {booking}")
                if rng.random() < 0.3:
                    self.log("DEBUG", "mail", f"req={rid} receipt for {booking} queued", (1, 20))
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
        name = rng.choice(list(JOBS))
        self.log("INFO", "worker", f"job {self.job} {name} started")
        if rng.random() < 0.12:
            component = JOBS[name] if rng.random() < 0.7 else rng.choice(list(TRACES))
            self.log(
                "ERROR",
                "worker",
                f"job {self.job} {name} failed: {rng.choice(ERRORS[component])}",
                (100, 3000),
            )
            self.trace(component, f"worker.run_job (worker.py:{rng.choice([201, 204])})")
            delay = rng.choice([30, 60, 120, 300])
            self.log("INFO", "worker", f"job {self.job} will retry in {delay} s", (1, 5))
        else:
            count = rng.randint(0, 120)
            unit = {"sync-tides": "entries", "reindex-search": "documents"}.get(name, "items")
            self.log(
                "INFO",
                "worker",
                f"job {self.job} {name} done: {count} {unit} in {rng.randint(1, 90) / 10:.1f} s",
                (100, 5000),
            )

    def incident(self) -> None:
        """A short outage: the database or the payment gateway goes away and comes back."""
        rng = self.rng
        if rng.random() < 0.5:
            self.log("ERROR", "db", "connection to db-1:5432 lost: server closed the connection")
            for attempt in range(1, rng.randint(2, 5) + 1):
                self.log("WARN", "db", f"reconnect attempt {attempt}/5 failed", (1000, 4000))
            self.log(
                "INFO",
                "db",
                f"reconnected to db-1:5432 after {rng.randint(4, 40)} s",
                (1000, 5000),
            )
        else:
            self.degraded = rng.randint(6, 14)
            self.log(
                "WARN",
                "pay",
                f"gateway latency high: p95={rng.randint(4, 20)}.{rng.randint(0, 9)} s",
            )

    def misc(self) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.22:
            quay = rng.choice(QUAYS)
            seats = rng.choice([40, 60, 80, 120])
            sailing_hour = self.ms // 3_600_000 + 1
            boat = rng.choice(VESSELS)
            self.log(
                "INFO",
                "sched",
                f"sailing S-{sailing_hour:02d}{rng.choice(['00', '30'])} ({boat}) "
                f"boarding at {quay}, {rng.randint(seats // 3, seats)}/{seats} booked",
            )
        elif roll < 0.32:
            self.log("WARN", "db", f"slow query {rng.randint(800, 4000)} ms: {rng.choice(SQL)}")
        elif roll < 0.5:
            self.log(
                "INFO",
                "metrics",
                f"rps={rng.randint(20, 250) / 10:.1f} "
                f"p50={rng.randint(8, 30)}ms p95={rng.randint(60, 400)}ms "
                f"errors={rng.randint(0, 30) / 10:.1f}%",
            )
        elif roll < 0.6:
            self.log(
                "DEBUG",
                "cache",
                f"evicted {rng.randint(10, 400)} keys (size {rng.randint(40, 64)} MB)",
            )
        elif roll < 0.68:
            quay = rng.choice(QUAYS)
            hour = min(23, self.ms // 3_600_000 + rng.randint(1, 6))
            self.log(
                "INFO",
                "tides",
                f"{quay}: {rng.randint(5, 42) / 10:.1f} m, next high water "
                f"{hour:02d}:{rng.randint(0, 59):02d}",
            )
        elif roll < 0.75:
            if not self.windy and rng.random() < 0.5:
                self.windy = True
                self.log(
                    "WARN",
                    "weather",
                    f"gale warning for the estuary: gusts {rng.randint(35, 60)} kn "
                    f"from {rng.choice(['NW', 'W', 'SW', 'N'])}",
                )
            elif self.windy:
                sailing = self.sailing_id()
                if rng.random() < 0.5:
                    self.log(
                        "WARN",
                        "sched",
                        f"sailing {sailing} cancelled (weather), "
                        f"{rng.randint(3, 70)} passengers to notify",
                    )
                    self.log("INFO", "mail", f"queued {rng.randint(3, 70)} cancellation notices")
                else:
                    self.windy = False
                    self.log("INFO", "weather", "gale warning lifted")
            else:
                self.log(
                    "DEBUG",
                    "weather",
                    f"wind {rng.randint(2, 24)} kn {rng.choice(['N', 'NE', 'E', 'SE', 'S', 'W'])}, "
                    f"visibility {rng.choice(['good', 'moderate', 'poor'])}",
                )
        elif roll < 0.82:
            sailing = self.sailing_id()
            self.log(
                "WARN",
                "sched",
                f"sailing {sailing} delayed {rng.choice([5, 10, 15, 20, 30, 45])} min "
                f"({rng.choice(['late crew', 'low water', 'engine check', 'fog', 'loading'])})",
            )
        elif roll < 0.88:
            in_use = rng.randint(5, 8)
            level = "WARN" if in_use == 8 else "DEBUG"
            self.log(level, "db", f"pool {in_use}/8 in use, {rng.randint(0, 4)} waiting")
        elif roll < 0.93:
            self.log(
                "INFO",
                "mail",
                f"outbox flushed: {rng.randint(1, 60)} sent, {rng.choice([0, 0, 0, 1, 2])} "
                "deferred",
            )
        elif roll < 0.97:
            self.log(
                "DEBUG",
                "gc",
                f"collected {rng.randint(1000, 90000)} objects in {rng.randint(2, 80)} ms "
                f"(gen {rng.choice([0, 1, 2])})",
            )
        else:
            self.incident()

    def shutdown(self) -> None:
        rng = self.rng
        reason = rng.choice(["SIGTERM", "SIGTERM", "SIGTERM", "SIGHUP (deploy)"])
        self.log(
            "INFO",
            "main",
            f"received {reason}, draining {rng.randint(0, 6)} connections",
            (60_000, 900_000),
        )
        if rng.random() < 0.5:
            self.log("INFO", "worker", f"waiting for {rng.randint(1, 3)} running jobs", (5, 200))
        self.log("INFO", "db", "pool closed", (50, 400))
        self.log(
            "INFO",
            "main",
            f"stopped cleanly (up {(self.ms - self.started) // 60_000} min)",
            (10, 100),
        )

    def generate(self, target_bytes: int, days: int) -> str:
        rng = self.rng
        weights = []
        for day in range(days):
            weekday = (day + 1) % 7  # 2031-03-04 was a Tuesday
            weights.append(0.65 if weekday >= 5 else 1.0)
        for day in range(days):
            self.day = day
            self.date = f"2031-03-{4 + day:02d}"
            self.weekend = weights[day] < 1
            self.windy = False
            self.degraded = 0
            size_today = int(target_bytes * weights[day] / sum(weights) * rng.uniform(0.9, 1.1))
            start = len(self.lines)
            self.boot()
            while sum(len(line) + 1 for line in self.lines[start:]) < size_today:
                roll = rng.random()
                if roll < 0.72:
                    self.request()
                elif roll < 0.82:
                    self.job_run()
                else:
                    self.misc()
                self.finish_pending()
                self.degraded = max(0, self.degraded - 1)
            while self.pending:
                self.finish_pending()
            self.shutdown()
        return "\n".join(self.lines) + "\n"


def generate_logs(seed: int = 2031, target_bytes: int = 215_000, days: int = 14) -> str:
    return LogWriter(seed).generate(target_bytes, days)


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
