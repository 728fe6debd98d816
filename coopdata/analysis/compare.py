"""Side-by-side comparison of 2 to 4 Member States, NUTS regions or programmes (pure pandas).

An entity is written as a token `kind:code` (e.g. `country:IT`, `region:ITC4`,
`programme:2014IT16RFOP007`), the form page links carry in the URL.

What each entity's figures are made of:
- a Member State: the programmes whose `country` is that state. Interreg programmes (country `TC`)
  are left out: their money is shared by several countries and not split between them.
- a NUTS region: the programmes whose area (table `coverage`) includes the region, lies within it, or
  contains it (NUTS codes nest by prefix). Their whole amounts count: the sources do not say how much
  of a programme is spent in one region.
- a programme: its own allocation rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from coopdata import amounts as money
from coopdata.amounts import format_eur, format_share
from coopdata.analysis.themes import amounts_rankable
from coopdata.vocabularies import official_code

NOT_STATED = "(not stated in the source)"
KINDS = {"country": "Member State", "region": "NUTS region", "programme": "Programme"}
MIN_ENTITIES, MAX_ENTITIES = 2, 4

# What a comparison can be broken down by: allocation column -> label of the breakdown.
BREAKDOWNS = {"topic_id": "Topic", "objective_code": "Objective", "fund": "Fund",
              "category_of_region": "Category of region"}


@dataclass(frozen=True)
class Entity:
    kind: str
    code: str

    @property
    def token(self) -> str:
        return f"{self.kind}:{self.code}"


def parse_entity(token: str) -> Entity:
    """`country:IT` -> Entity('country', 'IT'); a clear ValueError for anything else."""
    kind, sep, code = str(token).partition(":")
    kind, code = kind.strip().lower(), code.strip()
    if not sep or kind not in KINDS or not code:
        raise ValueError(f"'{token}' is not a comparison entity: write country:CODE, region:NUTS_ID "
                         "or programme:CCI (e.g. country:IT)")
    if kind in ("country", "region"):
        code = official_code(code.upper().replace(" ", ""))
    return Entity(kind, code)


def entity_ccis(entity: Entity, programmes: pd.DataFrame, coverage: pd.DataFrame) -> list[str]:
    """CCIs of the programmes that make up an entity (see the module docstring), sorted."""
    if entity.kind == "country":
        ccis = programmes.loc[programmes["country"].eq(entity.code), "cci"]
    elif entity.kind == "programme":
        ccis = programmes.loc[programmes["cci"].eq(entity.code), "cci"]
    else:
        ids = coverage["nuts_id"].astype(str)
        nested = ids.str.startswith(entity.code) | ids.map(lambda i: entity.code.startswith(i)).astype(bool)
        ccis = coverage.loc[nested, "cci"]
        ccis = ccis[ccis.isin(programmes["cci"])]
    return sorted(set(ccis))


def _region_names(regions: pd.DataFrame) -> dict[str, str]:
    # A NUTS code kept across versions is named as in its latest version.
    last = regions.drop_duplicates("nuts_id", keep="last")
    return dict(zip(last["nuts_id"], last["name"], strict=True))


def entity_labels(tokens: Iterable[str], programmes: pd.DataFrame, regions: pd.DataFrame,
                  country_names: Mapping[str, str]) -> dict[str, str]:
    """token -> label for people ('Austria', 'Wien (AT13)', 'Germany one (D1)'), in the order given.

    One lookup table per kind, so labelling thousands of options costs one pass over the tables.
    """
    titles = dict(zip(programmes["cci"], programmes["title"], strict=True))
    names = _region_names(regions)
    labels = {}
    for token in tokens:
        kind, _, code = token.partition(":")
        if kind == "country":
            labels[token] = country_names.get(code, code)
        elif kind == "programme":
            labels[token] = f"{titles.get(code, 'unknown programme')} ({code})"
        else:
            labels[token] = f"{names.get(code, 'unknown region')} ({code})"
    return labels


def place_choices(period_programmes: pd.DataFrame, regions: pd.DataFrame, coverage: pd.DataFrame,
                  country_names: Mapping[str, str]) -> dict[str, str]:
    """The places that can be compared, token -> label: the Member States with programmes in the period (by
    name; not Interreg's TC), then the NUTS regions of levels 1-3 in a NUTS version the coverage table uses
    (none without a coverage table)."""
    states = sorted(set(period_programmes["country"]) - {"TC"}, key=lambda c: country_names.get(c, c))
    labels = {f"country:{c}": country_names.get(c, c) for c in states}
    if not coverage.empty:
        covered = regions[regions["level"].between(1, 3) & regions["nuts_version"].isin(coverage["nuts_version"])]
        names = _region_names(regions)
        labels.update({f"region:{r}": f"{names[r]} ({r})" for r in sorted(covered["nuts_id"].unique())})
    return labels


def programme_choices(programmes: pd.DataFrame) -> dict[str, str]:
    """The programmes as entities, token -> label ('programme:D1' -> 'Germany one (D1)'), in their order."""
    return dict(zip("programme:" + programmes["cci"], programmes["title"] + " (" + programmes["cci"] + ")",
                    strict=True))


def breakdown(entities: list[Entity], labels: dict[str, str], programmes: pd.DataFrame,
              allocations: pd.DataFrame, coverage: pd.DataFrame, by: str = "topic_id",
              key_labels: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per entity x category of the breakdown, every entity listing every category.

    Columns: entity (token), name, key, label, programmes (once per category), eu_amount, share (% of the
    entity's EU amount in the rows given), entity_eu_amount, entity_programmes,
    entity_programmes_with_amount. An entity with no amounts at all has NaN amounts and shares, never 0.
    """
    rows, totals = [], []
    for e in entities:
        ccis = entity_ccis(e, programmes, coverage)
        a = allocations[allocations["cci"].isin(ccis)]
        # Rows without a value (e.g. no category of region) still belong to the total: name them.
        a = a.assign(**{by: a[by].fillna(NOT_STATED)})
        g = a.groupby(by)
        part = pd.DataFrame({"programmes": g["cci"].nunique(), "eu_amount": money.sums_by(g["eu_cents"])})
        part["entity"] = e.token
        rows.append(part.rename_axis("key").reset_index())
        # Kept apart from the categories: an entity with no rows under the filters still has its name.
        totals.append({"entity": e.token, "name": labels[e.token], "entity_eu_amount": money.series_total(a["eu_cents"]),
                       "entity_programmes": len(ccis),
                       "entity_programmes_with_amount": a.loc[a["eu_amount"].notna(), "cci"].nunique()})
    out = pd.concat(rows, ignore_index=True)
    # Every entity gets every category, so small multiples line up and a zero shows as a zero.
    full = pd.MultiIndex.from_product([[e.token for e in entities], sorted(out["key"].dropna().unique())],
                                      names=["entity", "key"])
    per_entity = pd.DataFrame(totals).set_index("entity")
    out = out.set_index(["entity", "key"])[["programmes", "eu_amount"]].reindex(full).reset_index()
    out = out.join(per_entity, on="entity")
    out["programmes"] = out["programmes"].fillna(0).astype(int)
    # A category an entity has no rows in is a real 0 of its amount; one whose rows carry no amount
    # stays unknown (NaN), and so does everything of an entity with no amounts at all.
    absent = out["programmes"].eq(0) & out["entity_eu_amount"].notna()
    out.loc[absent, "eu_amount"] = 0.0
    out["share"] = out["eu_amount"] / out["entity_eu_amount"] * 100
    out["programme_share"] = out["programmes"] / out["entity_programmes"].where(out["entity_programmes"] > 0) * 100
    names = key_labels or {}
    out.insert(3, "label", out["key"].map(lambda k: names.get(k, k)))
    return out[["entity", "name", "key", "label", "programmes", "programme_share", "eu_amount", "share",
                "entity_eu_amount", "entity_programmes", "entity_programmes_with_amount"]]


def shares_comparable(bd: pd.DataFrame) -> bool:
    """Shares of EU amounts are compared only when every entity's amounts are known for at least half of its
    programmes (themes.amounts_rankable): a share of one programme of four says nothing of a country."""
    per = bd.drop_duplicates("entity")
    per = per[per["entity_programmes"] > 0]  # one with no programme under the filters is shown by name only
    return all(amounts_rankable(n, k) for n, k in zip(per["entity_programmes"],
                                                       per["entity_programmes_with_amount"], strict=True))


def why_programmes(bd: pd.DataFrame) -> str:
    """Why a comparison counts programmes instead of shares, naming the entities whose amounts are too partial."""
    per = bd.drop_duplicates("entity")
    short = [f"{r.name} {r.entity_programmes_with_amount} of {r.entity_programmes}" for r in per.itertuples()
             if r.entity_programmes and not amounts_rankable(r.entity_programmes, r.entity_programmes_with_amount)]
    return ("Compared by programmes, not by shares of EU amounts: amounts are known for too few programmes "
            f"(fewer than half) of {', '.join(short)}.")


def programme_sentence(bd: pd.DataFrame, key: str) -> str:
    """'2 of 9 programmes of Italy fund Employment (22.2%), 1 of 4 of Croatia (25.0%).'"""
    rows = bd[bd["key"] == key]
    label = rows["label"].iloc[0]
    parts = []
    for r in rows.itertuples():
        if not r.entity_programmes:
            parts.append(f"{r.name} has no programme under the current filters")
        elif not parts:
            parts.append(f"{r.programmes} of {r.entity_programmes} programmes of {r.name} fund {label} "
                         f"({format_share(r.programme_share)})")
        else:
            parts.append(f"{r.programmes} of {r.entity_programmes} of {r.name} ({format_share(r.programme_share)})")
    return ", ".join(parts) + "."


def difference_sentence(bd: pd.DataFrame, key: str) -> str:
    """'Italy puts 13.1% of its EU amount into Employment (€5.87 bn), Spain 14.3% (€5.73 bn).'

    Where an entity's amounts are known for only part of its programmes, its figures say "known" and
    for how many programmes, so a partial source never reads as complete.
    """
    rows = bd[bd["key"] == key]
    label = rows["label"].iloc[0]
    # An entity with no allocation row in the rows given (the filtered ones) has 0 programmes in every category.
    with_rows = bd.groupby("entity")["programmes"].sum().gt(0)
    parts = []
    for r in rows.itertuples():
        partial = r.entity_programmes_with_amount < r.entity_programmes
        known = f"; amounts known for {r.entity_programmes_with_amount} of {r.entity_programmes} programmes" \
            if partial else ""
        if not r.entity_programmes and r.entity.startswith("programme:"):
            parts.append(f"{r.name} is not among the programmes the current filters select")
        elif not r.entity_programmes:
            parts.append(f"{r.name} has no programme under the current filters")
        elif not with_rows[r.entity]:
            parts.append(f"{r.name} has no allocation rows under the current filters")
        elif pd.isna(r.entity_eu_amount):
            parts.append(f"{r.name} has no EU amount in the loaded source")
        elif pd.isna(r.share):
            parts.append(f"{r.name}: {r.programmes} programme(s) fund {label}, with no EU amount in the source")
        elif not parts:
            parts.append(f"{r.name} puts {format_share(r.share)} of its {'known ' if partial else ''}EU amount "
                         f"into {label} ({format_eur(r.eu_amount)}{known})")
        else:
            parts.append(f"{r.name} {format_share(r.share)} ({format_eur(r.eu_amount)}{known})")
    return ", ".join(parts) + "."


def differences(bd: pd.DataFrame, by_programmes: bool = False) -> pd.DataFrame:
    """Categories ranked by how far apart the entities' shares are (max - min, percentage points): shares of
    their EU amounts, or with `by_programmes` of their programmes funding the category.

    Columns: key, label, spread, sentence. Categories no entity has amounts for come last (NaN spread).
    """
    g = bd.groupby("key", sort=False)["programme_share" if by_programmes else "share"]
    spread = (g.max() - g.min()).rename("spread")
    out = spread.reset_index()
    out["label"] = out["key"].map(bd.drop_duplicates("key").set_index("key")["label"])
    sentence = programme_sentence if by_programmes else difference_sentence
    out["sentence"] = out["key"].map(lambda k: sentence(bd, k))
    out = out.sort_values(["spread", "key"], ascending=[False, True], na_position="last", ignore_index=True)
    return out[["key", "label", "spread", "sentence"]]


def comparison_table(bd: pd.DataFrame, order: list[str] | None = None, shares: bool = True) -> pd.DataFrame:
    """Wide table: one row per category (in `order`, e.g. largest difference first); per entity its EU
    amount (EUR), share (%) and programmes; without `shares` (amounts too partial to compare), its known EU
    amount, programmes and their share of its programmes (%)."""
    out = bd.drop_duplicates("key")[["key", "label"]].rename(columns={"key": "code", "label": "category"})
    out = out.set_index("code")
    if order is not None:
        out = out.reindex(order)
    for name, rows in bd.groupby("name", sort=False):
        rows = rows.set_index("key")
        if shares:
            out[f"{name}: EU amount (EUR)"] = rows["eu_amount"]
            out[f"{name}: share (%)"] = rows["share"]
            out[f"{name}: programmes"] = rows["programmes"]
        else:
            out[f"{name}: EU amount known (EUR)"] = rows["eu_amount"]
            out[f"{name}: programmes"] = rows["programmes"]
            out[f"{name}: programmes (% of its programmes)"] = rows["programme_share"]
    return out.reset_index()
