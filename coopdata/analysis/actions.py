"""Pure helpers over the imported cooperation_actions table (see coopdata/importer).

Multi-valued fields (scopes, partner countries) match when any value is chosen; counts count each
programme once per topic, as everywhere in coopdata. A scope is either generic (cross-border,
macro-regional, sea basin, EU-wide, countries: column `scopes`) or a named strategy or sea basin
(EUSAIR, BLACKSEA, ...: column `scope_ids`); a filter may ask for either kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from coopdata.vocabularies import SCOPES, generic_scope_of

NO_MATCH_WITH_ACTION_FILTER = ("No programme matches with the action filter: clear 'Only programmes planning "
                               "cooperation actions' or the action scope, or choose more topics.")
# What "planning cooperation actions" means, wherever it is counted (per topic here, per region on the Map).
PLANNING = ("a programme plans cooperation actions when at least one row of the imported database says "
            "Planned = yes")
PLANNING_RULE = (f"Programmes planning cooperation actions: {PLANNING}; each programme counts once per topic in "
                 "which it does (an objective counts in its topic).")


@dataclass(frozen=True)
class ActionFilter:
    """Narrow programmes to those planning cooperation actions, optionally with one of the chosen scopes."""

    only_planning: bool = False
    scopes: tuple[str, ...] = ()  # generic scopes and/or scope ids; any one matches

    @property
    def active(self) -> bool:
        return self.only_planning or bool(self.scopes)


def scope_choices() -> list[str]:
    """What a scope filter offers: the generic scopes, then each named strategy and sea basin."""
    return [*SCOPES, *generic_scope_of()]


def _any_in(values: pd.Series, wanted: set[str]) -> pd.Series:
    return values.map(lambda vs: bool(wanted.intersection(vs)))


def _with_scope(actions: pd.DataFrame, wanted: set[str]) -> pd.Series:
    hit = _any_in(actions["scopes"], wanted)
    if "scope_ids" in actions:
        hit |= _any_in(actions["scope_ids"], wanted)
    return hit


def planned_actions(actions: pd.DataFrame, topics: Iterable[str] | None = None,
                    scopes: Iterable[str] | None = None, period: str | None = None) -> pd.DataFrame:
    """Rows where actions are planned, narrowed to the topics, scopes and period given (None: all)."""
    keep = actions["planned"].astype(bool)
    if period:
        keep &= actions["period"].eq(period)
    if topics:
        keep &= actions["topic_id"].isin(list(topics))
    if scopes:
        keep &= _with_scope(actions, set(scopes))
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


def planning_ccis(actions: pd.DataFrame | None, af: ActionFilter | None, topics: Iterable[str] | None = None,
                  period: str | None = None) -> set[str] | None:
    """CCIs an active action filter keeps (planning in the topics, with a chosen scope); None when inactive."""
    if af is None or not af.active:
        return None
    return programmes_planning(actions, topics or None, af.scopes or None, period)


def keep_planning(programmes: pd.DataFrame, actions: pd.DataFrame | None, af: ActionFilter | None,
                  topics: Iterable[str] | None = None, period: str | None = None) -> pd.DataFrame:
    """The programmes an action filter keeps (all of them when the filter is inactive)."""
    ccis = planning_ccis(actions, af, topics, period)
    return programmes if ccis is None else programmes[programmes["cci"].isin(ccis)]


def filter_sentence(af: ActionFilter, topics: dict[str, str], chosen_topics: Iterable[str] = ()) -> str:
    """The action filter in words, for a caption under what it narrows."""
    chosen = [topics.get(t, t) for t in chosen_topics]
    text = "Only programmes planning cooperation actions" + (f" in {', '.join(chosen)}" if chosen else "")
    if af.scopes:
        text += f", with the partnership scope {' or '.join(af.scopes)}"
    return text + " (imported database)."


def scope_text(scopes: Iterable[str], scope_ids: Iterable[str]) -> str:
    """['macro-regional', 'countries'], ['EUSAIR'] -> 'macro-regional: EUSAIR; countries'."""
    generic_of = generic_scope_of()
    ids = list(scope_ids)
    parts = []
    for scope in scopes:
        named = [i for i in ids if generic_of.get(i) == scope]
        parts.append(f"{scope}: {', '.join(named)}" if named else scope)
    return "; ".join(parts)


PROGRAMME_ACTION_COLUMNS = ["Objective", "Topic", "Planned", "Approach", "Partnership scope", "Partner countries",
                            "Status", "Notes"]


def programme_actions(actions: pd.DataFrame, cci: str, topics: dict[str, str],
                      countries: dict[str, str]) -> pd.DataFrame:
    """A programme's rows of the imported database, every value as plain text, planned ones first."""
    mine = actions[actions["cci"].eq(cci)].sort_values(["planned", "objective_code", "topic_id"],
                                                      ascending=[False, True, True], na_position="last")
    ids = mine["scope_ids"] if "scope_ids" in mine else pd.Series([[]] * len(mine), index=mine.index)

    def text(v) -> str:
        return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)

    rows = [[text(o), topics.get(t, t), "yes" if p else "no", text(a), scope_text(sc, si),
             ", ".join(countries.get(c, c) for c in pc), text(st), text(n)]
            for o, t, p, a, sc, si, pc, st, n in zip(mine["objective_code"], mine["topic_id"], mine["planned"],
                                                    mine["approach"], mine["scopes"], ids,
                                                    mine["partner_countries"], mine["status"], mine["notes"],
                                                    strict=True)]
    return pd.DataFrame(rows, columns=PROGRAMME_ACTION_COLUMNS)


def planning_beside_funding(actions: pd.DataFrame, ccis: Iterable[str], funding: pd.DataFrame,
                            labels: dict[str, str], period: str | None = None,
                            topics: Iterable[str] | None = None) -> pd.DataFrame:
    """topic_id, topic, programmes_funding, programmes_planning: per topic, the programmes that fund it in the
    public data (`funding`: topic_id, programmes) beside the programmes among `ccis` planning cooperation
    actions in it (imported database). Topics in neither are left out; chosen `topics` narrow both."""
    planning = programmes_planning_by_topic(actions[actions["cci"].isin(set(ccis))], period=period)
    out = funding[["topic_id", "programmes"]].rename(columns={"programmes": "programmes_funding"}).merge(
        planning.rename(columns={"programmes": "programmes_planning"}), on="topic_id", how="outer")
    if topics:
        out = out[out["topic_id"].isin(list(topics))]
    out["topic"] = out["topic_id"].map(labels).fillna(out["topic_id"])
    for col in ("programmes_funding", "programmes_planning"):
        out[col] = out[col].fillna(0).astype("int64")
    return (out[["topic_id", "topic", "programmes_funding", "programmes_planning"]]
            .sort_values(["programmes_planning", "programmes_funding", "topic_id"], ascending=[False, False, True],
                         ignore_index=True))


def narrow_search(result, actions: pd.DataFrame | None, af: ActionFilter | None, topics: Iterable[str],
                  period: str | None = None):
    """A partner-search result (coopdata.analysis.partners.SearchResult) kept to the candidates an active
    action filter keeps: planning cooperation actions in the searched topics, with a chosen scope."""
    ccis = planning_ccis(actions, af, topics, period)
    if ccis is None or result.message:
        return result
    kept = tuple(m for m in result.matches if m.cci in ccis)
    return replace(result, matches=kept, message=None if kept else NO_MATCH_WITH_ACTION_FILTER)
