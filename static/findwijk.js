// "Find my wijk": a click anywhere on the map or the browser's location, looked
// up with GET /api/v1/lookup. Clicking a wijk's shape works without JavaScript.
(function () {
  "use strict";
  var script = document.currentScript;
  var map = document.querySelector(".wijk-map");
  var status = document.getElementById("locate-status");
  var button = document.getElementById("locate");

  function go(lat, lon) {
    var url = script.dataset.lookup + "?lat=" + encodeURIComponent(lat) + "&lon=" + encodeURIComponent(lon);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (wijk) {
        if (wijk && wijk.slug) { window.location.href = "/w/" + encodeURIComponent(wijk.slug); }
        else { status.textContent = script.dataset.notfound; }
      })
      .catch(function () { status.textContent = script.dataset.notfound; });
  }

  if (map) {
    map.addEventListener("click", function (event) {
      if (event.target.closest("a")) { return; }  // a wijk's own link handles it
      var b = map.dataset.bounds.split(",").map(Number);
      var rect = map.getBoundingClientRect();
      var fx = (event.clientX - rect.left) / rect.width;
      var fy = (event.clientY - rect.top) / rect.height;
      go(b[3] - fy * (b[3] - b[1]), b[0] + fx * (b[2] - b[0]));
    });
  }

  if (button && "geolocation" in navigator) {
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = script.dataset.searching;
      navigator.geolocation.getCurrentPosition(
        function (pos) { go(pos.coords.latitude, pos.coords.longitude); },
        function () { status.textContent = script.dataset.denied; },
        { timeout: 10000 });
    });
  }
})();
