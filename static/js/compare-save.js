// 电商区域统计看板 · saving a comparison as a chart (/compare, administrators).
// POST /api/admin/charts with the page's state, then, if a dashboard is
// chosen, PUT that dashboard with the chart added at its end.
(function () {
  'use strict';
  var A = window.EcomdashAdmin;
  var form = document.getElementById('save-chart-form');
  if (!A || !form) return;
  var box = document.getElementById('save-result');
  function $(id) { return document.getElementById(id); }
  $('save-token').value = A.token();

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    A.setToken($('save-token').value.trim());
    var id = $('save-id').value.trim();
    var chart = { id: id, title: $('save-title').value.trim(), state: form.getAttribute('data-state'),
      lead: $('save-lead').value.trim(), reading: $('save-reading').value.trim() };
    A.message(box, '正在保存…');
    A.call('POST', '/api/admin/charts', chart).then(function (r) {
      if (r.status !== 201) { A.message(box, A.problem(r), 'error'); return null; }
      var dash = $('save-dashboard').value;
      if (!dash) return 'saved';
      return fetch('/api/dashboards/' + encodeURIComponent(dash)).then(function (resp) { return resp.json(); }).then(function (d) {
        var body = { id: d.id, title: d.title, description: d.description, charts: d.charts.concat([id]),
          headlines: d.headlines, position: d.position };
        return A.call('PUT', '/api/admin/dashboards/' + encodeURIComponent(dash), body).then(function (r2) {
          if (r2.status !== 200) { A.message(box, '图表已保存，但加入看板失败：' + A.problem(r2), 'error'); return null; }
          return 'added';
        });
      });
    }).then(function (done) {
      if (!done) return;
      box.textContent = '';
      var p = A.el('p', done === 'added' ? '已保存并加入看板：' : '已保存：', 'admin-msg ok');
      var a = A.el('a', '/charts/' + id);
      a.href = '/charts/' + encodeURIComponent(id);
      p.appendChild(a);
      box.appendChild(p);
    }, function (err) { A.message(box, '请求失败：' + err, 'error'); });
  });
}());
