"""The package's shape, checked on its source: layers import only downwards, and no code reaches into a library's
private parts or keys a cache on object identity (outside the one documented shim)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Lowest first: a module may import from its own layer and the layers before it, never from a later one
# (sources -> build -> load -> analysis -> charts/maps/exports -> ui -> pages, DESIGN.md §4).
LAYERS = [
    # Rules, vocabularies and pure geography every layer reads.
    {"coopdata", "amounts", "settings", "vocabularies", "model", "geography"},
    {"sources"},
    {"download"},
    {"build"},
    {"load", "prepared"},
    {"analysis"},
    # What turns results into figures and files; the import and the workshop read files and write reports.
    {"charts", "charts_style", "maps", "exports", "importer", "workshop"},
    {"ui"},
    {"pages", "app", "__main__"},
]


def _layer(part: str) -> int:
    return next(i for i, names in enumerate(LAYERS) if part in names)


def _part(module: str) -> str:
    """coopdata.analysis.themes -> analysis; coopdata -> coopdata; pages.map -> pages; app -> app."""
    parts = module.split(".")
    return parts[1] if parts[0] == "coopdata" and len(parts) > 1 else parts[0]


def _sources() -> dict[str, Path]:
    files = [*ROOT.glob("coopdata/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]
    return {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p for p in files}


def _is_module(name: str) -> bool:
    return (ROOT / "coopdata" / f"{name}.py").exists() or (ROOT / "coopdata" / name).is_dir()


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "coopdata":
            # `from coopdata import amounts` imports the module coopdata.amounts (`import PERIODS`: a name of coopdata).
            found |= {f"coopdata.{a.name}" if node.module == "coopdata" and _is_module(a.name) else node.module
                      for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "coopdata"}
    return found


def test_every_part_of_the_package_has_a_layer():
    for module in _sources():
        _layer(_part(module))  # StopIteration: a new part of the package, to be placed in LAYERS


def test_layers_import_only_downwards():
    backwards = [f"{module} imports {target}" for module, path in _sources().items() for target in _imports(path)
                 if _layer(_part(target)) > _layer(_part(module))]
    assert backwards == []


def test_the_checker_sees_a_backward_import(tmp_path):
    page = tmp_path / "bad.py"
    page.write_text("from coopdata.ui import data\nimport coopdata.analysis.themes\nfrom coopdata import maps\n")
    assert _imports(page) == {"coopdata.ui", "coopdata.analysis.themes", "coopdata.maps"}
    assert _layer(_part("coopdata.ui")) > _layer(_part("coopdata.analysis.themes"))


# What the grep looks for (#18): identity keys, weak references, writing into frozen objects or changing an
# object's class, and Streamlit's private parts. `\bid\(`: not make_valid( or any name ending in "id(".
FORBIDDEN = re.compile(r"\bid\(|weakref|__setattr__|__class__ =|_prepare_pydeck|PagesManager|dataframe_util")
# The one shim allowed, documented where it stands and tested in tests/unit/ui/test_init.py.
SHIM = ROOT / "coopdata" / "ui" / "__init__.py"


def test_no_identity_cache_and_no_library_internals_outside_the_one_shim():
    hits = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}" for path in _sources().values() if path != SHIM
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
            if FORBIDDEN.search(line)]
    assert hits == []
    assert [m.group() for m in FORBIDDEN.finditer(SHIM.read_text(encoding="utf-8"))] == ["PagesManager"] * 3
