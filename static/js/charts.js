// 电商区域统计看板: draws every chart on the page from its option JSON.
//
// Each chart is a <div data-chart="ID" data-option="ELEMENT-ID">; the option
// sits in <script type="application/json" id="ELEMENT-ID">, written by the
// server with every "<" escaped, and is read with JSON.parse: nothing from
// the data is ever evaluated as code. The one function added here is the
// tooltip formatter (chart-tooltip.js), which escapes every string it shows.
(function () {
  'use strict';

  // tooltip is the shared formatter (chart-tooltip.js, loaded first).
  var tooltip = window.EcomdashTooltip;

  function fitSourceLine(chart) {
    chart.setOption({ graphic: [{ id: 'source-line', style: { width: Math.max(200, chart.getWidth() - 32) } }] });
  }

  // fitNarrow lays a chart out for a phone-width box, as the server's
  // narrow first paint is (charts.View.Narrow): title and subtitle cut to
  // the box, horizontal bars' category labels in a narrower column.
  function fitNarrow(chart, option) {
    var w = chart.getWidth();
    if (w >= 480) return;
    var patch = { title: { textStyle: { width: w - 88, overflow: 'truncate' }, subtextStyle: { width: w - 32, overflow: 'truncate' } } };
    var ys = option.yAxis || [];
    if (ys[0] && ys[0].type === 'category' && ys[0].inverse) {
      // every panel's category column (a chart in panels has one per unit)
      var grids = Array.isArray(option.grid) ? option.grid : [option.grid];
      patch.yAxis = ys.map(function (y) { return y.type === 'category' ? { axisLabel: { width: 88 } } : {}; });
      patch.grid = grids.map(function () { return { left: 104 }; }); // the right keeps its room for the longest bar's label
    }
    if (option.title) chart.setOption(patch);
  }

  // The page arrives with each chart drawn by the server as an SVG (the
  // first paint). The interactive chart replaces it lazily: ECharts itself
  // is loaded only then, from the URL in this script's data-echarts.
  var script = document.currentScript;
  var echartsURL = script && script.getAttribute('data-echarts');
  var waiting = [];
  var loading = false;

  function withEcharts(fn) {
    if (window.echarts) { fn(); return; }
    waiting.push(fn);
    if (loading || !echartsURL) return;
    loading = true;
    var s = document.createElement('script');
    s.src = echartsURL;
    s.onload = function () {
      var fns = waiting;
      waiting = [];
      for (var i = 0; i < fns.length; i++) fns[i]();
    };
    document.head.appendChild(s);
  }

  function draw(el) {
    var script = document.getElementById(el.getAttribute('data-option'));
    if (!script || !window.echarts) return null;
    var option = JSON.parse(script.textContent);
    option.tooltip = option.tooltip || {};
    option.tooltip.formatter = tooltip;
    var chart = window.echarts.init(el, null, { renderer: el.getAttribute('data-renderer') || 'canvas', locale: 'ZH' });
    var ssr = el.querySelector('[data-ssr]');
    chart.on('finished', function () {
      if (ssr && ssr.parentNode) ssr.parentNode.removeChild(ssr); // the live chart is on screen: the SVG goes
      el.setAttribute('data-drawn', 'true');
    });
    chart.setOption(option);
    fitSourceLine(chart);
    fitNarrow(chart, option);
    if (window.ResizeObserver) {
      new ResizeObserver(function () { chart.resize(); fitSourceLine(chart); fitNarrow(chart, option); }).observe(el);
    }
    return chart;
  }

  // hydrate draws the interactive chart in el, once.
  function hydrate(el) {
    if (el.getAttribute('data-hydrating')) return;
    el.setAttribute('data-hydrating', 'true');
    withEcharts(function () { whenFontReady(function () { draw(el); }); });
  }

  // idle runs fn when the browser is idle, once the page has been loaded for
  // a while: a phone's slow CPU serves the reader first, and ECharts (the
  // page's one long task) waits; a pointer, touch or focus on a chart
  // draws it at once.
  var loadedAt = 0;
  window.addEventListener('load', function () { loadedAt = Date.now(); });
  function idle(fn) {
    var wait = loadedAt ? Math.max(0, loadedAt + 5000 - Date.now()) : 5000;
    setTimeout(function () {
      if (window.requestIdleCallback) window.requestIdleCallback(fn, { timeout: 2000 });
      else fn();
    }, wait);
  }

  function hydrateAll() {
    var els = document.querySelectorAll('[data-chart]');
    for (var i = 0; i < els.length; i++) hydrate(els[i]);
  }

  function start() {
    var els = document.querySelectorAll('[data-chart]');
    var observer = window.IntersectionObserver && new IntersectionObserver(function (entries) {
      for (var i = 0; i < entries.length; i++) {
        if (entries[i].isIntersecting) {
          observer.unobserve(entries[i].target);
          (function (target) { idle(function () { hydrate(target); }); })(entries[i].target);
        }
      }
    }, { rootMargin: '200px' });
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (!el.querySelector('[data-ssr]') || !observer) { hydrate(el); continue; } // no first paint, or an old browser
      observer.observe(el);
      var now = (function (target) { return function () { hydrate(target); }; })(el);
      el.addEventListener('pointerenter', now);
      el.addEventListener('touchstart', now, { passive: true });
      el.addEventListener('focusin', now);
    }
    window.addEventListener('beforeprint', hydrateAll);
  }

  // For tools and tests: draw every chart now.
  window.ecomdashCharts = { hydrateAll: hydrateAll };

  // whenFontReady runs fn once the shipped face has loaded (or after 3 s, or
  // at once where the browser cannot tell): ECharts measures and caches
  // text widths when it lays a chart out, so a chart laid out in a fallback
  // font would keep labels cut off once the real face arrives.
  function whenFontReady(fn) {
    var done = false;
    function go() { if (!done) { done = true; fn(); } }
    if (!document.fonts || !document.fonts.load) { go(); return; }
    document.fonts.load('12px "Noto Sans SC"', '数据来源').then(go, go);
    setTimeout(go, 3000);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
