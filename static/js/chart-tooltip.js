// 电商区域统计看板: the one tooltip of every interactive chart (pages,
// embeds and the 大屏), shared by charts.js and screen.js. Chart options are
// JSON; this formatter is the one function added to them, and it escapes
// every string it shows.
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
    if (d.stated) parts.push('<div class="tip-meta">原文：', escapeHTML(d.stated), '</div>');
    if (d.period) parts.push('<div class="tip-meta">', escapeHTML(d.period), '</div>');
    if (d.source) parts.push('<div class="tip-meta">来源：', escapeHTML(d.source), '</div>');
    if (d.derived) parts.push('<div class="tip-derived">推算值，非文件原文数字</div>');
    if (d.target) parts.push('<div class="tip-derived">目标数，不是完成数</div>');
    if (d.inferred) parts.push('<div class="tip-derived">', escapeHTML(d.inferred), '：文件没有单独报告这一时期的数字</div>');
    parts.push('</div>');
    return parts.join('');
  }

  window.EcomdashTooltip = tooltip;
}());
