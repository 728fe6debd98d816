"""A light Streamlit client: one session over Streamlit's own WebSocket protocol, without a browser.

The browser's frontend opens `/_stcore/stream` (subprotocol "streamlit"), sends a BackMsg `rerun_script` with a
ClientState (the link's query string, and on the first run the page's URL path as `page_name`; afterwards the
page's script hash the server announced) and gets ForwardMsgs back: `new_session` and `navigation` (the page's
hash), `delta`s (the elements: widgets with their ids, texts, exceptions) and `script_finished`. A widget change
is another `rerun_script` carrying the widget's new state. This client does the same with the protobuf classes
that ship with streamlit (streamlit.proto), so a hundred sessions cost the load machine little: what is measured
is the server.

Pure parts (message building, reading a run) are separate from the connection, so a unit test checks them
against the protocol without a server (tests/unit/test_ws_client.py).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

STREAM_PATH = "/_stcore/stream"
RUN_TIMEOUT = 120.0  # seconds a rerun may take before the client calls it an error (a 2-core machine, loaded)
FINISHED = ForwardMsg.ScriptFinishedStatus
# Widget kinds -> the WidgetState field their value travels in (as the frontend sends them in streamlit 1.5x-1.6x:
# a selectbox or multiselect sends its options' formatted labels, not indices).
VALUE_FIELDS = {"selectbox": "string_value", "multiselect": "string_array_value", "checkbox": "bool_value",
                "radio": "string_value", "text_input": "string_value", "button": "trigger_value"}


def rerun_message(query_string: str = "", page_name: str = "", page_script_hash: str = "",
                  widgets: dict[str, tuple[str, object]] | None = None, url: str = "") -> bytes:
    """A serialised BackMsg asking for a rerun. `widgets`: widget id -> (kind, value) for the states to send
    (kind: a key of VALUE_FIELDS); the server keeps the others as they were."""
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query_string
    state.page_name = page_name
    state.page_script_hash = page_script_hash
    if url:
        state.context_info.url = url
    for wid, (kind, value) in (widgets or {}).items():
        ws = state.widget_states.widgets.add()
        ws.id = wid
        field_name = VALUE_FIELDS[kind]
        if field_name == "string_array_value":
            ws.string_array_value.data.extend(str(v) for v in value)
        else:
            setattr(ws, field_name, value)
    return msg.SerializeToString()


@dataclass
class Widget:
    id: str
    kind: str
    label: str
    options: list[str]


@dataclass
class RunView:
    """What one script run sent: its widgets (by the user key their id ends with, else by label), headings,
    texts (markdown, alerts), exceptions, the page's hash, and how it ended (None while it runs)."""
    widgets: dict[str, Widget] = field(default_factory=dict)
    headings: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    page_script_hash: str = ""
    query_string: str | None = None  # the page's new query string, when the script changed it
    finished: int | None = None
    bytes: int = 0

    def read(self, data: bytes) -> ForwardMsg:
        """Take one ForwardMsg (as received) into the view; returns it parsed."""
        msg = ForwardMsg()
        msg.ParseFromString(data)
        self.bytes += len(data)
        kind = msg.WhichOneof("type")
        if kind == "new_session" and msg.new_session.page_script_hash:
            self.page_script_hash = msg.new_session.page_script_hash
        elif kind == "navigation" and msg.navigation.page_script_hash:
            self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element)
        elif kind == "script_finished" and msg.script_finished != FINISHED.FINISHED_EARLY_FOR_RERUN:
            self.finished = msg.script_finished  # a run ended early for a rerun is followed by that rerun
        return msg

    def _element(self, element) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "heading":
            self.headings.append(element.heading.body)
        elif kind in ("markdown", "alert"):
            self.texts.append(getattr(element, kind).body)
        elif kind in VALUE_FIELDS:
            proto = getattr(element, kind)
            options = list(getattr(proto, "options", []))
            widget = Widget(proto.id, kind, proto.label, options)
            # A keyed widget's id ends with "-<key>" (Streamlit's element ids): the key names it here.
            self.widgets[proto.id.rsplit("-", 1)[-1] if "-" in proto.id else proto.label] = widget

    @property
    def ok(self) -> bool:
        return self.finished == FINISHED.FINISHED_SUCCESSFULLY and not self.exceptions


@dataclass
class Timed:
    seconds: float
    view: RunView


class Session:
    """One session on a server (or a proxy): `await load(path)`, then `await change(key, value)` as a user
    would; each returns the run's view and how long it took from sending the BackMsg to `script_finished`."""

    def __init__(self, base_url: str, cookie: str | None = None):
        parts = urlsplit(base_url)
        if parts.hostname not in ("127.0.0.1", "localhost"):  # a load generator: this machine only
            raise ValueError(f"only servers on this machine are loaded, not {parts.hostname}")
        self.base_url = base_url.rstrip("/")
        self.ws_url = f"ws://{parts.netloc}{STREAM_PATH}"
        self.cookie = cookie
        self.page_script_hash = ""
        self.query_string = ""
        self.last: RunView | None = None
        self._ws = None

    async def __aenter__(self) -> Session:
        from websockets.asyncio.client import connect

        headers = {"Origin": self.base_url} | ({"Cookie": self.cookie} if self.cookie else {})
        self._ws = await connect(self.ws_url, subprotocols=["streamlit"], additional_headers=headers,
                                 max_size=None, open_timeout=RUN_TIMEOUT, ping_interval=None)
        return self

    async def __aexit__(self, *exc) -> None:
        await self._ws.close()

    async def load(self, link: str) -> Timed:
        """Open a link of the app (e.g. "partners?p_region=ITF51"), as a new tab on it does."""
        path, _, query = link.lstrip("/").partition("?")
        self.query_string = query
        return await self._rerun(rerun_message(query, page_name=path, url=f"{self.base_url}/{link.lstrip('/')}"))

    async def change(self, key: str, value) -> Timed:
        """Set a widget of the last run (by its key) to `value` (labels as shown), as a user's click does."""
        return await self.submit({key: value})

    async def submit(self, values: dict[str, object]) -> Timed:
        """Set several widgets of the last run at once (by key; a button's value True clicks it), as a form's
        submit button sends its form's widgets together."""
        widgets = {w.id: (w.kind, v) for w, v in ((self.last.widgets[k], v) for k, v in values.items())}
        return await self._rerun(rerun_message(self.query_string, page_script_hash=self.page_script_hash,
                                               widgets=widgets))

    async def _rerun(self, message: bytes) -> Timed:
        view = RunView()
        began = time.perf_counter()
        await self._ws.send(message)
        async with asyncio.timeout(RUN_TIMEOUT):
            while view.finished is None:
                view.read(await self._ws.recv())
        elapsed = time.perf_counter() - began
        if view.page_script_hash:
            self.page_script_hash = view.page_script_hash
        if view.query_string is not None:  # the frontend keeps the address bar's query string and sends it back
            self.query_string = view.query_string
        self.last = view
        return Timed(elapsed, view)
