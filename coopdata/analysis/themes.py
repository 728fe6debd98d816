"""Thematic distribution: how programmes and EU money spread over topics and objectives (pure pandas).

Counting rules, stated under every chart that uses them:
- a programme is counted once per topic (or objective) in which it has at least one allocation row;
- an EU amount is the sum of `eu_amount` over the rows that have one. A topic whose rows carry no
  amount gets no amount (NaN), never 0, so a partial source never looks complete. 2014-2020 amounts
  are complete (e4v6-qrrq); 2021-2027 amounts come from one categorisation dimension of a partial
  sample of hgyj-gyin, so they exist for part of the programmes only.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd

from coopdata.analysis.filters import Filters, apply

# Topics that say nothing about what a programme funds: shown by default (they are real money and the
# shares reconcile with the source only with them), but left out of similarity and, for `not_specified`,
# of the period shift (it means "no thematic objective" in 2014-2020 and "objective unknown" in 2021-2027).
NON_THEMATIC = ("technical_assistance", "not_specified")

PROGRAMME_RULE = ("Programmes: a programme is counted once per topic in which it funds at least one "
                  "objective, however many priorities or funds it uses there.")
AMOUNT_SOURCE = {
    "2014-2020": "EU amounts: planned EU amounts of dataset e4v6-qrrq (complete, every programme).",
    "2021-2027": "EU amounts: {with_amounts} of {programmes} programmes; partial source (a sample of dataset "
                 "hgyj-gyin, one categorisation dimension, so nothing is counted twice). Programmes without "
                 "amounts are counted in the programme figures but add nothing to the amounts.",
}

# Policy objectives of Reg. (EU) 2021/1060 Art. 5, Interreg-specific objectives of Reg. (EU) 2021/1059
# Art. 14, and the JTF's single objective (Reg. (EU) 2021/1056 Art. 2), as codes appear in the data.
POLICY_OBJECTIVES = {
    "PO1": "PO1 A more competitive and smarter Europe",
    "PO2": "PO2 A greener, low-carbon Europe",
    "PO3": "PO3 A more connected Europe",
    "PO4": "PO4 A more social and inclusive Europe",
    "PO5": "PO5 Europe closer to citizens",
    "PO8": "JTF Just transition",
    "ISO1": "ISO1 Better cooperation governance (Interreg)",
    "ISO2": "ISO2 A safer and more secure Europe (Interreg)",
    "TA": "Technical assistance",
}

# Funds that continue each other across the periods, for comparing a fund filter over time.
FUND_COUNTERPARTS = {
    "2014-2020": {"ESF+": ("ESF", "YEI"), "EMFAF": ("EMFF",), "ERDF": ("ERDF",), "CF": ("CF",)},
    "2021-2027": {"ESF": ("ESF+",), "YEI": ("ESF+",), "EMFF": ("EMFAF",), "ERDF": ("ERDF",), "CF": ("CF",)},
}


# Left out of the period shift (see period_shift).
FUNDS_WITHOUT_COUNTERPART = ("EAFRD",)


def format_eur(amount: float) -> str:
    """A euro amount for reading aloud: €1.23 bn, €45.6 m, €7,890; 'no amount' when unknown."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "no amount"
    if abs(amount) >= 1e9:
        return f"€{amount / 1e9:,.2f} bn"
    if abs(amount) >= 1e6:
        return f"€{amount / 1e6:,.1f} m"
    return f"€{amount:,.0f}"


def format_share(share: float) -> str:
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "no amount"
    if 0 < share < 0.05:
        return "<0.1%"  # a real amount must not read as nothing
    return f"{share:.1f}%"


def sum_known(values: pd.Series) -> float:
    """Sum of the amounts that exist; NaN when none does (never a silent 0)."""
    return values.sum(min_count=1)


def amount_coverage(allocations: pd.DataFrame) -> tuple[int, int]:
    """(programmes with allocation rows, programmes with at least one EU amount)."""
    with_amount = allocations.loc[allocations["eu_amount"].notna(), "cci"].nunique()
    return allocations["cci"].nunique(), with_amount


