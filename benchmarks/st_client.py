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
* the live map is a components-v2 module (``bidi_component``, named ``…rjw_map_bridge``); its
  state reaches the server as ``widget_states.widgets[{id, json_value}]`` holding the whole
  state object as JSON, e.g. ``{"settled": {"date": …, "view": …, "layers": …, "size": …}}``
  (what the page's ``setStateValue("settled", …)`` sends). Other widgets: buttons send
  ``trigger_value``, number inputs ``double_value``, date inputs ``string_array_value``
  (["1904-02-01"]), file uploaders ``file_uploader_state_value`` after the file went up by
  HTTP: ``file_urls_request`` → ``file_urls_response`` → ``PUT`` multipart to the upload URL
  with the ``_streamlit_xsrf`` cookie echoed in ``X-Xsrftoken``;
* ``st.fragment(run_every=…)`` arrives as an ``auto_rerun`` message; the browser then sends
  ``rerun_script`` with ``fragment_id`` and ``is_auto_rerun`` on that timer (:meth:`fragment_rerun`);
* big messages are ``metadata.cacheable`` with a ``hash``; the client lists the hashes it
  holds in ``ClientState.cached_message_hashes`` and the server may then send a
  ``ForwardMsg(ref_hash=...)`` instead of the full message. This client keeps the same
  cache (entries dropped when unused for ``CACHE_MAX_AGE`` runs, as the browser does).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import date

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

EPOCH = date(1970, 1, 1)
MICROS_PER_DAY = 86_400_000_000
CACHE_MAX_AGE = 2  # script runs an unused cached message is kept (frontend default)


def _user_key(widget_id: str) -> str:
    """The key a script gave a widget: Streamlit's ids are ``$$ID-<hash>-<key>`` (the key may hold dashes)."""
    return widget_id.split("-", 2)[2] if widget_id.startswith("$$ID-") and widget_id.count("-") >= 2 else widget_id


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
    texts: list[tuple[str, str]] = field(default_factory=list)  # (alert/markdown/progress/code, text)
    query_string: str | None = None  # the address bar after the run, if it changed

    @property
    def ok(self) -> bool:
        return self.status == ForwardMsg.FINISHED_SUCCESSFULLY and not self.exceptions

    def component_matches(self, pattern: str) -> bool:
        """Whether a regular expression matches the arguments of a component instance."""
        return any(re.search(pattern, args) for args in self.component_args)

    def text_matches(self, pattern: str) -> bool:
        """Whether a regular expression matches the text of an alert, markdown, progress bar or code block."""
        return any(re.search(pattern, text) for _, text in self.texts)


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
        self.session_id = ""
        self.bridge_id: str | None = None  # the live map's components-v2 state widget
        self.bridge_state: dict = {}
        self.widget_ids: dict[str, str] = {}  # user key -> widget id
        self.auto_reruns: dict[str, float] = {}  # fragment id -> seconds

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

    def _client_state(
        self, msg: BackMsg, widgets: dict[str, float] | None, states: list[WidgetState] = (), fragment_id: str = ""
    ) -> None:
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.cached_message_hashes.extend(self._cache)
        state.widget_states.SetInParent()
        if fragment_id:
            state.fragment_id = fragment_id
            state.is_auto_rerun = True
        for widget_id, value in (widgets or {}).items():
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            widget.double_array_value.data.append(value)
        for widget in states:
            state.widget_states.widgets.add().CopyFrom(widget)
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

    # --- the live map's bridge and other widgets (the app after the client-side player) ---------

    async def settle(self, day: date, view: dict | None = None, timeout: float = 10) -> RunResult:
        """What the page sends when the map settles on a day (and view): the bridge's state."""
        if self.bridge_id is None:
            raise RuntimeError("no rjw_map_bridge component seen yet")
        settled = {
            "date": day.isoformat(),
            "view": view or {"lat": 40.0, "lon": 125.0, "zoom": 4},
            "layers": ["territories", "railways", "movements", "events"],
            "size": [1280, 620],
        }
        self.bridge_state = {**self.bridge_state, "settled": settled}
        widget = WidgetState(id=self.bridge_id, json_value=json.dumps(self.bridge_state))
        return await self._run(None, timeout, states=[widget])

    async def painted(self, timeout: float = 10) -> RunResult:
        """What the page sends once its map has painted its first frame (the rest of the page follows)."""
        if self.bridge_id is None:
            raise RuntimeError("no rjw_map_bridge component seen yet")
        self.bridge_state = {**self.bridge_state, "painted": True}
        widget = WidgetState(id=self.bridge_id, json_value=json.dumps(self.bridge_state))
        return await self._run(None, timeout, states=[widget])

    def widget(self, key: str) -> str:
        if key not in self.widget_ids:
            raise RuntimeError(f"no widget with key {key!r} seen yet (have {sorted(self.widget_ids)})")
        return self.widget_ids[key]

    async def set_widgets(self, states: list[WidgetState], timeout: float = 10) -> RunResult:
        return await self._run(None, timeout, states=states)

    async def click(self, key: str, others: list[WidgetState] = (), timeout: float = 10) -> RunResult:
        return await self._run(None, timeout, states=[*others, WidgetState(id=self.widget(key), trigger_value=True)])

    async def fragment_rerun(self, fragment_id: str, timeout: float = 10) -> RunResult:
        """What the browser sends on an ``st.fragment(run_every=…)`` timer."""
        return await self._run(None, timeout, fragment_id=fragment_id)

    async def upload(self, key: str, name: str, data: bytes, timeout: float = 30) -> RunResult:
        """Upload ``data`` through a file uploader as the browser does, then rerun with it."""
        request = BackMsg()
        request.file_urls_request.request_id = uuid.uuid4().hex
        request.file_urls_request.session_id = self.session_id
        request.file_urls_request.file_names.append(name)
        await self.ws.send(request.SerializeToString())
        urls = await asyncio.wait_for(self._file_urls(request.file_urls_request.request_id), timeout)
        await asyncio.wait_for(asyncio.to_thread(self._put, urls.upload_url, name, data), timeout)
        widget = WidgetState(id=self.widget(key))
        info = widget.file_uploader_state_value.uploaded_file_info.add()
        info.name, info.size, info.file_id = name, len(data), urls.file_id
        info.file_urls.CopyFrom(urls)
        return await self._run(None, timeout, states=[widget])

    async def _file_urls(self, request_id: str):
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await self.ws.recv())
            if fwd.WhichOneof("type") == "file_urls_response" and fwd.file_urls_response.response_id == request_id:
                if fwd.file_urls_response.error_msg:
                    raise RuntimeError(fwd.file_urls_response.error_msg)
                return fwd.file_urls_response.file_urls[0]

    def _put(self, upload_url: str, name: str, data: bytes) -> None:
        with urllib.request.urlopen(self.http_url + "/_stcore/health", timeout=30) as response:  # sets the XSRF cookie
            cookies = response.headers.get_all("Set-Cookie") or []
        token = next((c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("_streamlit_xsrf=")), "")
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: text/csv\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        url = upload_url if upload_url.startswith("http") else self.http_url + upload_url
        put = urllib.request.Request(url, data=body, method="PUT")
        put.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        if token:
            put.add_header("Cookie", f"_streamlit_xsrf={token}")
            put.add_header("X-Xsrftoken", token)
        with urllib.request.urlopen(put, timeout=60) as response:
            if response.status not in (200, 204):
                raise RuntimeError(f"upload answered {response.status}")

    async def _run(
        self,
        widgets: dict[str, float] | None,
        timeout: float,
        states: list[WidgetState] = (),
        fragment_id: str = "",
    ) -> RunResult:
        msg = BackMsg()
        self._client_state(msg, widgets, states, fragment_id)
        if not fragment_id:  # a whole-page run registers its fragments' timers anew, as the browser does
            self.auto_reruns.clear()
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
                self.session_id = fwd.new_session.initialize.session_id or self.session_id
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
                result.query_string = self.query_string
            elif kind == "auto_rerun":
                self.auto_reruns[fwd.auto_rerun.fragment_id] = fwd.auto_rerun.interval
            elif kind == "stop_auto_rerun":
                for fragment_id in fwd.stop_auto_rerun.fragment_ids or list(self.auto_reruns):
                    self.auto_reruns.pop(fragment_id, None)
            elif kind == "delta":
                self._delta(fwd, result)
            elif kind == "session_event":
                event = fwd.session_event
                if event.HasField("script_compilation_exception"):
                    exc = event.script_compilation_exception
                    result.exceptions.append(f"compile: {exc.type}: {exc.message}")
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    self.auto_reruns.clear()  # a whole-page run follows: it registers its timers anew
                    continue  # st.rerun() or a newer request: the run that follows is the answer
                if fwd.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                    result.status = ForwardMsg.FINISHED_SUCCESSFULLY
                    return
                result.status = fwd.script_finished
                if fwd.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    result.exceptions.append(f"script_finished status {fwd.script_finished}")
                return

    def _delta(self, fwd: ForwardMsg, result: RunResult) -> None:
        delta = fwd.delta
        if delta.WhichOneof("type") == "add_block" and delta.add_block.WhichOneof("type") == "popover":
            widget_id = delta.add_block.popover.id  # set when the pop-over tracks its open state
            if widget_id:
                self.widget_ids[_user_key(widget_id)] = widget_id
            return
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
            result.texts.append(("alert", element.alert.body))
        elif kind == "slider" and element.slider.id.endswith(f"-{self.slider_key}"):
            self.slider_id = element.slider.id
        elif kind == "component_instance":
            result.component_args.append(element.component_instance.json_args)
        elif kind == "bidi_component":
            if element.bidi_component.component_name.endswith("rjw_map_bridge"):
                self.bridge_id = element.bidi_component.id
            result.component_args.append(element.bidi_component.json)
        elif kind == "alert":
            result.texts.append(("alert", element.alert.body))
        elif kind == "markdown":
            result.texts.append(("markdown", element.markdown.body))
        elif kind == "progress":
            result.texts.append(("progress", element.progress.text))
        elif kind == "code":
            result.texts.append(("code", element.code.code_text))
        if kind in ("button", "number_input", "date_input", "file_uploader", "radio", "download_button"):
            widget_id = getattr(element, kind).id
            self.widget_ids[_user_key(widget_id)] = widget_id
