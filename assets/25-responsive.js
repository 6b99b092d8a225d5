/* Kota Cerdas: plotly graphs on touch screens (SPEC A2). plotly's drag-to-zoom calls
 * preventDefault on touchstart, so a swipe that starts on a chart neither scrolls the page nor
 * the map's card; on a phone the charts fill the screen and the page could not be scrolled.
 * On coarse pointers every figure is drawn with dragmode false: a tap still hovers and clicks
 * (a tile opens its profile), a swipe scrolls. Desktop mice keep zooming. dcc.Graph calls
 * window.Plotly.react / newPlot for every figure and Patch, so wrapping them covers all graphs. */
(function () {
  "use strict";
  var P = window.Plotly;
  if (!P || !window.matchMedia || !window.matchMedia("(pointer: coarse)").matches) { return; }

  function noDrag(layout) {
    var copy = Object.assign({}, layout || {});
    copy.dragmode = false;
    return copy;
  }

  function wrap(name) {
    var original = P[name];
    if (typeof original !== "function") { return; }
    P[name] = function (gd, data, layout, config) {
      if (data && !Array.isArray(data) && typeof data === "object") {
        // the one-object form dcc.Graph uses: {data, layout, config, frames}
        return original.call(P, gd, Object.assign({}, data, {layout: noDrag(data.layout)}));
      }
      return original.call(P, gd, data, noDrag(layout), config);
    };
  }

  wrap("react");
  wrap("newPlot");
}());
