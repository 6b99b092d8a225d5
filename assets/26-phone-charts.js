/* Kota Cerdas: two charts of the overview read on a phone (SPEC A2, issue 16).
 *
 * 1. The map's colour scale. Below 576 px the map keeps a readable width (720 px) and swipes
 *    sideways inside its card (25-responsive.css); plotly draws its colour bar under the right
 *    half of the map, out of view until the user swipes. An empty element the page renders after
 *    the map (`.kc-colour-scale[data-graph=<graph id>]`, dashboard/pages/overview.py) is filled
 *    here with a copy of the drawn colour bar: its title, its gradient (the stops of plotly's
 *    fill gradient) and its tick labels as plotly formatted them (decimal comma, category
 *    names), placed where plotly placed them along the bar. It is redrawn after every
 *    `plotly_afterplot` of the graph (a new measure, year or province is a Patch that ends in
 *    one; so does a resize). The copy is shown, and plotly's bar hidden, on phones only
 *    (25-responsive.css); print, wider screens and image exports (kaleido, on the server) keep
 *    plotly's own bar. The copy is aria-hidden: the chart's text summary says the same.
 * 2. The ranking's region names. At phone width "505. Kab. Mamberamo Raya" left the bars about
 *    a third of the chart. In a graph inside `.kc-names-above` the names are drawn above their
 *    bars on phones (annotations at the plot's left edge in place of the tick labels, each bar
 *    thinner, under its name, each row 12 px taller): the bars get the whole width and
 *    every name stays whole. Only the figure handed to plotly in the browser changes; the server's
 *    figure (exports) and wider screens are untouched. On paper (print from a phone) the names go
 *    back beside the bars, where the short printed chart has room for them.
 *
 * dcc.Graph draws every figure and Patch with window.Plotly.react / newPlot: wrapping them (like
 * 07-draw-order.js and 25-responsive.js) sees every draw. No external library, no inline script.
 */
