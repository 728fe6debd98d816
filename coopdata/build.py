"""Sources -> data/: the compact tables the app reads, with a manifest (`python -m coopdata build`).

Reads a local mirror folder (the layout of shared/data: raw/ and nuts/) or downloads the same
datasets from the official endpoints. Writes into a temporary folder beside the target and swaps it
in only when everything succeeded, so a failed build leaves the previous data/ untouched.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from coopdata import amounts, settings, vocabularies
from coopdata.geography import adjacency, coverage, crossborder, scopes, shapes
from coopdata.model import ALLOCATION_COLUMNS, FUND_BASES, finish_programmes, fund_evidence_2021, funds_basis
from coopdata.sources import esif_2014_2020, finances_2021_2027, gisco, nuts, programmes_2021_2027, reference
from coopdata.sources.common import SourceError, read_csv, sha256
from coopdata.sources.registry import GISCO_INPUTS, INPUTS
from coopdata.vocabularies import ATTRIBUTION_COHESION, ATTRIBUTION_GISCO, ATTRIBUTION_NUTS

# Reviewed tables of the project that the geography step reads (coopdata/vocab/).
GEO_VOCAB = {
    "region_aliases": ["country", "alias", "nuts_id", "note"],
    "region_overrides": ["cci", "nuts_ids", "kind", "approximate", "reason"],
    "interreg_areas": ["cci", "areas", "source", "confidence"],
    "interreg_participants": ["cci", "countries", "source", "confidence"],
    "scope_members": ["scope_id", "scope_type", "scope_name", "country", "nuts_id", "verified", "note", "source"],
}

Progress = Callable[[str], None]


class BuildError(Exception):
    """The sources were read but do not make consistent tables (e.g. an objective with no topic)."""


def programmes_table(esif: pd.DataFrame, plist: pd.DataFrame, fin: pd.DataFrame,
                     funds_ref: pd.DataFrame) -> pd.DataFrame:
    p14 = esif_2014_2020.programmes(esif)
    p14["funds_basis"] = [funds_basis([(f, FUND_BASES["finances"]) for f in funds]) for funds in p14["funds"]]
    p21 = programmes_2021_2027.programmes(plist)
    # Programmes that only the finances file knows (not on the scraped list) are kept, with their source.
    p21_extra = finances_2021_2027.programmes(fin)
    p21 = pd.concat([p21, p21_extra[~p21_extra["cci"].isin(p21["cci"])]], ignore_index=True)
    seen = fin.groupby("cci")["fund"].unique().map(sorted).to_dict()
    short_titles = fin.groupby("cci")["programme_title_short"].first().to_dict()
    sourced = {c: (f, k) for c, f, k in zip(funds_ref["cci"], funds_ref["funds"], funds_ref["confidence"], strict=True)}
    evidence = [fund_evidence_2021(c, [t, short_titles.get(c, "")], seen.get(c, []), sourced.get(c))
                for c, t in zip(p21["cci"], p21["title"], strict=True)]
    p21["funds"] = [sorted({fund for fund, _ in e}) for e in evidence]
    p21["funds_basis"] = [funds_basis(e) for e in evidence]
    return finish_programmes(pd.concat([p14, p21], ignore_index=True))


def derived_allocations(programmes: pd.DataFrame, measured: pd.DataFrame) -> pd.DataFrame:
    """Objectives fixed by regulation where the finances file says nothing of a programme's fund.

    ESF+ finances only policy objective 4 (Reg. 2021/1057) and the JTF only JSO8.1 (Reg. 2021/1056):
    the objective is stated, with no amount, and flagged as derived from the fund.
    """
    rows = []
    known = set(zip(measured["cci"], measured["fund"], strict=True))
    p21 = programmes[programmes["period"] == "2021-2027"]
    for cci, funds in zip(p21["cci"], p21["funds"], strict=True):
        for fund, code in (("ESF+", "PO4"), ("JTF", "JSO8.1")):
            if fund in funds and (cci, fund) not in known:
                rows.append({"cci": cci, "period": "2021-2027", "fund": fund, "priority": None,
                             "objective_code": code, "category_of_region": None,
                             "eu_amount": float("nan"), "total_amount": float("nan"),
                             "amount_basis": f"derived from the fund ({fund}): no amount",
                             "derived_from_fund": True})
    return pd.DataFrame(rows)


def allocations_table(esif: pd.DataFrame, fin: pd.DataFrame, programmes: pd.DataFrame,
                      complete: bool = False) -> pd.DataFrame:
    a21 = finances_2021_2027.allocations(fin, complete)
    parts = [esif_2014_2020.allocations(esif), a21, derived_allocations(programmes, a21)]
    out = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    vocab = vocabularies.objective_topics()[["period", "objective_code", "policy_objective", "topic_id"]]
    out = out.merge(vocab, on=["period", "objective_code"], how="left", validate="many_to_one")
    missing = out.loc[out["topic_id"].isna(), ["period", "objective_code"]].drop_duplicates()
    if not missing.empty:
        listed = ", ".join(f"{p} {c}" for p, c in missing.itertuples(index=False))
        raise BuildError(f"objective code(s) with no topic in coopdata/vocab/objective_topics.csv: {listed}")
    out["derived_from_fund"] = out["derived_from_fund"].astype(bool)
    out["eu_cents"], out["total_cents"] = amounts.to_cents(out["eu_amount"]), amounts.to_cents(out["total_amount"])
    return out[ALLOCATION_COLUMNS].sort_values(["period", "cci", "fund", "priority", "objective_code"],
                                               ignore_index=True, na_position="first")


def topics_table() -> pd.DataFrame:
    return vocabularies.topics().copy()


def objectives_table() -> pd.DataFrame:
    return vocabularies.objective_topics().copy()


def coverage_notes(programmes: pd.DataFrame, allocations: pd.DataFrame) -> dict[str, object]:
    p21 = programmes[programmes["period"] == "2021-2027"]
    a21 = allocations[allocations["period"] == "2021-2027"]
    with_amounts = sorted(a21.loc[a21["eu_cents"].notna(), "cci"].unique())
    with_objectives = sorted(a21.loc[~a21["derived_from_fund"], "cci"].unique())
    derived_only = sorted(set(a21.loc[a21["derived_from_fund"], "cci"]) - set(with_objectives))
    return {
        "programmes_2014_2020": int((programmes["period"] == "2014-2020").sum()),
        "programmes_2021_2027": int(len(p21)),
        "programmes_2021_2027_on_programme_list": int(p21["source"].str.startswith("Commission").sum()),
        "finances_2021_2027_amount_rule": ("per programme x specific objective, the categorisation dimension "
                                           "whose sum is largest (never two added); each row names its dimension"),
        "finances_2021_2027_amount_rows_per_dimension": {
            basis: int(n) for basis, n in a21.loc[a21["eu_cents"].notna(), "amount_basis"].value_counts().items()},
        "finances_2021_2027_programmes_with_objective_amounts": len(with_amounts),
        "programmes_2021_2027_funds_unknown": sorted(p21.loc[p21["funds"].map(len).eq(0), "cci"]),
        "finances_2021_2027_programmes_with_objectives_listed": len(with_objectives),
        "finances_2021_2027_programmes_with_objectives_derived_from_fund_only": len(derived_only),
        "finances_2021_2027_note": (
            f"2021-2027 finances: {len(with_amounts)} of {len(p21)} programmes have objective-level amounts "
            f"(partial: the mirror holds the first 1,000 rows of hgyj-gyin; each programme x objective takes the "
            f"categorisation dimension with the largest sum); {len(with_objectives)} have "
            f"objectives listed; {len(derived_only)} more have objectives derived from their fund only."),
        "programmes_2021_2027_with_amounts": with_amounts,
    }


def geo_vocab(name: str) -> pd.DataFrame:
    return read_csv(vocabularies.VOCAB_DIR / f"{name}.csv", GEO_VOCAB[name])


def read_boundaries(paths: dict[str, Path]):
    by_version: dict[int, list[Path]] = {}
    for name, spec in GISCO_INPUTS.items():
        by_version.setdefault(spec["nuts_version"], []).append(paths[name])
    return gisco.read(by_version)


def regions_table(workbook: pd.DataFrame, boundaries) -> pd.DataFrame:
    """The NUTS workbook's regions (EU27) and those of the former Member States (the UK) from GISCO's NUTS 2021
    boundaries: the UK's 2014-2020 programmes cover them, and the 2014-2020 map draws them."""
    extra = gisco.regions_table(boundaries, tuple(vocabularies.former_members()), coverage.NUTS_VERSION)
    return pd.concat([workbook, extra], ignore_index=True).sort_values(["nuts_version", "nuts_id"],
                                                                       ignore_index=True)


