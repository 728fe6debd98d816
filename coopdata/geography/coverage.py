"""Which NUTS regions each programme covers, and the programme kind that follows from it.

- Interreg, each row with the basis it was obtained by:
  - transnational programmes in the sourced leads table: its NUTS prefixes ("sourced list"); a country
    that takes part only in part, regions not found, at country level, flagged approximate;
  - the areas of coopdata/vocab/interreg_areas.csv where listed (interregional programmes: the whole EU);
  - cross-border programmes: the NUTS 3 regions the Interreg Regulation's Article 9(2) rule gives
    (geography/crossborder.py); a participating country the rule finds no region in, at country level;
  - otherwise the participating countries, flagged approximate.
- A reviewed override (coopdata/vocab/region_overrides.csv) wins over any rule.
- Otherwise the NUTS 1/2 regions of the programme's country named in its title (region names from the
  Eurostat workbook plus the reviewed aliases in coopdata/vocab/region_aliases.csv), or failing that in
  its managing authority's name. No region named: the programme covers its country.

Pure pandas; the build calls `programme_coverage` and writes the result to data/coverage.parquet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from coopdata.geography.crossborder import rule_area
from coopdata.vocabularies import eu_members, fold

COVERAGE_COLUMNS = ["cci", "nuts_id", "nuts_version", "level", "approximate", "basis"]
NUTS_VERSION = 2021  # the version 2021-2027 programmes were drawn up in (and the newest with boundaries)
# Words in a title or CCI that say a programme is regional even when no region name was matched.
REGIONAL_SIGNS = re.compile(r"\b(regional|region|regions|voivodeship|rp|rop|interregional)\b")
FUND_NAMES = re.compile(r"european regional development fund")


def _norm(text: str) -> str:
    """Folded text with hyphens, dashes and typographic apostrophes made plain ("Castilla-La Mancha"
    and "Castilla La Mancha", "d’Aosta" and "d'Aosta" compare equal)."""
    text = fold(text).replace("\u2019", "'")
    return re.sub(r"\s+", " ", re.sub(r"[-\u2010-\u2015]", " ", text)).strip()


@dataclass(frozen=True)
class Match:
    nuts_ids: tuple[str, ...]
    basis: str


def region_names(regions: pd.DataFrame, aliases: pd.DataFrame, version: int = NUTS_VERSION) -> pd.DataFrame:
    """country, name (folded), nuts_id, level: every NUTS 1/2 name a title may use, with the aliases.

    A region that is the only one of its level in its country (Luxembourg, Malta, Ireland at NUTS 1…)
    is left out: its name is the country's, and naming the country does not make a programme regional.
    """
    r = regions[(regions["nuts_version"] == version) & regions["level"].isin([1, 2]) & ~regions["extra_regio"]]
    per_level = r.groupby(["country", "level"])["nuts_id"].transform("size")
    r = r[per_level > 1]
    rows = []
    for reg in r.itertuples():
        for text in {reg.name, getattr(reg, "name_latin", reg.name)}:
            text = re.sub(r"\([A-Z]{2}\)", "", str(text))  # "Centro (IT)" -> "Centro"
            for part in re.split(r"\s*/\s*", text):
                rows.append((reg.country, _norm(part), reg.nuts_id, reg.level))
    level_of = dict(zip(r["nuts_id"], r["level"], strict=True))
    for a in aliases.itertuples():
        rows.append((a.country, _norm(a.alias), a.nuts_id, level_of.get(a.nuts_id, len(a.nuts_id) - 2)))
    out = pd.DataFrame(rows, columns=["country", "name", "nuts_id", "level"])
    return out[out["name"].str.len() >= 3].drop_duplicates(ignore_index=True)


def find_regions(text: str, country: str, names: pd.DataFrame) -> tuple[str, ...]:
    """NUTS codes of the regions of `country` named in `text`, coarsest first, without duplicates.

    A name found inside a longer matched name is ignored ("Sachsen" in "Sachsen-Anhalt"); a region
    whose parent is also named is dropped (the parent covers it).
    """
    if not isinstance(text, str) or not text:
        return ()
    folded = _norm(text)
    spans = []
    for row in names[names["country"] == country].itertuples():
        for m in re.finditer(r"(?<![a-z0-9])" + re.escape(row.name) + r"(?![a-z0-9])", folded):
            spans.append((m.start(), m.end(), row.nuts_id))
    kept = [s for s in spans
            if not any(o[0] <= s[0] and s[1] <= o[1] and (o[1] - o[0]) > (s[1] - s[0]) for o in spans)]
    ids = sorted({s[2] for s in kept}, key=lambda c: (len(c), c))
    return tuple(c for c in ids if not any(c != p and c.startswith(p) for p in ids))


def match_programme(title: str, managing_authority: str, country: str, names: pd.DataFrame) -> Match | None:
    if found := find_regions(title, country, names):
        return Match(found, "regional: title match")
    if found := find_regions(managing_authority, country, names):
        return Match(found, "regional: managing authority match")
    return None


def looks_regional(cci: str, title: str) -> bool:
    """A regional sign in the title (or a regional rural-development CCI) when no region was matched."""
    if cci[6:8] == "06" and cci[10:12] == "RP":
        return True
    return bool(REGIONAL_SIGNS.search(FUND_NAMES.sub("", _norm(title))))


def expand_areas(codes: str) -> list[str]:
    """'EU27;NO;CH' -> the 27 Member States, NO, CH. 'EU28' adds the United Kingdom (2014-2020)."""
    out: list[str] = []
    for code in filter(None, (c.strip() for c in codes.split(";"))):
        if code in ("EU27", "EU28"):
            out += eu_members() + (["UK"] if code == "EU28" else [])
        else:
            out.append(code)
    return list(dict.fromkeys(out))


BASIS_LEAD = "sourced list: programme area from a public page (lead, not verified)"
BASIS_LEAD_PART = "sourced list: the country takes part only in part, regions not found (approximate)"
BASIS_NON_EU = "non-EU participant: country (approximate)"
BASIS_LISTED = "listed area, not verified against the adopted programme (approximate)"
BASIS_WHOLE_EU = "whole EU: an interregional programme covers every Member State"
BASIS_COUNTRY = "participating country (approximate)"
CROSS_BORDER_STRANDS = ("cross-border", "IPA cross-border", "NEXT")


@dataclass(frozen=True)
class InterregInputs:
    """What the Interreg areas are derived from: NUTS 3 neighbours across land borders and across the sea
    (the rule's inputs) and the sourced transnational leads (cci, prefixes, partial_countries, non_eu)."""

    land: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["nuts_id", "neighbour_id", "country", "neighbour_country"]))
    sea: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["nuts_id", "neighbour_id", "country", "neighbour_country"]))
    transnational: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["cci", "prefixes", "partial_countries", "non_eu"]))


