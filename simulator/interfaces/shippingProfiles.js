'use strict';
// ShippingProfiles V1 (docs/otto-api.md §7.3), scope `shipping-profiles`. Errors use the problem shape
// (`validationErrors`). Profiles live in sim.partner(id).shippingProfiles.
//
// Links to SKUs: `sim.shippingProfiles.linkSku(partnerId, profileId, sku)` (also POST
// /__control/shipping-profiles/links { partnerId, shippingProfileId, skus }) and any checker an
// other interface registers with `sim.shippingProfiles.addUsageChecker((partnerId, id) => skus[])`
// (e.g. Availability's SKU <-> profile assignment). DELETE answers 412 while a SKU uses the profile.

const { SELLER_PARTNER_ID } = require('../constants');
const { SANDBOX_FORWARDER_SKUS } = require('../orderStore');

const MAX_LIMIT = 300;
const DELIVERY_TYPES = ['PARCEL', 'FORWARDER_PREFERREDLOCATION', 'FORWARDER_CURBSIDE', 'FORWARDER_HEAVYDUTY'];
const WORKING_DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
const capitalised = (day) => day.charAt(0) + day.slice(1).toLowerCase();

// workingDays spelling (issue 18 point 9). OTTO's generated clients disagree: MONDAY…SUNDAY in the
// newest (christian71-stack/otto-merch-api 549d7b9, 2025-07-07, GetShippingProfileResponse enum),
// Monday…Sunday in the older (kassaline/openapi-clients-otto 050bb6a, 2025-04-04); the request model
// has no enum in either. Simulator option `workingDaySpelling` (or POST /__control/shipping-profiles/spelling):
//   'any' (default)  accept both, store and answer each day as it was sent;
//   'upper'          an OTTO that reads only MONDAY…SUNDAY: refuses Monday (400), answers upper case;
//   'capitalised'    an OTTO that reads only Monday…Sunday: refuses MONDAY (400), answers Monday.
const SPELLINGS = {
	any: { accepts: (d) => WORKING_DAYS.includes(d.toUpperCase()), answer: (d) => d },
	upper: { accepts: (d) => WORKING_DAYS.includes(d), answer: (d) => (WORKING_DAYS.includes(d.toUpperCase()) ? d.toUpperCase() : d) },
	capitalised: {
		accepts: (d) => WORKING_DAYS.map(capitalised).includes(d),
		answer: (d) => (WORKING_DAYS.includes(d.toUpperCase()) ? capitalised(d.toUpperCase()) : d),
	},
};