def with_participants(programmes: pd.DataFrame, listed: pd.DataFrame) -> pd.DataFrame:
    """Interreg programmes whose title names no (or not every) country get the reviewed participants list."""
    extra = {c: v.split(";") for c, v in zip(listed["cci"], listed["countries"], strict=True)}
    countries = [list(dict.fromkeys(list(c) + extra.get(cci, []))) if cci in extra else list(c)
                 for cci, c in zip(programmes["cci"], programmes["countries"], strict=True)]
    return programmes.assign(countries=countries)


def countries_covered(programmes: pd.DataFrame, cov: pd.DataFrame) -> list[list[str]]:
    """A programme's countries: those it names, then every other country its area covers (EU and non-EU)."""
    covered = cov.assign(country=cov["nuts_id"].str[:2]).groupby("cci")["country"].unique().to_dict()
    return [list(dict.fromkeys(list(named) + sorted(covered.get(cci, []))))
            for cci, named in zip(programmes["cci"], programmes["countries"], strict=True)]


def geography_tables(boundaries, regions: pd.DataFrame, programmes: pd.DataFrame, transnational: pd.DataFrame,
                     progress: Progress = print) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Programmes with their kind and countries refined from coverage; coverage, cross-border neighbours,
    scope members."""
    neighbours = adjacency.cross_border_neighbours(boundaries)
    progress("finding coastlines within 150 km of each other (the Interreg cross-border rule)")
    nuts3 = boundaries[(boundaries["nuts_version"] == coverage.NUTS_VERSION) & (boundaries["level"] == 3)]
    interreg = coverage.InterregInputs(
        land=neighbours[neighbours["nuts_version"] == coverage.NUTS_VERSION],
        sea=crossborder.maritime_neighbours(nuts3), transnational=transnational)
    programmes = with_participants(programmes, geo_vocab("interreg_participants"))
    cov, kinds, _ = coverage.programme_coverage(
        programmes, regions, geo_vocab("region_aliases"), geo_vocab("region_overrides"), geo_vocab("interreg_areas"),
        interreg)
    programmes = programmes.assign(kind=programmes["cci"].map(kinds), countries=countries_covered(programmes, cov))
    return programmes, {"coverage": cov, "neighbours": neighbours,
                        "scope_members": scopes.scope_members(geo_vocab("scope_members"), regions,
                                                              vocabularies.countries())}


def web_geometries(boundaries) -> dict[str, str]:
    """data/geo/nuts{version}_l{level}.geojson: simplified boundaries for the map, one file per level."""
    return {f"geo/nuts{version}_l{level}.geojson":
            shapes.dumps(shapes.web_features(boundaries[boundaries["nuts_version"] == version], level))
            for version in sorted(boundaries["nuts_version"].unique()) for level in range(4)}


AREA_BASES = {"regulation rule": "NUTS 3 regions by the Interreg Regulation's cross-border rule",
              "sourced list": "a sourced list of regions (lead, not verified)",
              "whole EU": "the whole EU (interregional)",
              "listed area": "a listed area (not verified)",
              "non-EU participant": "a non-EU participant at country level",
              "participating country": "participating countries at country level"}


def interreg_area_bases(programmes: pd.DataFrame, cov: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Per period, how many Interreg programmes have part of their area from each kind of basis."""
    interreg = programmes.loc[programmes["goal"].eq("ETC"), ["cci", "period"]]
    rows = cov.merge(interreg, on="cci")
    kind = rows["basis"].map(lambda b: next((k for k in AREA_BASES if b.startswith(k)), "other"))
    counted = rows.assign(kind=kind).groupby(["period", "kind"])["cci"].nunique()
    return {period: {AREA_BASES.get(k, k): int(n) for k, n in counted[period].items()}
            for period in counted.index.get_level_values(0).unique()}


