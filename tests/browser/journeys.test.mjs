// The main journeys of the web UI, in a real browser, on SQLite and on PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { act, login, newPage, startBrowser, startServer } from './harness.mjs';
import { focusIsVisible, lowContrastTexts, unlabelledFields } from './accessibility.mjs';

const backends = (process.env.TONGBAN_BROWSER_BACKENDS ?? 'sqlite,postgres').split(',');

for (const backend of backends) {
  describe(`web UI on ${backend}`, () => {
    let server;
    let browser;
    before(async () => {
      server = await startServer(backend);
      browser = await startBrowser();
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    test('an appeal goes from the citizen portal to closed, and no page talks to another host', async () => {
      const citizen = await newPage(browser, server.base);
      await citizen.goto(`${server.base}/portal`);
      await citizen.getByLabel('联系电话').fill('13912345678');
      await citizen.getByLabel('诉求内容').fill('我的执行案件执行款一直没有到账，联系不上承办法官，请帮忙催一下。');
      await citizen.getByRole('button', { name: '提交' }).click();
      const number = (await citizen.locator('[data-number]').textContent()).trim();
      const code = (await citizen.locator('[data-code]').textContent()).trim();
      assert.match(number, /^SZ-\d{8}-\d{4,}$/);

      const agent = await newPage(browser, server.base);
      await login(agent, 'agent1');
      // The list's keyword filter finds it by a word of its content.
      await agent.goto(`${server.base}/orders`);
      await agent.getByLabel('关键词').fill('执行款 承办法官');
      await agent.getByLabel('诉求人电话').fill('13912345678');
      await agent.getByRole('button', { name: '筛选' }).click();
      await agent.getByRole('link', { name: number }).waitFor();
      await agent.getByRole('link', { name: number }).click();
      await assert.doesNotReject(agent.getByRole('heading', { name: number }).waitFor());
      await act(agent, '甄别复核', async (form) => {
        await form.getByLabel('类型').selectOption('urging');
        await form.getByLabel('业务领域').selectOption('enforcement');
        await form.getByLabel('繁简').selectOption('simple');
      });
      assert.match(await agent.locator('h1').textContent(), /待转办/);
      await act(agent, '转办', async (form) => {
        await form.getByLabel('承办法院').selectOption({ label: '深圳市中级人民法院' });
        await form.getByLabel('承办部门').selectOption({ label: '深圳市中级人民法院 / 执行局' });
        await form.getByLabel('承办人').selectOption({ label: '曾志伟（深圳市中级人民法院 执行局）' });
      });
      assert.match(await agent.locator('h1').textContent(), /待受理/);
      const orderUrl = agent.url().split('?')[0];

      const handler = await newPage(browser, server.base);
      await login(handler, 'zj_zhi1');
      await handler.goto(orderUrl);
      await act(handler, '受理');
      await act(handler, '答复', (form) => form.getByLabel('答复内容').fill('经核实，执行款已于今日发放，请注意查收。'));
      assert.match(await handler.locator('h1').textContent(), /待回访/);

      const office = await newPage(browser, server.base);
      await login(office, 'office1');
      await office.goto(orderUrl);
      await act(office, '回访', (form) => form.getByLabel('满意', { exact: true }).check());
      await act(office, '办结');
      assert.match(await office.locator('h1').textContent(), /已办结/);
      const timeline = await office.locator('ol.timeline').textContent();
      for (const step of ['登记', '甄别复核', '转办', '受理', '答复', '回访', '办结']) {
        assert.ok(timeline.includes(step), `the timeline shows ${step}`);
      }

      await citizen.goto(`${server.base}/portal/track`);
      await citizen.getByLabel('受理编号').fill(number);
      await citizen.getByLabel('查询码').fill(code);
      await citizen.getByRole('button', { name: '查询' }).click();
      assert.match(await citizen.locator('main').textContent(), /执行款已于今日发放/);

      const local = new URL(server.base).host;
      for (const page of [citizen, agent, handler, office]) {
        assert.deepEqual([...page.hosts].filter((host) => host !== local), [], 'requests only to the server itself');
      }
    });

    test('a citizen asks the virtual agent in the portal chat and a hand-over becomes a submission', async () => {
      const citizen = await newPage(browser, server.base);
      await citizen.goto(`${server.base}/portal/chat`);
      const log = citizen.locator('#conversation');
      await citizen.getByLabel('您的问题').fill('我想去法院起诉别人，需要满足什么条件？');
      await citizen.getByRole('button', { name: '发送' }).click();
      // htmx appends the exchange: the page stays, the box is emptied for the next question.
      await log.locator('.chat-agent').filter({ hasText: '直接利害关系' }).waitFor();
      assert.equal(citizen.url(), `${server.base}/portal/chat`);
      assert.equal(await citizen.getByLabel('您的问题').inputValue(), '');

      await citizen.getByLabel('您的问题').fill('我是张三，想问(2026)粤0304民初1234号什么时候开庭');
      await citizen.getByRole('button', { name: '发送' }).click();
      const handover = log.locator('.chat-agent').filter({ hasText: '网上咨询无法核实' });
      await handover.waitFor();
      await citizen.getByLabel('您的问题').fill(' ');
      await citizen.getByRole('button', { name: '发送' }).click();
      await log.locator('.chat-error').filter({ hasText: '请输入您想咨询的问题' }).waitFor();

      await handover.getByRole('link', { name: '转为网上诉求（已预填）' }).click();
      await citizen.waitForURL(`${server.base}/portal?from=chat`);
      assert.match(await citizen.getByLabel('诉求内容').inputValue(), /什么时候开庭/);
      assert.equal(await citizen.getByLabel('案号').inputValue(), '(2026)粤0304民初1234号');
      await citizen.getByLabel('联系电话').fill('13912340000');
      await citizen.getByRole('button', { name: '提交' }).click();
      assert.match((await citizen.locator('[data-number]').textContent()).trim(), /^SZ-\d{8}-\d{4,}$/);

      const local = new URL(server.base).host;
      assert.deepEqual([...citizen.hosts].filter((host) => host !== local), [], 'requests only to the server itself');
    });

    test('a refused action shows why, and nothing changes', async () => {
      const office = await newPage(browser, server.base);
      await login(office, 'office1');
      await office.goto(`${server.base}/orders?status=screened`);
      await office.locator('table a').first().click();
      await office.locator('ol.timeline').waitFor();
      const before = await office.locator('ol.timeline li').count();
      await act(office, '转办', async (form) => {
        await form.getByLabel('承办法院').selectOption({ label: '深圳市中级人民法院' });
        await form.getByLabel('承办部门').selectOption({ label: '深圳市中级人民法院 / 立案庭' });
        await form.getByLabel('承办人').selectOption({ label: '曾志伟（深圳市中级人民法院 执行局）' });
      });
      const alert = await office.getByRole('alert').textContent();
      assert.match(alert, /转办.*未能完成.*承办人不存在、已停用或不属于所选部门/);
      assert.equal(await office.locator('ol.timeline li').count(), before);
      assert.match(await office.locator('h1').textContent(), /待转办/);
    });

    test('a handler cannot open another handler\'s order', async () => {
      const first = await newPage(browser, server.base);
      await login(first, 'zj_zhi1');
      await first.goto(`${server.base}/orders`);
      const link = first.locator('table a').first();
      const href = await link.getAttribute('href');
      const other = await newPage(browser, server.base);
      await login(other, 'zj_zhi2');
      const response = await other.goto(`${server.base}${href}`);
      assert.equal(response.status(), 404);
      assert.match(await other.getByRole('alert').textContent(), /工单不存在或无权查看/);
    });

    test('an agent registers an appeal with the keyboard alone', async () => {
      const agent = await newPage(browser, server.base);
      await login(agent, 'agent1');
      await agent.keyboard.press('Alt+N');
      await agent.getByRole('heading', { name: '诉求登记' }).waitFor();
      const type = async (text) => { await agent.keyboard.press('Tab'); if (text) await agent.keyboard.type(text); };
      await type('何国平');
      await type('13800138000');
      await type('');
      await type('(2026)粤0304民初1234号');
      await type('');
      await type('我的案子判决后一直没有收到判决书，想问什么时候送达。');
      assert.ok(await focusIsVisible(agent), 'the focused field shows where the keyboard is');
      for (let i = 0; i < 5; i += 1) await agent.keyboard.press('Tab');
      assert.equal(await agent.evaluate(() => document.activeElement.textContent), '登记');
      await agent.keyboard.press('Enter');
      await agent.locator('.flash').filter({ hasText: '已登记' }).waitFor();
      assert.match(await agent.locator('h1').textContent(), /SZ-\d{8}-\d{4,}\s+待甄别/);
      assert.match(await agent.locator('main').textContent(), /一直没有收到判决书/);
    });

    test('the main pages label every field and keep text readable', async () => {
      const office = await newPage(browser, server.base);
      await login(office, 'admin');
      const citizen = await newPage(browser, server.base);
      const pages = [
        [office, '/'], [office, '/orders'], [office, '/orders/new'], [office, '/orders/1'],
        [office, '/admin/users'], [office, '/admin/organisation'],
        [office, '/hotline/cases'], [citizen, '/portal'], [citizen, '/portal/track'], [citizen, '/portal/chat'], [citizen, '/login'],
      ];
      for (const [page, path] of pages) {
        await page.goto(`${server.base}${path}`);
        assert.deepEqual(await unlabelledFields(page), [], `fields of ${path} have labels`);
        assert.deepEqual(await lowContrastTexts(page), [], `texts of ${path} have enough contrast`);
      }
    });
  });
}
