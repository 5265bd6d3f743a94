// Show only the fields that belong to the chosen kind of post. Without
// JavaScript every fieldset stays visible and the server ignores the rest.
(function () {
  "use strict";
  var kind = document.getElementById("kind");
  if (!kind) { return; }
  function update() {
    document.querySelectorAll(".kind-fields").forEach(function (set) {
      set.hidden = set.dataset.kinds.split(" ").indexOf(kind.value) === -1;
    });
  }
  kind.addEventListener("change", update);
  update();
})();
