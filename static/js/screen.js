// 电商区域统计看板 · 大屏 (/screen, issue 24).
//
// The page is a shell (templates/screen.html) with the screen's config in
// <script type="application/json" id="screen-config">: the dashboards, the
// design canvas (width × height CSS px) and how it fits the window, the
// timers, and the first dashboard's data. This script lays the dashboard
// out on the canvas (header, headline counters, a grid of charts, a
// scrolling ranking, the sources line), scales the canvas to the window,
// rotates through chart pages and dashboards, asks /api/version whether the
// data changed and redraws in place when it did.
//
// ES5 only (old browsers on display walls). Every timer is looked up on
// window at call time (window.setTimeout …), so tests can speed time up.
// Nothing from the data is evaluated: texts go in with textContent, chart
// options are JSON, and the tooltip formatter escapes what it shows.
//
// Contract with the tests (app/screen_browser_test.go and the live tests):
// #screen carries data-dashboard, data-version, data-page, data-paused and
// data-state; window.ecomdashScreen counts rotations, refreshes, polls and
// failures and has pause/resume; .screen-kpi-value has data-final and
// data-done; .screen-chart[data-chart-id] gets data-drawn; #screen-ranking
// holds .screen-rank-row; #screen-status is the status line;
// #screen-fullscreen hides (data-hidden) with the cursor (html.cursor-hidden).
(function () {
  'use strict';

  var FADE_MS = 600;
  var COUNT_MS = 1500;
  var RANK_STEP_MS = 3000;
  var IDLE_RESUME_MS = 60000;
  var CURSOR_HIDE_MS = 3000;
  var WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

  var cfgEl = document.getElementById('screen-config');
  var screenEl = document.getElementById('screen');
  var viewport = document.getElementById('screen-viewport');
  if (!cfgEl || !screenEl || !viewport) return;
  var cfg = JSON.parse(cfgEl.textContent);
  var W = cfg.width, H = cfg.height;
  var dashboards = cfg.dashboards || [];
  var pollMs = Math.max(5, cfg.poll || 30) * 1000;
  var intervalMs = Math.max(5, cfg.interval || 30) * 1000;

  var api = { rotations: 0, refreshes: 0, polls: 0, failures: 0, pause: pause, resume: resume };
  window.ecomdashScreen = api;

  // ---- helpers ----

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // tooltip is the pages' formatter (chart-tooltip.js, loaded first): every
  // string it shows is escaped.
  var tooltip = window.EcomdashTooltip;

  function pad(n) { return n < 10 ? '0' + n : String(n); }

  function dateText(d) {
    return d.getFullYear() + '年' + (d.getMonth() + 1) + '月' + d.getDate() + '日';
  }

  function hm(d) { return pad(d.getHours()) + ':' + pad(d.getMinutes()); }

  function parseTime(s) {
    var d = new Date(s);
    return isNaN(d.getTime()) ? null : d;
  }

  function now() { return window.performance && window.performance.now ? window.performance.now() : new Date().getTime(); }

  // ---- state ----

  var state = {
    id: dashboards[0],
    version: cfg.data_version,
    updatedAt: cfg.updated_at,
    data: cfg.first,
    page: 0,
    paused: false,
    offline: false
  };
  var cache = {}; // dashboard id → {version, updated_at, screen}; one entry per dashboard, cleared on a new version
  cache[state.id] = { version: cfg.data_version, updated_at: cfg.updated_at, screen: cfg.first };
  var current = null; // the layer shown: {root, kpis, charts: {id: chart}, ranking, pages}
  var rotateTimer = null, resumeTimer = null, pollTimer = null, clockTimer = null, reloadTimer = null, cursorTimer = null;
  var busy = false; // a fade or a fetch for the next step is under way

  function setAttr(name, value) { screenEl.setAttribute(name, String(value)); }

  // ---- canvas and fit ----

  function fit() {
    var ww = window.innerWidth || document.documentElement.clientWidth;
    var wh = window.innerHeight || document.documentElement.clientHeight;
    var sx = 1, sy = 1, x = 0, y = 0, s;
    switch (cfg.fit) {
      case 'cover':
        s = Math.max(ww / W, wh / H); sx = sy = s;
        x = (ww - W * s) / 2; y = (wh - H * s) / 2;
        break;
      case 'width': // scale to the window's width; a taller canvas is clipped at the bottom, a shorter one centred
        s = ww / W; sx = sy = s;
        y = H * s < wh ? (wh - H * s) / 2 : 0;
        break;
      case 'height': // scale to the window's height; a wider canvas is clipped at the right, a narrower one centred
        s = wh / H; sx = sy = s;
        x = W * s < ww ? (ww - W * s) / 2 : 0;
        break;
      case 'stretch':
        sx = ww / W; sy = wh / H;
        break;
      case 'none':
        break;
      default: // contain
        s = Math.min(ww / W, wh / H); sx = sy = s;
        x = (ww - W * s) / 2; y = (wh - H * s) / 2;
    }
    var t = 'translate(' + x + 'px,' + y + 'px) scale(' + sx + ',' + sy + ')';
    screenEl.style.webkitTransform = t;
    screenEl.style.transform = t;
  }

  // ---- text that fits its box ----

  // fitText shrinks el's font until its text fits its width (down to
  // minRatio of the size it had), then cuts the text with "…" (the whole
  // text stays in the title attribute; not when noCut, for a box of
  // boxes): no text overflows its box.
  function fitText(e, minRatio, noCut) {
    if (!e || !e.clientWidth) return;
    e.style.fontSize = '';
    if (e.scrollWidth <= e.clientWidth + 1) return;
    var size = parseFloat(window.getComputedStyle(e).fontSize);
    var min = size * (minRatio || 0.6);
    while (e.scrollWidth > e.clientWidth + 1 && size > min) {
      size = Math.max(min, size * 0.92);
      e.style.fontSize = size + 'px';
      if (size === min) break;
    }
    if (e.scrollWidth <= e.clientWidth + 1 || noCut) return;
    var full = e.textContent;
    e.title = full;
    var lo = 0, hi = full.length;
    while (lo < hi) { // the longest prefix that fits with "…"
      var mid = Math.ceil((lo + hi) / 2);
      e.textContent = full.slice(0, mid) + '…';
      if (e.scrollWidth <= e.clientWidth + 1) lo = mid; else hi = mid - 1;
    }
    e.textContent = full.slice(0, lo) + '…';
  }

  // ---- counters ----

  function numberFormat(num) {
    var dot = num.indexOf('.');
    return { decimals: dot < 0 ? 0 : num.length - dot - 1, commas: num.indexOf(',') >= 0 };
  }

  function formatNumber(v, f) {
    var s = v.toFixed(f.decimals);
    if (!f.commas) return s;
    var parts = s.split('.');
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return parts.join('.');
  }

  function numberOf(s) {
    var v = parseFloat(String(s || '').replace(/,/g, ''));
    return isNaN(v) ? 0 : v;
  }

  // countUp animates a counter from the number `from` to its figure: the
  // prefix and suffix stay as they are written; at the end textContent is
  // exactly the figure's text.
  function countUp(valueEl, h, from) {
    var token = {};
    valueEl._count = token;
    valueEl.setAttribute('data-final', h.text);
    if (!h.number) { valueEl.textContent = h.text; valueEl.setAttribute('data-done', 'true'); return; }
    valueEl.setAttribute('data-done', 'false');
    var to = numberOf(h.number), f = numberFormat(h.number), start = now();
    function finish() {
      if (valueEl._count !== token) return;
      valueEl._count = null;
      valueEl.textContent = h.text;
      valueEl.setAttribute('data-done', 'true');
    }
    function frame() {
      if (valueEl._count !== token) return;
      var p = Math.min(1, (now() - start) / COUNT_MS);
      if (p >= 1) { finish(); return; }
      var e = 1 - Math.pow(1 - p, 3);
      valueEl.textContent = h.prefix + formatNumber(from + (to - from) * e, f) + h.suffix;
      window.requestAnimationFrame(frame);
    }
    valueEl.textContent = h.prefix + formatNumber(from, f) + h.suffix;
    window.requestAnimationFrame(frame);
    window.setTimeout(finish, COUNT_MS + 500); // where frames do not run (a hidden tab)
  }

  function okHeadlines(s) {
    var out = [];
    for (var i = 0; i < (s.headlines || []).length; i++) if (s.headlines[i].ok) out.push(s.headlines[i]);
    return out;
  }

  function buildKpis(box, heads) {
    box.innerHTML = '';
    var n = heads.length;
    if (!n) { box.style.display = 'none'; return; }
    var maxPerRow = Math.max(4, Math.round(W / H * 3.4));
    var rows = n > maxPerRow ? 2 : 1;
    var perRow = Math.ceil(n / rows);
    box.className = 'screen-kpis rows-' + rows;
    for (var i = 0; i < n; i++) {
      var h = heads[i];
      var k = el('div', 'screen-kpi');
      k.style.width = 'calc(' + (100 / perRow) + '% - 0.8em)';
      var label = el('div', 'screen-kpi-label');
      label.appendChild(el('span', 'screen-kpi-label-text', h.label));
      if (h.mark) label.appendChild(el('span', 'screen-kpi-mark', h.mark));
      k.appendChild(label);
      var v = el('div', 'screen-kpi-value', h.text);
      v.setAttribute('data-final', h.text);
      v.setAttribute('data-done', 'true');
      k.appendChild(v);
      var meta = [h.region, h.period].filter(function (x) { return x; }).join(' · ');
      k.appendChild(el('div', 'screen-kpi-meta', meta));
      if (h.growth) k.appendChild(el('div', 'screen-kpi-growth', '同比增长 ' + h.growth));
      box.appendChild(k);
    }
  }

  // fitKpis fits every counter's texts, each value at its final text (the
  // numbers on the way there are no wider: tabular figures, fewer digits).
  function fitKpis(box) {
    var items = box.querySelectorAll('.screen-kpi-label-text, .screen-kpi-meta, .screen-kpi-growth');
    for (var i = 0; i < items.length; i++) fitText(items[i], 0.7);
    var values = box.querySelectorAll('.screen-kpi-value');
    // one size for all values (the smallest any needs), so the row reads as one
    var min = Infinity;
    for (i = 0; i < values.length; i++) {
      values[i].style.fontSize = '';
      var base = parseFloat(window.getComputedStyle(values[i]).fontSize);
      var need = values[i].scrollWidth > values[i].clientWidth + 1 ? base * values[i].clientWidth / values[i].scrollWidth * 0.98 : base;
      if (need < min) min = need;
    }
    for (i = 0; i < values.length; i++) {
      values[i].style.fontSize = min + 'px';
      fitText(values[i], 0.5);
      if (values[i].style.fontSize === '') values[i].style.fontSize = min + 'px';
    }
  }

  function animateKpis(box, heads, previous) {
    var values = box.querySelectorAll('.screen-kpi-value');
    for (var i = 0; i < values.length; i++) {
      var h = heads[i];
      var from = previous && previous[h.label] != null ? previous[h.label] : 0;
      countUp(values[i], h, from);
    }
  }

  // ---- charts ----

  function chartScale() { return 1.5 * H / 1080; }

  // prepareOption adds the escaping tooltip formatter, hides the toolbox
  // (nobody saves images from a wall), keeps the legend to one row, cuts the title and subtitle to the
  // host's width w, and keeps a short host (h) legible: a gauge's scale
  // labels and name, which would overlap the figure, go; a vertical
  // reference line's label goes above the line.
  function prepareOption(option, w, h) {
    option.tooltip = option.tooltip || {};
    option.tooltip.formatter = tooltip;
    if (option.toolbox) option.toolbox.show = false;
    // the builder lays a short legend out in one row for a page's width; in
    // a screen's narrower host it would wrap onto the plot: one row that pages
    var legends = option.legend ? (option.legend instanceof Array ? option.legend : [option.legend]) : [];
    for (var li = 0; li < legends.length; li++) {
      if (legends[li].show !== false && legends[li].type !== 'scroll') {
        legends[li].type = 'scroll';
        legends[li].right = 16;
      }
    }
    var titles = option.title ? (option.title instanceof Array ? option.title : [option.title]) : [];
    for (var i = 0; i < titles.length; i++) {
      titles[i].textStyle = titles[i].textStyle || {};
      titles[i].textStyle.width = w - 32;
      titles[i].textStyle.overflow = 'truncate';
      titles[i].subtextStyle = titles[i].subtextStyle || {};
      titles[i].subtextStyle.width = w - 32;
      titles[i].subtextStyle.overflow = 'truncate';
    }
    var series = option.series || [];
    var ys = option.yAxis instanceof Array ? option.yAxis : [option.yAxis || {}];
    var topEnd = ys[0] && ys[0].inverse ? 'start' : 'end'; // the line's top: its start on an inverted axis
    for (i = 0; i < series.length; i++) {
      // a vertical reference line's label, written along the line, would
      // cross the bars of a short chart: it goes above the line's end
      var marks = series[i].markLine && series[i].markLine.data || [];
      for (var j = 0; j < marks.length && h < 340; j++) {
        if (marks[j].xAxis != null && marks[j].label && /^inside/.test(marks[j].label.position || '')) marks[j].label.position = topEnd;
      }
      if (series[i].type !== 'gauge' || h >= 340) continue;
      series[i].axisLabel = series[i].axisLabel || {};
      series[i].axisLabel.show = false;
      series[i].splitLine = series[i].splitLine || {};
      series[i].splitLine.show = false;
      series[i].title = series[i].title || {};
      series[i].title.show = false;
      series[i].detail = series[i].detail || {};
      series[i].detail.offsetCenter = ['0', '10%'];
    }
    return option;
  }

  function fitSourceLine(chart) {
    chart.setOption({ graphic: [{ id: 'source-line', style: { width: Math.max(200, chart.getWidth() - 32) } }] });
  }

  // drawChart draws one chart in box, in a host (box / k) CSS px large
  // scaled by k: chart text at 12px reads as 12·k px on the canvas.
  function drawChart(box, c) {
    var k = chartScale();
    var host = el('div', 'screen-chart-host');
    var w = Math.max(120, Math.floor(box.clientWidth / k)), hh = Math.max(90, Math.floor(box.clientHeight / k));
    host.style.width = w + 'px';
    host.style.height = hh + 'px';
    host.style.webkitTransform = host.style.transform = 'scale(' + k + ')';
    box.appendChild(host);
    var chart = window.echarts.init(host, null, { renderer: 'svg', locale: 'ZH', width: w, height: hh });
    chart.on('finished', function () { box.setAttribute('data-drawn', 'true'); });
    chart.setOption(prepareOption(c.option, w, hh));
    fitSourceLine(chart);
    return chart;
  }

  function updateChart(chart, box, c) {
    box.setAttribute('data-drawn', 'false');
    chart.setOption(prepareOption(c.option, chart.getWidth(), chart.getHeight()), { notMerge: true });
    fitSourceLine(chart);
  }

  // layout: how many charts a page holds and whether the ranking shows.
  function layoutOf(s) {
    var cols = Math.max(1, Math.round(W / H * 1.5));
    var withRanking = !!(s.ranking && s.ranking.rows && s.ranking.rows.length) && cfg.rotate !== 'charts';
    var chartCols = withRanking ? Math.max(1, cols - 1) : cols;
    var perPage = cfg.rotate === 'charts' ? 1 : chartCols * 2;
    var pages = [];
    for (var i = 0; i < s.charts.length; i += perPage) pages.push(s.charts.slice(i, i + perPage));
    return { cols: cols, chartCols: chartCols, perPage: perPage, withRanking: withRanking, pages: pages };
  }

  // buildPage lays out one page of charts in the grid element and draws
  // them; returns {id: chart}.
  function buildPage(grid, list, chartCols, existing) {
    var drawn = {};
    var rows = list.length > chartCols ? 2 : 1;
    if (cfg.rotate === 'charts') rows = 1;
    var first = Math.ceil(list.length / rows);
    var rowEls = [];
    for (var r = 0; r < rows; r++) rowEls.push(grid.appendChild(el('div', 'screen-chart-row')));
    var boxes = [];
    for (var i = 0; i < list.length; i++) {
      var box = el('div', 'screen-chart');
      box.setAttribute('data-chart-id', list[i].id);
      box.setAttribute('data-drawn', 'false');
      box.setAttribute('aria-label', list[i].title);
      rowEls[i < first ? 0 : 1].appendChild(box);
      boxes.push(box);
    }
    for (i = 0; i < list.length; i++) drawn[list[i].id] = drawChart(boxes[i], list[i]);
    return drawn;
  }

  // ---- ranking ----

  function buildRanking(panel, ranking, layer) {
    panel.innerHTML = '';
    panel.appendChild(el('h2', 'screen-rank-title', ranking.title));
    var win = panel.appendChild(el('div', 'screen-rank-window'));
    var list = win.appendChild(el('ol', 'screen-rank-list'));
    for (var i = 0; i < ranking.rows.length; i++) {
      var row = ranking.rows[i];
      var li = el('li', 'screen-rank-row');
      li.appendChild(el('span', 'screen-rank-place', String(row.place)));
      li.appendChild(el('span', 'screen-rank-region', row.region));
      li.appendChild(el('span', 'screen-rank-value', row.text));
      list.appendChild(li);
    }
    return { panel: panel, win: win, list: list, timer: null, layer: layer };
  }

  function fitRanking(rk) {
    // the window shows whole rows only
    rk.win.style.height = '';
    rk.win.style.flex = '';
    var rowH = rk.list.firstChild ? parseFloat(window.getComputedStyle(rk.list.firstChild).height) : 0;
    if (rowH) {
      var h = Math.ceil(Math.max(rowH, Math.floor(rk.win.clientHeight / rowH) * rowH));
      rk.win.style.flex = '0 0 auto';
      rk.win.style.height = h + 'px';
    }
    fitText(rk.panel.querySelector('.screen-rank-title'), 0.7);
    var rows = rk.list.children;
    for (var i = 0; i < rows.length; i++) {
      fitText(rows[i].querySelector('.screen-rank-region'), 0.7);
      fitText(rows[i].querySelector('.screen-rank-value'), 0.7);
    }
  }

  // scrollRanking moves the list up one row every RANK_STEP_MS when it has
  // more rows than its window shows; the row that leaves goes to the end,
  // so the loop never ends and the DOM never grows. Paused, it holds.
  function scrollRanking(rk) {
    if (!rk.list.firstChild) return;
    var rowH = rk.list.firstChild.offsetHeight;
    if (!rowH || rk.list.scrollHeight <= rk.win.clientHeight + 1) return;
    function step() {
      if (rk.stopped) return;
      if (state.paused) { rk.timer = window.setTimeout(step, RANK_STEP_MS); return; } // held while a person reads
      rk.list.style.transition = 'transform 500ms ease';
      rk.list.style.transform = 'translateY(' + (-rowH) + 'px)';
      rk.timer = window.setTimeout(function () {
        if (rk.stopped) return;
        rk.list.style.transition = 'none';
        rk.list.appendChild(rk.list.firstChild);
        rk.list.style.transform = 'translateY(0)';
        rk.timer = window.setTimeout(step, RANK_STEP_MS - 550);
      }, 550);
    }
    rk.timer = window.setTimeout(step, RANK_STEP_MS);
  }

  function stopRanking(rk) {
    if (!rk) return;
    rk.stopped = true;
    if (rk.timer) window.clearTimeout(rk.timer);
  }

  // ---- layers: one dashboard page on the canvas ----

  // buildLayer makes the layer for dashboard s at page p, in the DOM but
  // transparent, drawn and fitted: the caller fades it in.
  function buildLayer(s, p) {
    var root = el('div', 'screen-layer');
    var kpis = root.appendChild(el('section', 'screen-kpis'));
    kpis.setAttribute('aria-label', '关键数字');
    var main = root.appendChild(el('main', 'screen-main'));
    var foot = root.appendChild(el('footer', 'screen-foot', s.sources));
    // under the layer shown, which fades out over it
    screenEl.insertBefore(root, current ? current.root : document.getElementById('screen-paused'));
    var heads = okHeadlines(s);
    buildKpis(kpis, heads);
    var lay = layoutOf(s);
    var grid = main.appendChild(el('div', 'screen-charts'));
    var ranking = null;
    if (lay.withRanking) {
      var aside = main.appendChild(el('aside', 'screen-ranking'));
      aside.style.width = (100 / lay.cols) + '%';
      ranking = buildRanking(aside, s.ranking);
    }
    fitKpis(kpis);
    fitText(foot, 0.8);
    if (ranking) { fitRanking(ranking); }
    p = Math.min(p, Math.max(0, lay.pages.length - 1));
    var charts = lay.pages.length ? buildPage(grid, lay.pages[p], lay.chartCols) : {};
    if (!lay.pages.length) grid.appendChild(el('p', 'screen-empty', '这个看板还没有图表'));
    return { root: root, kpis: kpis, main: main, grid: grid, foot: foot, heads: heads, charts: charts, ranking: ranking, layout: lay, page: p, screen: s };
  }

  var IDS = { kpis: 'screen-kpis', main: 'screen-main', foot: 'screen-foot' };

  function claimIds(layer) {
    layer.root.id = 'screen-layer';
    layer.kpis.id = IDS.kpis;
    layer.main.id = IDS.main;
    layer.foot.id = IDS.foot;
    if (layer.ranking) layer.ranking.panel.id = 'screen-ranking';
  }

  function dropIds(layer) {
    layer.root.removeAttribute('id');
    layer.kpis.removeAttribute('id');
    layer.main.removeAttribute('id');
    layer.foot.removeAttribute('id');
    if (layer.ranking) layer.ranking.panel.removeAttribute('id');
  }

  function disposeLayer(layer) {
    stopRanking(layer.ranking);
    var values = layer.kpis.querySelectorAll('.screen-kpi-value');
    for (var i = 0; i < values.length; i++) values[i]._count = null;
    for (var id in layer.charts) if (layer.charts.hasOwnProperty(id)) layer.charts[id].dispose();
    layer.charts = {};
    if (layer.root.parentNode) layer.root.parentNode.removeChild(layer.root);
  }

  function setTitle(s) {
    var t = document.getElementById('screen-title');
    t.textContent = s.title;
    fitText(t, 0.7);
    document.title = s.title + ' · 大屏 · 电商区域统计看板';
  }

  // show puts dashboard s, page p on the canvas: the new layer is built
  // under the old one, then the old (opaque) fades out over it: no blank
  // frame, never two half-transparent screens.
  function show(s, p, animateFrom, done) {
    var next = buildLayer(s, p);
    var old = current;
    if (old) dropIds(old);
    claimIds(next);
    current = next;
    setTitle(s);
    setAttr('data-dashboard', s.id);
    setAttr('data-page', next.page);
    animateKpis(next.kpis, next.heads, animateFrom);
    if (next.ranking) scrollRanking(next.ranking);
    if (!old) { if (done) done(); return; }
    old.root.className += ' screen-layer-leaving';
    old.root.style.opacity = '0';
    window.setTimeout(function () {
      disposeLayer(old);
      if (done) done();
    }, FADE_MS);
  }

  // ---- data ----

  function get(url, ok, fail) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url, true);
    xhr.setRequestHeader('Cache-Control', 'no-cache');
    xhr.timeout = 15000;
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) return;
      xhr.onreadystatechange = null;
      var body = null;
      if (xhr.status === 200) {
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      }
      if (body) ok(body); else { api.failures++; fail(xhr.status); }
    };
    xhr.send();
  }

  function screenURL(id) {
    return '/api/screen/' + encodeURIComponent(id) + (cfg.query ? '?' + cfg.query : '');
  }

  // loadScreen gets dashboard id's data, from the cache when it is of the
  // current data version.
  function loadScreen(id, ok, fail) {
    var c = cache[id];
    if (c && c.version === state.version) { ok(c); return; }
    get(screenURL(id), function (body) {
      var entry = { version: body.data_version, updated_at: body.updated_at, screen: body.screen };
      if (body.data_version !== state.version) cache = {}; // a new version: the rest is stale
      cache[id] = entry;
      ok(entry);
    }, fail);
  }

  // ---- rotation ----

  function schedule() {
    if (rotateTimer) window.clearTimeout(rotateTimer);
    rotateTimer = null;
    if (state.paused) return;
    rotateTimer = window.setTimeout(step, intervalMs);
  }

  // step shows the next chart page, or after the last page the next
  // dashboard (or the first page again).
  function step() {
    rotateTimer = null;
    if (state.paused) return;
    if (busy || !current) { schedule(); return; }
    var pages = current.layout.pages.length;
    if (current.page + 1 < pages) {
      turnPage(current.page + 1);
      return;
    }
    if (dashboards.length > 1) {
      var i = dashboards.indexOf(state.id);
      var id = dashboards[(i + 1) % dashboards.length];
      busy = true;
      loadScreen(id, function (entry) {
        state.id = id;
        state.data = entry.screen;
        if (entry.version !== state.version) { // newer data than the last poll saw: the screen shows it
          state.version = entry.version;
          state.updatedAt = entry.updated_at;
          setAttr('data-version', state.version);
          showUpdated();
        }
        show(entry.screen, 0, null, function () { busy = false; });
        api.rotations++;
        schedule();
      }, function () {
        busy = false;
        setOffline(true);
        schedule();
      });
      return;
    }
    if (pages > 1) { turnPage(0); return; }
    schedule();
  }

  // turnPage shows another page of the current dashboard's charts: the
  // counters and the ranking stay, the chart grid cross-fades.
  function turnPage(p) {
    var layer = current;
    busy = true;
    var oldGrid = layer.grid, oldCharts = layer.charts;
    oldGrid.style.width = oldGrid.offsetWidth + 'px';
    oldGrid.style.height = oldGrid.offsetHeight + 'px';
    oldGrid.className += ' screen-charts-leaving'; // out of the flow, over the new grid
    var grid = el('div', 'screen-charts');
    layer.main.insertBefore(grid, oldGrid);
    var charts = buildPage(grid, layer.layout.pages[p], layer.layout.chartCols);
    layer.grid = grid;
    layer.charts = charts;
    layer.page = p;
    setAttr('data-page', p);
    api.rotations++;
    oldGrid.style.opacity = '0';
    window.setTimeout(function () {
      for (var id in oldCharts) if (oldCharts.hasOwnProperty(id)) oldCharts[id].dispose();
      if (oldGrid.parentNode) oldGrid.parentNode.removeChild(oldGrid);
      busy = false;
    }, FADE_MS);
    schedule();
  }

  // ---- pause ----

  function pause() {
    state.paused = true;
    setAttr('data-paused', 'true');
    document.getElementById('screen-paused').hidden = false;
    if (rotateTimer) { window.clearTimeout(rotateTimer); rotateTimer = null; }
    if (resumeTimer) window.clearTimeout(resumeTimer);
    resumeTimer = window.setTimeout(resume, IDLE_RESUME_MS);
  }

  function resume() {
    if (resumeTimer) { window.clearTimeout(resumeTimer); resumeTimer = null; }
    state.paused = false;
    setAttr('data-paused', 'false');
    document.getElementById('screen-paused').hidden = true;
    schedule();
  }

  function onInput(e) {
    var t = e.target;
    if (t && t.id === 'screen-paused' || t && t.id === 'screen-fullscreen') return;
    if (e.type === 'keydown' && (e.key === 'f' || e.key === 'F' || e.key === 'Escape')) return;
    pause();
  }

  // ---- refreshing ----

  var backoff = 0;

  function setOffline(off) {
    state.offline = off;
    setAttr('data-state', off ? 'offline' : 'ok');
    var st = document.getElementById('screen-status');
    if (off) {
      var d = parseTime(state.updatedAt);
      st.textContent = '连接中断，正在重试' + (d ? ' · 数据更新于 ' + hm(d) : '');
    } else {
      st.textContent = '';
    }
    fitHeader();
  }

  function schedulePoll(ms) {
    if (pollTimer) window.clearTimeout(pollTimer);
    pollTimer = window.setTimeout(pollVersion, ms);
  }

  function pollVersion() {
    pollTimer = null;
    get('/api/version', function (body) {
      api.polls++;
      backoff = 0;
      if (state.offline) setOffline(false);
      if (body.data_version !== state.version) {
        refresh(function () { schedulePoll(pollMs); });
      } else {
        schedulePoll(pollMs);
      }
    }, failed);
  }

  function failed() {
    setOffline(true);
    backoff = backoff ? Math.min(pollMs, backoff * 2) : 1000;
    schedulePoll(backoff);
  }

  // refresh redraws the current dashboard with the new data, in place.
  function refresh(done) {
    cache = {};
    get(screenURL(state.id), function (body) {
      state.version = body.data_version;
      state.updatedAt = body.updated_at;
      cache[state.id] = { version: body.data_version, updated_at: body.updated_at, screen: body.screen };
      state.data = body.screen;
      if (busy) { // a fade is under way: redraw once it is done
        window.setTimeout(function () { redraw(body.screen); done(); }, FADE_MS + 50);
        return;
      }
      redraw(body.screen);
      done();
    }, function () { failed(); });
  }

  function sameLabels(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i].label !== b[i].label) return false;
    return true;
  }

  function redraw(s) {
    var layer = current;
    var heads = okHeadlines(s);
    var previous = {};
    for (var i = 0; i < layer.heads.length; i++) previous[layer.heads[i].label] = numberOf(layer.heads[i].number);
    var lay = layoutOf(s);
    var sameGrid = lay.withRanking === layer.layout.withRanking && lay.pages.length === layer.layout.pages.length;
    if (!sameGrid) { // the layout changed: a new layer, faded in over the old
      show(s, 0, previous, null);
    } else {
      if (!sameLabels(heads, layer.heads)) buildKpis(layer.kpis, heads);
      else {
        var values = layer.kpis.querySelectorAll('.screen-kpi-value');
        for (i = 0; i < values.length; i++) values[i].textContent = heads[i].text; // to fit the new texts
        fillKpiTexts(layer.kpis, heads);
      }
      layer.heads = heads;
      fitKpis(layer.kpis);
      animateKpis(layer.kpis, heads, previous);
      layer.foot.textContent = s.sources;
      layer.foot.removeAttribute('title');
      fitText(layer.foot, 0.8);
      setTitle(s);
      // charts: the same boxes with new options; boxes whose chart went are redrawn
      var page = Math.min(layer.page, lay.pages.length - 1);
      var list = lay.pages[page] || [];
      var keep = {};
      var boxes = layer.grid.querySelectorAll('.screen-chart');
      var sameIds = boxes.length === list.length;
      for (i = 0; sameIds && i < list.length; i++) if (boxes[i].getAttribute('data-chart-id') !== list[i].id) sameIds = false;
      if (sameIds) {
        for (i = 0; i < list.length; i++) {
          updateChart(layer.charts[list[i].id], boxes[i], list[i]);
          keep[list[i].id] = layer.charts[list[i].id];
        }
        layer.charts = keep;
      } else {
        for (var id in layer.charts) if (layer.charts.hasOwnProperty(id)) layer.charts[id].dispose();
        layer.grid.innerHTML = '';
        layer.charts = buildPage(layer.grid, list, lay.chartCols);
      }
      layer.layout = lay;
      layer.page = page;
      layer.screen = s;
      setAttr('data-page', page);
      if (layer.ranking) {
        stopRanking(layer.ranking);
        var panel = layer.ranking.panel;
        layer.ranking = buildRanking(panel, s.ranking);
        panel.id = 'screen-ranking';
        fitRanking(layer.ranking);
        scrollRanking(layer.ranking);
      }
    }
    setAttr('data-version', state.version);
    showUpdated();
    api.refreshes++;
  }

  function fillKpiTexts(box, heads) {
    var kpis = box.querySelectorAll('.screen-kpi');
    for (var i = 0; i < kpis.length; i++) {
      var h = heads[i];
      var meta = kpis[i].querySelector('.screen-kpi-meta');
      meta.textContent = [h.region, h.period].filter(function (x) { return x; }).join(' · ');
      var g = kpis[i].querySelector('.screen-kpi-growth');
      if (h.growth) {
        if (!g) g = kpis[i].appendChild(el('div', 'screen-kpi-growth'));
        g.textContent = '同比增长 ' + h.growth;
      } else if (g) {
        kpis[i].removeChild(g);
      }
      var m = kpis[i].querySelector('.screen-kpi-mark');
      if (h.mark) {
        if (!m) m = kpis[i].querySelector('.screen-kpi-label').appendChild(el('span', 'screen-kpi-mark'));
        m.textContent = h.mark;
      } else if (m) {
        m.parentNode.removeChild(m);
      }
    }
  }

  // ---- reload ----

  function scheduleReload(ms) {
    if (!cfg.reload) return;
    reloadTimer = window.setTimeout(function () {
      var xhr = new XMLHttpRequest();
      xhr.open('GET', '/healthz', true);
      xhr.setRequestHeader('Cache-Control', 'no-cache');
      xhr.onreadystatechange = function () {
        if (xhr.readyState !== 4) return;
        if (xhr.status === 200) window.location.reload();
        else { api.failures++; scheduleReload(pollMs); }
      };
      xhr.send();
    }, ms);
  }

  // ---- clock ----

  function tick() {
    var d = new Date();
    document.getElementById('screen-clock').textContent = dateText(d) + ' 星期' + WEEKDAYS[d.getDay()] + ' ' + hm(d) + ':' + pad(d.getSeconds());
    clockTimer = window.setTimeout(tick, 1000 - d.getMilliseconds() + 5);
  }

  function showUpdated() {
    var d = parseTime(state.updatedAt);
    document.getElementById('screen-updated').textContent = d ? '数据更新于 ' + dateText(d) + ' ' + hm(d) : '';
    fitHeader();
  }

  // fitHeader fits the clock, 数据更新于 and the status into the header's right.
  function fitHeader() {
    var box = document.querySelector('.screen-time');
    if (box) fitText(box, 0.5, true);
  }

  // ---- fullscreen and the cursor ----

  function fullscreenElement() { return document.fullscreenElement || document.webkitFullscreenElement || null; }

  function toggleFullscreen() {
    var root = document.documentElement;
    if (fullscreenElement()) {
      if (document.exitFullscreen) document.exitFullscreen();
      else if (document.webkitExitFullscreen) document.webkitExitFullscreen();
      return;
    }
    var req = root.requestFullscreen || root.webkitRequestFullscreen;
    if (!req) return;
    var r = req.call(root);
    if (r && r.then) r.then(null, function () {}); // refused (no user gesture): stay as it is
  }

  var fsButton = document.getElementById('screen-fullscreen');

  function showCursor() {
    fsButton.setAttribute('data-hidden', 'false');
    document.documentElement.className = document.documentElement.className.replace(/\s*\bcursor-hidden\b/g, '');
    if (cursorTimer) window.clearTimeout(cursorTimer);
    cursorTimer = window.setTimeout(hideCursor, CURSOR_HIDE_MS);
  }

  function hideCursor() {
    cursorTimer = null;
    fsButton.setAttribute('data-hidden', 'true');
    if (!/\bcursor-hidden\b/.test(document.documentElement.className)) document.documentElement.className += ' cursor-hidden';
  }

  // ---- start ----

  function start() {
    if (!window.echarts) return;
    // the server's shell (first paint without script) goes: the layer is built from the data
    var shell = document.getElementById('screen-layer');
    if (shell) shell.parentNode.removeChild(shell);
    fit();
    window.addEventListener('resize', fit);
    tick();
    showUpdated();
    show(cfg.first, 0, null, null);
    setAttr('data-version', state.version);
    schedule();
    schedulePoll(pollMs);
    scheduleReload((cfg.reload || 0) * 1000);
    document.addEventListener('pointerdown', onInput, true);
    document.addEventListener('touchstart', onInput, { capture: true, passive: true });
    document.addEventListener('keydown', onInput, true);
    document.addEventListener('wheel', onInput, { capture: true, passive: true });
    document.getElementById('screen-paused').addEventListener('click', resume);
    fsButton.addEventListener('click', toggleFullscreen);
    document.addEventListener('keydown', function (e) {
      if ((e.key === 'f' || e.key === 'F') && !e.ctrlKey && !e.metaKey && !e.altKey) toggleFullscreen();
    });
    document.addEventListener('mousemove', showCursor);
    document.addEventListener('pointermove', showCursor);
    showCursor();
  }

  // Fonts first: ECharts measures text when it lays a chart out, and so
  // does fitText.
  function whenFontReady(fn) {
    var done = false;
    function go() { if (!done) { done = true; fn(); } }
    if (!document.fonts || !document.fonts.load) { go(); return; }
    document.fonts.load('16px "Noto Sans SC"', '数据来源电商看板0123456789').then(go, go);
    window.setTimeout(go, 3000);
  }

  function boot() {
    screenEl.style.fontSize = (16 * H / 1080) + 'px';
    fit();
    whenFontReady(start);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
}());
