/* Kota Cerdas: explore a map by keyboard (the overview's readiness map, the district map).
 *
 * The focusable frame around the graph (.kc-map-keys, built by dashboard/components/map_keys.py)
 * takes the keys: the arrows move a "current region" to the nearest region in that direction
 * (by centroid on screen: neighbouring tiles on the tile map), Home goes to our region, Enter acts
 * as a click on the region (the page's own click handling opens the profile), Escape leaves the
 * map. The current region is outlined over the map, its hover label is shown (Plotly.Fx.hover)
 * and a sentence is put in the frame's live region: name, measure and year, value with unit,
 * where the value comes from (official or synthetic) and the rank.
 *
 * Everything is read from the figure the browser already holds, at the moment of the key press,
 * so it follows every filter change and map type without a request: codes and names from the
 * traces' customdata/locations/text, values from the values trace's z, measure, unit, year and
 * rank direction from the figure's `layout.meta` (dashboard/figures/mapvalues.keyboard_meta), tile positions from
 * x/y, geographic centroids from plotly's own calcdata (`ct`, computed when it drew the shapes).
 */
(function () {
  "use strict";
  var MOVES = {ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1]};
  var SVG = "http://www.w3.org/2000/svg";

  function graphOf(box) {
    var holder = document.getElementById(box.getAttribute("data-graph"));
    return holder && holder.querySelector(".js-plotly-plot");
  }

  function textsOf(box) {
    try { return JSON.parse(box.getAttribute("data-texts") || "{}"); } catch (e) { return {}; }
  }

  function plain(html) {
    return String(html === null || html === undefined ? "" : html)
      .replace(/<br\s*\/?>/gi, ", ").replace(/<[^>]*>/g, "")
      .replace(/&amp;/g, "&").replace(/\s+/g, " ").replace(/(, )+/g, ", ").replace(/^[,\s]+|[,\s]+$/g, "");
  }

  function axisOf(full, id) { return full[id === "x" || id === "y" ? id + "axis" : id.charAt(0) + "axis" + id.slice(1)]; }

  function within(value, range) {
    return value >= Math.min(range[0], range[1]) && value <= Math.max(range[0], range[1]);
  }

  function metaOf(gd) {
    var meta = gd.layout && gd.layout.meta;
    return meta && typeof meta === "object" && !Array.isArray(meta) ? meta : {};
  }

  /* The values trace: named by the figure's meta, else the last hoverable map trace. */
  function valuesIndex(gd) {
    var named = metaOf(gd).values_trace, found = -1;
    if (typeof named === "number" && gd._fullData[named]) { return named; }
    gd._fullData.forEach(function (fd, i) {
      if ((fd.type === "heatmap" || fd.type === "choropleth") && fd.hoverinfo !== "skip") { found = i; }
    });
    return found;
  }

  function addHeatmap(gd, i, isValues, regions) {
    var trace = gd.data[i], fd = gd._fullData[i], full = gd._fullLayout;
    var xa = axisOf(full, fd.xaxis), ya = axisOf(full, fd.yaxis);
    var own = trace.customdata || [];
    var codes = isValues ? slotCodes(gd, i) || own : own;
    codes.forEach(function (code, j) {
      if (Array.isArray(code)) { code = code[0]; }
      if (!code || typeof code !== "string") { return; }
      var x = trace.x[j], y = trace.y[j];
      var r = regions[code] || (regions[code] = {code: code});
      r.name = r.name || plain(trace.text && trace.text[j]);
      r.px = xa._offset + xa.c2p(x);
      r.py = ya._offset + ya.c2p(y);
      r.visible = within(x, xa.range) && within(y, ya.range);
      r.hover = {xval: x, yval: y, subplot: fd.xaxis + fd.yaxis};
      r.cell = {x: x, y: y, xa: xa, ya: ya};
      r.point = {curveNumber: i, pointNumber: j};
      if (isValues) {
        r.z = trace.z[j]; r.note = trace.hovertext ? trace.hovertext[j] : null;
        r.counts = Array.isArray(own[j]) ? own[j] : null;
      }
    });
  }

  /* A score's values trace holds [n_real, n_synthetic] as customdata (figures.mapvalues): the
   * slot's code is then the other heatmap's (the background, same slots). */
  function slotCodes(gd, i) {
    for (var k = 0; k < gd.data.length; k++) {
      var other = gd.data[k];
      if (k !== i && other.type === "heatmap" && Array.isArray(other.customdata)
          && other.customdata.length === gd.data[i].z.length) { return other.customdata; }
    }
    return null;
  }

  function addChoropleth(gd, i, isValues, regions) {
    var trace = gd.data[i], fd = gd._fullData[i];
    var geo = gd._fullLayout[fd.geo]._subplot;
    var clip = geo.clipRect;
    var box = clip ? ["x", "y", "width", "height"].map(function (k) { return +clip.attr(k); }) : null;
    (gd.calcdata[i] || []).forEach(function (pt) {
      if (!pt.ct || !pt.loc) { return; }
      var code = String(pt.loc), j = pt.i;
      var r = regions[code] || (regions[code] = {code: code});
      var xy = geo.project(pt.ct);
      if (!xy || isNaN(xy[0]) || isNaN(xy[1])) { return; }
      r.name = r.name || plain(trace.text && trace.text[j]) || code;
      r.px = xy[0];
      r.py = xy[1];
      r.visible = !box || (xy[0] >= box[0] && xy[0] <= box[0] + box[2] && xy[1] >= box[1] && xy[1] <= box[1] + box[3]);
      var inside = insidePoint(pt);
      r.hover = inside ? {xval: inside[0], yval: inside[1], subplot: fd.geo} : null;
      r.point = {curveNumber: i, pointNumber: j, location: code};
      if (isValues) {
        r.z = trace.z[j]; r.note = trace.hovertext ? trace.hovertext[j] : null;
        var row = trace.customdata && trace.customdata[j];
        r.counts = Array.isArray(row) ? row : null;
      }
    });
  }

  /* A point inside the region's shape for the hover (the centroid of a crescent lies outside). */
  function insidePoint(pt) {
    var polygons = pt._polygons || [];
    var contains = function (p) {
      var n = 0;
      polygons.forEach(function (poly) { if (poly.contains(p)) { n += 1; } });
      return n % 2 === 1;
    };
    if (!polygons.length || contains(pt.ct)) { return pt.ct; }
    var best = null, bestDistance = Infinity;
    polygons.forEach(function (poly) {
      for (var a = 1; a < 8; a++) {
        for (var b = 1; b < 8; b++) {
          var p = [poly.xmin + (poly.xmax - poly.xmin) * a / 8, poly.ymin + (poly.ymax - poly.ymin) * b / 8];
          var d = Math.pow(p[0] - pt.ct[0], 2) + Math.pow(p[1] - pt.ct[1], 2);
          if (d < bestDistance && contains(p)) { best = p; bestDistance = d; }
        }
      }
    });
    return best;
  }

  /* Every region the map draws: code, name, screen position, value; null before the first draw. */
  function regionsOf(gd) {
    if (!gd || !gd._fullLayout || !gd._fullData || !gd.calcdata) { return null; }
    var values = valuesIndex(gd), regions = {};
    gd._fullData.forEach(function (fd, i) {
      if (fd.visible !== true || fd.hoverinfo === "skip" || i === values) { return; }
      if (fd.type === "heatmap") { addHeatmap(gd, i, false, regions); }
      if (fd.type === "choropleth") { addChoropleth(gd, i, false, regions); }
    });
    if (values >= 0) {  // last: the values trace's hover and click win where both hold a region
      var type = gd._fullData[values].type;
      if (type === "heatmap") { addHeatmap(gd, values, true, regions); }
      if (type === "choropleth") { addChoropleth(gd, values, true, regions); }
    }
    return {list: Object.keys(regions).sort().map(function (c) { return regions[c]; }),
            byCode: regions, meta: metaOf(gd),
            template: values >= 0 ? gd.data[values].hovertemplate : ""};
  }

  /* The regions arrows move between: those in view, within the chosen province if any. */
  function candidates(model) {
    var province = new URLSearchParams(window.location.search).get("province");
    var scoped = model.list.filter(function (r) {
      return !province || !/^\d+$/.test(province) || r.code.indexOf(province + ".") === 0;
    });
    var shown = scoped.filter(function (r) { return r.visible; });
    return {list: shown.length ? shown : scoped, scoped: scoped, province: scoped.length < model.list.length};
  }

  function nearest(list, from, dx, dy) {
    var best = null, bestScore = Infinity, wide = null, wideScore = Infinity;
    list.forEach(function (r) {
      if (r.code === from.code) { return; }
      var ax = r.px - from.px, ay = r.py - from.py;
      var along = ax * dx + ay * dy, across = Math.abs(ax * dy - ay * dx);
      if (along <= 0.5) { return; }
      var score = along + 2 * across;
      if (across <= along) {
        if (score < bestScore) { best = r; bestScore = score; }
      } else if (score < wideScore) { wide = r; wideScore = score; }
    });
    return best || wide;
  }

  function start(list, box, gd) {
    var home = box.getAttribute("data-home");
    var found = list.filter(function (r) { return r.code === home; })[0];
    if (found) { return found; }
    var cx = gd._fullLayout.width / 2, cy = gd._fullLayout.height / 2, best = null, bestD = Infinity;
    list.forEach(function (r) {
      var d = Math.pow(r.px - cx, 2) + Math.pow(r.py - cy, 2);
      if (d < bestD) { best = r; bestD = d; }
    });
    return best;
  }

  function number(z, decimals, separators) {
    var fixed = Math.abs(z).toFixed(Math.max(0, Math.min(10, decimals)));
    var parts = fixed.split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, separators.charAt(1) || "");
    return (z < 0 ? "\u2212" : "") + whole + (parts[1] ? separators.charAt(0) + parts[1] : "");
  }

  function rankOf(region, list, direction) {
    if (!isFinite(region.z) || region.z === null || direction === "none") { return null; }
    var lower = direction === "down", shown = 0, better = 0;
    list.forEach(function (r) {
      if (r.z === null || r.z === undefined || !isFinite(r.z)) { return; }
      shown += 1;
      if (lower ? r.z < region.z : r.z > region.z) { better += 1; }
    });
    return {rank: better + 1, n: shown};
  }

  function sentence(region, model, scope, texts, separators) {
    var meta = model.meta, parts = [region.name || region.code];
    var measure = [meta.measure, meta.period].filter(function (v) { return v !== null && v !== undefined && v !== ""; }).join(" ");
    var hasValue = region.z !== null && region.z !== undefined && isFinite(region.z);
    var value;
    if (!hasValue) {
      value = texts.no_value || "–";
    } else {
      if (meta.categories && meta.categories.length) {
        value = plain(String(region.note || "").replace(/<i>[\s\S]*?<\/i>/g, ""))
          || meta.categories[Math.round(region.z) - 1] || String(region.z);
      } else {
        // as figures.theme.with_unit: the percent sign sticks to the number
        var unit = !meta.unit ? "" : (meta.unit === "%" ? "%" : " " + meta.unit);
        value = number(region.z, meta.decimals === undefined ? 1 : meta.decimals, separators) + unit;
      }
      var note = noteOf(model.template, region.note, region.counts);
      if (note) { value += " (" + note + ")"; }
    }
    var rank = hasValue ? rankOf(region, scope.scoped, meta.direction || "none") : null;
    var template = scope.province ? texts.rank_province : texts.rank;
    if (rank && template) {
      value += ", " + template.replace("{rank}", rank.rank).replace("{n}", rank.n);
    }
    parts.push((measure ? measure + ": " : "") + value);
    return parts.join(". ") + ".";
  }

  /* The hover's provenance line ("sintetis", "BPS", "3 nilai resmi · 30 sintetis"): the italic
   * part of the values trace's hovertemplate, per region (%{hovertext}) or, when every region
   * shares it, written into the template once (figures.mapvalues.fold_notes). */
  function noteOf(template, hovertext, counts) {
    var filled = String(template || "").replace(/<extra>[\s\S]*?<\/extra>/g, "")
      .replace(/%\{hovertext\}/g, hovertext === null || hovertext === undefined ? "" : String(hovertext))
      .replace(/%\{customdata\[(\d+)\]\}/g, function (all, k) {  // a score's input counts
        return counts && counts[+k] !== undefined ? String(counts[+k]) : all;
      });
    var found = [], pattern = /<i>([\s\S]*?)<\/i>/g, match;
    while ((match = pattern.exec(filled)) !== null) {
      var text = plain(match[1]);
      if (text && !/%\{/.test(text)) { found.push(text); }
    }
    return found.join(", ");
  }

  function announce(box, text) {
    var live = document.getElementById(box.getAttribute("data-live"));
    if (!live) { return; }
    // the same sentence again (an edge pressed twice) must still be read out
    live.textContent = live.textContent === text ? text + "\u00a0" : text;
  }

  function overlayOf(box, gd) {
    var svg = box.querySelector("svg.kc-map-focus");
    if (!svg) {
      svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("class", "kc-map-focus");
      svg.setAttribute("aria-hidden", "true");
      svg.setAttribute("focusable", "false");
      ["kc-map-focus-halo", "kc-map-focus-line"].forEach(function (name) {
        var path = document.createElementNS(SVG, "path");
        path.setAttribute("class", name);
        svg.appendChild(path);
      });
      box.appendChild(svg);
    }
    var g = gd.getBoundingClientRect(), b = box.getBoundingClientRect();
    svg.style.left = (g.left - b.left) + "px";
    svg.style.top = (g.top - b.top) + "px";
    svg.setAttribute("width", g.width);
    svg.setAttribute("height", g.height);
    return svg;
  }

  function shapeOf(gd, region, svg) {
    if (region.cell) {
      var c = region.cell;
      var x0 = c.xa._offset + c.xa.c2p(c.x - 0.5), x1 = c.xa._offset + c.xa.c2p(c.x + 0.5);
      var y0 = c.ya._offset + c.ya.c2p(c.y - 0.5), y1 = c.ya._offset + c.ya.c2p(c.y + 0.5);
      return {d: "M" + x0 + "," + y0 + "H" + x1 + "V" + y1 + "H" + x0 + "Z", transform: ""};
    }
    var paths = gd.querySelectorAll("path.choroplethlocation");
    for (var k = 0; k < paths.length; k++) {
      var datum = paths[k].__data__;
      if (datum && String(datum.loc) === region.code && paths[k].getAttribute("d")) {
        var m = svg.getScreenCTM().inverse().multiply(paths[k].getScreenCTM());
        return {d: paths[k].getAttribute("d"),
                transform: "matrix(" + [m.a, m.b, m.c, m.d, m.e, m.f].join(",") + ")"};
      }
    }
    return null;
  }

  function show(box, gd, region) {
    var svg = overlayOf(box, gd), shape = shapeOf(gd, region, svg);
    Array.prototype.forEach.call(svg.querySelectorAll("path"), function (path) {
      path.setAttribute("d", shape ? shape.d : "");
      path.setAttribute("transform", shape ? shape.transform : "");
    });
    svg.style.display = shape ? "" : "none";
    box.setAttribute("data-current", region.code);
    if (region.hover && drawn(gd)) {
      Plotly.Fx.hover(gd, {xval: region.hover.xval, yval: region.hover.yval}, region.hover.subplot);
    }
  }

  /* Still on the page and drawn: a graph being replaced (navigation) has no hover layer. */
  function drawn(gd) {
    return !!(gd && gd.isConnected && gd._fullLayout && gd._fullLayout._hoverlayer && window.Plotly && Plotly.Fx);
  }

  function hide(box, gd) {
    var svg = box.querySelector("svg.kc-map-focus");
    if (svg) { svg.style.display = "none"; }
    if (drawn(gd)) { Plotly.Fx.unhover(gd); }
  }

  function leave(box) {
    var all = document.querySelectorAll(
      "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea, [tabindex]");
    for (var k = 0; k < all.length; k++) {
      var el = all[k];
      if (box.contains(el) || el.tabIndex < 0 || !el.getClientRects().length) { continue; }
      if (box.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) { el.focus(); return; }
    }
    box.blur();
  }

  function open(box, region) {
    if (!window.dash_clientside || !window.dash_clientside.set_props) { return; }
    var point = {curveNumber: region.point.curveNumber, pointNumber: region.point.pointNumber,
                 customdata: region.code, location: region.code};
    window.dash_clientside.set_props(box.getAttribute("data-graph"), {clickData: {points: [point]}});
  }

  function onKey(event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("kc-map-keys") || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var key = event.key, move = MOVES[key];
    if (!move && key !== "Home" && key !== "Enter" && key !== "Escape") { return; }
    event.preventDefault();
    var gd = graphOf(box);
    if (key === "Escape") { hide(box, gd); leave(box); return; }
    var model = regionsOf(gd), texts = textsOf(box);
    if (!model || !model.list.length) { announce(box, texts.empty || ""); return; }
    var scope = candidates(model);
    var current = model.byCode[box.getAttribute("data-current") || ""];
    if (current && scope.list.indexOf(current) < 0) { current = null; }
    var next;
    if (key === "Enter") {
      if (current) { open(box, current); }
      return;
    }
    if (key === "Home" || !current) {
      next = start(scope.list, box, gd);
    } else {
      next = nearest(scope.list, current, move[0], move[1]);
      if (!next) { announce(box, texts.edge || ""); return; }
    }
    if (!next) { return; }
    show(box, gd, next);
    announce(box, sentence(next, model, scope, texts, gd._fullLayout.separators || ".,"));
  }

  /* After a redraw (new values, map type, resize) the outline follows the current region. */
  function refresh(box) {
    var gd = graphOf(box);
    if (document.activeElement !== box || !gd) { return; }
    var model = regionsOf(gd), code = box.getAttribute("data-current");
    var region = model && model.byCode[code || ""];
    if (region) { show(box, gd, region); } else { hide(box, gd); }
  }

  function onFocus(event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("kc-map-keys")) { return; }
    var gd = graphOf(box);
    if (gd && gd.on && gd._kcKeysEvents !== gd._ev) {
      gd._kcKeysEvents = gd._ev;
      gd.on("plotly_afterplot", function () { refresh(box); });
    }
    if (box.matches(":focus-visible") && box.getAttribute("data-current")) { refresh(box); }
  }

  function onBlur(event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("kc-map-keys")) { return; }
    hide(box, graphOf(box));
  }

  document.addEventListener("keydown", onKey);
  document.addEventListener("focusin", onFocus);
  document.addEventListener("focusout", onBlur);
  window.kcMapKeys = {regionsOf: regionsOf};
})();
