// Ember's status page: reads /api/status every second and redraws. DOM built with textContent only.
(function () {
  'use strict';
  var refreshes = 0;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') { e.textContent = attrs[k]; }
        else if (k === 'cls') { e.className = attrs[k]; }
        else if (k === 'style') { e.setAttribute('style', attrs[k]); }
        else { e.setAttribute(k, attrs[k]); }
      });
    }
    (children || []).forEach(function (c) { if (c) { e.appendChild(c); } });
    return e;
  }

  function ms(v) {
    if (v === null || v === undefined || v < 0) { return ''; }
    return v < 10000 ? v + ' ms' : (v / 1000).toFixed(1) + ' s';
  }

  function bytes(v) {
    if (v === null || v === undefined || v < 0) { return ''; }
    var u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    var i = 0;
    while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
    return (i === 0 ? v : v.toFixed(1)) + ' ' + u[i];
  }

  function short(name) {
    if (!name) { return ''; }
    var s = String(name);
    var i = s.lastIndexOf('.');
    return i >= 0 ? s.substring(i + 1) : s;
  }

  function table(id, columns, rows, rowAttrs) {
    var head = el('tr', null, columns.map(function (c) { return el('th', { text: c[0] }); }));
    var body = rows.map(function (r) {
      var tr = el('tr', rowAttrs ? rowAttrs(r) : null, columns.map(function (c) {
        var v = c[1](r);
        if (v instanceof Node) { return el('td', null, [v]); }
        return el('td', { text: v === null || v === undefined ? '' : String(v), cls: c[2] || '' });
      }));
      return tr;
    });
    return el('table', { id: id }, [el('thead', null, [head]), el('tbody', null, body)]);
  }

  function stateSpan(s) {
    return el('span', { cls: 'state-' + s, text: s });
  }

  function renderFits(fits) {
    var box = document.getElementById('fits');
    box.replaceChildren();
    if (!fits || fits.length === 0) {
      box.appendChild(el('span', { cls: 'muted', text: 'no fits yet' }));
      return;
    }
    box.appendChild(table('fits-table', [
      ['#', function (f) { return f.id; }, 'num'],
      ['estimator', function (f) { return f.estimator; }],
      ['inside', function (f) { return f.outer || ''; }],
      ['state', function (f) { return stateSpan(f.state); }],
      ['time', function (f) { return ms(f.millis); }, 'num'],
      ['started', function (f) { return new Date(f.startedMillis).toLocaleTimeString(); }],
      ['plan', function (f) {
        var text = f.analyzedPlan || f.plan;
        if (!text) { return ''; }
        var d = el('details', { cls: 'plan' }, [el('summary', { text: f.analyzedPlan ? 'analyzed plan' : 'plan' }),
          el('pre', { text: text })]);
        var key = 'plan-' + f.id;
        if (window.sessionStorage && sessionStorage.getItem(key)) { d.open = true; }
        d.addEventListener('toggle', function () {
          if (d.open) { sessionStorage.setItem(key, '1'); } else { sessionStorage.removeItem(key); }
        });
        return d;
      }]
    ], fits, function (f) { return { 'data-fit-id': f.id, 'data-state': f.state }; }));
  }

  function renderRound(r) {
    var max = 1;
    (r.tasks || []).forEach(function (t) { if (t.millis > max) { max = t.millis; } });
    var grid = el('div', { cls: 'bars' });
    (r.tasks || []).forEach(function (t) {
      var w = Math.max(1, Math.round(100 * (t.millis || 0) / max));
      var cls = 'bar' + (t.state === 'running' ? ' running' : '') + (t.speculative ? ' speculative' : '');
      grid.appendChild(el('span', { text: 'part ' + t.partition }));
      grid.appendChild(el('div', { title: 'executor ' + t.executor + (t.speculative ? ' (speculative copy won)' : '')
        + ', ' + (t.rows >= 0 ? t.rows + ' rows' : t.state) }, [el('div', { cls: cls, style: 'width:' + w + '%' })]));
      grid.appendChild(el('span', { cls: 'muted', text: (t.state === 'finished' ? ms(t.millis) : t.state + ' '
        + ms(t.millis)) + ' @' + t.executor + (t.speculative ? ' spec' : '') }));
    });
    var title = 'round ' + r.id + ' ' + short(r.kernel) + ' attempt ' + r.attempt + ': ' + r.state + ', '
      + ms(r.millis) + (r.medianMillis >= 0 ? ', median task ' + ms(r.medianMillis) : '')
      + (r.error ? ' - ' + r.error : '');
    return el('div', { cls: 'round', 'data-round-id': r.id, 'data-state': r.state },
      [el('div', { cls: 'state-' + r.state, text: title }), grid]);
  }

  function renderCluster(c) {
    var box = document.getElementById('cluster');
    box.replaceChildren();
    if (!c) { return; }
    box.appendChild(el('h2', { text: 'Cluster driver ' + c.driver + ' (epoch ' + c.epoch + ')' }));
    box.appendChild(el('div', { id: 'cluster-counters', text: 'rounds ' + c.roundsCompleted + ', re-run '
      + c.roundsRelaunched + ', speculative copies ' + c.speculativeCopies + ' (won ' + c.speculativeWins
      + '), executors excluded ' + c.executorsExcluded + ', out-of-memory re-runs ' + c.outOfMemoryRelaunches }));
    box.appendChild(el('h2', { text: 'Executors' }));
    box.appendChild(table('executors', [
      ['id', function (e) { return e.id; }, 'num'],
      ['state', function (e) { return stateSpan(e.state); }],
      ['endpoint', function (e) { return e.endpoint; }],
      ['host', function (e) { return e.host; }],
      ['pid', function (e) { return e.pid; }, 'num'],
      ['threads', function (e) { return e.threads; }, 'num'],
      ['heartbeat age', function (e) { return ms(e.heartbeatAgeMillis); }, 'num'],
      ['running tasks', function (e) { return e.runningTasks; }, 'num'],
      ['cache used', function (e) { return bytes(e.cacheUsedBytes) + ' of ' + bytes(e.cacheMaxBytes); }, 'num'],
      ['cached partitions', function (e) { return e.cachedPartitions; }, 'num'],
      ['note', function (e) { return e.note || ''; }]
    ], c.executors || [], function (e) { return { 'data-executor-id': e.id, 'data-state': e.state }; }));
    var k = c.cache || {};
    box.appendChild(el('div', { id: 'cache', text: 'cache: ' + bytes(k.usedBytes) + ' of ' + bytes(k.maxBytes)
      + ', ' + k.cachedPartitions + ' partitions, hits ' + k.hits + ', misses ' + k.misses + ', evictions '
      + k.evictions }));
    box.appendChild(el('h2', { text: 'Rounds (newest first; a bar per task, longest = full width)' }));
    var rounds = el('div', { id: 'rounds' });
    (c.rounds || []).forEach(function (r) { rounds.appendChild(renderRound(r)); });
    box.appendChild(rounds);
  }

  function renderGeneric(name, value) {
    var box = el('div', { id: 'section-' + name }, [el('h2', { text: name })]);
    var rows = Array.isArray(value) ? value : (value && Array.isArray(value.items) ? value.items : null);
    if (rows && rows.length > 0 && typeof rows[0] === 'object') {
      var keys = [];
      rows.forEach(function (r) { Object.keys(r).forEach(function (k) { if (keys.indexOf(k) < 0) { keys.push(k); } }); });
      box.appendChild(table(name + '-table', keys.map(function (k) {
        return [k, function (r) {
          var v = r[k];
          return v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
        }];
      }), rows));
    } else if (rows) {
      box.appendChild(el('span', { cls: 'muted', text: 'none' }));
    } else {
      box.appendChild(el('pre', { text: JSON.stringify(value, null, 2) }));
    }
    return box;
  }

  function render(s) {
    renderFits(s.fits);
    var sections = s.sections || {};
    renderCluster(sections.cluster);
    var box = document.getElementById('sections');
    box.replaceChildren();
    Object.keys(sections).forEach(function (name) {
      if (name !== 'cluster') { box.appendChild(renderGeneric(name, sections[name])); }
    });
  }

  function refresh() {
    fetch('api/status', { cache: 'no-store' }).then(function (r) {
      if (!r.ok) { throw new Error('HTTP ' + r.status); }
      return r.json();
    }).then(function (s) {
      render(s);
      refreshes++;
      var n = document.getElementById('refreshes');
      n.textContent = String(refreshes);
      n.setAttribute('data-count', String(refreshes));
      document.getElementById('updated').textContent = new Date(s.nowMillis).toLocaleTimeString();
      document.getElementById('stale').textContent = '';
    }).catch(function (e) {
      document.getElementById('stale').textContent = 'driver unreachable: ' + e.message;
    }).finally(function () {
      setTimeout(refresh, 1000);
    });
  }

  refresh();
}());
