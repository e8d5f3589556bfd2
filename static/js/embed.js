// 电商区域统计看板 — include once on a page that embeds our charts or
// dashboards: <script src="https://<dashboard host>/static/js/embed.js" async></script>
// Every <iframe data-ecomdash-embed src=".../embed/..."> on the page is then
// sized to its content, and resized whenever that changes. Without this
// script the frames still work at the height the page gives them.
(function () {
  'use strict';
  if (window.__ecomdashEmbed) return;
  window.__ecomdashEmbed = true;

  function frames() {
    return document.querySelectorAll('iframe[data-ecomdash-embed]');
  }

  function originOf(frame) {
    try { return new URL(frame.src, document.baseURI).origin; } catch (e) { return null; }
  }

  function greet(frame) {
    var origin = originOf(frame);
    if (origin && frame.contentWindow) frame.contentWindow.postMessage({ ecomdash: 'embed-host' }, origin);
  }

  window.addEventListener('message', function (e) {
    var d = e.data;
    if (!d || d.ecomdash !== 'embed-height' || typeof d.height !== 'number') return;
    var list = frames();
    for (var i = 0; i < list.length; i++) {
      var f = list[i];
      if (f.contentWindow !== e.source || originOf(f) !== e.origin) continue;
      if (!f.hasAttribute('data-ecomdash-sized')) {
        f.setAttribute('data-ecomdash-sized', '');
        greet(f); // first message: tell the frame a host script is here
      }
      f.style.height = Math.max(120, Math.min(20000, Math.ceil(d.height))) + 'px';
    }
  });

  function greetAll() {
    var list = frames();
    for (var i = 0; i < list.length; i++) {
      greet(list[i]);
      list[i].addEventListener('load', function (ev) { greet(ev.target); });
    }
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', greetAll);
  } else {
    greetAll();
  }
})();
