"""Small shared rules with one home each: country codes as the Commission writes them, benchmark sections."""

from benchmarks.sections import write_section
from coopdata.vocabularies import official_code


def test_official_code_writes_greece_el_and_the_uk_uk_whatever_follows():
    assert official_code("GR") == "EL"
    assert official_code("GR30") == "EL30"
    assert official_code("GB") == "UK"
    assert official_code("ITF51") == "ITF51"
    assert official_code("") == ""


def test_a_benchmark_section_is_replaced_between_its_marks_or_appended(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\nbefore\n<!-- x:start -->old<!-- x:end -->\nafter\n", encoding="utf-8")
    write_section("<!-- x:start -->new<!-- x:end -->", "<!-- x:start -->", "<!-- x:end -->", path)
    assert path.read_text(encoding="utf-8") == "# Benchmarks\n\nbefore\n<!-- x:start -->new<!-- x:end -->\nafter\n"
    write_section("<!-- y:start -->y<!-- y:end -->", "<!-- y:start -->", "<!-- y:end -->", path)
    assert path.read_text(encoding="utf-8").endswith("after\n\n<!-- y:start -->y<!-- y:end -->\n")


def test_the_full_benchmark_run_keeps_every_section_other_runners_wrote(tmp_path):
    from benchmarks.run import kept_load_section

    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# old tables\n<!-- load:start -->L<!-- load:end -->\nloose words\n"
                    "<!-- ws_load:start -->W\nrows<!-- ws_load:end -->\n<!-- live:start -->V<!-- live:end -->\n",
                    encoding="utf-8")
    assert kept_load_section(path) == ("\n<!-- load:start -->L<!-- load:end -->\n"
                                       "\n<!-- ws_load:start -->W\nrows<!-- ws_load:end -->\n"
                                       "\n<!-- live:start -->V<!-- live:end -->\n")
    assert kept_load_section(tmp_path / "absent.md") == ""
