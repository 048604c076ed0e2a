"""A Footer that is rebuilt only when the keys it shows change.

Textual's Footer rebuilds all its keys (a dozen widgets mounted and styled) whenever the
screen's bindings change, which includes every focus change. Opening the inspector moves the
focus several times while the keys shown stay the same; each rebuild cost the opening screen
tens of milliseconds of the UI thread.
"""

from __future__ import annotations

from textual.widgets import Footer


class SteadyFooter(Footer):
    """Footer, skipping the rebuilds that would show the same keys again."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._composed_keys: tuple | None = None  # what the last rebuild asked for shows

    def bindings_changed(self, screen) -> None:
        will_rebuild = screen.app.app_focus and self.is_attached and screen is self.screen
        if will_rebuild:
            keys = self._keys_shown(screen)
            if keys == self._composed_keys:
                self._bindings_ready = True
                return
            self._composed_keys = keys
        super().bindings_changed(screen)

    def _keys_shown(self, screen) -> tuple:
        """What compose() draws from the screen's bindings: the shown ones and the palette's."""
        active = screen.active_bindings
        shown = [
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in active.values()
            if binding.show
        ]
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        palette_key = None if palette is None else (palette[1].key, palette[2])
        return (*shown, palette_key, self.show_command_palette, self.app.ENABLE_COMMAND_PALETTE)
