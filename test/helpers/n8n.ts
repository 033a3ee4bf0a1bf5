/**
 * Runs our nodes through n8n's own execution engine (n8n-core's WorkflowExecute and PollContext),
 * so parameters, expressions, httpRequestWithAuthentication, continue-on-fail and pairedItem are
 * n8n's. The one piece n8n keeps in its CLI package, the CredentialsHelper, is rebuilt here
 * following n8n's logic (credentials-helper.ts): preAuthentication runs only when the expirable
 * field is empty, after a 401, or in a credential test, and its result is stored with the credential.
 */
import { ExecuteContext, ExecutionLifecycleHooks, PollContext, RoutingNode, WorkflowExecute } from 'n8n-core';
import {
	ICredentialsHelper,
	Workflow,
	createRunExecutionData,
	deepCopy,
	sleep,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentials,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { OttoMarketApi } from '../../credentials/OttoMarketApi.credentials';
import { OttoMarketOAuth2Api } from '../../credentials/OttoMarketOAuth2Api.credentials';

const CREDENTIAL_TYPES: Record<string, ICredentialType> = {
	ottoMarketApi: new OttoMarketApi(),
	ottoMarketOAuth2Api: new OttoMarketOAuth2Api(),
};

export const PACKAGE = 'n8n-nodes-otto-market';

interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
	/** How often n8n wrote the credential back (token stored). */
	updates: number;
}

/** Credential IDs are unique in the process, as in n8n (the transport paces per credential ID). */
let nextCredentialId = 1;

/** The credentials "database" of one test: survives across executions like n8n's. */
export class CredentialStore {
	readonly entries = new Map<string, StoredCredential>();

	private get next(): number {
		return nextCredentialId;
	}

	private set next(value: number) {
		nextCredentialId = value;
	}

	add(type: string, data: IDataObject, name = `${type} ${this.next}`): INodeCredentialsDetails {
		const id = String(this.next++);
		this.entries.set(id, { id, name, type, data: deepCopy(data) as ICredentialDataDecryptedObject, updates: 0 });
		return { id, name };
	}

	get(id: string): StoredCredential {
		const entry = this.entries.get(id);
		if (!entry) throw new Error(`No credential with id ${id}`);
		return entry;
	}
}

function withDefaults(type: ICredentialType, data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
	const result: ICredentialDataDecryptedObject = { ...data };
	for (const property of type.properties) {
		if (result[property.name] !== undefined) continue;
		const value = property.default;
		if (typeof value === 'string' && value.startsWith('=')) continue;
		result[property.name] = deepCopy(value) as never;
	}
	return result;
}

export class TestCredentialsHelper extends ICredentialsHelper {
	/** Every preAuthentication call n8n made, with whether it followed a 401. */
	readonly preAuthCalls: Array<{ type: string; expired: boolean }> = [];

	/** How long n8n's save of a refreshed token takes (its read and write of the database); 0 = at once. */
	saveDelayMs: number | (() => number) = 0;

	constructor(readonly store: CredentialStore) {
		super();
	}

	getParentTypes(name: string): string[] {
		const type = CREDENTIAL_TYPES[name];
		if (!type?.extends) return [];
		return type.extends.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = CREDENTIAL_TYPES[typeName];
		const authenticate = type?.authenticate;
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		const resolve = (value: string) =>
			value.startsWith('=') && workflow && node
				? String(workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, ''))
				: value;
		const properties = authenticate.properties as Record<string, Record<string, string>>;
		for (const section of ['headers', 'qs', 'body'] as const) {
			const entries = properties[section];
			if (!entries) continue;
			const target = ((requestOptions as unknown as Record<string, IDataObject>)[section] ??= {});
			for (const [key, value] of Object.entries(entries)) target[key] = resolve(String(value));
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = CREDENTIAL_TYPES[typeName];
		const expirable = type?.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		const isTest = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTest) return undefined;
		this.preAuthCalls.push({ type: typeName, expired: credentialsExpired });
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const details = node.credentials?.[typeName];
		if (details) {
			// as n8n: read what is stored, put the output over it, write it back (no lock; it takes a while)
			const saveDelay = typeof this.saveDelayMs === 'function' ? this.saveDelayMs() : this.saveDelayMs;
			if (saveDelay) await sleep(saveDelay);
			const stored = deepCopy(this.store.get(String(details.id)).data);
			await this.updateCredentials(details, typeName, { ...stored, ...output } as ICredentialDataDecryptedObject);
		}
		return Object.assign(credentials, output) as ICredentialDataDecryptedObject;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = CREDENTIAL_TYPES[typeName];
		if (typeof type?.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used in tests');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const entry = this.store.get(String(nodeCredentials.id));
		if (entry.type !== type) throw new Error(`Credential ${entry.id} is of type ${entry.type}, not ${type}`);
		return withDefaults(CREDENTIAL_TYPES[type], deepCopy(entry.data));
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const entry = this.store.get(String(nodeCredentials.id));
		entry.data = deepCopy(data);
		entry.updates += 1;
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		await this.updateCredentials(nodeCredentials, type, data);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return CREDENTIAL_TYPES[type]?.properties ?? [];
	}
}

