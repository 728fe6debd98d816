"""coopdata dashboard: router only. Page config, shared filter sidebar, navigation, footer."""

from pathlib import Path

import streamlit as st

from coopdata.ui import components, data, filters, presentation, safe

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
    ("pages/import_db.py", "Import database", "", "import"),
    ("pages/data.py", "Data & sources", "", "data"),
]

ds = data.dataset_or_stop()
f = filters.sidebar()
presentation.apply()
nav = st.navigation([
    st.Page(HERE / file, title=title, icon=icon or None, url_path=url)
    for file, title, icon, url in PAGES if (HERE / file).exists()
])
components.remember_page(nav.url_path)
filters.header(f)
nav.run()

st.divider()
st.caption(" · ".join(safe.plain(line) for line in ds.manifest["attribution"]))
