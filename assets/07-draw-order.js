/* Kota Cerdas: graphs are drawn one per frame, a page's main graph first (SPEC P2 and P8, issue 16).
 * When a page arrives, Dash mounts all its dcc.Graphs in one React commit and each calls
 * Plotly.react at once: on `/` the map, the ranking and the distribution were drawn in one long
 * task (about 150 + 130 + 110 ms on a loaded 2-core machine), and the browser could show the map
 * only when the last of them was done. After a filter change, when the panels' answer was applied
 * before the map's (or with it), the ranking and the distribution were redrawn before the map.
 *
 * Here a draw that comes while another graph's draw has not been painted yet waits for the next
 * frame, and a graph inside a `.kc-draw-first` element (the overview's map) goes first: another
 * graph's draw waits while it is still to be drawn (its callback in flight, `data-dash-is-loading`,
 * or dcc's `dash-graph--pending` until its draw), for at most a second. Calls for one graph keep
 * their order (a later one follows a waiting one at once). dcc.Graph calls window.Plotly.react /
 * newPlot and waits for the promise they return, so wrapping them covers every graph; relayout,
 * restyle and resize (print, keyboard exploration) are left alone. A waiting draw of a graph that
 * left the page meanwhile is dropped. `window.kcDrawOrder.waiting()` says how many draws wait,
 * `.first` lists the ids of the graphs in the order of their first draws (at most 50). */
(function () {
  "use strict";
  var P = window.Plotly;
  if (!P || typeof P.react !== "function") { return; }

  var FIRST = ".kc-draw-first";
  var PATIENCE = 1000;  // ms a draw waits at most for the main graph
  var queue = [];       // {gd, run, since}: draws waiting for a frame (or for the main graph)
  var busy = false;     // a graph was drawn in this frame and has not been painted yet
  var scheduled = false;

  function afterPaint(fn) {
    // a frame is painted after its requestAnimationFrame callbacks: a task queued from one runs
    // after that paint. The timeout covers a page that draws no frames (a hidden tab).
    var done = false;
    function once() { if (!done) { done = true; fn(); } }
    window.requestAnimationFrame(function () { window.setTimeout(once, 0); });
    window.setTimeout(once, 250);
  }

  function schedule() {
    if (scheduled) { return; }
    scheduled = true;
    afterPaint(function () { scheduled = false; pump(); });
  }

  function isFirst(gd) { return !!(gd.closest && gd.closest(FIRST)); }

  function firstToCome(gd) {
    // another main graph still to be drawn: its callback is in flight or its draw is pending
    var holders = document.querySelectorAll(FIRST);
    for (var i = 0; i < holders.length; i++) {
      var holder = holders[i];
      if (holder.contains(gd)) { continue; }
      if (holder.getAttribute("data-dash-is-loading") === "true" ||
          holder.querySelector(".dash-graph--pending")) { return true; }
    }
    return false;
  }

  function blocked(job, now) {
    return !isFirst(job.gd) && now - job.since < PATIENCE && firstToCome(job.gd);
  }

  function pump() {
    busy = false;
    var now = Date.now();
    for (var i = 0; i < queue.length; i++) {
      if (!blocked(queue[i], now)) {
        var job = queue.splice(i, 1)[0];
        busy = true;
        job.run();
        break;
      }
    }
    if (busy || queue.length) { schedule(); }
  }

  function track(gd, promise) {
    gd.__kcDrawWaits = promise;
    var clear = function () { if (gd.__kcDrawWaits === promise) { gd.__kcDrawWaits = null; } };
    promise.then(clear, clear);
    return promise;
  }

  function later(gd, run) {
    var connected = gd.isConnected;
    var promise = new Promise(function (resolve, reject) {
      queue.push({gd: gd, since: Date.now(), run: function () {
        if (connected && !gd.isConnected) { resolve(gd); return; }  // the page moved on
        var result;
        try { result = run(); } catch (err) { reject(err); return; }
        Promise.resolve(result).then(resolve, reject);
      }});
    });
    schedule();
    return track(gd, promise);
  }

  var first = [];  // ids of graphs in the order of their first draws (tests read it)

  function wrap(name) {
    var original = P[name];
    P[name] = function (gd) {
      var self = this;
      var args = arguments;
      var run = function () {
        if (!gd._fullLayout && first.length < 50) {
          var holder = gd.closest && gd.closest(".dash-graph");
          first.push((holder && holder.id) || gd.id || "");
        }
        return original.apply(self, args);
      };
      if (!gd || typeof gd !== "object" || !("nodeType" in gd)) { return run(); }
      if (gd.__kcDrawWaits) {  // this graph has a draw waiting: follow it
        return track(gd, gd.__kcDrawWaits.then(run, run));
      }
      if (busy || (!isFirst(gd) && firstToCome(gd))) { return later(gd, run); }
      busy = true;
      schedule();
      return run();
    };
  }

  wrap("react");
  wrap("newPlot");
  window.kcDrawOrder = { waiting: function () { return queue.length; }, first: first };
}());
