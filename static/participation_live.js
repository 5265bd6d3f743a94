// Live parts of a participation's pages (ideas, stellingen), progressive: every page works without it.
//
// A section marked data-live-section (templates/participation/_live.html) names its participation, the post whose
// room carries its events (data-post) and the events it follows (data-live-events, e.g. "idea_changed"). When one
// arrives for that participation, the page is fetched again and each section whose content changed is replaced
// by the server's rendering for this viewer (hidden ideas and stellingen waiting for review stay out), then its
// data-live-message is said in the polite status region. A section with focus inside is left alone (nothing is
// pulled from under the keyboard), and one marked data-live-when="idle" only while it holds no form (the card being
// voted on stays). At most one fetch at a time and one per MIN_GAP ms: a busy stellingen set sends many votes.
(function () {
  "use strict";
  var MIN_GAP = 2000;
  var sections = Array.prototype.slice.call(document.querySelectorAll("[data-live-section][data-post]"))
    .filter(function (s) { return s.dataset.post; });
  if (!sections.length) { return; }
  var status = document.getElementById("participation-live-status");

  function say(text) {
    if (!status || !text) { return; }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function start() {
    if (typeof io === "undefined") { return; }
    // live.js (when the page has it) made the page's one socket; otherwise we make our own
    var socket = window.wijkSocket || io({ transports: ["websocket"] });
    var posts = {}, events = {}, ids = {};
    sections.forEach(function (s) {
      posts[s.dataset.post] = true;
      ids[s.dataset.participation] = true;
      s.dataset.liveEvents.split(" ").forEach(function (name) { if (name) { events[name] = true; } });
    });

    function join() {
      Object.keys(posts).forEach(function (post) {
        socket.emit("join", { post: Number(post) }, function () {
          sections.forEach(function (s) { if (s.dataset.post === post) { s.dataset.connected = "true"; } });
        });
      });
    }
    socket.on("connect", join);
    if (socket.connected) { join(); }

    var busy = false, again = false, last = 0;
    function refresh() {
      if (busy) { again = true; return; }
      var wait = last + MIN_GAP - Date.now();
      if (wait > 0) { busy = true; window.setTimeout(function () { busy = false; refresh(); }, wait); return; }
      busy = true;
      last = Date.now();
      fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html"), said = [];
          sections.forEach(function (section) {
            var other = fresh.querySelector("[data-live-section='" + section.dataset.liveSection + "']");
            if (!other || other.innerHTML === section.innerHTML) { return; }
            if (section.contains(document.activeElement)) { return; }
            if (section.dataset.liveWhen === "idle" && section.querySelector("form")) { return; }
            section.innerHTML = other.innerHTML;
            section.dataset.updated = String(Date.now());
            var message = section.dataset.liveMessage;
            if (message && said.indexOf(message) < 0) { said.push(message); }
          });
          say(said.join(" "));
        })
        .catch(function () { /* the next event tries again */ })
        .then(function () { busy = false; if (again) { again = false; refresh(); } });
    }

    Object.keys(events).forEach(function (name) {
      socket.on(name, function (data) {
        if (data && ids[String(data.participation_id)]) { refresh(); }
      });
    });
  }

  // after every deferred script (live.js too), so the page's socket is there to share
  // (deferred scripts run while the document is "interactive", before DOMContentLoaded)
  if (document.readyState === "complete") { start(); } else { document.addEventListener("DOMContentLoaded", start); }
}());
