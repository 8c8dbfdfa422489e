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
function startHost(host, env) {
  return new Promise((resolve, reject) => {
    host.log = [];
    const child = spawn(host.command, host.args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    host.child = child;
    const timer = setTimeout(() => {
      reject(new StepFailure(`no LISTENING line within ${LISTEN_TIMEOUT_MS / 1000} s${logTail(host)}`));
    }, LISTEN_TIMEOUT_MS);

    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new StepFailure(`could not start ${host.command}: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new StepFailure(`exited before listening (code ${code}, signal ${signal})${logTail(host)}`));
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
  return tail.length === 0 ? '' : `; last stderr lines:\n            ${tail.join('\n            ')}`;
}

function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

// Stops a host and waits until its output streams close. Closing its standard input lets it
// shut down by itself; SIGTERM and then SIGKILL follow when it does not exit in time.
async function stopHost(host) {
  const child = host.child;
  if (!child || hasExited(child) || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('close', resolve));
  const waitForExit = (ms) => Promise.race([exited, new Promise((resolve) => setTimeout(resolve, ms).unref())]);

  child.stdin.end();
  await waitForExit(STOP_TIMEOUT_MS);
  if (hasExited(child)) return;
  child.kill('SIGTERM');
  await waitForExit(STOP_TIMEOUT_MS);
  if (!hasExited(child)) child.kill('SIGKILL');
}

async function fetchCallbackLog(baseUrl) {
  const response = await fetch(`${baseUrl}/callbacks`, { signal: AbortSignal.timeout(5000) });
  expect(response.status === 200, `GET /callbacks answered HTTP ${response.status}`);
  return response.json();
}

function describeAnswer(result) {
  return `HTTP ${result.status} ${result.text}`;
}

// Sends a callback that the host must reject with HTTP 403 and the given error code, with a
// message that matches cause, and checks that the host recorded nothing.
async function expectRejection(context, detail, fields, options, code, cause) {
  const before = (await fetchCallbackLog(context.baseUrl)).length;
  const result = await context.standin.sendCallback(context.callbackUrl, fields, options);
  detail('received', describeAnswer(result));
  expect(result.status === 403, `expected HTTP 403, got HTTP ${result.status}`);
  expect(result.answer?.error === 1, 'expected "error": 1 in the answer');
  expect(result.answer?.code === code, `expected code ${code}, got ${result.answer?.code}`);
  expect(cause.test(result.answer?.message ?? ''), `expected a message matching ${cause}`);

  const after = (await fetchCallbackLog(context.baseUrl)).length;
  detail('host log', after === before ? 'nothing recorded' : `${after - before} new entries`);
  expect(after === before, 'the host recorded a rejected callback');
}

// Sends a callback that the host must accept and checks what it recorded.
async function expectAcceptance(context, detail, fields, options, source) {
  const result = await context.standin.sendCallback(context.callbackUrl, fields, options);
  detail('received', describeAnswer(result));
  expect(isCallbackAccepted(result), 'expected HTTP 200 with {"error":0}, the only answer DS counts as saved');

  const entries = await fetchCallbackLog(context.baseUrl);
  const entry = entries.at(-1);
  expect(entry !== undefined, 'the host recorded no callback');
  detail('host log', `key=${entry.key} status=${entry.status} source=${entry.source}`);
  detail('', `url=${entry.url}`);
  expect(entry.key === fields.key, `recorded key ${entry.key}, expected ${fields.key}`);
  expect(entry.status === fields.status, `recorded status ${entry.status}, expected ${fields.status}`);
  expect(entry.url === fields.url, 'recorded url differs from the signed url');
  expect(entry.source === source, `recorded source ${entry.source}, expected ${source}`);
}

function summarizeClaims(claims, token) {
  const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
  const iat = claims.iat === undefined ? 'no iat' : `iat ${new Date(claims.iat * 1000).toISOString()}`;
  const exp = claims.exp === undefined ? 'no exp' : `exp iat + ${claims.exp - claims.iat} s`;
  return [
    `alg ${header.alg}, ${iat}, ${exp}`,
    `members: ${Object.keys(claims).join(', ')}`,
    `document.key ${claims.document.key}, editorConfig.mode ${claims.editorConfig?.mode}`,
    `document.permissions: ${Object.keys(claims.document.permissions).join(', ')}`,
  ];
}

async function runHostSteps(host, standin) {
  const context = { standin, baseUrl: null, callbackUrl: null, claims: null };
  const requireEarlierResult = (name) => {
    expect(context[name] !== null, 'skipped because an earlier step of this host failed');
    return context[name];
  };

  await transcript.step(host, 1, 'start the host', async (detail) => {
    detail('command', [host.command, ...host.args.map((arg) => path.relative(process.cwd(), arg) || arg)].join(' '));
    const port = await startHost(host, host.env);
    context.baseUrl = `http://127.0.0.1:${port}`;
    detail('received', `LISTENING ${port}`);
  });

  await transcript.step(host, 2, 'fetch the editor config; DS checks its token', async (detail) => {
    const configUrl = `${requireEarlierResult('baseUrl')}/editor-config?doc=${encodeURIComponent(DOCUMENT_TITLE)}`;
    detail('sent', `GET /editor-config?doc=${DOCUMENT_TITLE}`);
    const result = await standin.fetchEditorConfig(configUrl);
    expect(result.config !== null, `no config: ${result.problems.join('; ')}`);
    detail('received', `HTTP ${result.status}, config with a token of ${result.config.token?.length} characters`);
    detail('title', result.config.document?.title);
    expect(result.claims !== null, result.problems.join('; '));
    for (const line of summarizeClaims(result.claims, result.config.token)) detail('claims', line);
    expect(result.problems.length === 0, result.problems.join('; '));
    expect(result.claims.document.title === DOCUMENT_TITLE, 'signed title differs from the requested one');
    detail('checks', 'signature (HS256/384/512, 60 s tolerance); key, url, permissions, callbackUrl, mode');
    detail('', 'present and equal to the page; no top-level url, key or payload');
    context.claims = result.claims;
    context.callbackUrl = result.claims.editorConfig.callbackUrl;
  });

  await transcript.step(host, 3, 'save callback (status 2) with body and header tokens', async (detail) => {
    const fields = standin.callbackFields(requireEarlierResult('claims'), 2);
    detail('sent', `POST ${requireEarlierResult('callbackUrl')}`);
    detail('', `body members: ${[...Object.keys(fields), 'token'].join(', ')}`);
    detail('', 'header: Authorization: Bearer <jwt of {"payload": fields}>');
    await expectAcceptance(context, detail, fields, {}, 'body');
  });

  await transcript.step(host, 4, 'callback signed with a wrong secret', async (detail) => {
    const fields = standin.callbackFields(requireEarlierResult('claims'), 2);
    detail('sent', 'POST /callback, body and header tokens signed with a different secret');
    await expectRejection(context, detail, fields, { secret: WRONG_SECRET }, 'ERR_JWS_SIGNATURE_INVALID', /signature/i);
  });

  await transcript.step(host, 5, 'expired callback (iat 15 min ago, exp 10 min ago)', async (detail) => {
    const fields = standin.callbackFields(requireEarlierResult('claims'), 2);
    const iat = Math.floor(Date.now() / 1000) - 15 * 60;
    detail('sent', 'POST /callback, both tokens expired 600 s ago, beyond the 60 s leeway');
    await expectRejection(context, detail, fields, { iat }, 'ERR_JWT_EXPIRED', /expired/i);
  });

  await transcript.step(host, 6, 'force-save callback (status 6) with a header token only', async (detail) => {
    const fields = standin.callbackFields(requireEarlierResult('claims'), 6);
    detail('sent', `POST /callback, body members: ${Object.keys(fields).join(', ')}`);
    detail('', 'header: Authorization: Bearer <jwt of {"payload": fields}>, no body token');
    await expectAcceptance(context, detail, fields, { bodyToken: false }, 'header');
  });

  await transcript.step(host, 7, 'callback with no token at all', async (detail) => {
    const fields = standin.callbackFields(requireEarlierResult('claims'), 2);
    detail('sent', 'POST /callback, the fields without a body token and without an Authorization header');
    await expectRejection(context, detail, fields, { bodyToken: false, headerToken: false }, 'ERR_DS_TOKEN_MISSING', /token/i);
  });

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
  const deadline = setTimeout(() => {
    transcript.failed += 1;
    transcript.print(`FAIL: the demo did not finish within ${DEMO_TIMEOUT_MS / 1000} s; stopping the hosts`);
    finish(1);
  }, DEMO_TIMEOUT_MS);
  process.on('SIGINT', () => finish(130));
  process.on('SIGTERM', () => finish(143));
  // Last resort for an exit that skipped finish(): never leave a host running.
  process.on('exit', () => {
    for (const host of HOSTS) if (host.child && !hasExited(host.child)) host.child.kill('SIGKILL');
  });

  transcript.print('onlyoffice-jwt demo: two connector hosts against a Document Server stand-in');
  transcript.print(`  stand-in  jsonwebtoken ${JSONWEBTOKEN_VERSION}, signs HS256 with a 5-minute lifetime, verifies with 60 s tolerance`);
  transcript.print(`  secret    ${process.env.DS_SECRET ? 'from DS_SECRET' : 'random'}, ${secret.length} characters (not shown)`);
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
