"""The inspector: what a network has learned, on a stored run or a copy of live weights.

Three views share one scored text: Surprise (each character coloured by -log p, the top-10
candidates at the cursor), Neurons (the text coloured by one unit's activation) and Generate
(temperature samples, guided generation, beam search). Loading, scoring and sampling run in
thread workers (inspector_jobs); the text is scored once with everything the cursor needs, so
moving it only looks numbers up. It is scored in pieces: what fills the text area first, shown
at once, then the rest; each piece carries its text request, and a piece of an older request is
dropped, so two texts never mix.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from tui_charrnn.app import inspector_jobs as jobs
from tui_charrnn.app.inspector_jobs import InspectSource
from tui_charrnn.app.screens.inspect_text import InspectTextScreen
from tui_charrnn.app.screens.picker import FilePickerScreen
from tui_charrnn.app.widgets.generate_view import GenerateView
from tui_charrnn.app.widgets.neuron_view import NeuronView
from tui_charrnn.app.widgets.steady_footer import SteadyFooter
from tui_charrnn.app.widgets.surprise_view import SurpriseView, update_line


def text_area(screen: Screen) -> jobs.View:
    """(columns, rows) of the Surprise text: its size once laid out; before that (the open job
    starts at compose) the terminal's size less the screen's fixed parts."""
    canvases = screen.query("#surprise-text")
    region = canvases.first().scrollable_content_region if canvases else None
    if region and region.width > 1 and region.height > 1:
        return region.width, region.height
    (width, height), (columns, rows) = screen.app.size, SurpriseView.TEXT_CHROME
    # Title, message, tabs (2) and footer: 5 rows.
    return max(1, width - columns), max(1, height - rows - 5)


def text_notes(result, cut: bool) -> list[str]:
    """What the screen says about a scored text: characters left out, a cut."""
    notes = []
    if result.unknown_chars:
        unknown = "".join(sorted(result.unknown))[:20]
        notes.append(f"{result.unknown_chars:,} unknown chars left out: {unknown!r}")
    if cut:
        notes.append(f"cut to its first {jobs.MAX_TEXT_CHARS:,} chars")
    return notes


class InspectorScreen(Screen[None]):
    """Surprise, neurons and generation for one model; Escape goes back."""

    DEFAULT_CSS = """
    InspectorScreen {
        #insp-title {
            height: 1;
            background: $primary 30%;
            text-style: bold;
            padding: 0 1;
        }
        #insp-message {
            height: auto;
            max-height: 2;
            padding: 0 1;
            color: $text-muted;
            &.-error {
                color: $error;
                text-style: bold;
            }
        }
        TabbedContent, ContentSwitcher, TabPane {
            height: 1fr;
        }
        TabPane {
            padding: 0;
        }
    }
    """

    AUTO_FOCUS = "#surprise-text"  # straight to the text: each focus change restyles widgets

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("s", "view('surprise')", "Surprise"),
        Binding("n", "view('neurons')", "Neurons"),
        Binding("g", "view('generate')", "Generate"),
        Binding("o", "open_file", "Open file"),
        Binding("t", "type_text", "Type text"),
        Binding("d", "default_text", "Default text"),
        Binding("r", "refresh", "Refresh"),
        Binding("c", "toggle_state", "Cell/hidden", show=False),
    ]

    def __init__(
        self,
        source: InspectSource,
        *,
        retake: Callable[[], InspectSource | None] | None = None,
    ) -> None:
        """``retake`` takes a new copy of live weights (r); None for a stored run."""
        super().__init__()
        self.source = source
        self.retake = retake
        self.model = None  # the inspector's own model (a copy, never a trainer's)
        self.vocab = None
        self.config = None
        self.result = None  # the ScoreResult all views show
        self.text: str | None = None  # the raw text scored, to rescore after a refresh
        self.origin = ""  # where it came from
        self._requests: dict[str, int] = {}  # newest request per job kind
        self._text_request = 0  # newest text request (open or score): its pieces are shown
        self.ready_seconds: float | None = None  # time the last scoring took
        self.units: list = []  # the ranked units of `result`

    def compose(self) -> ComposeResult:
        # Loading starts first: the model loads and scores while the views are built.
        bundled = jobs.bundled_paths()
        self._start("open", jobs.open_job, self.source, bundled, None, "", text_area(self))
        yield Static(f"Inspector · {self.source.label}", id="insp-title", markup=False)
        yield Static("", id="insp-message", markup=False)
        with TabbedContent(initial="surprise"):
            with TabPane("Surprise (s)", id="surprise"):
                yield SurpriseView()
            # The other two views are built the first time they are shown: the screen opens
            # sooner, and the samples are only made for someone who looks at them.
            yield TabPane("Neurons (n)", id="neurons")
            yield TabPane("Generate (g)", id="generate")
        yield SteadyFooter()

    def on_mount(self) -> None:
        if self.result is None:
            self.say(f"opening {self.source.label} …")

    # ------------------------------------------------------------------ parts

    @property
    def surprise(self) -> SurpriseView:
        return self.query_one(SurpriseView)

    @property
    def neurons(self) -> NeuronView | None:
        """The Neurons view, once it has been shown."""
        views = self.query(NeuronView)
        return views.first() if views else None

    @property
    def generate(self) -> GenerateView | None:
        """The Generate view, once it has been shown."""
        views = self.query(GenerateView)
        return views.first() if views else None

    async def _build_view(self, view: str) -> None:
        """Mount a view the first time it is shown, and give it what the screen has."""
        pane = self.query_one(f"#{view}", TabPane)
        if view == "neurons" and self.neurons is None:
            await pane.mount(NeuronView())
            if self.result is not None and not self.result.complete:
                self.neurons.show_pending()
            elif self.result is not None:
                self.neurons.show_text(self.result)
                if self.units:
                    self.neurons.show_units(self.units)
        elif view == "generate" and self.generate is None:
            await pane.mount(GenerateView())
            if self.model is not None:
                self.generate.request()

    def say(self, text: str, *, error: bool = False) -> None:
        """The line under the title: progress, notes, or an error (the screen keeps going)."""
        line = self.query_one("#insp-message", Static)
        line.set_class(error, "-error")
        update_line(line, text)

    def _start(self, kind: str, job, *args) -> None:
        """Run a job in a thread; only the newest request of each kind gets to report, and
        of the text jobs (open, score) only the newest text's pieces are shown."""
        token = self._requests.get(kind, 0) + 1
        self._requests[kind] = token
        if kind in ("open", "score"):
            self._text_request += 1
        text_request = self._text_request

        def post(message) -> bool:
            text = isinstance(message, jobs.TextScored)
            if self._requests.get(kind) != token or (text and text_request != self._text_request):
                return False
            if text:
                message.request = text_request
            self.post_message(message)
            return True

        self.run_worker(
            partial(job, post, *args), thread=True, group=f"inspect-{kind}", exit_on_error=False
        )

    # ------------------------------------------------------------------ job results

    @on(jobs.ModelOpened)
    def _model_opened(self, message: jobs.ModelOpened) -> None:
        self.model, self.vocab, self.config = message.model, message.vocab, message.config
        self.say("scoring the text …")
        if self.generate is not None:  # samples of the new weights replace the old ones
            self.generate.request()

    @on(jobs.TextScored)
    def _text_scored(self, message: jobs.TextScored) -> None:
        if message.request != self._text_request:
            message.painted.set()
            return  # a piece of a text that a newer request replaced
        self.call_after_refresh(message.painted.set)
        result, fresh = message.result, message.piece == 0
        self.result, self.origin = result, message.origin
        notes = text_notes(result, message.cut)
        self.surprise.show(result, self.vocab, notes, fresh=fresh)
        if fresh:
            self.units = []
            chars = result.whole_length
            title = f"Inspector · {self.source.label} · {chars:,} chars of {self.origin}"
            self.query_one("#insp-title", Static).update(title, layout=False)
            self.say(" · ".join(notes) if notes else "←→↑↓ Home End move the cursor · Esc: back")
        if not result.complete:
            if fresh and self.neurons is not None:
                self.neurons.show_pending()
            return
        self.ready_seconds = message.seconds
        if self.neurons is not None:
            self.neurons.show_text(result)
        # Ranking units can wait for the paint: the text is what the user looks at.
        self.call_after_refresh(self._start, "units", jobs.units_job, result)

    @on(jobs.UnitsRanked)
    def _units_ranked(self, message: jobs.UnitsRanked) -> None:
        if message.result is self.result:
            self.units = message.units
            if self.neurons is not None:
                self.neurons.show_units(message.units)

    @on(jobs.InspectFailed)
    def _failed(self, message: jobs.InspectFailed) -> None:
        self.say(message.text, error=True)

    @on(jobs.SamplesReady)
    def _samples_ready(self, message: jobs.SamplesReady) -> None:
        if self.generate is not None:
            self.generate.show_samples(message.samples)

    @on(jobs.BeamReady)
    def _beam_ready(self, message: jobs.BeamReady) -> None:
        if self.generate is not None:
            self.generate.show_beam(message.text, message.width)

    @on(GenerateView.Requested)
    def _generate_requested(self, message: GenerateView.Requested) -> None:
        if self.model is None:
            return
        problem = self.generate.guided.start(self.model, self.vocab, message.prime, message.seed)
        if problem:
            self.say(problem, error=True)
            return
        model, vocab, prime = self.model, self.vocab, message.prime
        self._start("samples", jobs.samples_job, model, vocab, prime, message.seed)
        self._start("beam", jobs.beam_job, model, vocab, prime, message.width)

    # ------------------------------------------------------------------ actions

    def action_close(self) -> None:
        self.dismiss(None)

    async def action_view(self, view: str) -> None:
        await self._build_view(view)
        self.query_one(TabbedContent).active = view
        self._focus_view(view)

    @on(TabbedContent.TabActivated)
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        view = event.pane.id or "surprise"
        await self._build_view(view)
        self._focus_view(view)

    def _focus_view(self, view: str) -> None:
        if view == "surprise":
            self.surprise.canvas.focus()
        elif view == "neurons":
            self.neurons.query_one(DataTable).focus()
        else:
            self.generate.guided.focus()

    def action_toggle_state(self) -> None:
        if self.neurons is None:
            return
        problem = self.neurons.toggle_state()
        if problem:
            self.say(problem, error=True)

    def action_default_text(self) -> None:
        if self.model is not None:
            self.say("scoring the default text …")
            self._start(
                "score", jobs.default_text_job, self.model, self.vocab, self.config,
                self.source, jobs.bundled_paths(), text_area(self),
            )  # fmt: skip

    def action_open_file(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.action_open_file_path(path)

        self.app.push_screen(FilePickerScreen(), chosen)

    def action_open_file_path(self, path: str) -> None:
        """Read and score a text file (a missing, empty or binary one is explained)."""
        if self.model is None:
            self.say("the model is not loaded yet", error=True)
            return
        self.say(f"reading {path} …")
        self.text = None
        self._start("score", jobs.file_job, self.model, self.vocab, path, text_area(self))

    def action_type_text(self) -> None:
        def typed(text: str | None) -> None:
            if text is not None:
                self.score(text, "typed text")

        self.app.push_screen(InspectTextScreen(self.text or ""), typed)

    def score(self, text: str, origin: str) -> None:
        """Score a text given here (typed, pasted, or from a test)."""
        if self.model is None:
            self.say("the model is not loaded yet", error=True)
            return
        self.text = text
        self.say("scoring the text …")
        view = text_area(self)
        self._start("score", jobs.score_job, self.model, self.vocab, text, origin, view)

    def action_refresh(self) -> None:
        """Live weights: take a new copy and rescore the same text. Stored: rescore."""
        if self.retake is not None:
            source = self.retake()
            if source is None:
                self.say("the run is no longer training; these are its last weights", error=True)
                return
            self.source = source
        self.say(f"reloading {self.source.label} …")
        text = self.text
        if text is None and self.result is not None:
            text = self.result.text + self.result.pending
        bundled, view = jobs.bundled_paths(), text_area(self)
        self._start("open", jobs.open_job, self.source, bundled, text, self.origin, view)
