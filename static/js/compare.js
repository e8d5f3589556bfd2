// 电商区域统计看板 — the comparison builder (/compare).
// The form works without this script: it is a GET form whose fields are the
// chart grammar's keys. With it, the pickers add codes to the text fields,
// and any change applies at once: the address becomes /compare?<state>, so
// copying it reproduces the chart, and the page shows the new chart.
// The grammar is the server's (charts/state): the page hands it over in
// #compare-grammar, with the keys in order, their defaults and values, the
// canonical state shown, and the view parameters to keep.
(function () {
  'use strict';
  var form = document.getElementById('compare-form');
  var data = document.getElementById('compare-grammar');
  if (!form || !data) return;
  var grammar = JSON.parse(data.textContent);
  var shown = new URLSearchParams(grammar.state);

  // readable writes a value as the server does: commas and colons unescaped.
  function readable(v) {
    return encodeURIComponent(v).replace(/%2C/gi, ',').replace(/%3A/gi, ':');
  }

  // state is the chart state as a query string, in the grammar's key
  // order, defaults left out (as the server writes it): the form's fields,
  // and for the keys without one (sort, focus …) the state shown. The view
  // the page was opened with (theme) is kept.
  function state() {
    var parts = [];
    grammar.keys.forEach(function (k) {
      var el = form.elements[k.key];
      var v = el ? String(el.value).replace(/\s+/g, '') : (shown.get(k.key) || '');
      if (v === (k.default || '')) v = '';
      if (v) parts.push(k.key + '=' + readable(v));
    });
    var now = new URLSearchParams(window.location.search);
    grammar.view.forEach(function (key) {
      if (now.get(key)) parts.push(key + '=' + readable(now.get(key)));
    });
    return parts.join('&');
  }

  // The size of the chart a state would draw, asked of the server
  // (/api/compare/size counts it without reading a figure) and shown under
  // the form before anything is drawn: the count, or which limit it passes
  // and what to narrow. then(drawable) follows; a failed question (an old
  // server, the network) counts as drawable: the page itself says why not.
  var sizeBox = document.getElementById('compare-size');
  var asked = 0;
  function measure(query, then) {
    var ticket = ++asked;
    var xhr = new XMLHttpRequest();
    xhr.open('GET', '/api/compare/size?' + query);
    xhr.onload = function () {
      if (ticket !== asked) return; // a later question is on its way
      var r = null;
      try { r = JSON.parse(xhr.responseText); } catch (e) { r = null; }
      if (!r || (xhr.status >= 500)) { then(true); return; }
      var problem = r.problem || (xhr.status >= 400 ? r.error : '');
      if (sizeBox) {
        sizeBox.hidden = false;
        sizeBox.textContent = problem ? '无法绘制：' + problem : r.summary;
        sizeBox.className = 'compare-size small ' + (problem ? 'problem' : 'muted');
      }
      then(!problem);
    };
    xhr.onerror = function () { if (ticket === asked) then(true); };
    xhr.send();
  }

  function apply() {
    var query = state();
    var next = '/compare?' + query;
    if (next === window.location.pathname + window.location.search) return;
    measure(query, function (drawable) {
      if (drawable) window.location.assign(next); // the server draws the new state; the address is the state
    });
  }

  // typing in a field shows the size as it would be, without drawing
  var typing = null;
  function remeasure() {
    if (typing) window.clearTimeout(typing);
    typing = window.setTimeout(function () { measure(state(), function () {}); }, 400);
  }

  function add(field, value) {
    var el = form.elements[field];
    var items = String(el.value).split(',').map(function (s) { return s.trim(); }).filter(Boolean);
    if (items.indexOf(value) < 0) items.push(value);
    el.value = items.join(',');
    apply();
  }

  var buttons = form.querySelectorAll('[data-add]');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener('click', function (e) {
      var field = e.currentTarget.getAttribute('data-add');
      var kind = e.currentTarget.getAttribute('data-kind');
      var picker = document.getElementById(field === 'metrics' ? 'compare-metric-picker' : 'compare-region-picker');
      add(field, kind ? kind + ':' + picker.value : picker.value);
    });
  }
  form.elements.type.addEventListener('change', apply);
  ['metrics', 'regions', 'periods'].forEach(function (key) {
    form.elements[key].addEventListener('change', apply);
    form.elements[key].addEventListener('input', remeasure);
  });
  if (grammar.state) measure(grammar.state, function () {}); // the size of the chart shown
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
})();
