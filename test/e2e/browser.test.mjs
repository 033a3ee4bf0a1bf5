// The editor in headless Chromium (playwright-core, /usr/bin/chromium) on n8n 2.41.1: log in, search
// "OTTO" in the nodes panel and see every OTTO node with its icon loaded, open an example workflow,
// run it from the UI and see the output; pick a shipping profile from OTTO's list in Delivery Information ›
// Update; create the OTTO Market API credential through the UI with the defaults (Scopes empty) and see
// n8n's credential test pass; "Fetch Test Event" on an Orders Trigger whose event matches nothing shows
// the node's "No event found" message and what to do. Screenshots: test-results/e2e-browser/<n8n version>/ (gitignored; kept as test artifacts).
// Chromium missing is a failure (apt-get install -y chromium), never a skip.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { loadExamples, simulatorModule } from '../../tools/demo/common.mjs';
import { isTokenRequest, log, setupWorld, waitFor } from '../../tools/demo/e2e-helpers.mjs';
import { REPO_ROOT } from '../../tools/demo/pack.mjs';

const CHROMIUM = process.env.OTTO_E2E_CHROMIUM || '/usr/bin/chromium';
const VERSION = process.env.OTTO_E2E_BROWSER_VERSION || '2.41.1';
const SHOTS = path.join(REPO_ROOT, 'test-results', 'e2e-browser', VERSION);
const PKG = 'n8n-nodes-otto-market';
const LOOKUP_WORKFLOW_ID = 'ottoE2eLookupPrf';
const TRIGGER_WORKFLOW_ID = 'ottoE2eEmptyTrig';
const PROFILES = ['Standard parcel', 'Heavy goods forwarder', 'Express'].map((name, i) => ({
	shippingProfileId: `0c1f1a0e-8c4f-4d0e-9d55-2f7b1e0e4a1${i}`,
	shippingProfileName: name,
	workingDays: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
	orderCutoff: '14:00',
	deliveryType: i === 1 ? 'FORWARDER_CURBSIDE' : 'PARCEL',
	defaultProcessingTime: i + 1,
	transportTime: 2,
}));
/** How many nodes the package declares (package.json `n8n.nodes`). */
const NODE_COUNT = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).n8n.nodes.length;

