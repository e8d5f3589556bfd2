// 电商区域统计看板 — the 嵌入 / Embed dialog on chart and dashboard pages.
// The button carries data-embed-path ("/embed/charts/ID") and, for charts,
// data-image-path ("/charts/ID.png"). The dialog builds the iframe code (and a
// static <img> fallback for portals that strip iframes), shows a live preview
// and copies the code. Everything is built with DOM properties, never HTML
// strings, so nothing from the page can become markup.
// When the server requires signed embeds (data-embed-signed), the dialog asks
// the admin API to sign the URL with the token the /admin page keeps in this
// tab's sessionStorage; without a token it says so instead of offering code
// that would be refused.
(function () {
  'use strict';
  var btn = document.querySelector('[data-embed-path]');
  var dlg = document.getElementById('embed-dialog');
  if (!btn || !dlg || !dlg.showModal) return;
  var origin = window.location.origin;
  var form = dlg.querySelector('form');
  var code = dlg.querySelector('#embed-code');
  var fallback = dlg.querySelector('#embed-fallback');
  var preview = dlg.querySelector('#embed-preview');
  var status = dlg.querySelector('#embed-status');

  function attr(s) {
    return String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  var signed = btn.getAttribute('data-embed-signed') === '1';
  var signing = 0; // the latest signing request; older answers are dropped

  function adminToken() {
    try { return sessionStorage.getItem('ecomdash-admin-token') || ''; } catch (e) { return ''; }
  }

  // sign asks the admin API for a signed URL of path, then calls done with
  // it (or with '' and a message when it cannot).
  function sign(path, done) {
    var token = adminToken();
    if (!token) { done('', '需要签名链接：请先在本标签页的“数据管理”页面设置管理令牌。'); return; }
    var mine = ++signing;
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/admin/embed-url');
    xhr.setRequestHeader('Authorization', 'Bearer ' + token);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.onload = function () {
      if (mine !== signing) return;
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status === 200 && body.url) done(body.url, '签名链接有效至 ' + (body.expires || '') + '。');
      else done('', '签名失败（' + xhr.status + '）：' + (body.error || '请检查管理令牌。'));
    };
    xhr.onerror = function () { if (mine === signing) done('', '签名失败：无法连接服务器。'); };
    xhr.send(JSON.stringify({ path: path }));
  }

  function update() {
    var params = new URLSearchParams();
    if (form.elements.theme.value === 'dark') params.set('theme', 'dark');
    if (form.elements.transparent.checked) params.set('bg', 'transparent');
    var query = params.toString();
    var base = btn.getAttribute('data-embed-path');
    var path = base + (query ? (base.indexOf('?') < 0 ? '?' : '&') + query : '');
    showImage(); // images need no signature
    if (!signed) { show(origin + path); return; }
    code.value = '';
    sign(path, function (url, message) {
      status.textContent = message;
      if (url) show(origin + url);
    });
  }

  function show(src) {
    var width = form.elements.width.value.trim() || '100%';
    var height = parseInt(form.elements.height.value, 10) || 480;
    var title = btn.getAttribute('data-embed-title') || '';
    code.value = '<iframe data-ecomdash-embed src="' + attr(src) + '" title="' + attr(title) +
      '" style="width:' + attr(/^\d+$/.test(width) ? width + 'px' : width) + ';height:' + height +
      'px;border:0" loading="lazy"></iframe>\n<script src="' + attr(origin + '/static/js/embed.js') + '" async></script>';
    preview.src = src;
    preview.style.height = height + 'px';
  }

  function showImage() {
    var title = btn.getAttribute('data-embed-title') || '';
    var img = btn.getAttribute('data-image-path');
    if (img && fallback) {
      var iq = new URLSearchParams({ width: '1200', height: '675' });
      if (form.elements.theme.value === 'dark') iq.set('theme', 'dark');
      fallback.value = '<a href="' + attr(origin + btn.getAttribute('data-page-path')) + '"><img src="' +
        attr(origin + img + (img.indexOf('?') < 0 ? '?' : '&') + iq.toString()) + '" alt="' + attr(title) + '" style="max-width:100%;height:auto"></a>';
    }
  }

  function copy(from) {
    from.select();
    var done = function () { status.textContent = '已复制'; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(from.value).then(done, function () { document.execCommand('copy'); done(); });
    } else {
      document.execCommand('copy');
      done();
    }
  }

  btn.addEventListener('click', function () { status.textContent = ''; update(); dlg.showModal(); });
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  dlg.querySelector('#embed-copy').addEventListener('click', function () { copy(code); });
  var copyImg = dlg.querySelector('#embed-copy-img');
  if (copyImg) copyImg.addEventListener('click', function () { copy(fallback); });
  dlg.querySelector('#embed-close').addEventListener('click', function () { dlg.close(); });
})();
