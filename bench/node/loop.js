'use strict';
// Calls one onlyoffice-jwt operation in a loop for a profiler; see bench/PROFILING.md.
// Usage: node bench/node/loop.js {sign,verify} {editor_config,save_callback,tiny} SECONDS

const fs = require('node:fs');
const path = require('node:path');
const oo = require('../../node');

const [operation, workload, seconds] = process.argv.slice(2);
const SECRET = 'Xq7vR2mK9pL4wT8nB3cF6hJ1dS5gA0zE';
const payload = JSON.parse(fs.readFileSync(path.join(__dirname, '../workloads', `${workload}.json`), 'utf8'));
const now = Math.floor(Date.now() / 1000);
if ('iat' in payload) payload.iat = now;
if ('exp' in payload) payload.exp = now + 3600;
const token = oo.sign(payload, SECRET, { algorithm: 'HS256' });

const deadline = Date.now() + Number(seconds) * 1000;
while (Date.now() < deadline) {
  for (let i = 0; i < 1000; i++) {
    if (operation === 'sign') oo.sign(payload, SECRET, { algorithm: 'HS256' });
    else oo.verify(token, SECRET, { algorithms: ['HS256'] });
  }
}
