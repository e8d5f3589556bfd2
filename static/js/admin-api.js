// 电商区域统计看板 · the admin API client shared by /admin and the
// comparison page's save form. The token is kept in sessionStorage only
// (gone when the tab closes) and sent as "Authorization: Bearer …".
// Everything the server returns is shown with textContent, never as HTML.
(function () {
  'use strict';
  var KEY = 'ecomdash-admin-token';

  function token() {
    try { return sessionStorage.getItem(KEY) || ''; } catch (e) { return ''; }
  }
  function setToken(v) {
    try {
      if (v) sessionStorage.setItem(KEY, v); else sessionStorage.removeItem(KEY);
    } catch (e) { /* storage disabled */ }
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function message(box, text, kind) {
    box.textContent = '';
    box.appendChild(el('p', text, 'admin-msg' + (kind ? ' ' + kind : '')));
  }
  // call sends a request; a body that is not a string, Blob or FormData is
  // sent as JSON (FormData goes as multipart, the browser setting its type).
  function call(method, url, body, contentType) {
    var headers = { 'Authorization': 'Bearer ' + token() };
    if (body != null && typeof body !== 'string' && !(body instanceof Blob) && !(window.FormData && body instanceof FormData)) {
      body = JSON.stringify(body);
      contentType = 'application/json';
    }
    if (contentType) headers['Content-Type'] = contentType;
    return fetch(url, { method: method, headers: headers, body: body, credentials: 'same-origin' }).then(function (resp) {
      return resp.json().catch(function () { return {}; }).then(function (data) {
        return { status: resp.status, data: data };
      });
    });
  }
  // problem describes a failed answer: the server's error and its field errors.
  function problem(r) {
    if (r.status === 401) return '令牌无效或未填写 (401)。';
    var d = r.data || {};
    var text = d.error || ('请求失败 (' + r.status + ')');
    if (d.fields) {
      Object.keys(d.fields).sort().forEach(function (f) { text += '；' + f + '：' + d.fields[f]; });
    }
    return text;
  }
  window.EcomdashAdmin = { token: token, setToken: setToken, el: el, message: message, call: call, problem: problem };
}());
