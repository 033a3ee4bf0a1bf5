/* eslint-disable @n8n/community-nodes/no-restricted-imports -- the simulator is a test tool, never shipped */
// Public API of the offline OTTO Market simulator (CommonJS, see CONTRIBUTING.md "Simulator contract").
/// <reference types="node" />

import type { IncomingHttpHeaders } from 'http';

/**
 * A parsed request body: a JSON value, form fields (an object of strings), text, a Buffer, or
 * undefined. Typed as what JSON.parse returns, so tests read fields (`body.scope`) and cast arrays
 * (`body as Array<{ sku: string }>`) directly.
 */
export type ParsedBody = ReturnType<typeof JSON.parse>;

/** OTTO's `errors: [...]` body. */
export interface OttoErrorBody {
	errors: Array<{ title: string; detail: string; path?: string; logref: string }>;
}

/** The problem body with `validationErrors` (Availability, Shipping Profiles). */
export interface ProblemBody {
	type: string;
	title: string;
	status: number;
	validationErrors: Array<{ detail?: string; logref?: string; [key: string]: unknown }>;
}

/** OAuth2 / Keycloak error body. */
export interface OAuthErrorBody {
	error: string;
	error_description: string;
}

export type FulfillmentStatus = 'ANNOUNCED' | 'PROCESSABLE' | 'SENT' | 'RETURNED' | 'CANCELLED_BY_PARTNER' | 'CANCELLED_BY_MARKETPLACE';

export interface SimulatorOptions {
	/** 0 (default) = random free port. */
	port?: number;
	/** Default '127.0.0.1'. */
	host?: string;
	/** Seed of every generated value (orders, catalog). Default 42. */
	seed?: number | string;
	/** Access-token lifetime, default 1800. */
	tokenTtlSeconds?: number;
	/** 'simulator': token lifetimes run on sim.clock; default 'real'. */
	tokenClock?: 'real' | 'simulator';
	/** Refresh-token lifetime (authorization-code flow), default 7200. */
	refreshTokenTtlSeconds?: number;
	rateLimitsEnabled?: boolean;
	rateLimits?: Record<string, RateLimit>;
	retryAfter?: boolean | number;
	/** 429 answered with an HTML gateway page instead of JSON. */
	rateLimitHtml?: boolean;
	/** Sandbox features (POST /v4/orders/testorders). Default true. */
	sandbox?: boolean;
	/** Create N orders for each built-in partner (1000001, 1000002), spread over the last 30 days. */
	seedOrders?: number;
	/** Start with a frozen simulator clock at this date (default: real time). */
	clock?: string | number | Date;
	/** Print handler exceptions to stderr (default true). */
	logErrors?: boolean;
	/** Cap of sim.requests (oldest dropped), default 20000; 0 = unlimited. */
	maxRequestLog?: number;
	/** OTTO's contract (simulator/contract/): 'record' (default, or env OTTO_SIM_CONTRACT) records violations, 'enforce' also refuses requests OTTO would refuse, 'off'. */
	contract?: ContractMode;
	/** A new access token revokes the older access tokens of the same client and partner at once (default false: OTTO documents no such revocation; see revocation.js). */
	revokeOnReissue?: boolean;
	/** Answer latency of every API call in ms (control calls excepted), counted from the request's arrival (serving time is part of it), default 0. */
	latencyMs?: number;
	/** Uniform jitter around latencyMs (± this many ms), default 0. */
	latencyJitterMs?: number;
	/** Claim of the consent access token that names the partner: 'partner_id' (default), 'partner', or null (none). */
	consentPartnerIdClaim?: 'partner_id' | 'partner' | null;
	/** Shipping profiles' workingDays: 'any' (default: both spellings, answered as sent), 'upper' (only MONDAY…), 'capitalised' (only Monday…). */
	workingDaySpelling?: 'any' | 'upper' | 'capitalised';
}

export type ContractMode = 'record' | 'enforce' | 'off';

/** One difference from OTTO's contract, of a request or of the simulator's answer. */
export interface ContractViolation {
	kind: 'request' | 'response';
	method: string;
	path: string;
	query: string;
	/** OTTO's operation (generated client's name), null when no operation has the path. */
	operationId: string | null;
	/** Status of the answer (responses). */
	status?: number;
	/** `<where> <what>`, e.g. `body.positionItems[0].returnTrackingKey is required`. */
	problems: string[];
	/** Source of the operation: repository@commit path. */
	source?: string;
	requestId?: number;
}

