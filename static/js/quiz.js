// Attempt page: countdown to the server's deadline, then submit what is filled in.
// The server enforces the limit itself; this only helps the student not to lose their answers.
(function () {
  "use strict";
  var timer = document.querySelector(".timer[data-deadline]");
  var form = document.getElementById("attempt-form");
  if (!timer || !form) return;
  var deadline = Date.parse(timer.getAttribute("data-deadline"));
  var out = document.getElementById("time-left");
  var submitted = false;
  form.addEventListener("submit", function () { submitted = true; });
  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    var m = Math.floor(left / 60), s = left % 60;
    out.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    if (left <= 60) timer.classList.add("low");
    if (left === 0 && !submitted) {
      submitted = true;
      form.submit();
      return;
    }
    if (left > 0) window.setTimeout(tick, 1000);
  }
  tick();
})();
