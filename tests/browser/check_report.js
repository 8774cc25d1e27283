#!/usr/bin/env node
// Opens a report.html from disk in headless Chromium with every network request refused, and
// checks that each chart container drew SVG marks, that the page logged no warning or error, and
// that the charts draw the numbers the page's own tables print.
//
// The values drawn are read from the rendered Vega view (vega-embed's result, captured as the
// page calls vegaEmbed): each mark item's datum names its table row (`key`, matching the
// `data-key` of a <tr> in a table whose `data-table-for` names the chart), and the position drawn is
// turned back into a number through the ticks of the x axis beside it. That number must equal
// the table's cell (within its printed rounding and a pixel and a half); every keyed table row
// must be drawn. Colour-coded marks (maps) are checked by their datum against the table, and
// their colour scale's domain must be symmetric about zero (diverging) or start at zero
// (sequential).
// Usage: node check_report.js REPORT.html SCREENSHOT.png [CHART_NAME...]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

// Runs in the page before its scripts: wraps vegaEmbed as the page defines it, keeping each
// chart's view by its container's data-chart name.
function captureViews() {
  window.caremarketViews = {};
  let real;
  Object.defineProperty(window, 'vegaEmbed', {
    configurable: true,
    get() { return real; },
    set(fn) {
      const wrapped = function (el, spec, opts) {
        return fn(el, spec, opts).then((result) => {
          window.caremarketViews[el.getAttribute('data-chart')] = result.view;
          return result;
        });
      };
      Object.assign(wrapped, fn);
      real = wrapped;
    },
  });
}

