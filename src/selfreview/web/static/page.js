/* selfreview review page: keep the selected unit in view; keys a (approve), s (save), d (reject), j/k (next/previous unit). */
(function () {
  function reveal() {
    var selected = document.querySelector(".unit.selected");
    if (selected) { selected.scrollIntoView({ block: "nearest" }); }
  }
  function press(action) {
    var button = document.querySelector('#panel button[value="' + action + '"]');
    if (button) { button.click(); }
  }
  function step(delta) {
    var units = Array.prototype.slice.call(document.querySelectorAll(".unit"));
    var index = units.indexOf(document.querySelector(".unit.selected"));
    var next = units[index + delta];
    if (next) { next.click(); }
  }
  document.addEventListener("DOMContentLoaded", reveal);
  document.addEventListener("htmx:afterSettle", reveal);
  document.addEventListener("keydown", function (event) {
    var tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "a") { press("approve"); }
    else if (event.key === "s") { press("edit"); }
    else if (event.key === "d") { press("reject"); }
    else if (event.key === "j") { step(1); }
    else if (event.key === "k") { step(-1); }
  });
})();
