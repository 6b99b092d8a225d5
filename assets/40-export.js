/* Kota Cerdas: export menu links (dashboard/components/export_menu.py) carry the page's current
 * filters. Filters change in the browser without a new layout (10-kc.js rewrites the URL), so each
 * link is rebuilt from the URL when it is pressed, focused or right-clicked ("copy link").
 * A filter whose URL value is still the one the page was built from is sent as the page resolved
 * it (a bad value in an old link was replaced by the page's default, and the export must show
 * what the screen shows). */
(function () {
  "use strict";

  function json(el, name, fallback) {
    try { return JSON.parse(el.getAttribute(name) || "null") || fallback; } catch (e) { return fallback; }
  }

  function exportHref(link) {
    var box = link.closest("[data-export-chart]");
    if (!box) { return null; }
    var keys = json(box, "data-export-keys", []);
    var seen = json(box, "data-export-seen", {});
    var resolved = json(box, "data-export-resolved", {});
    var fixed = json(box, "data-export-fixed", {});
    var current = new URLSearchParams(window.location.search);
    var out = new URLSearchParams();
    keys.forEach(function (key) {
      var now = current.has(key) ? current.get(key) : null;
      var then = Object.prototype.hasOwnProperty.call(seen, key) ? String(seen[key]) : null;
      var value = now === then ? resolved[key] : now;
      if (value !== null && value !== undefined && value !== "") { out.set(key, String(value)); }
    });
    Object.keys(fixed).forEach(function (key) { out.set(key, String(fixed[key])); });
    var scale = link.getAttribute("data-export-scale");
    if (scale) { out.set("scale", scale); }
    var search = out.toString().replace(/%2C/gi, ",");
    return "/export/" + link.getAttribute("data-export-kind") + "/" +
      encodeURIComponent(box.getAttribute("data-export-chart")) + "." +
      link.getAttribute("data-export-format") + (search ? "?" + search : "");
  }

  function refresh(event) {
    var target = event.target;
    var link = target && target.closest ? target.closest("a.kc-export-link") : null;
    if (!link) { return; }
    var href = exportHref(link);
    if (href) { link.setAttribute("href", href); }
  }

  ["mousedown", "click", "auxclick", "contextmenu", "focusin", "keydown"].forEach(function (type) {
    document.addEventListener(type, refresh, true);
  });
  window.kcExport = {href: exportHref};
})();
