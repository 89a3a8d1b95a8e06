"""A minimal Streamlit client that speaks the browser's websocket protocol (no browser).

What a browser does, and what this does the same way (learned by capturing a real
Chromium session's frames with Playwright, Streamlit 1.67):

* connect to ``ws://HOST:PORT/_stcore/stream`` with subprotocol ``streamlit``
  (the second subprotocol entry would carry the XSRF token; it only matters for auth
  cookies). No ``Origin`` header is allowed by the server's origin check;
* every frame is binary protobuf: the client sends ``BackMsg``, the server sends ``ForwardMsg``;
* the page is requested by a ``BackMsg(rerun_script=ClientState(...))`` with empty
  ``widget_states``; the server answers ``new_session``, ``session_status_changed``,
  ``page_config_changed``, the ``delta`` messages (one per element or block, each with a
  ``metadata.delta_path``), ``page_info_changed`` (the query string) and finally
  ``script_finished`` (0 = FINISHED_SUCCESSFULLY);
* a widget change is another ``rerun_script`` whose ``widget_states.widgets`` holds
  ``{id, <value>}``. Widget ids come from the deltas (``element.slider.id``, e.g.
  ``$$ID-<hash>-day`` for ``key="day"``). A *date* slider (``data_type: DATE``) carries
  ``double_array_value.data = [microseconds since 1970-01-01 UTC]``, e.g. 1904-02-10 is
  ``-2.0793888e15``. The browser also resends every other widget's value; widgets left out
  keep their previous value on the server, so sending just the slider is equivalent here;
* big messages are ``metadata.cacheable`` with a ``hash``; the client lists the hashes it
  holds in ``ClientState.cached_message_hashes`` and the server may then send a
  ``ForwardMsg(ref_hash=...)`` instead of the full message. This client keeps the same
  cache (entries dropped when unused for ``CACHE_MAX_AGE`` runs, as the browser does).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from dataclasses import dataclass, field
from datetime import date

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

EPOCH = date(1970, 1, 1)
MICROS_PER_DAY = 86_400_000_000
CACHE_MAX_AGE = 2  # script runs an unused cached message is kept (frontend default)


def date_to_micros(day: date) -> float:
    """The wire value of a date slider: microseconds since the Unix epoch, as a double."""
    return float((day - EPOCH).days * MICROS_PER_DAY)


@dataclass
class RunResult:
    """What one script run sent back."""

    latency: float = 0.0  # seconds from sending rerun_script to receiving script_finished
    status: int | None = None  # ScriptFinishedStatus, None if it never came
    messages: int = 0
    bytes: int = 0
    exceptions: list[str] = field(default_factory=list)  # exception deltas, session errors
    component_args: list[str] = field(default_factory=list)  # json_args of component instances

    @property
    def ok(self) -> bool:
        return self.status == ForwardMsg.FINISHED_SUCCESSFULLY and not self.exceptions

    def component_matches(self, pattern: str) -> bool:
        """Whether a regular expression matches the arguments of a component instance."""
        return any(re.search(pattern, args) for args in self.component_args)


class StreamlitSession:
    """One browser tab's worth of Streamlit session, driven over the websocket."""

    def __init__(self, base_url: str, slider_key: str = "day") -> None:
        self.http_url = base_url.rstrip("/")
        self.ws_url = self.http_url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.slider_key = slider_key
        self.ws = None
        self.slider_id: str | None = None
        self.page_script_hash = ""
        self.query_string = ""
        self._cache: dict[str, tuple[bytes, int]] = {}  # hash -> (serialized ForwardMsg, last run seen)
        self._runs = 0

    async def connect(self, timeout: float = 10) -> None:
        self.ws = await asyncio.wait_for(
            websockets.connect(
                self.ws_url,
                subprotocols=["streamlit"],
                max_size=None,  # the map component's arguments can exceed the 1 MiB default
                open_timeout=timeout,
                ping_interval=None,  # the server pings; the library answers
                compression=None,  # browsers negotiate none with Streamlit's server either
            ),
            timeout,
        )

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):  # closing is best effort (timeouts included)
                await asyncio.wait_for(self.ws.close(), 5)
            self.ws = None

    def _client_state(self, msg: BackMsg, widgets: dict[str, float] | None) -> None:
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.cached_message_hashes.extend(self._cache)
        state.widget_states.SetInParent()
        for widget_id, value in (widgets or {}).items():
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            widget.double_array_value.data.append(value)
        info = state.context_info
        info.timezone = "UTC"
        info.timezone_offset = 0
        info.locale = "en-US"
        info.url = self.http_url + "/"
        info.is_embedded = False
        info.color_scheme = "light"

    async def open_page(self, timeout: float = 30) -> RunResult:
        """The first rerun_script, as the browser sends on load."""
        return await self._run(None, timeout)

    async def set_day(self, day: date, timeout: float = 10) -> RunResult:
        if self.slider_id is None:
            raise RuntimeError(f"no slider with key {self.slider_key!r} seen yet")
        return await self._run({self.slider_id: date_to_micros(day)}, timeout)

    async def _run(self, widgets: dict[str, float] | None, timeout: float) -> RunResult:
        msg = BackMsg()
        self._client_state(msg, widgets)
        result = RunResult()
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        self._runs += 1
        try:
            await asyncio.wait_for(self._read_until_finished(result), timeout)
        finally:
            result.latency = time.perf_counter() - start
            self._evict()
        return result

    def _evict(self) -> None:
        stale = [h for h, (_, seen) in self._cache.items() if self._runs - seen > CACHE_MAX_AGE]
        for h in stale:
            del self._cache[h]

    async def _read_until_finished(self, result: RunResult) -> None:
        while True:
            data = await self.ws.recv()
            result.messages += 1
            result.bytes += len(data)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "ref_hash":
                cached = self._cache.get(fwd.ref_hash)
                if cached is None:
                    result.exceptions.append(f"ref_hash {fwd.ref_hash} not in the client cache")
                    continue
                metadata = ForwardMsg()
                metadata.CopyFrom(fwd)
                fwd = ForwardMsg()
                fwd.ParseFromString(cached[0])
                fwd.metadata.CopyFrom(metadata.metadata)
                self._cache[fwd.hash] = (cached[0], self._runs)
                kind = fwd.WhichOneof("type")
            elif fwd.metadata.cacheable and fwd.hash:
                self._cache[fwd.hash] = (data, self._runs)
            if kind == "new_session":
                self.page_script_hash = fwd.new_session.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "delta":
                self._delta(fwd, result)
            elif kind == "session_event":
                event = fwd.session_event
                if event.HasField("script_compilation_exception"):
                    exc = event.script_compilation_exception
                    result.exceptions.append(f"compile: {exc.type}: {exc.message}")
            elif kind == "script_finished":
                result.status = fwd.script_finished
                if fwd.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    result.exceptions.append(f"script_finished status {fwd.script_finished}")
                return

    def _delta(self, fwd: ForwardMsg, result: RunResult) -> None:
        delta = fwd.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            exc = element.exception
            # With client.showErrorDetails = "none" the type is empty and the message redacted:
            # the traceback is only in the server's stderr.
            result.exceptions.append(f"exception {exc.type or '(redacted)'}: {exc.message[:200]}")
        elif kind == "alert" and element.alert.format == element.alert.ERROR:
            result.exceptions.append(f"st.error: {element.alert.body[:200]}")
        elif kind == "slider" and element.slider.id.endswith(f"-{self.slider_key}"):
            self.slider_id = element.slider.id
        elif kind == "component_instance":
            result.component_args.append(element.component_instance.json_args)
