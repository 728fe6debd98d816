"""Everything about one programme, and the programmes most like it in other countries (pure pandas)."""

from __future__ import annotations

import pandas as pd

from coopdata import amounts as money
from coopdata.analysis.themes import amount_note
from coopdata.vocabularies import NON_THEMATIC_TOPICS, country_names, topic_labels


def programme(programmes: pd.DataFrame, cci: str) -> pd.Series | None:
    """The programme's row, or None when the CCI is not in the data."""
    rows = programmes[programmes["cci"] == cci]
    return None if rows.empty else rows.iloc[0]


def period_amount_note(programmes: pd.DataFrame, allocations: pd.DataFrame, period: str) -> str:
    """What the amounts of the programme's period stand on (complete, or how partial)."""
    return amount_note(period, programmes[programmes["period"] == period],
                       allocations[allocations["period"] == period])


def facts(row: pd.Series) -> dict[str, str]:
    """The programme's identity as label -> text, in reading order; blanks say the source lacks them."""
    names = country_names()
    missing = "not in the loaded sources"
    return {
        "Title": row["title"],
        "CCI": row["cci"],
        "Period": row["period"],
        "Funds": ", ".join(row["funds"]) if len(row["funds"]) else missing,
        "Countries": ", ".join(f"{names.get(c, c)} ({c})" for c in row["countries"]) or missing,
        "Kind": row["kind"] + (f" ({row['interreg_strand']})" if isinstance(row["interreg_strand"], str) else ""),
        "Managing authority": row["managing_authority"] if isinstance(row["managing_authority"], str) else missing,
        "Programme page": row["url"] if isinstance(row["url"], str) else missing,
        "Source": row["source"],
    }


def by_objective(allocations: pd.DataFrame, objectives: pd.DataFrame, topics: pd.DataFrame,
                 cci: str) -> pd.DataFrame:
    """Per objective (and fund): topic, EU and total amounts (NaN where the source gives none), basis."""
    a = allocations[allocations["cci"] == cci]
    g = a.groupby(["objective_code", "fund"], dropna=False)
    out = pd.DataFrame({
        "topic_id": g["topic_id"].first(),
        "eu_amount": money.sums_by(g["eu_cents"]),
        "total_amount": money.sums_by(g["total_cents"]),
        "basis": g["amount_basis"].first(),
    }).reset_index()
    names = objectives.drop_duplicates("objective_code").set_index("objective_code")["objective_name"]
    out.insert(1, "objective", out["objective_code"].map(names))
    out.insert(3, "topic", out["topic_id"].map(topic_labels(topics)))
    return out.drop(columns="topic_id").sort_values(["objective_code", "fund"], ignore_index=True)


def by_topic(allocations: pd.DataFrame, topics: pd.DataFrame, cci: str) -> pd.DataFrame:
    """Per topic: EU amount and share of the programme's EU amount (NaN where unknown)."""
    a = allocations[allocations["cci"] == cci]
    out = money.sums_by(a.groupby("topic_id")["eu_cents"]).rename("eu_amount").reset_index()
    out["share"] = out["eu_amount"] / programme_total(allocations, cci) * 100
    out.insert(1, "topic", out["topic_id"].map(topic_labels(topics)))
    return out.sort_values(["eu_amount", "topic_id"], ascending=[False, True], na_position="last",
                           ignore_index=True)


def programme_total(allocations: pd.DataFrame, cci: str) -> float:
    """The programme's EU amount, exact; NaN when the source gives none."""
    return money.series_total(allocations.loc[allocations["cci"] == cci, "eu_cents"])


def covered_regions(coverage: pd.DataFrame, regions: pd.DataFrame, cci: str) -> pd.DataFrame:
    """NUTS regions the programme covers, with their names: nuts_id, name, level, nuts_version, basis."""
    c = coverage[coverage["cci"] == cci]
    names = regions[["nuts_id", "nuts_version", "name"]]
    out = c.merge(names, on=["nuts_id", "nuts_version"], how="left")
    return out[["nuts_id", "name", "level", "nuts_version", "approximate", "basis"]].sort_values(
        "nuts_id", ignore_index=True)


