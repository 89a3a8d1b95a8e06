/* Standalone map player: slices the embedded data by day in the browser.
 * Mirrors map_layers/timeslice.py rule for rule (inclusive date ranges, the
 * event fade window, movement interpolation), so visibleIds() for a day equals
 * the ids slice_day returns. Geometry is built once; a day change only adds or
 * removes layers, sets styles/opacity and moves heads: cheap enough for 30 fps.
 * Days are integers: days since 1970-01-01 (negative in our period). */
(function () {
  "use strict";
  var DAY_MS = 86400000;
  var data = JSON.parse(document.getElementById("rjw-data").textContent);

  function isoOf(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }
  function dayOf(iso) {
    var p = iso.split("-");
    return Math.round(Date.UTC(+p[0], +p[1] - 1, +p[2]) / DAY_MS);
  }
  function label(day) {
    var d = new Date(day * DAY_MS);
    return data.months[d.getUTCMonth()].replace("{y}", String(d.getUTCFullYear())).replace("{d}", String(d.getUTCDate()));
  }

  var map = L.map("rjw-map", {
    center: data.view.center, zoom: data.view.zoom, minZoom: 2, maxZoom: 10, worldCopyJump: true
  });
  L.control.scale().addTo(map);
  var panes = { land: 250, territories: 350, railways: 420, movements: 440 };
  Object.keys(panes).forEach(function (name) {
    map.createPane(name).style.zIndex = panes[name];
  });
  map.getPane("land").style.pointerEvents = "none";
  L.geoJSON(data.land, {
    pane: "land", interactive: false, attribution: "Natural Earth",
    style: function () { return data.styles.land; }
  }).addTo(map);

  /* A record: {id, layer, shown, ...}; toggles only on change. */
  function Group() { this.group = L.featureGroup().addTo(map); }
  Group.prototype.show = function (rec, visible) {
    if (visible === rec.shown) { return; }
    rec.shown = visible;
    if (visible) { this.group.addLayer(rec.layer); } else { this.group.removeLayer(rec.layer); }
  };

  var territories = new Group();
  var territoryRecs = (data.territories || []).map(function (f) {
    var p = f.properties;
    var layer = L.geoJSON(f, { pane: "territories", style: function () { return data.styles.territory[p.st]; } });
    layer.bindTooltip(p.tip, { sticky: true });
    return { id: p.id, s: p.s, e: p.e, layer: layer, shown: false };
  });

  var railways = new Group();
  var railwayRecs = (data.railways || []).map(function (f) {
    var p = f.properties;
    var layer = L.geoJSON(f, { pane: "railways" });
    return { id: p.id, b: p.b, o: p.o, tip: p.tip, layer: layer, shown: false, state: null };
  });

  var movements = new Group();
  var heads = new Group();
  var movementRecs = (data.movements || []).map(function (m) {
    var track = L.polyline([], { pane: "movements" });
    track.bindTooltip(m.tip, { sticky: true });
    var icon = L.divIcon({ className: "rjw-head", html: m.head, iconSize: [26, 26] });
    var head = L.marker([0, 0], { icon: icon, keyboard: false });
    head.bindTooltip(m.tip, { direction: "top" });
    return {
      id: m.id, xy: m.xy, t: m.t, style: m.style,
      track: { layer: track, shown: false }, head: { layer: head, shown: false },
      finished: null, bearing: null
    };
  });

  var events = new Group();
  var eventRecs = (data.events || []).concat(data.user_events || []).map(function (ev) {
    var icon = L.divIcon({ className: "rjw-event", html: ev.icon, iconSize: [32, 32] });
    var marker = L.marker(ev.ll, { icon: icon, riseOnHover: true });
    marker.bindPopup(ev.popup, { maxWidth: 380 });
    marker.bindTooltip(ev.tip, { direction: "top" });
    return { id: ev.id, user: ev.user, s: ev.s, e: ev.e, layer: marker, shown: false, opacity: null, current: null };
  });

  /* movement.py progress_on: head position, travelled path and bearing on `day`. */
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
    return Math.abs(a[0] - b[0]) <= 1e-8 + 1e-5 * Math.abs(b[0]) && Math.abs(a[1] - b[1]) <= 1e-8 + 1e-5 * Math.abs(b[1]);
  }
  function progress(m, day) {
    var n = m.xy.length, reached = -1;
    while (reached + 1 < n && m.t[reached + 1] <= day) { reached++; }
    var done;
    if (reached >= n - 1) {
      done = m.xy.slice();
    } else {
      var t0 = m.t[reached], t1 = m.t[reached + 1], share = (day - t0) / (t1 - t0);
      var a = m.xy[reached], b = m.xy[reached + 1];
      done = m.xy.slice(0, reached + 1).concat([[a[0] + share * (b[0] - a[0]), a[1] + share * (b[1] - a[1])]]);
    }
    var travelled = done.length >= 2 && !close(done[0], done[done.length - 1]);
    return { done: done, head: done[done.length - 1], travelled: travelled, bearing: bearingOf(done) };
  }
  function latlngs(xy) { return xy.map(function (c) { return [c[1], c[0]]; }); }

  var current = null;
  function draw(day) {
    day = Math.max(data.first, Math.min(data.last, day));
    current = day;
    territoryRecs.forEach(function (r) { territories.show(r, r.s <= day && day <= r.e); });
    railwayRecs.forEach(function (r) {
      var state = r.o !== null && r.o <= day ? "open" : (r.b !== null && r.b <= day ? "building" : null);
      if (state && state !== r.state) {
        r.layer.setStyle(data.styles.railway[state]);
        r.layer.unbindTooltip().bindTooltip(r.tip[state], { sticky: true });
      }
      r.state = state;
      railways.show(r, state !== null);
    });
    movementRecs.forEach(function (m) {
      var on = day >= m.t[0] && day <= m.t[m.t.length - 1] + data.linger;
      if (!on) { movements.show(m.track, false); heads.show(m.head, false); m.bearing = null; return; }
      var p = progress(m, day);
      var finished = day >= m.t[m.t.length - 1];
      if (finished !== m.finished) { m.track.layer.setStyle(m.style[finished ? "finished" : "moving"]); m.finished = finished; }
      if (p.travelled) { m.track.layer.setLatLngs(latlngs(p.done)); }
      movements.show(m.track, p.travelled);
      m.head.layer.setLatLng([p.head[1], p.head[0]]);
      m.at = [p.head[0], p.head[1], p.bearing];
      heads.show(m.head, true);
      var el = m.head.layer.getElement();
      if (el && el.firstChild && p.bearing !== m.bearing) {
        el.firstChild.style.transform = "rotate(" + Math.round(p.bearing) + "deg)";
        m.bearing = p.bearing;
      }
    });
    eventRecs.forEach(function (r) {
      var on = r.s <= day && day <= r.e + data.fade;
      events.show(r, on);
      if (!on) { r.current = null; return; }  /* Leaflet rebuilds the icon element on re-adding */
      var age = day - r.e;
      var opacity = age <= 0 ? 1 : 1 - Math.min(Math.max(age, 0), data.fade) / (data.fade + 1);
      if (opacity !== r.opacity) { r.layer.setOpacity(opacity); r.opacity = opacity; }
      var isCurrent = age <= 0;
      var el = r.layer.getElement();
      if (el && el.firstChild && isCurrent !== r.current) {
        el.firstChild.classList.toggle("rjw-current", isCurrent);
        r.layer.setZIndexOffset(isCurrent ? 1000 : 0);
        r.current = isCurrent;
      }
    });
    slider.value = String(day - data.first);
    dateLabel.textContent = label(day);
    map.getContainer().setAttribute("data-map-date", isoOf(day));
  }

  /* Controls: the slider draws on every input; play advances `speed` days per frame at data.fps. */
  var slider = document.getElementById("rjw-slider");
  var dateLabel = document.getElementById("rjw-date");
  var button = document.getElementById("rjw-play");
  var speed = document.getElementById("rjw-speed");
  var playing = false, last = 0;
  slider.addEventListener("input", function () { draw(data.first + parseInt(slider.value, 10)); });
  function tick(now) {
    if (!playing) { return; }
    if (now - last >= 1000 / data.fps - 1) {
      last = now;
      var next = current + parseInt(speed.value, 10);
      if (next > data.last) { next = data.first; }
      draw(next);
    }
    window.requestAnimationFrame(tick);
  }
  function play() {
    if (playing) { return; }
    playing = true; button.textContent = button.getAttribute("data-pause");
    window.requestAnimationFrame(tick);
  }
  function pause() { playing = false; button.textContent = button.getAttribute("data-play"); }
  button.addEventListener("click", function () { if (playing) { pause(); } else { play(); } });
  document.addEventListener("keydown", function (e) {
    if (e.target && e.target.tagName === "SELECT") { return; }
    if (e.key === " ") { e.preventDefault(); if (playing) { pause(); } else { play(); } }
  });

  function ids(recs, test) { return recs.filter(test).map(function (r) { return r.id; }).sort(); }
  window.RJWStandalone = {
    map: map,
    setDay: function (iso) { draw(dayOf(iso)); },
    day: function () { return isoOf(current); },
    play: play,
    pause: pause,
    openPopup: function (id, user) {
      eventRecs.forEach(function (r) { if (r.id === id && !r.user === !user && r.shown) { r.layer.openPopup(); } });
    },
    /* Movement heads shown now: {id: [lon, lat, bearing]}. */
    heads: function () {
      var out = {};
      movementRecs.forEach(function (m) { if (m.head.shown) { out[m.id] = m.at; } });
      return out;
    },
    /* What is on the map now, named as slice_day names it. */
    visibleIds: function () {
      return {
        territories: ids(territoryRecs, function (r) { return r.shown; }),
        railways: ids(railwayRecs, function (r) { return r.shown; }),
        building: ids(railwayRecs, function (r) { return r.shown && r.state === "building"; }),
        movements: ids(movementRecs, function (m) { return m.track.shown; }),
        heads: ids(movementRecs, function (m) { return m.head.shown; }),
        events: ids(eventRecs, function (r) { return r.shown && !r.user; }),
        current: ids(eventRecs, function (r) { return r.shown && !r.user && r.current; }),
        user_events: ids(eventRecs, function (r) { return r.shown && r.user; })
      };
    }
  };
  draw(data.day);
})();
