"""FICTIONAL fixture for the partner search: invented programmes, regions, borders and memberships.

Nothing here describes a real programme or region; the country codes are real only because the
matcher reads the EU membership from the project's country vocabulary. The map, by eye:

    FRX11 Epsilon riviera -- ITX11 Alpha valley -- ATX11 Gamma alps -- DEX11 Zeta forest
                             ITX12 Beta coast   -- SIX11 Delta karst -- ATX11

Programmes (2021-2027 unless said), their coverage and EU amounts per topic (EUR):
    IT1 (the start)    ITX1   energy 100, digital 50
    IT2                IT     energy 500
    AT1                ATX11  energy 40, digital 10, employment 50   (total 100)
    SI1                SI     energy 40, digital not published
    FR1                FRX    energy 80, mobility 20
    DE1                DEX    energy not published
    TC1 (Interreg)     none   energy 40, digital 10; countries AT, DE, so its area is approximate
    AT_OLD (2014-2020) ATX11  energy 999
Memberships: EUSALP = ITX1, whole AT, whole FR, whole SI, DEY1 (not DE1's area);
EUSAIR = whole IT, whole SI; Mediterranean sea basin = whole IT, FR, SI.
"""

import itertools
import math

import pandas as pd

from coopdata.load import GEOGRAPHY_TABLES, Dataset
from coopdata.prepared import Prepared
from tests.conftest import with_cents

IT1, IT2, AT1, SI1 = "2021IT16RFPR901", "2021IT16RFPR902", "2021AT16RFPR901", "2021SI16RFPR901"
FR1, DE1, TC1, AT_OLD = "2021FR16RFPR901", "2021DE16RFPR901", "2021TC16RFCB901", "2014AT16RFOP901"
NAN = math.nan



def _programme(cci, title, countries, period="2021-2027", funds=("ERDF",)):
    return {"cci": cci, "period": period, "title": title, "countries": list(countries), "funds": list(funds),
            "managing_authority": f"Fictional authority of {title}", "url": f"https://example.org/{cci}"}


PROGRAMMES = pd.DataFrame([
    _programme(IT1, "FICTIONAL Alpha region programme", ["IT"]),
    _programme(IT2, "FICTIONAL Italy national programme", ["IT"], funds=("ERDF", "ESF+")),
    _programme(AT1, "FICTIONAL Gamma programme", ["AT"]),
    _programme(SI1, "FICTIONAL Slovenia programme", ["SI"]),
    _programme(FR1, "FICTIONAL Epsilon programme", ["FR"]),
    _programme(DE1, "FICTIONAL Zeta programme", ["DE"], funds=("ESF+",)),
    _programme(TC1, "FICTIONAL Interreg Austria-Germany", ["AT", "DE"], funds=("Interreg",)),
    _programme(AT_OLD, "FICTIONAL Gamma programme 2014-2020", ["AT"], period="2014-2020"),
])

ALLOCATIONS = with_cents(pd.DataFrame(
    [(IT1, "ERDF", "energy", 100.0), (IT1, "ERDF", "digital", 50.0), (IT2, "ERDF", "energy", 500.0),
     (AT1, "ERDF", "energy", 40.0), (AT1, "ERDF", "digital", 10.0), (AT1, "ERDF", "employment", 50.0),
     (SI1, "ERDF", "energy", 40.0), (SI1, "ERDF", "digital", NAN), (FR1, "ERDF", "energy", 80.0),
     (FR1, "ERDF", "mobility", 20.0), (DE1, "ESF+", "energy", NAN), (TC1, "Interreg", "energy", 40.0),
     (TC1, "Interreg", "digital", 10.0), (AT_OLD, "ERDF", "energy", 999.0)],
    columns=["cci", "fund", "topic_id", "eu_amount"]))

_NAMES = {"ITX11": "Alpha valley", "ITX12": "Beta coast", "ATX11": "Gamma alps", "SIX11": "Delta karst",
          "FRX11": "Epsilon riviera", "DEX11": "Zeta forest"}


def _regions():
    rows = []
    for nuts3, name in _NAMES.items():
        country = nuts3[:2]
        for level, code in enumerate([country, nuts3[:3], nuts3[:4], nuts3]):
            rows.append({"nuts_id": code, "nuts_version": 2021, "level": level,
                         "name": name if level == 3 else f"{code} (fictional)", "country": country,
                         "parent": None if level == 0 else code[:-1] if level > 1 else country,
                         "extra_regio": False})
    return pd.DataFrame(rows).drop_duplicates("nuts_id", ignore_index=True)


