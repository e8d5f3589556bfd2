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

  function apply() {
    var next = '/compare?' + state();
    if (next === window.location.pathname + window.location.search) return;
    window.location.assign(next); // the server draws the new state; the address is the state
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
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
})();
