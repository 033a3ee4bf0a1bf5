// Types of the Receipts V3 interface of the simulator (receipts.js): adds `sim.receipts`.

/** A receipt as `GET /v3/receipts/{receiptNumber}` shows it (the main fields). */
export interface SimReceipt {
	receiptType: 'PURCHASE' | 'REFUND' | 'PARTIAL_REFUND';
	receiptNumber: string;
	isRealReceipt: boolean;
	creationDate: string;
	salesOrderId: string;
	orderNumber: string;
	linkedReceiptNumber?: string;
	refundType?: string;
	lineItems: { itemPositions: Array<Record<string, unknown> & { positionItemIds: string[] }> };
	totalsGrossAmount: { amount: number; currency: string };
	[key: string]: unknown;
}

export interface ReceiptsStore {
	readonly RECEIPT_TYPES: string[];
	/** Builds a one-page PDF with these lines (what every receipt PDF is made of). */
	buildPdf(title: string, lines: string[]): Buffer;
	/** Every receipt of the partner, newest first (PURCHASE per sent order, REFUND per accepted return). */
	list(partnerId: string | number): SimReceipt[];
	get(partnerId: string | number, receiptNumber: string): SimReceipt | undefined;
	/** The exact bytes `GET /v3/receipts/{receiptNumber}.pdf` serves. */
	pdf(partnerId: string | number, receiptNumber: string): Buffer | undefined;
}

declare module '../index' {
	interface Simulator {
		/** Receipts V3 (simulator/interfaces/receipts.js). */
		readonly receipts: ReceiptsStore;
	}
}
