import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';

/** One problem OTTO reported, whatever shape the body had. */
export interface OttoProblem {
	title: string;
	detail: string;
	path?: string;
	code?: string;
	logref?: string;
}

/** What we know of a failed response; built from the HTTP helper's error, never holding the request. */
export interface HttpFailure {
	status?: number;
	headers: Record<string, string>;
	body?: unknown;
	/** Node's error code for network failures (ECONNRESET, ETIMEDOUT, ...). */
	code?: string;
	message?: string;
}

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** Decodes a body that may be a Buffer, an ArrayBuffer, a JSON string or an object. */
export function decodeBody(body: unknown): unknown {
	let value = body;
	if (value instanceof ArrayBuffer) value = Buffer.from(value);
	if (Buffer.isBuffer(value)) value = value.toString('utf8');
	if (typeof value === 'string') {
		const trimmed = value.trim();
		if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
			try {
				return JSON.parse(trimmed);
			} catch {
				return value;
			}
		}
	}
	return value;
}

export function isHtml(body: unknown, headers: Record<string, string> = {}): boolean {
	const type = headers['content-type'] ?? '';
	if (type.includes('text/html')) return true;
	return typeof body === 'string' && /^\s*<(!doctype|html|head|body)/i.test(body);
}

/** The visible text of an HTML page, shortened; enough to recognise a gateway or WAF page. */
function htmlExcerpt(html: string, max = 200): string {
	const plain = html
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&nbsp;/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return plain.length > max ? `${plain.slice(0, max)}…` : plain;
}

/**
 * Reads the OTTO error shapes (docs/otto-api.md §8.2):
 * `{ errors: [{ title, detail, path, code, logref }] }` (orders, shipments, returns, receipts),
 * `{ type, title, status, validationErrors: [{ detail, logref }] }` (availability, shipping profiles),
 * `{ error, error_description }` (OAuth), and HTML or plain text bodies.
 */
export function parseOttoProblems(rawBody: unknown, headers: Record<string, string> = {}): OttoProblem[] {
	const body = decodeBody(rawBody);
	if (typeof body === 'string') {
		if (!body.trim()) return [];
		if (isHtml(body, headers)) return [{ title: 'HTML response', detail: htmlExcerpt(body) }];
		return [{ title: 'Error', detail: body.trim().slice(0, 500) }];
	}
	if (!body || typeof body !== 'object') return [];
	const data = body as IDataObject;
	const problems: OttoProblem[] = [];
	// `errors` is a list, one object (shipments, availability 207), or nested `{ errors: [...] }` (price reductions).
	const nested = data.errors && typeof data.errors === 'object' ? (data.errors as IDataObject).errors : undefined;
	const errors = Array.isArray(data.errors) ? data.errors : Array.isArray(nested) ? nested : data.errors && typeof data.errors === 'object' ? [data.errors] : [];
	for (const entry of errors as IDataObject[]) {
		problems.push({
			title: text(entry.title ?? entry.code ?? 'Error'),
			detail: text(entry.detail ?? entry.message),
			path: text(entry.path ?? entry.jsonPath ?? entry.jsonpath) || undefined,
			code: text(entry.code) || undefined,
			logref: text(entry.logref) || undefined,
		});
	}
	if (Array.isArray(data.validationErrors)) {
		for (const entry of data.validationErrors as IDataObject[]) {
			problems.push({
				title: text(data.title ?? 'Validation error'),
				detail: text(entry.detail ?? entry.message),
				path: text(entry.path ?? entry.jsonPath) || undefined,
				logref: text(entry.logref) || undefined,
			});
		}
	}
	if (problems.length === 0 && (data.error || data.error_description)) {
		problems.push({ title: text(data.error ?? 'Error'), detail: text(data.error_description) });
	}
	if (problems.length === 0 && (data.title || data.detail || data.message)) {
		problems.push({ title: text(data.title ?? 'Error'), detail: text(data.detail ?? data.message) });
	}
	return problems;
}

const STATUS_HINTS: Record<number, string> = {
	400: 'OTTO did not accept the request.',
	401: 'OTTO did not accept the access token. Check the credential (client ID, secret, environment).',
	403: 'The credential lacks a scope this operation needs, or the app was not granted it. Add the scope in the credential.',
	404: 'OTTO found nothing under this ID.',
	409: 'The request conflicts with the current state at OTTO.',
	412: 'OTTO refused the change because a precondition failed.',
	413: 'The request carried more items than OTTO accepts at once.',
	422: 'OTTO could not process the content of the request.',
	429: 'OTTO rate limit reached.',
};

