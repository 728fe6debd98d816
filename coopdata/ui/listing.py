"""Programmes offered in a select box. Streamlit sends every option to the browser on every run, so a list
longer than MAX_LISTED programmes is cut there and says how to reach the rest (narrower sidebar filters, or
typing a programme the list leaves out, as Partner search allows). The real data never reaches the cut (541
programmes in its largest period); scaled test data does."""

from __future__ import annotations

from dataclasses import dataclass

MAX_LISTED = 2_000


@dataclass(frozen=True)
class Listing:
    lines: dict[str, str]  # option -> its line in the list; the first MAX_LISTED programmes at most
    programmes: int  # programmes the filters select, listed or not
    listed: int  # programmes in `lines`

    @property
    def cut(self) -> bool:
        return self.programmes > self.listed

    def cut_note(self, which: str = "the sidebar filters select",
                 reach: str = "narrow the filters (e.g. Programme title contains) to reach the others") -> str:
        """Says the list is cut and how to reach the rest; `which` names the programmes, `reach` the way."""
        return f"The list offers the first {self.listed:,} of the {self.programmes:,} programmes {which}: {reach}."
