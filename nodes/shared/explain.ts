import { NodeApiError } from 'n8n-workflow';

/** What to tell the user for an HTTP status of one operation (OTTO's own words stay in the description). */
export type StatusExplanations = Partial<Record<number, string>>;

/**
 * Gives an OTTO error a message that says what happened in the words of the operation, for the
 * statuses listed (e.g. 412 on deleting a shipping profile: "still used by SKUs"). OTTO's title
 * and detail are kept in the description. Other errors are returned unchanged.
 */
export function explainStatus(error: unknown, explanations: StatusExplanations): unknown {
	if (!(error instanceof NodeApiError)) return error;
	const status = Number(error.httpCode);
	const explanation = explanations[status];
	if (!explanation) return error;
	const otto = [error.message, error.description].filter(Boolean).join(' – ');
	error.message = explanation;
	error.description = otto ? `OTTO answered HTTP ${status}: ${otto}` : `OTTO answered HTTP ${status}`;
	return error;
}

/** Runs a request and rethrows its error through `explainStatus`. */
export async function withExplanations<T>(request: Promise<T>, explanations: StatusExplanations): Promise<T> {
	try {
		return await request;
	} catch (error) {
		throw explainStatus(error, explanations);
	}
}
