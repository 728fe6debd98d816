"""Clicks on charts, from the selection state Streamlit keeps for them."""

from coopdata.ui.selection import selected_region, topic_from_selection


def test_clicked_bar_becomes_the_topic():
    event = {"selection": {"points": [{"customdata": "energy", "y": "Energy & low carbon"}], "point_indices": [3]}}
    assert topic_from_selection(event) == "energy"
    assert topic_from_selection({"selection": {"points": [{"customdata": ["digital", 3]}]}}) == "digital"
    assert topic_from_selection({"selection": {"points": [], "box": []}}) is None
    assert topic_from_selection(None) is None


def test_selected_region_from_the_chart_state():
    state = {"selection": {"indices": {"regions": [4]},
                           "objects": {"regions": [{"type": "Feature", "properties": {"nuts_id": "AA2"}}]}}}
    assert selected_region(state, "regions") == "AA2"
    assert selected_region(state, "other") is None
    assert selected_region({"selection": {"indices": {}, "objects": {}}}, "regions") is None
    assert selected_region(None, "regions") is None
