// Flashcard review, keyboard first: Space shows the answer, 1-4 rate, U undoes the last rating.
// The review region is swapped by htmx after each rating, so everything is looked up at key time.
(function () {
  "use strict";

  function flip() {
    var card = document.querySelector("#review .fc-card[data-card]");
    if (!card || card.dataset.flipped === "true") return false;
    card.dataset.flipped = "true";
    card.querySelector(".fc-back").hidden = false;
    card.querySelector(".fc-flip").hidden = true;
    var form = card.querySelector(".fc-rate");
    form.hidden = false;
    return true;
  }

  function rate(key) {
    var card = document.querySelector('#review .fc-card[data-flipped="true"]');
    if (!card || card.dataset.sent === "true") return;
    var button = card.querySelector('.fc-rating[data-key="' + key + '"]');
    if (button) {
      card.dataset.sent = "true"; // one rating per card, even if the key repeats before the swap
      button.click();
    }
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest('[data-action="flip"]')) flip();
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    if (event.key === " ") {
      // Space never activates a focused button here: it only ever flips the card.
      event.preventDefault();
      flip();
    } else if (/^[1-4]$/.test(event.key)) {
      event.preventDefault();
      rate(event.key);
    } else if (event.key === "u" || event.key === "U") {
      var undo = document.querySelector('#review [data-action="undo"]');
      if (undo) {
        event.preventDefault();
        undo.click();
      }
    }
  });

  document.body.addEventListener("htmx:afterSwap", function () {
    var front = document.querySelector("#review .fc-flip");
    if (front) front.focus({ preventScroll: true });
  });
})();
