/* Kota Cerdas: URL state for filters (shareable links, working back/forward) and navigation helpers.
 * Filters are written into the query string with history.pushState so the page is not re-rendered;
 * on back/forward the filters are set again from the URL with dash_clientside.set_props. */
(function () {
  "use strict";
  var PAGE_FILTERS = {
    "/": {"indicator-select": "indicator", "period-select": "period", "province-select": "province", "map-mode": "mode"}
  };

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
    var search = params.toString();
    var target = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    var current = window.location.pathname + window.location.search + window.location.hash;
    if (target !== current) {
      window.history.pushState({kc: true}, "", target);
    }
    return search;
  }

  function restoreFromUrl() {
    var filters = PAGE_FILTERS[window.location.pathname];
    if (!filters || !window.dash_clientside || !window.dash_clientside.set_props) { return; }
    var params = new URLSearchParams(window.location.search);
    var defaults = defaultsFrom("overview-defaults");
    Object.keys(filters).forEach(function (id) {
      if (!document.getElementById(id)) { return; }
      var key = filters[id];
      var raw = params.has(key) ? params.get(key) : defaults[key];
      if (raw === undefined) { return; }
      var value = /^\d+$/.test(String(raw)) && key === "period" ? parseInt(raw, 10) : raw;
      window.dash_clientside.set_props(id, {value: value});
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
    if (!code || typeof code !== "string") { return window.dash_clientside.no_update; }
    var lang = langOf();
    return "/wilayah/" + encodeURIComponent(code) + (lang !== "id" ? "?lang=" + lang : "");
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
