// "Meld een probleem": a click on the wijk map (or the browser's location) fills in the coordinates and shows a
// marker. Without JavaScript the coordinates are typed; the server checks that the spot lies in the wijk.
(function () {
  "use strict";
  var script = document.currentScript;
  var map = document.querySelector(".pick-map");
  var lat = document.getElementById("lat");
  var lon = document.getElementById("lon");
  var status = document.getElementById("location-status");
  var button = document.getElementById("use-location");
  if (!map || !lat || !lon) { return; }
  var b = map.dataset.bounds.split(",").map(Number);
  var width = Number(map.dataset.width), height = Number(map.dataset.height);
  var marker = map.querySelector(".pick-marker");

  function mark() {
    var la = parseFloat(lat.value), lo = parseFloat(lon.value);
    if (isNaN(la) || isNaN(lo)) { return; }
    marker.setAttribute("cx", ((lo - b[0]) / (b[2] - b[0]) * width).toFixed(1));
    marker.setAttribute("cy", ((b[3] - la) / (b[3] - b[1]) * height).toFixed(1));
  }

  function choose(la, lo) {
    lat.value = la.toFixed(6);
    lon.value = lo.toFixed(6);
    mark();
    status.textContent = script.dataset.found;
  }

  map.addEventListener("click", function (event) {
    var rect = map.getBoundingClientRect();
    var fx = (event.clientX - rect.left) / rect.width, fy = (event.clientY - rect.top) / rect.height;
    choose(b[3] - fy * (b[3] - b[1]), b[0] + fx * (b[2] - b[0]));
  });
  lat.addEventListener("change", mark);
  lon.addEventListener("change", mark);
  mark();

  if (button && "geolocation" in navigator) {
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = script.dataset.searching;
      navigator.geolocation.getCurrentPosition(
        function (pos) { choose(pos.coords.latitude, pos.coords.longitude); },
        function () { status.textContent = script.dataset.denied; },
        { timeout: 10000 });
    });
  }
})();
