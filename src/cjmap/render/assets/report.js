/* cjmap journey report: sortable and filterable tables, zoom of the diagram and
   the flow graph, persona highlight. The page is complete without it; this
   only adds the controls. */
(function () {
  "use strict";
  var doc = document;
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var cap = function (s) { return s.charAt(0).toUpperCase() + s.slice(1); };
  doc.documentElement.classList.remove("cj-no-js");

  /* Tables: a header button sorts by the row's data-sort-KEY; ties keep the
     original order (data-row), and an empty key (no owner, not rated) sorts
     last either way, for numbers as for text. */
  each(doc.querySelectorAll("table.cj-sortable"), function (table) {
    var heads = table.querySelectorAll("th[data-sort-key]");
    each(heads, function (th) {
      th.querySelector("button").addEventListener("click", function () {
        var now = th.getAttribute("aria-sort");
        var dir = now ? (now === "ascending" ? "descending" : "ascending")
          : (th.getAttribute("data-sort-first") || "ascending");
        sortRows(table, th.getAttribute("data-sort-key"), th.getAttribute("data-sort-type") === "text", dir);
        each(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
      });
    });
  });

  function sortRows(table, key, isText, dir) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var name = "sort" + cap(key);
    var sign = dir === "descending" ? -1 : 1;
    rows.sort(function (a, b) {
      var x = a.dataset[name], y = b.dataset[name], c;
      if ((x === "") !== (y === "")) { return x === "" ? 1 : -1; }
      c = isText ? x.localeCompare(y) : Number(x) - Number(y);
      return c ? sign * c : Number(a.dataset.row) - Number(b.dataset.row);
    });
    var frag = doc.createDocumentFragment();
    rows.forEach(function (r) { frag.appendChild(r); });
    body.appendChild(frag);
  }

  /* Filters: a row shows when it matches every select (empty value = all).
     When none does, the table's second body says so, with a reset button. */
  each(doc.querySelectorAll(".cj-filters"), function (box) {
    var table = doc.getElementById(box.getAttribute("data-filter-table"));
    var selects = box.querySelectorAll("select[data-filter-key]");
    var out = box.querySelector("output");
    var none = table.querySelector(".cj-no-match");
    var apply = function () {
      var rows = table.tBodies[0].rows, shown = 0;
      each(rows, function (row) {
        var ok = true;
        each(selects, function (s) {
          if (s.value && row.dataset["filter" + cap(s.getAttribute("data-filter-key"))] !== s.value) { ok = false; }
        });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      out.textContent = shown + " of " + rows.length + " shown";
      if (none) { none.hidden = shown > 0; }
    };
    each(selects, function (s) { s.addEventListener("change", apply); });
    each(table.querySelectorAll("[data-reset-filters]"), function (button) {
      button.addEventListener("click", function () {
        each(selects, function (s) { s.value = ""; });
        apply();
        selects[0].focus();
      });
    });
  });

  /* Zoom, for each drawing (the diagram, the flow graph) and its controls:
     resize the SVG (its viewBox scales the drawing) and keep the point at the
     centre of the viewport where it was. */
  var keys = { "+": "in", "=": "in", "-": "out", "_": "out", "0": "reset", "f": "fit", "F": "fit" };
  each(doc.querySelectorAll(".cj-zoomable"), function (viewport) {
    var drawing = viewport.querySelector("svg");
    var width = Number(viewport.getAttribute("data-width"));
    var height = Number(viewport.getAttribute("data-height"));
    if (!drawing || !width || !height) { return; }
    var controls = doc.querySelector('[data-zoom-for="' + viewport.id + '"]');
    var level = controls && controls.querySelector(".cj-zoom-level");
    var zoom = 1;
    var fit = function () { return (viewport.clientWidth - 2) / width; };
    function setZoom(z) {
      z = Math.max(0.1, Math.min(4, z));
      var cx = (viewport.scrollLeft + viewport.clientWidth / 2) / zoom;
      var cy = (viewport.scrollTop + viewport.clientHeight / 2) / zoom;
      zoom = z;
      drawing.style.width = (width * z).toFixed(1) + "px";
      drawing.style.height = (height * z).toFixed(1) + "px";
      viewport.style.setProperty("--cj-h", (height * z).toFixed(1) + "px");
      viewport.style.setProperty("--cj-zoom", String(z));  // sizes the frozen lane labels
      viewport.scrollLeft = cx * z - viewport.clientWidth / 2;
      viewport.scrollTop = cy * z - viewport.clientHeight / 2;
      if (level) { level.textContent = Math.round(z * 100) + "%"; }
    }
    var actions = {
      "in": function () { setZoom(zoom * 1.25); },
      "out": function () { setZoom(zoom / 1.25); },
      "fit": function () { setZoom(fit()); },
      "reset": function () { setZoom(1); }
    };
    if (controls) {
      each(controls.querySelectorAll("[data-zoom]"), function (button) {
        button.addEventListener("click", actions[button.getAttribute("data-zoom")]);
      });
    }
    viewport.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || !keys[event.key]) { return; }
      event.preventDefault();
      actions[keys[event.key]]();
    });
    viewport.addEventListener("wheel", function (event) {
      if (!event.ctrlKey) { return; }
      event.preventDefault();
      setZoom(zoom * (event.deltaY < 0 ? 1.1 : 1 / 1.1));
    }, { passive: false });
    /* The flow graph is far wider than the page (a node per step, left to
       right): it opens fitted to the width, but no smaller than half size,
       where its 12 pt names are still 8 px. */
    if (viewport.getAttribute("data-zoom-start") === "fit-width" && fit() < 1) {
      setZoom(Math.max(0.5, fit()));
    }
  });

  var viewport = doc.querySelector(".cj-diagram-viewport");
  var svg = viewport && viewport.querySelector("svg");
  if (!svg) { return; }
  freezeLaneLabels(viewport, svg);

  /* Persona highlight: fade the other curves and the cards of steps the
     persona does not take (a step's personas are on its detail article). */
  var stepPersonas = {};
  each(doc.querySelectorAll("article.cj-step[data-step]"), function (a) {
    stepPersonas[a.getAttribute("data-step")] = a.getAttribute("data-personas").split(" ");
  });
  var curves = svg.querySelectorAll(".cjm-curve[data-persona]");
  var stepMarks = svg.querySelectorAll(".cjm-card[data-step], .cjm-column[data-step]");
  function highlight(id) {
    viewport.classList.toggle("cj-highlight", Boolean(id));
    var last = curves[curves.length - 1];
    each(curves, function (c) {
      var on = c.getAttribute("data-persona") === id;
      c.classList.toggle("cj-on", on);
      if (on && c !== last) { last.parentNode.insertBefore(c, last.nextSibling); }
    });
    curves = svg.querySelectorAll(".cjm-curve[data-persona]");
    each(stepMarks, function (el) {
      var who = stepPersonas[el.getAttribute("data-step")];
      el.classList.toggle("cj-dim", Boolean(id) && Boolean(who) && who.indexOf(id) < 0);
    });
  }
  each(doc.querySelectorAll('input[name="cj-persona"]'), function (radio) {
    radio.addEventListener("change", function () { if (radio.checked) { highlight(radio.value); } });
  });

  /* Frozen lane labels: scrolled sideways, the label column (each lane's name
     on its row, the emotion scale and legend) stays at the viewport's left
     edge. A small second <svg> holds copies of the few elements drawn in that
     strip (the row backgrounds and what starts left of the label divider;
     never a step's cards) and sticks there (position: sticky), so it follows
     the scroll without a script per frame. The drawing is untouched: it stays
     the SVG that "cjmap render -f svg" writes, and the copy sits in the same
     viewport, so the dark-mode rules recolour both. It is built on the first
     sideways scroll, not while the page opens (finding the strip walks the
     whole drawing: about 10 ms at 1,000 steps), and shown while the drawing
     is scrolled; its size follows the zoom (--cj-zoom, report.css). */
  function freezeLaneLabels(viewport, svg) {
    var built = false, shown = false;
    viewport.addEventListener("scroll", function () {
      if ((viewport.scrollLeft > 4) === shown) { return; }
      shown = !shown;
      if (!built) { built = true; buildLaneLabels(viewport, svg); }
      viewport.classList.toggle("cj-frozen", shown);
    }, { passive: true });
  }

  function buildLaneLabels(viewport, svg) {
    var divider = svg.querySelector(".cjm-label-divider");
    var rows = svg.querySelectorAll(".cjm-lane-backgrounds > rect");
    var ground = svg.querySelector(".cjm-background");
    var font = svg.querySelector("g[font-family]");
    var height = Number(viewport.getAttribute("data-height"));
    if (!divider || !rows.length || !ground || !font || !height) { return; }
    var num = function (el, name) { return Number(el.getAttribute(name)); };
    var edge = num(divider, "x1") + num(divider, "stroke-width") / 2;
    var left = num(rows[0], "x"), top = num(rows[0], "y"), bottom = top;
    each(rows, function (r) { bottom = Math.max(bottom, num(r, "y") + num(r, "height")); });
    var copy = doc.createElementNS("http://www.w3.org/2000/svg", "svg");
    copy.setAttribute("viewBox", [left, top, edge - left, bottom - top].join(" "));
    copy.setAttribute("preserveAspectRatio", "none");
    var group = copy.appendChild(font.cloneNode(false));
    var add = function (el) { group.appendChild(el.cloneNode(true)); };
    add(ground);
    each(rows, add);
    add(divider);
    // a lane's own marks are its direct children; its cards and curves are <g>
    each(svg.querySelectorAll(".cjm-lane > :not(g)"), function (el) {
      var x = el.getAttribute("x") || el.getAttribute("x1") || el.getAttribute("cx");
      if (x !== null && Number(x) < edge) { add(el); }
    });
    var frozen = doc.createElement("div");
    frozen.className = "cj-lane-freeze";
    frozen.setAttribute("aria-hidden", "true");
    // the strip in drawing units: where it starts, its size, and what is below it
    frozen.style.cssText = "--cj-fx:" + left + ";--cj-fw:" + (edge - left) +
      ";--cj-fh:" + (bottom - top) + ";--cj-fb:" + (height - bottom);
    frozen.appendChild(copy);
    viewport.insertBefore(frozen, svg.nextSibling);
  }
})();