export function statusHint(status?: number): string {
	if (status === undefined) return '';
	if (STATUS_HINTS[status]) return STATUS_HINTS[status];
	if (status >= 500) return 'OTTO had a server problem. Try again later.';
	return '';
}

/** One line for a problem list: "TITLE: detail (path)". */
export function formatProblems(problems: OttoProblem[]): string {
	return problems
		.map((p) => [p.title, p.detail].filter(Boolean).join(': ') + (p.path ? ` (${p.path})` : ''))
		.join('; ');
}

/**
 * Builds the NodeApiError for a failed OTTO call: OTTO's title as the message, the details
 * as the description, the HTTP code and the item index. The request (and so the token) is
 * never part of it.
 */
export function ottoApiError(
	node: INode,
	failure: HttpFailure,
	options: { itemIndex?: number; message?: string; description?: string } = {},
): NodeApiError {
	const problems = parseOttoProblems(failure.body, failure.headers);
	const status = failure.status;
	const first = problems[0];
	let message = options.message;
	if (!message) {
		if (first && first.title !== 'HTML response') {
			message = `OTTO: ${first.title}${status ? ` (HTTP ${status})` : ''}`;
		} else if (status) {
			message = `OTTO answered HTTP ${status}${first ? ' with an HTML page' : ''}`;
		} else {
			message = `OTTO could not be reached (${failure.code ?? failure.message ?? 'network error'})`;
		}
	}
	const description =
		options.description ??
		([problems.length ? formatProblems(problems) : '', statusHint(status)].filter(Boolean).join(' ') ||
			undefined);
	const response: JsonObject = {
		status: status ?? null,
		problems: problems as unknown as JsonObject[],
	};
	if (failure.code) response.code = failure.code;
	return keepMessage(
		new NodeApiError(node, response, {
			message,
			description,
			httpCode: status ? String(status) : undefined,
			itemIndex: options.itemIndex,
		}),
		message,
	);
}

/**
 * NodeApiError swaps a message that mentions a network code (ECONNRESET, ETIMEDOUT, ...) for n8n's
 * generic text ("consider setting Retry on Fail"), which would hide what we say about retries and
 * repeat safety. Puts our message back.
 */
export function keepMessage<T extends NodeApiError>(error: T, message: string): T {
	if (error.message !== message) error.message = message;
	return error;
}

/** Header names in lower case, values as strings (n8n hands headers over in several forms). */
export function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	if (!headers || typeof headers !== 'object') return result;
	const source =
		typeof (headers as { toJSON?: () => unknown }).toJSON === 'function'
			? ((headers as { toJSON: () => unknown }).toJSON() as Record<string, unknown>)
			: (headers as Record<string, unknown>);
	for (const [key, value] of Object.entries(source)) {
		if (value === undefined || value === null) continue;
		result[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return result;
}

/** Digs the HTTP status, headers, body and network code out of whatever the HTTP helper threw. */
export function failureOf(error: unknown): HttpFailure {
	const chain: Array<Record<string, unknown>> = [];
	let current = error as Record<string, unknown> | undefined;
	for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
		chain.push(current);
		current = current.cause as Record<string, unknown> | undefined;
	}
	const failure: HttpFailure = { headers: {} };
	for (const entry of chain) {
		const response = entry.response as Record<string, unknown> | undefined;
		if (response && typeof response === 'object' && failure.status === undefined) {
			const status = Number(response.status ?? response.statusCode);
			if (Number.isFinite(status) && status > 0) failure.status = status;
			failure.headers = lowerCaseHeaders(response.headers);
			failure.body = decodeBody(response.data ?? response.body);
		}
		if (!failure.code && typeof entry.code === 'string' && /^[A-Z_]+$/.test(entry.code)) {
			failure.code = entry.code;
		}
	}
	if (failure.status === undefined) {
		for (const entry of chain) {
			const status = Number(entry.httpCode ?? entry.status ?? entry.statusCode);
			if (Number.isFinite(status) && status >= 100) {
				failure.status = status;
				break;
			}
		}
	}
	failure.message = String((error as Error)?.message ?? '');
	return failure;
}