def geography_notes(programmes: pd.DataFrame, cov: pd.DataFrame, members: pd.DataFrame,
                    regions: pd.DataFrame) -> dict[str, object]:
    regional = cov[~cov["approximate"] & cov["level"].gt(0)]
    per_kind = programmes.groupby(["period", "kind"]).size()
    unmatched = programmes.loc[programmes["cci"].isin(cov.loc[cov["basis"].str.startswith("regional title not"),
                                                              "cci"]), ["cci", "title", "country"]]
    return {
        "coverage_nuts_version": coverage.NUTS_VERSION,
        "programmes_with_region_level_coverage": {
            period: int(programmes.loc[programmes["period"].eq(period) & programmes["cci"].isin(regional["cci"]),
                                       "cci"].nunique())
            for period in sorted(programmes["period"].unique())},
        "programmes_per_kind": {period: {k: int(n) for k, n in per_kind[period].items()}
                                for period in per_kind.index.get_level_values(0).unique()},
        "regional_titles_not_matched": unmatched.to_dict("records"),
        "coverage_note": ("Coverage is stated in NUTS 2021 for both periods (no NUTS 2013/2016 boundaries in "
                          "the sources); the UK's regions (2014-2020 only) are its NUTS 2016 regions, which GISCO's "
                          "NUTS 2021 boundary files still draw. National programmes cover their country; regional ones the region "
                          "their title (or managing authority) names, or a reviewed override. Interreg: "
                          "cross-border programmes the NUTS 3 regions of the Interreg Regulation's Article 9(2) "
                          "rule, transnational ones their sourced area where listed, interregional ones the whole "
                          "EU; what is known by country only is flagged approximate."),
        "interreg_programmes_per_area_basis": interreg_area_bases(programmes, cov),
        # Regions of former Member States: not in the NUTS workbook, taken from the GISCO boundaries.
        "former_member_regions_per_level": {
            country: {str(level): int(n) for level, n in part.groupby("level").size().items()}
            for country, part in regions[regions["country"].isin(vocabularies.former_members())].groupby("country")},
        "scopes": {sid: {"name": g["scope_name"].iloc[0], "type": g["scope_type"].iloc[0],
                         "source": g["source"].iloc[0], "members": int(len(g)),
                         "rows_not_verified": int((~g["verified"]).sum())}
                   for sid, g in members.groupby("scope_id")},
        "scopes_without_source": ("Mediterranean beyond WestMED and North Sea: no separate EU sea-basin "
                                  "initiative was found, so no scope is offered for them. Baltic: the role is "
                                  "carried by EUSBSR, whose members are used."),
    }