/** The contract layer (GET/DELETE/POST /__control/contract). */
export interface ContractLayer {
	mode: ContractMode;
	readonly violations: ContractViolation[];
	/** Answers with a status the operation does not document (not violations; their bodies are not checked). */
	readonly undocumented: Array<{ operationId: string; method: string; path: string; status: number }>;
	clear(): void;
	/** Request problems recorded but not refused in enforce mode (matched against "request METHOD operationId: where what"). */
	tolerated: RegExp[];
	/** One line per violation. */
	summary(): string[];
}

/** Limits of one limitKey; a request is refused (429) when any window is full. Sliding windows. */
export interface RateLimit {
	perSecond?: number;
	perMinute?: number;
	perHour?: number;
	perDay?: number;
}

export interface SimulatorConfig {
	tokenTtlSeconds: number;
	refreshTokenTtlSeconds: number;
	/** Default true. */
	rateLimitsEnabled: boolean;
	/**
	 * Per limitKey. Defaults (docs/otto-api.md §8.1): general 20/s per partner, token 10/s per IP,
	 * accessToken 100/s + 1000/min + 15000/h per service partner, productsGet 10/s, productsPost 20/s,
	 * productsActiveStatusGet 10/s, productsActiveStatusPost 3600/day, productsMarketplaceStatus,
	 * productsCategories, productsBrands 10/s. Unknown keys fall back to `general`.
	 */
	rateLimits: Record<string, RateLimit>;
	/** true (default): `Retry-After` with the seconds until the window frees; number: that fixed value; false: no header. */
	retryAfter: boolean | number;
	rateLimitHtml: boolean;
	sandbox: boolean;
	/** Partner that /oauth2/auth consents as. Default '1000002'. */
	consentPartnerId: string;
	/** Claim of consent tokens naming the partner ('partner_id', 'partner', null = none). */
	consentPartnerIdClaim: 'partner_id' | 'partner' | null;
	/** 'simulator': token lifetimes run on sim.clock (advance it to compress time); default 'real'. */
	tokenClock: 'real' | 'simulator';
	maxRequestLog: number;
	revokeOnReissue: boolean;
	/** Answer latency in ms of every API call (control calls excepted); POST /__control/config changes it. */
	latencyMs: number;
	/** ± uniform jitter around latencyMs. */
	latencyJitterMs: number;
	[key: string]: unknown;
}

export interface RequestLogEntry {
	id: number;
	/** Real time (ISO) the request arrived. */
	time: string;
	method: string;
	path: string;
	/** Query as an object; repeated parameters become arrays. */
	query: Record<string, string | string[]>;
	headers: IncomingHttpHeaders;
	/** Parsed body: JSON value, form fields object, text, Buffer, or undefined. */
	body: ParsedBody;
	/** The raw body as UTF-8 text. */
	rawBody: string;
	/** Response status; 0 when the socket was reset by a fault. */
	status: number;
	/** Partner of the bearer token, if any. */
	partnerId: string | null;
	/** Space-separated scopes of the bearer token, if any. */
	scope: string | null;
	/** The matched route pattern. */
	route?: string;
	/** true when a fault answered (or reset) this request. */
	fault?: boolean;
	/** Stack of a handler exception (the client got a 500). */
	error?: string;
}

export interface FaultSpec {
	method?: string;
	/** Path prefix (string) or RegExp tested against the path (no query string). */
	path?: string | RegExp;
	/** RegExp source (for the control API, where a RegExp cannot be sent). */
	pathRegex?: string;
	/** Default 500 unless only `reset` or `delayMs` is given. */
	status?: number;
	/** How many matching requests it applies to, default 1 (Infinity allowed). */
	times?: number;
	/** Response body (object -> JSON, string -> text). Default: OTTO error body. */
	body?: unknown;
	headers?: Record<string, string>;
	/** Wait before answering (with only delayMs the request is then handled normally). */
	delayMs?: number;
	/** Destroy the socket instead of answering. */
	reset?: boolean;
	/** HTML body (e.g. a WAF 403 page). */
	html?: boolean;
	/** Run the real handler first (state changes happen), then apply the fault. */
	afterHandler?: boolean;
}

export interface Fault extends Required<Pick<FaultSpec, 'times' | 'delayMs' | 'reset' | 'html' | 'afterHandler'>> {
	method?: string;
	path: string | RegExp;
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
	hits: number;
}

export interface Faults {
	/** Faults pending, in order; the first match is consumed. */
	readonly list: Fault[];
	add(spec: FaultSpec): Fault;
	clear(): void;
}