def interreg_rows(p, areas: pd.DataFrame, inputs: InterregInputs) -> list[dict]:
    """Coverage rows of one Interreg programme (a row of programmes), each with its basis."""
    leads = inputs.transnational
    if p.cci in set(leads["cci"]):
        lead = leads[leads["cci"] == p.cci].iloc[0]
        return (_rows(p.cci, lead["prefixes"], False, BASIS_LEAD)
                + _rows(p.cci, lead["partial_countries"], True, BASIS_LEAD_PART)
                + _rows(p.cci, lead["non_eu"], True, BASIS_NON_EU))
    if p.cci in areas.index:
        text = areas.at[p.cci, "areas"]
        whole_eu = "EU27" in text or "EU28" in text
        return _rows(p.cci, expand_areas(text), not whole_eu, BASIS_WHOLE_EU if whole_eu else BASIS_LISTED)
    if getattr(p, "interreg_strand", None) in CROSS_BORDER_STRANDS and p.cci[10:12] == "CB":
        area = rule_area(p.countries, inputs.land, inputs.sea)
        rows = [r for nuts_id, basis in area.items() for r in _rows(p.cci, [nuts_id], False, basis)]
        found = {nuts_id[:2] for nuts_id in area}
        return rows + _rows(p.cci, [c for c in p.countries if c not in found], True, BASIS_COUNTRY)
    return _rows(p.cci, list(p.countries), True, BASIS_COUNTRY)


def _rows(cci: str, codes, approximate: bool, basis: str) -> list[dict]:
    return [{"cci": cci, "nuts_id": c, "nuts_version": NUTS_VERSION, "level": len(c) - 2,
             "approximate": approximate, "basis": basis} for c in codes]