/** A start node that hands the test's input items to the node under test. */
class TestInput implements INodeType {
	description = {
		displayName: 'Test Input',
		name: 'testInput',
		group: ['input'],
		version: 1,
		description: 'Emits the items given in its parameters',
		defaults: { name: 'Test Input' },
		inputs: [],
		outputs: ['main'],
		// Declared, so that n8n's Workflow keeps the parameter (it drops parameters a node does not declare).
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: [] }],
	} as unknown as INodeType['description'];

	async execute(this: import('n8n-workflow').IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = (this.getNode().parameters.items as unknown as INodeExecutionData[]) ?? [{ json: {} }];
		return [items.map((item, index) => ({ ...item, pairedItem: { item: index } }))];
	}
}

function nodeTypesFor(types: Record<string, INodeType>): INodeTypes {
	const all: Record<string, INodeType> = { testInput: new TestInput(), ...types };
	const find = (name: string) => {
		const short = name.startsWith(`${PACKAGE}.`) ? name.slice(PACKAGE.length + 1) : name;
		const type = all[short];
		if (!type) throw new Error(`Unknown node type ${name}`);
		return type;
	};
	return {
		getByName: (name: string) => find(name) as INodeType | IVersionedNodeType,
		getByNameAndVersion: (name: string) => find(name),
		getKnownTypes: () => ({}),
	};
}

/** The parts of n8n's additional data that node execution reads. */
export function additionalDataFor(helper: TestCredentialsHelper, mode: WorkflowExecuteMode = 'manual') {
	const data = {
		credentialsHelper: helper,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		executionId: `test-${Date.now()}`,
		userId: 'test-user',
		logAiEvent: async () => {},
		startRunnerTask: async () => {
			throw new Error('not used');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
	(data as unknown as { hooks: ExecutionLifecycleHooks }).hooks = new ExecutionLifecycleHooks(
		mode,
		data.executionId!,
		{ id: 'wf', name: 'test', nodes: [], connections: {}, active: false, settings: {} } as never,
	);
	return data;
}

export interface NodeUnderTest {
	/** The node class instance, e.g. `new OttoMarketOrders()`. */
	type: INodeType;
	parameters: INodeParameters;
	/** `{ ottoMarketApi: store.add(...) }` */
	credentials?: Record<string, INodeCredentialsDetails>;
	/** Behaviour on errors, as the node setting "On Error". */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	name?: string;
}

export interface RunResult {
	/** Items of the first output (with pairedItem). */
	items: INodeExecutionData[];
	/** Items of every output (error output second when "continueErrorOutput"). */
	outputs: INodeExecutionData[][];
	/** The node's error when the execution stopped on it. */
	error?: Error & { description?: string; context?: IDataObject; httpCode?: string | null };
	run: IRun;
}

/** Runs one node once with the given input items through n8n's WorkflowExecute (`options.onStart` receives a cancel function). */
export async function runNode(
	helper: TestCredentialsHelper,
	node: NodeUnderTest,
	input: INodeExecutionData[] = [{ json: {} }],
	options: { onStart?: (cancel: () => void) => void } = {},
): Promise<RunResult> {
	const description = node.type.description;
	const name = node.name ?? description.defaults.name ?? description.displayName;
	const nodes: INode[] = [
		{
			id: 'input',
			name: 'Test Input',
			type: 'testInput',
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: input as unknown as INodeParameters[] } as unknown as INodeParameters,
		},
		{
			id: 'under-test',
			name,
			type: `${PACKAGE}.${description.name}`,
			typeVersion: Array.isArray(description.version) ? description.version[description.version.length - 1] : description.version,
			position: [200, 0],
			parameters: node.parameters,
			credentials: node.credentials,
			onError: node.onError,
		},
	];
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'test',
		nodes,
		connections: { 'Test Input': { main: [[{ node: name, type: 'main', index: 0 }]] } },
		active: false,
		nodeTypes: nodeTypesFor({ [description.name]: node.type }),
		settings: {},
	});
	const additionalData = additionalDataFor(helper);
	const execute = new WorkflowExecute(additionalData, 'manual', createRunExecutionData());
	const running = execute.run({ workflow, startNode: workflow.getNode('Test Input')!, destinationNode: { nodeName: name, mode: 'inclusive' } } as never);
	// `onStart` gets n8n's own cancel (the UI's "stop execution"): it aborts the execution's cancel signal.
	options.onStart?.(() => running.cancel());
	const run = await running;
	const taskData = run.data.resultData.runData[name]?.[0];
	const outputs = (taskData?.data?.main ?? []).map((output) => output ?? []);
	return {
		items: outputs[0] ?? [],
		outputs,
		error: (taskData?.error ?? run.data.resultData.error) as RunResult['error'],
		run,
	};
}

export interface PollResult {
	items: INodeExecutionData[] | null;
	/** The node's static data after the poll, as n8n would save it. */
	staticData: IDataObject;
}

/**
 * Runs a trigger's poll() once in n8n's PollContext. Pass the static data of the previous poll
 * (as saved) to continue; pass a JSON round-trip of it to simulate a restart.
 */
