"""Map: a measure per NUTS region under the shared filters, a tile map of the Member States, and a
region search (or click) listing every programme covering the region and its partnership scopes."""

import streamlit as st

from coopdata.analysis import actions as act
from coopdata.analysis import mapdata
from coopdata.geography.scopes import scopes_of_region
from coopdata.maps import CHART_HEIGHT, PRESENT_HEIGHT
from coopdata.ui import actions as imported
from coopdata.ui import components, data, filters, geo, map_view, narrowed, presentation, projected, url_codes
from coopdata.ui.safe import plain
from coopdata.vocabularies import former_members, topic_labels

ds = data.dataset_or_stop()
f = filters.current()
actions = imported.current_actions()
present = presentation.is_on()  # projecting: the map, its legend and the headline numbers only
st.title("Map")

# Settings in one row above the map, so the map starts in the upper half of a 1280x720 screen; projecting, they
# fold away. With a cooperation-action database loaded the map leads with it (the planning measure).
options = map_view.region_options(ds, f.period)
settings = st.expander("Map settings and region search") if present else st.container()
with settings:
    c1, c2, c3 = st.columns([3, 2, 3])
    # The measure from the imported database is offered only when one is loaded.
    measures = {k: mapdata.MEASURES[k].label for k in mapdata.measure_keys(actions is not None)}
    default_measure = "planning" if actions is not None else "programmes"
    url_codes.seed("measure", measures, default=default_measure, what="Measure")
    url_codes.seed("level", {str(k): v for k, v in mapdata.LEVELS.items()}, default=2, what="NUTS level", cast=int)
    # The URL holds the region's code (?region=ITF51), not its label: links stay short and stable.
    url_codes.seed(geo.REGION_KEY, options, what="Region")
    measure_key = c1.selectbox("Measure", list(measures), key="measure", format_func=measures.get)
    level = c2.selectbox("NUTS level", list(mapdata.LEVELS), key="level", format_func=lambda v: mapdata.LEVELS[v])
    region = c3.selectbox("Find a region (name or code), or click one on the map", list(options), index=None,
                          key=geo.REGION_KEY, format_func=options.get, placeholder="e.g. Potenza or ITF51")
    url_codes.write("measure", measure_key, default=default_measure)
    url_codes.write("level", str(level), default="2")
    url_codes.write(geo.REGION_KEY, region)
    action_filter = imported.action_filter_controls("map_act")
measure = mapdata.MEASURES[measure_key]
uses_planning = measure_key in mapdata.IMPORTED_MEASURES
# Exports of a view shaped by imported actions carry the database's fictional flag.
fictional = (uses_planning or bool(action_filter and action_filter.active)) and imported.is_fictional()
if uses_planning or (action_filter and action_filter.active):
    imported.fictional_banner()
if action_filter and action_filter.active:
    st.caption(act.filter_sentence(action_filter, topic_labels(), f.topics))
if uses_planning:
    st.caption(mapdata.REGION_PLANNING_RULE + (" Chosen topics: planning in at least one of them." if f.topics else ""))
# The programmes the action filter keeps (None: all) and those planning actions, as cache keys.
kept = narrowed.cci_key(act.planning_ccis(actions, action_filter, f.topics, f.period))
planning = narrowed.cci_key(act.programmes_planning(actions, f.topics, action_filter.scopes if action_filter
                                                    else None, f.period) if actions is not None else None)
if measure_key == "eu_amount_topics" and not f.topics:
    st.info("No topic is chosen in the sidebar: the EU amount for the chosen topics equals the whole EU amount.")

texts = map_view.region_texts(ds, f, level, measure_key, kept, planning)

height = PRESENT_HEIGHT if present else CHART_HEIGHT
deck = map_view.region_deck(ds, f, level, measure_key, kept, planning, region, height)
chart_key = geo.chart_key(region)
st.pydeck_chart(deck, height=height, key=chart_key, selection_mode="single-object",
                on_select=lambda key=chart_key: geo.take_clicked_region(key, options))

geo.legend(measure.label, measure.unit, mapdata.LEVELS[level], texts.legend)
if not present:
    st.caption(f"Period {f.period}. A programme counts in every region it covers, all or part: a national "
               "programme in every region of its country; a cross-border Interreg programme in the border regions "
               "the Interreg Regulation's rule gives, a transnational one in its listed area, an interregional one "
               "everywhere, others in their countries (approximate). Regional figures therefore overlap and do "
               "not add up.")
# The map's text alternative; every figure is in the table below the map.
st.caption(plain(texts.alt))  # region names from the data
if present:
    m1, m2 = st.columns(2)
    m1.metric("Programmes in the filters", f"{map_view.programmes_in_filters(ds, f, kept):,}")
    m2.metric(f"Regions on the map ({mapdata.LEVELS[level]})", f"{len(texts.table):,}")
geo.attribution(geo.UK_REGIONS_NOTE if "UK" in former_members(f.period) else "")
if measure.unit == "EUR":
    st.caption("EU amounts are whole-programme amounts summed over the programmes covering a region; "
               "2021-2027 amounts exist for part of the programmes only (column 'programmes with amounts').")

if region:
    name = options[region]
    st.header(f"Selected region: {plain(name)}")
    covering = map_view.covering(ds, f, kept, region)
    st.markdown(mapdata.covering_sentence(covering, plain(name)))
    shown = map_view.covering_table(ds, f, kept, region)
    if present:  # projected: large type, the columns that matter (the grid is for the desk)
        projected.show(shown, {"Programme": "Programme", "Kind": "Kind",
                               "Covers the region through": "Covers the region through"})
    else:
        st.dataframe(shown, hide_index=True, key="region_programmes")
        components.export_view(shown, "region_programmes", f"Programmes covering {region} {f.period}",
                               fictional=fictional)
        scopes = scopes_of_region(ds.scope_members, region)
        st.markdown("**Macro-regional strategies and sea basins**")
        if scopes.empty:
            st.markdown("None: this region is in no macro-regional strategy or sea basin of the project's list.")
        else:
            st.dataframe(map_view.scopes_table(scopes), hide_index=True, key="region_scopes")

if not present:  # projecting: the map only
    # Only the open tab is worked out and drawn; the tiles tab is a link of its own (?map_section=tiles).
    table_tab, tiles_tab = url_codes.tabs("map_section", map_view.SECTIONS, "Map section")
    if table_tab.open:
        with table_tab:
            table = texts.table
            st.dataframe(table, hide_index=True, key="map_table")
            components.export_view(table, "map_regions",
                                   f"{measure.label} per region {mapdata.LEVELS[level]} {f.period}", fictional=fictional)
    if tiles_tab.open:
        with tiles_tab:
            st.caption("Every Member State gets the same square, so Malta, Luxembourg and Cyprus are as visible as "
                       "France.")
            countries = map_view.region_values(ds, f, 0, measure_key, kept, planning)
            tiles, tiles_alt = map_view.tile_chart(ds, f, measure_key, kept, planning, present)
            components.show_chart(tiles, key="tile_map", alt=tiles_alt)
            st.dataframe(countries, hide_index=True, key="tile_table")
            components.export_view(countries, "map_countries", f"{measure.label} per Member State {f.period}",
                                   fictional=fictional)
