// 电商区域统计看板 — the comparison builder (/compare).
// The form works without this script: it is a GET form whose fields are the
// chart grammar's keys. With it, the pickers add codes to the text fields,
// and any change applies at once: the address becomes /compare?<state>, so
// copying it reproduces the chart, and the page shows the new chart.
(function () {
  'use strict';
  var form = document.getElementById('compare-form');
  if (!form) return;

  // state is the form's chart state as a query string, in the grammar's
  // key order, empty fields left out (as the server writes it).
  function state() {
    var parts = [];
    ['metrics', 'regions', 'periods', 'type'].forEach(function (key) {
      var el = form.elements[key];
      var v = el ? String(el.value).replace(/\s+/g, '') : '';
      if (key === 'periods' && v === 'all') v = '';
      if (key === 'type' && v === 'bar') v = '';
      if (v) parts.push(key + '=' + encodeURIComponent(v).replace(/%2C/gi, ',').replace(/%3A/gi, ':'));
    });
    // options the page was opened with (sort, focus, scale …) are kept
    var now = new URLSearchParams(window.location.search);
    ['axis', 'sort', 'focus', 'ref', 'annotate', 'labels', 'stack', 'legend', 'derive', 'theme'].forEach(function (key) {
      if (now.get(key)) parts.push(key + '=' + encodeURIComponent(now.get(key)).replace(/%2C/gi, ',').replace(/%3A/gi, ':'));
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