export interface SimClock {
	/** Simulator time: real time unless set(); used for order dates and status changes. */
	now(): Date;
	/** Freeze the clock at `date`. */
	set(date: string | number | Date): Date;
	/** Move the clock forward (frozen or not). */
	advance(ms: number): Date;
	/** Back to real time, or frozen at `date`. */
	reset(date?: string | number | Date): void;
	readonly frozen: boolean;
}

export interface Money {
	amount: number;
	currency: string;
}

export interface Address {
	salutation: 'MR' | 'MS' | 'COMPANY' | 'UNKNOWN';
	title?: string;
	firstName: string;
	lastName: string;
	street: string;
	houseNumber: string;
	addition?: string;
	zipCode: string;
	city: string;
	countryCode: string;
	phoneNumber?: string;
	email?: string;
}

export interface PositionItem {
	positionItemId: string;
	fulfillmentStatus: FulfillmentStatus;
	product: { sku: string; productTitle: string; ean: string; articleNumber: string; vatRate: number; shopUrl?: string };
	itemValueGrossPrice: Money;
	itemValueReducedGrossPrice?: Money;
	itemValueDiscount?: Money;
	processableDate?: string;
	sentDate?: string;
	returnedDate?: string;
	cancellationDate?: string;
	cancellationReason?: string;
	expectedDeliveryDate?: string;
	trackingInfo?: { carrier: string; carrierServiceCode?: string; trackingNumber: string };
	weeePickup?: boolean;
	[key: string]: unknown;
}

export interface Order {
	salesOrderId: string;
	orderNumber: string;
	orderDate: string;
	lastModifiedDate: string;
	orderLifecycleInformation: { lifecycleChangeDate: string };
	positionItems: PositionItem[];
	/** Absent in the API view while the order is ANNOUNCED. */
	deliveryAddress?: Address;
	invoiceAddress?: Address;
	payment: { paymentMethod: string };
	initialDeliveryFees: Array<{ name: string; deliveryFeeAmount: Money; positionItemIds: string[]; vatRate: number }>;
	initialDiscounts: Array<Record<string, unknown>>;
	suspectedFraudCase: boolean;
	links: Array<{ rel: string; href: string }>;
}

export interface CatalogProduct {
	sku: string;
	ean: string;
	articleNumber: string;
	productTitle: string;
	vatRate: number;
	price: number;
}

export interface CreateOrdersOptions {
	count?: number;
	/** Status of every position item (default PROCESSABLE). */
	status?: FulfillmentStatus;
	/** orderDate = lastModifiedDate = lifecycleChangeDate (default sim.clock.now()). Same for all unless intervalMs. */
	at?: string | number | Date;
	/** Order i is placed at `at + i * intervalMs`. Default 0 (all at the same instant). */
	intervalMs?: number;
	/** Number of position items (default 1-3 random) or one spec per item; sku as a string or a catalog index. */
	positions?: number | Array<{ sku?: string | number; status?: FulfillmentStatus; price?: number }>;
	paymentMethod?: string;
	discount?: boolean;
	weeePickup?: boolean;
	cancellationReason?: string;
}

export interface SetStatusOptions {
	/** Default sim.clock.now(). */
	at?: string | number | Date;
	/** Only these items (default: all items of the order). */
	positionItemIds?: string | string[];
	/** Merged into each changed item (e.g. { trackingInfo }). */
	patch?: Partial<PositionItem>;
	cancellationReason?: string;
}

export interface OrdersQuery {
	fromDate?: number;
	fromOrderDate?: number;
	toOrderDate?: number;
	statuses?: FulfillmentStatus[];
	mode?: 'BUCKET' | 'AT_LEAST_ONE';
	direction?: 'ASC' | 'DESC';
	column?: 'ORDER_LIFECYCLE_DATE' | 'ORDER_DATE';
	/** Keyset position [sortKeyMs, salesOrderId]: rows strictly after it. */
	after?: [number, string];
	/** At most this many rows (default: all after `after`). */
	limit?: number;
}

/**
 * The order store shared by every interface module. Orders returned are LIVE objects: read them
 * freely, change them only through setStatus()/touch() (or mutate items, then call touch()).
 */