// Runs in the page: every chart's drawn values and its tables.
function readCharts() {
  // A table cell's number in the chart's units: money in £ millions, the rest as printed
  // (shares in %, differences of shares in points). The tolerance is half the last digit.
  function cellNumber(text) {
    const t = text.replace(/\u2212/g, '-').replace(/,/g, '').trim();
    const m = t.match(/^([+-]?)(£?)([0-9]*\.?[0-9]+)(bn|m|k)?/);
    if (!m) return null;
    const decimals = (m[3].split('.')[1] || '').length;
    let v = parseFloat(m[3]);
    let step = Math.pow(10, -decimals);
    if (m[2] === '£') {
      const f = m[4] === 'bn' ? 1e3 : m[4] === 'm' ? 1 : m[4] === 'k' ? 1e-3 : 1e-6;
      v *= f;
      step *= f;
    }
    return {value: m[1] === '-' ? -v : v, tolerance: step / 2};
  }
  function tables(chart) {
    const out = {};
    document.querySelectorAll(`table[data-table-for~="${chart}"]`).forEach((table) => {
      // Where headers name their columns (data-column), only those columns hold drawn numbers.
      const ths = Array.from(table.querySelectorAll('tr:first-child th'));
      const named = ths.some((th) => th.hasAttribute('data-column'));
      const head = ths.map((th) => (named ? th.getAttribute('data-column')
                                          : th.textContent.trim()));
      table.querySelectorAll('tr[data-key]').forEach((tr) => {
        const cells = {};
        Array.from(tr.children).forEach((td, i) => {
          if (head[i]) cells[head[i]] = td.textContent.trim();
        });
        out[tr.getAttribute('data-key')] = cells;
      });
    });
    return out;
  }
  // Every item of the scenegraph with its absolute position and its enclosing groups.
  function walk(mark, ox, oy, groups, out) {
    for (const item of mark.items || []) {
      const ax = ox + (item.x || 0);
      const ay = oy + (item.y || 0);
      if (mark.marktype === 'group') {
        const g = {item, ax, ay, parent: groups};
        for (const child of item.items || []) walk(child, ax, ay, g, out);
      } else {
        out.push({mark, item, ax, ay, group: groups});
      }
    }
  }
  // The x-axis ticks (value, absolute x) directly inside a group, if any.
  function xTicks(group, all) {
    const ticks = all.filter((e) => e.mark.role === 'axis-tick' && e.group &&
      e.group.parent === group && typeof e.item.datum?.value === 'number');
    const ys = new Set(ticks.map((t) => Math.round(t.ay)));
    const xs = new Set(ticks.map((t) => Math.round(t.ax)));
    // One tick: every value of the row is that one (a KPI 0 in every run); a mark is read as
    // it only where it is drawn on the tick.
    if (ticks.length === 1) return [{value: ticks[0].item.datum.value, x: ticks[0].ax}];
    if (ticks.length < 2 || xs.size < 2 || ys.size !== 1) return null;
    return ticks.map((t) => ({value: t.item.datum.value, x: t.ax}));
  }
  function inverter(ticks) {
    const a = ticks[0];
    if (ticks.length === 1) {
      return {at: (x) => (Math.abs(x - a.x) <= 1 ? a.value : NaN), perPixel: 0};
    }
    const b = ticks.reduce((best, t) => (Math.abs(t.x - a.x) > Math.abs(best.x - a.x) ? t : best));
    const perPixel = (b.value - a.value) / (b.x - a.x);
    return {at: (x) => a.value + (x - a.x) * perPixel, perPixel: Math.abs(perPixel)};
  }
  const result = {};
  for (const [name, view] of Object.entries(window.caremarketViews)) {
    const all = [];
    walk(view.scenegraph().root, 0, 0, null, all);
    const marks = all.filter((e) => e.mark.role === 'mark' && e.item.datum &&
      e.item.datum.key !== undefined);
    const drawn = [];
    const cache = new Map();
    for (const e of marks) {
      let g = e.group;
      let inv = null;
      let cell = null;
      while (g && !inv) {
        if (!cache.has(g)) {
          const t = xTicks(g, all);
          cache.set(g, t ? inverter(t) : null);
        }
        inv = cache.get(g);
        cell = g;
        g = g.parent;
      }
      const d = e.item.datum;
      const entry = {key: String(d.key), marktype: e.mark.marktype, datum: {}};
      for (const [k, v] of Object.entries(d)) {
        if (typeof v === 'number' || typeof v === 'string') entry.datum[k] = v;
      }
      if (inv && (e.mark.marktype === 'symbol' || e.mark.marktype === 'rect')) {
        entry.x = inv.at(e.ax);
        if (e.mark.marktype === 'rect') entry.x2 = inv.at(e.ax + (e.item.width || 0));
        entry.pixel = inv.perPixel;
        // Drawn inside its plot, not off its edge.
        const w = cell.item.width || 0;
        const right = e.ax + (e.mark.marktype === 'rect' ? e.item.width || 0 : 0);
        entry.outside = w > 0 && (e.ax < cell.ax - 1 || right > cell.ax + w + 1);
      }
      drawn.push(entry);
    }
    const scales = [];
    const runtime = view._runtime && view._runtime.scales ? view._runtime.scales : {};
    for (const [sname, s] of Object.entries(runtime)) {
      const scale = s.value;
      if (!scale || typeof scale.domain !== 'function' || !scale.interpolator) continue;
      scales.push({name: sname, type: scale.type, domain: scale.domain().slice()});
    }
    const parsed = {};
    for (const [key, cells] of Object.entries(tables(name))) {
      parsed[key] = {};
      for (const [col, text] of Object.entries(cells)) parsed[key][col] = {text, n: cellNumber(text)};
    }
    result[name] = {drawn, tables: parsed, scales};
  }
  return result;
}

// Per chart: which drawn number is compared with which table column. `field` names the datum
// field the mark draws (its x); `span` compares a bar's length; `colour` compares the datum of a
// colour-coded mark.
const checks = {
  kpis: {marktype: 'symbol', column: 'Median'},
  compare_forest: {marktype: 'symbol', column: 'Difference'},
  advise_allocation: {marktype: 'rect', span: true, column: 'Capacity added'},
  // A row per year and category, a column per service: the datum names its column.
  spend_by_year: {marktype: 'symbol'},
  compare_spend: {marktype: 'symbol'},
  // Bars from the figure at the scenario's values (column base) to the figure with one
  // parameter moved: the bar's far end is compared.
  sensitivity_tornado: {marktype: 'rect', end: 'base'},
};

