#!/usr/bin/env node
// Runs the Python and the Node connector hosts against the Document Server stand-in over
// 127.0.0.1 and prints a transcript of every step with PASS or FAIL.
//
// Environment:
//   DEMO_PYTHON  Python interpreter that can import onlyoffice_jwt (default: python3)
//   DS_SECRET    JWT secret shared by the hosts and the stand-in (default: a random one)
//
// Ends with the line "N passed, N failed" and exits with 1 when a step failed, or when the
// demo ran out of time. Both hosts are stopped on every exit path.
'use strict';

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const path = require('node:path');
const readline = require('node:readline');

const { DocumentServerStandin, isCallbackAccepted, JSONWEBTOKEN_VERSION } = require('./ds_standin');

const DEMO_TIMEOUT_MS = 45_000;
const LISTEN_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 2_000;

const DOCUMENT_TITLE = 'Отчёт за квартал – Q3 (черновик).docx';
const WRONG_SECRET = 'not-the-document-server-secret';

const HOSTS = [
  {
    name: 'python',
    command: process.env.DEMO_PYTHON || 'python3',
    args: [path.join(__dirname, 'python_host.py'), '--exit-on-stdin-eof'],
  },
  {
    name: 'node',
    command: process.execPath,
    args: [path.join(__dirname, 'node_host.js'), '--exit-on-stdin-eof'],
  },
];

class StepFailure extends Error {}

function expect(condition, message) {
  if (!condition) throw new StepFailure(message);
}

// Prints the transcript and counts the outcomes.
class Transcript {
  constructor() {
    this.passed = 0;
    this.failed = 0;
  }

  print(text = '') {
    process.stdout.write(`${text}\n`);
  }

  detail(label, text) {
    this.print(`  ${label.padEnd(9)} ${text}`);
  }

  // Runs one step: body(detail) prints what was sent and received and throws on failure.
  async step(host, number, title, body) {
    this.print(`[${host.name}] Step ${number}: ${title}`);
    try {
      await body((label, text) => this.detail(label, text));
      this.passed += 1;
      this.print('  PASS');
    } catch (err) {
      this.failed += 1;
      const reason = err instanceof StepFailure ? err.message : `${err.name}: ${err.message}`;
      this.print(`  FAIL      ${reason}`);
    }
    this.print();
  }

  summary() {
    this.print(`${this.passed} passed, ${this.failed} failed`);
  }
}