export interface OrderStore {
	/** Deterministic product catalog for the seed (24 products, SKU-01000 ...). */
	readonly catalog: CatalogProduct[];
	readonly FULFILLMENT_STATUSES: FulfillmentStatus[];
	/** The §3.1 bucket of an order (ANNOUNCED > PROCESSABLE > SENT > RETURNED > CANCELLED_*). */
	orderBucket(order: Order): FulfillmentStatus | undefined;
	/** Every fulfillmentStatus bucket the order is in (OTTO: the first four exclusive, the cancelled ones "at least one item"). */
	orderBuckets(order: Order): FulfillmentStatus[];
	create(partnerId: string | number, opts?: CreateOrdersOptions): Order[];
	list(partnerId: string | number): Order[];
	/** By salesOrderId or orderNumber. */
	get(partnerId: string | number, idOrNumber: string): Order | undefined;
	findPositionItem(partnerId: string | number, positionItemId: string): { order: Order; item: PositionItem } | undefined;
	/** Sets item statuses (and processableDate/sentDate/returnedDate/cancellation*), stamps the change. Throws if not found. */
	setStatus(partnerId: string | number, idOrNumber: string, status: FulfillmentStatus, opts?: SetStatusOptions): Order;
	/** Sets lastModifiedDate and orderLifecycleInformation.lifecycleChangeDate (default clock.now()). */
	touch(order: Order, at?: string | number | Date): Order;
	/** API view: shallow copy, addresses removed while ANNOUNCED. Serialize it; do not mutate it. */
	toJson(order: Order): Order;
	/** `count` orders spread over the last 30 days with mixed statuses. */
	seed(partnerId: string | number, count: number): Order[];
	/** Sandbox scenarios 1-8 (or all 8 when n is omitted). */
	createTestOrders(partnerId: string | number, n?: number): Order[];
	query(partnerId: string | number, q: OrdersQuery): Array<{ order: Order; sortKey: [number, string] }>;
}

export interface TokenRecord {
	token: string;
	kind: 'access' | 'refresh';
	partnerId: string | null;
	clientId?: string;
	developerId: string | null;
	installationId: string | null;
	appId: string | null;
	scopes: Set<string>;
	/** Space-separated. */
	scope: string;
	/** Epoch ms (real time). */
	expiresAt: number;
	expiresIn: number;
}

export interface TokenRegistry {
	/** Issue a token directly (tests that want to skip the token endpoint). */
	issue(opts: {
		partnerId?: string;
		scopes?: string[];
		clientId?: string;
		developerId?: string;
		installationId?: string;
		appId?: string;
		kind?: 'access' | 'refresh';
		ttlSeconds?: number;
	}): TokenRecord;
	validate(token: string, kind?: 'access' | 'refresh'): TokenRecord | null;
	fromRequest(headers: IncomingHttpHeaders): TokenRecord | null;
	expireAll(): void;
	/** Drops every token the predicate picks; returns how many. */
	revoke(predicate: (record: TokenRecord) => boolean): number;
}

export interface Installation {
	installationId: string;
	appId: string;
	partnerId: string;
	state: string;
	appVersion: string;
	scopes: string[];
}

export interface AppRegistry {
	addSellerClient(opts: { clientId: string; clientSecret: string; partnerId: string | number; scopes?: string[] }): void;
	addApp(opts: {
		appId: string;
		clientId: string;
		clientSecret: string;
		developerId?: string;
		scopes?: string[];
		appVersion?: string;
		installations?: Array<{ installationId: string; partnerId: string | number; state?: string; appVersion?: string; scopes?: string[] }>;
	}): unknown;
	addInstallation(appId: string, inst: { installationId: string; partnerId: string | number; state?: string; appVersion?: string; scopes?: string[] }): Installation;
	findInstallation(installationId: string): { app: unknown; inst: Installation } | null;
	/** Uninstall/disable (state != 'ENABLED' revokes the installation's tokens when `tokens` is given) or enable again. */
	setInstallationState(installationId: string, state: string, tokens?: TokenRegistry): Installation;
}

export interface HandlerResponse {
	status?: number;
	/** object -> JSON, Buffer -> bytes, string -> text; undefined -> empty. */
	body?: unknown;
	headers?: Record<string, string | number>;
}

export interface PartnerState {
	partnerId: string;
	/** Seeded random source of this partner. */
	rng: Rng;
	/** Orders (managed by sim.orders). */
	orders?: Order[];
	/** Interface modules keep their data under their own key (cast it to the module's shape). */
	[key: string]: unknown;
}

export interface RouteContext {
	method: string;
	path: string;
	params: Record<string, string>;
	query: URLSearchParams;
	body: ParsedBody;
	rawBody: Buffer;
	headers: IncomingHttpHeaders;
	/** Null for routes without a partner-bound token (token endpoint, developer token). */
	partner: PartnerState | null;
	partnerId: string | null;
	token: TokenRecord | null;
	ip: string | undefined;
	sim: Simulator;
}

