// 电商区域统计看板 — the comparison builder (/compare).
// The page shows names, never codes: metrics as ticks grouped by topic,
// regions as a tree with a search over every region, periods as 全部 / 最新 /
// a range, and how the chart is drawn as labelled buttons. Without this
// script the form is a plain GET form (ticked boxes and buttons whose values
// are codes; the server turns it into the state). With it, any change
// applies at once: the address becomes /compare?<state>, so copying it
// reproduces the chart, and the page shows the new chart; the control that
// was used keeps the focus on the new page. The state's codes are shown
// only in the 高级 section, as editable text.
// The grammar is the server's (charts/state): the page hands it over in
// #compare-grammar, with the keys in order, their defaults and values, the
// canonical state shown, and the view parameters to keep.
(function () {
  'use strict';
  var form = document.getElementById('compare-form');
  var data = document.getElementById('compare-grammar');
  if (!form || !data) return;
  var grammar = JSON.parse(data.textContent);
  var cur = {}; // key → value, as the grammar writes it
  grammar.state.split('&').forEach(function (part) {
    if (!part) return;
    var i = part.indexOf('=');
    var key = decodeURIComponent(part.slice(0, i));
    cur[key] = decodeURIComponent(part.slice(i + 1).replace(/\+/g, ' '));
  });
  // The metric picker's counts of regions and periods with figures, when
  // the page came without them (the server counts them once per data
  // version, in the background, and never holds a page for it).
  var uncounted = form.querySelectorAll('[data-uncounted]');
  if (uncounted.length) {
    var cx = new XMLHttpRequest();
    cx.open('GET', '/api/compare/metric-counts');
    cx.onload = function () {
      var counts = null;
      try { counts = cx.status === 200 ? JSON.parse(cx.responseText) : null; } catch (e) { counts = null; }
      if (!counts) return;
      for (var i = 0; i < uncounted.length; i++) {
        var el = uncounted[i];
        var c = counts[el.getAttribute('data-uncounted')] || [0, 0];
        el.textContent = el.getAttribute('data-unit') + ' · ' + c[0] + ' 个地区 · ' + c[1] + ' 个时期';
        el.removeAttribute('data-uncounted');
      }
    };
    cx.send();
  }

  function split(v) { return v ? String(v).split(',').filter(Boolean) : []; }
  var metrics = split(cur.metrics);
  var regions = split(cur.regions);

  // names of metrics and regions, from the page and from searches
  var names = {};
  var parents = {};
  function learn(list) {
    for (var i = 0; i < list.length; i++) {
      var el = list[i];
      if (el.getAttribute('data-name')) names[el.value] = el.getAttribute('data-name');
      if (el.getAttribute('data-parent')) parents[el.value] = el.getAttribute('data-parent');
    }
  }
  learn(form.querySelectorAll('input[data-name]'));
  var kinds = { children: '%s的下级地区', siblings: '%s及其同级地区', parent: '%s的上级地区' };
  var itemLabels = {};
  var chips = form.querySelectorAll('#chosen-regions [data-value], #chosen-metrics [data-value]');
  for (var c = 0; c < chips.length; c++) itemLabels[chips[c].getAttribute('data-value')] = chips[c].getAttribute('data-label');
  function label(item) {
    var i = item.indexOf(':');
    if (i < 0) return names[item] || itemLabels[item] || item;
    var base = names[item.slice(i + 1)];
    if (base && kinds[item.slice(0, i)]) return kinds[item.slice(0, i)].replace('%s', base);
    return itemLabels[item] || item;
  }

  // readable writes a value as the server does: commas and colons unescaped.
  function readable(v) {
    return encodeURIComponent(v).replace(/%2C/gi, ',').replace(/%3A/gi, ':');
  }

  // state is the chart state as a query string, in the grammar's key
  // order, defaults left out (as the server writes it). The view the page
  // was opened with (theme) is kept.
  function state() {
    cur.metrics = metrics.join(',');
    cur.regions = regions.join(',');
    var parts = [];
    grammar.keys.forEach(function (k) {
      var v = cur[k.key] || '';
      if (v === (k['default'] || '')) v = '';
      if (v) parts.push(k.key + '=' + readable(v));
    });
    return parts.join('&') + view();
  }
  function view() {
    var out = '';
    var now = window.location.search.replace(/^\?/, '').split('&');
    grammar.view.forEach(function (key) {
      now.forEach(function (part) {
        if (part.indexOf(key + '=') === 0) out += '&' + part;
      });
    });
    return out;
  }

  // The size of the chart a state would draw, asked of the server
  // (/api/compare/size counts it without reading a figure) and shown under
  // the form before anything is drawn: the count, or which limit it passes
  // and what to narrow. then(drawable) follows; a failed question (an old
  // server, the network) counts as drawable: the page itself says why not.
  var sizeBox = document.getElementById('compare-size');
  var asked = 0;
  function say(text, problem) {
    if (!sizeBox) return;
    sizeBox.hidden = false;
    sizeBox.textContent = text;
    sizeBox.className = 'compare-size small ' + (problem ? 'problem' : 'muted');
  }
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
      say(problem ? '无法绘制：' + problem : r.summary, problem);
      then(!problem);
    };
    xhr.onerror = function () { if (ticket === asked) then(true); };
    xhr.send();
  }

  // go draws query: the page of the new state, once its size is known to
  // be drawable. The control in use keeps the focus on the new page.
  function go(query) {
    var next = '/compare?' + query;
    if (next === window.location.pathname + window.location.search) return;
    measure(query, function (drawable) {
      if (!drawable) return;
      var el = document.activeElement;
      try { if (el && el.id) window.sessionStorage.setItem('compare-focus', el.id); } catch (e) { /* storage off */ }
      window.location.assign(next); // the server draws the new state; the address is the state
    });
  }

  function apply() {
    if (!metrics.length) { say('请至少选一个指标。', true); render(); return; }
    if (!regions.length) { say('请至少选一个地区。', true); render(); return; }
    render();
    go(state());
  }

  function toggle(list, value, on) {
    var i = list.indexOf(value);
    if (on && i < 0) list.push(value);
    if (!on && i >= 0) list.splice(i, 1);
  }

  // the chosen metrics and regions as chips: a name and a button to take it
  // away; a region also offers its parent, its siblings and its children
  function button(text, aria, onclick, id) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    if (aria) b.setAttribute('aria-label', aria);
    if (id) b.id = id;
    b.addEventListener('click', onclick);
    return b;
  }
  function chip(list, value, what, box) {
    var li = document.createElement('li');
    li.className = 'chip';
    var name = document.createElement('span');
    name.textContent = label(value);
    li.appendChild(name);
    li.appendChild(button('×', '去掉' + what + '：' + label(value), function () {
      toggle(list, value, false);
      var tick = document.getElementById((list === metrics ? 'm-' : 'r-') + value);
      if (tick) tick.checked = false;
      apply();
    }, 'x-' + value));
    if (list === regions && value.indexOf(':') < 0) {
      var more = document.createElement('span');
      more.className = 'more';
      [['加上级', 'parent', '的上级地区'], ['加同级', 'siblings', '的同级地区'], ['加下级', 'children', '的下级地区']].forEach(function (k) {
        more.appendChild(button(k[0], '加上' + label(value) + k[2], function () {
          var add = k[1] + ':' + value;
          if (k[1] === 'parent' && parents[value]) add = parents[value];
          toggle(regions, add, true);
          apply();
        }, k[1] + '-' + value));
      });
      li.appendChild(more);
    }
    box.appendChild(li);
  }
  function render() {
    [['chosen-metrics', metrics, '指标', '尚未选择指标'], ['chosen-regions', regions, '地区', '尚未选择地区']].forEach(function (d) {
      var box = document.getElementById(d[0]);
      if (!box) return;
      while (box.firstChild) box.removeChild(box.firstChild);
      d[1].forEach(function (v) { chip(d[1], v, d[2], box); });
      if (!d[1].length) {
        var li = document.createElement('li');
        li.className = 'muted small';
        li.textContent = d[3];
        box.appendChild(li);
      }
    });
    var raw = document.getElementById('compare-raw');
    if (raw && document.activeElement !== raw) raw.value = state();
  }

  // the keys set by the buttons saying how the chart is drawn
  var drawn = { type: true, sort: true, axis: true, labels: true, derive: true };

  // ticks in the metric list and the region tree
  form.addEventListener('change', function (e) {
    var el = e.target;
    if (el.type === 'checkbox' && el.name === 'metrics') { toggle(metrics, el.value, el.checked); apply(); return; }
    if (el.type === 'checkbox' && el.name === 'regions') { toggle(regions, el.value, el.checked); apply(); return; }
    if (el.type === 'radio' && el.name === 'periods') { periods(); return; }
    if (el.id === 'p-from' || el.id === 'p-to') {
      var range = document.getElementById('p-range');
      if (range) range.checked = true;
      periods();
      return;
    }
    if (el.type === 'radio' && drawn[el.name]) {
      cur[el.name] = el.value;
      apply();
    }
    if (el.tagName === 'SELECT' && (el.name === 'focus' || el.name === 'ref')) {
      cur[el.name] = el.value;
      apply();
    }
  });

  // A click on a bar (or a point) highlights its region, or its metric:
  // the item whose name matches an option of 突出显示; a second click on it
  // takes the highlight away. The chart is drawn by charts.js when it comes
  // into view, so its instance is looked for until it is there.
  var focusPick = document.getElementById('d-focus');
  var box = document.querySelector('.chart[data-chart]');
  if (focusPick && box) {
    var tries = 0;
    var wait = window.setInterval(function () {
      var inst = window.echarts && window.echarts.getInstanceByDom(box);
      if (!inst && ++tries < 120) return;
      window.clearInterval(wait);
      if (!inst) return;
      function highlight(names) {
        for (var n = 0; n < names.length; n++) {
          for (var i = 0; i < focusPick.options.length; i++) {
            var o = focusPick.options[i];
            if (o.value && o.text === names[n]) {
              cur.focus = cur.focus === o.value ? '' : o.value;
              apply();
              return true;
            }
          }
        }
        return false;
      }
      inst.on('click', function (p) {
        highlight([String(p.name || '').split('\n')[0], String(p.seriesName || '').split(' · ')[0]]);
      });
      // a legend entry highlights its series' region or metric instead of
      // hiding the series (an entry that names neither hides it, as elsewhere)
      inst.on('legendselectchanged', function (p) {
        if (highlight([String(p.name || '').split(' · ')[0]])) {
          inst.dispatchAction({ type: 'legendSelect', name: p.name });
        }
      });
    }, 250);
  }
  function periods() {
    var checked = form.querySelector('input[name="periods"]:checked');
    var v = checked ? checked.value : 'all';
    if (v === 'range') {
      var from = document.getElementById('p-from');
      var to = document.getElementById('p-to');
      v = (from ? from.value : '') + '..' + (to ? to.value : '');
    }
    cur.periods = v;
    apply();
  }

  // the metric search: shows the metrics whose name holds what is typed
  var metricSearch = document.getElementById('metric-search');
  if (metricSearch) {
    metricSearch.addEventListener('input', function () {
      var q = metricSearch.value.replace(/\s+/g, '');
      var opts = form.querySelectorAll('#metric-list .opt');
      var shown = 0;
      for (var i = 0; i < opts.length; i++) {
        var hit = !q || opts[i].getAttribute('data-name').indexOf(q) >= 0;
        opts[i].hidden = !hit;
        if (hit) shown++;
      }
      var groups = form.querySelectorAll('#metric-list .group');
      for (var g = 0; g < groups.length; g++) groups[g].hidden = !groups[g].querySelector('.opt:not([hidden])');
      var apart = document.getElementById('metrics-apart');
      if (apart && q && apart.querySelector('.opt:not([hidden])')) apart.open = true;
      var none = document.getElementById('metric-none');
      if (none) none.textContent = q && !shown ? '没有名称含“' + q + '”的指标。' : (q ? '找到 ' + shown + ' 个指标。' : '');
    });
    metricSearch.addEventListener('keydown', function (e) { if (e.key === 'Enter') e.preventDefault(); });
  }

  // the region search: every region of the table, by name
  var regionSearch = document.getElementById('region-search');
  var results = document.getElementById('region-results');
  var searching = null;
  var found = [];
  function search() {
    var q = regionSearch.value.replace(/\s+/g, '');
    while (results.firstChild) results.removeChild(results.firstChild);
    found = [];
    if (!q) return;
    var xhr = new XMLHttpRequest();
    xhr.open('GET', '/api/compare/regions?q=' + encodeURIComponent(q) + '&metrics=' + readable(metrics.join(',')));
    xhr.onload = function () {
      if (regionSearch.value.replace(/\s+/g, '') !== q) return; // typed on
      var list = [];
      try { list = JSON.parse(xhr.responseText); } catch (e) { list = []; }
      if (!list || !list.length) list = [];
      while (results.firstChild) results.removeChild(results.firstChild);
      found = list;
      if (!list.length) {
        var li = document.createElement('li');
        li.className = 'muted small';
        li.textContent = '没有名称含“' + q + '”的地区。';
        results.appendChild(li);
        return;
      }
      list.forEach(function (r) {
        names[r.code] = r.name;
        if (r.parent) parents[r.code] = r.parent;
        var li = document.createElement('li');
        var on = regions.indexOf(r.code) >= 0;
        var b = button(r.path + (r.figures ? '（有 ' + r.figures + ' 个数字）' : '') + (on ? '（已选）' : ''), null, function () { pick(r.code); });
        b.className = 'result' + (r.figures ? ' with-figures' : '');
        b.disabled = on;
        li.appendChild(b);
        results.appendChild(li);
      });
    };
    xhr.send();
  }
  function pick(code) {
    regionSearch.focus(); // where the focus stays on the new page
    toggle(regions, code, true);
    var tick = document.getElementById('r-' + code);
    if (tick) tick.checked = true;
    apply();
  }
  if (regionSearch && results) {
    regionSearch.addEventListener('input', function () {
      if (searching) window.clearTimeout(searching);
      searching = window.setTimeout(search, 200);
    });
    regionSearch.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') {
        e.preventDefault();
        for (var i = 0; i < found.length; i++) {
          if (regions.indexOf(found[i].code) < 0) { pick(found[i].code); return; }
        }
      }
      if (e.key === 'Escape') { regionSearch.value = ''; search(); }
    });
  }

  // the 高级 section: the state as text, applied as it is
  var raw = document.getElementById('compare-raw');
  var typing = null;
  if (raw) {
    var rawState = function () { return raw.value.replace(/^[^?]*\?/, '').replace(/\s+/g, ''); };
    raw.addEventListener('input', function () {
      if (typing) window.clearTimeout(typing);
      typing = window.setTimeout(function () { measure(rawState(), function () {}); }, 400);
    });
    raw.addEventListener('change', function () { go(rawState()); });
    raw.addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); go(rawState()); } });
    var rawApply = document.getElementById('compare-raw-apply');
    if (rawApply) rawApply.addEventListener('click', function () { go(rawState()); });
  }

  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  render();
  if (grammar.state) measure(grammar.state, function () {}); // the size of the chart shown
  // the control used on the page before keeps the focus
  try {
    var f = window.sessionStorage.getItem('compare-focus');
    window.sessionStorage.removeItem('compare-focus');
    var el = f && document.getElementById(f);
    if (el) {
      var box = el.parentNode;
      while (box && box !== form) { if (box.tagName === 'DETAILS') box.open = true; box = box.parentNode; }
      el.focus();
    }
  } catch (e) { /* storage off */ }
})();
