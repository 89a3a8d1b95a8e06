/* The map's time player: evaluates any instant of a compiled timeline (map_layers/timeline.py).
 *
 * Python decides what is true; this file only evaluates intervals and interpolations, rule for
 * rule as map_layers/timeslice.py does on whole days (inclusive ranges, the event fade window,
 * movement interpolation), so visibleIds() on a day equals the ids slice_day returns.
 * Time t is a fractional day number (days since 1970-01-01; negative in our period); the day
 * shown is floor(t). Territories, railways, event visibility and the story change by day;
 * movement heads, their trails and event fading follow t continuously, so play glides.
 *
 * A paint touches only what changed: territories/railways/story when the day changes, events
 * through a bucket index by day (never a loop over every marker), heads of units on the move.
 *
 * window.RJWPlayer is the one API for both hosts (the standalone file and the app's bridge);
 * see docs/timeline.md for the contract.
 */
(function () {
  "use strict";
  var DAY_MS = 86400000;
  var BUCKET = 32; /* days per bucket of the event index */
  var TRAIL_PARTS = 6;
  var SETTLE_MS = 250;
  var LABELS_MS = 80; /* place labels once day steps pause this long (a held arrow key repaints only) */
  var LAYERS = ["territories", "railways", "movements", "events"];
  var PANES = { land: 250, territories: 350, fronts: 410, railways: 420, movements: 440, heads: 580 };
  /* What place labels keep clear of (map_layers/labels.py OBSTACLES). */
  var LABEL_OBSTACLES = ".rjw-event, .rjw-head";

  /* ---------- days and calendars ---------- */
  function isoOf(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }
  function dayOfIso(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
    if (!m) { return null; }
    var y = +m[1], mo = +m[2], d = +m[3];
    var ms = Date.UTC(y, mo - 1, d);
    var back = new Date(ms);
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) { return null; }
    return Math.round(ms / DAY_MS);
  }
  /* Julian calendar date of a day number, via the Julian Day Number (1970-01-01 = JDN 2440588). */
  function julianOf(day) {
    var c = day + 2440588 + 32082;
    var d = Math.floor((4 * c + 3) / 1461);
    var e = c - Math.floor(1461 * d / 4);
    var m = Math.floor((5 * e + 2) / 153);
    return {
      y: d - 4800 + Math.floor(m / 10),
      m: m + 3 - 12 * Math.floor(m / 10),
      d: e - Math.floor((153 * m + 2) / 5) + 1
    };
  }
  /* A text with {placeholders} filled; a plural text (forms by CLDR category, see i18n.PLURALS)
   * takes the form that the page language's rules pick for values.count. */
  function fill(text, values) {
    if (text && typeof text === "object") {
      var rules = new Intl.PluralRules(document.documentElement.lang || "en");
      text = text[rules.select(Number(values.count))] || text.other;
    }
    return String(text).replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  /* ---------- geometry of movements (movement.py progress_on) ---------- */
  function bearingOf(done) {
    for (var i = done.length - 1; i > 0; i--) {
      var a = done[i - 1], b = done[i];
      if (a[0] !== b[0] || a[1] !== b[1]) {
        var east = (b[0] - a[0]) * Math.cos(((a[1] + b[1]) / 2) * Math.PI / 180);
        var deg = Math.atan2(east, b[1] - a[1]) * 180 / Math.PI;
        return ((deg % 360) + 360) % 360;
      }
    }
    return 0;
  }
  function close(a, b) { /* numpy.allclose defaults */
    return Math.abs(a[0] - b[0]) <= 1e-8 + 1e-5 * Math.abs(b[0]) &&
      Math.abs(a[1] - b[1]) <= 1e-8 + 1e-5 * Math.abs(b[1]);
  }
  /* Index of the last waypoint reached at t (-1 before the first). */
  function reachedAt(m, t) {
    var lo = 0, hi = m.t.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (m.t[mid] <= t) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }
  function pointAt(m, t) {
    var r = reachedAt(m, t), n = m.xy.length;
    if (r < 0) { return m.xy[0]; }
    if (r >= n - 1) { return m.xy[n - 1]; }
    var t0 = m.t[r], t1 = m.t[r + 1], share = (t - t0) / (t1 - t0), a = m.xy[r], b = m.xy[r + 1];
    return [a[0] + share * (b[0] - a[0]), a[1] + share * (b[1] - a[1])];
  }
  function progress(m, t) {
    var r = reachedAt(m, t), n = m.xy.length, done;
    if (r >= n - 1) { done = m.xy.slice(); } else { done = m.xy.slice(0, r + 1); done.push(pointAt(m, t)); }
    return {
      done: done,
      head: done[done.length - 1],
      travelled: done.length >= 2 && !close(done[0], done[done.length - 1]),
      bearing: bearingOf(done)
    };
  }
  /* The travelled path cut into runs of land and sea legs (movement.py mode_parts):
   * {land: [[latlng]], sea: [[latlng]]}; leg i of done is leg i of the whole path. */
  function modeRuns(done, sea) {
    var out = { land: [], sea: [] }, start = 0, legs = done.length - 1;
    function flag(i) { return sea[Math.min(i, sea.length - 1)] ? "sea" : "land"; }
    for (var i = 1; i <= legs; i++) {
      if (i === legs || flag(i) !== flag(start)) {
        out[flag(start)].push(latlngs(done.slice(start, i + 1)));
        start = i;
      }
    }
    return out;
  }
  /* The path between times a < b: its end points and the waypoints between. */
  function pathBetween(m, a, b) {
    var out = [pointAt(m, a)];
    for (var i = 0; i < m.t.length; i++) { if (m.t[i] > a && m.t[i] < b) { out.push(m.xy[i]); } }
    out.push(pointAt(m, b));
    return out;
  }
  function latlngs(xy) { return xy.map(function (c) { return [c[1], c[0]]; }); }

  /* ---------- the event index: which events can be visible on a day ---------- */
  function EventIndex(list, first, last, fade) {
    this.list = list;
    this.first = first;
    this.fade = fade;
    this.buckets = [];
    var count = Math.floor((last - first) / BUCKET) + 1;
    for (var b = 0; b < count; b++) { this.buckets.push([]); }
    for (var i = 0; i < list.length; i++) {
      var ev = list[i];
      var from = Math.max(0, Math.floor((ev.s - first) / BUCKET));
      var to = Math.min(count - 1, Math.floor((ev.e + fade - first) / BUCKET));
      for (var k = from; k <= to; k++) { this.buckets[k].push(i); }
    }
    this.starts = list.map(function (ev) { return ev.s; }).sort(function (a, b) { return a - b; });
  }
  /* Events with s <= day <= e + fade, in (s, id) order. */
  EventIndex.prototype.on = function (day) {
    var bucket = this.buckets[Math.floor((day - this.first) / BUCKET)] || [], out = [];
    for (var i = 0; i < bucket.length; i++) {
      var ev = this.list[bucket[i]];
      if (ev.s <= day && day <= ev.e + this.fade) { out.push(ev); }
    }
    return out;
  };

  /* ---------- the player ---------- */
  function Player(map, data, options) {
    var self = this;
    this.map = map;
    this.data = data;
    this.options = options || {};
    this.ui = data.ui || {};
    this.first = data.first;
    this.last = data.last;
    this.fade = data.fade;
    this.linger = data.linger;
    this.listeners = { settle: [], frame: [] };
    this.frame = 0;
    this.t = null;
    this.day = null;
    this.layers = {};
    this.speed = 30;
    this.loop = false;
    this.range = [this.first, this.last];
    this.isPlaying = false;
    this.dragging = false;
    this.tourIndex = -1;
    this.lastSettled = null;
    this.settleTimer = null;
    this.container = map.getContainer();

    if (map.keyboard) { map.keyboard.disable(); } /* arrows step time here, not pan */
    Object.keys(PANES).forEach(function (name) {
      if (!map.getPane(name)) { map.createPane(name).style.zIndex = PANES[name]; }
    });
    map.getPane("land").style.pointerEvents = "none";
    if (data.land && data.land.length) {
      L.geoJSON({ type: "FeatureCollection", features: data.land.map(function (g) {
        return { type: "Feature", properties: {}, geometry: g };
      }) }, { pane: "land", interactive: false, style: function () { return data.styles.land; } }).addTo(map);
    }
    this.buildLayers();
    this.setUserEvents(data.user_events || [], true);
    this.buildUi();

    var start = this.startState();
    LAYERS.forEach(function (name) { self.layers[name] = start.layers.indexOf(name) >= 0; });
    if (start.view) { map.setView([start.view.lat, start.view.lon], start.view.zoom, { animate: false }); }
    if (start.presenter) { document.documentElement.classList.add("rjw-presenter"); }
    this.syncLayerBoxes();
    this.paint(start.day, true);
    /* The first frame shows the day; the place names and the time bar's density ticks follow
     * it (making the labels measures each one, and the ticks read the bar's width: layouts
     * that would otherwise hold the first frame back by a third). */
    this.afterFirstFrame(function () {
      self.buildLabels(self.day);
      self.placeLabels();
      self.drawTicks();
    });
    map.on("movestart", function () { self.cancelSettle(); });
    map.on("moveend", function () { self.keptCentre = map.getCenter(); self.scheduleSettle(); });
    /* A resized container (the host page's layout, full screen) keeps the centre exactly: Leaflet's
     * own pan rounds to whole pixels, which would nudge a permalink's view on every reload. */
    this.keptCentre = map.getCenter();
    map.on("resize", function () {
      // Not while a zoom animates: getZoom() is still the old level and would cancel the zoom.
      if (!map._animatingZoom) { map.setView(self.keptCentre, map.getZoom(), { animate: false }); }
    });
    this.lastSettled = JSON.stringify(this.settleState());
    this.announcedDay = this.day; /* the first day is on screen, not news */
  }

  /* Startup state: the URL hash if valid, else the element's options. */
  Player.prototype.startState = function () {
    var o = this.options, state = {
      day: this.clampDay(dayOfIso(o.day) !== null ? dayOfIso(o.day) : this.first),
      layers: (o.layers && o.layers.length !== undefined ? o.layers : LAYERS).filter(function (n) { return LAYERS.indexOf(n) >= 0; }),
      view: null,
      presenter: !!o.presenter
    };
    if (o.view && isFinite(o.view.lat) && isFinite(o.view.lon) && isFinite(o.view.zoom)) { state.view = o.view; }
    var hash = parseHash(window.location.hash, this.first, this.last);
    if (hash.day !== undefined) { state.day = hash.day; }
    if (hash.view) { state.view = hash.view; }
    if (hash.layers) { state.layers = hash.layers; }
    if (hash.presenter !== undefined) { state.presenter = hash.presenter; }
    return state;
  };

  function parseHash(hash, first, last) {
    var out = {};
    String(hash || "").replace(/^#/, "").split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq < 0) { return; }
      var name = part.slice(0, eq), value;
      try { value = decodeURIComponent(part.slice(eq + 1)); } catch (e) { return; }
      if (name === "date") {
        var day = dayOfIso(value);
        if (day !== null && day >= first && day <= last) { out.day = day; }
      } else if (name === "view") {
        var v = value.split(",").map(Number);
        if (v.length === 3 && v.every(isFinite) && Math.abs(v[0]) <= 85 && Math.abs(v[1]) <= 180 && v[2] >= 2 && v[2] <= 10) {
          out.view = { lat: v[0], lon: v[1], zoom: v[2] };
        }
      } else if (name === "layers") {
        var names = value.split(",").filter(function (n) { return LAYERS.indexOf(n) >= 0; });
        if (names.length || value === "") { out.layers = names; }
      } else if (name === "presenter") {
        if (value === "1" || value === "0") { out.presenter = value === "1"; }
      }
    });
    return out;
  }

  Player.prototype.clampDay = function (t) { return Math.max(this.first, Math.min(this.last, t)); };

  /* ---------- layers: built once, toggled by day ---------- */
  Player.prototype.buildLayers = function () {
    var data = this.data, map = this.map;
    this.groups = {
      territories: L.layerGroup().addTo(map),
      fronts: L.layerGroup().addTo(map),
      railways: L.layerGroup().addTo(map),
      movements: L.layerGroup().addTo(map),
      heads: L.layerGroup().addTo(map),
      events: L.layerGroup().addTo(map)
    };
    this.territories = (data.territories || []).map(function (f) {
      var layer = L.geoJSON({ type: "Feature", properties: {}, geometry: f.g }, {
        pane: "territories", style: function () { return data.styles.territory[f.st]; }
      });
      layer.bindTooltip(f.tip, { sticky: true });
      return { id: f.id, s: f.s, e: f.e, st: f.st, layer: layer, shown: false };
    });
    this.fronts = (data.front_lines || []).map(function (f) {
      var layer = L.geoJSON({ type: "Feature", properties: {}, geometry: f.g }, {
        pane: "fronts", style: function () { return data.styles.front; }
      });
      layer.bindTooltip(f.tip, { sticky: true });
      return { id: f.id, s: f.s, e: f.e, layer: layer, shown: false };
    });
    this.railways = (data.railways || []).map(function (f) {
      var layer = L.geoJSON({ type: "Feature", properties: {}, geometry: f.g }, { pane: "railways" });
      return { id: f.id, b: f.b, o: f.o, tip: f.tip, layer: layer, shown: false, state: null };
    });
    this.movements = (data.movements || []).map(function (m) {
      var styles = data.styles.movement[m.sd] || data.styles.movement[""];
      var track = L.polyline([], { pane: "movements" });
      track.bindTooltip(m.tip, { sticky: true });
      /* An army's legs carried by sea: a second, dotted line (styles.sea). */
      var seaTrack = null, seaStyles = null;
      if (m.sea && m.sea.indexOf(1) >= 0) {
        seaStyles = (data.styles.sea || {})[m.sd] || (data.styles.sea || {})[""];
        seaTrack = L.polyline([], { pane: "movements" });
        seaTrack.bindTooltip(m.tip, { sticky: true });
      }
      var trail = [];
      for (var k = 0; k < TRAIL_PARTS; k++) {
        trail.push(L.polyline([], {
          pane: "movements", interactive: false, color: styles.moving.color, weight: 6, lineCap: "round",
          opacity: 0.85 * (1 - k / TRAIL_PARTS)
        }));
      }
      var icon = L.divIcon({ className: "rjw-head", html: data.styles.head[m.sd] || data.styles.head[""], iconSize: [26, 26] });
      var head = L.marker([0, 0], { icon: icon, keyboard: false, pane: "heads" });
      head.bindTooltip(m.tip, { direction: "top" });
      return {
        id: m.id, xy: m.xy, t: m.t, u: m.u, sd: m.sd, styles: styles, track: track, trail: trail, head: head,
        sea: seaTrack ? m.sea : null, seaTrack: seaTrack, seaStyles: seaStyles, seaLegs: false,
        trackShown: false, headShown: false, trailShown: false, finished: null, bearing: null, at: null
      };
    });
    this.eventIndex = new EventIndex(this.eventRecords(data.events || [], false), this.first, this.last, this.fade);
  };

  Player.prototype.eventRecords = function (list, user) {
    var icons = this.data.styles.icon || [];
    return list.map(function (ev) {
      return {
        id: ev.id, user: user, s: ev.s, e: ev.e, ll: ev.ll, k: ev.k, sd: ev.sd, ti: ev.ti, st: ev.st, key: ev.key,
        html: ev.icon || icons[ev.ic] || "", pop: ev.pop, tip: ev.tip,
        marker: null, shown: false, opacity: null, current: null
      };
    });
  };

  Player.prototype.markerOf = function (r) {
    if (!r.marker) {
      var icon = L.divIcon({ className: r.user ? "rjw-event rjw-user" : "rjw-event", html: r.html, iconSize: [32, 32] });
      /* Tab reaches the day's markers (Enter opens the popup); focus neither pans the map
       * (autoPanOnFocus) nor hides the tooltip behind the map's edge (direction auto). */
      r.marker = L.marker(r.ll, { icon: icon, riseOnHover: true, keyboard: true, autoPanOnFocus: false });
      r.marker.bindPopup(r.pop, { maxWidth: 380 });
      r.marker.bindTooltip(r.tip, { direction: "auto" });
      var name = plainText(r.tip);
      r.marker.on("add", function () {
        var node = r.marker.getElement();
        if (node) { node.setAttribute("aria-label", name); }
      });
    }
    return r.marker;
  };

  /* ---------- evaluation (pure: what is true at t) ---------- */
  Player.prototype.eventsOn = function (day) {
    var ours = this.layers.events ? this.eventIndex.on(day) : [];
    return ours.concat(this.userIndex ? this.userIndex.on(day) : []);
  };
  Player.prototype.movementOn = function (m, day) {
    return this.layers.movements && day >= m.t[0] && day <= m.t[m.t.length - 1] + this.linger;
  };
  Player.prototype.railwayState = function (r, day) {
    if (!this.layers.railways) { return null; }
    if (r.o !== null && r.o <= day) { return "open"; }
    return r.b !== null && r.b <= day ? "building" : null;
  };

  /* ---------- painting ---------- */
  Player.prototype.paint = function (t, force) {
    t = this.clampDay(+t);
    var day = Math.floor(t), dayChanged = day !== this.day || force;
    this.t = t;
    this.day = day;
    if (dayChanged) {
      this.paintTerritories(day);
      this.paintFronts(day);
      this.paintRailways(day);
      this.paintEventSet(day);
    }
    this.paintEventFade(t);
    this.paintMovements(t, day, force);
    if (dayChanged) {
      this.paintDate(day);
      this.paintStory(day);
      this.paintLegend();
      this.container.setAttribute("data-map-date", isoOf(day));
      this.labelsStale = true;
      if (!this.isPlaying && !this.dragging) { this.scheduleLabels(); }
    }
    if (this.slider && +this.slider.value !== day) { this.slider.value = String(day); }
    /* The time control says its day as a date, not as a day number. */
    if (dayChanged && this.slider) { this.slider.setAttribute("aria-valuetext", this.label(day)); }
    this.frame += 1;
    this.container.setAttribute("data-map-frame", String(this.frame));
    this.emit("frame", { date: isoOf(day), t: t });
  };

  function toggle(group, rec, key, visible, layer) {
    if (rec[key] === visible) { return; }
    rec[key] = visible;
    if (visible) { group.addLayer(layer); } else { group.removeLayer(layer); }
  }

  Player.prototype.paintTerritories = function (day) {
    var on = this.layers.territories, group = this.groups.territories;
    this.territories.forEach(function (r) { toggle(group, r, "shown", on && r.s <= day && day <= r.e, r.layer); });
  };

  Player.prototype.paintFronts = function (day) {
    var on = this.layers.territories, group = this.groups.fronts;
    this.fronts.forEach(function (r) { toggle(group, r, "shown", on && r.s <= day && day <= r.e, r.layer); });
  };

  /* Place labels: created once (labels.js), told the day and re-placed around the markers
   * when the painted day settles; never per play or drag frame (the engine re-places itself
   * on zoom and pan). Markers draw above labels, so a marker is never hidden meanwhile. */
  Player.prototype.buildLabels = function (day) {
    if (!window.RJWLabels || !(this.data.places || []).length) { return; }
    this.labels = window.RJWLabels(this.map, this.data.places, {
      lang: this.data.lang || "en", day: isoOf(day), obstacleSelector: LABEL_OBSTACLES,
      coverSelector: ".rjw-panel:not([hidden])"
    });
    /* Opening or closing a panel changes what it covers. */
    var self = this;
    [this.storyPanel, this.legendPanel].forEach(function (panel) {
      panel.addEventListener("toggle", function () { self.placeLabels(); });
    });
  };
  Player.prototype.placeLabels = function () {
    if (this.labelsTimer) { clearTimeout(this.labelsTimer); this.labelsTimer = null; }
    this.labelsStale = false;
    if (!this.labels) { return; }
    this.labels.setDay(isoOf(this.day));
    this.container.setAttribute("data-labels-date", isoOf(this.day));
  };
  Player.prototype.scheduleLabels = function () {
    var self = this;
    if (this.labelsTimer) { clearTimeout(this.labelsTimer); }
    this.labelsTimer = setTimeout(function () { self.labelsTimer = null; if (!self.isPlaying) { self.placeLabels(); } }, LABELS_MS);
  };

  Player.prototype.paintRailways = function (day) {
    var self = this, group = this.groups.railways, styles = this.data.styles.railway;
    this.railways.forEach(function (r) {
      var state = self.railwayState(r, day);
      if (state && state !== r.state) {
        r.layer.setStyle(styles[state]);
        r.layer.unbindTooltip().bindTooltip(r.tip[state === "open" ? 0 : 1], { sticky: true });
      }
      r.state = state;
      toggle(group, r, "shown", state !== null, r.layer);
    });
  };

  Player.prototype.paintEventSet = function (day) {
    var self = this, group = this.groups.events, next = this.eventsOn(day), keep = new Set(next);
    (this.shownEvents || []).forEach(function (r) {
      if (!keep.has(r)) { toggle(group, r, "shown", false, r.marker); r.current = null; r.opacity = null; }
    });
    next.forEach(function (r) {
      toggle(group, r, "shown", true, self.markerOf(r));
      var current = day <= r.e, el = r.marker.getElement();
      if (current !== r.current && el && el.firstChild) {
        el.firstChild.classList.toggle("rjw-current", current);
        r.marker.setZIndexOffset((r.user ? 2000 : 0) + (current ? 1000 : 0));
        r.current = current;
      }
    });
    this.shownEvents = next;
  };

  /* Opacity follows t: 1 while under way, then down over FADE_DAYS (+1) days. */
  Player.prototype.paintEventFade = function (t) {
    var fade = this.fade;
    (this.shownEvents || []).forEach(function (r) {
      var age = Math.min(Math.max(t - r.e, 0), fade + 1);
      var opacity = Math.round((1 - age / (fade + 1)) * 1000) / 1000;
      if (opacity !== r.opacity) { r.marker.setOpacity(opacity); r.opacity = opacity; }
    });
  };

  Player.prototype.trailDays = function () { return Math.max(3, Math.min(120, this.speed * 0.75)); };

  Player.prototype.paintMovements = function (t, day, force) {
    var self = this, tracks = this.groups.movements, heads = this.groups.heads, trailDays = this.trailDays();
    this.movements.forEach(function (m) {
      var on = self.movementOn(m, day);
      if (!on) {
        if (m.trackShown || m.headShown || m.trailShown) {
          toggle(tracks, m, "trackShown", false, m.track);
          if (m.seaTrack) { toggle(tracks, m, "seaShown", false, m.seaTrack); }
          toggle(heads, m, "headShown", false, m.head);
          self.showTrail(m, false);
        }
        m.at = null; m.bearing = null;
        return;
      }
      if (!force && m.at && m.tPainted === t) { return; }
      m.tPainted = t;
      var p = progress(m, t), last = m.t[m.t.length - 1], finished = t >= last;
      if (finished !== m.finished) {
        m.track.setStyle(m.styles[finished ? "finished" : "moving"]);
        if (m.seaTrack) { m.seaTrack.setStyle(m.seaStyles[finished ? "finished" : "moving"]); }
        m.finished = finished;
      }
      if (m.seaTrack) {
        var runs = p.travelled ? modeRuns(p.done, m.sea) : { land: [], sea: [] };
        m.seaLegs = runs.sea.length > 0;
        if (p.travelled) { m.track.setLatLngs(runs.land); m.seaTrack.setLatLngs(runs.sea); }
        toggle(tracks, m, "seaShown", p.travelled && m.seaLegs, m.seaTrack);
      } else if (p.travelled) { m.track.setLatLngs(latlngs(p.done)); }
      toggle(tracks, m, "trackShown", p.travelled, m.track);
      m.head.setLatLng([p.head[1], p.head[0]]);
      toggle(heads, m, "headShown", true, m.head);
      var el = m.head.getElement();
      var bearing = Math.round(p.bearing);
      if (el && el.firstChild && (bearing !== m.bearing || force)) {
        el.firstChild.style.transform = "rotate(" + bearing + "deg)";
        m.bearing = bearing;
      }
      m.at = [p.head[0], p.head[1], p.bearing];
      /* A short fading trail behind a moving head (kepler.gl's trips layer). */
      var moving = t > m.t[0] && t < last;
      self.showTrail(m, moving);
      if (moving) {
        var from = Math.max(m.t[0], t - trailDays), step = (t - from) / TRAIL_PARTS;
        for (var k = 0; k < TRAIL_PARTS; k++) {
          m.trail[k].setLatLngs(latlngs(pathBetween(m, t - (k + 1) * step, t - k * step)));
        }
      }
    });
  };

  Player.prototype.showTrail = function (m, visible) {
    if (m.trailShown === visible) { return; }
    m.trailShown = visible;
    var group = this.groups.movements;
    m.trail.forEach(function (line) { if (visible) { group.addLayer(line); } else { group.removeLayer(line); } });
  };

  /* ---------- overlays: date, story, legend, tour; the time bar ---------- */
  /* The text of escaped HTML (a tooltip), parsed inert: nothing in it loads or runs. */
  function plainText(html) {
    var body = new DOMParser().parseFromString(String(html || "").replace(/<br\s*\/?>/gi, " "), "text/html").body;
    return (body.innerText || body.textContent || "").replace(/\s+/g, " ").trim();
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function shield(node) {
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    return node;
  }

  Player.prototype.label = function (day) {
    var d = new Date(day * DAY_MS);
    return fill(this.data.months[d.getUTCMonth()], { y: d.getUTCFullYear(), d: d.getUTCDate() });
  };
  Player.prototype.oldStyleLine = function (day) {
    var j = julianOf(day);
    var text = fill(this.data.months[j.m - 1], { y: j.y, d: j.d });
    var year = new Date(day * DAY_MS).getUTCFullYear();
    return fill(this.ui.export_old_style, { date: text }) + " · " + fill(this.ui.meiji, { year: year - 1867 });
  };

  Player.prototype.buildUi = function () {
    var self = this, ui = this.ui, dir = this.data.dir || "ltr", lang = this.data.lang || "en";
    this.buildControls(dir);
    var overlay = el("div", { "class": "rjw-overlay", dir: dir, lang: lang });
    this.container.appendChild(overlay);
    var side = el("div", { "class": "rjw-side" });
    overlay.appendChild(side);

    this.datePanel = shield(el("div", { "class": "rjw-panel rjw-date", "data-testid": "rjw-date" }));
    this.dateBig = el("div", { "class": "rjw-date-big" });
    this.dateSub = el("div", { "class": "rjw-date-sub" });
    this.datePanel.appendChild(this.dateBig);
    this.datePanel.appendChild(this.dateSub);
    side.appendChild(this.datePanel);

    this.storyPanel = shield(el("details", { "class": "rjw-panel rjw-story", "data-testid": "rjw-story" }));
    if (window.matchMedia && !window.matchMedia("(max-width: 600px)").matches) { this.storyPanel.open = true; }
    this.storyPanel.appendChild(el("summary", {}, ui.player_story));
    this.storyBody = el("div", { "class": "rjw-story-body" });
    this.storyPanel.appendChild(this.storyBody);
    side.appendChild(this.storyPanel);

    this.legendPanel = shield(el("details", { "class": "rjw-panel rjw-legend", "data-testid": "rjw-legend" }));
    /* Open where it leaves the map room (a projector); a laptop or phone opens it on demand. */
    if (window.matchMedia && window.matchMedia("(min-width: 1200px) and (min-height: 820px)").matches) {
      this.legendPanel.open = true;
    }
    this.legendPanel.appendChild(el("summary", {}, ui.legend));
    var boxes = el("div", { "class": "rjw-layers", role: "group", "aria-label": ui.layers });
    this.layerBoxes = {};
    LAYERS.forEach(function (name) {
      var lab = el("label"), box = el("input", { type: "checkbox", "data-layer": name });
      box.addEventListener("change", function () {
        var chosen = LAYERS.filter(function (n) { return self.layerBoxes[n].checked; });
        self.setLayers(chosen);
      });
      self.layerBoxes[name] = box;
      lab.appendChild(box);
      lab.appendChild(document.createTextNode(" " + ui["layer_" + name]));
      boxes.appendChild(lab);
    });
    this.legendPanel.appendChild(boxes);
    this.legendRows = (this.data.legend || []).map(function (entry) {
      var row = el("div", { "class": "rjw-legend-row", "data-layer": entry.layer, "data-key": entry.k });
      row.innerHTML = entry.html; /* escaped by Python (legend.py) */
      self.legendPanel.appendChild(row);
      return row;
    });
    overlay.appendChild(this.legendPanel);

    /* Screen readers hear the day once it settles (a step, a drag's end, a pause), never per frame. */
    this.announcer = el("div", { "class": "rjw-sr", role: "status", "aria-live": "polite", "aria-atomic": "true",
      "data-testid": "rjw-announce" });
    overlay.appendChild(this.announcer);
    this.announcedDay = null;

    this.tourCard = shield(el("div", { "class": "rjw-panel rjw-tour", "data-testid": "rjw-tour", hidden: "",
      role: "region", "aria-label": ui.tour_card }));
    overlay.appendChild(this.tourCard);

    this.buildBar();
    document.addEventListener("keydown", function (e) {
      if (self.key(e)) { e.preventDefault(); e.stopPropagation(); }
    }, true);
    document.addEventListener("fullscreenchange", function () {
      setTimeout(function () { self.map.invalidateSize(); self.drawTicks(); }, 50);
    });
    window.addEventListener("resize", function () { self.drawTicks(); });
  };

  /* Leaflet's controls in the page's language: zoom buttons, a metric scale (كم in Arabic),
   * the credit line, popups' close button; markers reachable by Tab with their title as name. */
  Player.prototype.buildControls = function (dir) {
    var map = this.map, ui = this.ui, corner = dir === "rtl" ? "bottomleft" : "bottomright";
    if (map.zoomControl) { map.removeControl(map.zoomControl); }
    map.zoomControl = L.control.zoom({ position: corner, zoomInTitle: ui.map_zoom_in, zoomOutTitle: ui.map_zoom_out }).addTo(map);
    var Scale = L.Control.Scale.extend({
      _updateMetric: function (maxMeters) {
        var meters = this._getRoundNum(maxMeters);
        var text = meters < 1000 ? fill(ui.map_scale_m, { n: meters }) : fill(ui.map_scale_km, { n: meters / 1000 });
        this._updateScale(this._mScale, text, meters / maxMeters);
      }
    });
    new Scale({ metric: true, imperial: false, position: dir === "rtl" ? "bottomright" : "bottomleft" }).addTo(map);
    if (map.attributionControl) {
      var credit = el("a", { href: "https://leafletjs.com", title: ui.map_leaflet_credit || "" }, "Leaflet");
      map.attributionControl.setPrefix(credit.outerHTML);
    }
    var container = this.container;
    container.classList.toggle("rjw-rtl", dir === "rtl");
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", ui.map_region || "");
    var self = this;
    map.on("popupopen", function (e) {
      var close = e.popup.getElement() && e.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", ui.map_close_popup); close.setAttribute("title", ui.map_close_popup); }
      self.keepPopupClear(e.popup);
    });
  };

  /* A popup opens clear of the panels on the map (legend, date and story), which sit above
   * Leaflet's panes: the map pans it into the room between them. */
  Player.prototype.keepPopupClear = function (popup) {
    var box = this.container.getBoundingClientRect(), left = 10, right = 10, top = 10;
    [this.legendPanel, this.datePanel, this.storyPanel].forEach(function (panel) {
      if (!panel) { return; }
      var r = panel.getBoundingClientRect();
      if (!r.width) { return; }
      if (r.left - box.left < box.width / 2) { left = Math.max(left, r.right - box.left + 10); }
      else { right = Math.max(right, box.right - r.left + 10); }
    });
    var node = popup.getElement(), map = this.map;
    if (!node || left + right > box.width - 200) { return; } /* no room between them: leave the view alone */
    var r = node.getBoundingClientRect(), dx = 0, dy = 0;
    if (r.left < box.left + left) { dx = r.left - box.left - left; }
    else if (r.right > box.right - right) { dx = Math.min(r.right - box.right + right, r.left - box.left - left); }
    if (r.top < box.top + top) { dy = r.top - box.top - top; }
    if (dx || dy) { map.panBy([dx, dy]); }
  };

  Player.prototype.buildBar = function () {
    var self = this, ui = this.ui, data = this.data;
    var bar = document.getElementById("rjw-bar");
    if (!bar) { bar = el("div", { id: "rjw-bar" }); this.container.parentNode.insertBefore(bar, this.container.nextSibling); }
    bar.setAttribute("dir", "ltr"); /* media controls run left to right in both languages */
    bar.setAttribute("lang", data.lang || "en");
    bar.classList.add("rjw-bar");
    function button(text, title, action, cls) {
      var b = el("button", { type: "button", title: title, "aria-label": title, "class": cls || "" }, text);
      b.addEventListener("click", action);
      return b;
    }
    this.playButton = button(ui.play, ui.play_help, function () { self.toggle(); }, "rjw-play");
    this.playButton.setAttribute("data-testid", "rjw-play");
    var steps = el("span", { "class": "rjw-steps" });
    steps.appendChild(button("⏮", ui.prev_event_help, function () { self.stepEvent(-1); }));
    steps.appendChild(button("◀", ui.prev_day_help, function () { self.stepDay(-1); }));
    steps.appendChild(button("▶", ui.next_day_help, function () { self.stepDay(1); }));
    steps.appendChild(button("⏭", ui.next_event_help, function () { self.stepEvent(1); }));

    var track = el("div", { "class": "rjw-track" });
    this.ticks = el("canvas", { "class": "rjw-ticks", "aria-hidden": "true" });
    this.slider = el("input", {
      type: "range", min: String(this.first), max: String(this.last), step: "1", value: String(this.first),
      "data-time-control": "", "aria-label": ui.date, "class": "rjw-slider"
    });
    track.appendChild(this.ticks);
    track.appendChild(this.slider);
    this.slider.addEventListener("input", function () {
      self.pause(true);
      self.paint(+self.slider.value);
      if (!self.dragging) { self.scheduleSettle(); }
    });
    this.slider.addEventListener("pointerdown", function () { self.dragging = true; self.cancelSettle(); });
    function release() {
      if (self.dragging) { self.dragging = false; if (self.labelsStale) { self.placeLabels(); } self.scheduleSettle(0); }
    }
    this.slider.addEventListener("pointerup", release);
    this.slider.addEventListener("pointercancel", release);
    this.slider.addEventListener("change", release);

    this.speedSelect = el("select", { "aria-label": ui.speed, title: ui.speed, "class": "rjw-speed" });
    [["speed_day", 1], ["speed_week", 7], ["speed_month", 30], ["speed_year", 365]].forEach(function (pair) {
      var option = el("option", { value: String(pair[1]) }, ui[pair[0]]);
      self.speedSelect.appendChild(option);
    });
    this.speedSelect.value = String(this.speed);
    this.speedSelect.addEventListener("change", function () { self.setSpeed(+self.speedSelect.value); });

    var loopLabel = el("label", { "class": "rjw-loop", title: ui.loop });
    this.loopBox = el("input", { type: "checkbox" });
    this.loopBox.addEventListener("change", function () { self.setLoop(self.loopBox.checked); });
    loopLabel.appendChild(this.loopBox);
    loopLabel.appendChild(document.createTextNode(" " + ui.loop));

    var range = el("details", { "class": "rjw-range" });
    range.appendChild(el("summary", { title: ui.player_range, "aria-label": ui.player_range }, "⇤⇥"));
    var rangeBody = el("div", { "class": "rjw-range-body" });
    this.rangeInputs = [ui.player_from, ui.player_to].map(function (text, i) {
      var lab = el("label", {}, text + " ");
      var input = el("input", { type: "date", min: isoOf(self.first), max: isoOf(self.last), value: isoOf(self.range[i]) });
      input.addEventListener("change", function () {
        self.setRange(self.rangeInputs[0].value, self.rangeInputs[1].value);
      });
      lab.appendChild(input);
      rangeBody.appendChild(lab);
      return input;
    });
    range.appendChild(rangeBody);

    var tour = button(ui.tour_start, ui.tour_help, function () { self.tour.start(); }, "rjw-tour-start");
    this.tourButton = tour;
    var full = button("⛶", ui.player_fullscreen, function () { self.fullscreen(); }, "rjw-full");

    [this.playButton, steps, track, this.speedSelect, loopLabel, range, tour, full].forEach(function (node) {
      bar.appendChild(node);
    });
    this.bar = bar;
  };

  /* Run ``job`` once the next frame has been painted (a frame callback, then a task after it). */
  Player.prototype.afterFirstFrame = function (job) {
    window.requestAnimationFrame(function () { setTimeout(job, 0); });
  };

  /* Event density along the time control (months), as kepler.gl's time filter shows. */
  Player.prototype.drawTicks = function () {
    var canvas = this.ticks;
    if (!canvas) { return; }
    var width = canvas.clientWidth, height = canvas.clientHeight, ratio = window.devicePixelRatio || 1;
    if (!width || !height) { return; }
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    var ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    var counts = {};
    (this.data.density || []).forEach(function (pair) { counts[pair[0]] = (counts[pair[0]] || 0) + pair[1]; });
    (this.userRecords || []).forEach(function (r) {
      var d = new Date(r.s * DAY_MS), month = Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS);
      counts[month] = (counts[month] || 0) + 1;
    });
    var max = 1;
    Object.keys(counts).forEach(function (k) { max = Math.max(max, counts[k]); });
    var inset = 8, span = this.last - this.first, usable = width - 2 * inset, barWidth = Math.max(1, usable / (span / 30.4) - 0.5);
    ctx.fillStyle = "rgba(176, 0, 32, 0.55)";
    var self = this;
    Object.keys(counts).forEach(function (k) {
      var x = inset + (k - self.first) / span * usable;
      var h = Math.max(2, Math.sqrt(counts[k] / max) * (height - 2));
      ctx.fillRect(x, height - h, barWidth, h);
    });
  };

  Player.prototype.paintDate = function (day) {
    this.dateBig.textContent = this.label(day);
    this.dateSub.textContent = this.oldStyleLine(day);
  };

  Player.prototype.storyLines = function (day) {
    var ui = this.ui, lines = [];
    var events = this.eventsOn(day);
    var now = events.filter(function (r) { return day <= r.e; });
    var recent = events.filter(function (r) { return day > r.e; }).sort(function (a, b) { return b.e - a.e; });
    now.sort(function (a, b) { return (b.key - a.key) || (a.s - b.s); });
    now.slice(0, 4).forEach(function (r) { lines.push({ cls: "ev", title: r.ti, text: r.st }); });
    if (now.length > 4) { lines.push({ cls: "more", text: fill(ui.and_more_events, { count: now.length - 4 }) }); }
    if (recent.length) {
      lines.push({ cls: "recent", text: fill(ui.player_recent, { titles: recent.slice(0, 3).map(function (r) { return r.ti; }).join(" · ") }) });
    }
    var moving = this.layers.movements ? this.movements.filter(function (m) {
      return day >= m.t[0] && day < m.t[m.t.length - 1];
    }).map(function (m) { return m.u; }) : [];
    if (moving.length) {
      var shown = moving.slice(0, 4).join(ui.list_comma || ", ");
      if (moving.length > 4) { shown += " " + fill(ui.and_more, { count: moving.length - 4 }); }
      lines.push({ cls: "moving", text: fill(ui.player_moving_sentence, { units: shown }) });
    }
    if (!now.length && !moving.length) { lines.push({ cls: "quiet", text: ui.export_quiet_day }); }
    (this.data.watched || []).forEach(function (place) {
      for (var i = 0; i < place.spans.length; i++) {
        var span = place.spans[i];
        if (span[0] <= day && day <= span[1]) { lines.push({ cls: "holds", text: span[2] }); break; }
      }
    });
    return lines;
  };

  Player.prototype.paintStory = function (day) {
    var lines = this.storyLines(day), key = JSON.stringify(lines);
    if (key === this.storyKey) { return; }
    this.storyKey = key;
    var body = this.storyBody;
    body.textContent = "";
    lines.forEach(function (line) {
      var p = el("p", { "class": "rjw-" + line.cls });
      if (line.title) {
        p.appendChild(el("b", {}, line.title));
        if (line.text) { p.appendChild(document.createTextNode(" — " + line.text)); }
      } else {
        p.textContent = line.text;
      }
      body.appendChild(p);
    });
  };

  Player.prototype.syncLayerBoxes = function () {
    var self = this;
    LAYERS.forEach(function (name) { if (self.layerBoxes) { self.layerBoxes[name].checked = !!self.layers[name]; } });
  };

  /* The legend lists the symbols painted now (rows keyed by timeline.py's _legend). */
  Player.prototype.paintLegend = function () {
    var present = {};
    this.territories.forEach(function (r) { if (r.shown) { present["t:" + r.st] = true; } });
    this.fronts.forEach(function (r) { if (r.shown) { present.f = true; } });
    this.railways.forEach(function (r) { if (r.shown) { present["r:" + r.state] = true; } });
    this.movements.forEach(function (m) {
      if (m.trackShown) { present["m:" + m.sd] = true; }
      if (m.seaShown) { present["m:sea"] = true; }
      if (m.headShown) { present["h:" + m.sd] = true; }
    });
    var day = this.day;
    (this.shownEvents || []).forEach(function (r) {
      present["e:" + r.k] = true;
      present[day <= r.e ? "s:1" : "s:0"] = true;
      present["d:" + (r.sd || "other")] = true;
    });
    var key = Object.keys(present).sort().join("|");
    if (key === this.legendKey) { return; }
    this.legendKey = key;
    (this.legendRows || []).forEach(function (row) { row.hidden = !present[row.getAttribute("data-key")]; });
  };

  /* ---------- time control ---------- */
  Player.prototype.setTime = function (t) { this.paint(t); this.scheduleSettle(); };
  Player.prototype.stepDay = function (delta) {
    this.pause(true);
    var base = delta > 0 ? Math.floor(this.t) : Math.ceil(this.t);
    this.setTime(base + delta);
  };
  Player.prototype.eventStarts = function () {
    var starts = this.eventIndex.starts;
    if (this.userIndex) { starts = starts.concat(this.userIndex.starts).sort(function (a, b) { return a - b; }); }
    return starts;
  };
  Player.prototype.stepEvent = function (direction) {
    this.pause(true);
    var day = this.day, starts = this.eventStarts(), target = null, i;
    if (direction > 0) {
      for (i = 0; i < starts.length; i++) { if (starts[i] > day) { target = starts[i]; break; } }
    } else {
      for (i = starts.length - 1; i >= 0; i--) { if (starts[i] < day) { target = starts[i]; break; } }
    }
    if (target !== null) { this.setTime(target); }
  };

  Player.prototype.play = function () {
    if (this.isPlaying) { return; }
    var self = this;
    if (this.t >= this.range[1] || this.t < this.range[0]) { this.paint(this.range[0]); }
    this.isPlaying = true;
    this.cancelSettle();
    this.playButton.textContent = this.ui.pause;
    this.playButton.classList.add("rjw-playing");
    this.datePanel.setAttribute("aria-live", "off"); /* no announcement per frame while playing */
    var before = null;
    function tick(now) {
      if (!self.isPlaying) { return; }
      if (before !== null) {
        var dt = Math.min(now - before, 100) / 1000, t = self.t + self.speed * dt;
        if (t > self.range[1]) {
          if (self.loop) { t = self.range[0]; } else { self.paint(self.range[1]); self.pause(); return; }
        }
        self.paint(t);
      }
      before = now;
      self.raf = window.requestAnimationFrame(tick);
    }
    this.raf = window.requestAnimationFrame(tick);
  };
  /* quiet: a step or drag pauses play; its own settle follows that input. */
  Player.prototype.pause = function (quiet) {
    if (!this.isPlaying) { return; }
    this.isPlaying = false;
    if (this.raf) { window.cancelAnimationFrame(this.raf); }
    this.playButton.textContent = this.ui.play;
    this.playButton.classList.remove("rjw-playing");
    this.datePanel.setAttribute("aria-live", "polite");
    if (this.labelsStale) { this.placeLabels(); }
    if (!quiet) { this.scheduleSettle(0); }
  };
  Player.prototype.toggle = function () { if (this.isPlaying) { this.pause(); } else { this.play(); } };
  Player.prototype.setSpeed = function (daysPerSecond) {
    var v = +daysPerSecond;
    if (!(v > 0 && v <= 3650)) { return; }
    this.speed = v;
    if (this.speedSelect) {
      var known = Array.prototype.some.call(this.speedSelect.options, function (o) { return +o.value === v; });
      if (known) { this.speedSelect.value = String(v); }
    }
  };
  Player.prototype.setRange = function (startIso, endIso) {
    var a = dayOfIso(startIso), b = dayOfIso(endIso);
    a = a === null ? this.first : this.clampDay(a);
    b = b === null ? this.last : this.clampDay(b);
    if (a > b) { var swap = a; a = b; b = swap; }
    this.range = [a, b];
    if (this.rangeInputs) { this.rangeInputs[0].value = isoOf(a); this.rangeInputs[1].value = isoOf(b); }
  };
  Player.prototype.setLoop = function (on) { this.loop = !!on; if (this.loopBox) { this.loopBox.checked = this.loop; } };
  Player.prototype.setLayers = function (names) {
    var self = this, list = Array.isArray(names) ? names : [];
    LAYERS.forEach(function (name) { self.layers[name] = list.indexOf(name) >= 0; });
    this.syncLayerBoxes();
    this.storyKey = null;
    this.paint(this.t, true);
    this.scheduleSettle();
  };
  Player.prototype.setUserEvents = function (list, initial) {
    var records = this.eventRecords(Array.isArray(list) ? list : [], true);
    if (this.userRecords) {
      var group = this.groups.events;
      this.userRecords.forEach(function (r) { if (r.shown) { group.removeLayer(r.marker); r.shown = false; } });
      var mine = new Set(this.userRecords);
      this.shownEvents = (this.shownEvents || []).filter(function (r) { return !mine.has(r); });
    }
    this.userRecords = records;
    this.userIndex = records.length ? new EventIndex(records, this.first, this.last, this.fade) : null;
    if (!initial) { this.storyKey = null; this.paint(this.t, true); this.drawTicks(); }
  };

  /* ---------- settle: the day and view, once, when they stop changing ---------- */
  Player.prototype.view = function () {
    var c = this.map.getCenter();
    return { lat: Math.round(c.lat * 1e4) / 1e4, lon: Math.round(c.lng * 1e4) / 1e4, zoom: this.map.getZoom() };
  };
  Player.prototype.settleState = function () {
    var self = this;
    return {
      date: isoOf(this.day), view: this.view(),
      layers: LAYERS.filter(function (n) { return self.layers[n]; }), playing: false
    };
  };
  Player.prototype.cancelSettle = function () { if (this.settleTimer) { clearTimeout(this.settleTimer); this.settleTimer = null; } };
  Player.prototype.scheduleSettle = function (delay) {
    var self = this;
    this.cancelSettle();
    this.settleTimer = setTimeout(function () {
      self.settleTimer = null;
      if (self.isPlaying || self.dragging) { return; }
      self.announce();
      var state = self.settleState(), key = JSON.stringify(state);
      if (key === self.lastSettled) { return; }
      self.lastSettled = key;
      self.writeHash(state);
      self.emit("settle", state);
    }, delay === undefined ? SETTLE_MS : delay);
  };
  Player.prototype.announce = function () {
    if (!this.announcer || this.day === this.announcedDay) { return; }
    this.announcedDay = this.day;
    var lines = this.storyLines(this.day).map(function (line) { return line.title ? line.title + " — " + line.text : line.text; });
    this.announcer.textContent = [this.label(this.day), this.oldStyleLine(this.day)].concat(lines).join(". ");
  };
  Player.prototype.writeHash = function (state) {
    if (!this.options.hash) { return; }
    var v = state.view, parts = ["date=" + state.date, "view=" + [v.lat, v.lon, v.zoom].join(","), "layers=" + state.layers.join(",")];
    if (document.documentElement.classList.contains("rjw-presenter")) { parts.push("presenter=1"); }
    try { window.history.replaceState(null, "", "#" + parts.join("&")); } catch (e) { /* sandboxed document */ }
  };
  Player.prototype.emit = function (name, payload) {
    (this.listeners[name] || []).slice().forEach(function (cb) {
      try { cb(payload); } catch (e) { if (window.console) { console.error(e); } }
    });
  };

  /* ---------- keys: one document-level listener; hosts forward with RJWPlayer.key ---------- */
  function typing(target) {
    if (!target || !target.tagName) { return false; }
    var tag = target.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable) { return true; }
    if (tag !== "INPUT") { return false; }
    var type = (target.type || "text").toLowerCase();
    return ["range", "checkbox", "radio", "button", "submit", "reset"].indexOf(type) < 0;
  }
  Player.prototype.key = function (e) {
    if (!e || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) { return false; }
    var key = e.key, tag = e.target && e.target.tagName;
    switch (key) {
      case "ArrowRight": if (e.shiftKey) { this.stepEvent(1); } else { this.stepDay(1); } return true;
      case "ArrowLeft": if (e.shiftKey) { this.stepEvent(-1); } else { this.stepDay(-1); } return true;
      case "Home": this.pause(true); this.setTime(this.first); return true;
      case "End": this.pause(true); this.setTime(this.last); return true;
      case "p": case "P": this.toggle(); return true;
      case " ": case "Spacebar":
        if (tag === "BUTTON" || tag === "SUMMARY" || (e.target && e.target.type === "checkbox")) { return false; }
        this.toggle(); return true;
      case "t": case "T": this.tour.start(); return true;
      case "f": case "F": this.fullscreen(); return true;
      case "PageDown": if (this.tourIndex < 0) { return false; } this.tour.next(); return true;
      case "PageUp": if (this.tourIndex < 0) { return false; } this.tour.prev(); return true;
      case "Escape": case "Esc": if (this.tourIndex < 0) { return false; } this.tour.end(); return true;
      default: return false;
    }
  };

  Player.prototype.fullscreen = function () {
    var doc = document.documentElement;
    if (document.fullscreenElement) { document.exitFullscreen(); return; }
    if (doc.requestFullscreen) { doc.requestFullscreen().catch(function () { /* not allowed here */ }); }
  };

  /* ---------- the guided tour: the key moments, card on the map ---------- */
  Player.prototype.showStop = function (index) {
    var stops = this.data.tour || [], ui = this.ui, card = this.tourCard, self = this;
    if (!stops.length) { return; }
    index = Math.max(0, Math.min(stops.length - 1, index));
    this.tourIndex = index;
    var stop = stops[index], ev = this.eventIndex.list[stop.i];
    this.pause(true);
    card.textContent = "";
    card.setAttribute("dir", this.data.dir || "ltr");
    card.appendChild(el("small", {}, fill(ui.tour_position, { index: index + 1, total: stops.length })));
    card.appendChild(el("h2", {}, ev.ti));
    card.appendChild(el("b", {}, stop.dates));
    card.appendChild(el("p", {}, stop.sum));
    var nav = el("div", { "class": "rjw-tour-nav" }), rtl = this.data.dir === "rtl", buttons = {};
    /* Back points to where the reader came from: left in English, right in Arabic. */
    [["prev", ui.tour_prev, rtl ? "▶" : "◀", true, function () { self.tour.prev(); }, index === 0],
     ["next", ui.tour_next, rtl ? "◀" : "▶", false, function () { self.tour.next(); }, index === stops.length - 1],
     ["end", ui.tour_end, "", false, function () { self.tour.end(); }, false]].forEach(function (spec) {
      var b = el("button", { type: "button", "data-tour": spec[0] });
      var arrow = spec[2] ? el("span", { "aria-hidden": "true" }, spec[2]) : null;
      if (arrow && spec[3]) { b.appendChild(arrow); b.appendChild(document.createTextNode(" ")); }
      b.appendChild(document.createTextNode(spec[1]));
      if (arrow && !spec[3]) { b.appendChild(document.createTextNode(" ")); b.appendChild(arrow); }
      if (spec[5]) { b.disabled = true; }
      b.addEventListener("click", spec[4]);
      buttons[spec[0]] = b;
      nav.appendChild(b);
    });
    card.appendChild(nav);
    card.hidden = false;
    /* Keyboard users land in the card: on Next (Back at the last stop); Escape ends the tour. */
    var target = !buttons.next.disabled ? buttons.next : buttons.prev.disabled ? buttons.end : buttons.prev;
    target.focus({ preventScroll: true });
    this.paint(ev.s);
    /* Fly so the stop sits in the middle of the map above the card, not under it. */
    var map = this.map, lift = Math.min(card.offsetHeight, map.getSize().y * 0.6) / 2;
    var centre = map.unproject(map.project(L.latLng(ev.ll), 6).add([0, lift]), 6);
    map.flyTo(centre, 6, { duration: 1.2 });
    this.scheduleSettle();
  };

  Player.prototype.api = function () {
    var self = this;
    var api = {
      map: this.map,
      setDay: function (value) {
        var t = typeof value === "number" ? value : dayOfIso(value);
        if (t === null || !isFinite(t)) { return false; }
        self.setTime(t);
        return true;
      },
      day: function () { return isoOf(self.day); },
      time: function () { return self.t; },
      play: function () { self.play(); },
      pause: function () { self.pause(); },
      toggle: function () { self.toggle(); },
      playing: function () { return self.isPlaying; },
      setSpeed: function (v) { self.setSpeed(v); },
      setRange: function (a, b) { self.setRange(a, b); },
      setLoop: function (on) { self.setLoop(on); },
      setLayers: function (names) { self.setLayers(names); },
      setUserEvents: function (list) { self.setUserEvents(list); },
      flyTo: function (lat, lon, zoom) {
        if ([lat, lon, zoom].every(isFinite)) { self.map.flyTo([lat, lon], zoom, { duration: 1.0 }); }
      },
      view: function () { return self.view(); },
      tour: {
        start: function () {
          if (!(self.data.tour || []).length) { return false; }
          self.showStop(0); return true;
        },
        next: function () { if (self.tourIndex >= 0) { self.showStop(self.tourIndex + 1); } },
        prev: function () { if (self.tourIndex >= 0) { self.showStop(self.tourIndex - 1); } },
        end: function () {
          var inCard = self.tourCard.contains(document.activeElement);
          self.tourIndex = -1;
          self.tourCard.hidden = true;
          if (inCard && self.tourButton) { self.tourButton.focus({ preventScroll: true }); }
        },
        index: function () { return self.tourIndex; }
      },
      on: function (name, cb) {
        if (!self.listeners[name] || typeof cb !== "function") { return function () {}; }
        self.listeners[name].push(cb);
        return function () {
          var list = self.listeners[name], i = list.indexOf(cb);
          if (i >= 0) { list.splice(i, 1); }
        };
      },
      /* What is on the map (or, given a day, what would be), named as slice_day names it. */
      visibleIds: function (iso) { return iso === undefined ? self.paintedIds() : self.evaluatedIds(dayOfIso(iso)); },
      /* Movement heads painted now: {id: [lon, lat, bearing]}. */
      heads: function () {
        var out = {};
        self.movements.forEach(function (m) { if (m.headShown) { out[m.id] = m.at; } });
        return out;
      },
      openPopup: function (id, user) {
        (self.shownEvents || []).forEach(function (r) { if (r.id === id && !r.user === !user) { r.marker.openPopup(); } });
      },
      key: function (e) { return self.key(e || {}); },
      storyLines: function () { return self.storyLines(self.day); },
      /* The place labels shown now (data-place ids), [] without a gazetteer. */
      labels: function () { return self.labels ? self.labels.visibleIds() : []; },
      /* Place the labels for the painted day now, as a pause does; the ids shown. */
      placeLabels: function () { self.placeLabels(); return api.labels(); },
      /* The callouts' leader lines shown now: [{id, line: [x1, y1, x2, y2]}] in viewport pixels. */
      leaders: function () { return self.labels ? self.labels.leaders() : []; }
    };
    this.tour = api.tour;
    return api;
  };

  function sortedIds(list, test) {
    return list.filter(test).map(function (r) { return r.id; }).sort();
  }
  Player.prototype.paintedIds = function () {
    var events = this.shownEvents || [], day = this.day;
    return {
      territories: sortedIds(this.territories, function (r) { return r.shown; }),
      front_lines: sortedIds(this.fronts, function (r) { return r.shown; }),
      railways: sortedIds(this.railways, function (r) { return r.shown; }),
      building: sortedIds(this.railways, function (r) { return r.shown && r.state === "building"; }),
      movements: sortedIds(this.movements, function (m) { return m.trackShown; }),
      heads: sortedIds(this.movements, function (m) { return m.headShown; }),
      events: sortedIds(events, function (r) { return !r.user; }),
      current: sortedIds(events, function (r) { return !r.user && day <= r.e; }),
      user_events: sortedIds(events, function (r) { return r.user; })
    };
  };
  Player.prototype.evaluatedIds = function (day) {
    if (day === null) { return null; }
    var self = this, events = this.eventsOn(day);
    var states = this.railways.map(function (r) { return { id: r.id, state: self.railwayState(r, day) }; });
    var active = this.movements.filter(function (m) { return self.movementOn(m, day); });
    return {
      territories: sortedIds(this.territories, function (r) { return self.layers.territories && r.s <= day && day <= r.e; }),
      front_lines: sortedIds(this.fronts, function (r) { return self.layers.territories && r.s <= day && day <= r.e; }),
      railways: sortedIds(states, function (r) { return r.state !== null; }),
      building: sortedIds(states, function (r) { return r.state === "building"; }),
      movements: sortedIds(active, function (m) { return progress(m, day).travelled; }),
      heads: sortedIds(active, function () { return true; }),
      events: sortedIds(events, function (r) { return !r.user; }),
      current: sortedIds(events, function (r) { return !r.user && day <= r.e; }),
      user_events: sortedIds(events, function (r) { return r.user; })
    };
  };

  /* Entry point used by the folium element: the timeline inline (an object) or at a URL. */
  function start(map, source, options) {
    function boot(data) {
      var player = new Player(map, data, options || {});
      var api = player.api();
      window.RJWPlayer = api;
      document.dispatchEvent(new CustomEvent("rjw:ready", { detail: api }));
      return api;
    }
    if (typeof source === "string") {
      return fetch(source).then(function (response) {
        if (!response.ok) { throw new Error("timeline " + source + ": HTTP " + response.status); }
        return response.json();
      }).then(boot).catch(function (error) {
        /* Say so on the map (and to the host, via data-map-error) instead of a silent blank map. */
        var box = map.getContainer(), note = document.createElement("div");
        box.setAttribute("data-map-error", String(error && error.message || error));
        note.className = "rjw-panel rjw-error";
        note.textContent = String(error && error.message || error);
        box.appendChild(note);
        throw error;
      });
    }
    return boot(source);
  }

  window.RJWPlayerStart = start;
  window.RJWPlayerInternals = { Player: Player, isoOf: isoOf, dayOfIso: dayOfIso, julianOf: julianOf, parseHash: parseHash };
})();
