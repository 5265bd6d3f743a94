// The review queue's live counts: join the moderation rooms shown on the page and
// update each "open flags" number when a flag arrives or an action resolves one.
(function () {
  "use strict";
  var counters = document.querySelectorAll(".open-flags[data-room]");
  if (!counters.length || typeof io === "undefined") { return; }
  var socket = io({ transports: ["websocket"] });
  socket.on("connect", function () {
    counters.forEach(function (el) { socket.emit("join", { moderation: el.dataset.room }); });
  });
  socket.on("flags_changed", function (data) {
    var room = data.organisation ? "org:" + data.organisation : data.wijk;
    counters.forEach(function (el) {
      if (el.dataset.room === room) { el.querySelector("[data-count]").textContent = data.open_flags; }
    });
  });
})();
