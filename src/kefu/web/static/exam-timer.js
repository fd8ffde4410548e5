// An exam sitting's countdown: shows the time left and hands the answers in when it runs out.
(function () {
  "use strict";
  var timer = document.getElementById("exam-timer");
  var shown = document.getElementById("exam-countdown");
  if (!timer || !shown) return;
  var ends = Date.now() + Number(timer.dataset.secondsLeft) * 1000;
  var handedIn = false;
  function tick() {
    var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
    var minutes = Math.floor(left / 60), seconds = left % 60;
    shown.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    if (left === 0 && !handedIn) {
      handedIn = true;
      document.getElementById("exam-hand-in").click();
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