function checkChart(name, got, problems) {
  const rule = checks[name];
  const keyed = Object.keys(got.tables);
  if (rule) {
    if (keyed.length === 0) problems.push(`chart ${name}: no table row to check it against`);
    const drawnKeys = new Set();
    const drawnCells = new Set();
    let compared = 0;
    for (const d of got.drawn) {
      if (d.marktype !== rule.marktype) continue;
      drawnKeys.add(d.key);
      if (!rule.column) drawnCells.add(`${d.key}|${d.datum.column}`);
      const row = got.tables[d.key];
      if (!row) {
        problems.push(`chart ${name}: draws ${d.key}, which its table lacks`);
        continue;
      }
      const column = rule.column || d.datum.column;
      const cell = row[column];
      if (!cell || !cell.n) {
        problems.push(`chart ${name}: ${d.key}: no number in column ${column}`);
        continue;
      }
      if (d.x === undefined) {
        problems.push(`chart ${name}: ${d.key}: no x axis to read the value drawn`);
        continue;
      }
      if (d.outside) problems.push(`chart ${name}: ${d.key}: drawn outside its plot`);
      let value = rule.span ? Math.abs(d.x2 - d.x) : d.x;
      if (rule.end) {
        const base = row[rule.end] && row[rule.end].n;
        if (!base) {
          problems.push(`chart ${name}: ${d.key}: no ${rule.end} in its table row`);
          continue;
        }
        // The end nearer the base (the data's, unrounded) is the base end; the other is drawn.
        const b = typeof d.datum.base === 'number' ? d.datum.base : base.value;
        value = Math.abs(d.x - b) > Math.abs(d.x2 - b) ? d.x : d.x2;
      }
      const tol = cell.n.tolerance + 1.5 * d.pixel + 1e-9;
      compared += 1;
      if (!(Math.abs(value - cell.n.value) <= tol)) {
        problems.push(`chart ${name}: ${d.key}: drawn at ${value.toPrecision(4)}, ` +
                      `the table says ${cell.text}`);
      }
    }
    for (const key of keyed) {
      if (!drawnKeys.has(key)) problems.push(`chart ${name}: table row ${key} is not drawn`);
      if (rule.column) continue;
      for (const [col, cell] of Object.entries(got.tables[key])) {
        if (cell.n && col !== rule.end && !drawnCells.has(`${key}|${col}`)) {
          problems.push(`chart ${name}: table cell ${key} ${col} is not drawn`);
        }
      }
    }
    console.log(`chart ${name}: ${compared} drawn values equal the table`);
  }
  if (name.endsWith('_map') || name === 'compare_map') {
    let compared = 0;
    const seen = new Set();
    for (const d of got.drawn) {
      const row = got.tables[d.key];
      if (!row || typeof d.datum.value !== 'number') continue;
      const column = d.datum.column;
      const cell = row[column];
      if (!cell || !cell.n) {
        problems.push(`chart ${name}: ${d.key}: no number in column ${column}`);
        continue;
      }
      seen.add(`${d.key}|${column}`);
      compared += 1;
      if (Math.abs(d.datum.value - cell.n.value) > cell.n.tolerance + 1e-9) {
        problems.push(`chart ${name}: ${d.key}: ${column} coloured as ${d.datum.value}, ` +
                      `the table says ${cell.text}`);
      }
    }
    if (compared === 0) problems.push(`chart ${name}: no district's colour checked against a table`);
    for (const [key, row] of Object.entries(got.tables)) {
      for (const col of Object.keys(row)) {
        if (row[col].n && !seen.has(`${key}|${col}`) && col !== 'District') {
          problems.push(`chart ${name}: ${key} ${col} is in the table but not on the map`);
        }
      }
    }
    for (const s of got.scales) {
      const [lo, hi] = [s.domain[0], s.domain[s.domain.length - 1]];
      if (s.domain.length === 3) {
        if (Math.abs(lo + hi) > 1e-9 * Math.max(1, Math.abs(hi)) || s.domain[1] !== 0) {
          problems.push(`chart ${name}: diverging scale ${s.name} is not symmetric about zero ` +
                        `(${s.domain.join(', ')})`);
        }
      } else if (lo !== 0) {
        problems.push(`chart ${name}: sequential scale ${s.name} starts at ${lo}, not zero`);
      }
    }
    console.log(`chart ${name}: ${compared} district colours equal the table`);
  }
}