def resolve_inputs(mirror: Path) -> dict[str, Path]:
    paths = {name: mirror / spec["path"] for name, spec in INPUTS.items()}
    missing = [f"{spec['path']}" for name, spec in INPUTS.items() if not paths[name].exists()]
    if missing:
        raise SourceError(f"source file(s) not found in {mirror.name}/: {', '.join(missing)}")
    return paths


def build_tables(paths: dict[str, Path], progress: Progress = print,
                 complete_finances: bool = False) -> dict[str, pd.DataFrame]:
    """The canonical tables. `complete_finances`: the 2021-2027 finances are a complete download (the
    dimensions must agree per programme), not the mirror's partial sample."""
    progress("reading 2014-2020 finances (e4v6-qrrq)")
    esif = esif_2014_2020.read(paths["esif_2014_2020"])
    progress("reading 2021-2027 programme list")
    plist = programmes_2021_2027.read(paths["programmes_2021_2027"])
    progress("reading 2021-2027 finances (hgyj-gyin)")
    fin = finances_2021_2027.read(paths["finances_2021_2027"])
    if complete_finances and not (gaps := finances_2021_2027.disagreements(fin)).empty:
        listed = ", ".join(gaps["cci"].head(10))
        raise BuildError(f"{finances_2021_2027.DATASET_ID}: the dimensions '{finances_2021_2027.COMPLETE_DIMENSION}' "
                         f"and '{finances_2021_2027.CHECK_DIMENSION}' give different totals for {len(gaps)} "
                         f"programme(s), e.g. {listed}: the download is not complete")
    progress("reading NUTS workbook and GISCO boundaries")
    nuts_raw = nuts.read(paths["nuts_workbook"])
    boundaries = read_boundaries(paths)
    regions = regions_table(nuts.regions(nuts_raw, nuts.read_extras(paths["nuts_workbook"])), boundaries)
    progress("reading the sourced reference tables (funds of multi-fund programmes, transnational areas)")
    funds_ref = reference.read_funds(paths["programme_funds_2021_2027"])
    programmes = programmes_table(esif, plist, fin, funds_ref)
    allocations = allocations_table(esif, fin, programmes, complete_finances)
    progress("deriving coverage, neighbours and scopes from the GISCO boundaries")
    transnational = reference.read_transnational_areas(paths["interreg_transnational_areas"])
    programmes, geo_tables = geography_tables(boundaries, regions, programmes, transnational, progress)
    return {"programmes": programmes, "allocations": allocations, "regions": regions,
            "topics": topics_table(), "objectives": objectives_table(), "nuts_changes": nuts.changes(nuts_raw),
            **geo_tables}