export interface RouteOptions {
	/** Required scope (any of, if an array). Data scopes also require a partner-bound token. */
	scope?: string | string[];
	/** Rate-limit key(s) (default 'general'); null = not limited. */
	limitKey?: string | string[] | null;
	/** false = no bearer token needed (token endpoints). */
	auth?: boolean;
	/** Count the rate limit per client IP instead of per partner. */
	limitBy?: 'partner' | 'ip';
}

export type RouteHandler = (ctx: RouteContext) => HandlerResponse | void | Promise<HandlerResponse | void>;

export interface Rng {
	next(): number;
	int(min: number, max: number): number;
	pick<T>(list: readonly T[]): T;
	chars(length: number, alphabet: string): string;
	uuid(): string;
	digits(length: number): string;
}

export interface SimErrors {
	/** `{ errors: [{ title, detail, path, logref }] }` as a handler response. */
	otto(status: number, title: string, detail?: string, path?: string): HandlerResponse & { status: number; body: OttoErrorBody };
	/** `{ type, title, status, validationErrors: [{ detail, logref }] }` as a handler response. */
	problem(status: number, title: string, detail?: string | string[] | Array<Record<string, unknown>>): HandlerResponse & { status: number; body: ProblemBody };
	/** `{ error, error_description }` as a handler response. */
	oauth(status: number, error: string, description: string): HandlerResponse & { status: number; body: OAuthErrorBody };
}

export interface Simulator {
	/** 'http://127.0.0.1:<port>' */
	readonly url: string;
	readonly port: number;
	readonly seed: number | string;
	readonly config: SimulatorConfig;
	/** Request log (control routes are not logged). */
	readonly requests: RequestLogEntry[];
	clearRequests(): void;
	readonly faults: Faults;
	/** Every issued access token answers 401 from now on (refresh tokens stay valid). */
	expireTokens(): void;
	readonly clock: SimClock;
	readonly orders: OrderStore;
	readonly tokens: TokenRegistry;
	readonly apps: AppRegistry;
	readonly errors: SimErrors;
	readonly partners: Map<string, PartnerState>;
	/** OTTO's contract: every request and answer checked, violations recorded. */
	readonly contract: ContractLayer;
	/** State of one partner, created on demand. */
	partner(partnerId: string | number): PartnerState;
	partnerRng(partnerId: string | number): Rng;
	/** Register an interface route; `pattern` uses `:name` segments (also inside a segment: `scenario:n`, `:id.pdf`). */
	route(method: string, pattern: string, opts: RouteOptions, handler: RouteHandler): this;
	/** Register a control route under /__control (no auth, no rate limit, not logged). */
	control(method: string, pattern: string, handler: RouteHandler): this;
	/** Test hook run before every API handler (after auth and rate limits), e.g. to change data during a paged read. */
	onRequest?: (ctx: { method: string; path: string; query: URLSearchParams; partnerId: string | null }) => void;
	/** Hook for interface state outside sim.partners, run by reset(). */
	onReset(fn: (sim: Simulator) => void): void;
	/** Clears partner state, log, faults, rate-limit windows, config and clock (tokens stay valid). */
	reset(): void;
	seedDefaultOrders(count: number): void;
	close(): Promise<void>;
}

export function startSimulator(options?: SimulatorOptions): Promise<Simulator>;
export function createRng(seed: number | string): Rng;
export function defaultRateLimits(): Record<string, RateLimit>;
export function interfaceFiles(): string[];
export const errors: SimErrors;

export const SELLER_CLIENT_ID: 'seller-client';
export const SELLER_CLIENT_SECRET: 'seller-secret';
export const SELLER_PARTNER_ID: '1000001';
export const SP_APP_ID: 'sp-app-1';
export const SP_CLIENT_ID: 'sp-client';
export const SP_CLIENT_SECRET: 'sp-secret';
export const SP_DEVELOPER_ID: 'developer-1';
export const INSTALLATION_ID: 'inst-1000002';
export const INSTALLED_PARTNER_ID: '1000002';
export const DATA_SCOPES: string[];
export const SERVICE_PARTNER_SCOPES: string[];
export const AUTH_CODE_SCOPES: string[];
export const FULFILLMENT_STATUSES: FulfillmentStatus[];
export const BUILT_IN: {
	seller: { clientId: string; clientSecret: string; partnerId: string };
	servicePartner: { appId: string; clientId: string; clientSecret: string; developerId: string };
	installation: { installationId: string; partnerId: string; appId: string };
};
