'use strict';
// Built-in credentials and scope names (CONTRIBUTING.md "Built-in apps"; docs/otto-api.md §2.2).

const SELLER_CLIENT_ID = 'seller-client';
const SELLER_CLIENT_SECRET = 'seller-secret';
const SELLER_PARTNER_ID = '1000001';
const SP_APP_ID = 'sp-app-1';
const SP_CLIENT_ID = 'sp-client';
const SP_CLIENT_SECRET = 'sp-secret';
const SP_DEVELOPER_ID = 'developer-1';
const INSTALLATION_ID = 'inst-1000002';
const INSTALLED_PARTNER_ID = '1000002';
const SECOND_INSTALLATION_ID = 'inst-1000003';
const SECOND_INSTALLED_PARTNER_ID = '1000003';

/** Scopes that grant access to partner data (the interfaces). */
const DATA_SCOPES = [
	'products',
	'orders',
	'receipts',
	'returns',
	'price-reduction',
	'shipments',
	'quantities',
	'shipping-profiles',
	'availability',
	'returns-warehouse-read',
	'returns-warehouse-write',
	'advertising-services',
];
/** Scopes of the service-partner flow. */
const SERVICE_PARTNER_SCOPES = ['installation', 'partnerId', 'developer'];
/** What `/oauth2/auth` may grant (authorization-code flow). */
const AUTH_CODE_SCOPES = ['installation', 'partnerId'];

const FULFILLMENT_STATUSES = ['ANNOUNCED', 'PROCESSABLE', 'SENT', 'RETURNED', 'CANCELLED_BY_PARTNER', 'CANCELLED_BY_MARKETPLACE'];

const BUILT_IN = {
	seller: { clientId: SELLER_CLIENT_ID, clientSecret: SELLER_CLIENT_SECRET, partnerId: SELLER_PARTNER_ID },
	servicePartner: { appId: SP_APP_ID, clientId: SP_CLIENT_ID, clientSecret: SP_CLIENT_SECRET, developerId: SP_DEVELOPER_ID },
	installation: { installationId: INSTALLATION_ID, partnerId: INSTALLED_PARTNER_ID, appId: SP_APP_ID },
	secondInstallation: { installationId: SECOND_INSTALLATION_ID, partnerId: SECOND_INSTALLED_PARTNER_ID, appId: SP_APP_ID },
};

module.exports = {
	SELLER_CLIENT_ID,
	SELLER_CLIENT_SECRET,
	SELLER_PARTNER_ID,
	SP_APP_ID,
	SP_CLIENT_ID,
	SP_CLIENT_SECRET,
	SP_DEVELOPER_ID,
	INSTALLATION_ID,
	INSTALLED_PARTNER_ID,
	SECOND_INSTALLATION_ID,
	SECOND_INSTALLED_PARTNER_ID,
	DATA_SCOPES,
	SERVICE_PARTNER_SCOPES,
	AUTH_CODE_SCOPES,
	FULFILLMENT_STATUSES,
	BUILT_IN,
};