def manifest(paths: dict[str, Path], tables: dict[str, pd.DataFrame],
             files: dict[str, str] | None = None) -> dict[str, object]:
    inputs = {}
    for name, spec in INPUTS.items():
        inputs[name] = {k: v for k, v in spec.items() if k != "path"} | {
            "file": Path(spec["path"]).name, "sha256": sha256(paths[name])}
    return {
        "inputs": inputs,
        "tables": {name: {"file": f"{name}.parquet", "rows": int(len(df))} for name, df in tables.items()},
        "coverage": coverage_notes(tables["programmes"], tables["allocations"]),
        "geography": geography_notes(tables["programmes"], tables["coverage"], tables["scope_members"],
                                     tables["regions"]),
        "geometries": {path: {"bytes": len(text.encode("utf-8")), "features": text.count('"Feature"'),
                              "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                              "attribution": ATTRIBUTION_GISCO}
                       for path, text in (files or {}).items()},
        "vocabularies": {f"{name}.csv": hashlib.sha256((vocabularies.VOCAB_DIR / f"{name}.csv").read_bytes()).hexdigest()
                         for name in GEO_VOCAB},
        "attribution": [ATTRIBUTION_COHESION, ATTRIBUTION_NUTS, ATTRIBUTION_GISCO],
    }


def write(out_dir: Path, tables: dict[str, pd.DataFrame], man: dict[str, object],
          files: dict[str, str] | None = None) -> None:
    """Write into a temporary sibling folder, then swap it in: never a half-written data/.

    `files` are further text files (path relative to out_dir -> content), e.g. the web geometries.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    try:
        for name, df in tables.items():
            df.to_parquet(tmp / f"{name}.parquet", index=False, compression="zstd")
        for rel, text in (files or {}).items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_text(text, encoding="utf-8")
        (tmp / "MANIFEST.json").write_text(json.dumps(man, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        old = out_dir.with_name(f".{out_dir.name}-old")
        if old.exists():
            shutil.rmtree(old)
        if out_dir.exists():
            out_dir.rename(old)
        tmp.rename(out_dir)
        if old.exists():
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def build(out_dir: Path | None = None, mirror: Path | None = None, download: bool = False,
          progress: Progress = print, complete_finances: bool = False) -> dict[str, object]:
    out_dir = Path(out_dir or settings.data_dir())
    if download:
        from coopdata import download as dl  # only needed online

        # The downloads are inputs only: the built tables keep what is needed, the raw files go.
        with tempfile.TemporaryDirectory(prefix="coopdata-download-") as folder:
            return build(out_dir, dl.fetch_all(Path(folder), progress=progress), progress=progress,
                         complete_finances=True)
    if mirror is None:
        raise SourceError("no source given: pass --mirror DIR (a folder laid out like shared/data) or --download")
    paths = resolve_inputs(Path(mirror))
    tables = build_tables(paths, progress, complete_finances)
    files = web_geometries(read_boundaries(paths))
    man = manifest(paths, tables, files)
    progress(f"writing {len(tables)} tables and {len(files)} geometry files to {Path(out_dir).name}/")
    write(Path(out_dir), tables, man, files)
    return man