def topic_weights(allocations: pd.DataFrame) -> dict[str, tuple[dict[str, float], bool]]:
    """Per programme: (its thematic topics -> weight, whether the weights are EU shares).

    A topic weighs its share of the programme's EU amount when every topic of the programme has an
    amount; otherwise every topic weighs 1. Technical assistance and 'not specified' say nothing of
    what a programme funds: left out.
    """
    a = allocations[~allocations["topic_id"].isin(NON_THEMATIC_TOPICS)]
    weights: dict[str, tuple[dict[str, float], bool]] = {}
    for cci, rows in a.groupby("cci"):
        amounts = money.sums_by(rows.groupby("topic_id")["eu_cents"])
        total = amounts.sum()
        if amounts.notna().all() and total > 0:
            weights[cci] = ((amounts / total).to_dict(), True)
        else:
            weights[cci] = (dict.fromkeys(amounts.index, 1.0), False)
    return weights


def weighted_jaccard(a: dict[str, float], b: dict[str, float]) -> float:
    """Sum of min over sum of max of the two weight vectors (Ruzicka similarity); 0..1.

    With all weights 1 it is the plain Jaccard index of the two topic sets.
    """
    keys = set(a) | set(b)
    top = sum(max(a.get(k, 0.0), b.get(k, 0.0)) for k in keys)
    return sum(min(a.get(k, 0.0), b.get(k, 0.0)) for k in keys) / top if top else 0.0


def similar_programmes(programmes: pd.DataFrame, allocations: pd.DataFrame, topics: pd.DataFrame,
                       cci: str, n: int = 10) -> pd.DataFrame:
    """The n programmes of the same period and goal, in no country of this one, with the most similar topics.

    Same goal: an Investment-for-jobs-and-growth programme is compared with its peers, not with rural
    development or Interreg programmes, whose objectives are of another kind.

    Similarity: weighted Jaccard of the two programmes' topic vectors. A topic weighs its share of the
    programme's EU amount when both programmes have amounts for every topic, otherwise every topic weighs 1
    (plain Jaccard of topic sets), so a programme without amounts is still compared fairly.
    Ties are ordered by CCI. Columns: cci, title, countries, similarity, shared_topics, basis.
    """
    me = programme(programmes, cci)
    if me is None:
        return pd.DataFrame(columns=["cci", "title", "countries", "similarity", "shared_topics", "basis"])
    same_period = programmes[(programmes["period"] == me["period"]) & (programmes["goal"] == me["goal"])]
    mine = set(me["countries"])
    others = same_period[same_period["countries"].map(lambda cs: not mine.intersection(cs))]
    weights = topic_weights(allocations[allocations["cci"].isin([cci, *others["cci"]])])
    if cci not in weights:
        return pd.DataFrame(columns=["cci", "title", "countries", "similarity", "shared_topics", "basis"])
    own, own_weighted = weights[cci]
    labels = topic_labels(topics)
    rows = []
    for other in others.itertuples():
        if other.cci not in weights:
            continue
        theirs, their_weighted = weights[other.cci]
        shared = sorted(set(own) & set(theirs))
        if not shared:
            continue
        weighted = own_weighted and their_weighted
        a, b = (own, theirs) if weighted else (dict.fromkeys(own, 1.0), dict.fromkeys(theirs, 1.0))
        rows.append({"cci": other.cci, "title": other.title, "countries": ", ".join(other.countries),
                     "similarity": round(weighted_jaccard(a, b), 4),
                     "shared_topics": ", ".join(labels.get(t, t) for t in shared),
                     "basis": "topics weighted by EU share" if weighted else "topics only (no amounts)"})
    out = pd.DataFrame(rows, columns=["cci", "title", "countries", "similarity", "shared_topics", "basis"])
    return out.sort_values(["similarity", "cci"], ascending=[False, True], ignore_index=True).head(n)


def programme_lines(programmes: pd.DataFrame) -> dict[str, str]:
    """CCI -> 'CCI — title', in the programmes' order: how a list of programmes names each one."""
    return dict(zip(programmes["cci"], programmes["cci"] + " — " + programmes["title"], strict=True))
