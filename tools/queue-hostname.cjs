'use strict';
// Preloaded into every n8n process of the queue-mode test (NODE_OPTIONS=--require): gives each process the
// host name in OTTO_QUEUE_HOSTNAME. In a container n8n builds its host id from the host name, and main and
// workers on one machine would share one id, where in production each runs in its own container.
const os = require('node:os');

const name = process.env.OTTO_QUEUE_HOSTNAME;
if (name) os.hostname = () => name;
