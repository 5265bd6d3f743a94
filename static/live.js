// Live updates for wijk pages and post pages (progressive: every page works without it).
//
// The page says what to follow in data attributes on #live: data-wijk, data-seq
// (the wijk's event number the page was rendered at) and, on a post page,
// data-post. On every (re)connect we join the rooms and then fetch what
// happened since the last seq we saw, so nothing is missed across a train
// tunnel or a closed laptop lid. Server HTML (body_html) is sanitised on write;
// everything else goes in as text.
//
// What is inserted or replaced (a comment in the thread, a post card, the warning
// banner) comes from the server as a fragment rendered by the page's own macros
// for this viewer (/w/<slug>/fragment/...), so it has the same controls (reply,
// report, edit) as after a reload, and only what this viewer may see. Fragments
// are applied one at a time, in the order of the events.
//
// For a logged-in visitor every page has the bell (#bell): the server puts
// their socket in their private room, where `notifications` {"unread": n}
// arrives whenever their unread count changes (and once on every connect).
(function () {
  "use strict";
  var root = document.getElementById("live");
  var bell = document.getElementById("bell");
  if ((!root && !bell) || typeof io === "undefined") { return; }
  var socket = io({ transports: ["websocket"] });
  window.wijkSocket = socket;  // one socket per page: page scripts loaded after this one (conversation.js) share it

  function setBell(data) {
    var badge = bell && bell.querySelector("[data-unread]");
    if (!badge || !data || typeof data.unread !== "number") { return; }
    badge.dataset.unread = data.unread;
    badge.querySelector("[data-unread-count]").textContent = data.unread;
    badge.hidden = data.unread === 0;
  }
  socket.on("notifications", setBell);
  if (bell) {
    socket.on("connect", function () { bell.dataset.live = "true"; });
    socket.on("disconnect", function () { bell.dataset.live = "false"; });
  }
  if (!root) { return; }

  var wijk = root.dataset.wijk;
  var postId = root.dataset.post ? Number(root.dataset.post) : null;
  var lastSeq = Number(root.dataset.seq || 0);
  var text = JSON.parse(document.getElementById("live-text").textContent);
  var statusBox = document.getElementById("live-status");
  var announcer = document.getElementById("live-announcer");
  var pending = 0;
  var everConnected = false;
  var catchingUp = Promise.resolve();

  function $(selector, scope) { return (scope || document).querySelector(selector); }

  function announce(message) {
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = message; }, 50);
  }

  function showStatus(message, state) {
    statusBox.textContent = message;
    statusBox.className = "live-status " + state;
    statusBox.hidden = false;
    if (state === "online") {
      window.setTimeout(function () { if (statusBox.textContent === message) { statusBox.hidden = true; } }, 3000);
    }
  }

  // --- what each event does to the page -----------------------------------

  function isGone(data) { return data.status && data.status !== "published"; }

  function card(id) { return document.getElementById("post-" + id); }

  function showNewPostsBar() {
    var bar = document.getElementById("new-posts");
    if (!bar) { return; }
    $("button", bar).textContent = pending === 1 ? text.one_new_post : text.new_posts.replace("{n}", pending);
    bar.hidden = false;
  }

  // --- fragments --------------------------------------------------------------

  var base = "/w/" + encodeURIComponent(wijk) + "/fragment/";
  var fragments = Promise.resolve();

  // Run `step` after the fragments before it (so a page applies events in order).
  function inOrder(step) {
    fragments = fragments.then(step).catch(function () { /* a failed fetch leaves the page as it was */ });
  }

  function fetchFragment(path, json) {
    return fetch(base + path, { headers: { Accept: json ? "application/json" : "text/html" },
                                credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 404) { return null; }
        if (!response.ok) { throw new Error(response.status); }
        return json ? response.json() : response.text();
      });
  }

  function fromHTML(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  // The warning banner as the server renders it now; a banner also leaves by itself when its warning expires.
  function refreshBanners() {
    inOrder(function () {
      return fetchFragment("waarschuwingen" + (postId ? "?zonder=" + postId : ""), false).then(function (html) {
        var region = document.getElementById("warnings");
        var fresh = html && fromHTML(html);
        if (region && fresh) { region.replaceWith(fresh); scheduleExpiry(); }
      });
    });
  }

  var expiryTimers = [];
  function scheduleExpiry() {
    expiryTimers.forEach(window.clearTimeout);
    expiryTimers = [];
    Array.prototype.forEach.call(document.querySelectorAll("#warnings [data-expires]"), function (banner) {
      var delay = Date.parse(banner.dataset.expires) - Date.now();
      if (isNaN(delay) || delay > 2147483647) { return; }
      expiryTimers.push(window.setTimeout(function () { removeBanner(banner.id.replace("banner-", "")); },
                                          Math.max(0, delay)));
    });
  }

  function removeBanner(id) {
    var banner = document.getElementById("banner-" + id);
    if (banner) { banner.remove(); }
    var region = document.getElementById("warnings");
    if (region && !region.querySelector(".warning-banner")) { region.hidden = true; }
  }

  function removeEverywhere(id) {
    var el = card(id);
    if (el && !postId) { el.remove(); }
    removeBanner(id);
    if (postId === id) {
      var notice = document.getElementById("post-gone");
      if (notice) { notice.hidden = false; }
      var article = $(".post-full");
      if (article) { article.remove(); }
      var thread = document.getElementById("reacties");
      if (thread) { thread.remove(); }
      announce(text.post_gone);
    }
  }

  function updatePost(data) {
    if (isGone(data)) { removeEverywhere(data.id); return; }
    if (document.getElementById("banner-" + data.id)) { refreshBanners(); }
    var el = card(data.id);
    if (!el) { return; }
    if (!postId) {  // a card in the feed: as the server renders it for this viewer
      inOrder(function () {
        return fetchFragment("bericht/" + data.id, false).then(function (html) {
          var current = card(data.id);
          if (!current) { return; }
          if (html === null) { current.remove(); return; }
          current.replaceWith(fromHTML(html));
        });
      });
      return;
    }
    var title = $("[data-title]", el);
    if (title) { title.textContent = data.title; }
    var body = $(".body", el);
    if (body) { body.innerHTML = data.body_html; }
    setReactions(data.id, data.reactions);
  }

  function setReactions(id, counts) {
    var el = card(id);
    if (!el || !counts) { return; }
    Object.keys(counts).forEach(function (kind) {
      var span = $('[data-count="' + kind + '"]', el);
      if (span) { span.textContent = counts[kind]; }
    });
  }

  function setRsvp(data) {
    var el = card(data.post_id);
    var going = el && $("[data-going]", el);
    if (going) { going.textContent = data.going; }
  }

  function bumpCommentCount(id, delta) {
    var el = card(id);
    var count = el && $("[data-comment-count]", el);
    if (count) {
      var n = Math.max(0, Number(count.dataset.commentCount) + delta);
      count.dataset.commentCount = n;
      count.textContent = (n === 1 ? text.one_comment : text.comments).replace("{num}", n);
    }
  }

  function setThreadCount(n) {
    var heading = document.getElementById("thread-title");
    if (!heading || typeof n !== "number") { return; }
    heading.dataset.commentTotal = n;
    heading.textContent = (n === 1 ? text.one_comment : text.comments).replace("{num}", n);
  }

  // A comment event on this post's page: fetch the comment as this viewer sees it now and put it in place
  // (new: at the end of the thread or under its parent; edited: replaced; gone: removed), with the count.
  function syncComment(c, announceNew) {
    if (postId !== c.post_id) { return; }
    inOrder(function () {
      return fetchFragment("reactie/" + c.id, true).then(function (found) {
        if (!found) { return; }
        setThreadCount(found.comment_count);
        var existing = document.getElementById("c" + c.id);
        if (!found.html) { removeComment(c); return; }
        var item = fromHTML(found.html);
        if (existing) {
          existing.replaceWith(item.querySelector("article.comment"));
          return;
        }
        item.querySelector("article.comment").classList.add("is-new");
        if (!placeComment(item, found.parent_id)) { return; }
        if (announceNew && c.author) { announce(text.new_comment.replace("{name}", c.author.display_name)); }
      });
    });
  }

  function placeComment(item, parentId) {
    var list = document.getElementById("comments");
    if (!list) { return false; }
    if (!parentId) { list.appendChild(item); return true; }
    var parent = document.getElementById("c" + parentId);
    var entry = parent && parent.closest(".comment-entry");
    if (!entry) { return false; }
    var replies = $(".replies", entry);
    if (!replies) {
      replies = document.createElement("ol");
      replies.className = "replies";
      parent.after(replies);
    }
    replies.appendChild(item);
    return true;
  }

  function removeComment(c) {
    var el = document.getElementById("c" + c.id);
    if (!el) { return; }
    var entry = el.parentElement;
    if (entry.classList.contains("comment-entry") && $(".replies li", entry)) {
      var placeholder = document.createElement("p");
      placeholder.className = "comment removed muted";
      placeholder.textContent = text.comment_gone;
      el.replaceWith(placeholder);
      var reply = $("details.reply", entry);
      if (reply) { reply.remove(); }
    } else {
      entry.remove();
    }
  }

  // A melding's panel on its post page: the status line, the strip and the followers follow the handler live.
  function setReportStatus(data) {
    if (!postId || data.post_id !== postId) { return; }
    var now = $("[data-report-state]");
    if (now) { now.textContent = now.dataset.now.replace("{state}", data.state_label); }
    var followers = $("[data-report-followers]");
    if (followers) { followers.textContent = data.follower_count; }
    var steps = document.querySelectorAll(".status-strip [data-step]");
    var reached = -1;
    Array.prototype.forEach.call(steps, function (step, i) { if (step.dataset.step === data.state) { reached = i; } });
    if (reached < 0) { return; }
    Array.prototype.forEach.call(steps, function (step, i) {
      step.className = i < reached ? "done" : (i === reached ? "current" : "");
      if (i === reached) { step.setAttribute("aria-current", "step"); } else { step.removeAttribute("aria-current"); }
    });
  }

  var handlers = {
    post_created: function (data) {
      if (isGone(data) || postId || card(data.id)) { return; }
      pending += 1;
      showNewPostsBar();
      announce(text.new_post.replace("{title}", data.title));
    },
    alert: function (data) {
      if (isGone(data)) { return; }
      refreshBanners();
      announce(text.warning + ": " + data.title);
    },
    post_updated: updatePost,
    post_removed: function (data) { removeEverywhere(data.id); },
    comment_created: function (data) {
      if (isGone(data)) { return; }
      if (postId) { syncComment(data, true); } else { bumpCommentCount(data.post_id, +1); }
    },
    comment_updated: function (data) {
      if (postId) { syncComment(data, false); }
    },
    comment_removed: function (data) {
      if (postId) { syncComment(data, false); } else { bumpCommentCount(data.post_id, -1); }
    },
    reaction_changed: function (data) { setReactions(data.post_id, data.reactions); },
    rsvp_changed: setRsvp,
    report_status_changed: setReportStatus
  };

  function handle(name, data) {
    if (!data || typeof data.seq !== "number" || data.seq <= lastSeq) { return; }  // seen already
    lastSeq = data.seq;
    root.dataset.seq = lastSeq;
    if (handlers[name]) { handlers[name](data); }
  }

  // --- connection, rooms and resume -----------------------------------------

  function catchUp() {
    var url = "/api/v1/wijken/" + encodeURIComponent(wijk) + "/events?since=" + lastSeq;
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (page) {
        if (!page) { return; }
        if (page.reset) { window.location.reload(); return; }
        page.items.forEach(function (item) { handle(item.event, item.data); });
        if (page.next !== null) { return catchUp(); }
      });
  }

  Object.keys(handlers).forEach(function (name) {
    socket.on(name, function (data) {
      catchingUp.then(function () { handle(name, data); });
    });
  });

  function join(room) {
    return new Promise(function (resolve) { socket.emit("join", room, resolve); });
  }

  // Join first, then catch up: once the server has us in the room every new
  // event reaches us live, and everything before it is in the log.
  socket.on("connect", function () {
    var rooms = [join({ wijk: wijk })];
    if (postId) { rooms.push(join({ post: postId })); }
    catchingUp = Promise.all(rooms).then(catchUp).catch(function () { /* the next reconnect retries */ })
      .then(function () {
      if (everConnected) { showStatus(text.online, "online"); }
      everConnected = true;
      root.dataset.connected = "true";
    });
  });
  socket.on("disconnect", function () {
    root.dataset.connected = "false";
    showStatus(text.offline, "offline");
  });

  scheduleExpiry();

  var bar = document.getElementById("new-posts");
  if (bar) {
    $("button", bar).addEventListener("click", function () { window.location.reload(); });
  }
})();
