// A spreekuur or debate page, live (progressive: without this script the page works with forms, and a
// read-along link refreshes it).
//
// Messages are the post's comments: `comment_created` brings one, `entry_updated` says what it is (question,
// answer, argument) and its votes, `comment_updated`/`comment_removed` with another status than published take
// a hidden or removed message away for everyone. After every (re)connect the page compares itself with the API
// (GET /api/v1/spreekuren/<id>), so nothing is missed across a lost connection. Server HTML (body_html) is
// sanitised on write; names and everything else go in as text.
//
// Screen readers: new messages are announced politely and at most every few seconds; the Pause button holds
// new messages back (they wait, counted) until Continue.
(function () {
  "use strict";
  var root = document.getElementById("conversation");
  if (!root || typeof io === "undefined") { return; }
  var text = JSON.parse(document.getElementById("conversation-text").textContent);
  var postId = Number(root.dataset.post);
  var kind = root.dataset.kind;
  var hostId = root.dataset.host ? Number(root.dataset.host) : null;
  var me = root.dataset.me ? Number(root.dataset.me) : null;
  var messages = document.getElementById("messages");
  var questions = document.getElementById("question-list");
  var announcer = document.getElementById("live-announcer");
  var pauseButton = document.getElementById("pause");
  var pausedNote = document.getElementById("paused-note");
  var apiPath = "/api/v1/" + (kind === "spreekuur" ? "spreekuren/" : "debates/") + root.dataset.conversation;
  var socket = window.wijkSocket || io({ transports: ["websocket"] });
  var paused = false;
  var waiting = [];
  var kinds = {};  // comment id -> the latest entry_updated (kind, stance, votes), also of messages held back
  var endedText = kind === "debat" ? text.debate_ended : text.ended;

  // --- announcing, politely and not too often ----------------------------------------------------------
  var toAnnounce = [];
  var announceTimer = null;
  function announce(message) {
    toAnnounce.push(message);
    if (announceTimer) { return; }
    announceTimer = window.setTimeout(function () {
      var said = toAnnounce.length === 1 ? toAnnounce[0] : text.new_messages.replace("{n}", toAnnounce.length);
      toAnnounce = [];
      announceTimer = null;
      announcer.textContent = "";
      window.setTimeout(function () { announcer.textContent = said; }, 50);
    }, 3000);
  }

  // --- building messages ----------------------------------------------------------------------------------
  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content) { node.textContent = content; }
    return node;
  }

  function html(markup) {
    var template = document.createElement("template");
    template.innerHTML = markup;  // the server's sanitised body_html
    return template.content;
  }

  function fromTemplate(id, replacements) {
    var template = document.getElementById(id);
    if (!template) { return null; }
    var markup = template.innerHTML;
    Object.keys(replacements).forEach(function (from) { markup = markup.split(from).join(replacements[from]); });
    return html(markup);
  }

  function timeOf(iso) {
    var date = new Date(iso.endsWith("Z") ? iso : iso + "Z");
    return date.toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam" });
  }

  function hostBadge() {
    return el("span", "host-badge", root.dataset.hostBadge);
  }

  function messageItem(data) {
    var li = el("li", "message" + (data.author.id === hostId ? " by-host" : ""));
    li.id = "c" + data.id;
    li.dataset.author = data.author.id;
    var byline = el("p", "byline");
    byline.appendChild(el("span", "person", data.author.display_name));
    if (data.author.id === hostId) { byline.appendChild(document.createTextNode(" ")); byline.appendChild(hostBadge()); }
    else if (data.organisation) {  // another member writing for the organisation: its badge and their function
      byline.appendChild(document.createTextNode(" "));
      byline.appendChild(el("span", "host-badge", data.organisation.name +
                                                    (data.author_function ? " · " + data.author_function : "")));
    }
    byline.appendChild(el("span", "entry-kind", ""));
    var when = el("time", "when", " · " + timeOf(data.created_at));
    when.setAttribute("datetime", data.created_at);
    byline.appendChild(when);
    li.appendChild(byline);
    if (data.parent_id) {
      var reply = el("p", "reply-to");
      var link = el("a", "", text.reply_to);
      link.href = "#c" + data.parent_id;
      reply.appendChild(link);
      li.appendChild(reply);
    }
    var body = el("div", "body");
    body.appendChild(html(data.body_html));
    li.appendChild(body);
    var moderate = fromTemplate("tpl-moderate", { "/verbergen/0": "/verbergen/" + data.id,
                                                  "/dempen/0": "/dempen/" + data.author.id });
    if (moderate && data.author.id !== hostId) { li.appendChild(moderate); }
    return li;
  }

  function addMessage(data, quietly) {
    if (document.getElementById("c" + data.id) || data.status !== "published") { return; }
    if (paused && !quietly) { waiting.push(data); showWaiting(); return; }
    messages.appendChild(messageItem(data));
    if (kinds[data.id]) { updateEntry(kinds[data.id]); }  // what it is arrived while it was held back (Pause)
    if (!quietly && data.author.id !== me) {
      var said = kind === "debat" && !data.parent_id ? text.new_argument :
        data.author.id === hostId && data.parent_id ? text.new_answer : text.new_message;
      announce(said.replace("{name}", data.author.display_name));
    }
  }

  function removeMessage(id) {
    ["c", "q", "t"].forEach(function (prefix) {
      var node = document.getElementById(prefix + id);
      if (node) { node.remove(); }
    });
    waiting = waiting.filter(function (data) { return data.id !== id; });
    showWaiting();
  }

  // --- questions, most asked first ------------------------------------------------------------------------
  function questionItem(id) {
    var message = document.getElementById("c" + id);
    if (!message || !questions) { return null; }
    var li = el("li", "question");
    li.id = "q" + id;
    li.dataset.votesOf = id;
    var textBox = el("div", "question-text");
    textBox.appendChild(el("span", "person", message.querySelector(".person").textContent));
    textBox.appendChild(document.createTextNode(": "));
    textBox.appendChild(message.querySelector(".body").cloneNode(true));
    li.appendChild(textBox);
    var actions = el("div", "question-actions");
    var vote = Number(message.dataset.author) !== me && fromTemplate("tpl-vote", { "/stem/0": "/stem/" + id });
    if (vote) { actions.appendChild(vote); } else {
      var count = el("span", "votes");
      var number = el("span", "", "0");
      number.dataset.votes = "";
      count.appendChild(number);
      count.appendChild(el("span", "", " ▲"));
      actions.appendChild(count);
    }
    var answer = fromTemplate("tpl-answer", { "999999999": String(id), "say-999999999": "say-" + id });
    if (answer) { actions.appendChild(answer); }
    li.appendChild(actions);
    var empty = questions.querySelector(".empty");
    if (empty) { empty.remove(); }
    questions.appendChild(li);
    bindForms(li);
    return li;
  }

  // A debate's argument: its stance beside the name, and "Useful" under it (not for one's own).
  function argumentTools(message, data) {
    var label = message.querySelector(".entry-kind");
    if (data.stance && !message.querySelector(".stance")) {
      label.after(el("span", "stance stance-" + data.stance, text.stances[data.stance]));
    }
    var tools = document.getElementById("t" + data.comment_id);
    if (tools) {
      Array.prototype.forEach.call(tools.querySelectorAll("[data-votes]"), function (n) { n.textContent = data.votes; });
      return;
    }
    tools = el("li", "entry-tools");
    tools.id = "t" + data.comment_id;
    var vote = Number(message.dataset.author) !== me && fromTemplate("tpl-vote", { "/stem/0": "/stem/" + data.comment_id });
    if (vote) { tools.appendChild(vote); } else {
      var count = el("span", "votes");
      var number = el("span", "", String(data.votes));
      number.dataset.votes = "";
      count.appendChild(number);
      count.appendChild(el("span", "", " ▲"));
      tools.appendChild(count);
    }
    message.after(tools);
    bindForms(tools);
  }

  function updateEntry(data) {
    kinds[data.comment_id] = data;
    var message = document.getElementById("c" + data.comment_id);
    if (message) {
      var label = message.querySelector(".entry-kind");
      if (label && text[data.kind]) { label.textContent = " · " + text[data.kind]; }
      message.classList.add("kind-" + data.kind);
      if (data.kind === "argument" && label) { argumentTools(message, data); }
    }
    if (data.kind !== "question" || !questions) { return; }
    var item = document.getElementById("q" + data.comment_id) || questionItem(data.comment_id);
    if (!item) { return; }
    Array.prototype.forEach.call(item.querySelectorAll("[data-votes]"), function (n) { n.textContent = data.votes; });
    item.dataset.votes = data.votes;
    if (data.answered && !item.classList.contains("answered")) {
      item.classList.add("answered");
      var box = item.querySelector(".answer-box");
      if (box) { box.remove(); }
      item.querySelector(".question-actions").appendChild(el("span", "answered-label", text.answered));
    }
    sortQuestions();
  }

  function sortQuestions() {
    var items = Array.prototype.slice.call(questions.querySelectorAll("li.question"));
    items.sort(function (a, b) {
      var answered = a.classList.contains("answered") - b.classList.contains("answered");
      if (answered) { return answered; }
      var votes = Number(b.querySelector("[data-votes]").textContent) - Number(a.querySelector("[data-votes]").textContent);
      return votes || Number(a.dataset.votesOf) - Number(b.dataset.votesOf);
    });
    var focused = document.activeElement;
    items.forEach(function (item) { questions.appendChild(item); });
    if (focused && focused !== document.activeElement) { focused.focus(); }
  }

  // --- pause ------------------------------------------------------------------------------------------------
  function showWaiting() {
    if (!pausedNote) { return; }
    pausedNote.hidden = !paused;
    pausedNote.textContent = paused ? text.paused.replace("{n}", waiting.length) : "";
  }

  if (pauseButton && root.dataset.state !== "ended") {  // nothing new arrives in a closed one
    pauseButton.hidden = false;
    pauseButton.addEventListener("click", function () {
      paused = !paused;
      pauseButton.setAttribute("aria-pressed", paused ? "true" : "false");
      pauseButton.textContent = paused ? text.resume : text.pause;
      if (!paused) {
        var held = waiting;
        waiting = [];
        held.forEach(function (data) { addMessage(data, true); });
        if (held.length) { announce(text.new_messages.replace("{n}", held.length)); }
      }
      showWaiting();
    });
  }

  // --- writing and voting without leaving the page ---------------------------------------------------------
  function setState(state, message) {
    root.dataset.state = state;
    var label = document.querySelector("[data-state-label]");
    if (label && message) { announce(message); }
    if (state === "ended") {
      Array.prototype.forEach.call(document.querySelectorAll("form[data-say] button, .vote-form button"),
                                   function (button) { button.disabled = true; });
      var note = el("p", "status-note", endedText);
      note.setAttribute("role", "status");
      messages.after(note);
    }
  }

  function waitUntil(form, iso) {
    var button = form.querySelector("button[type=submit]");
    var again = Date.parse(iso);
    button.disabled = true;
    window.setTimeout(function () { if (root.dataset.state === "live") { button.disabled = false; } },
                      Math.max(0, again - Date.now()));
  }

  function submitSay(form) {
    var error = form.querySelector("[data-say-error]");
    var textarea = form.querySelector("textarea");
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
                         headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (result.ok) {
          textarea.value = "";
          error.hidden = true;
          addMessage({ id: result.data.id, parent_id: result.data.parent_id, body_html: result.data.body_html,
                       author: result.data.author, organisation: result.data.organisation,
                       author_function: result.data.author_function, created_at: result.data.created_at, status: "published" }, true);
          updateEntry({ comment_id: result.data.id, kind: result.data.kind, stance: result.data.stance, votes: 0,
                        answered: false });
          var details = form.closest("details");
          if (details) { details.open = false; }
          return;
        }
        var problem = result.data.error || {};
        var fields = problem.fields || {};
        error.textContent = fields[Object.keys(fields)[0]] || problem.message || text.send_failed;
        error.hidden = false;
        if (problem.retry_at) { waitUntil(form, problem.retry_at); }
      })
      .catch(function () { error.textContent = text.send_failed; error.hidden = false; });
  }

  function submitVote(form) {
    var on = form.querySelector("[name=on]");
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
                         headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var pressed = on.value === "1";
        form.querySelector("button").setAttribute("aria-pressed", pressed ? "true" : "false");
        on.value = pressed ? "0" : "1";
      });
  }

  function bindForms(scope) {
    Array.prototype.forEach.call(scope.querySelectorAll("form[data-say]"), function (form) {
      if (form.dataset.bound) { return; }
      form.dataset.bound = "1";
      form.addEventListener("submit", function (event) { event.preventDefault(); submitSay(form); });
    });
    Array.prototype.forEach.call(scope.querySelectorAll("form.vote-form"), function (form) {
      if (form.dataset.bound) { return; }
      form.dataset.bound = "1";
      form.addEventListener("submit", function (event) { event.preventDefault(); submitVote(form); });
    });
  }
  bindForms(document);

  // --- the window: the page changes by itself at the start and the end -------------------------------------
  function at(iso, action) {
    var delay = Date.parse(iso) - Date.now();
    if (!isNaN(delay) && delay > 0 && delay < 2147483647) { window.setTimeout(action, delay); }
  }
  if (kind === "spreekuur" && root.dataset.state === "scheduled") {
    at(root.dataset.starts, function () { window.location.reload(); });
  }
  if (root.dataset.state === "live" && root.dataset.ends) {
    at(root.dataset.ends, function () { setState("ended", endedText); });
  }

  // --- events ----------------------------------------------------------------------------------------------
  function ours(data) { return data && data.post_id === postId; }

  socket.on("comment_created", function (data) { if (ours(data)) { addMessage(data, false); } });
  ["comment_updated", "comment_removed"].forEach(function (name) {
    socket.on(name, function (data) { if (ours(data) && data.status !== "published") { removeMessage(data.id); } });
  });
  socket.on("entry_updated", function (data) { if (ours(data)) { updateEntry(data); } });
  socket.on("conversation_updated", function (data) {
    if (ours(data) && data.state === "ended" && root.dataset.state !== "ended") { setState("ended", endedText); }
  });
  socket.on("conversation_muted", function (data) {
    if (!ours(data)) { return; }
    announce(data.muted ? text.muted : text.unmuted);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-say] button"),
                                 function (button) { button.disabled = data.muted; });
  });

  // What happened while the page loaded or the connection was away: the API has the thread as it is now.
  function resync() {
    fetch(apiPath, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var present = {};
        data.messages.forEach(function (m) {
          present[m.id] = true;
          addMessage({ id: m.id, parent_id: m.parent_id, body_html: m.body_html, author: m.author,
                       organisation: m.organisation, author_function: m.author_function,
                       created_at: m.created_at, status: "published" }, true);
          updateEntry({ comment_id: m.id, kind: m.kind, stance: m.stance, votes: m.votes, answered: m.answered });
        });
        Array.prototype.forEach.call(messages.querySelectorAll("li.message:not(.is-hidden)"), function (li) {
          var id = Number(li.id.slice(1));
          if (!present[id]) { removeMessage(id); }
        });
        if (data.state === "ended" && root.dataset.state === "live") { setState("ended", endedText); }
      });
  }

  function joinRoom() {
    socket.emit("join", { post: postId }, function () { root.dataset.connected = "true"; resync(); });
  }
  socket.on("disconnect", function () { root.dataset.connected = "false"; });
  socket.on("connect", joinRoom);
  if (socket.connected) { joinRoom(); }
})();
