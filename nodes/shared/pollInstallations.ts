/**
 * A polling trigger over a list of seller installations (credential mode "Service Partner App
 * (Installation per Item)", issue 14 point 4). Each installation is polled as a trigger of its own
 * would be (pollCursor.ts), with its own cursor in the node's static data under
 * `ottoCursors[<installation ID>]`; every event carries its `installationId`.
 *
 * One installation failing (uninstalled, 401/403/404, or any error after the retries) does not stop
 * the others: its cursor stays where it was, so the next poll reads the same changes again and
 * nothing is lost. It is reported in n8n's log (a warning with what to do) and, with the option
 * "Report Failed Installations", as an item `{ _ottoInstallationError: true, installationId, error,
 * ... }` after the events, for the workflow to route with an IF node. When every installation fails,
 * the poll fails (n8n shows the error and runs the error workflow).
 *
 * With any other credential mode the trigger keeps its one cursor under `ottoCursor`, as before.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { APP_MODE } from './environment';
import { API_CREDENTIAL, SINGLE_INSTALLATION_MODE } from './installations';
import { advanceCursor, itemOf, noEventError, pollWithCursor } from './pollCursor';
import type { CursorState, PollSettings, PollSource } from './pollCursor';
import { retrySettingsOf } from './transport';

export const INSTALLATION_LIST_PARAMETER = 'installationIds';
export const REPORT_FAILURES_OPTION = 'reportFailedInstallations';
/** The marker field of a failure report item. */
export const FAILURE_MARKER = '_ottoInstallationError';
const FIELD = 'Installation IDs';

/** The trigger field for the installations to poll (app mode only). */
export const installationListProperty: INodeProperties = {
	displayName: FIELD,
	name: INSTALLATION_LIST_PARAMETER,
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ $vars.ottoInstallations }}',
	description:
		'Only with an OTTO Market API credential in mode "Service Partner App (Installation per Item)": the seller installations to poll, separated by commas or new lines, or an expression giving a list. Each keeps its own cursor; every event carries its installationId. An installation that fails is logged (and, with the option Report Failed Installations, output as an item) and polled again next time; the others go on. Leave empty with any other credential.',
};

/** The trigger option that turns failed installations into items. */
export const reportFailuresProperty: INodeProperties = {
	displayName: 'Report Failed Installations',
	name: REPORT_FAILURES_OPTION,
	type: 'boolean',
	default: false,
	description:
		'Whether an installation that failed in a poll (with Installation IDs) also comes out as an item with _ottoInstallationError: true, installationId, error and consecutiveFailures, after the events, so the workflow can react (route it with an IF node). It is always logged, and polled again next time.',
};

const ID_PATTERN = /^[\w.:-]{1,200}$/;

/**
 * The installation list of the field: a string with IDs separated by commas or line breaks, or an
 * array (from an expression). Refuses an empty list, blank entries, invalid IDs and duplicates, each
 * with the field's name and the entry's position.
 */
export function parseInstallationList(value: unknown): { ids: string[] } | { problem: string; description: string } {
	const fix = `Give the seller installations to poll, e.g. "inst-1, inst-2" or {{ $vars.ottoInstallations }}.`;
	let entries: unknown[];
	if (Array.isArray(value)) entries = value;
	else if (typeof value === 'string' || typeof value === 'number') {
		const text = String(value).trim();
		entries = text ? text.split(/\s*,\s*|\s*[\r\n]+\s*/) : [];
	} else if (value === undefined || value === null) entries = [];
	else return { problem: `${FIELD} is not a list (got ${typeof value})`, description: fix };
	if (!entries.length) {
		return {
			problem: `${FIELD} is empty`,
			description: `The credential is in mode "Service Partner App (Installation per Item)": the trigger needs the installations to poll. ${fix}`,
		};
	}
	const ids: string[] = [];
	const at = new Map<string, number>();
	for (const [index, entry] of entries.entries()) {
		const position = `entry ${index + 1}`;
		const id = typeof entry === 'string' || typeof entry === 'number' ? String(entry).trim() : undefined;
		if (id === undefined) return { problem: `${FIELD}: ${position} is not an ID (got ${entry === null ? 'null' : typeof entry})`, description: fix };
		if (!id) return { problem: `${FIELD}: ${position} is blank`, description: `Remove the empty entry (two separators in a row, or a separator at the end). ${fix}` };
		if (!ID_PATTERN.test(id)) {
			return {
				problem: `${FIELD}: ${position} is not a valid installation ID: "${id.slice(0, 60)}"`,
				description: 'Installation IDs are letters, digits, "-", "_", "." or ":", separated by commas or new lines.',
			};
		}
		const first = at.get(id);
		if (first !== undefined) {
			return {
				problem: `${FIELD}: "${id.slice(0, 60)}" is listed twice (entries ${first + 1} and ${index + 1})`,
				description: 'Each installation keeps one cursor: list it once.',
			};
		}
		at.set(id, index);
		ids.push(id);
	}
	return { ids };
}

