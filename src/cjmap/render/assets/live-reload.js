/* cjmap serve: wait for the next render of the map (long poll), then reload. */
(function () {
  "use strict";
  var version = document.documentElement.getAttribute("data-cj-version");
  function poll(delay) {
    setTimeout(function () {
      fetch("/__cjmap/wait?v=" + encodeURIComponent(version), { cache: "no-store" })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (d) { if (d.version !== version) { location.reload(); } else { poll(0); } })
        .catch(function () { poll(1000); });
    }, delay);
  }
  poll(0);
})();