REGIONS = _regions()

COVERAGE = pd.DataFrame(
    [(IT1, "ITX1", 2), (IT2, "IT", 0), (AT1, "ATX11", 3), (SI1, "SI", 0), (FR1, "FRX", 1), (DE1, "DEX", 1),
     (AT_OLD, "ATX11", 3)],
    columns=["cci", "nuts_id", "level"]).assign(nuts_version=2021, approximate=False, basis="fictional")

_BORDERS = [("ITX11", "ATX11"), ("ITX12", "SIX11"), ("ITX11", "FRX11"), ("ATX11", "DEX11"), ("ATX11", "SIX11")]
NEIGHBOURS = pd.DataFrame(
    [(a, b, 2021, a[:2], b[:2]) for x, y in _BORDERS for a, b in [(x, y), (y, x)]],
    columns=GEOGRAPHY_TABLES["neighbours"])


def _member(scope_id, scope_type, name, country, nuts_id=None):
    return {"scope_id": scope_id, "scope_type": scope_type, "scope_name": name, "country": country,
            "nuts_id": nuts_id, "nuts_version": 2021, "source": "fictional"}


_ALPS, _ADRIATIC = "FICTIONAL Alpine strategy", "FICTIONAL Adriatic strategy"
SCOPE_MEMBERS = pd.DataFrame(
    [_member("EUSALP", "macro-regional strategy", _ALPS, "IT", "ITX1"),
     _member("EUSALP", "macro-regional strategy", _ALPS, "AT"),
     _member("EUSALP", "macro-regional strategy", _ALPS, "FR"),
     _member("EUSALP", "macro-regional strategy", _ALPS, "SI"),
     _member("EUSALP", "macro-regional strategy", _ALPS, "DE", "DEY1"),
     _member("EUSAIR", "macro-regional strategy", _ADRIATIC, "IT"),
     _member("EUSAIR", "macro-regional strategy", _ADRIATIC, "SI")]
    + [_member("MED", "sea basin", "FICTIONAL Mediterranean", c) for c in ("IT", "FR", "SI")])


_LOADS = itertools.count()


def dataset(**replace) -> Dataset:
    tables = {"programmes": PROGRAMMES, "allocations": ALLOCATIONS, "regions": REGIONS, "coverage": COVERAGE,
              "neighbours": NEIGHBOURS, "scope_members": SCOPE_MEMBERS, "topics": pd.DataFrame(),
              "objectives": pd.DataFrame(), "manifest": {}}
    tables.update(replace)
    # The fixture has no kind (nor funds for some tests): the filters' codes read such a column as empty.
    programmes = tables["programmes"].reindex(columns=[*tables["programmes"].columns, *(
        c for c in ("period", "kind", "funds", "countries") if c not in tables["programmes"])])
    return Dataset(key=f"fictional partners fixture #{next(_LOADS)}",
                   prepared=Prepared.of(programmes, tables["allocations"]), **tables)


# A strategy or sea basin named as a scope: the importer keeps its id in scope_ids, beside the generic scope.
NAMED = {"EUSBSR": "macro-regional", "EUSDR": "macro-regional", "EUSAIR": "macro-regional",
         "EUSALP": "macro-regional", "ATLANTIC": "sea basin", "BALTIC": "sea basin", "BLACKSEA": "sea basin",
         "WESTMED": "sea basin", "MED": "sea basin"}  # MED: the fixture's FICTIONAL basin


def actions(rows) -> pd.DataFrame:
    """An imported cooperation-action table (FICTIONAL) from (cci, topic, planned, scopes, partner_countries),
    shaped as the importer writes it."""
    return pd.DataFrame([{"cci": c, "period": "2021-2027", "objective_code": "RSO2.1", "topic_id": t,
                          "planned": p, "approach": "joint projects",
                          "scopes": list(dict.fromkeys(NAMED.get(x, x) for x in s)),
                          "scope_ids": [x for x in s if x in NAMED],
                          "partner_countries": list(pc), "status": "planned", "notes": "", "fictional": True}
                         for c, t, p, s, pc in rows])
