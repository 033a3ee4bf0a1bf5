import { NodeOperationError, jsonParse } from 'n8n-workflow';
import type { IDataObject, INode } from 'n8n-workflow';

/**
 * Input checks that run before any request is sent. Each error names the field and the item,
 * and carries the item index so n8n shows which input item was wrong.
 */
export function inputError(
	node: INode,
	field: string,
	itemIndex: number,
	problem: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(node, `Invalid "${field}" in item ${itemIndex}: ${problem}`, {
		itemIndex,
		description: description ?? `Fix the "${field}" field (or the input data it comes from) of item ${itemIndex}.`,
	});
}

/** A value as an error message quotes it: strings in quotes, other values as JSON. */
export function show(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (typeof value === 'string') return `"${value}"`;
	try {
		return JSON.stringify(value);
	} catch {
		return String(value);
	}
}

export function requireText(node: INode, value: unknown, field: string, itemIndex: number, maxLength = 1000): string {
	if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
	if (typeof value !== 'string' || !value.trim()) {
		throw inputError(node, field, itemIndex, `must not be empty (got ${show(value)})`);
	}
	const text = value.trim();
	if (text.length > maxLength) {
		throw inputError(node, field, itemIndex, `is longer than ${maxLength} characters`);
	}
	return text;
}

/** A SKU: non-empty, at most 50 characters, no control characters or slashes (they would change the URL). */
export function requireSku(node: INode, value: unknown, itemIndex: number, field = 'SKU'): string {
	const sku = requireText(node, value, field, itemIndex, 50);
	const hasControl = [...sku].some((char) => char.charCodeAt(0) < 32 || char.charCodeAt(0) === 127);
	if (hasControl || /[/\\?#]/.test(sku)) {
		throw inputError(node, field, itemIndex, `${show(sku)} contains characters a SKU cannot have (/, \\, ?, # or control characters)`);
	}
	return sku;
}

/** Decimal digits only: `Number()` would also read "0x10" as 16, "1e3" as 1000 and "0b1" as 1. */
const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A number, or a text of plain decimal digits (no hex, binary, octal or exponent notation). */
function numberFrom(value: unknown, pattern: RegExp): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	return pattern.test(text) ? Number(text) : value;
}

export function requireInteger(
	node: INode,
	value: unknown,
	field: string,
	itemIndex: number,
	range: { min?: number; max?: number } = {},
): number {
	const number = numberFrom(value, INTEGER_TEXT);
	if (typeof number !== 'number' || !Number.isFinite(number) || !Number.isInteger(number)) {
		throw inputError(node, field, itemIndex, `must be a whole number (got ${show(value)})`);
	}
	if (range.min !== undefined && number < range.min) {
		throw inputError(node, field, itemIndex, `must be ${range.min} or more (got ${number})`);
	}
	if (range.max !== undefined && number > range.max) {
		throw inputError(node, field, itemIndex, `must be ${range.max} or less (got ${number})`);
	}
	return number;
}

export function requireAmount(node: INode, value: unknown, field: string, itemIndex: number): number {
	const number = numberFrom(value, DECIMAL_TEXT);
	if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) {
		throw inputError(node, field, itemIndex, `must be a positive amount (got ${show(value)})`);
	}
	if (Math.abs(number * 100 - Math.round(number * 100)) > 1e-6) {
		throw inputError(node, field, itemIndex, `must have at most two decimals (got ${number})`);
	}
	return number;
}

export function requireOneOf<T extends string>(
	node: INode,
	value: unknown,
	field: string,
	itemIndex: number,
	allowed: readonly T[],
): T {
	const text = typeof value === 'string' ? value.trim() : value;
	if (typeof text !== 'string' || !allowed.includes(text as T)) {
		const list = allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')}, …` : allowed.join(', ');
		throw inputError(node, field, itemIndex, `${show(value)} is not one of ${list}`);
	}
	return text as T;
}

/**
 * ISO 8601 as n8n's date picker, Luxon (`$now`, `DateTime.toISO()`) and `Date.toISOString()` write it:
 * a calendar date, optionally a time (minutes, seconds, fractions) and an offset. Without an offset
 * the time is read in n8n's time zone. `Date.parse` alone would take "week 12" for 2001-12-01.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** Whether a text is an ISO 8601 date that exists (no 2026-02-30, no 25:00). */
export function isIsoDate(text: string): boolean {
	const match = ISO_DATE.exec(text);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const calendar = new Date(Date.UTC(year, month - 1, day));
	if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return false;
	if (match[4] !== undefined && (Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6] ?? 0) > 59)) return false;
	if (match[7] && /^[+-]/.test(match[7])) {
		const [hours, minutes] = [Number(match[7].slice(1, 3)), Number(match[7].replace(':', '').slice(3, 5) || 0)];
		if (hours > 14 || minutes > 59) return false;
	}
	return !Number.isNaN(Date.parse(text.replace(' ', 'T')));
}

/** A date or date-time in ISO 8601 (or a JavaScript Date, a Luxon DateTime); returned as ISO 8601 in UTC. */
export function requireDate(node: INode, value: unknown, field: string, itemIndex: number): string {
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw inputError(node, field, itemIndex, 'is an invalid date');
		return value.toISOString();
	}
	if (value && typeof value === 'object' && typeof (value as { toISO?: () => string }).toISO === 'function') {
		value = (value as { toISO: () => string | null }).toISO() ?? '';
	}
	if (typeof value !== 'string' || !value.trim()) {
		throw inputError(node, field, itemIndex, `must be a date such as 2026-05-02T10:00:00Z (got ${show(value)})`);
	}
	const text = value.trim();
	if (!isIsoDate(text)) {
		throw inputError(
			node,
			field,
			itemIndex,
			`${show(value)} is not a date; use ISO 8601 such as 2026-05-02T10:00:00Z`,
			`Use a date in ISO 8601 (2026-05-02, 2026-05-02T10:00:00Z or with an offset such as +02:00), as n8n's date picker and {{ $now }} give it, in the "${field}" field (or the input data it comes from) of item ${itemIndex}.`,
		);
	}
	return new Date(Date.parse(text.replace(' ', 'T'))).toISOString();
}

/** Like requireDate, but an empty value gives undefined. */
export function optionalDate(node: INode, value: unknown, field: string, itemIndex: number): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return requireDate(node, value, field, itemIndex);
}

/** A JSON parameter: an object/array as is, or a string that parses to one. */
export function requireJson<T = IDataObject | IDataObject[]>(node: INode, value: unknown, field: string, itemIndex: number): T {
	if (value && typeof value === 'object') return value as T;
	if (typeof value !== 'string' || !value.trim()) {
		throw inputError(node, field, itemIndex, 'must be JSON (got nothing)');
	}
	try {
		return jsonParse<T>(value);
	} catch (error) {
		throw inputError(node, field, itemIndex, `is not valid JSON (${(error as Error).message})`);
	}
}

/** A country code as OTTO wants it: ISO 3166-1 alpha-3 such as DEU. */
export function requireCountryCode(node: INode, value: unknown, field: string, itemIndex: number): string {
	const code = requireText(node, value, field, itemIndex, 3).toUpperCase();
	if (!/^[A-Z]{3}$/.test(code)) {
		throw inputError(node, field, itemIndex, `${show(value)} is not a three-letter country code such as DEU`);
	}
	return code;
}
