"""coopdata dashboard: router only. Page config, shared filter sidebar, navigation, footer."""

from pathlib import Path

import streamlit as st

from coopdata.ui import data, filters

st.set_page_config(page_title="coopdata: cooperation actions in cohesion policy", page_icon="🤝", layout="wide")

HERE = Path(__file__).parent
# (file, title, icon, url path). A page whose file is not there yet is left out of the menu.
PAGES = [
    ("pages/map.py", "Map", "🗺️", "map"),
    ("pages/themes.py", "Themes", "📊", "themes"),
    ("pages/compare.py", "Compare", "⚖️", "compare"),
    ("pages/partners.py", "Partner search", "🔎", "partners"),
    ("pages/profile.py", "Programme profile", "📄", "profile"),
    ("pages/workshop.py", "Workshop tables", "🪑", "workshop"),
    ("pages/import_db.py", "Import database", "📥", "import"),
    ("pages/data.py", "Data & sources", "🗂️", "data"),
]

ds = data.dataset_or_stop()
filters.sidebar(ds.programmes)
nav = st.navigation([
    st.Page(HERE / file, title=title, icon=icon, url_path=url)
    for file, title, icon, url in PAGES if (HERE / file).exists()
])
nav.run()

st.divider()
st.caption(" · ".join(ds.manifest["attribution"]))
