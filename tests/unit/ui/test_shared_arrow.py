"""components.shared_arrow: a shared frame is converted to Arrow once, exactly as st.dataframe would."""

import gc

import pandas as pd
from streamlit import dataframe_util

from coopdata.ui import components


def test_same_frame_is_converted_once_into_the_table_streamlit_would_make():
    frame = pd.DataFrame({"topic": ["Digital", "Health"], "programmes": [3, 1]})
    table = components.shared_arrow(frame)
    assert components.shared_arrow(frame) is table
    assert table.equals(dataframe_util.convert_pandas_df_to_arrow_table(frame))
    assert table.to_pandas().equals(frame)


def test_another_frame_gets_its_own_table_and_a_dropped_frame_its_entry_removed():
    first = pd.DataFrame({"programmes": [1]})
    second = pd.DataFrame({"programmes": [2]})
    assert components.shared_arrow(second).column("programmes").to_pylist() == [2]
    assert components.shared_arrow(first).column("programmes").to_pylist() == [1]
    key = id(first)
    assert key in components._ARROW
    del first
    gc.collect()
    assert key not in components._ARROW
