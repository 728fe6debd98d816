"""What a user clicked on a chart, read from the selection state Streamlit keeps for it (st.plotly_chart's and
st.pydeck_chart's event payloads): their shape is Streamlit's, so they are unpacked here, in ui/, and the
analysis layer gets plain values (a topic id, a NUTS code)."""

from __future__ import annotations


def topic_from_selection(selection) -> str | None:
    """The topic a user clicked on a topic chart, from Streamlit's plotly selection state.

    Charts carry the topic id as each point's customdata; the first selected point wins. None when
    nothing (or nothing with a topic) is selected.
    """
    if not selection:
        return None
    points = (selection.get("selection") or {}).get("points") or []
    for point in points:
        data = point.get("customdata")
        if isinstance(data, list | tuple):
            data = data[0] if data else None
        if data:
            return str(data)
    return None


def selected_region(selection_state, layer_id: str) -> str | None:
    """The NUTS code of the region clicked on the map, from st.pydeck_chart's selection state."""
    if not selection_state:
        return None
    try:
        objects = selection_state["selection"]["objects"].get(layer_id) or []
    except (KeyError, TypeError, AttributeError):
        return None
    if not objects:
        return None
    obj = objects[0]
    props = obj.get("properties", obj) if isinstance(obj, dict) else {}
    return props.get("nuts_id")
