// The budget tools without a round trip. The forms work without this script (number fields and checkboxes,
// "Show totals" asks the server); with it, each budget line gets a slider (arrow keys move it one step), the
// total and each line's consequence follow at once, and a polite live region announces them. The texts come
// from the page (data attributes written by the server in the reader's language). The results section follows
// the participation's live tallies: on `participation_updated` for it (sent to the post's room at most once a
// second) the page is fetched again and its results section, rendered for this reader, replaces the old one.
(function () {
  "use strict";
  var numbers = new Intl.NumberFormat(document.documentElement.lang || "nl", {maximumFractionDigits: 0});

  function euro(amount, signed) {
    var text = "€\u00a0" + numbers.format(Math.abs(amount));
    if (amount < 0) { return "−" + text; }
    return signed && amount > 0 ? "+" + text : text;
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) { return values[name]; });
  }

  // The largest stated change in the same direction that the change reaches (as budgets.rules.consequence).
  function consequence(list, change) {
    var best = null;
    list.forEach(function (item) {
      if (item[0] * change > 0 && Math.abs(item[0]) <= Math.abs(change)
          && (best === null || Math.abs(item[0]) > Math.abs(best[0]))) { best = item; }
    });
    return best ? best[1] : "";
  }

  function setUpBudget(form) {
    var total = Number(form.dataset.total), standings = JSON.parse(form.dataset.standings);
    var announce = form.querySelector("[data-announce]"), lines = form.querySelectorAll("[data-line]");

    function standing(spent) {
      var key = spent === total ? "balanced" : spent < total ? "left" : "over";
      return fill(standings[key], {amount: euro(Math.abs(total - spent)), total: euro(total)});
    }

    function refresh(line, speak) {
      var input = line.querySelector("input[type=number]"), amount = Number(input.value);
      var change = amount - Number(line.dataset.current);
      var effect = consequence(JSON.parse(line.dataset.consequences), change);
      var text = change ? euro(change, true) + (effect ? " " + effect : "") : form.dataset.unchanged;
      line.querySelector("[data-effect]").textContent = text;
      var spent = 0;
      lines.forEach(function (each) { spent += Number(each.querySelector("input[type=number]").value) || 0; });
      form.querySelector("[data-spent]").textContent = euro(spent);
      form.querySelector("[data-standing-text]").textContent = standing(spent);
      if (speak) {
        announce.textContent = line.dataset.label + ": " + euro(amount) + ". " + text + " "
          + form.dataset.yourTotal + ": " + euro(spent) + ". " + standing(spent);
      }
    }

    lines.forEach(function (line) {
      var input = line.querySelector("input[type=number]");
      var slider = document.createElement("input");
      slider.type = "range";
      slider.className = "budget-slider";
      slider.id = input.id + "-slider";
      ["min", "max", "step", "value"].forEach(function (name) { slider[name] = input[name]; });
      slider.setAttribute("aria-labelledby", input.id + "-label");
      slider.setAttribute("aria-describedby", input.getAttribute("aria-describedby"));
      slider.setAttribute("aria-valuetext", euro(Number(input.value)));
      input.parentNode.insertBefore(slider, input);
      slider.addEventListener("input", function () {
        input.value = slider.value;
        slider.setAttribute("aria-valuetext", euro(Number(slider.value)));
        refresh(line, true);
      });
      input.addEventListener("input", function () {
        if (input.value !== "" && input.checkValidity()) {
          slider.value = input.value;
          slider.setAttribute("aria-valuetext", euro(Number(input.value)));
        }
        refresh(line, false);
      });
    });
  }

  function setUpVote(form) {
    var budget = Number(form.dataset.voteBudget), template = form.dataset.standingText;
    var announce = form.querySelector("[data-announce]"), shown = form.querySelector("[data-standing]");
    form.addEventListener("change", function () {
      var cost = 0;
      form.querySelectorAll("input[name=project]:checked").forEach(function (box) { cost += Number(box.dataset.cost); });
      var text = fill(template, {cost: euro(cost), left: euro(budget - cost)});
      shown.textContent = text;
      shown.classList.toggle("breach", cost > budget);
      announce.textContent = text;
    });
  }

  function followResults(section) {
    var postId = Number(section.dataset.post), id = Number(section.dataset.liveResults);
    if (!postId || typeof io === "undefined") { return; }
    // live.js (loaded after this script) makes the page's one socket; without it (no live bar) we make our own
    var socket = window.wijkSocket || io({transports: ["websocket"]});
    function join() { socket.emit("join", {post: postId}, function () { section.dataset.connected = "true"; }); }
    socket.on("connect", join);
    if (socket.connected) { join(); }
    var busy = false, again = false;
    function reload() {
      if (busy) { again = true; return; }
      busy = true;
      fetch(window.location.pathname, {credentials: "same-origin", headers: {"Accept": "text/html"}})
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html")
            .querySelector("[data-live-results='" + id + "']");
          if (fresh) {
            section.innerHTML = fresh.innerHTML;
            section.dataset.shown = fresh.dataset.shown;
            section.dataset.status = fresh.dataset.status;
            section.dataset.updated = String(Date.now());
          }
        })
        .catch(function () { /* the next update tries again */ })
        .then(function () { busy = false; if (again) { again = false; reload(); } });
    }
    socket.on("participation_updated", function (data) {
      if (!data || data.participation_id !== id) { return; }
      // nothing to fetch while this reader sees no results and nothing made them visible (tallies sent to everyone,
      // or a new status); a short random wait spreads the readers' fetches over the second
      var shown = section.dataset.shown === "true";
      if (!shown && !data.results && data.status === section.dataset.status) { return; }
      window.setTimeout(reload, Math.random() * 500);
    });
  }

  document.querySelectorAll("form[data-budget]").forEach(setUpBudget);
  document.querySelectorAll("form[data-vote]").forEach(setUpVote);
  // after every deferred script (live.js too), so the page's socket is there to share
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-live-results]").forEach(followResults);
  });
}());
