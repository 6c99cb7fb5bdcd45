// Regenerates docs/screenshots/*.png: each main page at 1366×768, on the demo city (SQLite).
//   node screenshots.mjs          (scripts/screenshots builds the binary first)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { login, newPage, startBrowser, startServer } from './harness.mjs';

const out = join(new URL('.', import.meta.url).pathname, '../../docs/screenshots');
mkdirSync(out, { recursive: true });

/** The phone of an appellant with earlier orders, read through the API as an agent. */
async function callerWithHistory(base) {
  const post = { method: 'POST', headers: { 'content-type': 'application/json' } };
  const login = await (await fetch(`${base}/api/v1/auth/login`, { ...post, body: JSON.stringify({ username: 'agent1', password: 'demo12368' }) })).json();
  const auth = { headers: { authorization: `Bearer ${login.token}` } };
  const list = await (await fetch(`${base}/api/v1/orders?status=closed&per_page=1`, auth)).json();
  const person = await (await fetch(`${base}/api/v1/orders/${list.items[0].id}/personal-data`, auth)).json();
  return person.phone;
}

const server = await startServer('sqlite');
const browser = await startBrowser();
try {
  const shot = async (page, name) => {
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(out, `${name}.png`) });
    console.log(`docs/screenshots/${name}.png`);
  };
  const office = await newPage(browser, server.base);
  await office.goto(`${server.base}/login`);
  await shot(office, 'login');
  await login(office, 'office1');
  await shot(office, 'workbench');
  await office.goto(`${server.base}/orders?sort=due&overdue=true`);
  await shot(office, 'orders');
  await office.locator('table a').first().click();
  await office.locator('ol.timeline').waitFor();
  await shot(office, 'order');
  await office.goto(`${server.base}/search?q=${encodeURIComponent('执行款')}`);
  await shot(office, 'search');
  await office.goto(`${server.base}/supervisions`);
  await shot(office, 'supervisions');
  await office.goto(`${server.base}/knowledge`);
  await shot(office, 'knowledge');
  await office.goto(`${server.base}/hotline/callbacks`);
  await shot(office, 'callbacks');
  const agent = await newPage(browser, server.base);
  await login(agent, 'agent1');
  await agent.goto(`${server.base}/orders/new`);
  await agent.getByLabel('诉求人姓名').fill('王建国');
  await agent.getByLabel('联系电话').fill(await callerWithHistory(server.base));
  await agent.getByLabel('案号（可不填）').fill('(2026)粤0304民初1234号');
  await agent.getByLabel('诉求内容').fill('我的案子开庭已经三个月了，判决书一直没收到，想问一下什么时候能送达。');
  await agent.waitForTimeout(800);
  await shot(agent, 'register');
  const admin = await newPage(browser, server.base);
  await login(admin, 'admin');
  await admin.goto(`${server.base}/admin/users`);
  await shot(admin, 'admin-users');
  await admin.goto(`${server.base}/admin/organisation`);
  await shot(admin, 'admin-organisation');
  const citizen = await newPage(browser, server.base);
  await citizen.setViewportSize({ width: 390, height: 844 });
  await citizen.goto(`${server.base}/portal`);
  await shot(citizen, 'portal');
} finally {
  await browser.close();
  await server.stop();
}
