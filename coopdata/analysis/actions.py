"""Pure helpers over the imported cooperation_actions table (see coopdata/importer).

Multi-valued fields (scopes, partner countries) match when any value is chosen; counts count each
programme once per topic, as everywhere in coopdata.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def _any_in(values: pd.Series, wanted: set[str]) -> pd.Series:
    return values.map(lambda vs: bool(wanted.intersection(vs)))


def planned_actions(actions: pd.DataFrame, topics: Iterable[str] | None = None,
                    scopes: Iterable[str] | None = None, period: str | None = None) -> pd.DataFrame:
    """Rows where actions are planned, narrowed to the topics, scopes and period given (None: all)."""
    keep = actions["planned"].astype(bool)
    if period:
        keep &= actions["period"].eq(period)
    if topics:
        keep &= actions["topic_id"].isin(list(topics))
    if scopes:
        keep &= _any_in(actions["scopes"], set(scopes))
    return actions[keep]


def programmes_planning(actions: pd.DataFrame | None, topics: Iterable[str] | None = None,
                        scopes: Iterable[str] | None = None, period: str | None = None) -> set[str]:
    """CCIs of the programmes that plan cooperation actions (in a chosen topic / with a chosen scope)."""
    if actions is None or actions.empty:
        return set()
    return set(planned_actions(actions, topics, scopes, period)["cci"])


def programmes_planning_by_topic(actions: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """topic_id, programmes: programmes planning actions per topic, each programme once per topic."""
    planned = planned_actions(actions, period=period)
    counts = planned.drop_duplicates(["cci", "topic_id"]).groupby("topic_id").size()
    return (counts.rename("programmes").reset_index()
            .sort_values(["programmes", "topic_id"], ascending=[False, True], ignore_index=True))


def planned_topics(actions: pd.DataFrame | None, period: str | None = None) -> dict[str, set[str]]:
    """cci -> topics in which the programme plans actions (partner search prefers these)."""
    if actions is None or actions.empty:
        return {}
    planned = planned_actions(actions, period=period)
    return {cci: set(group) for cci, group in planned.groupby("cci")["topic_id"]}


def summary(actions: pd.DataFrame) -> dict[str, int]:
    """Counts shown after an import and on the page that says which database is loaded."""
    planned = actions[actions["planned"].astype(bool)]
    return {"rows": int(len(actions)), "programmes": int(actions["cci"].nunique()),
            "programmes_planning": int(planned["cci"].nunique()), "topics_planned": int(planned["topic_id"].nunique())}
