"""The download path, against a local server that answers like the SODA API and GISCO, fed from the mirror.

The server pages with $limit/$offset, filters hgyj-gyin by $where=dimension_type='...', and names the
e4v6-qrrq fields in snake case as the API does, so the download's paging, filtering and renaming all run.
"""

from __future__ import annotations

import csv
import io
import math
import re
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from coopdata import download
from coopdata.build import BuildError, build
from coopdata.sources import esif_2014_2020, finances_2021_2027, programmes_2021_2027
from coopdata.sources.common import SourceError
from coopdata.sources.registry import INPUTS
from tests.conftest import DATA

PAGE = 500
WHERE = re.compile(r"^dimension_type in \((.*)\)$")
QUOTED = re.compile(r"'((?:[^']|'')*)'")
DIMENSIONS = (finances_2021_2027.COMPLETE_DIMENSION, finances_2021_2027.CHECK_DIMENSION)


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


class FakePlatform:
    """Datasets (header + rows) by SODA id and GeoJSON files by name; records every request."""

    def __init__(self, mirror: Path):
        esif = _rows(mirror / INPUTS["esif_2014_2020"]["path"])
        api_names = {v: k for k, v in download.ESIF_FIELDS.items()}
        esif[0] = [api_names[c] for c in esif[0]]
        self.datasets = {esif_2014_2020.DATASET_ID: esif,
                         finances_2021_2027.DATASET_ID: _rows(mirror / INPUTS["finances_2021_2027"]["path"])}
        self.geojson = {p.name: p.read_bytes() for p in (mirror / "nuts").glob("*.geojson")}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.fail_with: int | None = None

    def make_finances_complete(self) -> None:
        """Serve hgyj-gyin as a complete download would be: the check dimension re-splits exactly the money of
        the complete one (here: a copy of its rows, relabelled)."""
        header, *rows = self.datasets[finances_2021_2027.DATASET_ID]
        col = header.index("dimension_type")
        kept = [r for r in rows if r[col] == finances_2021_2027.COMPLETE_DIMENSION]
        relabelled = [[finances_2021_2027.CHECK_DIMENSION if i == col else v for i, v in enumerate(r)] for r in kept]
        self.datasets[finances_2021_2027.DATASET_ID] = [header, *kept, *relabelled]

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, bytes]:
        self.requests.append((path, query))
        if self.fail_with:
            return self.fail_with, b"unavailable"
        if path.startswith("/gisco/"):
            data = self.geojson.get(path.removeprefix("/gisco/"))
            return (200, data) if data else (404, b"not found")
        m = re.fullmatch(r"/resource/([a-z0-9]{4}-[a-z0-9]{4})\.csv", path)
        if not m or m.group(1) not in self.datasets or query.get("$order") != ":id":
            return 400, b"bad request"
        header, *rows = self.datasets[m.group(1)]
        if "$where" in query:
            w = WHERE.match(query["$where"])
            if not w:
                return 400, b"unsupported $where"
            col = header.index("dimension_type")
            wanted = {v.replace("''", "'") for v in QUOTED.findall(w.group(1))}
            rows = [r for r in rows if r[col] in wanted]
        offset, limit = int(query["$offset"]), int(query["$limit"])
        out = io.StringIO()
        csv.writer(out, quoting=csv.QUOTE_ALL).writerows([header, *rows[offset:offset + limit]])
        return 200, out.getvalue().encode("utf-8")


@pytest.fixture()
def platform(mirror, monkeypatch):
    fake = FakePlatform(mirror)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            url = urlsplit(self.path)
            status, body = fake.answer(url.path, {k: v[0] for k, v in parse_qs(url.query).items()})
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("COOPDATA_SODA_BASE", base)
    monkeypatch.setenv("COOPDATA_GISCO_BASE", base + "/gisco")
    monkeypatch.setenv("COOPDATA_PROGRAMME_LIST", str(mirror / INPUTS["programmes_2021_2027"]["path"]))
    monkeypatch.setattr(download, "PAGE_SIZE", PAGE)
    monkeypatch.setattr(download.time, "sleep", lambda _: None)
    yield fake
    server.shutdown()
    server.server_close()


def test_download_pages_through_soda_and_lays_out_a_mirror(platform, tmp_path):
    messages = []
    folder = download.fetch_all(tmp_path / "dl", progress=messages.append)
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) == sorted(
        spec["path"] for spec in INPUTS.values())
    esif_pages = [q for p, q in platform.requests if "e4v6-qrrq" in p]
    # 7,524 rows in pages of 500: 16 pages, the last one short; offsets 0, 500, ..., 7,500.
    assert len(esif_pages) == math.ceil(7524 / PAGE) == 16
    assert [int(q["$offset"]) for q in esif_pages] == list(range(0, 7524, PAGE))
    assert "  e4v6-qrrq: 7,524 rows" in messages
    hgyj = [q for p, q in platform.requests if "hgyj-gyin" in p]
    assert {q["$where"] for q in hgyj} == {
        "dimension_type in ('Form of Support', 'Territorial delivery mechanism / territorial focus')"}
    # the mirror's sample has 141 + 218 rows in these dimensions: one page
    assert len(hgyj) == 1 and "  hgyj-gyin: 359 rows" in messages


