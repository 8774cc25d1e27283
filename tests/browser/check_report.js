#!/usr/bin/env node
// Opens a report.html from disk in headless Chromium with every network request refused, and
// checks that each chart container drew SVG marks and that the page logged no error.
// Usage: node check_report.js REPORT.html SCREENSHOT.png [CHART_NAME...]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

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
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
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
  console.log('report renders: every chart drew, no console error, no network request');
}

main().catch((err) => {
  console.error(`FAIL: ${err.stack || err}`);
  process.exit(1);
});
