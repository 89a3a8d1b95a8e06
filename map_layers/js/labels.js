/* Place labels for a Leaflet map: ranked, greedy, never overlapping.
 *
 *   var labels = window.RJWLabels(map, places, options);
 *   labels.update(obstacleRects);   // re-place now (also runs itself on zoomend/moveend/resize)
 *   labels.setDay('1904-02-08');    // names in use that day (name_start/name_end), then update
 *
 * places: the list built by map_layers.places.places_payload (already in placement order):
 *   {id, kind, rank, minZoom, text, cls, lat, lon, start, end, path?}
 * options: {lang: 'en'|'ar', day: 'YYYY-MM-DD' | null, obstacleSelector: CSS selector of
 *   elements inside the map that labels must not cover (e.g. event markers), coverSelector:
 *   elements that lie over the map (the player's panels: a label is not placed under them), padding: px,
 *   zIndex: label pane z-index (default 450), riverZIndex (default 400)}
 * obstacleRects: optional array of {left, top, right, bottom} in viewport pixels (what
 *   getBoundingClientRect returns); kept until the next call that passes an array.
 *
 * Every label is one element carrying data-place="<id>"; a label that cannot be placed
 * without overlapping a placed label, an obstacle or the map's edge is hidden
 * (display: none). Text is set with textContent: names are data, never HTML.
 */