def test_downloaded_sources_read_exactly_as_the_mirror(platform, mirror, tmp_path):
    folder = download.fetch_all(tmp_path / "dl", progress=lambda _: None)
    pd.testing.assert_frame_equal(esif_2014_2020.read(folder / INPUTS["esif_2014_2020"]["path"]),
                                  esif_2014_2020.read(mirror / INPUTS["esif_2014_2020"]["path"]))
    got = finances_2021_2027.read(folder / INPUTS["finances_2021_2027"]["path"])
    want = finances_2021_2027.read(mirror / INPUTS["finances_2021_2027"]["path"])
    want = want[want["dimension_type"].isin(DIMENSIONS)].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)
    for key in ("programmes_2021_2027", "nuts_workbook"):
        assert (folder / INPUTS[key]["path"]).read_bytes() == (mirror / INPUTS[key]["path"]).read_bytes()


@pytest.mark.slow
def test_a_download_whose_dimensions_disagree_is_refused_and_changes_nothing(platform, tmp_path):
    """The mirror's sample served as if complete: its two dimensions give different programme totals."""
    out = tmp_path / "data"
    with pytest.raises(BuildError, match=r"hgyj-gyin: the dimensions 'Form of Support' and 'Territorial delivery "
                                         r"mechanism / territorial focus' give different totals for \d+ programme"):
        build(out, download=True, progress=lambda _: None)
    assert not out.exists()


@pytest.mark.slow
def test_build_from_a_complete_download_takes_form_of_support_and_equals_the_mirror_build_elsewhere(
        platform, mirror, tmp_path, monkeypatch):
    platform.make_finances_complete()
    out = tmp_path / "data"
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    build(out, download=True, progress=lambda _: None)
    assert list((tmp_path / "tmp").iterdir()) == []  # the raw downloads are removed after the build
    for name in ("regions", "topics", "objectives", "neighbours"):
        pd.testing.assert_frame_equal(pd.read_parquet(out / f"{name}.parquet"),
                                      pd.read_parquet(DATA / f"{name}.parquet"), obj=name)
    got_p, want_p = (pd.read_parquet(d / "programmes.parquet") for d in (out, DATA))
    # The same areas for the programmes of the list (the finances-only ones differ with the rows fetched).
    listed = set(want_p.loc[want_p["source"] != finances_2021_2027.DATASET_ID, "cci"])
    got_c, want_c = (pd.read_parquet(d / "coverage.parquet") for d in (out, DATA))
    pd.testing.assert_frame_equal(got_c[got_c["cci"].isin(listed)].reset_index(drop=True),
                                  want_c[want_c["cci"].isin(listed)].reset_index(drop=True))
    pd.testing.assert_frame_equal(got_p[got_p["period"] == "2014-2020"].reset_index(drop=True),
                                  want_p[want_p["period"] == "2014-2020"].reset_index(drop=True))
    got_a = pd.read_parquet(out / "allocations.parquet")
    a21 = got_a[(got_a["period"] == "2021-2027") & got_a["eu_cents"].notna()]
    assert set(a21["amount_basis"]) == {"hgyj-gyin: dimension 'Form of Support'"}
    src = finances_2021_2027.read(mirror / INPUTS["finances_2021_2027"]["path"])
    fos = src[src["dimension_type"] == "Form of Support"]
    assert int(a21["eu_cents"].sum()) == round(fos["eu_amount"].sum() * 100)  # whole cents
    assert a21["cci"].nunique() == fos["cci"].nunique() == 12


def test_gisco_geometry_is_fetched_byte_for_byte(platform, mirror, tmp_path):
    name = "nuts/NUTS_RG_20M_2021_4326_LEVL_3.geojson"
    folder = download.fetch_all(tmp_path / "dl", progress=lambda _: None, inputs=[name])
    assert (folder / name).read_bytes() == (mirror / name).read_bytes()


def test_server_error_names_the_url_and_leaves_no_partial_file(platform, tmp_path):
    platform.fail_with = 503
    with pytest.raises(SourceError, match=r"download failed: http://127\.0\.0\.1:\d+/resource/e4v6-qrrq\.csv.*HTTP 503"):
        download.fetch_all(tmp_path / "dl", progress=lambda _: None, inputs=[INPUTS["esif_2014_2020"]["path"]])
    assert len(platform.requests) == download.ATTEMPTS  # a server error is retried, then reported
    assert list((tmp_path / "dl" / "raw").iterdir()) == []


def test_missing_geometry_is_a_clear_error(platform, tmp_path):
    with pytest.raises(SourceError, match=r"gisco/NUTS_RG_01M_2021_4326\.geojson: HTTP 404"):
        download.fetch_all(tmp_path / "dl", progress=lambda _: None, inputs=["nuts/NUTS_RG_01M_2021_4326.geojson"])
    assert len(platform.requests) == 1  # a client error is not retried


def test_programme_list_without_a_file_says_there_is_no_endpoint(monkeypatch, tmp_path):
    monkeypatch.setenv("COOPDATA_PROGRAMME_LIST", str(tmp_path / "nowhere.csv"))
    with pytest.raises(SourceError, match="programme list has no official download endpoint.*COOPDATA_PROGRAMME_LIST"):
        download.fetch_all(tmp_path / "dl", progress=lambda _: None,
                           inputs=[f"raw/{programmes_2021_2027.FILE}"])


def test_an_input_with_no_known_origin_is_named(tmp_path):
    with pytest.raises(SourceError, match=r"nuts/nuts_2024_regions\.csv: no download is defined"):
        download.fetch_all(tmp_path / "dl", progress=lambda _: None, inputs=["nuts/nuts_2024_regions.csv"])
