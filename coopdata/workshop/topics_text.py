"""Free text about topics ("renewable energy; youth unemployment") -> topic ids of the vocabulary.

A registration cell holds items separated by `;`, `,`, `|` or new lines. An item is a topic when it
is a topic id or label of `vocabularies.topics()`, or when it contains a keyword of the reviewed
synonym list `vocab/topic_synonyms.csv` (whole words only). Items that match nothing are returned
as unmatched, for the facilitator to see, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from coopdata.vocabularies import VOCAB_DIR, fold, topics

ITEM_SEPARATORS = r"[;,|\n]+"


@dataclass(frozen=True)
class TopicMatch:
    topic_ids: tuple[str, ...]  # in vocabulary order
    unmatched: tuple[str, ...]  # items as typed, that matched no topic


@lru_cache(maxsize=1)
def topic_synonyms() -> pd.DataFrame:
    """topic_id, keyword: English keywords per topic, reviewed by hand."""
    df = pd.read_csv(VOCAB_DIR / "topic_synonyms.csv", dtype=str)
    unknown = set(df["topic_id"]) - set(topics()["topic_id"])
    if unknown:
        raise ValueError(f"vocab/topic_synonyms.csv: topic ids not in vocab/topics.csv: {sorted(unknown)}")
    return df


@lru_cache(maxsize=1)
def _exact_terms() -> dict[str, str]:
    """Folded topic id, id with spaces, and label -> topic id."""
    terms: dict[str, str] = {}
    for row in topics().itertuples():
        for term in (row.topic_id, row.topic_id.replace("_", " "), row.label):
            terms[fold(term)] = row.topic_id
    return terms


@lru_cache(maxsize=1)
def _keyword_patterns() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(r"(?<![a-z0-9])" + re.escape(fold(kw)) + r"(?![a-z0-9])"), topic_id)
            for kw, topic_id in zip(topic_synonyms()["keyword"], topic_synonyms()["topic_id"], strict=True)]


def split_items(text: str | None) -> list[str]:
    if text is None:
        return []
    return [item.strip() for item in re.split(ITEM_SEPARATORS, str(text)) if item.strip()]


def item_topics(item: str) -> set[str]:
    folded = fold(item)
    if folded in _exact_terms():
        return {_exact_terms()[folded]}
    return {topic_id for pattern, topic_id in _keyword_patterns() if pattern.search(folded)}


def map_topics(text: str | None) -> TopicMatch:
    found: set[str] = set()
    unmatched: list[str] = []
    for item in split_items(text):
        hits = item_topics(item)
        if hits:
            found |= hits
        else:
            unmatched.append(item)
    order = list(topics()["topic_id"])
    return TopicMatch(tuple(sorted(found, key=order.index)), tuple(unmatched))