// Starts a host and resolves to its port once it prints "LISTENING <port>". Its stderr lines
// are collected in host.log.
function startHost(host) {
  return new Promise((resolve, reject) => {
    host.log = [];
    // detached: the host leads its own process group, so that signalHost also reaches the
    // processes a wrapper script (a venv shim, for example) starts.
    const child = spawn(host.command, host.args, {
      env: host.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    host.child = child;
    const timer = setTimeout(() => {
      reject(
        new StepFailure(`no LISTENING line within ${LISTEN_TIMEOUT_MS / 1000} s${logTail(host)}`),
      );
    }, LISTEN_TIMEOUT_MS);

    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new StepFailure(`could not start ${host.command}: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new StepFailure(`exited before listening (code ${code}, signal ${signal})${logTail(host)}`),
      );
    });
    readline.createInterface({ input: child.stderr }).on('line', (line) => host.log.push(line));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^LISTENING (\d+)$/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve(Number(match[1]));
    });
  });
}

function logTail(host) {
  const tail = host.log.slice(-5);
  return tail.length === 0
    ? ''
    : `; last stderr lines:\n            ${tail.join('\n            ')}`;
}

// Sends a signal to the host's process group (on Windows, to the host process only).
function signalHost(child, signal) {
  if (process.platform === 'win32') {
    child.kill(signal);
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch (err) {
    if (err.code !== 'ESRCH') throw err;
  }
}

function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

// Stops a host and waits until its output streams close. Closing its standard input lets it
// shut down by itself. SIGTERM and then SIGKILL follow when it does not exit in time.
async function stopHost(host) {
  const child = host.child;
  if (!child || hasExited(child) || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('close', resolve));
  const waitForExit = (ms) =>
    Promise.race([exited, new Promise((resolve) => setTimeout(resolve, ms).unref())]);

  child.stdin.end();
  await waitForExit(STOP_TIMEOUT_MS);
  if (hasExited(child)) return;
  signalHost(child, 'SIGTERM');
  await waitForExit(STOP_TIMEOUT_MS);
  if (!hasExited(child)) signalHost(child, 'SIGKILL');
}

async function fetchCallbackLog(baseUrl) {
  const response = await fetch(`${baseUrl}/callbacks`, { signal: AbortSignal.timeout(5000) });
  expect(response.status === 200, `GET /callbacks returned HTTP ${response.status}`);
  return response.json();
}

// State of one host's run, filled in by the steps in order.
class HostRun {
  constructor(host, standin) {
    this.host = host;
    this.standin = standin;
    this.baseUrl = null;
    this.callbackUrl = null;
    this.claims = null;
  }

  // Returns a value that an earlier step stored, or fails the current step without it.
  earlier(name) {
    expect(this[name] !== null, 'skipped because an earlier step of this host failed');
    return this[name];
  }

  // Sends a callback that the host must reject with HTTP 403 and the given error code, with a
  // message that matches cause, and checks that the host recorded nothing.
  async expectRejection(detail, { fields, sendOptions, code, cause }) {
    const before = (await fetchCallbackLog(this.baseUrl)).length;
    const result = await this.standin.sendCallback(this.callbackUrl, fields, sendOptions);
    detail('received', `HTTP ${result.status} ${result.text}`);
    expect(result.status === 403, `expected HTTP 403, got HTTP ${result.status}`);
    expect(result.json?.error === 1, 'expected "error": 1 in the response body');
    expect(result.json?.code === code, `expected code ${code}, got ${result.json?.code}`);
    expect(cause.test(result.json?.message ?? ''), `expected a message matching ${cause}`);

    const after = (await fetchCallbackLog(this.baseUrl)).length;
    detail('host log', after === before ? 'nothing recorded' : `${after - before} new entries`);
    expect(after === before, 'the host recorded a rejected callback');
  }

  // Sends a callback that the host must accept and checks what it recorded.
  async expectAcceptance(detail, { fields, sendOptions, source }) {
    const result = await this.standin.sendCallback(this.callbackUrl, fields, sendOptions);
    detail('received', `HTTP ${result.status} ${result.text}`);
    expect(
      isCallbackAccepted(result),
      'expected HTTP 200 with {"error":0}, the response DS requires',
    );

    const entry = (await fetchCallbackLog(this.baseUrl)).at(-1);
    expect(entry !== undefined, 'the host recorded no callback');
    detail('host log', `key=${entry.key} status=${entry.status} source=${entry.source}`);
    detail('', `url=${entry.url}`);
    expect(entry.key === fields.key, `recorded key ${entry.key}, expected ${fields.key}`);
    expect(entry.status === fields.status, `recorded status ${entry.status}`);
    expect(entry.url === fields.url, 'recorded url differs from the signed url');
    expect(entry.source === source, `recorded source ${entry.source}, expected ${source}`);
  }
}

function isoSeconds(seconds) {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function summarizeClaims(claims, token) {
  const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
  const iat = claims.iat === undefined ? 'no iat' : `iat ${isoSeconds(claims.iat)}`;
  const exp = claims.exp === undefined ? 'no exp' : `exp iat + ${claims.exp - claims.iat} s`;
  return [
    `alg ${header.alg}, ${iat}, ${exp}`,
    `members: ${Object.keys(claims).join(', ')}`,
    `document.key ${claims.document.key}, editorConfig.mode ${claims.editorConfig?.mode}`,
    `document.permissions: ${Object.keys(claims.document.permissions).join(', ')}`,
  ];
}

async function startStep(run, detail) {
  const shownArgs = run.host.args.map((arg) => {
    const relative = path.relative(process.cwd(), arg);
    return relative.startsWith('..') ? arg : relative;
  });
  detail('command', [run.host.command, ...shownArgs].join(' '));
  const port = await startHost(run.host);
  run.baseUrl = `http://127.0.0.1:${port}`;
  detail('received', `LISTENING ${port}`);
}

async function fetchConfigStep(run, detail) {
  const query = `doc=${encodeURIComponent(DOCUMENT_TITLE)}`;
  const configUrl = `${run.earlier('baseUrl')}/editor-config?${query}`;
  detail('sent', `GET /editor-config?doc=${DOCUMENT_TITLE}`);
  const result = await run.standin.fetchEditorConfig(configUrl);
  expect(result.config !== null, `no config: ${result.problems.join('; ')}`);

  const tokenLength = result.config.token?.length;
  detail('received', `HTTP ${result.status}, config with a token of ${tokenLength} characters`);
  detail('title', result.config.document?.title);
  expect(result.claims !== null, result.problems.join('; '));
  for (const line of summarizeClaims(result.claims, result.config.token)) detail('claims', line);
  expect(result.problems.length === 0, result.problems.join('; '));
  expect(result.claims.document.title === DOCUMENT_TITLE, 'signed title differs from the request');
  detail('checks', 'signature (HS256/384/512, 60 s tolerance); key, url, permissions,');
  detail('', 'callbackUrl and mode signed and equal to the page; no top-level url, key, payload');

  run.claims = result.claims;
  run.callbackUrl = result.claims.editorConfig.callbackUrl;
}

async function saveStep(run, detail) {
  const fields = run.standin.callbackFields(run.earlier('claims'), 2);
  detail('sent', `POST ${run.earlier('callbackUrl')} (the signed callbackUrl)`);
  detail('', `body members: ${[...Object.keys(fields), 'token'].join(', ')}`);
  detail('', 'header: Authorization: Bearer <jwt of {"payload": fields}>');
  await run.expectAcceptance(detail, { fields, sendOptions: {}, source: 'body' });
}

async function wrongSecretStep(run, detail) {
  const fields = run.standin.callbackFields(run.earlier('claims'), 2);
  detail('sent', 'POST /callback, body and header tokens signed with a different secret');
  await run.expectRejection(detail, {
    fields,
    sendOptions: { secret: WRONG_SECRET },
    code: 'ERR_JWS_SIGNATURE_INVALID',
    cause: /signature/i,
  });
}

async function expiredStep(run, detail) {
  const fields = run.standin.callbackFields(run.earlier('claims'), 2);
  const iat = Math.floor(Date.now() / 1000) - 15 * 60;
  detail('sent', 'POST /callback, both tokens expired 600 s ago, beyond the 60 s leeway');
  await run.expectRejection(detail, {
    fields,
    sendOptions: { iat },
    code: 'ERR_JWT_EXPIRED',
    cause: /expired/i,
  });
}

async function headerOnlyStep(run, detail) {
  const fields = run.standin.callbackFields(run.earlier('claims'), 6);
  detail('sent', `POST /callback, body members: ${Object.keys(fields).join(', ')}`);
  detail('', 'header: Authorization: Bearer <jwt of {"payload": fields}>, no body token');
  await run.expectAcceptance(detail, {
    fields,
    sendOptions: { bodyToken: false },
    source: 'header',
  });
}

async function missingTokenStep(run, detail) {
  const fields = run.standin.callbackFields(run.earlier('claims'), 2);
  detail('sent', 'POST /callback, the fields with no body token and no Authorization header');
  await run.expectRejection(detail, {
    fields,
    sendOptions: { bodyToken: false, headerToken: false },
    code: 'ERR_DS_TOKEN_MISSING',
    cause: /token/i,
  });
}

const STEPS = [
  { title: 'start the host', run: startStep },
  { title: 'fetch the editor config and check its token as DS does', run: fetchConfigStep },
  { title: 'save callback (status 2) with body and header tokens', run: saveStep },
  { title: 'callback signed with a wrong secret', run: wrongSecretStep },
  { title: 'expired callback (iat 15 min ago, exp 10 min ago)', run: expiredStep },
  { title: 'force-save callback (status 6) with a header token only', run: headerOnlyStep },
  { title: 'callback with no token at all', run: missingTokenStep },
];

async function runHostSteps(host, standin) {
  const run = new HostRun(host, standin);
  for (const [index, step] of STEPS.entries()) {
    await transcript.step(host, index + 1, step.title, (detail) => step.run(run, detail));
  }

  // Stopping first closes the host's stderr, so the log below is complete.
  await stopHost(host);
  transcript.print(`[${host.name}] host log (stderr):`);
  for (const line of host.log) transcript.print(`  ${line}`);
  transcript.print();
}

const transcript = new Transcript();

async function main() {
  const secret = process.env.DS_SECRET || crypto.randomBytes(32).toString('base64url');
  const env = { ...process.env, DS_SECRET: secret };
  const standin = new DocumentServerStandin({ secret });

  let finished = false;
  const finish = async (exitCode) => {
    if (finished) return;
    finished = true;
    await Promise.all(HOSTS.map(stopHost));
    transcript.summary();
    process.exit(exitCode);
  };
  // Ends the demo before its steps are done. The unfinished run counts as one failure.
  const abort = (reason, exitCode) => {
    if (finished) return;
    transcript.failed += 1;
    transcript.print(`FAIL: ${reason}; stopping the hosts`);
    finish(exitCode);
  };
  const deadline = setTimeout(
    () => abort(`the demo did not finish within ${DEMO_TIMEOUT_MS / 1000} s`, 1),
    DEMO_TIMEOUT_MS,
  );
  process.on('SIGINT', () => abort('interrupted by SIGINT', 130));
  process.on('SIGTERM', () => abort('terminated by SIGTERM', 143));
  // Kills the hosts on an exit that skipped finish(). When the demo itself is killed, the
  // hosts stop because their standard input closes.
  process.on('exit', () => {
    for (const host of HOSTS) {
      if (host.child?.pid !== undefined && !hasExited(host.child))
        signalHost(host.child, 'SIGKILL');
    }
  });

  transcript.print('onlyoffice-jwt demo: two connector hosts against a Document Server stand-in');
  const secretOrigin = process.env.DS_SECRET ? 'from DS_SECRET' : 'random';
  transcript.print(
    `  stand-in  jsonwebtoken ${JSONWEBTOKEN_VERSION}: signs HS256, 5-minute lifetime;`,
  );
  transcript.print('            verifies HS256/384/512 with 60 s clock tolerance');
  transcript.print(`  secret    ${secretOrigin}, ${secret.length} characters (not shown)`);
  transcript.print(`  document  ${DOCUMENT_TITLE}`);
  transcript.print();

  for (const host of HOSTS) {
    host.env = env;
    await runHostSteps(host, standin);
  }

  clearTimeout(deadline);
  await finish(transcript.failed === 0 ? 0 : 1);
}

main().catch((err) => {
  // Steps catch their own errors, so this is a bug in the demo itself. The exit handler
  // kills the hosts.
  process.stderr.write(`demo: unexpected error: ${err.stack}\n`);
  transcript.failed += 1;
  transcript.summary();
  process.exit(1);
});
