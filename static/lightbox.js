// The post page's lightbox: every link marked data-lightbox (the post's photos, then its comments') opens the
// photo large in a modal dialog. Keyboard: Enter on a photo opens it, Left/Right (and Home/End) move, Escape
// closes; focus stays in the dialog while it is open and goes back to the photo after. Without JavaScript
// each link simply opens the largest file.
(function () {
  "use strict";
  var dialog = document.getElementById("lightbox");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var img = dialog.querySelector("img");
  var caption = dialog.querySelector("figcaption");
  var counter = dialog.querySelector("[data-counter]");
  var prev = dialog.querySelector("[data-prev]");
  var next = dialog.querySelector("[data-next]");
  var links = [];
  var index = 0;
  var opener = null;

  function show(i) {
    index = (i + links.length) % links.length;
    var link = links[index];
    var thumb = link.querySelector("img");
    img.removeAttribute("srcset");
    img.src = link.href;
    if (thumb && thumb.getAttribute("srcset")) {
      img.srcset = thumb.getAttribute("srcset");
      img.sizes = "100vw";
    }
    img.alt = link.dataset.caption || "";
    if (thumb) {  // the largest size's dimensions: the box has its shape before the file arrives
      img.setAttribute("width", thumb.getAttribute("width"));
      img.setAttribute("height", thumb.getAttribute("height"));
    }
    caption.textContent = link.dataset.caption || "";
    counter.textContent = counter.dataset.template.replace("{n}", index + 1).replace("{total}", links.length);
    prev.hidden = next.hidden = links.length < 2;
  }

  function open(link) {
    links = Array.prototype.slice.call(document.querySelectorAll("a[data-lightbox]"));
    opener = link;
    show(links.indexOf(link));
    dialog.showModal();
    dialog.querySelector("[data-close]").focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-lightbox]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
    event.preventDefault();
    open(link);
  });
  prev.addEventListener("click", function () { show(index - 1); });
  next.addEventListener("click", function () { show(index + 1); });
  dialog.querySelector("[data-close]").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) { dialog.close(); }  // a click on the backdrop
  });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "Tab") {  // round and round the dialog's buttons, never out to the page behind it
      var buttons = Array.prototype.filter.call(dialog.querySelectorAll("button"), function (b) { return !b.hidden; });
      var first = buttons[0], last = buttons[buttons.length - 1];
      if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
      else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
      return;
    }
    var moves = {ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: links.length - 1};
    if (event.key in moves && links.length > 1) {
      event.preventDefault();
      show(moves[event.key]);
    }
  });
  dialog.addEventListener("close", function () {
    img.removeAttribute("src");
    img.removeAttribute("srcset");
    if (opener) { opener.focus(); }
  });

  var target = location.hash && document.getElementById(location.hash.slice(1));
  if (target && target.hasAttribute("data-lightbox")) { open(target); }
})();
