/* Kota Cerdas: the navbar's region search, a WAI-ARIA combobox with a listbox popup
 * (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). The server renders the container
 * (.kc-search: label, help text, listbox, live status, texts as data-*); this script adds the
 * <input role="combobox"> Dash cannot render, asks /search/regions as the user types and handles
 * the keys: Down/Up move through the suggestions (aria-activedescendant; focus stays in the
 * input), Enter opens the active (or the first) suggestion's profile, Escape closes the list and
 * a second Escape clears the input. The status region announces how many regions were found.
 * Dash re-renders the navbar on every page change, so new containers are set up when they appear. */
(function () {
  "use strict";
  var DELAY = 90; // ms after the last key before asking the server

  function setUp(box) {
    if (box.getAttribute("data-ready")) { return; }
    box.setAttribute("data-ready", "1");
    var list = box.querySelector("[role=listbox]");
    var status = box.querySelector("[role=status]");
    var input = document.createElement("input");
    input.id = box.getAttribute("data-input-id");
    input.type = "text";
    input.className = "form-control form-control-sm kc-search-input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-describedby", "region-search-help");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    input.setAttribute("enterkeyhint", "go");
    input.placeholder = box.getAttribute("data-placeholder") || "";
    box.insertBefore(input, list);

    // goWhenReady: Enter was pressed before the suggestions for the typed text arrived
    var state = {results: [], active: -1, seq: 0, timer: null, lastQuery: null, goWhenReady: false};

    function optionId(i) { return list.id + "-opt-" + i; }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      state.active = -1;
    }

    function highlight(i) {
      var items = list.querySelectorAll("[role=option]");
      state.active = i;
      for (var k = 0; k < items.length; k++) {
        var on = k === i;
        items[k].setAttribute("aria-selected", on ? "true" : "false");
        items[k].classList.toggle("active", on);
      }
      if (i >= 0 && items[i]) {
        input.setAttribute("aria-activedescendant", optionId(i));
        items[i].scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(doc) {
      state.results = doc.results || [];
      list.textContent = "";
      state.results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.id = optionId(i);
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "kc-search-option";
        li.setAttribute("data-href", r.href);
        var name = document.createElement("span");
        name.className = "kc-search-name";
        name.textContent = r.label;
        var meta = document.createElement("span");
        meta.className = "kc-search-meta";
        meta.textContent = r.kind_label + " · " + r.code + (r.context ? " · " + r.context : "");
        li.appendChild(name);
        li.appendChild(meta);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); go(i); });
        list.appendChild(li);
      });
      status.textContent = doc.status || "";
      if (state.goWhenReady) {
        state.goWhenReady = false;
        if (state.results.length) { go(0); return; }
      }
      if (state.results.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(-1);
      } else {
        close();
      }
    }

    function ask() {
      var query = input.value.trim();
      if (query === state.lastQuery) { return; }
      state.lastQuery = query;
      var seq = ++state.seq;
      if (!query) { state.results = []; list.textContent = ""; status.textContent = ""; close(); return; }
      var url = box.getAttribute("data-endpoint") + "?q=" + encodeURIComponent(query) +
        "&lang=" + encodeURIComponent(box.getAttribute("data-lang") || "id");
      fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (doc) { if (doc && seq === state.seq) { render(doc); } })
        .catch(function () { /* offline or signed out: no suggestions */ });
    }

    function go(i) {
      var r = state.results[i];
      if (!r) { return; }
      close();
      input.value = "";
      state.lastQuery = null;
      navigate(r.href);
    }

    input.addEventListener("input", function () {
      state.goWhenReady = false;
      window.clearTimeout(state.timer);
      state.timer = window.setTimeout(ask, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      var n = state.results.length;
      var open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open && n) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        if (n) { highlight(state.active + 1 >= n ? 0 : state.active + 1); }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (!open && n) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        if (n) { highlight(state.active - 1 < 0 ? n - 1 : state.active - 1); }
      } else if (event.key === "Enter") {
        event.preventDefault();
        window.clearTimeout(state.timer);
        if (input.value.trim() !== state.lastQuery) { state.goWhenReady = true; ask(); return; }
        if (n) { go(state.active >= 0 ? state.active : 0); }
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); close(); }
        else if (input.value) { event.preventDefault(); input.value = ""; state.lastQuery = null; status.textContent = ""; }
      } else if (event.key === "Home" || event.key === "End") {
        if (open) { highlight(-1); } // the keys then move the caret, as in the APG example
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
    input.addEventListener("focus", function () { if (state.results.length && input.value.trim()) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } });
  }

  function navigate(href) {
    // the app's dcc.Location (refresh="callback-nav") changes page without a reload
    var clientside = window.dash_clientside;
    if (clientside && clientside.set_props && document.getElementById("url-nav")) {
      try { clientside.set_props("url-nav", {href: href}); return; } catch (e) { /* below */ }
    }
    window.location.assign(href);
  }

  function scan() {
    var boxes = document.querySelectorAll(".kc-search:not([data-ready])");
    for (var i = 0; i < boxes.length; i++) { setUp(boxes[i]); }
  }

  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; scan(); });
  }).observe(document.documentElement, {childList: true, subtree: true});
  document.addEventListener("DOMContentLoaded", scan);

})();
