/**
 * nodes/shared/validation.ts: every check names the field and the item, carries the item index and
 * returns the value OTTO gets. Dates, "0x10"/"1e3" and position item lists are also covered by
 * test/reliability/inputs.test.ts (issue 12 defects 7 and 14).
 */
import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import {
	inputError,
	isIsoDate,
	optionalDate,
	requireAmount,
	requireCountryCode,
	requireInteger,
	requireJson,
	requireOneOf,
	requireSku,
	requireText,
	show,
} from '../../../nodes/shared/validation';
import { seededRandom } from '../../helpers/random';

const node = { name: 'Test Node' } as INode;

/** The error a check throws (it must throw a NodeOperationError carrying the item index). */
function refusal(run: () => unknown, itemIndex: number): NodeOperationError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).context.itemIndex).toBe(itemIndex);
		return error as NodeOperationError;
	}
	throw new Error('expected the check to refuse the value');
}

describe('inputError and show', () => {
	it('names field and item, and says what to fix', () => {
		const error = inputError(node, 'Quantity', 4, 'must be 0 or more');
		expect(error.message).toBe('Invalid "Quantity" in item 4: must be 0 or more');
		expect(error.description).toBe('Fix the "Quantity" field (or the input data it comes from) of item 4.');
		expect(error.context.itemIndex).toBe(4);
		expect(inputError(node, 'SKU', 0, 'x', 'Do this instead.').description).toBe('Do this instead.');
	});

	it('quotes strings and writes other values as JSON', () => {
		expect(show('a')).toBe('"a"');
		expect(show(undefined)).toBe('nothing');
		expect(show(null)).toBe('null');
		expect(show({ a: 1 })).toBe('{"a":1}');
		const cyclic: { self?: unknown } = {};
		cyclic.self = cyclic;
		expect(show(cyclic)).toBe('[object Object]');
	});
});

describe('requireText and requireSku', () => {
	it('trims, turns numbers into text, refuses empty and too long values', () => {
		expect(requireText(node, '  abc ', 'Name', 0)).toBe('abc');
		expect(requireText(node, 42, 'Name', 0)).toBe('42');
		expect(refusal(() => requireText(node, '   ', 'Name', 2), 2).message).toBe('Invalid "Name" in item 2: must not be empty (got "   ")');
		expect(refusal(() => requireText(node, undefined, 'Name', 1), 1).message).toBe('Invalid "Name" in item 1: must not be empty (got nothing)');
		expect(refusal(() => requireText(node, 'abcd', 'Name', 3, 3), 3).message).toBe('Invalid "Name" in item 3: is longer than 3 characters');
		expect(requireText(node, 'abc', 'Name', 3, 3)).toBe('abc');
	});

	it.each(['A/B', 'A\\B', 'A?B', 'A#B', 'A\u0007B', 'A\u007fB'])('a SKU %j is refused (it would change the URL)', (sku) => {
		expect(refusal(() => requireSku(node, sku, 5), 5).message).toMatch(/^Invalid "SKU" in item 5: .* contains characters a SKU cannot have/);
	});

	it('a SKU of up to 50 characters passes; 51 do not', () => {
		expect(requireSku(node, 'S'.repeat(50), 0)).toBe('S'.repeat(50));
		expect(refusal(() => requireSku(node, 'S'.repeat(51), 0, 'Variation SKU'), 0).message).toBe(
			'Invalid "Variation SKU" in item 0: is longer than 50 characters',
		);
	});
});

describe('requireInteger and requireAmount', () => {
	it('accepts exactly the whole numbers written in decimal digits (randomized, seed 16)', () => {
		const random = seededRandom(16);
		const alphabet = '0123456789+-.eExXbo_ ,';
		for (let run = 0; run < 2000; run++) {
			const length = 1 + Math.floor(random() * 6);
			const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
			const plain = /^[+-]?\d+$/.test(text.trim());
			if (plain) {
				expect(requireInteger(node, text, 'Quantity', 0)).toBe(Number(text.trim()));
			} else {
				expect(refusal(() => requireInteger(node, text, 'Quantity', 7), 7).message).toMatch(/^Invalid "Quantity" in item 7: must be a whole number/);
			}
		}
	});

	it('checks the range, naming the bound', () => {
		expect(refusal(() => requireInteger(node, -1, 'Quantity', 1, { min: 0 }), 1).message).toBe('Invalid "Quantity" in item 1: must be 0 or more (got -1)');
		expect(refusal(() => requireInteger(node, '100', 'Days', 1, { min: 1, max: 99 }), 1).message).toBe('Invalid "Days" in item 1: must be 99 or less (got 100)');
		expect(requireInteger(node, '99', 'Days', 1, { min: 1, max: 99 })).toBe(99);
		expect(refusal(() => requireInteger(node, 2.5, 'Quantity', 0), 0).message).toBe('Invalid "Quantity" in item 0: must be a whole number (got 2.5)');
	});

	it('an amount is positive with at most two decimals', () => {
		expect(requireAmount(node, 0.01, 'Price', 0)).toBe(0.01);
		expect(requireAmount(node, '19.99', 'Price', 0)).toBe(19.99);
		expect(refusal(() => requireAmount(node, 0, 'Price', 2), 2).message).toBe('Invalid "Price" in item 2: must be a positive amount (got 0)');
		expect(refusal(() => requireAmount(node, '1.005', 'Price', 2), 2).message).toBe('Invalid "Price" in item 2: must have at most two decimals (got 1.005)');
	});
});

