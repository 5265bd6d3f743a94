// The moodboard: tapping the design drawing chooses the point a comment is about (it fills the form's
// percentages and marks the spot), and "More images" loads the next pins in place once it comes into view.
// Without JavaScript the percentages are typed and "More images" opens the next page.
(function () {
  "use strict";
  var svg = document.querySelector("svg[data-pick-drawing]");
  var x = document.getElementById("pin-x");
  var y = document.getElementById("pin-y");
  if (svg && x && y) {
    var marker = svg.querySelector(".picked");
    svg.addEventListener("click", function (event) {
      if (event.target.closest("a")) { return; }  // a numbered comment: follow its link
      var box = svg.getBoundingClientRect();
      var px = (event.clientX - box.left) / box.width;
      var py = (event.clientY - box.top) / box.height;
      x.value = (px * 100).toFixed(1);
      y.value = (py * 100).toFixed(1);
      var view = svg.viewBox.baseVal;
      marker.setAttribute("cx", px * view.width);
      marker.setAttribute("cy", py * view.height);
      var details = document.querySelector("details.add-pin");
      if (details) { details.open = true; }
      document.getElementById("pin-caption").focus();
    });
  }

  var more = document.querySelector("a[data-more-pins]");
  var pins = document.getElementById("pins");
  if (!more || !pins || !("IntersectionObserver" in window) || !window.fetch) { return; }
  var loading = false;
  function load() {
    if (loading || !more) { return; }
    loading = true;
    fetch(more.href, {credentials: "same-origin"}).then(function (response) {
      return response.ok ? response.text() : Promise.reject(response.status);
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      page.querySelectorAll("#pins > .board-pin").forEach(function (pin) {
        if (!document.getElementById(pin.id)) { pins.appendChild(document.importNode(pin, true)); }
      });
      var next = page.querySelector("a[data-more-pins]");
      if (next) { more.href = next.href; } else { more.parentNode.remove(); more = null; }
      loading = false;
    }).catch(function () { loading = false; });  // the link still works as a link
  }
  new IntersectionObserver(function (entries) {
    if (entries.some(function (e) { return e.isIntersecting; })) { load(); }
  }, {rootMargin: "400px"}).observe(more);
})();
