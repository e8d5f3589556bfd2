// 电商区域统计看板 · 数据管理页：导入表格 (/admin, issue 23).
//
// A workbook, CSV or pasted table is sent to POST /api/admin/imports with
// the choices made so far; the preview that comes back is drawn as the
// sheet itself (row numbers, column letters, the cells that become figures
// and the problem cells marked), with a control for each choice the
// reading needs. Any change sends the preview again. The commit, the undo
// and the list of recent imports use the same API. ES5, no framework;
// everything the server returns is shown with textContent.
(function () {
  'use strict';

  var A = window.EcomdashAdmin;
  var el = A.el, message = A.message, call = A.call;
  function $(id) { return document.getElementById(id); }

  var FIGURES_SHOWN = 500;
  var LINK_METRICS = 8, LINK_REGIONS = 40;
  var STATUS = { 'new': '新增', changed: '更新', unchanged: '不变' };

  // state of the import being prepared
  var file = null;        // the File chosen or dropped
  var preview = null;     // the last preview shown
  var choices = { regions: {}, metrics: {} };
  var candidates = {};    // region label → its candidates, as first offered
  var unknownRegions = {};// region label → true, for labels not found
  var regionFound = {};   // region label → regions found by the search box
  var similar = {};       // metric label → {name, unit, similar}
  var seq = 0;            // the latest preview request; older answers are dropped
  var metrics = null;     // GET /api/metrics
  var timer = null;
  var sentKey = '';       // the fields and choices of the last preview sent

  function fmt(n) { return n == null ? '' : String(n); }
  function option(value, text, selected) {
    var o = el('option', text);
    o.value = value;
    if (selected) o.selected = true;
    return o;
  }
  function columnName(i) {
    var s = '';
    i += 1;
    while (i > 0) { var m = (i - 1) % 26; s = String.fromCharCode(65 + m) + s; i = Math.floor((i - 1) / 26); }
    return s;
  }
  function status(text, kind) {
    if (!text) { $('sheet-status').textContent = ''; return; }
    message($('sheet-status'), text, kind);
  }
  function isAuth(box, r) {
    if (r.status === 401) { message(box, '令牌无效或未填写 (401)：请在上方填写管理令牌。', 'error'); return true; }
    if (r.status === 429) { message(box, (r.data && r.data.error) || '尝试次数过多，请稍后再试 (429)。', 'error'); return true; }
    return false;
  }

  // the lists the choices offer
  function loadSources(selected) {
    return fetch('/api/sources', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (list) {
      var sel = $('src-id');
      var keep = selected != null ? selected : sel.value;
      while (sel.options.length > 1) sel.removeChild(sel.lastChild);
      (list || []).forEach(function (s) {
        sel.appendChild(option(s.id, (s.title || s.id) + (s.published_on ? '（' + s.published_on + '）' : ''), s.id === keep));
      });
    }, function () { /* the list is optional */ });
  }
  function loadMetrics() {
    if (metrics) return Promise.resolve(metrics);
    return fetch('/api/metrics', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (list) {
      metrics = list || [];
      var sel = $('sheet-metric');
      metrics.forEach(function (m) { sel.appendChild(option(m.code, m.name_zh + '（' + m.unit + '）')); });
      return metrics;
    }, function () { metrics = []; return metrics; });
  }

  // the input: a file (chosen or dropped) or a pasted table
  function resetChoices() {
    choices = { regions: {}, metrics: {} };
    candidates = {}; unknownRegions = {}; regionFound = {}; similar = {};
    $('sheet-sheet').textContent = '';
    $('sheet-sheet-field').hidden = true;
  }
  function setFile(f) {
    file = f;
    resetChoices();
    $('sheet-file-name').textContent = f ? '已选择：' + f.name + '（' + Math.max(1, Math.round(f.size / 1024)) + ' KB）' : '';
    if (f) $('sheet-text').value = '';
  }
  $('sheet-file').addEventListener('change', function () {
    setFile(this.files && this.files[0] ? this.files[0] : null);
  });
  $('sheet-text').addEventListener('input', function () {
    if (file && this.value.replace(/\s/g, '') !== '') {
      file = null;
      $('sheet-file').value = '';
      $('sheet-file-name').textContent = '';
      resetChoices();
    }
  });
  var drop = $('sheet-drop');
  ['dragenter', 'dragover'].forEach(function (t) {
    drop.addEventListener(t, function (ev) { ev.preventDefault(); drop.className = 'drop-zone over'; });
  });
  ['dragleave', 'drop'].forEach(function (t) {
    drop.addEventListener(t, function (ev) { ev.preventDefault(); drop.className = 'drop-zone'; });
  });
  drop.addEventListener('drop', function (ev) {
    var files = ev.dataTransfer && ev.dataTransfer.files;
    if (files && files.length) {
      setFile(files[0]);
      sendPreview();
    }
  });

  // fields reads the form's fields (all but the table) and the choices.
  function fields() {
    var out = [];
    var fields = { sheet: 'sheet-sheet', layout: 'sheet-layout', unit: 'sheet-unit', header_rows: 'sheet-header-rows',
      metric: 'sheet-metric', period: 'sheet-period', region: 'sheet-region' };
    Object.keys(fields).forEach(function (k) {
      var v = $(fields[k]).value.trim();
      if (v !== '' && !(k === 'header_rows' && v === '0')) out.push([k, v]);
    });
    if ($('src-id').value) {
      out.push(['source_id', $('src-id').value]);
    } else {
      [['source_title', 'src-title'], ['source_publisher', 'src-publisher'], ['source_date', 'src-date'], ['source_url', 'src-url']].forEach(function (p) {
        var v = $(p[1]).value.trim();
        if (v) out.push([p[0], v]);
      });
    }
    out.push(['choices', JSON.stringify(choices)]);
    return out;
  }
  function fieldsKey() { return JSON.stringify(fields()); }
  // form builds the preview request from the input, the fields and the choices.
  function form() {
    var fd = new FormData();
    if (file) fd.append('file', file, file.name);
    else fd.append('text', $('sheet-text').value);
    fields().forEach(function (f) { fd.append(f[0], f[1]); });
    return fd;
  }
  // refresh previews again when a field changed since the last preview.
  function refresh() {
    if (timer) { clearTimeout(timer); timer = null; }
    if (preview && fieldsKey() !== sentKey) sendPreview(); else updateCommit();
  }

  function sendPreview() {
    var box = $('sheet-status');
    if (!file && $('sheet-text').value.replace(/\s/g, '') === '') {
      message(box, '请选择一个表格文件，或粘贴一个表格。', 'error');
      return;
    }
    if (timer) { clearTimeout(timer); timer = null; }
    var mine = ++seq;
    var old = preview;
    sentKey = fieldsKey();
    $('sheet-commit-btn').disabled = true;
    $('sheet-preview').setAttribute('aria-busy', 'true');
    status('正在预览…');
    call('POST', '/api/admin/imports', form()).then(function (r) {
      if (mine !== seq) return;
      $('sheet-preview').removeAttribute('aria-busy');
      if (isAuth(box, r)) return;
      if (r.status !== 201) {
        message(box, A.problem(r), 'error');
        updateCommit();
        return;
      }
      if (old && old.status === 'preview' && old.id !== r.data.id) discard(old.id);
      // the fields the preview fills (from the table) are what it was made
      // with: they need no other preview
      var unchanged = fieldsKey() === sentKey;
      show(r.data);
      if (unchanged) sentKey = fieldsKey();
      status('预览已更新：' + summaryText(r.data) + '。', 'ok');
    }, function (err) {
      if (mine !== seq) return;
      $('sheet-preview').removeAttribute('aria-busy');
      message(box, '请求失败：' + err, 'error');
    });
  }
  // later sends a preview once typing has paused.
  function later() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(function () { timer = null; refresh(); }, 600);
    updateCommit();
  }
  // discard drops a preview replaced by a newer one (it is kept otherwise
  // as a batch in the list of imports).
  function discard(id) { call('DELETE', '/api/admin/imports/' + encodeURIComponent(id)); }

  $('sheet-form').addEventListener('submit', function (ev) { ev.preventDefault(); sendPreview(); });
  $('sheet-reset').addEventListener('click', function () {
    if (preview && preview.status === 'preview') discard(preview.id);
    preview = null;
    setFile(null);
    $('sheet-form').reset();
    $('sheet-preview').textContent = '';
    $('sheet-result').textContent = '';
    status('');
    updateCommit();
  });
  ['sheet-sheet', 'sheet-layout', 'sheet-metric', 'src-id'].forEach(function (id) {
    $(id).addEventListener('change', refresh);
  });
  ['sheet-unit', 'sheet-header-rows', 'sheet-period', 'sheet-region', 'src-title', 'src-publisher', 'src-date', 'src-url'].forEach(function (id) {
    $(id).addEventListener('change', refresh);
    $(id).addEventListener('input', function () { if (preview) later(); });
  });

  function summaryText(p) {
    var c = p.counts || {};
    return c.figures + ' 个数字，' + c.problems + ' 处问题';
  }

  // show draws a preview.
  function show(p) {
    preview = p;
    remember(p);
    fillSource(p);
    markSource(p);
    fillSheets(p);
    var box = $('sheet-preview');
    box.textContent = '';
    var sum = el('div', null, 'sheet-summary');
    var facts = [];
    if (p.file_name) facts.push('文件：' + p.file_name);
    if (p.sheet) facts.push('工作表：' + p.sheet);
    facts.push('布局：' + (p.layout_label || p.layout));
    if (p.unit) facts.push('单位：' + p.unit);
    if (p.fixed) facts.push(roleName(p.fixed.role) + '：' + (p.fixed.name || p.fixed.text || '？') + (p.fixed.how ? '（' + p.fixed.how + '）' : ''));
    sum.appendChild(el('p', facts.join(' · '), 'small'));
    var c = p.counts || {};
    var counts = el('p', null, 'sheet-counts');
    counts.appendChild(el('strong', c.figures + ' 个数字'));
    counts.appendChild(document.createTextNode('将新增 ' + c['new'] + '、更新 ' + c.changed + '、不变 ' + c.unchanged + '；' + c.missing + ' 个空缺；'));
    counts.appendChild(el('span', c.problems + ' 处问题', c.problems ? 'sheet-bad' : ''));
    if (c.new_metrics) counts.appendChild(document.createTextNode('；新建 ' + c.new_metrics + ' 个指标'));
    sum.appendChild(counts);
    if (p.title) sum.appendChild(el('p', '表题：' + p.title, 'small muted'));
    (p.notes || []).forEach(function (n) { sum.appendChild(el('p', n, 'small muted')); });
    box.appendChild(sum);

    var metricBox = metricChoices(p);
    if (metricBox) box.appendChild(metricBox);
    box.appendChild(problemList(p));
    var made = madeChoices(p);
    if (made) box.appendChild(made);
    box.appendChild(grid(p));
    box.appendChild(figureList(p));
    updateCommit();
  }
  function roleName(r) { return { region: '地区', period: '时期', metric: '指标' }[r] || r; }

  // remember keeps what each label offered, so that its control stays
  // once the choice is made (the preview then no longer lists it).
  function remember(p) {
    (p.problems || []).forEach(function (pr) {
      if (!pr.label) return;
      if (pr.kind === 'ambiguous_region' && pr.candidates && pr.candidates.length) candidates[pr.label] = pr.candidates;
      if (pr.kind === 'unknown_region' && !candidates[pr.label]) unknownRegions[pr.label] = true;
    });
    (p.metrics || []).forEach(function (m) {
      if (m.new && m.similar && m.similar.length) similar[m.label] = { name: m.name, unit: m.unit, similar: m.similar };
    });
  }
  // fillSource fills the empty source fields from the preview's document.
  // markSource marks the source fields a source problem names.
  function markSource(p) {
    var fields = { 'src-title': '标题', 'src-publisher': '发布机构', 'src-date': '发布日期', 'src-url': '链接' };
    Object.keys(fields).forEach(function (id) {
      var bad = (p.problems || []).some(function (pr) { return pr.kind === 'source' && pr.message.indexOf(fields[id]) >= 0; });
      if (bad) $(id).setAttribute('aria-invalid', 'true'); else $(id).removeAttribute('aria-invalid');
    });
  }
  function fillSource(p) {
    if ($('src-id').value || !p.source_new || !p.source) return;
    var s = p.source;
    [['src-title', s.title], ['src-publisher', s.publisher], ['src-date', s.published_on], ['src-url', s.url]].forEach(function (f) {
      if (f[1] && !$(f[0]).value.trim() && document.activeElement !== $(f[0])) $(f[0]).value = f[1];
    });
  }
  function fillSheets(p) {
    var sel = $('sheet-sheet');
    var sheets = p.sheets || [];
    $('sheet-sheet-field').hidden = sheets.length < 2;
    if (sheets.length < 2) return;
    sel.textContent = '';
    sheets.forEach(function (s) { sel.appendChild(option(s, s, s === p.sheet)); });
    if (sheets.length > 1) $('sheet-settings').open = true;
  }

  // controls for the choices
  var ctl = 0;
  function labelled(text, control) {
    var wrap = el('span', null, 'sheet-choice');
    var id = 'sheet-ctl-' + (++ctl);
    control.id = id;
    var l = el('label', text);
    l.htmlFor = id;
    wrap.appendChild(l);
    wrap.appendChild(control);
    return wrap;
  }
  function chooseRegion(label, value) {
    if (value === '') delete choices.regions[label]; else choices.regions[label] = value;
    sendPreview();
  }
  function chooseMetric(label, value) {
    if (value === '' || value === 'new') delete choices.metrics[label]; else choices.metrics[label] = value;
    sendPreview();
  }
  // regionControl is the choice for a region label: its candidates, or a
  // search when the name was not found; and 不导入此行.
  function regionControl(label) {
    var wrap = el('span', null, 'sheet-choice-group');
    var sel = el('select');
    var cur = choices.regions[label] || '';
    sel.appendChild(option('', '（请选择）', cur === ''));
    var list = candidates[label] || regionFound[label] || [];
    var seen = false;
    list.forEach(function (c) {
      if (c.code === cur) seen = true;
      sel.appendChild(option(c.code, c.path || (c.name + '（' + c.code + '）'), c.code === cur));
    });
    if (cur && cur !== '-' && !seen) sel.appendChild(option(cur, '地区代码 ' + cur, true));
    sel.appendChild(option('-', '不导入此行', cur === '-'));
    sel.addEventListener('change', function () { chooseRegion(label, sel.value); });
    wrap.appendChild(labelled('“' + label + '”是：', sel));
    if (!candidates[label]) {
      var q = el('input');
      q.type = 'search';
      q.value = label.replace(/(省|市|区|县)$/, '');
      q.className = 'sheet-search';
      var b = el('button', '查找地区');
      b.type = 'button';
      var find = function () {
        var text = q.value.trim();
        if (!text) return;
        b.disabled = true;
        fetch('/api/regions?q=' + encodeURIComponent(text), { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (rows) {
          b.disabled = false;
          regionFound[label] = (rows || []).slice(0, 30).map(function (r) {
            return { code: r.code, name: r.name_zh, path: r.name_zh + '（' + r.code + '）' };
          });
          var next = regionControl(label);
          wrap.parentNode.replaceChild(next, wrap);
          var s = next.querySelector('select');
          if (s) s.focus();
          status(regionFound[label].length ? '找到 ' + regionFound[label].length + ' 个地区，请在列表中选择。' : '没有找到“' + text + '”。');
        }, function () { b.disabled = false; });
      };
      b.addEventListener('click', find);
      q.addEventListener('keydown', function (ev) { if (ev.keyCode === 13) { ev.preventDefault(); find(); } });
      wrap.appendChild(labelled('按名称查找', q));
      wrap.appendChild(b);
    }
    return wrap;
  }
  // metricControl offers to create the metric or to use a similar one.
  function metricControl(label) {
    var m = similar[label];
    var sel = el('select');
    var cur = choices.metrics[label] || 'new';
    sel.appendChild(option('new', '新建指标“' + m.name + '”（' + m.unit + '）', cur === 'new'));
    m.similar.forEach(function (s) { sel.appendChild(option(s.code, s.name + '（' + s.unit + '）', s.code === cur)); });
    sel.addEventListener('change', function () { chooseMetric(label, sel.value); });
    return labelled('表中的指标“' + label + '”：', sel);
  }
  function metricChoices(p) {
    var labels = Object.keys(similar).filter(function (l) {
      return choices.metrics[l] || (p.metrics || []).some(function (m) { return m.label === l && m['new']; });
    });
    if (!labels.length) return null;
    var box = el('div', null, 'sheet-block');
    box.appendChild(el('h3', '指标'));
    box.appendChild(el('p', '表中的指标名与已有指标不完全相同。若它就是某个已有指标，请选择它；否则将新建指标。', 'small muted'));
    var ul = box.appendChild(el('ul', null, 'sheet-list'));
    labels.forEach(function (l) { ul.appendChild(el('li')).appendChild(metricControl(l)); });
    return box;
  }
  function metricSelectCopy() {
    var sel = el('select');
    sel.appendChild(option('', '（请选择指标）'));
    (metrics || []).forEach(function (m) { sel.appendChild(option(m.code, m.name_zh + '（' + m.unit + '）', m.code === $('sheet-metric').value)); });
    sel.addEventListener('change', function () { $('sheet-metric').value = sel.value; sendPreview(); });
    return labelled('这些数字的指标：', sel);
  }
  function textCopy(target, text, placeholder) {
    var wrap = el('span', null, 'sheet-choice-group');
    var inp = el('input');
    inp.value = $(target).value;
    inp.placeholder = placeholder;
    var b = el('button', '确定');
    b.type = 'button';
    var apply = function () { $(target).value = inp.value.trim(); sendPreview(); };
    b.addEventListener('click', apply);
    inp.addEventListener('keydown', function (ev) { if (ev.keyCode === 13) { ev.preventDefault(); apply(); } });
    wrap.appendChild(labelled(text, inp));
    wrap.appendChild(b);
    return wrap;
  }
  function problemControl(pr) {
    switch (pr.kind) {
      case 'ambiguous_region':
      case 'unknown_region':
        return pr.label ? regionControl(pr.label) : null;
      case 'no_metric':
        return metricSelectCopy();
      case 'no_period':
      case 'unknown_period':
        return pr.label ? null : textCopy('sheet-period', '时期：', '如 2020 或 2020-06');
      case 'no_region':
        return textCopy('sheet-region', '地区代码：', '6 位数字，如 330800');
      case 'source':
        return el('span', '请在上面的“来源文件”中填写。', 'sheet-hint');
    }
    return null;
  }
  function problemList(p) {
    var box = el('div', null, 'sheet-block');
    var list = p.problems || [];
    box.appendChild(el('h3', list.length ? '问题（' + list.length + ' 处）' : '问题'));
    if (!list.length) { box.appendChild(el('p', '没有问题。', 'admin-msg ok')); return box; }
    var ul = box.appendChild(el('ul', null, 'sheet-list sheet-problems'));
    var shownControls = {};
    list.forEach(function (pr) {
      var li = ul.appendChild(el('li'));
      li.setAttribute('data-kind', pr.kind);
      if (pr.cell) li.appendChild(el('span', pr.cell.replace(/^.*!/, ''), 'sheet-cellref'));
      li.appendChild(el('span', pr.message, 'sheet-msg'));
      var key = pr.kind + '\u0000' + (pr.label || '');
      if (shownControls[key]) return; // one control for a label met several times
      var c = problemControl(pr);
      if (c) { shownControls[key] = true; li.appendChild(c); }
    });
    return box;
  }
  // madeChoices lists the region choices already made, so they can be changed.
  function madeChoices(p) {
    var open = {};
    (p.problems || []).forEach(function (pr) { if (pr.label) open[pr.label] = true; });
    var labels = Object.keys(choices.regions).filter(function (l) { return !open[l] && (candidates[l] || unknownRegions[l]); });
    if (!labels.length) return null;
    var box = el('div', null, 'sheet-block sheet-made');
    box.appendChild(el('h3', '已选择的地区'));
    var ul = box.appendChild(el('ul', null, 'sheet-list'));
    labels.forEach(function (l) { ul.appendChild(el('li')).appendChild(regionControl(l)); });
    return box;
  }

  // grid draws the sheet as read, with its labels, figures and problems.
  function grid(p) {
    var rows = p.grid || [];
    var figures = {}, problems = {}, labels = {};
    (p.figures || []).forEach(function (f) { figures[f.row + ',' + f.col] = f; });
    (p.problems || []).forEach(function (pr) {
      if (pr.row < 0 || pr.col < 0) return;
      var k = pr.row + ',' + pr.col;
      (problems[k] = problems[k] || []).push(pr.message);
    });
    var firstFigure = function (pick) {
      var best = {};
      (p.figures || []).forEach(function (f) {
        var k = pick(f);
        if (best[k.key] == null || k.pos < best[k.key]) best[k.key] = k.pos;
      });
      return best;
    };
    var rowFirstCol = firstFigure(function (f) { return { key: f.row, pos: f.col }; });
    var colFirstRow = firstFigure(function (f) { return { key: f.col, pos: f.row }; });
    (p.rows || []).forEach(function (l) {
      var r = l.index, row = rows[r] || [], c = -1, j;
      for (j = 0; j < row.length; j++) if (row[j].trim() === l.text) { c = j; break; }
      if (c < 0 && rowFirstCol[r] != null) for (j = rowFirstCol[r] - 1; j >= 0; j--) if (row[j] && row[j].trim()) { c = j; break; }
      if (c >= 0) labels[r + ',' + c] = l;
    });
    // a column's label is the last header cell above its figures: its text
    // is the header rows joined (年份 2014), so the cell ends it
    (p.columns || []).forEach(function (l) {
      var c = l.index, r = -1, j, text, below = colFirstRow[c] != null ? colFirstRow[c] : rows.length;
      for (j = below - 1; j >= 0; j--) {
        text = rows[j] && rows[j][c] ? rows[j][c].trim() : '';
        if (text && l.text.slice(-text.length) === text) { r = j; break; }
      }
      if (r >= 0) labels[r + ',' + c] = l;
    });
    var width = 0;
    rows.forEach(function (r) { if (r.length > width) width = r.length; });

    var wrap = el('div', null, 'sheet-block');
    wrap.appendChild(el('h3', '表格（按读入的样子）'));
    var legend = wrap.appendChild(el('p', null, 'small sheet-legend'));
    legend.appendChild(el('span', '将导入的数字', 'sheet-key fig'));
    legend.appendChild(el('span', '有问题的单元格', 'sheet-key bad'));
    legend.appendChild(el('span', '识别为表头', 'sheet-key lab'));
    var scroll = wrap.appendChild(el('div', null, 'sheet-grid-scroll'));
    scroll.tabIndex = 0;
    scroll.setAttribute('role', 'region');
    scroll.setAttribute('aria-label', '读入的表格（可横向滚动）');
    var t = scroll.appendChild(el('table', null, 'sheet-grid'));
    var head = t.appendChild(el('thead')).appendChild(el('tr'));
    head.appendChild(el('th', '', 'corner'));
    for (var c = 0; c < width; c++) { var th = head.appendChild(el('th', columnName(c))); th.scope = 'col'; }
    var body = t.appendChild(el('tbody'));
    rows.forEach(function (row, r) {
      var tr = body.appendChild(el('tr'));
      var rh = tr.appendChild(el('th', String(r + 1)));
      rh.scope = 'row';
      for (var c = 0; c < width; c++) {
        var k = r + ',' + c, text = row[c] || '';
        var f = figures[k], probs = problems[k], lab = labels[k];
        var span = 1;
        if (!f && !probs && !lab && text) {
          while (c + span < width && row[c + span] === text && !figures[r + ',' + (c + span)] &&
            !problems[r + ',' + (c + span)] && !labels[r + ',' + (c + span)]) span++;
        }
        var td = tr.appendChild(el('td'));
        if (span > 1) { td.colSpan = span; td.className = 'merged'; }
        if (text.length > 16 && !f) td.className = (td.className ? td.className + ' ' : '') + 'long';
        td.appendChild(el('span', text, 'v'));
        var cls = [];
        if (f) {
          cls.push('fig', 'fig-' + f.status);
          td.title = f.region_name + ' · ' + f.metric_name + ' · ' + f.period_label + '：' + f.value + ' ' + f.unit +
            '（' + (STATUS[f.status] || f.status) + '）';
        }
        if (lab) {
          cls.push('lab');
          var ok = !!lab.key && !probs;
          var note = el('span', null, 'how ' + (ok ? 'ok' : 'ask'));
          note.textContent = ok ? (lab.name && lab.name !== text.trim() ? lab.name + ' ' : '') + '✓ ' + (lab.how || roleName(lab.role))
            : (lab.name ? lab.name + ' ' : '') + '? 请选择';
          td.appendChild(note);
        }
        if (probs) {
          cls.push('bad');
          td.title = probs.join('\n');
          td.appendChild(el('span', '！' + probs[0], 'sr-only'));
        }
        if (!f && !probs && !lab && rowFirstCol[r] != null && colFirstRow[c] != null && span === 1) {
          cls.push('gap');
          td.title = '空缺，不导入';
        }
        if (cls.length) td.className = (td.className ? td.className + ' ' : '') + cls.join(' ');
        c += span - 1;
      }
    });
    if (rows.length >= 300) wrap.appendChild(el('p', '只显示表格的前 300 行、前 40 列。', 'small muted'));
    return wrap;
  }

  // figureList lists every figure, folded.
  function figureList(p) {
    var d = el('details', null, 'sheet-block sheet-figures');
    var figs = p.figures || [];
    d.appendChild(el('summary', '全部 ' + figs.length + ' 个数字（展开查看）'));
    if (!figs.length) { d.appendChild(el('p', '没有可导入的数字。', 'small muted')); return d; }
    var scroll = d.appendChild(el('div', null, 'table-scroll'));
    var t = scroll.appendChild(el('table', null, 'data'));
    var tr = t.appendChild(el('thead')).appendChild(el('tr'));
    ['地区', '指标', '时期', '数值', '表中写法', '单元格', '状态'].forEach(function (h) { var th = tr.appendChild(el('th', h)); th.scope = 'col'; });
    var body = t.appendChild(el('tbody'));
    figs.slice(0, FIGURES_SHOWN).forEach(function (f) {
      var row = body.appendChild(el('tr'));
      var st = STATUS[f.status] || f.status;
      if (f.status === 'changed' && f.old) st += '（原值 ' + f.old.shown + '）';
      [f.region_name, f.metric_name, f.period_label, fmt(f.value) + (f.value_max != null ? '–' + f.value_max : '') + ' ' + f.unit,
        f.stated, f.cell.replace(/^.*!/, ''), st].forEach(function (v) { row.appendChild(el('td', v)); });
      row.className = 'st-' + f.status;
    });
    if (figs.length > FIGURES_SHOWN) d.appendChild(el('p', '只列出前 ' + FIGURES_SHOWN + ' 个，共 ' + figs.length + ' 个。', 'small muted'));
    return d;
  }

  // commit
  function updateCommit() {
    var p = preview;
    var box = $('sheet-commit');
    box.hidden = !p || p.status !== 'preview';
    if (box.hidden) return;
    var c = p.counts || {};
    var extra = p.can_commit ? c.problems : 0;
    $('sheet-allow-wrap').hidden = extra === 0;
    $('sheet-allow-label').textContent = '其余 ' + extra + ' 处问题单元格不导入';
    if (extra === 0) $('sheet-allow').checked = false;
    var btn = $('sheet-commit-btn');
    btn.textContent = '导入 ' + c.figures + ' 个数字';
    $('sheet-commit-why').textContent = p.can_commit
      ? (extra > 0 && !$('sheet-allow').checked ? '有问题的单元格不会导入：勾选上面的方框后才能导入。' : '')
      : (c.figures ? '请先解决上面列出的问题（来源文件的问题必须解决）。' : '没有可导入的数字：请检查读表设置或上面的问题。');
    btn.disabled = !p.can_commit || (extra > 0 && !$('sheet-allow').checked) || timer !== null ||
      $('sheet-preview').getAttribute('aria-busy') === 'true';
  }
  $('sheet-allow').addEventListener('change', updateCommit);
  $('sheet-commit-btn').addEventListener('click', function () {
    var p = preview, box = $('sheet-result');
    if (!p || !p.can_commit) return;
    var btn = this;
    btn.disabled = true;
    message(box, '正在导入…');
    call('POST', '/api/admin/imports/' + encodeURIComponent(p.id) + '/commit' + ($('sheet-allow').checked ? '?allow_problems=1' : ''), '').then(function (r) {
      if (isAuth(box, r)) { updateCommit(); return; }
      var d = r.data || {};
      if (r.status === 409 && d.preview) {
        message(box, d.error + ' 下面是按现在的数据重新生成的预览，请再检查一遍。', 'error');
        show(d.preview);
        return;
      }
      if (r.status !== 200) { message(box, A.problem(r), 'error'); updateCommit(); return; }
      preview.status = 'committed';
      updateCommit();
      committed(d);
      loadImports();
      loadSources();
    }, function (err) { message(box, '请求失败：' + err, 'error'); updateCommit(); });
  });
  function compareLink(d) {
    var m = (d.metrics || []).slice(0, LINK_METRICS), g = (d.regions || []).slice(0, LINK_REGIONS);
    return '/compare?metrics=' + m.map(encodeURIComponent).join(',') + '&regions=' + g.map(encodeURIComponent).join(',') + '&periods=all';
  }
  function committed(d) {
    var box = $('sheet-result');
    box.textContent = '';
    var c = d.counts || {};
    var p = box.appendChild(el('p', '导入完成：' + c.figures + ' 个数字（新增 ' + c['new'] + '、更新 ' + c.changed + '、不变 ' + c.unchanged + '）' +
      (c.new_metrics ? '，新建 ' + c.new_metrics + ' 个指标' : '') + '。', 'admin-msg ok'));
    p.setAttribute('data-import', d.id);
    var acts = box.appendChild(el('p', null, 'row-actions'));
    var a = acts.appendChild(el('a', '在对比分析中查看'));
    a.href = compareLink(d);
    a.id = 'sheet-compare-link';
    if ((d.metrics || []).length > LINK_METRICS || (d.regions || []).length > LINK_REGIONS) {
      box.appendChild(el('p', '（对比分析最多打开 ' + LINK_METRICS + ' 个指标、' + LINK_REGIONS + ' 个地区。）', 'small muted'));
    }
    var b = acts.appendChild(el('button', '撤销这次导入'));
    b.type = 'button';
    b.addEventListener('click', function () { undo(d.id, box); });
  }
  function undo(id, box) {
    if (!window.confirm('撤销这次导入？导入的数字将被删除，被它改动的数字恢复原值。')) return;
    call('DELETE', '/api/admin/imports/' + encodeURIComponent(id)).then(function (r) {
      if (isAuth(box, r)) return;
      if (r.status !== 200) { message(box, A.problem(r), 'error'); return; }
      var d = r.data || {};
      message(box, '已撤销：删除 ' + d.deleted + ' 个数字，恢复 ' + d.restored + ' 个原值' +
        (d.metrics_deleted ? '，删除 ' + d.metrics_deleted + ' 个新建的指标' : '') + (d.source_deleted ? '，删除新登记的来源' : '') + '。', 'ok');
      loadImports();
      loadSources();
    }, function (err) { message(box, '请求失败：' + err, 'error'); });
  }

  // the recent imports
  var BATCH = { preview: '仅预览', committed: '已导入', undone: '已撤销' };
  function when(s) { return s ? new Date(s).toLocaleString('zh-CN') : ''; }
  function loadImports() {
    var box = $('imports-result');
    if (!A.token()) return;
    call('GET', '/api/admin/imports?limit=20').then(function (r) {
      if (isAuth(box, r)) return;
      if (r.status !== 200) { message(box, A.problem(r), 'error'); return; }
      box.textContent = '';
      var list = (r.data || []).filter(function (b) { return b.status !== 'preview'; });
      if (!list.length) { message(box, '还没有导入过表格。'); return; }
      var t = box.appendChild(el('table', null, 'data'));
      var tr = t.appendChild(el('thead')).appendChild(el('tr'));
      ['时间', '文件', '操作者', '数字', '状态', '操作'].forEach(function (h) { var th = tr.appendChild(el('th', h)); th.scope = 'col'; });
      var body = t.appendChild(el('tbody'));
      list.forEach(function (b) {
        var row = body.appendChild(el('tr'));
        row.appendChild(el('td', when(b.committed_at || b.created_at)));
        row.appendChild(el('td', b.file_name));
        row.appendChild(el('td', b.actor));
        row.appendChild(el('td', fmt(b.counts && b.counts.figures)));
        row.appendChild(el('td', (BATCH[b.status] || b.status) + (b.undone_at ? '（' + when(b.undone_at) + '）' : '')));
        var td = row.appendChild(el('td'));
        if (b.status === 'committed') {
          var btn = td.appendChild(el('button', '撤销'));
          btn.type = 'button';
          btn.setAttribute('aria-label', '撤销导入 ' + b.file_name + '（' + when(b.committed_at) + '）');
          btn.addEventListener('click', function () { undo(b.id, $('imports-status')); });
        }
      });
    }, function (err) { message(box, '请求失败：' + err, 'error'); });
  }
  $('imports-load').addEventListener('click', loadImports);
  $('token-form').addEventListener('submit', function () { setTimeout(loadImports, 0); });

  loadSources();
  loadMetrics();
  loadImports();
}());
