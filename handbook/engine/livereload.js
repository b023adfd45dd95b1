// Live reload for `handbook serve`: MkDocs' own poller, loaded from the preview server
// instead of written inline, so the pages' Content-Security-Policy ('self') allows it.
(function () {
  "use strict";
  var me = document.currentScript;
  var epoch = Number(me.getAttribute("data-epoch"));
  var requestId = me.getAttribute("data-request");
  var req, timer;

  function poll() {
    req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else {
        timer = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    req.open("GET", "/livereload/" + epoch + "/" + requestId);
    req.send();
  }

  function stop() {
    if (req) req.abort();
    if (timer) clearTimeout(timer);
    req = timer = undefined;
  }

  window.addEventListener("load", function () {
    if (document.visibilityState === "visible") poll();
  });
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") poll();
    else stop();
  });
  window.addEventListener("beforeunload", stop);
})();
