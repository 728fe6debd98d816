"""Pure pandas analysis: filtering, facets, matching, comparison. No streamlit here."""
