// 电商区域统计看板 · 数据管理页 (/admin).
//
// The page itself holds no data; every call to /api/admin/* carries the
// token as "Authorization: Bearer …". The token is kept in sessionStorage
// only (gone when the tab closes). Everything the server returns is shown
// with textContent, never as HTML.
(function () {
  'use strict';

  var KEY = 'ecomdash-admin-token';

  function $(id) { return document.getElementById(id); }

  function token() {
    try { return sessionStorage.getItem(KEY) || ''; } catch (e) { return ''; }
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function message(box, text, kind) {
    box.textContent = '';
    box.appendChild(el('p', text, 'admin-msg' + (kind ? ' ' + kind : '')));
  }

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

  function call(method, url, body, contentType) {
    var headers = { 'Authorization': 'Bearer ' + token() };
    if (contentType) headers['Content-Type'] = contentType;
    return fetch(url, { method: method, headers: headers, body: body, credentials: 'same-origin' }).then(function (resp) {
      return resp.json().catch(function () { return {}; }).then(function (data) {
        return { status: resp.status, data: data };
      });
    });
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
    try { sessionStorage.setItem(KEY, $('token').value.trim()); } catch (e) { /* storage disabled */ }
    $('token').value = '';
    showTokenState();
  });
  $('token-clear').addEventListener('click', function () {
    try { sessionStorage.removeItem(KEY); } catch (e) { /* storage disabled */ }
    showTokenState();
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
}());
