// What n8n does when both OTTO packages are installed: ours and @skriptfabrik/n8n-nodes-otto-market
// (0.2.0), whose credential is also named `ottoMarketApi`. The README's migration note rests on this.
//
// Measured on 2.41.1 and 1.123.81:
// - every node of both packages is registered (ours: all of package.json; theirs: ottoMarket);
// - /types/credentials.json lists TWO credential types named `ottoMarketApi` (ours first, theirs second);
// - when a workflow runs, n8n authenticates our nodes with skriptfabrik's credential class: its
//   preAuthentication posts username/password to https://api.otto.market/v1/token. With our credential
//   data (client ID/secret, Environment Custom) no request reaches the configured base URL and the node
//   fails with a connection error. So: uninstall @skriptfabrik/n8n-nodes-otto-market first.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { loadExamples, packageContents } from '../../tools/demo/common.mjs';
import { ensureSkriptfabrikPackage, log, setupWorld, versionsUnderTest } from '../../tools/demo/e2e-helpers.mjs';

const THEIRS = '@skriptfabrik/n8n-nodes-otto-market';

for (const version of versionsUnderTest()) {
	describe(`n8n ${version} with both OTTO packages installed`, { timeout: 600_000 }, () => {
		let world;

		before(async () => {
			world = await setupWorld(version, { packages: [ensureSkriptfabrikPackage()] });
			world.sim.demo.seed();
		});
		after(async () => {
			if (world) await world.dispose();
		});

		test('our nodes run with skriptfabrik\'s credential class: nothing reaches the configured OTTO base URL', { timeout: 300_000 }, async () => {
			const { sim, n8n } = world;
			const stock = loadExamples().find((e) => e.file === 'stock-list-to-quantities.json').json;
			const id = await n8n.importWorkflow(stock);
			sim.clearRequests();
			const run = await n8n.execute(id);
			assert.equal(run.ok, false, 'the run fails');
			assert.equal(run.lastNodeExecuted, 'Update quantities');
			const message = String(run.error?.message ?? '');
			assert.match(message, /ENOTFOUND|connection cannot be established/, `a connection error (got "${message}")`);
			assert.deepEqual(
				sim.requests.map((r) => `${r.method} ${r.path}`),
				[],
				'no token request and no API request reached the simulator: our preAuthentication did not run',
			);
			log(`[${version}] both packages: our node failed with "${message}", 0 requests to the configured base URL`);
		});

		test('all nodes of both packages load; two credential types share the name ottoMarketApi', { timeout: 300_000 }, async () => {
			const { n8n } = world;
			await n8n.start();
			try {
				await n8n.setupOwner();
				const names = (await n8n.listNodeTypes()).map((t) => t.name).filter((n) => !n.endsWith('Tool'));
				const ours = packageContents().nodeFiles.map((f) => {
					const base = f.split('/').pop().replace('.node.js', '');
					return `n8n-nodes-otto-market.${base[0].toLowerCase()}${base.slice(1)}`;
				});
				for (const name of ours) assert.ok(names.includes(name), `${name} registered`);
				assert.ok(names.includes(`${THEIRS}.ottoMarket`), `${THEIRS}.ottoMarket registered`);

				const credentials = (await n8n.restApi('/types/credentials.json')).body.filter((c) => c.name === 'ottoMarketApi');
				assert.equal(credentials.length, 2, 'two credential types named ottoMarketApi');
				const fields = credentials.map((c) => c.properties.map((p) => p.name));
				assert.ok(fields[0].includes('clientId') && fields[0].includes('environment'), 'ours: client credentials + environment');
				assert.ok(fields[1].includes('username') && fields[1].includes('password'), "theirs: username + password");
				assert.ok(credentials[1].supportedNodes.includes(`${THEIRS}.ottoMarket`));
				assert.ok(credentials[0].supportedNodes.includes('n8n-nodes-otto-market.ottoMarketOrders'));
			} finally {
				await n8n.stop();
			}
		});
	});
}
