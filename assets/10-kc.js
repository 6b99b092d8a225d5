/* Kota Cerdas: URL state for filters (shareable links, working back/forward) and navigation helpers.
 * Filters are written into the query string with history.pushState so the page is not re-rendered;
 * on back/forward the filters are set again from the URL with dash_clientside.set_props. */
(function () {
  "use strict";
  // path -> element holding the defaults, and component id -> [query key, property, kind]
  var PAGE_FILTERS = {
    "/": {defaults: "overview-defaults", ids: {
      "indicator-select": ["indicator", "value"], "period-select": ["period", "value", "int"],
      "province-select": ["province", "value"], "map-mode": ["mode", "value"]}},
    "/bandingkan": {defaults: "compare-defaults", ids: {
      "compare-select": ["kode", "value", "list"], "compare-period": ["period", "value", "int"]}},
    "/indikator": {defaults: "catalogue-defaults", ids: {
      "catalogue-grid": ["indikator", "selectedRows", "rowids"]}},
    "/program": {defaults: "programme-defaults", ids: {
      "programme-cohort": ["kohort", "value", "int"]}},
    "/wilayah/": {defaults: "profile-defaults", ids: {"profile-period": ["period", "value", "int"]}}
  };

  function pageFor(pathname) {
    if (PAGE_FILTERS[pathname]) { return PAGE_FILTERS[pathname]; }
    return pathname.indexOf("/wilayah/") === 0 ? PAGE_FILTERS["/wilayah/"] : null;
  }

  function parseValue(raw, kind) {
    if (kind === "int") { return /^\d+$/.test(String(raw)) ? parseInt(raw, 10) : raw; }
    if (kind === "list") { return String(raw).split(",").filter(function (s) { return s !== ""; }); }
    if (kind === "rowids") { return {ids: [String(raw)]}; }
    return raw;
  }

  function defaultsFrom(id) {
    var el = document.getElementById(id);
    if (!el) { return {}; }
    try { return JSON.parse(el.getAttribute("data-defaults") || "{}"); } catch (e) { return {}; }
  }

  function writeQuery(state, defaultsId) {
    var defaults = defaultsFrom(defaultsId);
    var params = new URLSearchParams(window.location.search);
    Object.keys(state).forEach(function (key) {
      var value = state[key];
      if (value === null || value === undefined || value === "" || String(value) === String(defaults[key])) {
        params.delete(key);
      } else {
        params.set(key, Array.isArray(value) ? value.join(",") : String(value));
      }
    });
    var search = params.toString().replace(/%2C/gi, ",");
    var target = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    var current = window.location.pathname + window.location.search + window.location.hash;
    if (target !== current) {
      window.history.pushState({kc: true}, "", target);
    }
    return search;
  }

  function restoreFromUrl() {
    var page = pageFor(window.location.pathname);
    if (!page || !window.dash_clientside || !window.dash_clientside.set_props) { return; }
    var params = new URLSearchParams(window.location.search);
    var defaults = defaultsFrom(page.defaults);
    Object.keys(page.ids).forEach(function (id) {
      if (!document.getElementById(id)) { return; }
      var spec = page.ids[id];
      var raw = params.has(spec[0]) ? params.get(spec[0]) : defaults[spec[0]];
      if (raw === undefined) { return; }
      var props = {};
      props[spec[1]] = parseValue(raw, spec[2]);
      window.dash_clientside.set_props(id, props);
    });
  }

  function langOf() {
    return new URLSearchParams(window.location.search).get("lang") || "id";
  }

  function profileHref(triggered, mapClick, rankClick) {
    var source = triggered && triggered.length ? triggered[0].prop_id.split(".")[0] : "";
    var data = source === "ranking-chart" ? rankClick : mapClick;
    if (!data || !data.points || !data.points.length) { return window.dash_clientside.no_update; }
    var point = data.points[0];
    var code = point.customdata !== undefined ? point.customdata : point.location;
    if (Array.isArray(code)) { code = code[0]; }
    if (typeof code !== "string") { code = mapCode(source, point); }
    if (!code || typeof code !== "string") { return window.dash_clientside.no_update; }
    var lang = langOf();
    return "/wilayah/" + encodeURIComponent(code) + (lang !== "id" ? "?lang=" + lang : "");
  }

  // A score's values trace carries [n_real, n_synthetic] as customdata (the hover's numbers);
  // the region is then the choropleth's location, or the tile under it in the background trace
  // (trace 0, the same slot order).
  function mapCode(source, point) {
    if (typeof point.location === "string") { return point.location; }
    var gd = document.querySelector("#" + source + " .js-plotly-plot");
    var codes = gd && gd.data && gd.data[0] && gd.data[0].customdata;
    var slot = point.pointNumber;
    return codes && typeof slot === "number" ? codes[slot] : null;
  }

  function langHref(lang) {
    var params = new URLSearchParams(window.location.search);
    if (lang === "id") { params.delete("lang"); } else { params.set("lang", lang); }
    var search = params.toString();
    return window.location.pathname + (search ? "?" + search : "");
  }

  window.addEventListener("popstate", restoreFromUrl);
  window.kc = {writeQuery: writeQuery, profileHref: profileHref, langHref: langHref, restoreFromUrl: restoreFromUrl};
})();
