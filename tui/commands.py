"""Command-palette provider: every reader action, plus those without a natural key."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .screens.reader import ReaderScreen


class ReaderCommands(Provider):
    """Offers the reader's actions in the command palette (Ctrl+P)."""

    def _commands(self) -> list[tuple[str, str, object]]:
        screen = self.screen  # the screen the palette was opened from (app.screen is the palette)
        if not isinstance(screen, ReaderScreen):
            return []
        return [
            ("Show all sources", "Show every hidden column", screen.show_all_sources),
            ("Filter: all sentences", "Show every sentence", partial(screen.set_filter, "all")),
            ("Filter: conflicts only", "Show only sentences in conflict",
             partial(screen.set_filter, "conflicts")),
            ("Filter: unique only", "Show only details one source gives",
             partial(screen.set_filter, "unique")),
            ("Overview", "Sources, consensus, omissions", screen.action_overview),
            ("Names (entity sheet)", "People, places, organisations: spellings, titles, sources",
             screen.action_names),
            ("Export Markdown report", "Write the comparison to a file", screen.action_export),
            ("Next conflict", "Jump to the next conflict", screen.action_next_conflict),
            ("Next unique detail", "Jump to the next unique detail", screen.action_next_unique),
            ("Search", "Find text in any source", screen.action_search),
            ("Help", "Keys and marks", screen.action_help),
            *(
                [("Back to the story list", "Close this story and pick another",
                  screen.action_back_to_stories)]
                if screen.from_story_list()
                else []
            ),
        ]  # fmt: skip

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)  # type: ignore[arg-type]
