// Attempt page: autosave of each answer, a summary of unanswered questions before submitting, and the
// countdown to the server's deadline. The server enforces the limit and grades what was saved before it
// if this page never submits (closed tab, sleeping laptop); this script only keeps the saved copy fresh.
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) return;
  var saveUrl = form.getAttribute("data-save-url"); // ends with "answers/0/": the question id replaces 0
  var statusBox = document.getElementById("save-status");
  var countBox = document.getElementById("answered-count");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  var dirty = {}; // question id -> true while its latest answer is not on the server
  var timers = {};
  var inflight = 0;
  var busy = {}; // question id -> a save is on its way (one at a time per question, so the last one wins)
  var closed = false; // the server refuses saves (time is up or already submitted)
  var submitted = false;

  function text(name) { return statusBox ? statusBox.getAttribute("data-" + name) : ""; }

  function questions() { return form.querySelectorAll("fieldset.question[data-question]"); }

  function answerOf(fieldset) {
    var type = fieldset.getAttribute("data-type");
    var name = "q" + fieldset.getAttribute("data-question");
    var i;
    if (type === "matching") {
      var pairs = {}, any = false, selects = fieldset.querySelectorAll("select");
      for (i = 0; i < selects.length; i++) {
        if (selects[i].value) { pairs[selects[i].name.slice(name.length + 1)] = selects[i].value; any = true; }
      }
      return any ? pairs : null;
    }
    if (type === "cloze") {
      var input = fieldset.querySelector("input[type=text]");
      var value = input ? input.value.trim() : "";
      return value || null;
    }
    var picked = [], inputs = fieldset.querySelectorAll("input[name='" + name + "']");
    for (i = 0; i < inputs.length; i++) if (inputs[i].checked) picked.push(inputs[i].value);
    if (type === "multi_select") return picked.length ? picked : null;
    return picked.length ? picked[0] : null;
  }

  function locked(fieldset) { return fieldset.classList.contains("checked"); }

  function showStatus() {
    if (!statusBox) return;
    var pending = Object.keys(dirty).length;
    var state, label;
    if (closed) { state = "closed"; label = text("closed"); }
    else if (pending && !navigator.onLine) { state = "offline"; label = text("offline"); }
    else if (pending || inflight) { state = "saving"; label = text("saving"); }
    else { state = "saved"; label = text("saved"); }
    statusBox.setAttribute("data-state", state);
    statusBox.textContent = label;
  }

  function showCount() {
    if (!countBox) return;
    var all = questions(), done = 0;
    for (var i = 0; i < all.length; i++) if (locked(all[i]) || answerOf(all[i]) !== null) done++;
    countBox.textContent = countBox.getAttribute("data-template").replace("%(done)s", done).replace("%(total)s", all.length);
  }

  function save(id) {
    var fieldset = document.getElementById("question-" + id);
    if (!fieldset || locked(fieldset) || closed) { delete dirty[id]; showStatus(); return; }
    if (!navigator.onLine || busy[id]) { showStatus(); return; }
    var answer = answerOf(fieldset);
    busy[id] = true;
    var failed = false;
    inflight++;
    delete dirty[id];
    showStatus();
    fetch(saveUrl.replace(/answers\/0\/$/, "answers/" + id + "/"), {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "", "Accept": "application/json" },
      body: JSON.stringify({ answer: answer })
    }).then(function (response) {
      if (response.status === 409) { closed = true; return; }
      if (!response.ok && response.status >= 500) { dirty[id] = true; failed = true; } // again in 30 s
      if (response.ok) fieldset.setAttribute("data-saved", "1");
    }).catch(function () {
      dirty[id] = true; // offline or the server is unreachable: resent when the connection returns
      failed = true;
    }).then(function () {
      inflight--;
      busy[id] = false;
      if (dirty[id] && !failed && !closed) save(id); // changed while this save was on its way
      showStatus();
    });
  }

  function changed(event) {
    var fieldset = event.target.closest && event.target.closest("fieldset.question[data-question]");
    if (!fieldset || locked(fieldset)) return;
    var id = fieldset.getAttribute("data-question");
    dirty[id] = true;
    fieldset.removeAttribute("data-saved");
    showStatus();
    showCount();
    window.clearTimeout(timers[id]);
    timers[id] = window.setTimeout(function () { save(id); }, event.type === "input" ? 800 : 250);
    hideSummary();
  }

  function flush() { Object.keys(dirty).forEach(save); }

  if (saveUrl) {
    form.addEventListener("change", changed);
    form.addEventListener("input", changed);
    window.addEventListener("online", function () { showStatus(); flush(); });
    window.addEventListener("offline", showStatus);
    window.setInterval(flush, 30000); // at least every 30 s, whatever the debounce missed
    window.addEventListener("beforeunload", function (event) {
      if (!submitted && Object.keys(dirty).length) { flush(); event.preventDefault(); event.returnValue = ""; }
    });
  }

  // ---- unanswered questions before submitting
  var summary = document.getElementById("unanswered-summary");
  var confirmed = false;
  function hideSummary() { if (summary) summary.hidden = true; }
  form.addEventListener("submit", function (event) {
    if (confirmed || !summary) { submitted = true; return; }
    var missing = [], all = questions();
    for (var i = 0; i < all.length; i++) if (!locked(all[i]) && answerOf(all[i]) === null) missing.push(all[i]);
    if (!missing.length) { submitted = true; return; }
    event.preventDefault();
    var list = summary.querySelector("ul");
    list.innerHTML = "";
    missing.forEach(function (fieldset) {
      var item = document.createElement("li"), link = document.createElement("a");
      link.href = "#" + fieldset.id;
      link.textContent = fieldset.querySelector(".qnum").textContent;
      item.appendChild(link);
      list.appendChild(item);
    });
    summary.querySelector(".unanswered-count").textContent = missing.length;
    summary.hidden = false;
    summary.focus();
  });
  var anyway = document.getElementById("submit-anyway");
  if (anyway) anyway.addEventListener("click", function () {
    confirmed = true;
    submitted = true;
    form.requestSubmit ? form.requestSubmit() : form.submit();
  });
  var back = document.getElementById("keep-answering");
  if (back) back.addEventListener("click", function () {
    hideSummary();
    var first = summary.querySelector("a");
    var target = first && document.querySelector(first.getAttribute("href"));
    var input = target && target.querySelector("input, select");
    if (input) input.focus();
  });

  showStatus();
  showCount();

  // ---- countdown
  var timer = document.querySelector(".timer[data-deadline]");
  if (!timer) return;
  var deadline = Date.parse(timer.getAttribute("data-deadline"));
  var out = document.getElementById("time-left");
  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    var m = Math.floor(left / 60), s = left % 60;
    out.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    if (left <= 60) timer.classList.add("low");
    if (left === 0 && !submitted) {
      submitted = true;
      confirmed = true;
      form.submit();
      return;
    }
    if (left > 0) window.setTimeout(tick, 1000);
  }
  tick();
})();
