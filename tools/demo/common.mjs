// Shared by tools/demo.mjs and test/e2e/*.test.mjs: the simulator in this process, the demo
// credential, the example workflows. Node built-ins only (plus the repo's simulator/).

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { REPO_ROOT } from './pack.mjs';

const require = createRequire(import.meta.url);

/** The simulator module (CommonJS): { startSimulator, BUILT_IN, ... }. */
export const simulatorModule = () => require(path.join(REPO_ROOT, 'simulator'));

export const DEMO_CREDENTIAL_ID = 'ottoDemoCredentl';
export const DEMO_CREDENTIAL_NAME = 'OTTO Market (simulator)';
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** The credential the examples reference: Environment Custom, the simulator's base URL, the built-in seller app. */
export function demoCredential(baseUrl, { id = DEMO_CREDENTIAL_ID, name = DEMO_CREDENTIAL_NAME } = {}) {
	const { BUILT_IN } = simulatorModule();
	return {
		id,
		name,
		type: 'ottoMarketApi',
		data: {
			environment: 'custom',
			baseUrl,
			tokenUrlPath: '/oauth2/token',
			clientAuthentication: 'body',
			authMode: 'sellerApp',
			clientId: BUILT_IN.seller.clientId,
			clientSecret: BUILT_IN.seller.clientSecret,
			// no `scopes`: n8n fills in the credential's default, every data scope of nodes/shared/scopes.ts
		},
	};
}

/** Every example workflow: [{ file, json }], sorted by file name. */
export function loadExamples() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, json: JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) }));
}

/** A copy of `workflow` whose OTTO nodes use another credential. */
export function withCredential(workflow, credential) {
	const copy = structuredClone(workflow);
	for (const node of copy.nodes) {
		if (node.credentials?.ottoMarketApi) node.credentials.ottoMarketApi = { id: credential.id, name: credential.name };
	}
	return copy;
}

/** The package's node and credential class names from package.json (what n8n must register). */
export function packageContents() {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	return {
		name: pkg.name,
		version: pkg.version,
		nodeFiles: pkg.n8n.nodes,
		credentialFiles: pkg.n8n.credentials,
	};
}
