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

  /* A chart's "Tabel data" link (components/chart_text.py) sits under the chart, not in the
   * menu: it names its menu in data-export-for and is rebuilt from the same filters. */
  function exportHref(link) {
    var box = link.closest("[data-export-chart]") ||
      document.getElementById(link.getAttribute("data-export-for") || "");
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
    var kind = link.getAttribute("data-export-kind");
    var chart = encodeURIComponent(box.getAttribute("data-export-chart"));
    var path = kind === "table" ? "/tabel/" + chart :
      "/export/" + kind + "/" + chart + "." + link.getAttribute("data-export-format");
    return path + (search ? "?" + search : "");
  }

  function refresh(event) {
    var target = event.target;
    var link = target && target.closest ?
      target.closest("a.kc-export-link, a.kc-table-link[data-export-for]") : null;
    if (!link) { return; }
    var href = exportHref(link);
    if (href) { link.setAttribute("href", href); }
  }

  ["mousedown", "click", "auxclick", "contextmenu", "focusin", "keydown"].forEach(function (type) {
    document.addEventListener(type, refresh, true);
  });

  /* With the export queue (REDIS_URL, data-export-queue on the menu) an image link is fetched
   * instead of followed: the file when a worker made it in time, else the job's state under the
   * menu ("queued (position k)", "building": the server's words in the page language), polled
   * once a second until the file downloads. Without the queue links stay plain links. */
  var POLL_MS = 1000;

  function show(status, text) {
    status.textContent = text || "";
    status.hidden = !text;
  }

  function save(url, name) {
    var a = document.createElement("a");
    a.href = url;
    if (name) { a.download = name; }
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function fileName(response) {
    var match = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
    return match ? match[1] : "";
  }

  function poll(status, job) {
    fetch(job.status, {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (state.state === "ready") {
          show(status, state.message);
          save(state.file, "");
          window.setTimeout(function () { show(status, ""); }, 3000);
        } else if (state.state === "queued" || state.state === "building") {
          show(status, state.message);
          window.setTimeout(function () { poll(status, job); }, POLL_MS);
        } else {
          show(status, state.message);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(status, job); }, POLL_MS * 3); });
  }

  function queued(event) {
    var link = event.target && event.target.closest ? event.target.closest("a.kc-export-link") : null;
    if (!link || link.getAttribute("data-export-kind") !== "chart" || event.button > 0 ||
        event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    var box = link.closest("[data-export-queue]");
    var status = box && box.querySelector(".kc-export-status");
    if (!status) { return; }
    event.preventDefault();
    var toggle = box.querySelector(".dropdown-toggle");  // close the menu: the status shows below
    if (toggle && toggle.getAttribute("aria-expanded") === "true") { toggle.click(); }
    var href = exportHref(link) || link.getAttribute("href");
    fetch(href, {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (response) {
        if (response.status === 200) {
          return response.blob().then(function (blob) {
            var url = URL.createObjectURL(blob);
            save(url, fileName(response));
            window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
          });
        }
        return response.json().then(function (body) {
          show(status, body.message);
          if (response.status === 202) { poll(status, body); }
        });
      })
      .catch(function () { window.location.href = href; });
  }

  document.addEventListener("click", queued, false);
  window.kcExport = {href: exportHref};
})();
