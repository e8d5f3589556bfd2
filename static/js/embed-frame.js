// 电商区域统计看板 — runs inside an embed frame (/embed/...).
//
// Protocol (all messages are plain objects with an "ecomdash" field):
//   frame → host  {ecomdash: "embed-height", id: "<chart:ID|dashboard:ID>", height: <px>}
//                 sent on load and whenever the content height changes.
//   host → frame  {ecomdash: "embed-host"}: the host runs embed.js and will size
//                 the frame; the frame switches to its natural height (no longer
//                 filling a fixed-height frame) and reports it.
// Any other message is ignored. The frame sets no cookies and reads none.
(function () {
  'use strict';
  var id = document.body.getAttribute('data-embed-id') || '';
  var last = 0;

  function report() {
    var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (h === last || window.parent === window) return;
    last = h;
    window.parent.postMessage({ ecomdash: 'embed-height', id: id, height: h }, '*');
  }

  window.addEventListener('message', function (e) {
    if (e.source !== window.parent || !e.data || e.data.ecomdash !== 'embed-host') return;
    if (!document.documentElement.classList.contains('auto-height')) {
      document.documentElement.classList.add('auto-height');
    }
    last = 0;
    report();
  });

  if (window.ResizeObserver) {
    new ResizeObserver(report).observe(document.documentElement);
  }
  window.addEventListener('load', report);
  report();
})();
