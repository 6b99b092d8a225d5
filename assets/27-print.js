/* Printing (Ctrl+P) a view on A4: what the stylesheet (27-print.css) cannot do (issue 16).
 * - Fills the print-only header (dashboard/components/printing.py): the date printed (WIB), the
 *   link of the view (location.href) and the active filters, read from the page's own filter
 *   controls (rows marked .filters or .kc-filters), which are hidden on paper.
 * - Redraws every plotly graph at the paper's width and the height 27-print.css declares
 *   (--kc-print-height), and back to its screen size after printing: a graph keeps the pixel
 *   size it had on screen otherwise, and a 1,100 px map is cut at the A4 edge.
 * Chromium and Edge lay the page out for print and then call matchMedia('print') listeners
 * before taking the pages, so the graphs are measured in the print layout there; Firefox prints
 * a copy taken after 'beforeprint', so that event sizes them from the A4 content width. */
(function () {
  'use strict';
  var media = window.matchMedia('print');
  var saved = null; // graph -> the layout width and height it had before printing
  var MM = 96 / 25.4;

  function text(el) {
    return (el ? el.textContent : '').replace(/\s+/g, ' ').trim();
  }

  function labelOf(input) {
    return text(document.querySelector('label[for="' + CSS.escape(input.id) + '"]'));
  }

  function controlValue(control) {
    if (control.tagName === 'SELECT') {
      return Array.from(control.selectedOptions).map(text).join(', ');
    }
    if (control.tagName === 'INPUT') {
      return control.value;
    }
    var shown = document.getElementById(control.id + '-value'); // dcc.Dropdown
    if (shown) {
      var items = Array.from(shown.querySelectorAll('.dash-dropdown-value-item')).map(text);
      return items.length ? items.join(', ') : text(shown);
    }
    var checked = Array.from(control.querySelectorAll('input:checked')); // radio items, checklist
    if (checked.length) {
      return checked.map(labelOf).join(', ');
    }
    return text(control);
  }

  function filterSummary() {
    var labels = document.querySelectorAll('.filters label.form-label[for], .kc-filters label.form-label[for]');
    return Array.from(labels).map(function (label) {
      var control = document.getElementById(label.htmlFor);
      var value = control ? controlValue(control) : '';
      return value ? text(label) + ': ' + value : '';
    }).filter(Boolean).join(' · ');
  }

  function printedAt(locale) {
    var parts = {};
    new Intl.DateTimeFormat(locale, {
      day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit',
      hourCycle: 'h23', timeZone: 'Asia/Jakarta'
    }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    var sep = locale.indexOf('id') === 0 ? '.' : ':';
    return parts.day + ' ' + parts.month + ' ' + parts.year + ' ' + parts.hour + sep + parts.minute + ' WIB';
  }

  function fillHeader() {
    var header = document.getElementById('print-header');
    if (!header) {
      return;
    }
    document.getElementById('print-when').textContent = printedAt(header.getAttribute('data-locale') || 'id-ID');
    document.getElementById('print-url').textContent = window.location.href;
    var summary = filterSummary();
    document.getElementById('print-filters').textContent = summary;
    document.getElementById('print-filters').parentNode.hidden = !summary;
  }

  function cssNumber(el, name) {
    return parseFloat(window.getComputedStyle(el).getPropertyValue(name)) || 0;
  }

  function paperWidth(gd, measured) {
    if (measured) {
      return gd.parentElement.clientWidth;
    }
    // before print (Firefox): the A4 content width less a card's border and padding (every
    // card is full width on paper: A4 is narrower than Bootstrap's md and lg breakpoints)
    return Math.floor(cssNumber(document.documentElement, '--kc-print-content-width') * MM - 20);
  }

  function paperHeight(gd, width) {
    var declared = cssNumber(gd.parentElement, '--kc-print-height');
    if (declared) {
      return declared;
    }
    var full = gd._fullLayout;
    return Math.round(full.height * Math.min(1, width / full.width));
  }

  function fitGraphs(measured) {
    if (!window.Plotly) {
      return;
    }
    saved = saved || new Map();
    document.querySelectorAll('.js-plotly-plot').forEach(function (gd) {
      if (!gd._fullLayout || !gd.parentElement) {
        return;
      }
      if (!saved.has(gd)) {
        saved.set(gd, {width: gd.layout.width, height: gd.layout.height});
      }
      var width = paperWidth(gd, measured);
      if (width < 50) {
        return; // hidden on paper
      }
      var height = paperHeight(gd, width);
      if (Math.abs(gd._fullLayout.width - width) >= 1 || Math.abs(gd._fullLayout.height - height) >= 1) {
        window.Plotly.relayout(gd, {width: width, height: height});
      }
    });
  }

  function restoreGraphs() {
    if (!saved || !window.Plotly) {
      return;
    }
    saved.forEach(function (size, gd) {
      if (!document.body.contains(gd) || !gd._fullLayout) {
        return;
      }
      window.Plotly.relayout(gd, {
        width: size.width === undefined ? null : size.width,
        height: size.height === undefined ? null : size.height
      });
    });
    saved = null;
  }

  function start(measured) {
    fillHeader();
    fitGraphs(measured);
  }

  window.addEventListener('beforeprint', function () { start(false); });
  window.addEventListener('afterprint', restoreGraphs);
  media.addEventListener('change', function (event) {
    if (event.matches) {
      start(true);
    } else {
      restoreGraphs();
    }
  });
  window.kcPrint = {fill: fillHeader, fit: fitGraphs, restore: restoreGraphs};
})();