def programme_coverage(programmes: pd.DataFrame, regions: pd.DataFrame, aliases: pd.DataFrame,
                       overrides: pd.DataFrame, interreg_areas: pd.DataFrame,
                       interreg: InterregInputs | None = None) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    """(coverage rows, programme kind by cci, regional-looking programmes no region was matched for)."""
    names = region_names(regions, aliases)
    over = overrides.set_index("cci")
    areas = interreg_areas.set_index("cci")
    rows: list[dict] = []
    kinds: dict[str, str] = {}
    unmatched = []
    for p in programmes.itertuples():
        if p.goal == "ETC":
            rows += interreg_rows(p, areas, interreg or InterregInputs())
            kinds[p.cci] = "Interreg"
            continue
        if p.cci in over.index:
            o = over.loc[p.cci]
            rows += _rows(p.cci, expand_areas(o["nuts_ids"]), o["approximate"] == "true", "override")
            kinds[p.cci] = o["kind"]
            continue
        match = match_programme(p.title, p.managing_authority, p.country, names)
        if match is None:
            if looks_regional(p.cci, p.title):
                # Regional, but which region is unknown: shown as the country, flagged and listed.
                unmatched.append({"cci": p.cci, "title": p.title, "country": p.country})
                rows += _rows(p.cci, [p.country], True, "regional title not matched: country (approximate)")
                kinds[p.cci] = "regional"
            else:
                rows += _rows(p.cci, [p.country], False, "national programme")
                kinds[p.cci] = "national"
            continue
        rows += _rows(p.cci, match.nuts_ids, False, match.basis)
        kinds[p.cci] = "regional" if len(match.nuts_ids) == 1 else "multi-regional"
    coverage = pd.DataFrame(rows, columns=COVERAGE_COLUMNS).astype(
        {"nuts_version": "int64", "level": "int64", "approximate": bool})
    coverage = coverage.drop_duplicates(["cci", "nuts_id"]).sort_values(["cci", "nuts_id"], ignore_index=True)
    return coverage, pd.Series(kinds, name="kind"), pd.DataFrame(unmatched, columns=["cci", "title", "country"])


def region_and_ancestors(nuts_id: str) -> list[str]:
    """'ITF51' -> ['IT', 'ITF', 'ITF5', 'ITF51']: every code whose coverage includes this region."""
    return [nuts_id[:n] for n in range(2, len(nuts_id) + 1)]


def covering(coverage: pd.DataFrame, nuts_id: str, version: int = NUTS_VERSION) -> pd.DataFrame:
    """Coverage rows of the programmes covering all or part of a region.

    A programme covers a region when it covers the region itself, one of its ancestors (a national
    programme covers every region of its country) or, for a region above NUTS 3, part of it.
    """
    cov = coverage[coverage["nuts_version"] == version]
    hit = cov["nuts_id"].isin(region_and_ancestors(nuts_id)) | cov["nuts_id"].str.startswith(nuts_id)
    return cov[hit]


def covered_regions(coverage: pd.DataFrame, regions: pd.DataFrame, level: int,
                    version: int = NUTS_VERSION) -> pd.DataFrame:
    """(cci, nuts_id, approximate) for every region of `level` each programme covers all or part of."""
    targets = regions.loc[(regions["nuts_version"] == version) & (regions["level"] == level)
                          & ~regions["extra_regio"], "nuts_id"]
    cov = coverage[coverage["nuts_version"] == version]
    # A coverage code at or above the level covers every target it prefixes; one below it covers the
    # target that prefixes it. Both are the same test on the common prefix.
    cov = cov.assign(key=cov["nuts_id"].str[: level + 2])
    tgt = pd.DataFrame({"target": targets})
    out = []
    for n in range(2, level + 3):
        t = tgt.assign(key=tgt["target"].str[:n])
        c = cov[cov["key"].str.len() == n]
        out.append(c.merge(t, on="key")[["cci", "target", "approximate"]])
    res = pd.concat(out, ignore_index=True).rename(columns={"target": "nuts_id"})
    # A programme may reach a region by several codes: it is approximate only if every way is.
    return res.groupby(["cci", "nuts_id"], as_index=False)["approximate"].all()
