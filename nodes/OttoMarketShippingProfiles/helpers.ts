import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import { shippingProfileLocator } from '../shared/lookups';
import { inputError, requireInteger, requireOneOf, requireText } from '../shared/validation';

export const DELIVERY_TYPES = ['PARCEL', 'FORWARDER_PREFERREDLOCATION', 'FORWARDER_CURBSIDE', 'FORWARDER_HEAVYDUTY'] as const;
export const WORKING_DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

const title = (text: string) => text.charAt(0) + text.slice(1).toLowerCase();

/**
 * How `workingDays` is spelled on the wire. OTTO's two generated clients disagree: the newest
 * (christian71-stack/otto-merch-api 549d7b9, 2025-07-07) lists MONDAY…SUNDAY, the older one
 * (kassaline/openapi-clients-otto 050bb6a, 2025-04-04) Monday…Sunday (docs/otto-api.md §7.3).
 */
export type WorkingDaySpelling = 'upper' | 'capitalised';

export const workingDaySpellingOption: INodeProperties = {
	displayName: 'Working Day Spelling',
	name: 'workingDaySpelling',
	type: 'options',
	options: [
		{ name: "OTTO's Upper Case (MONDAY)", value: 'upper', description: 'As in the newest OTTO client (July 2025)' },
		{ name: 'Capitalised (Monday)', value: 'capitalised', description: 'As in the older OTTO client (April 2025)' },
	],
	default: 'upper',
	description:
		'How working days are sent to OTTO and shown in the output. OTTO\'s published clients disagree; keep the default unless OTTO refuses the days.',
};

export const spellingOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	description: 'How the working days are spelled for OTTO',
	options: [workingDaySpellingOption],
};

/** The spelling chosen in Options (default OTTO's upper case). */
export function spellingOf(this: IExecuteFunctions, itemIndex: number): WorkingDaySpelling {
	const options = (this.getNodeParameter('options', itemIndex, {}) ?? {}) as IDataObject;
	return options.workingDaySpelling === 'capitalised' ? 'capitalised' : 'upper';
}

/** One day in the chosen spelling; a value that is no day is returned as it is. */
export function spellDay(day: unknown, spelling: WorkingDaySpelling): unknown {
	if (typeof day !== 'string') return day;
	const upper = day.trim().toUpperCase();
	if (!(WORKING_DAYS as readonly string[]).includes(upper)) return day;
	return spelling === 'upper' ? upper : title(upper);
}

/** A profile as OTTO answered it, its working days in the chosen spelling (OTTO may answer either). */
export function normaliseProfile(profile: IDataObject, spelling: WorkingDaySpelling): IDataObject {
	if (!Array.isArray(profile.workingDays)) return profile;
	return { ...profile, workingDays: profile.workingDays.map((day) => spellDay(day, spelling)) as string[] };
}

export const shippingProfileIdProperty: INodeProperties = shippingProfileLocator({
	displayName: 'Shipping Profile ID',
	description: 'The shipping profile: pick it from your shipping profiles, or give the ID OTTO returned when it was created (a UUID)',
});

const nameProperty: INodeProperties = {
	displayName: 'Shipping Profile Name',
	name: 'shippingProfileName',
	type: 'string',
	default: '',
	description: 'A name unique among your shipping profiles',
};
const workingDaysProperty: INodeProperties = {
	displayName: 'Working Days',
	name: 'workingDays',
	type: 'multiOptions',
	options: WORKING_DAYS.map((day) => ({ name: title(day), value: day })),
	default: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
	description: 'Days on which you hand parcels over to the carrier',
};
const orderCutoffProperty: INodeProperties = {
	displayName: 'Order Cutoff',
	name: 'orderCutoff',
	type: 'string',
	default: '14:00',
	placeholder: '14:30',
	description: 'Orders placed before this time (HH:MM, German time, half-hour steps) count as received that working day',
};
const processingProperty: INodeProperties = {
	displayName: 'Default Processing Time (Days)',
	name: 'defaultProcessingTime',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 99 },
	default: 1,
	description: 'Working days from order to handover to the carrier (1–99)',
};
const transportProperty: INodeProperties = {
	displayName: 'Transport Time (Days)',
	name: 'transportTime',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 99 },
	default: 2,
	description: 'Days the carrier needs to deliver (1–99). OTTO shows products as sold out when processing plus transport exceed 72 days.',
};