(function () {
  'use strict';

  var AREA = {sea: 1, gulf: 1, bay: 1, strait: 1, lake: 1, region: 1, peninsula: 1, island: 1};
  var DOT = 9; // px kept beside the text for the place's dot (see labels.css)

  function overlaps(a, b, pad) {
    return a.left < b.right + pad && b.left < a.right + pad && a.top < b.bottom + pad && b.top < a.bottom + pad;
  }

  function RJWLabels(map, places, options) {
    if (!(this instanceof RJWLabels)) {
      return new RJWLabels(map, places, options);
    }
    options = options || {};
    this.map = map;
    this.lang = options.lang || 'en';
    this.rtl = this.lang === 'ar';
    this.day = options.day || null;
    this.padding = options.padding == null ? 2 : options.padding;
    this.obstacleSelector = options.obstacleSelector || null;
    this.coverSelector = options.coverSelector || null;
    this.obstacles = [];
    this.pane = map.getPane('rjwLabels') || map.createPane('rjwLabels');
    this.pane.style.zIndex = options.zIndex || 450;
    this.pane.style.pointerEvents = 'none';
    var riverPane = map.getPane('rjwRivers') || map.createPane('rjwRivers');
    riverPane.style.zIndex = options.riverZIndex || 400;
    riverPane.style.pointerEvents = 'none';
    this.items = [];
    for (var i = 0; i < places.length; i++) {
      this.items.push(this._create(places[i]));
    }
    var self = this;
    this._update = function () { self.update(); };
    map.on('zoomstart', function () { self.pane.style.visibility = 'hidden'; });
    map.on('zoomend moveend resize', this._update);
    if (document.fonts && document.fonts.ready) {
      document.fonts.ready.then(function () { self._measured = false; self.update(); });
    }
    this.update();
  }

  RJWLabels.prototype._create = function (place) {
    var el = L.DomUtil.create('div', place.cls, this.pane);
    el.setAttribute('data-place', place.id);
    el.setAttribute('lang', this.lang);
    el.setAttribute('dir', this.rtl ? 'rtl' : 'ltr');
    var text = L.DomUtil.create('span', 'rjw-label-text', el);
    text.textContent = place.text;
    el.style.display = 'none';
    var item = {place: place, el: el, text: text, area: !!AREA[place.kind], river: !!place.path};
    if (item.river) {
      item.line = L.polyline(place.path, {pane: 'rjwRivers', className: 'rjw-river', interactive: false,
        color: '#6f9cc4', weight: 1.4, opacity: 0.9});
      item.line.addTo(this.map);
    }
    return item;
  };

  RJWLabels.prototype.setDay = function (day) {
    this.day = day;
    this.update();
  };

  RJWLabels.prototype._inUse = function (place) {
    if (!this.day) { return true; }
    return (!place.start || place.start <= this.day) && (!place.end || place.end >= this.day);
  };

  RJWLabels.prototype._measure = function (item) {
    // The text's own box, unrotated; CSS transforms do not change offsetWidth/offsetHeight.
    if (item.w == null || !this._measured) {
      item.el.className = item.place.cls;
      item.el.style.visibility = 'hidden';
      item.el.style.display = '';
      item.el.style.transform = 'none';
      item.w = item.text.offsetWidth + 2;
      item.h = item.text.offsetHeight;
      item.el.style.visibility = '';
    }
  };

  RJWLabels.prototype._obstacleRects = function (origin, selector) {
    var rects = [];
    var list = selector ? [] : this.obstacles.slice();
    selector = selector || this.obstacleSelector;
    if (selector) {
      var nodes = this.map.getContainer().querySelectorAll(selector);
      for (var i = 0; i < nodes.length; i++) {
        if (nodes[i].offsetParent !== null) { list.push(nodes[i].getBoundingClientRect()); }
      }
    }
    for (var j = 0; j < list.length; j++) {
      var r = list[j];
      rects.push({left: r.left - origin.left, top: r.top - origin.top,
        right: r.right - origin.left, bottom: r.bottom - origin.top});
    }
    return rects;
  };

  // Candidate boxes (container pixels) for a point, area or river label.
  RJWLabels.prototype._candidates = function (item, size, obstacles) {
    var map = this.map, w = item.w, h = item.h, out = [];
    var p = map.latLngToContainerPoint([item.place.lat, item.place.lon]);
    if (item.river) {
      return this._riverCandidates(item, p, size);
    }
    var near = [];
    if (!item.area) {
      // A marker on the place (an event there) stands for its dot: name it beside the marker.
      // A marker next to it (closer than a dot and a gap) leaves the same as a last resort.
      var box = null, inside = false;
      for (var o = 0; o < obstacles.length; o++) {
        var m = obstacles[o];
        var hit = p.x >= m.left && p.x <= m.right && p.y >= m.top && p.y <= m.bottom;
        var close = p.x >= m.left - 12 && p.x <= m.right + 12 && p.y >= m.top - 12 && p.y <= m.bottom + 12;
        if (!close || (inside && !hit)) { continue; }
        if (hit && !inside) { box = null; inside = true; }  // markers on the place outrank one beside it
        box = box || {left: p.x, right: p.x, top: p.y, bottom: p.y};
        box = {left: Math.min(box.left, m.left), right: Math.max(box.right, m.right),
          top: Math.min(box.top, m.top), bottom: Math.max(box.bottom, m.bottom)};
      }
      if (box) {
        var midY = (box.top + box.bottom) / 2 - h / 2, midX = (box.left + box.right) / 2 - w / 2;
        var bareE = {at: 'e', bare: true, x: box.right + 2, y: midY, w: w, h: h};
        var bareW = {at: 'w', bare: true, x: box.left - 2 - w, y: midY, w: w, h: h};
        var bareN = {at: 'n', bare: true, x: midX, y: box.top - 2 - h, w: w, h: h};
        var bareS = {at: 's', bare: true, x: midX, y: box.bottom + 2, w: w, h: h};
        near = this.rtl ? [bareW, bareE, bareN, bareS] : [bareE, bareW, bareN, bareS];
        // Then the corners: beside the marker a line higher or lower, above or below it shifted
        // sideways (a crowded peninsula tip, e.g. Port Arthur under a siege marker at zoom 4).
        var up = box.top - h + 3, down = box.bottom - 3, side = w / 2 + 2;
        var corners = [
          {at: 'e', bare: true, x: box.right + 2, y: up, w: w, h: h},
          {at: 'e', bare: true, x: box.right + 2, y: down, w: w, h: h},
          {at: 'w', bare: true, x: box.left - 2 - w, y: up, w: w, h: h},
          {at: 'w', bare: true, x: box.left - 2 - w, y: down, w: w, h: h},
          {at: 'n', bare: true, x: midX + side, y: box.top - 2 - h, w: w, h: h},
          {at: 'n', bare: true, x: midX - side, y: box.top - 2 - h, w: w, h: h},
          {at: 's', bare: true, x: midX + side, y: box.bottom + 2, w: w, h: h},
          {at: 's', bare: true, x: midX - side, y: box.bottom + 2, w: w, h: h}
        ];
        if (this.rtl) { corners = [2, 3, 0, 1, 5, 4, 7, 6].map(function (k) { return corners[k]; }); }
        near = near.concat(corners);
        if (inside) { return near; }
      }
    }
    if (item.area) {
      [[0, 0], [0, -h], [0, h], [-w / 3, 0], [w / 3, 0], [-w / 3, h], [w / 3, -h]].forEach(function (d) {
        out.push({at: 'c', x: p.x - w / 2 + d[0], y: p.y - h / 2 + d[1], w: w, h: h});
      });
      return out;
    }
    var east = {at: 'e', x: p.x - DOT / 2, y: p.y - h / 2, w: w + DOT, h: h};
    var west = {at: 'w', x: p.x - w - DOT / 2, y: p.y - h / 2, w: w + DOT, h: h};
    var north = {at: 'n', x: p.x - w / 2, y: p.y - h - DOT / 2, w: w, h: h + DOT};
    var south = {at: 's', x: p.x - w / 2, y: p.y - DOT / 2, w: w, h: h + DOT};
    // The four corners after the four sides (Imhof's order of preference for point names).
    var ne = {at: 'ne', x: p.x - DOT / 2, y: p.y - h + DOT / 4, w: w + DOT, h: h};
    var se = {at: 'se', x: p.x - DOT / 2, y: p.y - DOT / 4, w: w + DOT, h: h};
    var nw = {at: 'nw', x: p.x - w - DOT / 2, y: p.y - h + DOT / 4, w: w + DOT, h: h};
    var sw = {at: 'sw', x: p.x - w - DOT / 2, y: p.y - DOT / 4, w: w + DOT, h: h};
    return (this.rtl ? [west, east, north, south, nw, ne, sw, se] : [east, west, north, south, ne, nw, se, sw])
      .concat(near);
  };

  RJWLabels.prototype._riverCandidates = function (item, anchor, size) {
    var map = this.map, pts = [], out = [], w = item.w, h = item.h;
    for (var i = 0; i < item.place.path.length; i++) {
      pts.push(map.latLngToContainerPoint(item.place.path[i]));
    }
    var segments = [];
    for (var k = 0; k + 1 < pts.length; k++) {
      var a = pts[k], b = pts[k + 1];
      var mid = L.point((a.x + b.x) / 2, (a.y + b.y) / 2);
      segments.push({a: a, b: b, mid: mid, d: mid.distanceTo(anchor)});
    }
    segments.sort(function (s, t) { return s.d - t.d; });
    // The segment nearest the sourced anchor first, then the others outward from it.
    for (var n = 0; n < Math.min(segments.length, 16); n++) {
      var s = segments[n];
      var angle = Math.atan2(s.b.y - s.a.y, s.b.x - s.a.x);
      if (angle > Math.PI / 2) { angle -= Math.PI; }
      if (angle <= -Math.PI / 2) { angle += Math.PI; }
      var centre = n === 0 ? this._nearestOn(s.a, s.b, anchor) : s.mid;
      // Sit just above the line (left-hand normal of the upright text direction).
      var off = h / 2 + 1.5;
      var cx = centre.x + Math.sin(angle) * off, cy = centre.y - Math.cos(angle) * off;
      var c = Math.abs(Math.cos(angle)), sn = Math.abs(Math.sin(angle));
      var bw = w * c + h * sn, bh = w * sn + h * c;
      out.push({at: 'r', x: cx - bw / 2, y: cy - bh / 2, w: bw, h: bh, cx: cx, cy: cy, angle: angle});
    }
    return out;
  };

  RJWLabels.prototype._nearestOn = function (a, b, p) {
    var dx = b.x - a.x, dy = b.y - a.y, len = dx * dx + dy * dy;
    var t = len ? Math.max(0.15, Math.min(0.85, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len)) : 0.5;
    return L.point(a.x + t * dx, a.y + t * dy);
  };

  RJWLabels.prototype._show = function (item, box) {
    var el = item.el, map = this.map;
    var layer = map.containerPointToLayerPoint([box.x, box.y]);
    el.className = item.place.cls + ' rjw-at-' + box.at + (box.bare ? ' rjw-bare' : '');
    el.style.display = '';
    if (box.at === 'r') {
      var c = map.containerPointToLayerPoint([box.cx, box.cy]);
      el.style.transform = 'translate(' + (c.x - item.w / 2) + 'px,' + (c.y - item.h / 2) + 'px) rotate(' +
        box.angle + 'rad)';
    } else {
      el.style.transform = 'translate(' + layer.x + 'px,' + layer.y + 'px)';
    }
  };

  // The anchors of the labels that may show at this zoom, and the vertices of their rivers.
  RJWLabels.prototype._softPoints = function (zoom, size) {
    var map = this.map, points = [];
    for (var i = 0; i < this.items.length; i++) {
      var item = this.items[i], place = item.place;
      if (zoom < place.minZoom || !this._inUse(place)) { continue; }
      var coords = item.river ? place.path : [[place.lat, place.lon]];
      for (var k = 0; k < coords.length; k++) {
        var p = map.latLngToContainerPoint(coords[k]);
        if (p.x >= 0 && p.y >= 0 && p.x <= size.x && p.y <= size.y) { points.push({x: p.x, y: p.y, item: item}); }
      }
    }
    return points;
  };

  RJWLabels.prototype._cover = function (rect, points, self) {
    var n = 0;
    for (var i = 0; i < points.length; i++) {
      var p = points[i];
      if (p.item !== self && p.x > rect.left && p.x < rect.right && p.y > rect.top && p.y < rect.bottom) { n++; }
    }
    return n;
  };

  /* Place every label again: rank order (the payload's order), first candidate that fits. */
  RJWLabels.prototype.update = function (obstacleRects) {
    if (obstacleRects) { this.obstacles = obstacleRects; }
    var map = this.map, size = map.getSize(), zoom = map.getZoom(), pad = this.padding;
    var origin = map.getContainer().getBoundingClientRect();
    var taken = this._obstacleRects(origin);
    var obstacleCount = taken.length;
    // Panels over the map: no label under them (but no place is named beside them either).
    if (this.coverSelector) { taken = taken.concat(this._obstacleRects(origin, this.coverSelector)); }
    var soft = this._softPoints(zoom, size);
    for (var i = 0; i < this.items.length; i++) {
      var item = this.items[i], place = item.place;
      if (zoom < place.minZoom || !this._inUse(place)) {
        item.el.style.display = 'none';
        continue;
      }
      this._measure(item);
      var candidates = this._candidates(item, size, taken.slice(0, obstacleCount));
      var chosen = null, chosenRect = null, best = Infinity;
      for (var c = 0; c < candidates.length && best > 0; c++) {
        var b = candidates[c];
        var rect = {left: b.x, top: b.y, right: b.x + b.w, bottom: b.y + b.h};
        if (rect.left < 0 || rect.top < 0 || rect.right > size.x || rect.bottom > size.y) { continue; }
        var free = true;
        for (var t = 0; t < taken.length && free; t++) {
          free = !overlaps(rect, taken[t], t < obstacleCount ? 1 : pad);
        }
        if (!free) { continue; }
        // Among free boxes, the one covering fewest places and river courses still to be named
        // (a box without the place's dot only when no dotted box is free).
        var cost = this._cover(rect, soft, item) + (b.bare && c > 3 ? 1000 : 0) + (b.at.length === 2 ? 0.5 : 0);
        if (cost < best) { best = cost; chosen = b; chosenRect = rect; }
      }
      if (chosen) {
        taken.push(chosenRect);
        this._show(item, chosen);
      } else {
        item.el.style.display = 'none';
      }
    }
    this._measured = true;
    this.pane.style.visibility = '';
    return this;
  };

  /* The ids of the labels shown now (for tests and the player). */
  RJWLabels.prototype.visibleIds = function () {
    return this.items.filter(function (item) { return item.el.style.display !== 'none'; })
      .map(function (item) { return item.place.id; });
  };

  window.RJWLabels = RJWLabels;
}());
