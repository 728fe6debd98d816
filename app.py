"""coopdata dashboard: router only. Page config, shared filter sidebar, navigation, footer."""

from pathlib import Path

import streamlit as st

from coopdata.ui import components, data, filters, presentation, safe

# A prepared presentation link (present=1) opens with the sidebar out of the way.
st.set_page_config(page_title="coopdata: cooperation actions in cohesion policy", layout="wide",
                   initial_sidebar_state="collapsed" if presentation.requested() else "auto")

HERE = Path(__file__).parent
# (file, title, icon, url path). Material icons ship with Streamlit: no emoji font needed on the server.
# A page whose file is not there yet is left out of the menu.
PAGES = [
    ("pages/map.py", "Map", ":material/map:", "map"),
    ("pages/themes.py", "Themes", ":material/bar_chart:", "themes"),
    ("pages/compare.py", "Compare", ":material/compare:", "compare"),
    ("pages/partners.py", "Partner search", ":material/person_search:", "partners"),
    ("pages/profile.py", "Programme profile", ":material/description:", "profile"),
    ("pages/workshop.py", "Workshop tables", ":material/groups:", "workshop"),
    ("pages/import_db.py", "Import database", ":material/upload_file:", "import"),
    ("pages/data.py", "Data & sources", ":material/dataset:", "data"),
]

ds = data.dataset_or_stop()
f = filters.sidebar(ds.programmes)
presentation.apply()
nav = st.navigation([
    st.Page(HERE / file, title=title, icon=icon, url_path=url)
    for file, title, icon, url in PAGES if (HERE / file).exists()
])
components.remember_page(nav.url_path)
filters.header(f)
nav.run()

st.divider()
st.caption(" · ".join(safe.plain(line) for line in ds.manifest["attribution"]))
