'use strict';
// A stricter OTTO than documented, for tests: issuing a new access token revokes the older access tokens
// of the same grant (same client, partner, installation, developer) at once, with no grace period.
// OTTO documents a token as valid for 30 minutes and nothing of revoking older tokens on reissue, nor a
// grace period (docs/otto-api.md §2.2); its auth server is Keycloak, whose client-credentials access tokens
// stay valid until they expire. So the default (off) is OTTO as documented; on, it is the worst case a
// client sharing one credential across processes must survive.
// On with startSimulator({ revokeOnReissue: true }) or POST /__control/config { "revokeOnReissue": true }.
// A client that keeps an older token after a newer one was issued then gets 401 with it.
// Used by the queue-mode test (test/queue/) and test/nodes/shared/storedToken.test.ts: several n8n workers
// refreshing one credential at once.

const grantOf = (record) => [record.clientId, record.partnerId, record.installationId, record.developerId].join('|');

/** Called by the token registry after it stored `record`; deletes older access tokens of the same grant. */
function revokeOlder(sim, tokens, record) {
	if (!sim.config.revokeOnReissue || record.kind !== 'access') return 0;
	const grant = grantOf(record);
	let revoked = 0;
	for (const [token, other] of tokens) {
		if (other !== record && other.kind === 'access' && grantOf(other) === grant) {
			tokens.delete(token);
			revoked++;
		}
	}
	sim.tokens.revoked = (sim.tokens.revoked || 0) + revoked;
	return revoked;
}

module.exports = { revokeOlder };
