"""coopdata dashboard: router only. Page config, shared filter sidebar, navigation, footer."""

from pathlib import Path

import streamlit as st

from coopdata.ui import components, data, filters, presentation, safe, url_codes

# A prepared presentation link (present=1) opens with the sidebar out of the way.
st.set_page_config(page_title="coopdata: cooperation actions in cohesion policy", layout="wide",
                   initial_sidebar_state="collapsed" if presentation.requested() else "auto")

HERE = Path(__file__).parent
# (file, title, icon, url path). No icons: Streamlit fetches Material icons from Google's font
# servers (the dashboard must work offline) and emoji need an emoji font on the viewer's machine.
# A page whose file is not there yet is left out of the menu.
PAGES = [
    ("pages/map.py", "Map", "", "map"),
    ("pages/themes.py", "Themes", "", "themes"),
    ("pages/compare.py", "Compare", "", "compare"),
    ("pages/partners.py", "Partner search", "", "partners"),
    ("pages/profile.py", "Programme profile", "", "profile"),
    ("pages/workshop.py", "Workshop tables", "", "workshop"),
    ("pages/import.py", "Import database", "", "import"),
    ("pages/data.py", "Data & sources", "", "data"),
]

# Reached by a link only (a live workshop's QR code), never from the menu.
HIDDEN_PAGES = [("pages/join.py", "Join a workshop", "join")]
PAGES_WITHOUT_FILTERS = ("workshop", "import", "join")
FIRST_PAGE_ALIAS = "home"  # the first page's own url path: Streamlit serves that page at "/" only


def open_first_page() -> None:
    """/map, the first page's path as a person writes it: opens that page at "/" with the link's parameters."""
    st.switch_page(pages[0], query_params=[(k, v) for k in st.query_params for v in st.query_params.get_all(k)])


ds = data.dataset_or_stop()
pages = [st.Page(HERE / file, title=title, icon=icon or None, url_path=FIRST_PAGE_ALIAS if i == 0 else url)
         for i, (file, title, icon, url) in enumerate(p for p in PAGES if (HERE / p[0]).exists())]
nav = st.navigation([*pages, st.Page(open_first_page, title=PAGES[0][1], url_path=PAGES[0][3],
                                     visibility="hidden"),
                     *[st.Page(HERE / file, title=title, url_path=url, visibility="hidden")
                       for file, title, url in HIDDEN_PAGES]])
components.remember_page(nav.url_path)
# The shared filters where they apply: Workshop and Import work on uploaded files, not on the public data.
filtered = nav.url_path not in PAGES_WITHOUT_FILTERS
f = filters.sidebar(shown=filtered)
presentation.apply()
link_notice = st.container()  # filled after the page ran: the page's own link values are checked there
present = presentation.is_on()
if filtered:
    filters.header(f)
    if not present:
        filters.fund_notice(f)
nav.run()  # a page that stops early draws the link notice itself (url_codes.end_page)
url_codes.show_notices(link_notice)
if filtered and present:  # projecting, below the answer: the first screen is the answer's
    filters.fund_notice(f)

st.divider()
st.caption(" · ".join(safe.plain(line) for line in ds.manifest["attribution"]))