/** Fields of Create: all required. */
export const createProperties: INodeProperties[] = [
	{ ...nameProperty, required: true },
	{
		displayName: 'Delivery Type',
		name: 'deliveryType',
		type: 'options',
		options: [
			{ name: 'Forwarder (Curbside)', value: 'FORWARDER_CURBSIDE' },
			{ name: 'Forwarder (Heavy Duty)', value: 'FORWARDER_HEAVYDUTY' },
			{ name: 'Forwarder (Preferred Location)', value: 'FORWARDER_PREFERREDLOCATION' },
			{ name: 'Parcel', value: 'PARCEL' },
		],
		default: 'PARCEL',
		description: 'How the goods travel; cannot be changed later',
	},
	workingDaysProperty,
	orderCutoffProperty,
	processingProperty,
	transportProperty,
];

/** Fields Update may change (everything but the delivery type). */
export const updateFieldsProperty: INodeProperties = {
	displayName: 'Update Fields',
	name: 'updateFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	description: 'Fields to change; the others keep their current values (the delivery type cannot be changed)',
	options: [processingProperty, orderCutoffProperty, nameProperty, transportProperty, workingDaysProperty],
};

/** A path ID: non-empty, no characters that would change the URL. */
export function requirePathId(node: INode, value: unknown, field: string, itemIndex: number): string {
	const id = requireText(node, value, field, itemIndex, 100);
	if (/[/?#\\\s]/.test(id)) throw inputError(node, field, itemIndex, `"${id}" contains /, ?, #, \\ or spaces`);
	return id;
}

/** Checks and normalises a shipping profile body; errors name the field and the item. */
export function profileBody(node: INode, values: IDataObject, itemIndex: number, spelling: WorkingDaySpelling = 'upper'): IDataObject {
	const workingDays = Array.isArray(values.workingDays)
		? values.workingDays
		: String(values.workingDays ?? '')
				.split(/[\s,]+/)
				.filter(Boolean);
	if (!workingDays.length) throw inputError(node, 'Working Days', itemIndex, 'select at least one day');
	const days = workingDays.map((day) => requireOneOf(node, String(day).toUpperCase(), 'Working Days', itemIndex, WORKING_DAYS));
	const orderCutoff = requireText(node, values.orderCutoff, 'Order Cutoff', itemIndex, 5);
	if (!/^([01]\d|2[0-3]):(00|30)$/.test(orderCutoff)) {
		throw inputError(node, 'Order Cutoff', itemIndex, `"${orderCutoff}" is not a time in half-hour steps such as 14:00 or 14:30`);
	}
	return {
		shippingProfileName: requireText(node, values.shippingProfileName, 'Shipping Profile Name', itemIndex, 100),
		workingDays: [...new Set(days)].map((day) => spellDay(day, spelling) as string),
		orderCutoff,
		deliveryType: requireOneOf(node, values.deliveryType, 'Delivery Type', itemIndex, DELIVERY_TYPES),
		defaultProcessingTime: requireInteger(node, values.defaultProcessingTime, 'Default Processing Time (Days)', itemIndex, { min: 1, max: 99 }),
		transportTime: requireInteger(node, values.transportTime, 'Transport Time (Days)', itemIndex, { min: 1, max: 99 }),
	};
}

/** Reads the Create fields of one item. */
export function createValues(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const values: IDataObject = {};
	for (const name of ['shippingProfileName', 'deliveryType', 'workingDays', 'orderCutoff', 'defaultProcessingTime', 'transportTime']) {
		values[name] = this.getNodeParameter(name, itemIndex, undefined) as IDataObject[keyof IDataObject];
	}
	return values;
}
