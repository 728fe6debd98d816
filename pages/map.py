"""Map: a measure per NUTS region under the shared filters, a tile map of the Member States, and a
region search (or click) listing every programme covering the region and its partnership scopes."""

import streamlit as st

from coopdata import charts_style
from coopdata.analysis import actions as act
from coopdata.analysis import mapdata
from coopdata.analysis.filters import apply
from coopdata.geography.coverage import NUTS_VERSION
from coopdata.geography.scopes import scopes_of_region
from coopdata.maps import (
    CHART_HEIGHT,
    choropleth_geojson,
    format_value,
    legend_stops,
    only,
    region_deck,
    tile_map,
)
from coopdata.ui import actions as imported
from coopdata.ui import components, data, filters, geo, presentation, url_codes
from coopdata.ui.safe import plain
from coopdata.vocabularies import topic_labels

ds = data.dataset_or_stop()
f = filters.current()
actions = imported.current_actions()
present = presentation.is_on()  # projecting: the map, its legend and the headline numbers only
st.title("Map")
if not present:
    st.caption(f"Period {f.period}. A programme counts in every region it covers, all or part: a national "
               "programme in every region of its country, an Interreg programme in its participating "
               "countries (approximate). Regional figures therefore overlap and do not add up.")

c1, c2 = st.columns([2, 1])
# The measure from the imported database is offered only when one is loaded.
measure_key = c1.radio("Measure", mapdata.measure_keys(actions is not None), key="measure", bind="query-params",
                       horizontal=True, format_func=lambda k: mapdata.MEASURES[k].label)
level = c2.radio("NUTS level", list(mapdata.LEVELS), index=2, key="level", bind="query-params", horizontal=True,
                 format_func=lambda v: mapdata.LEVELS[v])
measure = mapdata.MEASURES[measure_key]
action_filter = imported.action_filter_controls("map_act")
uses_planning = measure_key in mapdata.IMPORTED_MEASURES
# Exports of a view shaped by imported actions carry the database's fictional flag.
fictional = (uses_planning or bool(action_filter and action_filter.active)) and imported.is_fictional()
if uses_planning or (action_filter and action_filter.active):
    imported.fictional_banner()
if action_filter and action_filter.active:
    st.caption(act.filter_sentence(action_filter, topic_labels(), f.topics))
if uses_planning:
    st.caption(mapdata.PLANNING_RULE + (" Chosen topics: planning in at least one of them." if f.topics else ""))
programmes = act.keep_planning(ds.programmes, actions, action_filter, f.topics, f.period)
planning = (act.programmes_planning(actions, f.topics, action_filter.scopes if action_filter else None, f.period)
            if actions is not None else None)
if measure_key == "eu_amount_topics" and not f.topics:
    st.info("No topic is chosen in the sidebar: the EU amount for the chosen topics equals the whole EU amount.")

values = mapdata.region_measures(programmes, ds.allocations, ds.coverage, ds.regions, f, level, measure_key,
                                 planning=planning)
options = mapdata.region_options(ds.regions)
# The URL holds the region's code (?region=ITF51), not its label: links stay short and stable.
url_codes.seed(geo.REGION_KEY, list(options))
region = st.selectbox("Find a region by name or code (NUTS 3, or any level), or click one on the map",
                      list(options), index=None, key=geo.REGION_KEY, format_func=options.get,
                      placeholder="e.g. Potenza or ITF51")
url_codes.write(geo.REGION_KEY, region)

geometry = geo.geometry(NUTS_VERSION, level)
regions_geojson = choropleth_geojson(geometry, values, measure.unit)
deck = region_deck(regions_geojson, geo.geometry(NUTS_VERSION, 0),
                   only(geo.geometry(NUTS_VERSION, len(region) - 2), region) if region else None)
chart_key = geo.chart_key(region)
st.pydeck_chart(deck, height=CHART_HEIGHT, key=chart_key, selection_mode="single-object",
                on_select=lambda key=chart_key: geo.take_clicked_region(key, options))

geo.legend(measure.label, measure.unit, mapdata.LEVELS[level], legend_stops(values, measure.unit))
# The map's text alternative; every figure is in the table below the map.
st.caption(charts_style.alt_text(f"Map of {measure.label.lower()} per region, {mapdata.LEVELS[level]}, highest",
                                 values, "name", "value", lambda v: format_value(v, measure.unit), top=5))
if present:
    m1, m2 = st.columns(2)
    m1.metric("Programmes in the filters", f"{len(apply(programmes, ds.allocations, f)[0]):,}")
    m2.metric(f"Regions on the map ({mapdata.LEVELS[level]})", f"{len(values):,}")
geo.attribution()
if measure.unit == "EUR":
    st.caption("EU amounts are whole-programme amounts summed over the programmes covering a region; "
               "2021-2027 amounts exist for part of the programmes only (column 'programmes with amounts').")

if region:
    name = options[region]
    st.subheader(f"Selected region: {plain(name)}")
    covering = mapdata.programmes_covering(apply(programmes, ds.allocations, f)[0], ds.coverage, region)
    st.markdown(mapdata.covering_sentence(covering, plain(name)))
    if not present:  # projecting: the sentence, no tables
        st.dataframe(covering, hide_index=True, key="region_programmes")
        components.export_view(covering, "region_programmes", f"Programmes covering {region} {f.period}",
                               fictional=fictional)
        scopes = scopes_of_region(ds.scope_members, region)
        st.markdown("**Macro-regional strategies and sea basins**")
        if scopes.empty:
            st.markdown("None: this region is in no macro-regional strategy or sea basin of the project's list.")
        else:
            st.dataframe(scopes[["scope_id", "scope_type", "scope_name", "in_part", "verified", "note"]],
                         hide_index=True, key="region_scopes")

if not present:  # projecting: the map only
    st.subheader("The same figures as a table")
    table = values.rename(columns={"value": f"{measure.label} ({measure.unit})"})
    st.dataframe(table, hide_index=True, key="map_table")
    components.export_view(table, "map_regions", f"{measure.label} per region {mapdata.LEVELS[level]} {f.period}",
                           fictional=fictional)

    st.subheader("Member States as equal tiles")
    st.caption("Every Member State gets the same square, so Malta, Luxembourg and Cyprus are as visible as France.")
    countries = mapdata.region_measures(programmes, ds.allocations, ds.coverage, ds.regions, f, 0, measure_key,
                                        planning=planning)
    components.show_chart(
        tile_map(countries, measure.unit, f"{measure.label} per Member State"), key="tile_map",
        alt=charts_style.alt_text(f"Tile map, one equal square per Member State, of {measure.label.lower()}, highest",
                                  countries, "name", "value", lambda v: format_value(v, measure.unit), top=5))
    st.dataframe(countries, hide_index=True, key="tile_table")
    components.export_view(countries, "map_countries", f"{measure.label} per Member State {f.period}",
                           fictional=fictional)
