// Starts the real tongban server (demo city, test clock) over a fresh SQLite file or a fresh
// PostgreSQL database, and Debian's Chromium; records every request the pages make.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';

export const PASSWORD = 'demo12368';
const here = new URL('.', import.meta.url).pathname;
const target = process.env.CARGO_TARGET_DIR ?? join(here, '../../target');
const BIN = process.env.TONGBAN_BIN ?? join(target, 'debug/tongban');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function database(backend) {
  if (backend === 'postgres') {
    const admin = process.env.TONGBAN_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `tongban_browser_${randomBytes(6).toString('hex')}`;
    execFileSync('psql', [admin, '-qc', `CREATE DATABASE ${name}`]);
    return {
      url: admin.replace(/\/[^/]*$/, `/${name}`),
      drop: () => execFileSync('psql', [admin, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tongban-browser-'));
  return { url: `sqlite://${dir}/tongban.db`, drop: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The server with the demo city; `base` is its address. */
export async function startServer(backend) {
  const db = database(backend);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(BIN, ['serve', '--demo', '--test-clock', '--listen', `127.0.0.1:${port}`, '--database', db.url], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, TONGBAN_LOG: 'warn' },
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      const response = await fetch(`${base}/readyz`);
      if (response.ok) break;
    } catch { /* not yet listening */ }
    if (Date.now() > deadline) throw new Error('tongban did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      db.drop();
    },
  };
}

/** Chromium as this machine allows it: headless, no sandbox (root), no background traffic. */
export async function startBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--lang=zh-CN', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps'],
  });
}

/** A page of its own (own cookies) at 1366×768 that records the hosts it contacts. */
export async function newPage(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.hosts = new Set();
  page.on('request', (request) => page.hosts.add(new URL(request.url()).host));
  page.base = base;
  return page;
}

export async function login(page, username) {
  await page.goto(`${page.base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await Promise.all([page.waitForURL(`${page.base}/`), page.getByRole('button', { name: '登录' }).click()]);
}

/** Opens an action's form on the order page, fills it, submits it and waits for the page that
 * says how it went ("已完成：…" or "…未能完成：…"): htmx swaps the page in without a navigation. */
export async function act(page, label, fill = async () => {}) {
  const form = page.locator('details.action').filter({ has: page.locator('summary', { hasText: label }) });
  await form.locator('summary').click();
  await fill(form);
  await form.getByRole('button', { name: label }).click();
  await page.locator('.flash').filter({ hasText: label }).waitFor();
}
