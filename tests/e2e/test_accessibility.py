"""Browser: every page, in normal and presentation mode, at 1280x720 and 1920x1080: a screenshot for people to
look at (artifacts/screenshots/, not committed) and an axe-core scan that must find nothing serious or critical,
and no skipped heading level (screen-reader users move through a page by its headings).
"""

from __future__ import annotations

import pytest

from tests.e2e.filters_harness import SCREENSHOTS, axe_script, existing_pages, open_view, page_url

pytestmark = pytest.mark.e2e

VIEWPORTS = [(1280, 720), (1920, 1080)]
MODES = {"normal": "", "presentation": "present=1"}
BLOCKING = {"serious", "critical"}
BLOCKING_RULES = {"heading-order"}  # moderate for axe; fixed once, kept fixed

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.map(n => n.target.join(" "))}));
}"""


@pytest.mark.parametrize("file, url_path", [(p[0], p[3]) for p in existing_pages()],
                         ids=[p[3] for p in existing_pages()])
def test_page_has_no_serious_accessibility_violation(app_url, page, file, url_path, capsys):
    axe = axe_script()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    blocking = []
    for mode, param in MODES.items():
        for width, height in VIEWPORTS:
            page.set_viewport_size({"width": width, "height": height})
            open_view(page, page_url(app_url, file) + "?" + param)
            if mode == "presentation":  # its style arrives with the run's first elements
                page.wait_for_function("parseFloat(getComputedStyle(document.documentElement).fontSize) >= 20",
                                       timeout=30_000)
            # Widgets, metrics and charts load their code after the run and stand as skeletons until then: the
            # scan and the screenshot are of the page as drawn.
            page.wait_for_function("!document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=60_000)
            page.screenshot(path=SCREENSHOTS / f"{url_path}-{mode}-{width}x{height}.png", full_page=True)
            page.add_script_tag(path=str(axe))
            violations = page.evaluate(RUN_AXE)
            with capsys.disabled():  # the scan result is part of every test run's output
                print(f"\naxe {url_path} {mode} {width}x{height}: "
                      + (f"{len(violations)} violation(s)" if violations else "no violation"))
                for v in violations:
                    print(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} element(s), "
                          f"first: {v['nodes'][0]})")
            blocking += [f"{mode} {width}x{height} {v['id']}: {v['nodes']}" for v in violations
                         if v["impact"] in BLOCKING or v["id"] in BLOCKING_RULES]
    assert not blocking, "blocking accessibility violations:\n" + "\n".join(blocking)
