"""Benchmark: size of the GeoJSON each NUTS level of the map sends to the browser, and the time to build
it from data/ (real data, default filters, EU amount measure).

    python benchmarks/map_payload.py
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coopdata.analysis import mapdata  # noqa: E402
from coopdata.analysis.filters import Filters  # noqa: E402
from coopdata.load import load_dataset, read_geometry  # noqa: E402
from coopdata.maps import choropleth_geojson, payload_bytes  # noqa: E402

LIMIT_NUTS3 = 1_500_000


def main() -> None:
    ds = load_dataset()
    for level in range(4):
        start = time.perf_counter()
        values = mapdata.region_measures(ds.programmes, ds.allocations, ds.coverage, ds.regions, Filters(),
                                         level, "eu_amount")
        payload = choropleth_geojson(read_geometry(2021, level), values, "EUR")
        size = payload_bytes(payload)
        took = time.perf_counter() - start
        note = f" (limit {LIMIT_NUTS3:,})" if level == 3 else ""
        print(f"NUTS {level}: {len(payload['features']):>5} features, {size:>9,} bytes{note}, built in {took:.2f} s")


if __name__ == "__main__":
    main()