export async function pollOnce(
	helper: TestCredentialsHelper,
	node: NodeUnderTest,
	options: { staticData?: IDataObject; mode?: 'trigger' | 'manual'; activation?: 'init' | 'create' | 'update' | 'activate' | 'manual' } = {},
): Promise<PollResult> {
	const description = node.type.description;
	const name = node.name ?? description.defaults.name ?? description.displayName;
	const pollNode: INode = {
		id: 'trigger',
		name,
		type: `${PACKAGE}.${description.name}`,
		typeVersion: Array.isArray(description.version) ? description.version[description.version.length - 1] : description.version,
		position: [0, 0],
		parameters: node.parameters,
		credentials: node.credentials,
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'test',
		nodes: [pollNode],
		connections: {},
		active: true,
		nodeTypes: nodeTypesFor({ [description.name]: node.type }),
		staticData: deepCopy(options.staticData ?? {}),
		settings: {},
	});
	const mode = options.mode ?? 'trigger';
	const context = new PollContext(
		workflow,
		workflow.getNode(name)!,
		additionalDataFor(helper, mode),
		mode,
		options.activation ?? (mode === 'manual' ? 'manual' : 'activate'),
	);
	const result = await node.type.poll!.call(context);
	const staticData = JSON.parse(JSON.stringify(workflow.staticData ?? {})) as IDataObject;
	return { items: result ? result[0] : null, staticData };
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
	/** The error the test request ended with (undefined when it passed). */
	error?: Error & { description?: string; httpCode?: string | null; cause?: unknown };
}

/**
 * Runs a credential's test the way n8n's CredentialsTester does (packages/cli credentials-tester.service):
 * a mock node `Temp-Node` of type `n8n-nodes-base.noOp` with the single parameter `temp: ''` whose
 * routing request is the credential's `test.request`, executed by n8n-core's RoutingNode with the
 * decrypted credential. So `preAuthentication` always runs (n8n detects the test by that node), and
 * the error message is what n8n would show under the credential form.
 */
export async function testCredential(
	helper: TestCredentialsHelper,
	details: INodeCredentialsDetails,
	typeName = 'ottoMarketApi',
): Promise<CredentialTestResult> {
	const type = CREDENTIAL_TYPES[typeName];
	const request = type.test?.request;
	if (!request) throw new Error(`Credential type ${typeName} has no test request`);
	const data = await helper.getDecrypted({} as IWorkflowExecuteAdditionalData, details, typeName);
	const nodeType: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: 'mock',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: typeName, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request }, default: '' },
			],
		} as unknown as INodeType['description'],
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		credentials: { [typeName]: details },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		},
	});
	const tempNode = workflow.getNode('Temp-Node')!;
	const inputData = { main: [[{ json: {} }]] };
	const context = new ExecuteContext(
		workflow,
		tempNode,
		additionalDataFor(helper, 'internal'),
		'internal',
		createRunExecutionData(),
		0,
		[],
		inputData,
		{ node: tempNode, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, nodeType, { id: String(details.id), name: details.name, type: typeName, data });
	try {
		await routingNode.runNode();
	} catch (error) {
		// What n8n's CredentialsTester.runRequestTest does with the error (n8n 2.41.1 and 1.123):
		// an HTTP answer -> the first `responseCode` rule of the test for its status, else the
		// status text ("Forbidden"); a network code -> the code; anything else -> the message.
		const failure = error as CredentialTestResult['error'] & {
			cause?: { code?: string; response?: { status?: number; statusText?: string } };
		};
		const response = failure?.cause?.response;
		if (response) {
			for (const rule of type.test?.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === response.status) {
					return { status: 'Error', message: rule.properties.message, error: failure };
				}
			}
			const status = Number(response.status);
			if (status < 199 || status > 299) {
				return { status: 'Error', message: response.statusText || `Received HTTP status code: ${status}`, error: failure };
			}
		} else if (failure?.cause?.code) {
			return { status: 'Error', message: String(failure.cause.code), error: failure };
		}
		const message = failure?.message ? String(failure.message) : String(error);
		return { status: 'Error', message, error: failure };
	}
	return { status: 'OK', message: 'Connection tested successfully' };
}

/** n8n-core's own copy of a package (the one nested under n8n-core, not the top-level one). */
function fromN8nCore<T>(name: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- the copy nested under n8n-core, not the top-level one
	return require(require.resolve(name, { paths: [require.resolve('n8n-core')] })) as T;
}

/** The logger n8n-core gives node contexts (`this.logger`), read and replaced through n8n-core's own DI container. */
export const nodeContextLogger = {
	get(): unknown {
		const { Container } = fromN8nCore<{ Container: { get(token: unknown): unknown } }>('@n8n/di');
		return Container.get(fromN8nCore<{ Logger: unknown }>('@n8n/backend-common').Logger);
	},
	set(logger: unknown): void {
		const { Container } = fromN8nCore<{ Container: { set(token: unknown, value: unknown): void } }>('@n8n/di');
		Container.set(fromN8nCore<{ Logger: unknown }>('@n8n/backend-common').Logger, logger);
	},
};