describe('requireOneOf', () => {
	const carriers = ['DHL', 'GLS', 'HERMES'] as const;

	it('returns the trimmed value when it is allowed, else lists what is', () => {
		expect(requireOneOf(node, ' GLS ', 'Carrier', 0, carriers)).toBe('GLS');
		expect(refusal(() => requireOneOf(node, 'gls', 'Carrier', 3, carriers), 3).message).toBe('Invalid "Carrier" in item 3: "gls" is not one of DHL, GLS, HERMES');
		expect(refusal(() => requireOneOf(node, 7, 'Carrier', 3, carriers), 3).message).toBe('Invalid "Carrier" in item 3: 7 is not one of DHL, GLS, HERMES');
	});

	it('names at most twelve allowed values', () => {
		const many = Array.from({ length: 15 }, (_, i) => `V${i}`);
		expect(refusal(() => requireOneOf(node, 'X', 'Value', 0, many), 0).message).toBe(
			`Invalid "Value" in item 0: "X" is not one of ${many.slice(0, 12).join(', ')}, …`,
		);
	});
});

describe('dates', () => {
	it('isIsoDate: only dates that exist', () => {
		expect(isIsoDate('2028-02-29')).toBe(true);
		expect(isIsoDate('2026-02-29')).toBe(false);
		expect(isIsoDate('2026-05-02T23:59:59+14:00')).toBe(true);
		expect(isIsoDate('2026-05-02T10:00:00+15:00')).toBe(false);
		expect(isIsoDate('2026-05-02T10:60:00Z')).toBe(false);
	});

	it('every day of four years, with and without a time, is read back as the same instant (randomized times, seed 3)', () => {
		const random = seededRandom(3);
		const start = Date.UTC(2027, 0, 1);
		for (let day = 0; day < 4 * 366; day++) {
			const at = new Date(start + day * 86_400_000 + Math.floor(random() * 86_400) * 1000);
			const iso = at.toISOString();
			expect(isIsoDate(iso)).toBe(true);
			expect(optionalDate(node, iso, 'From Date', 0)).toBe(iso);
			expect(optionalDate(node, iso.slice(0, 10), 'From Date', 0)).toBe(`${iso.slice(0, 10)}T00:00:00.000Z`);
		}
	});

	it('optionalDate: empty is undefined, anything else is checked', () => {
		expect(optionalDate(node, '', 'From Date', 0)).toBeUndefined();
		expect(optionalDate(node, null, 'From Date', 0)).toBeUndefined();
		expect(optionalDate(node, undefined, 'From Date', 0)).toBeUndefined();
		expect(refusal(() => optionalDate(node, 'soon', 'From Date', 6), 6).message).toMatch(/^Invalid "From Date" in item 6: "soon" is not a date/);
	});
});

describe('requireJson and requireCountryCode', () => {
	it('takes objects as they are, parses strings, names the field on bad JSON', () => {
		const value = { a: 1 };
		expect(requireJson(node, value, 'Body', 0)).toBe(value);
		expect(requireJson(node, '[{"a":1}]', 'Body', 0)).toEqual([{ a: 1 }]);
		expect(refusal(() => requireJson(node, '', 'Body', 2), 2).message).toBe('Invalid "Body" in item 2: must be JSON (got nothing)');
		expect(refusal(() => requireJson(node, '{a:', 'Body', 2), 2).message).toMatch(/^Invalid "Body" in item 2: is not valid JSON \(/);
	});

	it('a country code is three letters, returned in capitals', () => {
		expect(requireCountryCode(node, 'deu', 'Country', 0)).toBe('DEU');
		expect(refusal(() => requireCountryCode(node, 'DE', 'Country', 1), 1).message).toBe('Invalid "Country" in item 1: "DE" is not a three-letter country code such as DEU');
		expect(refusal(() => requireCountryCode(node, 'GERM', 'Country', 1), 1).message).toBe('Invalid "Country" in item 1: is longer than 3 characters');
	});
});
