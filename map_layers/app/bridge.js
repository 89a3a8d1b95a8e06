/* The bridge between Streamlit and the map's time player (a Streamlit components-v2 module).
 *
 * The player document (folium's map with map_layers/js/player.js, the same document the
 * standalone export saves) lives in one iframe that this module creates once and keeps across
 * reruns, so the map keeps its view and its clock. The browser evaluates time; Streamlit only
 * hears the *settled* day and view (the player's "settle" event) and sends back commands
 * (go to a day, fly to a place) numbered so that each is applied once.
 *
 * State sent back: "settled" ({date, view, layers, size}), "painted" (true, once per page) and
 * "lostUpload" (the name of the file whose events were drawn, when a new server session, after a
 * restart, no longer has them: the page outlives the server's sessions, so it can say what was lost).
 *
 * data = {src, start: {date, view, layers, presenter}, layers, command: {seq, date, fly}|null,
 *         userEvents: url|null, uploadName: string|null, session: string, title, keys}
 */
const HANDLED_KEYS = new Set([
  "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown", "Escape", "p", "P", "t", "T", " ",
]);
// Where the page's own controls need the key themselves.
const OWN_KEYS_SELECTOR =
  "input, textarea, select, button, a[href], [contenteditable=''], [contenteditable='true'], " +
  "[role='slider'], [role='radio'], [role='tab'], [role='option'], [role='listbox'], [role='combobox'], " +
  "[role='menuitem'], [role='button'], [role='switch'], [role='checkbox']";

function hashOf(start) {
  const parts = [];
  if (start.date) parts.push("date=" + encodeURIComponent(start.date));
  if (start.view) parts.push("view=" + [start.view.lat, start.view.lon, start.view.zoom].join(","));
  if (start.layers) parts.push("layers=" + start.layers.join(","));
  if (start.presenter) parts.push("presenter=1");
  return parts.join("&");
}

class Host {
  constructor(root) {
    this.root = root;
    this.frame = null;
    this.src = null;
    this.player = null;
    this.seq = 0; // the last command applied
    this.queue = []; // what to do once the player is ready
    this.layers = null;
    this.userEvents = null;
    this.lastSent = "";
    this.painted = false; // the first frame has been reported
    this.uploadName = null; // the file whose events are drawn, and the server session that sent them
    this.uploadSession = null;
    root.classList.add("rjw-bridge");
    this.fit = () => this.fitHeight();
    window.addEventListener("resize", this.fit);
    // The bar above the map changes height as Streamlit lays the page out (notices, the
    // presenter view, wrapping on a phone): follow any change of the page's layout.
    if (window.ResizeObserver) {
      const content = document.querySelector("[data-testid='stMainBlockContainer']") || document.body;
      new ResizeObserver(this.fit).observe(content);
    }
    if (!window.__rjwKeysForwarded) {
      window.__rjwKeysForwarded = true;
      document.addEventListener("keydown", (event) => window.__rjwHost && window.__rjwHost.forward(event));
    }
    window.__rjwHost = this;
  }

  /* Keys pressed on the Streamlit page (not in the map's own document) drive the player too. */
  forward(event) {
    if (!this.player || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (!HANDLED_KEYS.has(event.key)) return;
    const target = event.target;
    if (target && target.closest && target.closest(OWN_KEYS_SELECTOR)) return;
    this.player.key({ key: event.key, shiftKey: event.shiftKey, target: null });
    event.preventDefault();
  }

  update(data) {
    const name = data.uploadName || null;
    // Events drawn for one server session, none from another: the server restarted and lost
    // them (the same session sending none means the user removed the file).
    if (this.uploadName && !name && data.session !== this.uploadSession) {
      this.setStateValue("lostUpload", this.uploadName);
    }
    this.uploadName = name;
    this.uploadSession = data.session;
    const src = data.src + (data.start.presenter ? "#presenter" : "");
    if (src !== this.src) this.load(data, src);
    else this.fitHeight(); // the bar above may have changed (a notice, the presenter view)
    this.whenReady(() => this.apply(data));
  }

  /* A new document: the first one, another language or presenter mode. The day, view and
   * layers on screen carry over through the document's hash. */
  load(data, src) {
    const start = Object.assign({}, data.start);
    if (this.player) {
      start.date = this.player.day();
      start.view = this.player.view();
    }
    this.src = src;
    this.player = null;
    this.layers = null;
    this.userEvents = null;
    const frame = document.createElement("iframe");
    frame.className = "rjw-map-frame";
    frame.setAttribute("title", data.title);
    frame.setAttribute("allow", "fullscreen");
    frame.setAttribute("data-testid", "rjw-map-frame");
    frame.src = data.src + "#" + hashOf(start);
    frame.addEventListener("load", () => this.attach(frame));
    if (this.frame) this.frame.replaceWith(frame); else this.root.appendChild(frame);
    this.frame = frame;
    this.fitHeight();
  }

  /* The map takes what the window has left below the bar above it (a page may scroll on to the
   * event list and the timeline below). */
  fitHeight() {
    if (!this.frame) return;
    // Where the frame's top is with the page scrolled to its top (Streamlit scrolls <main>).
    const scroller = this.frame.closest("[data-testid='stMain']");
    const top = this.frame.getBoundingClientRect().top + (scroller ? scroller.scrollTop : window.scrollY);
    const height = Math.max(320, Math.floor(window.innerHeight - top - 8)) + "px";
    if (this.frame.style.height !== height) this.frame.style.height = height;
  }

  attach(frame, tries = 0) {
    if (frame !== this.frame) return;
    const player = frame.contentWindow && frame.contentWindow.RJWPlayer;
    if (!player) {
      if (tries < 600) window.requestAnimationFrame(() => this.attach(frame, tries + 1));
      return;
    }
    this.player = player;
    player.on("settle", (state) => this.settled(state));
    if (!this.painted) {
      // Once per page, after the map's first frame is on screen: Streamlit then draws what lies
      // below the map (the event list, the charts), which would otherwise compete with it.
      this.painted = true;
      frame.contentWindow.requestAnimationFrame(() => setTimeout(() => this.setStateValue("painted", true), 0));
    }
    const waiting = this.queue;
    this.queue = [];
    waiting.forEach((job) => job());
  }

  whenReady(job) {
    if (this.player) job(); else this.queue = [job];
  }

  apply(data) {
    const player = this.player;
    const layers = JSON.stringify(data.layers);
    if (layers !== this.layers) {
      this.layers = layers;
      player.setLayers(data.layers);
    }
    if (data.userEvents !== this.userEvents) {
      const url = data.userEvents;
      this.userEvents = url;
      if (!url) player.setUserEvents([]);
      else fetch(url).then((r) => r.json()).then((list) => { if (this.userEvents === url) player.setUserEvents(list); });
    }
    const command = data.command;
    if (command && command.seq > this.seq) {
      this.seq = command.seq;
      if (command.date) player.setDay(command.date);
      if (command.fly) player.flyTo(command.fly[0], command.fly[1], command.fly[2]);
    }
  }

  settled(state) {
    const frame = this.frame;
    const message = {
      date: state.date,
      view: state.view,
      layers: state.layers,
      size: [frame.clientWidth, frame.clientHeight],
    };
    const text = JSON.stringify(message);
    if (text === this.lastSent) return;
    this.lastSent = text;
    this.setStateValue("settled", message);
  }
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  const host = parentElement.__rjwHost || (parentElement.__rjwHost = new Host(parentElement));
  host.setStateValue = setStateValue;
  host.update(data);
}