describe(`editor in Chromium (n8n ${VERSION})`, { timeout: 600_000 }, () => {
	let world;
	let browser;
	let page;
	let ours;
	const shot = async (name) => {
		const file = path.join(SHOTS, `${name}.png`);
		await page.screenshot({ path: file });
		return file;
	};

	before(async () => {
		if (!fs.existsSync(CHROMIUM)) {
			throw new Error(`${CHROMIUM} is missing.\n  What to do: apt-get install -y chromium (or set OTTO_E2E_CHROMIUM to a Chromium binary).`);
		}
		const { chromium } = await import('playwright-core');
		fs.rmSync(SHOTS, { recursive: true, force: true });
		fs.mkdirSync(SHOTS, { recursive: true });
		world = await setupWorld(VERSION);
		world.sim.demo.seed();
		// three shipping profiles of the seller, for the lookup in Delivery Information › Update
		const partnerId = '1000001';
		world.sim.shippingProfiles.list(partnerId);
		for (const profile of PROFILES) world.sim.partner(partnerId).shippingProfiles.profiles.set(profile.shippingProfileId, { ...profile });
		const lookupWorkflow = {
			id: LOOKUP_WORKFLOW_ID,
			name: 'e2e: link a SKU to a shipping profile',
			nodes: [
				{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					name: 'Link SKU',
					type: `${PKG}.ottoMarketAvailability`,
					typeVersion: 1,
					position: [240, 0],
					parameters: { resource: 'deliveryInformation', operation: 'update', sku: 'SKU-01000', processingTime: 'DEFAULT' },
					credentials: { ottoMarketApi: { id: world.credential.id, name: world.credential.name } },
				},
			],
			connections: { Start: { main: [[{ node: 'Link SKU', type: 'main', index: 0 }]] } },
		};
		// the seed has orders ready to ship and sent, none cancelled: "Order Cancelled" matches nothing
		const triggerWorkflow = {
			id: TRIGGER_WORKFLOW_ID,
			name: 'e2e: cancelled orders (none at OTTO)',
			nodes: [
				{
					name: 'Cancelled Orders',
					type: `${PKG}.ottoMarketOrdersTrigger`,
					typeVersion: 1,
					position: [0, 0],
					parameters: { event: 'cancelled' },
					credentials: { ottoMarketApi: { id: world.credential.id, name: world.credential.name } },
				},
			],
			connections: {},
		};
		await world.n8n.importWorkflows([...loadExamples().map((e) => e.json), lookupWorkflow, triggerWorkflow]);
		await world.n8n.start();
		await world.n8n.setupOwner();
		ours = (await world.n8n.packageNodeTypes()).filter((t) => !t.name.endsWith('Tool'));
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
		});
		page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
		page.setDefaultTimeout(30_000);
	});
	after(async () => {
		await browser?.close().catch(() => {});
		if (world) await world.dispose();
	});

	test('log in to the editor', { timeout: 120_000 }, async () => {
		const { n8n } = world;
		await page.goto(`${n8n.baseUrl}/signin`);
		await page.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(n8n.owner.email);
		await page.locator('input[type="password"]').first().fill(n8n.owner.password);
		await shot('01-signin');
		await page.locator('[data-test-id="form-submit-button"], button:has-text("Sign in")').first().click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
		await page.waitForLoadState('networkidle').catch(() => {});
		await shot('02-after-login');
		assert.ok(!new URL(page.url()).pathname.startsWith('/signin'), `left the sign-in page (at ${page.url()})`);
	});

	test('the nodes panel finds every OTTO node by "OTTO", each with its icon', { timeout: 180_000 }, async () => {
		const { n8n } = world;
		const all = ours.map((t) => t.displayName).sort();
		assert.equal(all.length, NODE_COUNT);
		// n8n lists a trigger together with the action node of the same name ("OTTO Market Orders" holds
		// both the Orders node and the Orders Trigger); 11 nodes -> 9 entries
		const entries = [...new Set(all.map((n) => n.replace(/ Trigger$/, '')))].sort();
		const grouped = entries.filter((e) => all.includes(`${e} Trigger`));

		const search = async () => {
			const input = page.locator('[data-test-id="node-creator-search-bar"] input, input[placeholder*="Search"]').first();
			await input.fill('OTTO');
			await page.waitForTimeout(1500);
		};
		/** Every entry of the open panel whose title starts with "OTTO Market", with the state of its icon. */
		const listed = () =>
			page.evaluate(() => {
				const out = {};
				for (const el of document.querySelectorAll('body *')) {
					const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join('');
					if (!/^OTTO Market/.test(own) || !el.getBoundingClientRect().width) continue;
					let box = el;
					// the title carries a small svg badge (community node): look further up for the node icon <img>
					for (let i = 0; i < 8 && box && !box.querySelector('img'); i++) box = box.parentElement;
					const img = box?.querySelector('img');
					out[own] = img
						? { kind: 'img', src: img.getAttribute('src'), ok: img.complete && img.naturalWidth > 0 }
						: { kind: 'none', ok: false };
				}
				return out;
			});

		for (const [view, open] of [
			['03-node-panel-first-step', async () => {
				await page.goto(`${n8n.baseUrl}/workflow/new`);
				await page.locator('[data-test-id="canvas-add-button"], [data-test-id="canvas-plus-button"]').first().click();
			}],
			['04-node-panel-next-step', async () => {
				await page.goto(`${n8n.baseUrl}/workflow/ottoExStockQuant`);
				await page.locator('[data-test-id="canvas-node"]').first().waitFor();
				await page.locator('[data-test-id="node-creator-plus-button"], [data-test-id="canvas-plus-button"]').first().click();
			}],
		]) {
			await open();
			await search();
			await shot(view);
			const seen = await listed();
			log(`${view}: ${Object.entries(seen).map(([n, i]) => `${n} (${i.kind}${i.ok ? '' : ', NOT LOADED'})`).join(', ')}`);
			assert.deepEqual(Object.keys(seen).sort(), entries, `${view}: every OTTO entry is listed`);
			for (const name of entries) {
				assert.equal(seen[name].kind, 'img', `${view}: ${name} shows an image icon`);
				assert.ok(seen[name].ok, `${view}: ${name}: icon loaded (${seen[name].src})`);
			}
		}
		// the grouped entries open to both the trigger and the actions
		for (const name of grouped) {
			await search();
			await page.getByText(name, { exact: true }).first().click();
			await page.waitForTimeout(1000);
			const file = await shot(`04-${name.replace(/\W+/g, '-').toLowerCase()}`);
			const text = await page.evaluate(() => document.body.innerText);
			assert.match(text, /Triggers/, `${name}: the panel shows its trigger (${file})`);
			assert.match(text, /Actions/, `${name}: the panel shows its actions (${file})`);
			await page.keyboard.press('Escape');
			await page.locator('[data-test-id="node-creator-plus-button"], [data-test-id="canvas-plus-button"]').first().click().catch(() => {});
		}
		await page.keyboard.press('Escape');
		// the icon files themselves are served by n8n
		for (const t of ours) {
			const url = typeof t.iconUrl === 'string' ? t.iconUrl : t.iconUrl?.light;
			assert.ok(url, `${t.name} has an iconUrl`);
			const res = await fetch(new URL(url, n8n.baseUrl), { headers: { cookie: n8n.cookie } });
			assert.equal(res.status, 200, `${url} is served`);
			assert.match(await res.text(), /<svg/);
		}
	});

	test('open an example workflow, run it from the UI, see the output', { timeout: 180_000 }, async () => {
		const { n8n, sim } = world;
		await page.goto(`${n8n.baseUrl}/workflow/ottoExStockQuant`);
		await page.waitForLoadState('networkidle').catch(() => {});
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		await shot('05-example-workflow');
		sim.clearRequests();
		await page.locator('[data-test-id="execute-workflow-button"]').first().click();
		await waitFor('the run started from the UI to reach the simulator', () =>
			sim.requests.some((r) => r.path === '/v1/availability/quantities'),
		);
		await page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'Update quantities' }).first().waitFor();
		await page.waitForTimeout(2000);
		await shot('06-after-run');
		assert.deepEqual(
			sim.requests.filter((r) => r.method !== 'POST' || r.path !== '/oauth2/token').map((r) => `${r.method} ${r.path} ${r.status}`),
			['POST /v1/availability/quantities 200'],
		);
		await page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'Update quantities' }).first().dblclick();
		const output = page.locator('[data-test-id="output-panel"], [data-test-id="ndv-output-panel"]').first();
		await output.waitFor();
		await page.waitForTimeout(1000);
		await shot('07-output');
		const text = await output.innerText();
		for (const s of ['SKU-01000', 'SKU-01001', 'SKU-01002']) assert.ok(text.includes(s), `output shows ${s}`);
		assert.match(text, /3 items/i);
		log(`browser: screenshots in ${path.relative(REPO_ROOT, SHOTS)}`);
	});

	test('Delivery Information › Update: the shipping profile is picked from OTTO\'s list', { timeout: 180_000 }, async () => {
		const { n8n, sim } = world;
		await page.goto(`${n8n.baseUrl}/workflow/${LOOKUP_WORKFLOW_ID}`);
		await page.waitForLoadState('networkidle').catch(() => {});
		await page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'Link SKU' }).first().dblclick();
		const locator = page.locator('[data-test-id="rlc-input"]').first();
		await locator.waitFor();
		sim.clearRequests();
		await locator.click();
		const items = page.locator('[data-test-id="rlc-item"]');
		await items.first().waitFor();
		await page.waitForTimeout(500);
		await shot('08-shipping-profile-list');
		const names = await items.allInnerTexts();
		log(`shipping profile list: ${names.join(' | ')}`);
		assert.deepEqual(
			names.map((n) => n.trim()).sort(),
			['Express · PARCEL · 3 + 2 days', 'Heavy goods forwarder · FORWARDER_CURBSIDE · 2 + 2 days', 'Standard parcel · PARCEL · 1 + 2 days'],
		);
		assert.ok(sim.requests.some((r) => r.method === 'GET' && r.path === '/v1/shipping-profiles'), 'the list came from OTTO (GET /v1/shipping-profiles)');
		await items.filter({ hasText: 'Heavy goods forwarder' }).first().click();
		await page.waitForTimeout(500);
		await shot('09-shipping-profile-picked');
		const shown = await page.locator('[data-test-id="rlc-input"] input, input[data-test-id="rlc-input"]').first().inputValue().catch(async () => locator.innerText());
		assert.match(shown, /Heavy goods forwarder/, `the picked profile is shown (${shown})`);
	});

	test('a new OTTO Market API credential with the defaults (Scopes empty) passes n8n\'s credential test', { timeout: 180_000 }, async () => {
		const { n8n, sim } = world;
		const { BUILT_IN } = simulatorModule();
		await page.goto(`${n8n.baseUrl}/home/credentials/create`);
		const typeSelect = page.locator('[data-test-id="new-credential-type-select"]').first();
		await typeSelect.waitFor();
		await typeSelect.click();
		await page.keyboard.type('OTTO Market API');
		await page.locator('[data-test-id="new-credential-type-select-option"]:visible').filter({ hasText: /^\s*OTTO Market API\s*$/ }).first().click();
		await page.locator('[data-test-id="new-credential-type-button"]').first().click();
		const field = (name) => page.locator(`[data-test-id="parameter-input-${name}"]`).first();
		await field('environment').waitFor();
		await field('environment').click();
		await page.locator('[data-test-id="parameter-input-item"]:visible').filter({ hasText: 'Custom' }).first().click();
		await field('baseUrl').locator('input').first().fill(sim.url);
		await field('clientId').locator('input').first().fill(BUILT_IN.seller.clientId);
		await field('clientSecret').locator('input').first().fill(BUILT_IN.seller.clientSecret);
		await shot('10-credential-form');
		const scopesShown = await field('scopes').innerText().catch(() => '');
		log(`credential form: Scopes field shows "${scopesShown.trim()}"`);
		sim.clearRequests();
		await page.locator('[data-test-id="credential-save-button"]').first().click();
		const success = page.locator('[data-test-id="credentials-config-container-test-success"]').first();
		await success.waitFor({ timeout: 90_000 });
		await shot('11-credential-tested');
		assert.match(await success.innerText(), /Connection tested successfully/);
		// what reached OTTO: a token request with the default scopes (never empty), then a test read that passed
		const token = sim.requests.find(isTokenRequest);
		assert.ok(token, 'the credential test requested a token');
		const scope = new URLSearchParams(token.rawBody).get('scope') ?? '';
		assert.ok(scope.trim(), `the token was requested with the default scopes (scope="${scope}")`);
		const reads = sim.requests.filter((r) => !isTokenRequest(r));
		log(`credential test: token scope "${scope}", then ${reads.map((r) => `${r.method} ${r.path} ${r.status}`).join(', ')}`);
		assert.ok(reads.length && reads.every((r) => r.status === 200), 'the test read passed at OTTO');
	});

	test('Fetch Test Event with nothing matching says so and what to do', { timeout: 180_000 }, async () => {
		const { n8n, sim } = world;
		await page.goto(`${n8n.baseUrl}/workflow/${TRIGGER_WORKFLOW_ID}`);
		await page.waitForLoadState('networkidle').catch(() => {});
		await page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'Cancelled Orders' }).first().dblclick();
		const fetchButton = page.locator('[data-test-id="node-execute-button"]:visible').first();
		await fetchButton.waitFor();
		assert.match(await fetchButton.innerText(), /Fetch Test Event/i);
		sim.clearRequests();
		await fetchButton.click();
		const message = page.getByText('No event found: OTTO has nothing that matches this trigger yet').first();
		await message.waitFor({ timeout: 90_000 });
		await page.getByText(/Create Test Orders/).first().waitFor({ timeout: 10_000 }).catch(() => {});
		await shot('12-fetch-test-event-nothing');
		const text = await page.evaluate(() => document.body.innerText);
		assert.match(text, /No event found: OTTO has nothing that matches this trigger yet/);
		assert.match(text, /Order Cancelled/, 'the message names the event');
		assert.match(text, /Create Test Orders/, 'the message says how to get an event');
		assert.doesNotMatch(text, /No trigger output/);
		assert.ok(sim.requests.some((r) => r.method === 'GET' && r.path === '/v4/orders'), 'the trigger asked OTTO (GET /v4/orders)');
	});
});