async function main() {
  const [report, screenshot, ...expected] = process.argv.slice(2);
  if (!report || !screenshot) {
    console.error('usage: node check_report.js REPORT.html SCREENSHOT.png [CHART_NAME...]');
    process.exit(2);
  }
  const started = Date.now();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'caremarket-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           `--user-data-dir=${profile}`],
  });
  const problems = [];
  try {
    const page = await browser.newPage();
    await page.setViewport({width: 1100, height: 900});
    page.on('console', (msg) => {
      if (process.env.CHECK_DEBUG) console.log(`[${msg.type()}] ${msg.text()}`);
      if (msg.type() === 'error' || msg.type() === 'warn' || msg.type() === 'warning') {
        problems.push(`console ${msg.type()}: ${msg.text()}`);
      }
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await page.evaluateOnNewDocument(captureViews);
    await page.setRequestInterception(true);
    const url = 'file://' + path.resolve(report);
    page.on('request', (req) => {
      if (req.url() === url || req.url().startsWith('data:') || req.url().startsWith('blob:')) {
        req.continue();
      } else {
        problems.push(`network request: ${req.url()}`);
        req.abort();
      }
    });
    await page.goto(url, {waitUntil: 'load', timeout: 60000});
    await page.waitForSelector('body[data-charts-done="true"]', {timeout: 60000});
    const charts = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-chart]')).map((el) => ({
        name: el.getAttribute('data-chart'),
        failed: el.classList.contains('failed'),
        marks: el.querySelectorAll(
          'g.role-mark:not(.mark-group) > path, g.role-mark:not(.mark-group) > rect, ' +
          'g.role-mark:not(.mark-group) > line, g.role-mark:not(.mark-group) > text').length,
        hasExport: !!el.querySelector('.vega-embed details, .vega-actions'),
      })));
    for (const name of expected) {
      if (!charts.some((c) => c.name === name)) problems.push(`chart ${name}: no container`);
    }
    for (const c of charts) {
      console.log(`chart ${c.name}: ${c.marks} SVG marks${c.failed ? ' (FAILED)' : ''}`);
      if (c.failed || c.marks === 0) problems.push(`chart ${c.name}: nothing drawn`);
      if (!c.hasExport) problems.push(`chart ${c.name}: no export menu`);
    }
    const drawn = await page.evaluate(readCharts);
    for (const c of charts) {
      if (drawn[c.name]) checkChart(c.name, drawn[c.name], problems);
      else problems.push(`chart ${c.name}: no view to read`);
    }
    for (const name of Object.keys(checks)) {
      if (checks[name] && drawn[name] && Object.keys(drawn[name].tables).length === 0) {
        problems.push(`chart ${name}: its table is missing`);
      }
    }
    fs.mkdirSync(path.dirname(path.resolve(screenshot)), {recursive: true});
    await page.screenshot({path: screenshot, fullPage: true});
    console.log(`screenshot: ${screenshot}`);
  } finally {
    await browser.close();
    fs.rmSync(profile, {recursive: true, force: true});
  }
  console.log(`browser check took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (problems.length > 0) {
    for (const p of problems) console.error(`FAIL: ${p}`);
    process.exit(1);
  }
  console.log('report renders: every chart drew the values of its table, no console warning ' +
              'or error, no network request');
}

main().catch((err) => {
  console.error(`FAIL: ${err.stack || err}`);
  process.exit(1);
});