/** What static data keeps per installation: its cursor, and how long it has been failing. */
export interface InstallationCursor extends CursorState {
	/** Polls in a row in which this installation failed (absent after a good poll). */
	failures?: number;
	/** When the current run of failures began (ISO). */
	failingSince?: string;
}

interface Failure {
	installationId: string;
	error: Error;
	failures: number;
	failingSince: string;
}

/** Runs `work` for every entry, at most `limit` at a time; results in the order of `entries`. */
async function eachBounded<T, R>(entries: T[], limit: number, work: (entry: T) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(entries.length);
	let next = 0;
	const worker = async () => {
		while (next < entries.length) {
			const index = next++;
			results[index] = await work(entries[index]);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, entries.length)) }, worker));
	return results;
}

function httpCodeOf(error: Error): string | undefined {
	const code = (error as { httpCode?: unknown }).httpCode;
	if (code !== undefined && code !== null && String(code)) return String(code);
	return /\(HTTP (\d{3})/.exec(error.message)?.[1];
}

/** The error's words without "of item 1" (a trigger has no items). */
function messageOf(error: Error): string {
	return (error.message || String(error)).replace(/ of item \d+/, '');
}

function descriptionOf(error: Error): string {
	const description = (error as { description?: unknown }).description;
	return typeof description === 'string' ? description : '';
}

const NEXT_STEP =
	'If the seller uninstalled the app, remove the installation from Installation IDs; otherwise nothing to do: it is polled again next time, from where it stopped, so nothing is lost.';

function reportItem(failure: Failure): INodeExecutionData {
	const code = httpCodeOf(failure.error);
	return {
		json: {
			[FAILURE_MARKER]: true,
			installationId: failure.installationId,
			error: messageOf(failure.error),
			description: descriptionOf(failure.error) || NEXT_STEP,
			...(code ? { httpCode: code } : {}),
			consecutiveFailures: failure.failures,
			failingSince: failure.failingSince,
		},
	};
}

function tagged(item: INodeExecutionData, installationId: string): INodeExecutionData {
	return { ...item, json: { ...item.json, installationId } };
}

/** The credential mode, and the single-mode installation (undefined without the API credential). */
async function credentialMode(ctx: IPollFunctions): Promise<{ app: boolean; own?: string }> {
	if (!ctx.getNode().credentials?.[API_CREDENTIAL]) return { app: false };
	const credentials = await ctx.getCredentials(API_CREDENTIAL);
	if (credentials.authMode === APP_MODE) return { app: true };
	return { app: false, own: credentials.authMode === SINGLE_INSTALLATION_MODE ? String(credentials.installationId ?? '').trim() : undefined };
}

/**
 * One poll of a trigger: over the list of installations in app mode, else with its one cursor.
 * `sourceFor(id)` gives the source of one installation (undefined: the credential's own seller).
 */
export async function pollInstallations(
	this: IPollFunctions,
	sourceFor: (installationId?: string) => PollSource,
	settings: PollSettings,
	options: IDataObject,
): Promise<INodeExecutionData[][] | null> {
	const raw = this.getNodeParameter(INSTALLATION_LIST_PARAMETER, '') as unknown;
	const mode = await credentialMode(this);
	if (!mode.app) {
		const given = raw === '' || raw === undefined || raw === null || (Array.isArray(raw) && !raw.length) ? undefined : parseInstallationList(raw);
		// The credential's own installation may stand in the list; anything else would be another seller.
		if (given && !('ids' in given && mode.own && given.ids.every((id) => id === mode.own))) {
			throw new NodeOperationError(this.getNode(), `${FIELD} is set, but the credential is not in mode "Service Partner App (Installation per Item)"`, {
				description: mode.own
					? `The credential acts for installation "${mode.own}" only. Clear ${FIELD}, or use a credential in mode "Service Partner App (Installation per Item)".`
					: `This credential acts for its own seller only. Clear ${FIELD}, or use a credential in mode "Service Partner App (Installation per Item)".`,
			});
		}
		return await pollWithCursor.call(this, sourceFor(undefined), settings);
	}

	const parsed = parseInstallationList(raw);
	if (!('ids' in parsed)) throw new NodeOperationError(this.getNode(), parsed.problem, { description: parsed.description });
	const ids = parsed.ids;
	const report = options[REPORT_FAILURES_OPTION] === true;
	// Installations are read side by side (each one's pages in order), as many as Max Concurrent Requests.
	const parallel = retrySettingsOf(this).maxConcurrentRequests;
	const now = settings.now ?? Date.now;

	if (this.getMode() === 'manual') {
		const found = await eachBounded(ids, parallel, async (installationId) => {
			const source = sourceFor(installationId);
			try {
				const newest = await source.newest();
				return { items: newest.map((record) => tagged(itemOf(source, record), installationId)) };
			} catch (error) {
				return { failure: { installationId, error: error as Error, failures: 1, failingSince: new Date(now()).toISOString() } };
			}
		});
		const items = found.flatMap((entry) => entry.items ?? []);
		const failures = found.flatMap((entry) => (entry.failure ? [entry.failure] : []));
		if (failures.length === ids.length) throw allFailed(this, failures);
		if (items.length) return [[...items, ...(report ? failures.map(reportItem) : [])]];
		const failed = failures.length
			? ` (${failures.length} of them failed: ${failures.map((failure) => `"${failure.installationId}": ${messageOf(failure.error)}`).slice(0, 3).join('; ')})`
			: '';
		throw noEventError.call(this, sourceFor(ids[0]).emptyHint, ` for any of the ${ids.length} installations in ${FIELD}${failed}`);
	}

	const staticData = this.getWorkflowStaticData('node');
	const before = (staticData.ottoCursors ?? {}) as Record<string, InstallationCursor>;
	const budget = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : undefined;
	const shared: PollSettings = { ...settings, deadline: settings.deadline ?? (budget ? now() + budget * 0.8 : undefined) };

	const outcomes = await eachBounded(ids, parallel, async (installationId) => {
		const previous = Object.prototype.hasOwnProperty.call(before, installationId) ? before[installationId] : undefined;
		const cursor: CursorState | undefined = previous?.watermark
			? { watermark: previous.watermark, seen: previous.seen, ...(previous.startedAt ? { startedAt: previous.startedAt } : {}) }
			: undefined;
		const source = sourceFor(installationId);
		try {
			const { records, state } = await advanceCursor.call(this, source, shared, cursor);
			return { installationId, state: state as InstallationCursor, items: records.map((record) => tagged(itemOf(source, record), installationId)) };
		} catch (error) {
			const failure: Failure = {
				installationId,
				error: error as Error,
				failures: (previous?.failures ?? 0) + 1,
				failingSince: previous?.failingSince ?? new Date(now()).toISOString(),
			};
			// The cursor stays as it was: the next poll reads the same changes again.
			const state: InstallationCursor = { ...(cursor ?? {}), failures: failure.failures, failingSince: failure.failingSince };
			return { installationId, state, items: [] as INodeExecutionData[], failure };
		}
	});

	const failures = outcomes.flatMap((outcome) => (outcome.failure ? [outcome.failure] : []));
	for (const failure of failures) warn(this, failure, ids.length);
	if (failures.length === ids.length) throw allFailed(this, failures);

	// Installations no longer listed drop their state; new ones started above as a new trigger would.
	const after: Record<string, InstallationCursor> = {};
	for (const outcome of outcomes) after[outcome.installationId] = outcome.state;
	staticData.ottoCursors = after;
	// The one cursor of the other credential modes does not belong to any installation of the list.
	if (staticData.ottoCursor !== undefined) delete staticData.ottoCursor;

	const items = [...outcomes.flatMap((outcome) => outcome.items), ...(report ? failures.map(reportItem) : [])];
	return items.length ? [items] : null;
}

function warn(ctx: IPollFunctions, failure: Failure, of: number) {
	const description = descriptionOf(failure.error);
	ctx.logger?.warn(
		`OTTO trigger "${ctx.getNode().name}": installation "${failure.installationId}" failed (${failure.failures} poll${failure.failures === 1 ? '' : 's'} in a row, ` +
			`since ${failure.failingSince}); the other ${of - 1} went on. ${messageOf(failure.error)}.${description ? ` ${description}` : ''} ${NEXT_STEP}`,
		{ installationId: failure.installationId, consecutiveFailures: failure.failures, failingSince: failure.failingSince, httpCode: httpCodeOf(failure.error) },
	);
}

function allFailed(ctx: IPollFunctions, failures: Failure[]): NodeOperationError {
	const of = failures.length;
	const listed = failures
		.slice(0, 5)
		.map((failure) => `"${failure.installationId}": ${messageOf(failure.error)}`)
		.join('; ');
	const more = failures.length > 5 ? `; and ${failures.length - 5} more` : '';
	const first = failures[0];
	return new NodeOperationError(
		ctx.getNode(),
		failures.length === 1 && of === 1
			? `Installation "${first.installationId}" failed: ${messageOf(first.error)}`
			: `All ${of} installations in ${FIELD} failed: ${listed}${more}`,
		{
			description: `${descriptionOf(first.error) ? `${descriptionOf(first.error)} ` : ''}No cursor was moved: the next poll reads every installation again from where it stopped.`,
		},
	);
}
