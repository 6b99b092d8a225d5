/* Kota Cerdas wall (/wall): rotation, clock, progress, scaling, connection watch, safety reload.
 * Everything here runs in the browser without Dash round trips, so rotating never re-mounts a
 * graph and keeps working when the server is away. Timers are created once per wall page and
 * cleared when the page goes away: nothing stacks up over weeks. */
(function () {
  "use strict";
  var DESIGN_W = 1920, DESIGN_H = 1080;
  var S = null;  // state of the wall on screen, or null

  function el(id) { return document.getElementById(id); }

  function wibParts(date, lang) {
    var locale = lang === "en" ? "en-GB" : "id-ID";
    var time = new Intl.DateTimeFormat(locale, {timeZone: "Asia/Jakarta", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false}).format(date);
    var day = new Intl.DateTimeFormat(locale, {timeZone: "Asia/Jakarta", weekday: "long", day: "numeric", month: "long", year: "numeric"}).format(date);
    return {time: time.replace(/:/g, lang === "en" ? ":" : "."), day: day};
  }

  function tick() {
    if (!S) { return; }
    var p = wibParts(new Date(), S.lang);
    var clock = el("wall-clock"), date = el("wall-date");
    if (clock) { clock.textContent = p.time + " WIB"; }
    if (date) { date.textContent = p.day; }
    if (Date.now() >= S.reloadAt && S.online) { window.location.reload(); }
  }

  function scale() {
    var stage = el("wall-stage");
    if (!stage) { return; }
    var s = Math.min(window.innerWidth / DESIGN_W, window.innerHeight / DESIGN_H);
    stage.style.transform = "scale(" + s + ")";
    stage.style.left = Math.max(0, (window.innerWidth - DESIGN_W * s) / 2) + "px";
    stage.style.top = Math.max(0, (window.innerHeight - DESIGN_H * s) / 2) + "px";
  }

  function playable() {
    return Array.prototype.filter.call(document.querySelectorAll(".wall-scene"), function (scene) {
      if (scene.getAttribute("data-ok") !== "1") { return false; }
      // the spotlight needs the server for its next indicator; skip it while offline
      return !(scene.getAttribute("data-scene") === "sorotan" && !S.online && S.spotlightShown);
    });
  }

  function show(scene) {
    Array.prototype.forEach.call(document.querySelectorAll(".wall-scene"), function (other) {
      other.classList.toggle("active", other === scene);
    });
    var name = el("wall-scene-name");
    if (name) { name.textContent = scene.getAttribute("data-title"); }
    var bar = el("wall-progress-bar");
    if (bar) {
      bar.style.animation = "none";
      void bar.offsetWidth;  // restart the CSS animation
      bar.style.animation = "kc-wall-progress " + S.interval + "s linear forwards";
    }
    if (scene.getAttribute("data-scene") === "sorotan") {
      if (S.spotlightShown && S.online && window.dash_clientside && window.dash_clientside.set_props) {
        S.spotlight += 1;
        window.dash_clientside.set_props("wall-spotlight", {data: S.spotlight});
      }
      S.spotlightShown = true;
    }
    S.changes += 1;
    S.current = scene;
    window.dispatchEvent(new CustomEvent("kc-wall-scene", {detail: scene.getAttribute("data-scene")}));
  }

  function next() {
    if (!S) { return; }
    var scenes = playable();
    if (!scenes.length) { return; }
    var at = scenes.indexOf(S.current);
    show(scenes[(at + 1) % scenes.length]);
  }

  function poll() {
    if (!S) { return; }
    var controller = new AbortController();
    var timeout = setTimeout(function () { controller.abort(); }, 5000);
    var url = "/wall/state?lang=" + encodeURIComponent(S.lang) + (S.token ? "&token=" + encodeURIComponent(S.token) : "");
    fetch(url, {cache: "no-store", signal: controller.signal})
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (state) {
        clearTimeout(timeout);
        S.online = true;
        S.lastOk = new Date();
        S.answers += 1;
        var badge = el("wall-offline");
        if (badge) { badge.classList.add("d-none"); }
        var notice = el("wall-degraded");
        if (notice && typeof state.notice === "string") {
          notice.textContent = state.notice;
          notice.classList.toggle("d-none", !state.notice);
        }
        // started without data (no intact version): an import repaired the store, draw it all
        if (S.noData) { if (state.has_data) { window.location.reload(); } return; }
        // only ever forward: a host behind the others (round robin, it has not seen the newest
        // version yet) is ignored; a newer one asks the server to redraw every figure in place
        // (the maps with their new geometry URL). What was drawn comes back through drawn().
        var ahead = compare(state.position, S.shown);
        if (ahead < 0) { S.ignored += 1; return; }
        if (ahead > 0 && window.dash_clientside && window.dash_clientside.set_props) {
          S.asks += 1;
          window.dash_clientside.set_props("wall-version", {data: {
            dataset: state.version, boundaries: state.boundary_version, position: state.position, ask: S.asks
          }});
        }
      })
      .catch(function () {
        clearTimeout(timeout);
        S.online = false;
        var badge = el("wall-offline");
        if (badge) {
          badge.textContent = S.offlineText.replace("{time}", wibParts(S.lastOk, S.lang).time.slice(0, 5) + " WIB");
          badge.classList.remove("d-none");
        }
      });
  }

  // a position is {dataset: [serial, version], boundaries: [serial, version]} (data/views/wall.py):
  // 1 when a is ahead of b (no store behind, one ahead), -1 when any store is behind, 0 the same
  function lex(x, y) {  // [serial, version] pairs, in that order
    if (x[0] !== y[0]) { return x[0] < y[0] ? -1 : 1; }
    if (x[1] !== y[1]) { return x[1] < y[1] ? -1 : 1; }
    return 0;
  }

  function compare(a, b) {
    if (!a || !a.dataset || !a.boundaries) { return -1; }
    if (!b || !b.dataset || !b.boundaries) { return 1; }
    var d = lex(a.dataset, b.dataset), g = lex(a.boundaries, b.boundaries);
    if (d < 0 || g < 0) { return -1; }
    return d > 0 || g > 0 ? 1 : 0;
  }

  function drawn(position) {  // the server redrew the wall from this position: remember it
    if (!S || compare(position, S.shown) <= 0) { return; }
    S.shown = position;
    S.version = position.dataset[1];
    S.boundaryVersion = position.boundaries[1] || null;
  }

  function positionOf(text) {
    try { return JSON.parse(text); } catch (e) { return null; }
  }

  function versionOf(text) {  // "" (no boundaries imported) is null, as in /wall/state
    return text ? parseInt(text, 10) : null;
  }

  function start(root) {
    S = {
      root: root,
      interval: Math.max(1, parseFloat(root.getAttribute("data-interval")) || 30),
      version: parseInt(root.getAttribute("data-version"), 10),
      noData: !root.getAttribute("data-version"),
      shown: positionOf(root.getAttribute("data-position")), asks: 0, ignored: 0, answers: 0,
      boundaryVersion: versionOf(root.getAttribute("data-boundary-version")),
      lang: root.getAttribute("data-lang") || "id",
      token: root.getAttribute("data-token") || "",
      offlineText: root.getAttribute("data-offline-text") || "offline {time}",
      reloadAt: Date.now() + (parseFloat(root.getAttribute("data-reload-hours")) || 6) * 3600 * 1000,
      online: true, lastOk: new Date(), spotlight: 0, spotlightShown: false, changes: 0, current: null,
      timers: []
    };
    document.body.classList.add("kc-wall-body");
    scale();
    window.addEventListener("resize", scale);
    var first = playable()[0];
    if (first) { show(first); }
    tick();
    S.timers.push(setInterval(tick, 1000));
    S.timers.push(setInterval(next, S.interval * 1000));
    S.timers.push(setInterval(poll, Math.min(S.interval, 15) * 1000));
  }

  function stop() {
    if (!S) { return; }
    S.timers.forEach(clearInterval);
    window.removeEventListener("resize", scale);
    document.body.classList.remove("kc-wall-body");
    S = null;
  }

  function check() {
    var root = el("wall-root");
    if (root && (!S || S.root !== root)) { stop(); start(root); }
    else if (!root && S) { stop(); }
  }

  new MutationObserver(check).observe(document.documentElement, {childList: true, subtree: true});
  document.addEventListener("DOMContentLoaded", check);
  window.kcWall = {next: next, poll: poll, drawn: drawn, compare: compare, state: function () { return S; }};
})();
