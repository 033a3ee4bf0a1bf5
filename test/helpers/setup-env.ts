/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test setup, never shipped */
// n8n-core keeps instance settings under N8N_USER_FOLDER; tests get a private one.
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'otto-n8n-test-'));
process.env.N8N_ENCRYPTION_KEY ??= 'otto-market-test-encryption-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
// n8n's logger would print every node error to the console; the tests assert errors themselves.
process.env.N8N_LOG_LEVEL ??= 'silent';
