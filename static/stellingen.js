/* The stellingen card: arrow keys and swiping press the card's own buttons (which work without this script,
   with a screen reader and with Tab and Enter). Left: oneens, right: eens, down: pas. The keys act while the
   focus is in the card (so they never take over scrolling the page); after a vote the next card has the focus.
   The handlers sit on the document, so a card that arrives live (participation_live.js) works the same. */
(function () {
  "use strict";
  function cardOf(event) { return event.target.closest && event.target.closest("[data-statement-card]"); }
  function press(card, key) {
    var button = card.querySelector('button[data-key="' + key + '"]');
    if (button) { button.click(); }
  }
  var first = document.querySelector("[data-statement-card]");
  if (first && window.location.hash === "#kaart") { first.focus(); }
  document.addEventListener("keydown", function (event) {
    var card = cardOf(event);
    if (!card || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (event.key === "ArrowLeft" || event.key === "ArrowRight" || event.key === "ArrowDown") {
      event.preventDefault();
      press(card, event.key);
    }
  });
  var startX = null, startY = null;
  document.addEventListener("pointerdown", function (event) {
    if (cardOf(event)) { startX = event.clientX; startY = event.clientY; }
  });
  document.addEventListener("pointerup", function (event) {
    var card = cardOf(event);
    if (startX === null || !card) { startX = null; return; }
    var dx = event.clientX - startX, dy = event.clientY - startY;
    startX = null;
    if (Math.abs(dx) > 80 && Math.abs(dx) > 2 * Math.abs(dy)) { press(card, dx > 0 ? "ArrowRight" : "ArrowLeft"); }
  });
}());
