/* The stellingen card: arrow keys and swiping press the card's own buttons (which work without this script,
   with a screen reader and with Tab and Enter). Left: oneens, right: eens, down: pas. The keys act while the
   focus is in the card (so they never take over scrolling the page); after a vote the next card has the focus. */
(function () {
  "use strict";
  var card = document.querySelector("[data-statement-card]");
  if (!card) { return; }
  function press(key) {
    var button = card.querySelector('button[data-key="' + key + '"]');
    if (button) { button.click(); }
  }
  if (window.location.hash === "#kaart") { card.focus(); }
  card.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (event.key === "ArrowLeft" || event.key === "ArrowRight" || event.key === "ArrowDown") {
      event.preventDefault();
      press(event.key);
    }
  });
  var startX = null, startY = null;
  card.addEventListener("pointerdown", function (event) { startX = event.clientX; startY = event.clientY; });
  card.addEventListener("pointerup", function (event) {
    if (startX === null) { return; }
    var dx = event.clientX - startX, dy = event.clientY - startY;
    startX = null;
    if (Math.abs(dx) > 80 && Math.abs(dx) > 2 * Math.abs(dy)) { press(dx > 0 ? "ArrowRight" : "ArrowLeft"); }
  });
}());
