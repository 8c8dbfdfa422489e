// Drives the Document Server stand-in of examples/ds_standin.js for test_wsgi_connector.py.
//
// Reads a JSON list of steps on stdin, runs them in order against a host, and writes a JSON
// list with one result per step on stdout. EXAMPLES_DIR names the examples folder, whose
// node_modules contains jsonwebtoken (`make examples` installs it). Steps:
//   {"action": "config", "url"}: fetch and check an editor config as Document Server does;
//     result {status, problems, claims}.
//   {"action": "callback", "url", "fields", "bodyToken", "headerToken", "iatOffset",
//     "secret", "trimPlain"}: send a save callback as Document Server does; iatOffset moves
//     iat by that many seconds; trimPlain drops changesurl and empties history in the plain
//     body and in the header token, as Document Server does for large callbacks; result
//     {status, json}.
//   {"action": "download", "url", "signedUrl", "secret"}: GET a file with the header token
//     Document Server sends for downloads, signed over signedUrl (default: url); result
//     {status, json}.
'use strict';

const path = require('node:path');

const { DocumentServerStandin } = require(path.join(process.env.EXAMPLES_DIR, 'ds_standin.js'));

const TIMEOUT_MS = 5000;

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function responseResult(response) {
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // json stays null: the test then shows the status and finds no JSON body.
  }
  return { status: response.status, json };
}

async function sendTrimmedCallback(standin, step, iat) {
  const options = { iat, secret: step.secret };
  const plain = { ...step.fields, history: {} };
  delete plain.changesurl;
  const body = { ...plain, token: standin.sign(step.fields, options) };
  const headers = {
    'Content-Type': 'application/json',
    Authorization: `Bearer ${standin.sign({ payload: plain }, options)}`,
  };
  const response = await fetch(step.url, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  return responseResult(response);
}

async function runStep(standin, step) {
  if (step.action === 'config') {
    const { status, claims, problems } = await standin.fetchEditorConfig(step.url);
    return { status, claims, problems };
  }
  const iat = Math.floor(Date.now() / 1000) + (step.iatOffset ?? 0);
  if (step.action === 'callback' && step.trimPlain) {
    return sendTrimmedCallback(standin, step, iat);
  }
  if (step.action === 'callback') {
    const { status, json } = await standin.sendCallback(step.url, step.fields, {
      bodyToken: step.bodyToken ?? true,
      headerToken: step.headerToken ?? true,
      iat,
      secret: step.secret,
    });
    return { status, json };
  }
  if (step.action === 'download') {
    const token = standin.sign({ payload: { url: step.signedUrl ?? step.url } }, { iat, secret: step.secret });
    const response = await fetch(step.url, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return responseResult(response);
  }
  throw new Error(`unknown step action ${JSON.stringify(step.action)}`);
}

async function main() {
  const { secret, steps } = await readStdin();
  const standin = new DocumentServerStandin({ secret });
  const results = [];
  for (const step of steps) results.push(await runStep(standin, step));
  process.stdout.write(JSON.stringify(results));
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
