// 电商区域统计看板 · 数据管理页 (/admin).
//
// The page itself holds no data; every call to /api/admin/* carries the
// token as "Authorization: Bearer …". The token is kept in sessionStorage
// only (gone when the tab closes). Everything the server returns is shown
// with textContent, never as HTML.
(function () {
  'use strict';

  var A = window.EcomdashAdmin;
  var token = A.token, el = A.el, message = A.message, call = A.call;

  function $(id) { return document.getElementById(id); }

  function table(headers, rows) {
    var t = el('table', null, 'data');
    var tr = el('tr');
    headers.forEach(function (h) { var th = el('th', h); th.scope = 'col'; tr.appendChild(th); });
    t.appendChild(el('thead')).appendChild(tr);
    var body = t.appendChild(el('tbody'));
    rows.forEach(function (r) {
      var row = body.appendChild(el('tr'));
      r.forEach(function (cell) {
        var td = row.appendChild(el('td'));
        if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell == null ? '' : String(cell);
      });
    });
    return t;
  }

  function authProblem(box, r) {
    if (r.status === 401) { message(box, '令牌无效或未填写 (401)：请在上方填写管理令牌。', 'error'); return true; }
    if (r.status === 429) { message(box, (r.data && r.data.error) || '尝试次数过多，请稍后再试 (429)。', 'error'); return true; }
    return false;
  }

  // token form
  function showTokenState() {
    $('token-state').textContent = token()
      ? '已设置令牌（仅保存在本标签页的 sessionStorage）。'
      : '尚未设置令牌。令牌只保存在本浏览器标签页（sessionStorage），关闭标签页即清除。';
  }
  $('token-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    A.setToken($('token').value.trim());
    $('token').value = '';
    showTokenState();
  });
  $('token-clear').addEventListener('click', function () {
    A.setToken('');
    showTokenState();
    loadSaved();
  });
  showTokenState();

  // import
  var lastChecked = null; // the file that passed a dry run
  $('file').addEventListener('change', function () {
    lastChecked = null;
    $('apply').disabled = true;
    $('import-result').textContent = '';
  });
  $('import-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var dry = !ev.submitter || ev.submitter.getAttribute('data-dry') !== '0';
    var file = $('file').files[0];
    var box = $('import-result');
    if (!file) { message(box, '请选择 CSV 文件。', 'error'); return; }
    if (!dry && lastChecked !== file) { message(box, '请先检查（试运行）这个文件。', 'error'); return; }
    message(box, dry ? '正在检查…' : '正在导入…');
    var url = '/api/admin/import?file=' + encodeURIComponent(file.name) + (dry ? '&dry_run=1' : '');
    call('POST', url, file, 'text/csv').then(function (r) {
      if (authProblem(box, r)) return;
      box.textContent = '';
      var d = r.data || {};
      if (r.status === 200) {
        box.appendChild(el('p', (d.dry_run ? '检查通过（未写入）：' : '导入完成：') + d.rows + ' 行，新增 ' + d.new +
          '，更新 ' + d.updated + '，不变 ' + d.unchanged + '。', 'admin-msg ok'));
        box.appendChild(el('p', 'SHA-256：' + d.sha256 + ' · 数据版本 ' + d.data_version, 'small muted'));
        lastChecked = d.dry_run ? file : null;
        $('apply').disabled = !d.dry_run;
        if (!d.dry_run) loadAudit();
        return;
      }
      lastChecked = null;
      $('apply').disabled = true;
      box.appendChild(el('p', d.error || ('导入失败 (' + r.status + ')'), 'admin-msg error'));
      if (d.rows && d.rows.length) {
        var rows = [];
        d.rows.forEach(function (row) {
          Object.keys(row.fields || {}).sort().forEach(function (f) { rows.push([row.line, f, row.fields[f]]); });
        });
        box.appendChild(table(['行号', '列', '问题'], rows));
      }
    }, function (err) { message(box, '请求失败：' + err, 'error'); });
  });

  // audit
  function json(v) { return el('pre', v == null ? '' : JSON.stringify(v, null, 1)); }
  function loadAudit() {
    var box = $('audit-result');
    call('GET', '/api/admin/audit?limit=20').then(function (r) {
      if (authProblem(box, r)) return;
      if (r.status !== 200) { message(box, (r.data && r.data.error) || String(r.status), 'error'); return; }
      box.textContent = '';
      if (!r.data.length) { message(box, '还没有修改记录。'); return; }
      box.appendChild(table(['时间', '操作者', '操作', '对象', '键', '修改前', '修改后'], r.data.map(function (e) {
        return [new Date(e.at).toLocaleString('zh-CN'), e.actor, e.action, e.entity, e.key, json(e.before), json(e.after)];
      })));
    }, function (err) { message(box, '请求失败：' + err, 'error'); });
  }
  $('audit-load').addEventListener('click', loadAudit);

  // saved charts and dashboards
  var charts = [], dashboards = [];
  function button(text, onClick, label) {
    var b = el('button', text);
    b.type = 'button';
    if (label) b.setAttribute('aria-label', label);
    b.addEventListener('click', onClick);
    return b;
  }
  function actions() {
    var span = el('span', null, 'row-actions');
    for (var i = 0; i < arguments.length; i++) span.appendChild(arguments[i]);
    return span;
  }
  function link(text, href) { var a = el('a', text); a.href = href; return a; }
  function chartBody(c) {
    return { id: c.id, title: c.title, state: c.state, lead: c.lead || '', reading: c.reading || '', note: c.note || '', position: c.position };
  }
  function dashboardBody(d) {
    return { id: d.id, title: d.title, description: d.description || '', charts: (d.charts || []).slice(),
      headlines: (d.headlines || []).slice(), position: d.position };
  }
  // swap exchanges the positions of rows i and j of list and saves both.
  function swap(list, i, j, path, body, box) {
    if (j < 0 || j >= list.length) return;
    var a = body(list[i]), b = body(list[j]);
    var pa = a.position, pb = b.position;
    if (pa === pb) pb = pa + (j > i ? 1 : -1);
    a.position = pb; b.position = pa;
    call('PUT', path + encodeURIComponent(a.id), a).then(function (r) {
      if (r.status !== 200) { message(box, A.problem(r), 'error'); return; }
      return call('PUT', path + encodeURIComponent(b.id), b).then(function (r2) {
        if (r2.status !== 200) message(box, A.problem(r2), 'error');
        loadSaved();
      });
    });
  }
  function remove(kind, id, box) {
    var path = kind === 'chart' ? '/api/admin/charts/' : '/api/admin/dashboards/';
    if (!window.confirm('确定删除' + (kind === 'chart' ? '图表' : '看板') + ' ' + id + '？此操作记入修改记录。')) return;
    call('DELETE', path + encodeURIComponent(id)).then(function (r) {
      if (r.status === 409 && kind === 'chart') {
        if (!window.confirm(A.problem(r) + '\n\n从这些看板中移除并删除？')) return;
        return call('DELETE', path + encodeURIComponent(id) + '?cascade=1');
      }
      return r;
    }).then(function (r) {
      if (!r) return;
      if (r.status !== 200) { message(box, A.problem(r), 'error'); return; }
      message(box, '已删除 ' + id + '。', 'ok');
      loadSaved();
    });
  }

  function renderCharts() {
    var box = $('charts-result');
    box.textContent = '';
    box.appendChild(table(['顺序', '编号', '标题', '操作', '图表状态'], charts.map(function (c, i) {
      return [String(i + 1), link(c.id, '/charts/' + encodeURIComponent(c.id)), c.title,
        actions(
          button('上移', function () { swap(charts, i, i - 1, '/api/admin/charts/', chartBody, box); }, '上移 ' + c.id),
          button('下移', function () { swap(charts, i, i + 1, '/api/admin/charts/', chartBody, box); }, '下移 ' + c.id),
          button('编辑', function () { editChart(c); }, '编辑 ' + c.id),
          button('删除', function () { remove('chart', c.id, box); }, '删除 ' + c.id)),
        link(c.state, '/compare?' + c.state)];
    })));
    var sel = $('dash-add-chart');
    sel.textContent = '';
    charts.forEach(function (c) { var o = el('option', c.title + '（' + c.id + '）'); o.value = c.id; sel.appendChild(o); });
  }
  function renderDashboards() {
    var box = $('dashboards-result');
    box.textContent = '';
    box.appendChild(table(['顺序', '编号', '标题', '图表数', '操作'], dashboards.map(function (d, i) {
      return [String(i + 1), link(d.id, '/dashboards/' + encodeURIComponent(d.id)), d.title, String((d.charts || []).length),
        actions(
          button('上移', function () { swap(dashboards, i, i - 1, '/api/admin/dashboards/', dashboardBody, box); }, '上移 ' + d.id),
          button('下移', function () { swap(dashboards, i, i + 1, '/api/admin/dashboards/', dashboardBody, box); }, '下移 ' + d.id),
          button('编辑', function () { editDashboard(d); }, '编辑 ' + d.id),
          button('删除', function () { remove('dashboard', d.id, box); }, '删除 ' + d.id))];
    })));
  }
  function loadSaved() {
    if (!token()) return;
    call('GET', '/api/admin/charts').then(function (r) {
      if (authProblem($('charts-result'), r)) return;
      charts = r.data || [];
      renderCharts();
      return call('GET', '/api/admin/dashboards').then(function (r2) {
        dashboards = r2.data || [];
        renderDashboards();
      });
    }, function (err) { message($('charts-result'), '请求失败：' + err, 'error'); });
  }
  $('saved-load').addEventListener('click', loadSaved);

  // chart form: editing keeps the id; a blank form creates
  var editingChart = null;
  function editChart(c) {
    editingChart = c;
    ['id', 'title', 'state', 'lead', 'reading', 'note'].forEach(function (k) { $('chart-' + k).value = c[k] || ''; });
    $('chart-id').readOnly = true;
    $('chart-form-h').textContent = '编辑图表 ' + c.id;
    $('chart-form').scrollIntoView();
  }
  function resetChartForm() {
    editingChart = null;
    $('chart-form').reset();
    $('chart-id').readOnly = false;
    $('chart-form-h').textContent = '新建图表';
  }
  $('chart-new').addEventListener('click', resetChartForm);
  $('chart-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var body = {};
    ['id', 'title', 'state', 'lead', 'reading', 'note'].forEach(function (k) { body[k] = $('chart-' + k).value.trim(); });
    body.state = body.state.replace(/^.*\?/, ''); // a pasted /compare?… address works too
    var box = $('chart-form-result');
    var req = editingChart
      ? call('PUT', '/api/admin/charts/' + encodeURIComponent(editingChart.id), (body.position = editingChart.position, body))
      : call('POST', '/api/admin/charts', body);
    req.then(function (r) {
      if (r.status !== 200 && r.status !== 201) { message(box, A.problem(r), 'error'); return; }
      message(box, '已保存 ' + body.id + '。', 'ok');
      resetChartForm();
      loadSaved();
    });
  });

  // dashboard form, with its chart list in order
  var editingDash = null, dashCharts = [];
  function renderDashCharts() {
    var list = $('dash-charts');
    list.textContent = '';
    dashCharts.forEach(function (id, i) {
      var li = el('li', id + ' ');
      li.appendChild(actions(
        button('上移', function () { if (i > 0) { dashCharts.splice(i - 1, 0, dashCharts.splice(i, 1)[0]); renderDashCharts(); } }, '上移 ' + id),
        button('下移', function () { if (i < dashCharts.length - 1) { dashCharts.splice(i + 1, 0, dashCharts.splice(i, 1)[0]); renderDashCharts(); } }, '下移 ' + id),
        button('移除', function () { dashCharts.splice(i, 1); renderDashCharts(); }, '移除 ' + id)));
      list.appendChild(li);
    });
  }
  function editDashboard(d) {
    editingDash = d;
    $('dash-id').value = d.id; $('dash-id').readOnly = true;
    $('dash-title').value = d.title; $('dash-description').value = d.description || '';
    $('dash-headlines').value = (d.headlines || []).join('\n');
    dashCharts = (d.charts || []).slice();
    renderDashCharts();
    $('dash-form-h').textContent = '编辑看板 ' + d.id;
    $('dash-form').scrollIntoView();
  }
  function resetDashForm() {
    editingDash = null; dashCharts = [];
    $('dash-form').reset(); $('dash-id').readOnly = false;
    renderDashCharts();
    $('dash-form-h').textContent = '新建看板';
  }
  $('dash-new').addEventListener('click', resetDashForm);
  $('dash-add').addEventListener('click', function () {
    var id = $('dash-add-chart').value;
    if (id && dashCharts.indexOf(id) < 0) { dashCharts.push(id); renderDashCharts(); }
  });
  $('dash-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var body = { id: $('dash-id').value.trim(), title: $('dash-title').value.trim(), description: $('dash-description').value.trim(),
      charts: dashCharts.slice(), headlines: $('dash-headlines').value.split('\n').map(function (s) { return s.trim(); }).filter(Boolean) };
    var box = $('dash-form-result');
    var req = editingDash
      ? call('PUT', '/api/admin/dashboards/' + encodeURIComponent(editingDash.id), (body.position = editingDash.position, body))
      : call('POST', '/api/admin/dashboards', body);
    req.then(function (r) {
      if (r.status !== 200 && r.status !== 201) { message(box, A.problem(r), 'error'); return; }
      message(box, '已保存 ' + body.id + '。', 'ok');
      resetDashForm();
      loadSaved();
    });
  });
  loadSaved();
}());