def amount_note(period: str, programmes: pd.DataFrame, allocations: pd.DataFrame) -> str:
    """What the amounts of a selection stand on, in one sentence (for every chart's caption)."""
    _, with_amounts = amount_coverage(allocations)
    return AMOUNT_SOURCE[period].format(with_amounts=with_amounts, programmes=len(programmes))


def _measures(allocations: pd.DataFrame, keys: list[str], programmes_total: int) -> pd.DataFrame:
    g = allocations.groupby(keys, dropna=False)
    out = pd.DataFrame({
        "programmes": g["cci"].nunique(),
        "eu_amount": g["eu_amount"].sum(min_count=1),  # sum_known per group, without a Python call per group
        "programmes_with_amount": allocations[allocations["eu_amount"].notna()].groupby(keys)["cci"].nunique(),
    })
    out["programmes_with_amount"] = out["programmes_with_amount"].fillna(0).astype(int)
    total = sum_known(allocations["eu_amount"])
    out["share"] = out["eu_amount"] / total * 100 if total else float("nan")
    out["programme_share"] = out["programmes"] / programmes_total * 100 if programmes_total else float("nan")
    return out.reset_index()


def topic_distribution(allocations: pd.DataFrame, topics: pd.DataFrame,
                       exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per topic: programmes (once per topic), share of programmes, EU amount and share of the total shown.

    Shares are of the programmes and EU amount of the rows shown (after `exclude`); ranked by EU amount,
    then by programmes.
    """
    rows = allocations[~allocations["topic_id"].isin(exclude)]
    out = _measures(rows, ["topic_id"], rows["cci"].nunique())
    out.insert(1, "topic", out["topic_id"].map(dict(zip(topics["topic_id"], topics["label"], strict=True))))
    out = out.sort_values(["eu_amount", "programmes", "topic_id"], ascending=[False, False, True],
                          na_position="last", ignore_index=True)
    return out[["topic_id", "topic", "programmes", "programme_share", "eu_amount", "share", "programmes_with_amount"]]


def objective_distribution(allocations: pd.DataFrame, objectives: pd.DataFrame, topics: pd.DataFrame,
                           parent: str = "topic", exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per objective, under its parent (its topic, or its policy objective in 2021-2027).

    Columns: parent_id, parent, objective_code, objective, programmes, eu_amount, share (of the total shown).
    """
    rows = allocations[~allocations["topic_id"].isin(exclude)]
    parent_col = "topic_id" if parent == "topic" else "policy_objective"
    out = _measures(rows, [parent_col, "objective_code"], rows["cci"].nunique())
    out = out.rename(columns={parent_col: "parent_id"})
    if parent == "topic":
        labels = dict(zip(topics["topic_id"], topics["label"], strict=True))
    else:
        labels = POLICY_OBJECTIVES
    out.insert(1, "parent", out["parent_id"].map(labels).fillna(out["parent_id"]))
    names = objectives.drop_duplicates("objective_code").set_index("objective_code")["objective_name"]
    out.insert(3, "objective", out["objective_code"].map(names).fillna(out["objective_code"]))
    out = out.sort_values(["parent_id", "eu_amount", "programmes", "objective_code"],
                          ascending=[True, False, False, True], na_position="last", ignore_index=True)
    return out[["parent_id", "parent", "objective_code", "objective", "programmes", "eu_amount", "share"]]


def topic_split(allocations: pd.DataFrame, programmes: pd.DataFrame, topics: pd.DataFrame, by: str,
                exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per topic and fund (by='fund') or Member State (by='country'): programmes and EU amount.

    By country, programmes are placed under their `country` column: Interreg programmes under 'TC'
    (their money is not split between the countries they span).
    """
    rows = allocations[~allocations["topic_id"].isin(exclude)]
    if by == "country":
        rows = rows.assign(country=rows["cci"].map(programmes.set_index("cci")["country"]))
    out = _measures(rows, ["topic_id", by], rows["cci"].nunique())
    out.insert(1, "topic", out["topic_id"].map(dict(zip(topics["topic_id"], topics["label"], strict=True))))
    return out[["topic_id", "topic", by, "programmes", "eu_amount", "share"]]


def counterpart_filters(f: Filters, period: str) -> Filters:
    """The same filters for another period, with each fund replaced by its counterpart there."""
    if f.period == period or not f.funds:
        return replace(f, period=period)
    table = FUND_COUNTERPARTS[period]
    funds = tuple(sorted({c for fund in f.funds for c in table.get(fund, ())}))
    # A fund with no counterpart (e.g. JTF in 2014-2020) must keep the other period empty, not unfiltered.
    return replace(f, period=period, funds=funds or ("(no counterpart fund)",))


def period_shift(programmes: pd.DataFrame, allocations: pd.DataFrame, topics: pd.DataFrame,
                 f: Filters) -> pd.DataFrame:
    """Per topic, 2014-2020 against 2021-2027 under the same filters (funds mapped to their counterparts).

    programme_share_*: % of the programmes with known objectives that fund the topic; share_*: % of the
    EU amount (2021-2027: only the programmes with amounts). `not_specified` is left out: it means
    different things in the two periods. EAFRD money is left out of 2014-2020: rural development is no
    longer cohesion policy in 2021-2027, so it has no counterpart there.
    """
    parts, has_amounts = [], {}
    allocations = allocations[["cci", "fund", "topic_id", "eu_amount"]]  # what is read: less to copy
    for period in ("2014-2020", "2021-2027"):
        _, allocs = apply(programmes, allocations, counterpart_filters(f, period))
        allocs = allocs[~allocs["fund"].isin(FUNDS_WITHOUT_COUNTERPART)]
        has_amounts[period[:4]] = allocs["eu_amount"].notna().any()
        d = topic_distribution(allocs, topics, exclude=("not_specified",)).set_index("topic_id")
        parts.append(d[["programmes", "programme_share", "eu_amount", "share"]].add_suffix(f"_{period[:4]}"))
    out = pd.concat(parts, axis=1)
    labels = dict(zip(topics["topic_id"], topics["label"], strict=True))
    out = out.reindex([t for t in topics["topic_id"] if t != "not_specified"])
    counts = [c for c in out.columns if c.startswith("programmes_")]
    out[counts] = out[counts].fillna(0).astype(int)
    for year, known in has_amounts.items():
        # A topic absent from a period has a 0% share there; a period with no amounts at all has none.
        out[f"programme_share_{year}"] = out[f"programme_share_{year}"].fillna(0.0)
        if known:
            out[f"share_{year}"] = out[f"share_{year}"].fillna(0.0)
    out["programme_share_change"] = out["programme_share_2021"] - out["programme_share_2014"]
    out["share_change"] = out["share_2021"] - out["share_2014"]
    out.insert(0, "topic", out.index.map(labels))
    keep = (out["programmes_2014"] > 0) | (out["programmes_2021"] > 0)
    return out[keep].rename_axis("topic_id").reset_index()


def topic_from_selection(selection) -> str | None:
    """The topic a user clicked on a topic chart, from Streamlit's plotly selection state.

    Charts carry the topic id as each point's customdata; the first selected point wins. None when
    nothing (or nothing with a topic) is selected.
    """
    if not selection:
        return None
    points = (selection.get("selection") or {}).get("points") or []
    for point in points:
        data = point.get("customdata")
        if isinstance(data, list | tuple):
            data = data[0] if data else None
        if data:
            return str(data)
    return None


FIGURE_COLUMNS = {"topic": "Topic", "programmes": "Programmes", "programme_share": "Share of programmes (%)",
                  "eu_amount": "EU amount (EUR)", "share": "Share of EU amount (%)",
                  "programmes_with_amount": "Programmes with an EU amount"}


def figures_table(dist: pd.DataFrame) -> pd.DataFrame:
    """The topic distribution as the page shows and exports it: readable column names, no ids."""
    return dist.drop(columns="topic_id").rename(columns=FIGURE_COLUMNS)
