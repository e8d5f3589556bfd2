// 电商区域统计看板: draws every chart on the page from its option JSON.
//
// Each chart is a <div data-chart="ID" data-option="ELEMENT-ID">; the option
// sits in <script type="application/json" id="ELEMENT-ID">, written by the
// server with every "<" escaped, and is read with JSON.parse: nothing from
// the data is ever evaluated as code. The one function added here is the
// tooltip formatter, which escapes every string it shows.
(function () {
  'use strict';

  function escapeHTML(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function tooltip(params) {
    var d = params.data || {};
    var name = d.name || params.name || params.seriesName || '';
    var parts = ['<div class="echarts-tip">', '<div class="tip-title">', escapeHTML(String(name).replace(/\n/g, ' ')), '</div>'];
    var shown = d.shown != null ? d.shown : (params.value == null ? '暂无数据' : params.value + (d.unit || ''));
    parts.push('<div class="tip-value">', escapeHTML(shown), '</div>');
    if (d.period) parts.push('<div class="tip-meta">', escapeHTML(d.period), '</div>');
    if (d.source) parts.push('<div class="tip-meta">来源：', escapeHTML(d.source), '</div>');
    if (d.derived) parts.push('<div class="tip-derived">推算值，非文件原文数字</div>');
    if (d.target) parts.push('<div class="tip-derived">目标数，不是完成数</div>');
    parts.push('</div>');
    return parts.join('');
  }

  function fitSourceLine(chart) {
    chart.setOption({ graphic: [{ id: 'source-line', style: { width: Math.max(200, chart.getWidth() - 32) } }] });
  }

  function draw(el) {
    var script = document.getElementById(el.getAttribute('data-option'));
    if (!script || !window.echarts) return null;
    var option = JSON.parse(script.textContent);
    option.tooltip = option.tooltip || {};
    option.tooltip.formatter = tooltip;
    var chart = window.echarts.init(el, null, { renderer: el.getAttribute('data-renderer') || 'canvas', locale: 'ZH' });
    chart.setOption(option);
    fitSourceLine(chart);
    el.setAttribute('data-drawn', 'true');
    if (window.ResizeObserver) {
      new ResizeObserver(function () { chart.resize(); fitSourceLine(chart); }).observe(el);
    }
    return chart;
  }

  function drawAll() {
    var els = document.querySelectorAll('[data-chart]');
    for (var i = 0; i < els.length; i++) draw(els[i]);
  }

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

  function start() { whenFontReady(drawAll); }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
