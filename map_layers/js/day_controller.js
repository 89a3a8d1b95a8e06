/* Day controller: shows, for one day, the territories and railway sections whose
 * geometry the base map already holds, so a date change sends only ids and styles.
 * Python decides what is visible (map_layers.timeslice); this only applies it. */
(function () {
  "use strict";
  function Controller(map) {
    this.map = map;
    this.layers = { territory: {}, railway: {} };
    map.on("moveend", writeViewToPage);
  }
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
  /* state = {date: "YYYY-MM-DD", territory: {id: style}, railway: {id: style}} */
  Controller.prototype.apply = function (state) {
    this._show("territory", state.territory || {});
    this._show("railway", state.railway || {});
    var container = this.map.getContainer();
    var mark = function () { container.setAttribute("data-map-date", state.date); };
    if (window.requestAnimationFrame) { window.requestAnimationFrame(mark); } else { mark(); }
  };
  window.RJWController = Controller;
})();
