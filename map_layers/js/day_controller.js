/* Day controller: shows, for one day, the territories and railway sections whose
 * geometry the base map already holds, so a date change sends only ids and styles.
 * Python decides what is visible (map_layers.timeslice); this only applies it. */
(function () {
  "use strict";
  function Controller(map) {
    this.map = map;
    this.layers = { territory: {}, railway: {} };
    this.ready = true; // false while fetched base layers are on their way
    this.pending = null; // the last state asked for before they arrived
    map.on("moveend", writeViewToPage);
  }
  /* Fetch the base layers once (the browser keeps them), then apply the waiting day. */
  Controller.prototype.load = function (specs) {
    var self = this;
    self.ready = false;
    Promise.all(specs.map(function (spec) {
      return fetch(spec.url).then(function (response) {
        if (!response.ok) { throw new Error(spec.url + ": HTTP " + response.status); }
        return response.json();
      }).then(function (data) { return [spec, data]; });
    })).then(function (loaded) {
      loaded.forEach(function (pair) {
        var spec = pair[0];
        L.geoJson(pair[1], {
          pane: spec.pane,
          interactive: spec.interactive,
          style: function (feature) { return feature.properties.style; },
          onEachFeature: spec.register ? function (feature, layer) { self.register(spec.kind, feature, layer); } : null
        }).addTo(self.map);
      });
      self.ready = true;
      if (self.pending) { self.apply(self.pending); }
    }).catch(function (error) {
      self.map.getContainer().setAttribute("data-map-error", String(error));
    });
  };
  /* Keep the view (lat,lon,zoom) in the page's URL without a rerun, so a permalink reopens
   * exactly what is on screen. Only possible when the app page shares our origin. */
  function writeViewToPage(event) {
    var map = event.target;
    try {
      var page = window.parent;
      if (!page || page === window) { return; }
      var url = new URL(page.location.href);
      var centre = map.getCenter();
      var round = function (x) { return String(Number(x.toFixed(4))); };
      url.searchParams.set("view", round(centre.lat) + "," + round(centre.lng) + "," + map.getZoom());
      // Commas read better unescaped, and are legal in a query string.
      page.history.replaceState(page.history.state, "", url.toString().replace(/%2C/g, ","));
    } catch (error) { /* another origin: the permalink keeps date, language and layers only */ }
  }
  Controller.prototype.register = function (kind, feature, layer) {
    this.layers[kind][feature.properties.id] = layer;
    if (feature.properties.tooltip) {
      layer.bindTooltip(feature.properties.tooltip, { sticky: true });
    }
  };
  Controller.prototype._show = function (kind, styles) {
    var registry = this.layers[kind];
    for (var id in registry) {
      var layer = registry[id];
      var style = styles[id];
      if (style) {
        layer.setStyle(style);
        if (!this.map.hasLayer(layer)) { this.map.addLayer(layer); }
      } else if (this.map.hasLayer(layer)) {
        this.map.removeLayer(layer);
      }
    }
  };
  /* Bind the item's popup and tooltip. */
  function bindTexts(layer, item) {
    if (item.popup) {
      if (layer.getPopup()) { layer.setPopupContent(item.popup); } else { layer.bindPopup(item.popup, { maxWidth: 380, maxHeight: 420 }); }
    }
    if (item.tooltip) {
      if (layer.getTooltip()) { layer.setTooltipContent(item.tooltip); }
      else { layer.bindTooltip(item.tooltip, { direction: "top", sticky: Boolean(item.path) }); }
    }
  }
  /* Name a marker by its title for screen readers (its visible content is a glyph). */
  function labelElement(layer, label) {
    var el = layer.getElement && layer.getElement();
    if (el && label) { el.setAttribute("aria-label", label); el.setAttribute("title", label); }
  }
  function divIcon(item) {
    return L.divIcon({ className: item.cls, html: item.html, iconSize: [item.size, item.size] });
  }
  Controller.prototype._newItem = function (item) {
    if (item.path) {
      return L.polyline(item.path, Object.assign({ pane: item.pane }, item.style));
    }
    var marker = L.marker(item.at, {
      pane: item.pane, title: item.label || "", icon: divIcon(item), zIndexOffset: item.z || 0
    });
    marker.on("add", function () { labelElement(marker, item.label); });
    return marker;
  };
  /* Events, heads and paths: keep what stayed, move or restyle what changed, drop what left. */
  Controller.prototype._items = function (items) {
    var previous = this.items || {};
    var next = {};
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var old = previous[item.id];
      var layer = old && old.layer;
      if (!layer) {
        layer = this._newItem(item);
        bindTexts(layer, item);
        layer.addTo(this.map);
      } else {
        if (item.path) {
          if (JSON.stringify(item.path) !== JSON.stringify(old.item.path)) { layer.setLatLngs(item.path); }
          layer.setStyle(item.style);
        } else {
          if (item.at[0] !== old.item.at[0] || item.at[1] !== old.item.at[1]) { layer.setLatLng(item.at); }
          if (item.html !== old.item.html) { layer.setIcon(divIcon(item)); labelElement(layer, item.label); }
          if ((item.z || 0) !== (old.item.z || 0)) { layer.setZIndexOffset(item.z || 0); }
        }
        if (item.popup !== old.item.popup || item.tooltip !== old.item.tooltip) { bindTexts(layer, item); }
      }
      next[item.id] = { layer: layer, item: item };
    }
    for (var id in previous) {
      if (!next[id]) { this.map.removeLayer(previous[id].layer); }
    }
    this.items = next;
  };
  /* state = {date, territory: {id: style}, railway: {id: style}, items: [...]} */
  Controller.prototype.apply = function (state) {
    if (!this.ready) { this.pending = state; return; }
    this._show("territory", state.territory || {});
    this._show("railway", state.railway || {});
    this._items(state.items || []);
    var container = this.map.getContainer();
    var mark = function () { container.setAttribute("data-map-date", state.date); };
    if (window.requestAnimationFrame) { window.requestAnimationFrame(mark); } else { mark(); }
  };
  window.RJWController = Controller;
})();
