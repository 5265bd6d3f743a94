// "In de buurt": the location button fills lat/lon and submits the form (no location: the postcode still works).
(function () {
  var button = document.getElementById("nearby-locate");
  if (!button || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (position) {
      var lat = document.getElementById("nearby-lat"), lon = document.getElementById("nearby-lon");
      lat.value = position.coords.latitude.toFixed(5);
      lon.value = position.coords.longitude.toFixed(5);
      lat.disabled = lon.disabled = false;
      document.getElementById("postcode").value = "";
      document.getElementById("nearby-form").submit();
    });
  });
})();
