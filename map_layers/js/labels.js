/* Place labels for a Leaflet map: ranked, greedy, never overlapping.
 *
 *   var labels = window.RJWLabels(map, places, options);
 *   labels.update(obstacleRects);   // re-place now (also runs itself on zoomend/moveend/resize)
 *   labels.setDay('1904-02-08');    // names in use that day (name_start/name_end), then update
 *   labels.visibleIds();            // the ids shown; labels.leaders(): the callouts' leader lines
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
 *
 * Rank-1 names (the places of the story) are not given up lightly: when none of the usual
 * positions is free, a point name is set farther out with a thin leader line back to its
 * place or its marker (a callout, as atlases do: rings of growing offset, the nearest free
 * one wins; the leader crosses no marker and no other name), a water or land name moves
 * farther from its anchor, a river name tries the other bank and more of its course.
 * Lower ranks are placed after them, so they give way first (and never cover a leader).
 */
(function () {
  'use strict';

  var AREA = {sea: 1, gulf: 1, bay: 1, strait: 1, lake: 1, region: 1, peninsula: 1, island: 1};
  var DOT = 9; // px kept beside the text for the place's dot (see labels.css)
  // Callouts: gaps (px) between a place (or its marker) and its name, nearest first, and the
  // directions tried in each ring (degrees, screen y down): beside, a little above or below,
  // then steeper, then straight above and below. Arabic prefers the west side.
  var RINGS = [6, 14, 24, 36, 50, 66, 84];
  var DIRECTIONS = [0, -30, 30, 180, -150, 150, -60, 60, -120, 120, -90, 90];
  var MIN_LEADER = 5; // px: a shorter leader is not drawn (the name sits beside its marker)
  var COURSE_TOLERANCE = 1.5; // px: a river's course on screen is simplified this far for its name

  function overlaps(a, b, pad) {
    return a.left < b.right + pad && b.left < a.right + pad && a.top < b.bottom + pad && b.top < a.bottom + pad;
  }

  // Does segment s ({x1, y1, x2, y2}) pass through rectangle r grown by pad (Liang-Barsky)?
  function crosses(s, r, pad) {
    var dx = s.x2 - s.x1, dy = s.y2 - s.y1, t0 = 0, t1 = 1;
    var edges = [[-dx, s.x1 - (r.left - pad)], [dx, r.right + pad - s.x1],
      [-dy, s.y1 - (r.top - pad)], [dy, r.bottom + pad - s.y1]];
    for (var i = 0; i < 4; i++) {
      var p = edges[i][0], q = edges[i][1];
      if (p === 0) {
        if (q < 0) { return false; }
      } else {
        var t = q / p;
        if (p < 0) {
          if (t > t1) { return false; }
          if (t > t0) { t0 = t; }
        } else {
          if (t < t0) { return false; }
          if (t < t1) { t1 = t; }
        }
      }
    }
    return t1 > t0;
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

  // The markers on a point place, or right beside it, as one box: {box, inside} or null.
  // A marker on the place (an event there) stands for its dot: the name goes beside the marker.
  // A marker next to it (closer than a dot and a gap) leaves the same as a last resort.
  RJWLabels.prototype._markerBox = function (p, obstacles) {
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
    return box ? {box: box, inside: inside} : null;
  };

  // Candidate boxes (container pixels) for a point, area or river label at p.
  RJWLabels.prototype._candidates = function (item, p, marker, size) {
    var w = item.w, h = item.h, out = [];
    if (item.river) {
      return this._riverCandidates(item, p, size, false);
    }
    var near = [];
    if (marker) {
      var box = marker.box;
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
      if (marker.inside) { return near; }
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

  // Where a rank-1 name goes when no usual position is free, nearest first; each box has
  // `base`, the least it can cost (the ring it is in), so the search stops at the first ring
  // with a free box.
  RJWLabels.prototype._fallbacks = function (item, p, marker, size) {
    if (item.river) { return this._riverCandidates(item, p, size, true); }
    var w = item.w, h = item.h, out = [];
    if (p.x < 0 || p.y < 0 || p.x > size.x || p.y > size.y) { return out; }  // not a place off the map
    if (item.area) {
      // The name farther from its anchor: a line or more up or down, and sideways.
      for (var k = 1; k <= 4; k++) {
        [[0, -k * h], [0, k * h], [-w / 3, -k * h], [w / 3, -k * h], [-w / 3, k * h], [w / 3, k * h],
          [-k * w / 3, 0], [k * w / 3, 0]].forEach(function (d) {
          out.push({at: 'c', base: k * 100, x: p.x - w / 2 + d[0], y: p.y - h / 2 + d[1], w: w, h: h});
        });
      }
      return out;
    }
    // A callout: the name in rings of growing gap around the place's dot or its markers,
    // with a leader from the dot (or the markers' edge) to the near side of the name.
    var a = marker ? marker.box : {left: p.x - 2.5, right: p.x + 2.5, top: p.y - 2.5, bottom: p.y + 2.5};
    var cx = (a.left + a.right) / 2, cy = (a.top + a.bottom) / 2, hw = (a.right - a.left) / 2;
    var hh = (a.bottom - a.top) / 2;
    for (var ring = 0; ring < RINGS.length; ring++) {
      for (var d = 0; d < DIRECTIONS.length; d++) {
        var deg = this.rtl ? 180 - DIRECTIONS[d] : DIRECTIONS[d], rad = deg * Math.PI / 180;
        var dx = Math.cos(rad), dy = Math.sin(rad);
        // Leave the anchor box along the direction, then go the ring's gap farther.
        var t = Math.min(Math.abs(dx) > 1e-9 ? hw / Math.abs(dx) : Infinity,
          Math.abs(dy) > 1e-9 ? hh / Math.abs(dy) : Infinity);
        var qx = cx + dx * (t + RINGS[ring]), qy = cy + dy * (t + RINGS[ring]);
        var x = dx > 0.3 ? qx : dx < -0.3 ? qx - w : qx - w / 2;
        var y = dy > 0.3 ? qy : dy < -0.3 ? qy - h : qy - h / 2;
        // The leader ends at the middle of the name's near side (above or below: near its centre);
        // the text fills w less the 2 px kept after it (see _measure).
        var ex = Math.abs(dx) > 0.3 ? (dx > 0 ? x - 1 : x + w - 1) : Math.max(x + 4, Math.min(x + w - 6, cx));
        var ey = Math.abs(dx) > 0.3 ? y + h / 2 : (dy > 0 ? y - 1 : y + h + 1);
        var sx = p.x, sy = p.y;
        if (marker) {
          // From the markers' rim: a little inside the ellipse their box holds (a round marker's
          // edge), on the line from their centre to the name; the marker, drawn above the
          // names, hides the end under it, so the line meets the marker wherever it is cut.
          var lx = ex - cx, ly = ey - cy;
          var u = Math.min(Math.abs(lx) > 1e-9 ? hw / Math.abs(lx) : Infinity,
            Math.abs(ly) > 1e-9 ? hh / Math.abs(ly) : Infinity);
          if (u >= 1) { continue; }  // the name's near side is inside the markers' box
          var rim = 0.9 / Math.sqrt((lx * lx) / (hw * hw) + (ly * ly) / (hh * hh));
          sx = cx + lx * rim;
          sy = cy + ly * rim;
        }
        out.push({at: 'c', bare: true, base: (ring + 1) * 1000, x: x, y: y, w: w, h: h,
          leader: {x1: sx, y1: sy, x2: ex, y2: ey, dot: !marker}});
      }
    }
    return out;
  };

  // A river's course on screen: its vertices in container pixels, simplified to what shows at
  // this zoom, with the length along it at each vertex. (A course traced from the shoreline
  // data has a vertex every pixel or less at zoom 4, and Leaflet rounds projected points to
  // whole pixels: such steps point every which way and all lie at the name's anchor.)
  RJWLabels.prototype._course = function (item) {
    var map = this.map, path = item.place.path, pts = [];
    for (var i = 0; i < path.length; i++) { pts.push(map.latLngToContainerPoint(path[i])); }
    pts = L.LineUtil.simplify(pts, COURSE_TOLERANCE);
    var along = [0];
    for (var k = 1; k < pts.length; k++) { along.push(along[k - 1] + pts[k].distanceTo(pts[k - 1])); }
    return {pts: pts, along: along, length: along[along.length - 1]};
  };

  // The point at length s along a course, and the index of the vertex before it.
  function pointAlong(course, s) {
    var pts = course.pts, along = course.along, k = 0;
    while (k + 2 < pts.length && along[k + 1] < s) { k++; }
    var span = along[k + 1] - along[k], t = span > 0 ? Math.max(0, Math.min(1, (s - along[k]) / span)) : 0;
    return {x: pts[k].x + t * (pts[k + 1].x - pts[k].x), y: pts[k].y + t * (pts[k + 1].y - pts[k].y), k: k};
  }

  // The length along a course of its point nearest p.
  function nearestAlong(course, p) {
    var pts = course.pts, best = Infinity, at = 0;
    for (var k = 0; k + 1 < pts.length; k++) {
      var a = pts[k], dx = pts[k + 1].x - a.x, dy = pts[k + 1].y - a.y, len = dx * dx + dy * dy;
      var t = len ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len)) : 0;
      var ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y, d = ex * ex + ey * ey;
      if (d < best) { best = d; at = course.along[k] + t * Math.sqrt(len); }
    }
    return at;
  }

  // Boxes for a river name along its on-screen course: centred at points a step apart, from
  // the point nearest the sourced anchor outward both ways, the name's baseline the chord of
  // the course under it, set clear of the course's bends on that side. The usual pass tries
  // one bank; a rank-1 river that found no place tries finer steps, both banks and two wider
  // gaps (`base` grows with the distance from the anchor, then with the gap).
  RJWLabels.prototype._riverCandidates = function (item, anchor, size, more) {
    var course = item.course || this._course(item), w = item.w, h = item.h, out = [];
    var pts = course.pts, total = course.length;
    if (pts.length < 2 || !(total > 0)) { return out; }
    var lo = Math.min(w / 3, total / 2), hi = Math.max(total - w / 3, total / 2);
    var s0 = Math.max(lo, Math.min(hi, nearestAlong(course, anchor)));
    var step = more ? Math.max(4, w / 4) : Math.max(8, w / 2), count = more ? 32 : 16;
    var spots = [s0];
    for (var k = 1; spots.length < count; k++) {
      var up = s0 + k * step, down = s0 - k * step;
      if (up > hi && down < lo) { break; }
      if (up <= hi) { spots.push(up); }
      if (down >= lo && spots.length < count) { spots.push(down); }
    }
    var gaps = more ? [1.5, 4, 7] : [1.5], sides = more ? [1, -1] : [1];
    for (var n = 0; n < spots.length; n++) {
      var a = pointAlong(course, Math.max(0, spots[n] - w / 2));
      var b = pointAlong(course, Math.min(total, spots[n] + w / 2));
      var angle = Math.atan2(b.y - a.y, b.x - a.x);
      if (angle > Math.PI / 2) { angle -= Math.PI; }
      if (angle <= -Math.PI / 2) { angle += Math.PI; }
      // How far the course between a and b bends above (toward the text's top) and below the chord.
      var nx = Math.sin(angle), ny = -Math.cos(angle), mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
      var above = 0, below = 0;
      for (var v = a.k + 1; v <= b.k; v++) {
        var d = (pts[v].x - mx) * nx + (pts[v].y - my) * ny;
        if (d > above) { above = d; }
        if (-d > below) { below = -d; }
      }
      var c = Math.abs(Math.cos(angle)), sn = Math.abs(Math.sin(angle));
      var bw = w * c + h * sn, bh = w * sn + h * c;
      for (var g = 0; g < gaps.length; g++) {
        for (var j = 0; j < sides.length; j++) {
          // Sit just above the course (left-hand normal of the upright text direction), or below it.
          var off = sides[j] * ((sides[j] > 0 ? above : below) + h / 2 + gaps[g]);
          var cx = mx + nx * off, cy = my + ny * off;
          out.push({at: 'r', base: more ? (n + 1) * 1000 + g * 300 : 0, x: cx - bw / 2, y: cy - bh / 2, w: bw, h: bh,
            cx: cx, cy: cy, angle: angle});
        }
      }
    }
    return out;
  };

  RJWLabels.prototype._show = function (item, box) {
    var el = item.el, map = this.map;
    var layer = map.containerPointToLayerPoint([box.x, box.y]);
    el.className = item.place.cls + ' rjw-at-' + box.at + (box.bare ? ' rjw-bare' : '') +
      (box.leader ? ' rjw-callout' : '');
    el.style.display = '';
    if (box.at === 'r') {
      var c = map.containerPointToLayerPoint([box.cx, box.cy]);
      el.style.transform = 'translate(' + (c.x - item.w / 2) + 'px,' + (c.y - item.h / 2) + 'px) rotate(' +
        box.angle + 'rad)';
    } else {
      el.style.transform = 'translate(' + layer.x + 'px,' + layer.y + 'px)';
    }
    item.leader = box.leader || null;
    if (box.leader) {
      // The leader is a child of the name: a thin rotated line from the place (its dot) or its
      // markers' edge, in the name's own pixels.
      var s = box.leader, dx = s.x2 - s.x1, dy = s.y2 - s.y1, len = Math.sqrt(dx * dx + dy * dy);
      if (!item.leaderEl) {
        item.leaderEl = L.DomUtil.create('span', '', el);
      }
      item.leaderEl.className = 'rjw-leader' + (s.dot ? ' rjw-leader--dot' : '') + (len < MIN_LEADER ? ' rjw-leader--short' : '');
      item.leaderEl.style.display = '';
      item.leaderEl.style.left = (s.x1 - box.x) + 'px';
      item.leaderEl.style.top = (s.y1 - box.y) + 'px';
      item.leaderEl.style.width = len + 'px';
      item.leaderEl.style.transform = 'rotate(' + Math.atan2(dy, dx) + 'rad)';
    } else if (item.leaderEl) {
      item.leaderEl.style.display = 'none';
    }
  };

  // The anchors of the labels that may show at this zoom, and the vertices of their rivers.
  RJWLabels.prototype._softPoints = function (zoom, size) {
    var map = this.map, points = [];
    for (var i = 0; i < this.items.length; i++) {
      var item = this.items[i], place = item.place;
      if (zoom < place.minZoom || !this._inUse(place)) { continue; }
      // A river's course as drawn at this zoom (kept for its candidates), a place's anchor.
      if (item.river) { item.course = this._course(item); }
      var coords = item.river ? item.course.pts : [map.latLngToContainerPoint([place.lat, place.lon])];
      for (var k = 0; k < coords.length; k++) {
        var p = coords[k];
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
    var obstacleCount = taken.length, obstacles = taken.slice();
    // Panels over the map: no label under them (but no place is named beside them either).
    if (this.coverSelector) { taken = taken.concat(this._obstacleRects(origin, this.coverSelector)); }
    var soft = this._softPoints(zoom, size);
    var leaders = [];  // callouts placed so far: no later name may cover one
    var self = this;

    // The cheapest free box of a list: inside the map, clear of placed names, markers, panels
    // and leaders (its own leader clear of them too), covering fewest places still to be named.
    function pick(item, candidates, marker, fallback) {
      var chosen = null, best = Infinity;
      for (var c = 0; c < candidates.length && best > 0; c++) {
        var b = candidates[c];
        if (fallback && b.base > best) { break; }  // the rings come nearest first
        var rect = {left: b.x, top: b.y, right: b.x + b.w, bottom: b.y + b.h};
        if (rect.left < 0 || rect.top < 0 || rect.right > size.x || rect.bottom > size.y) { continue; }
        var free = true, t;
        for (t = 0; t < taken.length && free; t++) {
          free = !overlaps(rect, taken[t], t < obstacleCount ? 1 : pad);
        }
        for (t = 0; t < leaders.length && free; t++) { free = !crosses(leaders[t], rect, 1); }
        if (free && b.leader) { free = clearLeader(b.leader, rect, marker); }
        if (!free) { continue; }
        // Among free boxes, the one covering fewest places and river courses still to be named
        // (a box without the place's dot only when no dotted box is free).
        var cost = fallback ? b.base + self._cover(rect, soft, item) :
          self._cover(rect, soft, item) + (b.bare && c > 3 ? 1000 : 0) + (b.at.length === 2 ? 0.5 : 0);
        if (cost < best) { best = cost; chosen = {box: b, rect: rect}; }
        if (fallback && cost === b.base) { break; }
      }
      return chosen;
    }
    // A leader crosses no name, marker (but its own), panel or other leader, nor its own name.
    function clearLeader(s, rect, marker) {
      var len = Math.sqrt((s.x2 - s.x1) * (s.x2 - s.x1) + (s.y2 - s.y1) * (s.y2 - s.y1));
      if (len < 0.5) { return true; }
      for (var t = 0; t < taken.length; t++) {
        var r = taken[t];
        if (marker && t < obstacleCount && r.left >= marker.box.left && r.right <= marker.box.right &&
            r.top >= marker.box.top && r.bottom <= marker.box.bottom) { continue; }
        if (crosses(s, r, t < obstacleCount ? 0.5 : 0)) { return false; }
      }
      for (var k = 0; k < leaders.length; k++) {
        if (segmentsMeet(s, leaders[k])) { return false; }
      }
      return !crosses({x1: s.x1, y1: s.y1, x2: s.x2 - (s.x2 - s.x1) * 2 / len, y2: s.y2 - (s.y2 - s.y1) * 2 / len},
        rect, 0);
    }
    for (var i = 0; i < this.items.length; i++) {
      var item = this.items[i], place = item.place;
      if (zoom < place.minZoom || !this._inUse(place)) {
        item.el.style.display = 'none';
        item.leader = null;
        continue;
      }
      this._measure(item);
      var p = map.latLngToContainerPoint([place.lat, place.lon]);
      var marker = item.area || item.river ? null : this._markerBox(p, obstacles);
      var chosen = pick(item, this._candidates(item, p, marker, size), marker, false);
      if (!chosen && place.rank === 1) {
        chosen = pick(item, this._fallbacks(item, p, marker, size), marker, true);
      }
      if (chosen) {
        taken.push(chosen.rect);
        if (chosen.box.leader) { leaders.push(chosen.box.leader); }
        this._show(item, chosen.box);
      } else {
        item.el.style.display = 'none';
        item.leader = null;
      }
    }
    this._measured = true;
    this.pane.style.visibility = '';
    return this;
  };

  function segmentsMeet(a, b) {
    function side(x1, y1, x2, y2, x, y) { return (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1); }
    var d1 = side(a.x1, a.y1, a.x2, a.y2, b.x1, b.y1), d2 = side(a.x1, a.y1, a.x2, a.y2, b.x2, b.y2);
    var d3 = side(b.x1, b.y1, b.x2, b.y2, a.x1, a.y1), d4 = side(b.x1, b.y1, b.x2, b.y2, a.x2, a.y2);
    return d1 * d2 < 0 && d3 * d4 < 0;
  }

  /* The ids of the labels shown now (for tests and the player). */
  RJWLabels.prototype.visibleIds = function () {
    return this.items.filter(function (item) { return item.el.style.display !== 'none'; })
      .map(function (item) { return item.place.id; });
  };

  /* The callouts' leaders shown now, in viewport pixels: [{id, line: [x1, y1, x2, y2]}]. */
  RJWLabels.prototype.leaders = function () {
    var origin = this.map.getContainer().getBoundingClientRect();
    return this.items.filter(function (item) { return item.leader && item.el.style.display !== 'none'; })
      .map(function (item) {
        var s = item.leader;
        return {id: item.place.id, line: [s.x1 + origin.left, s.y1 + origin.top, s.x2 + origin.left, s.y2 + origin.top]};
      });
  };

  window.RJWLabels = RJWLabels;
}());