function encodeCursor(offset) {
	return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeCursor(text) {
	try {
		const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
		return Number.isInteger(value.o) && value.o >= 0 ? value.o : null;
	} catch {
		return null;
	}
}

module.exports = (sim) => {
	const checkers = [];
	const stateOf = (partnerId) => {
		const partner = sim.partner(partnerId);
		partner.shippingProfiles ??= { profiles: new Map(), links: new Map() };
		return partner.shippingProfiles;
	};
	const problem = (status, title, detail) => sim.errors.problem(status, title, detail);
	let spelling = sim.options.workingDaySpelling ?? 'any';
	if (!SPELLINGS[spelling]) throw new Error(`simulator option workingDaySpelling: 'any', 'upper' or 'capitalised', not ${spelling}`);

	const api = {
		DELIVERY_TYPES,
		WORKING_DAYS,
		/** The workingDays spelling this simulated OTTO reads and answers ('any', 'upper', 'capitalised'). */
		get spelling() {
			return spelling;
		},
		set spelling(value) {
			if (!SPELLINGS[value]) throw new Error(`workingDaySpelling: 'any', 'upper' or 'capitalised', not ${value}`);
			spelling = value;
		},
		get: (partnerId, id) => stateOf(partnerId).profiles.get(id),
		list: (partnerId) => [...stateOf(partnerId).profiles.values()],
		linkSku(partnerId, id, sku) {
			const links = stateOf(partnerId).links;
			if (!links.has(id)) links.set(id, new Set());
			links.get(id).add(String(sku));
		},
		unlinkSku(partnerId, id, sku) {
			stateOf(partnerId).links.get(id)?.delete(String(sku));
		},
		addUsageChecker(fn) {
			checkers.push(fn);
		},
		/**
		 * How a SKU is delivered: the deliveryType of the profile it is linked to (own links first,
		 * then the Availability delivery information); PARCEL when it has none.
		 */
		deliveryTypeOfSku(partnerId, sku) {
			const state = stateOf(partnerId);
			for (const [id, skus] of state.links) if (skus.has(String(sku)) && state.profiles.has(id)) return state.profiles.get(id).deliveryType;
			const record = sim.availability && sim.availability.deliveryInformation(partnerId).get(String(sku));
			const profile = record && state.profiles.get(record.shippingProfileId);
			if (profile) return profile.deliveryType;
			return SANDBOX_FORWARDER_SKUS.includes(String(sku)) ? 'FORWARDER_HEAVYDUTY' : 'PARCEL';
		},
		/** Test helper: stores a profile (no checks) and links the SKUs to it. Returns the profile. */
		create(partnerId, spec = {}, skus = []) {
			const profile = {
				shippingProfileId: sim.partnerRng(partnerId).uuid(),
				shippingProfileName: spec.shippingProfileName ?? `Profile ${stateOf(partnerId).profiles.size + 1}`,
				workingDays: spec.workingDays ?? ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
				orderCutoff: spec.orderCutoff ?? '14:00',
				deliveryType: spec.deliveryType ?? 'PARCEL',
				defaultProcessingTime: spec.defaultProcessingTime ?? 1,
				transportTime: spec.transportTime ?? 2,
				lastModified: sim.clock.now().toISOString(),
			};
			stateOf(partnerId).profiles.set(profile.shippingProfileId, profile);
			for (const sku of skus) api.linkSku(partnerId, profile.shippingProfileId, sku);
			return profile;
		},
		/** SKUs that use a profile (own links plus registered checkers). */
		skusUsing(partnerId, id) {
			const skus = new Set(stateOf(partnerId).links.get(id) ?? []);
			for (const check of checkers) for (const sku of check(partnerId, id) ?? []) skus.add(String(sku));
			return [...skus];
		},
	};
	sim.shippingProfiles = api;

	// SKUs whose delivery information (Availability interface) points at a profile keep it in use.
	api.addUsageChecker((partnerId, id) => {
		if (!sim.availability) return [];
		return [...sim.availability.deliveryInformation(partnerId).values()]
			.filter((record) => record.shippingProfileId === id)
			.map((record) => record.sku);
	});

	/** Checks a create/update body; returns the list of problems (empty when fine). */
	function validate(body, { update } = {}) {
		if (!body || typeof body !== 'object' || Array.isArray(body) || Buffer.isBuffer(body)) return ['Body must be a JSON object'];
		const problems = [];
		if (typeof body.shippingProfileName !== 'string' || !body.shippingProfileName.trim()) problems.push('shippingProfileName: must not be blank');
		if (!Array.isArray(body.workingDays) || !body.workingDays.length) problems.push('workingDays: must not be empty');
		else {
			// spelling: see SPELLINGS above (both accepted and stored as sent unless the option says otherwise)
			const unknown = body.workingDays.filter((d) => typeof d !== 'string' || !SPELLINGS[spelling].accepts(d));
			if (unknown.length) {
				const expected = spelling === 'upper' ? ' (this OTTO reads MONDAY…SUNDAY)' : spelling === 'capitalised' ? ' (this OTTO reads Monday…Sunday)' : '';
				problems.push(`workingDays: unknown values ${unknown.join(', ')}${expected}`);
			}
		}
		if (typeof body.orderCutoff !== 'string' || !/^([01]\d|2[0-3]):(00|30)$/.test(body.orderCutoff)) {
			problems.push('orderCutoff: must be HH:MM in half-hour steps');
		}
		if (!update || body.deliveryType !== undefined) {
			if (!DELIVERY_TYPES.includes(body.deliveryType)) problems.push(`deliveryType: must be one of ${DELIVERY_TYPES.join(', ')}`);
		}
		for (const field of ['defaultProcessingTime', 'transportTime']) {
			const v = body[field];
			if (!Number.isInteger(v) || v < 1 || v > 99) problems.push(`${field}: must be a whole number from 1 to 99`);
		}
		return problems;
	}

	const fields = (body) => ({
		shippingProfileName: body.shippingProfileName.trim(),
		workingDays: [...body.workingDays],
		orderCutoff: body.orderCutoff,
		deliveryType: body.deliveryType,
		defaultProcessingTime: body.defaultProcessingTime,
		transportTime: body.transportTime,
	});

	const duplicate = (partnerId, name, exceptId) =>
		api.list(partnerId).find((p) => p.shippingProfileId !== exceptId && p.shippingProfileName.toLowerCase() === name.trim().toLowerCase());

	const opts = { scope: 'shipping-profiles' };
	// OTTO's profile answers carry no lastModified (GetShippingProfileResponseShippingProfilesV1): kept internally only.
	const view = ({ lastModified: _lastModified, ...profile }) => ({ ...profile, workingDays: profile.workingDays.map((d) => SPELLINGS[spelling].answer(d)) });

	sim.route('POST', '/v1/shipping-profiles', opts, (ctx) => {
		const problems = validate(ctx.body);
		if (problems.length) return problem(400, 'Bad Request', problems);
		if (duplicate(ctx.partnerId, ctx.body.shippingProfileName)) {
			return problem(409, 'Conflict', `A shipping profile named '${ctx.body.shippingProfileName.trim()}' already exists`);
		}
		const now = sim.clock.now().toISOString();
		const profile = { shippingProfileId: ctx.partner.rng.uuid(), ...fields(ctx.body), lastModified: now };
		stateOf(ctx.partnerId).profiles.set(profile.shippingProfileId, profile);
		return { status: 201, body: { shippingProfileId: profile.shippingProfileId, message: 'Shipping profile created' } };
	});

	sim.route('GET', '/v1/shipping-profiles', opts, (ctx) => {
		// OTTO's GET /v1/shipping-profiles takes only `cursor` and serves pages of 300 (spec: ShippingProfilesV1Api,
		// getShippingProfiles); the contract layer reports a `limit` as a parameter OTTO does not have.
		const limit = MAX_LIMIT;
		const cursorText = ctx.query.get('cursor');
		const offset = cursorText ? decodeCursor(cursorText) : 0;
		if (offset === null) return problem(400, 'Bad Request', 'cursor: invalid');
		const all = api.list(ctx.partnerId);
		const results = all.slice(offset, offset + limit).map(view);
		const body = { results };
		if (all.length > offset + limit) body.links = { rel: 'next', href: `/v1/shipping-profiles?cursor=${encodeCursor(offset + limit)}` };
		return { body };
	});

	const notFound = (ctx) => problem(404, 'Not Found', `Shipping profile ${ctx.params.id} not found`);

	sim.route('GET', '/v1/shipping-profiles/:id', opts, (ctx) => {
		const profile = api.get(ctx.partnerId, ctx.params.id);
		return profile ? { body: view(profile) } : notFound(ctx);
	});

	sim.route('PUT', '/v1/shipping-profiles/:id', opts, (ctx) => {
		const profile = api.get(ctx.partnerId, ctx.params.id);
		if (!profile) return notFound(ctx);
		const problems = validate(ctx.body, { update: true });
		if (problems.length) return problem(400, 'Bad Request', problems);
		if (ctx.body.deliveryType !== undefined && ctx.body.deliveryType !== profile.deliveryType) {
			return problem(400, 'Bad Request', 'deliveryType: cannot be changed; create a new shipping profile instead');
		}
		if (duplicate(ctx.partnerId, ctx.body.shippingProfileName, profile.shippingProfileId)) {
			return problem(409, 'Conflict', `A shipping profile named '${ctx.body.shippingProfileName.trim()}' already exists`);
		}
		Object.assign(profile, fields({ ...ctx.body, deliveryType: profile.deliveryType }), { lastModified: sim.clock.now().toISOString() });
		return { body: view(profile) };
	});

	sim.route('DELETE', '/v1/shipping-profiles/:id', opts, (ctx) => {
		const profile = api.get(ctx.partnerId, ctx.params.id);
		if (!profile) return notFound(ctx);
		const skus = api.skusUsing(ctx.partnerId, profile.shippingProfileId);
		if (skus.length) {
			return problem(412, 'Precondition Failed', `Shipping profile ${profile.shippingProfileId} is still assigned to ${skus.length} SKU(s)`);
		}
		stateOf(ctx.partnerId).profiles.delete(profile.shippingProfileId);
		return { status: 204 };
	});

	sim.control('POST', '/shipping-profiles/spelling', (ctx) => {
		const value = ctx.body && ctx.body.workingDaySpelling;
		if (!SPELLINGS[value]) return { status: 400, body: { error: "workingDaySpelling: 'any', 'upper' or 'capitalised'" } };
		spelling = value;
		return { body: { workingDaySpelling: spelling } };
	});
	sim.onReset(() => {
		spelling = sim.options.workingDaySpelling ?? 'any';
	});

	sim.control('POST', '/shipping-profiles/links', (ctx) => {
		const body = ctx.body || {};
		const partnerId = String(body.partnerId || SELLER_PARTNER_ID);
		for (const sku of [].concat(body.skus || [])) api.linkSku(partnerId, body.shippingProfileId, sku);
		return { body: { skus: api.skusUsing(partnerId, body.shippingProfileId) } };
	});
};
