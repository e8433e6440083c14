// Learn mode, keyboard first: 1-9 pick a choice (a one-answer question is checked at once), Enter checks or
// continues; on a card Space shows the answer and 1-4 rate it. The page works without it (plain forms).
(function () {
  "use strict";

  function form() {
    return document.getElementById("learn-item");
  }

  function flip(f) {
    var back = f.querySelector(".learn-back");
    if (!back || !back.hidden) return false;
    back.hidden = false;
    f.querySelector('[data-action="flip"]').hidden = true;
    f.querySelector(".learn-rate").hidden = false;
    return true;
  }

  function submit(f) {
    if (f.dataset.sent === "true") return;
    f.dataset.sent = "true"; // one answer per item, even if the key repeats before the page changes
    f.requestSubmit ? f.requestSubmit() : f.submit();
  }

  document.addEventListener("click", function (event) {
    var f = form();
    if (f && event.target.closest('[data-action="flip"]')) flip(f);
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var tag = (event.target.tagName || "").toLowerCase();
    var f = form();
    if (!f) {
      var next = document.getElementById("learn-continue");
      if (next && event.key === "Enter" && tag !== "a") {
        event.preventDefault();
        next.click();
      }
      return;
    }
    if (tag === "select" && event.key === "Enter") {
      // A matching question is answered in selects: Enter there checks it, as it does in a text field.
      event.preventDefault();
      submit(f);
      return;
    }
    if (tag === "textarea" || tag === "select" || (tag === "input" && event.target.type === "text")) return;
    if (f.dataset.kind === "card") {
      if (event.key === " ") {
        event.preventDefault();
        flip(f);
      } else if (/^[1-4]$/.test(event.key)) {
        var rate = f.querySelector('.learn-rate:not([hidden]) [data-key="' + event.key + '"]');
        if (rate) {
          event.preventDefault();
          rate.click();
        }
      }
      return;
    }
    if (/^[1-9]$/.test(event.key)) {
      var input = f.querySelector('input[data-key="' + event.key + '"]');
      if (!input) return;
      event.preventDefault();
      input.focus();
      if (input.type === "checkbox") {
        input.checked = !input.checked;
      } else {
        input.checked = true;
        submit(f);
      }
    } else if (event.key === "Enter") {
      event.preventDefault();
      submit(f);
    }
  });
})();
