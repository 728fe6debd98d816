"""The load benchmark's light client (benchmarks/ws_client.py) builds and reads Streamlit's own protobuf messages:
what the browser's frontend sends for a link and a widget change, and what a script run sends back."""

from __future__ import annotations

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.ws_client import RunView, rerun_message


def test_a_link_is_a_rerun_with_its_query_string_and_the_pages_url_path():
    msg = BackMsg()
    msg.ParseFromString(rerun_message("p_region=ITF51&p_topic=energy", page_name="partners",
                                      url="http://127.0.0.1:8501/partners?p_region=ITF51&p_topic=energy"))
    assert msg.WhichOneof("type") == "rerun_script"
    state = msg.rerun_script
    assert (state.query_string, state.page_name, state.page_script_hash) == \
        ("p_region=ITF51&p_topic=energy", "partners", "")
    assert state.context_info.url.endswith("/partners?p_region=ITF51&p_topic=energy")
    assert len(state.widget_states.widgets) == 0


def test_a_widget_change_carries_its_value_in_the_field_streamlit_reads():
    msg = BackMsg()
    msg.ParseFromString(rerun_message("p_topic=energy", page_script_hash="abc", widgets={
        "$$ID-1-p_topic": ("multiselect", ["Energy & low carbon", "Digital"]),
        "$$ID-2-p_scope": ("selectbox", "Same sea basin"),
        "$$ID-3-p_own": ("checkbox", True)}))
    state = msg.rerun_script
    assert state.page_script_hash == "abc" and state.page_name == ""
    found = {w.id: w for w in state.widget_states.widgets}
    assert found["$$ID-1-p_topic"].WhichOneof("value") == "string_array_value"
    assert list(found["$$ID-1-p_topic"].string_array_value.data) == ["Energy & low carbon", "Digital"]
    assert found["$$ID-2-p_scope"].WhichOneof("value") == "string_value"
    assert found["$$ID-2-p_scope"].string_value == "Same sea basin"
    assert found["$$ID-3-p_own"].WhichOneof("value") == "bool_value" and found["$$ID-3-p_own"].bool_value


def test_a_form_sent_carries_its_widgets_and_its_submit_buttons_click_together():
    msg = BackMsg()
    msg.ParseFromString(rerun_message("w=abc", page_script_hash="join", widgets={
        "$$ID-4-join_nickname": ("text_input", "Fictional01"), "$$ID-5-join_send": ("button", True)}))
    found = {w.id: w for w in msg.rerun_script.widget_states.widgets}
    assert found["$$ID-4-join_nickname"].string_value == "Fictional01"
    assert found["$$ID-5-join_send"].WhichOneof("value") == "trigger_value" and found["$$ID-5-join_send"].trigger_value


def _forward(fill) -> bytes:
    msg = ForwardMsg()
    fill(msg)
    return msg.SerializeToString()


def test_a_run_is_read_until_it_finishes_with_its_widgets_answer_and_exceptions():
    def widget(m):
        el = m.delta.new_element.multiselect
        el.id, el.label = "$$ID-9f-p_topic", "Topics"
        el.options.extend(["Energy & low carbon", "Digital"])

    def exception(m):
        m.delta.new_element.exception.type, m.delta.new_element.exception.message = "KeyError", "'x'"

    view = RunView()
    view.read(_forward(lambda m: setattr(m.new_session, "page_script_hash", "hash-of-partners")))
    view.read(_forward(widget))
    view.read(_forward(lambda m: setattr(m.delta.new_element.heading, "body", "21 programmes match, best first")))
    view.read(_forward(lambda m: setattr(m.page_info_changed, "query_string", "p_topic=digital")))
    view.read(_forward(lambda m: setattr(m, "script_finished", ForwardMsg.FINISHED_EARLY_FOR_RERUN)))
    assert view.finished is None  # a run ended early for a rerun is followed by that rerun
    assert view.ok is False
    view.read(_forward(lambda m: setattr(m, "script_finished", ForwardMsg.FINISHED_SUCCESSFULLY)))
    assert view.ok
    assert view.page_script_hash == "hash-of-partners" and view.query_string == "p_topic=digital"
    assert view.headings == ["21 programmes match, best first"]
    topic = view.widgets["p_topic"]
    assert (topic.kind, topic.label, topic.options) == ("multiselect", "Topics", ["Energy & low carbon", "Digital"])
    view.read(_forward(exception))
    assert view.exceptions == ["KeyError: 'x'"] and not view.ok
