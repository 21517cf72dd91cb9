/* selfreview page script: the terminal review's keys on the review page, the drop area
   and the drafting progress on the start page. Everything works without it too (plain
   forms and links); it only adds keys, drag and drop, and keeps the selected unit in view.

   Keys (as in draft review): a approve, e edit in place (Ctrl+Enter saves), s save the
   edit, d reject (asks for the reason; Enter rejects), c comment (Enter records it),
   u back to pending, g regenerate, n add, m move, l relink, j / k next / previous unit,
   p next pending unit, ? every key, Esc leaves a field. */
(function () {
  "use strict";

  function $(selector) { return document.querySelector(selector); }

  function reveal() {
    var selected = $(".unit.selected");
    if (selected) { selected.scrollIntoView({ block: "nearest" }); }
    var built = $(".build[data-focus]");  // after 生成: its outcome, at the panel's foot
    if (built) { built.scrollIntoView({ block: "end" }); }
  }

  function say(text) {
    var where = $("#keynote");
    if (where) { where.textContent = text; }
  }

  function press(action) {
    var button = $('#panel button[value="' + action + '"]');
    if (button) { button.click(); return true; }
    return false;
  }

  function focusField(field, intent, hint) {
    if (!field) { return false; }
    if (field.closest("details")) { field.closest("details").open = true; }
    if (intent) { field.dataset.intent = intent; }
    if (hint) { field.placeholder = hint; }
    field.focus();
    if (field.setSelectionRange && typeof field.value === "string") {
      field.setSelectionRange(field.value.length, field.value.length);
    }
    return true;
  }

  function step(delta) {
    var units = Array.prototype.slice.call(document.querySelectorAll(".unit"));
    var next = units[units.indexOf($(".unit.selected")) + delta];
    if (next) { next.click(); }
  }

  function nextPending() {
    var units = Array.prototype.slice.call(document.querySelectorAll(".unit"));
    var here = units.indexOf($(".unit.selected"));
    var later = units.slice(here + 1).concat(units.slice(0, here + 1));
    var found = later.filter(function (u) { return u.classList.contains("pending"); })[0];
    if (found) { found.click(); } else { say("没有待定的内容了。"); }
  }

  function reject() {
    var reason = $("#panel input[name=comment]");
    if (!$('#panel button[value="reject"]')) { say("这一项不能删除（标题只能修改）。"); return; }
    if (reason && reason.value.trim()) { press("reject"); return; }
    focusField(reason, "reject", "删除理由（写好后按回车删除，Esc 取消）");
    say("请写删除理由，按回车删除。");
  }

  var KEYS = {
    a: function () { press("approve"); },
    e: function () { focusField($("#panel form.edit textarea")); say("修改后按 Ctrl+回车 保存并确认，Esc 离开输入框。"); },
    i: function () { KEYS.e(); },
    s: function () { press("edit"); },
    d: reject,
    c: function () { focusField($("#panel input[name=comment]"), "comment", "备注（按回车保存，本条状态不变）"); },
    u: function () { if (!press("reset")) { say("这一项本来就是待定。"); } },
    g: function () {
      if (!focusField($("#panel input[name=instruction]"))) { say("这份草稿是离线起草的：重新生成需要模型。"); }
    },
    n: function () { focusField($("#panel form.add input[name=f_headline]")); },
    m: function () {
      if (!focusField($("#move-position"))) { say("这一项不能移动。"); }
    },
    l: function () {
      if (!focusField($("#relink-links"))) { say("这一项没有引用。"); }
    },
    j: function () { step(1); },
    k: function () { step(-1); },
    p: nextPending,
    "?": function () { var keys = $("#keys"); if (keys) { keys.open = !keys.open; } }
  };

  function onKey(event) {
    var target = event.target;
    var tag = target && target.tagName;
    var typing = tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
    if (typing) {
      if (event.key === "Escape") { target.blur(); return; }
      if (event.key === "Enter" && target.name === "comment" && target.closest("#panel")) {
        // the reason or comment field: Enter does what d or c asked for, never approve
        event.preventDefault();
        press(target.dataset.intent === "reject" ? "reject" : "comment");
        return;
      }
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && tag === "TEXTAREA" &&
          target.closest("#panel form.edit")) {
        event.preventDefault();
        press("edit");
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || !$("#panel")) { return; }
    var handler = KEYS[event.key];
    if (handler) { event.preventDefault(); handler(); }
  }

  /* the start page: files dropped anywhere on it go through the upload form (same
     server-side limits as the file chooser) */
  function hasFiles(event) {
    return event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0;
  }
  function onDragOver(event) {
    if (!$("form.upload") || !hasFiles(event)) { return; }
    event.preventDefault();
    if ($("#drop")) { $("#drop").classList.add("over"); }
  }
  function onDragLeave() { if ($("#drop")) { $("#drop").classList.remove("over"); } }
  function onDrop(event) {
    var form = $("form.upload");
    if (!form || !event.dataTransfer || !event.dataTransfer.files.length) { return; }
    event.preventDefault();
    onDragLeave();
    form.querySelector("input[type=file]").files = event.dataTransfer.files;
    upload(form);
  }
  function upload(form) {
    var zone = $("#drop");
    if (zone) { zone.classList.add("busy"); zone.querySelector(".what").textContent = "正在上传……"; }
    form.submit();
  }
  function dropInit() {
    var form = $("form.upload");
    if (!form || form.dataset.dropReady) { return; }
    form.dataset.dropReady = "1";
    var input = form.querySelector("input[type=file]");
    var zone = $("#drop");
    if (zone) {
      zone.addEventListener("click", function (event) { if (!event.target.closest("label")) { input.click(); } });
      zone.addEventListener("keydown", function (event) { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); input.click(); } });
    }
    input.addEventListener("change", function () { if (input.files.length) { upload(form); } });
  }

  function ready() { reveal(); dropInit(); }

  document.addEventListener("DOMContentLoaded", ready);
  document.addEventListener("htmx:afterSettle", ready);
  document.addEventListener("keydown", onKey);
  document.addEventListener("dragover", onDragOver);
  document.addEventListener("dragleave", onDragLeave);
  document.addEventListener("drop", onDrop);
})();