(function () {
  "use strict";
  var P = window.Plotly;
  if (!P || typeof P.react !== "function" || !window.matchMedia) { return; }

  var PHONE = window.matchMedia("screen and (max-width: 575.98px)");
  var PRINT = window.matchMedia("print");
  var NAMES_ABOVE = ".kc-names-above";
  // the ranking on phones: each row a name's line (12 px type) over a thinner bar, rows 12 px
  // taller (about 38 px: name, 2 px, bar of 13 px, then 8 px to the next name)
  var ROW_EXTRA = 12;     // px added to the figure's height per row
  var NAME_SIZE = 12;
  var BAR_WIDTH = 0.34;   // of a row (was 0.75 beside the name)
  var BAR_GAP = 0.06;     // of a row, between the name's baseline (the row's centre) and the bar
  var LEFT = 12;          // px of left margin at least: plotly hides a "0" tick cut by the edge

  /* ---- 1. the colour scale ------------------------------------------------------------ */

  function holderOf(gd) { return gd.closest && gd.closest(".dash-graph"); }

  function stripsOf(gd) {
    var holder = holderOf(gd);
    if (!holder || !holder.id) { return []; }
    return document.querySelectorAll('.kc-colour-scale[data-graph="' + CSS.escape(holder.id) + '"]');
  }

  function gradientStops(fill) {
    // "url(#id)" or 'url("#id")' in the fill style or attribute
    var paint = (fill.style && fill.style.fill) || fill.getAttribute("fill") || "";
    var found = /url\(\s*["']?#([^"')\s]+)/.exec(paint);
    if (!found) { return paint ? [{at: 0, colour: paint}, {at: 1, colour: paint}] : []; }
    var gradient = document.getElementById(found[1]);
    if (!gradient) { return []; }
    var reversed = parseFloat(gradient.getAttribute("x1") || "0") >
      parseFloat(gradient.getAttribute("x2") || "1");
    var stops = Array.prototype.map.call(gradient.querySelectorAll("stop"), function (stop) {
      var offset = stop.getAttribute("offset") || "0";
      var at = parseFloat(offset) / (offset.indexOf("%") >= 0 ? 100 : 1);
      return {at: reversed ? 1 - at : at, colour: stop.getAttribute("stop-color") || "#000"};
    });
    return reversed ? stops.reverse() : stops;
  }

  function readScale(gd) {
    // what plotly drew: the colour bar of the map (the values trace has the only one)
    var bar = gd.querySelector(".colorbar");
    var fills = bar ? bar.querySelectorAll(".cbfill") : [];
    if (!fills.length) { return null; }
    var left = Infinity;
    var right = -Infinity;
    Array.prototype.forEach.call(fills, function (fill) {
      var box = fill.getBoundingClientRect();
      left = Math.min(left, box.left);
      right = Math.max(right, box.right);
    });
    var span = right - left;
    if (!(span > 0)) { return null; }  // not laid out (a hidden graph): keep what is shown
    var stops = [];
    Array.prototype.forEach.call(fills, function (fill) {
      var box = fill.getBoundingClientRect();
      gradientStops(fill).forEach(function (stop) {
        stops.push({at: (box.left - left + stop.at * box.width) / span, colour: stop.colour});
      });
    });
    var ticks = Array.prototype.map.call(bar.querySelectorAll(".cbaxis text"), function (text) {
      var box = text.getBoundingClientRect();
      return {text: text.textContent, at: (box.left + box.width / 2 - left) / span};
    }).filter(function (tick) { return tick.text; });
    var title = bar.querySelector(".cbtitle text");
    return {title: title ? title.textContent : "", stops: stops, ticks: ticks};
  }

  function percent(at) { return (Math.round(Math.max(0, Math.min(1, at)) * 10000) / 100) + "%"; }

  function element(name, className, text) {
    var el = document.createElement(name);
    el.className = className;
    if (text) { el.textContent = text; }
    return el;
  }

  function placeTicks(strip) {
    // each label centred on its place along the bar, moved inside the strip at its ends (its
    // text width does not change with the strip's width, so the clamp holds on a resize)
    strip.querySelectorAll(".kc-colour-scale-ticks > span").forEach(function (span) {
      var at = span.getAttribute("data-at") + "%";
      var width = span.offsetWidth;
      if (!width) {  // not displayed now: centred, measured when the strip shows
        span.style.left = at;
        span.style.transform = "translateX(-50%)";
        return;
      }
      span.style.transform = "";
      span.style.left = "clamp(0px, calc(" + at + " - " + width / 2 + "px), calc(100% - " +
        width + "px))";
    });
  }

  function tighten(strip, gd) {
    // the copy moves up over the band plotly keeps under the map for its bar (hidden here),
    // to just under what is drawn there (the plot area and the "no data" legend)
    strip.style.marginTop = "";
    var size = gd._fullLayout && gd._fullLayout._size;
    if (!strip.offsetWidth || !size) { return; }  // not displayed (wider screens, print)
    var graph = gd.getBoundingClientRect();
    var drawn = graph.top + size.t + size.h;
    var legend = gd.querySelector(".legend");
    if (legend) { drawn = Math.max(drawn, legend.getBoundingClientRect().bottom); }
    var margin = parseFloat(window.getComputedStyle(strip).marginTop) || 0;
    var spare = strip.getBoundingClientRect().top - margin - drawn;
    if (spare > 0) { strip.style.marginTop = (margin - spare) + "px"; }
  }

  function render(strip, scale) {
    var signature = JSON.stringify(scale);
    if (strip.getAttribute("data-scale") === signature) { placeTicks(strip); return; }
    var gradient = element("div", "kc-colour-scale-bar");
    gradient.style.backgroundImage = "linear-gradient(to right, " + scale.stops.map(function (s) {
      return s.colour + " " + percent(s.at);
    }).join(", ") + ")";
    var ticks = element("div", "kc-colour-scale-ticks");
    scale.ticks.forEach(function (tick) {
      var span = element("span", "", tick.text);
      span.setAttribute("data-at", String(Math.round(Math.max(0, Math.min(1, tick.at)) * 10000) / 100));
      ticks.appendChild(span);
    });
    strip.replaceChildren(element("div", "kc-colour-scale-title", scale.title), gradient, ticks);
    strip.setAttribute("aria-hidden", "true");
    strip.setAttribute("data-scale", signature);
    placeTicks(strip);
  }

  function renderScales(gd) {
    var strips = stripsOf(gd);
    if (!strips.length) { return; }
    var scale = readScale(gd);
    strips.forEach(function (strip) {
      if (!scale) {
        if (!gd.querySelector(".colorbar")) {  // a figure without a scale (a notice)
          strip.replaceChildren();
          strip.removeAttribute("data-scale");
        }
        return;
      }
      render(strip, scale);
      tighten(strip, gd);
    });
  }

  function later(gd) {
    // after the frame: never inside plotly's draw or dcc's promise chain (what is read here
    // makes the browser lay the page out)
    // only on phones: elsewhere the strip is hidden, and reading the drawn bar would cost every
    // repaint a layout (P8); a screen turning into a phone's draws it (screenChanged)
    if (gd.__kcScaleFrame || !PHONE.matches) { return; }
    gd.__kcScaleFrame = window.requestAnimationFrame(function () {
      gd.__kcScaleFrame = 0;
      if (gd.isConnected) { renderScales(gd); }
    });
  }

  function watch(gd) {
    // plotly_afterplot follows every draw, Patch, relayout and resize; Plotly.purge drops the
    // graph's listeners with its emitter (gd._ev), so a new emitter gets the listener again
    if (!gd || !gd._ev || gd.__kcPhoneEv === gd._ev || typeof gd.on !== "function") { return; }
    gd.__kcPhoneEv = gd._ev;
    gd.on("plotly_afterplot", function () { later(gd); });
  }

  /* ---- 2. the ranking's names above their bars ---------------------------------------- */

  function namesAbove(gd) { return !!(gd.closest && gd.closest(NAMES_ABOVE)); }

  function reversedAxis(axis) {
    return axis.autorange === "reversed" ||
      (Array.isArray(axis.range) && axis.range[0] > axis.range[1]);
  }

  function phoneFigure(figure) {
    // a copy of dcc's figure (never changed itself) with the tick labels as annotations
    var layout = figure.layout || {};
    var axis = layout.yaxis || {};
    if (!Array.isArray(axis.tickvals) || !Array.isArray(axis.ticktext)) { return figure; }
    var names = axis.tickvals.map(function (value, i) {
      return {
        text: String(axis.ticktext[i] === undefined ? "" : axis.ticktext[i]),
        x: 0, xref: "paper", xanchor: "left", align: "left",
        y: value, yref: "y", yanchor: "bottom", showarrow: false, font: {size: NAME_SIZE}
      };
    });
    var down = reversedAxis(axis);  // a bar in the lower half of its row, under its name
    var data = (figure.data || []).map(function (trace) {
      if (trace.type !== "bar" || trace.orientation !== "h") { return trace; }
      return Object.assign({}, trace, {
        width: BAR_WIDTH, offset: down ? BAR_GAP : -BAR_WIDTH - BAR_GAP
      });
    });
    var margin = layout.margin || {};
    var copy = Object.assign({}, layout, {
      yaxis: Object.assign({}, axis, {showticklabels: false}),
      annotations: (layout.annotations || []).concat(names),
      margin: Object.assign({}, margin, {l: Math.max(margin.l || 0, LEFT)})
    });
    if (typeof layout.height === "number") {
      copy.height = layout.height + axis.tickvals.length * ROW_EXTRA;
    }
    return Object.assign({}, figure, {data: data, layout: copy});
  }

  function onPhoneScreen() { return PHONE.matches && !PRINT.matches; }

  function wrap(name) {
    var original = P[name];
    if (typeof original !== "function") { return; }
    P[name] = function (gd, data, layout, config) {
      var self = this;
      var args = Array.prototype.slice.call(arguments);
      if (gd && typeof gd === "object" && "nodeType" in gd && namesAbove(gd)) {
        var oneObject = data && !Array.isArray(data) && typeof data === "object";
        var figure = oneObject ? data : {data: data, layout: layout, config: config};
        gd.__kcScreenFigure = figure;  // drawn again when the screen changes (below)
        if (onPhoneScreen()) {
          var phone = phoneFigure(figure);
          args = oneObject ? [gd, phone] : [gd, phone.data, phone.layout, phone.config];
        }
      }
      var result = original.apply(self, args);
      if (gd && typeof gd === "object" && "nodeType" in gd) {
        Promise.resolve(result).then(function () {
          if (gd.isConnected && stripsOf(gd).length) {
            watch(gd);
            later(gd);
          }
        }, function () {});
      }
      return result;
    };
  }

  wrap("react");
  wrap("newPlot");

  function namesBeside(gd) {
    // paper: the tick labels back beside the bars, at once (Plotly.update is not deferred by
    // 07-draw-order.js) and without touching the size 27-print.js gives the graph
    var figure = gd.__kcScreenFigure;
    var layout = figure.layout || {};
    var bars = [];
    var widths = [];
    var offsets = [];
    (gd.data || []).forEach(function (trace, i) {
      if (trace.type === "bar" && trace.orientation === "h") {
        var before = (figure.data || [])[i] || {};
        bars.push(i);
        widths.push(before.width === undefined ? null : before.width);
        offsets.push(before.offset === undefined ? null : before.offset);
      }
    });
    var axis = layout.yaxis || {};
    var margin = layout.margin || {};
    return P.update(gd, {width: widths, offset: offsets}, {
      "yaxis.showticklabels": axis.showticklabels === undefined ? null : axis.showticklabels,
      annotations: layout.annotations || [],
      "margin.l": margin.l === undefined ? null : margin.l
    }, bars);
  }

  function screenChanged() {
    document.querySelectorAll(NAMES_ABOVE + " .js-plotly-plot").forEach(function (gd) {
      if (!gd.__kcScreenFigure || !gd._fullLayout) { return; }
      if (PRINT.matches) {
        namesBeside(gd);
      } else {
        P.react(gd, gd.__kcScreenFigure);  // the wrapper above picks the phone's or not
      }
    });
    document.querySelectorAll(".kc-colour-scale[data-graph]").forEach(function (strip) {
      var holder = document.getElementById(strip.getAttribute("data-graph"));
      var gd = holder && holder.querySelector(".js-plotly-plot");
      if (gd && gd._fullLayout) { later(gd); }
    });
  }

  PHONE.addEventListener("change", screenChanged);
}());
