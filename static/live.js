// Live updates for wijk pages and post pages (progressive: every page works without it).
//
// The page says what to follow in data attributes on #live: data-wijk, data-seq
// (the wijk's event number the page was rendered at) and, on a post page,
// data-post. On every (re)connect we join the rooms and then fetch what
// happened since the last seq we saw, so nothing is missed across a train
// tunnel or a closed laptop lid. Server HTML (body_html) is sanitised on write;
// everything else goes in as text.
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

  function formatTime(iso) {
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || "nl", {
        day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam"
      }).format(new Date(iso));
    } catch (e) { return ""; }
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

  function addBanner(post) {
    var region = document.getElementById("warnings");
    if (!region || document.getElementById("banner-" + post.id)) { return; }
    var box = document.createElement("div");
    box.className = "warning-banner";
    box.id = "banner-" + post.id;
    box.setAttribute("role", "alert");
    var line = document.createElement("p");
    line.className = "warning-title";
    var label = document.createElement("strong");
    label.textContent = text.warning + ": ";
    var link = document.createElement("a");
    link.href = "/w/" + encodeURIComponent(wijk) + "/p/" + post.id;
    link.textContent = post.title;
    line.append("⚠ ", label, link);
    box.appendChild(line);
    if (post.organisation) {
      var who = document.createElement("p");
      who.className = "small";
      who.textContent = post.organisation.name;
      box.appendChild(who);
    }
    $(".wrap", region).appendChild(box);
    region.hidden = false;
  }

  function removeEverywhere(id) {
    var el = card(id);
    if (el && !postId) { el.remove(); }
    var banner = document.getElementById("banner-" + id);
    if (banner) { banner.remove(); }
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
    var el = card(data.id);
    if (!el) { return; }
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

  function buildComment(c) {
    var article = document.createElement("article");
    article.className = "comment is-new";
    article.id = "c" + c.id;
    var byline = document.createElement("p");
    byline.className = "byline";
    var name = document.createElement("span");
    name.className = "person";
    name.textContent = c.author.display_name;
    var when = document.createElement("time");
    when.dateTime = c.created_at;
    when.textContent = formatTime(c.created_at);
    byline.append(name, " · ", when);
    var body = document.createElement("div");
    body.className = "body";
    body.innerHTML = c.body_html;
    article.append(byline, body);
    return article;
  }

  function addComment(c) {
    if (postId !== c.post_id || document.getElementById("c" + c.id)) { return; }
    var list = document.getElementById("comments");
    if (!list) { return; }
    var item = document.createElement("li");
    item.appendChild(buildComment(c));
    if (c.parent_id) {
      var parent = document.getElementById("c" + c.parent_id);
      var entry = parent && parent.closest(".comment-entry");
      if (!entry) { return; }
      var replies = $(".replies", entry);
      if (!replies) {
        replies = document.createElement("ol");
        replies.className = "replies";
        parent.after(replies);
      }
      replies.appendChild(item);
    } else {
      item.className = "comment-entry";
      list.appendChild(item);
    }
    announce(text.new_comment.replace("{name}", c.author.display_name));
  }

  function updateComment(c) {
    var el = document.getElementById("c" + c.id);
    if (!el) { return; }
    if (isGone(c)) { removeComment(c); return; }
    $(".body", el).innerHTML = c.body_html;
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
    } else {
      entry.remove();
    }
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
      addBanner(data);
      announce(text.warning + ": " + data.title);
    },
    post_updated: updatePost,
    post_removed: function (data) { removeEverywhere(data.id); },
    comment_created: function (data) {
      if (isGone(data)) { return; }
      bumpCommentCount(data.post_id, +1);
      addComment(data);
    },
    comment_updated: updateComment,
    comment_removed: function (data) { bumpCommentCount(data.post_id, -1); removeComment(data); },
    reaction_changed: function (data) { setReactions(data.post_id, data.reactions); },
    rsvp_changed: setRsvp
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

  var bar = document.getElementById("new-posts");
  if (bar) {
    $("button", bar).addEventListener("click", function () { window.location.reload(); });
  }
})();
