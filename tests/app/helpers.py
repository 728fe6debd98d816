"""Run app.py in AppTest, switch to a page, and fail loudly on any exception."""

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def run_page(page: str, query: dict | None = None, timeout: float = 60) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if query:
        at.query_params.update(query)
    at.run()
    at.switch_page(str(ROOT / page)).run()
    assert not at.exception, at.exception
    return at


def app_pages() -> list[str]:
    """The page files app.PAGES lists that exist on this checkout (read without running app.py)."""
    import ast

    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = next(ast.literal_eval(node.value) for node in tree.body
                 if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "PAGES")
    return [file for file, *_ in pages if (ROOT / file).exists()]
