// Type definitions for onlyoffice-jwt. `sign`, `verify`, `decode` and the error classes follow
// jsonwebtoken 9 for HMAC tokens (HS256, HS384, HS512), and DocumentServer implements the
// ONLYOFFICE Docs token protocol.

/// <reference types="node" />

import type { KeyObject } from 'node:crypto';

/** The HMAC algorithms this package signs and verifies. */
export type Algorithm = 'HS256' | 'HS384' | 'HS512';

/**
 * An HMAC secret: a string (used as its UTF-8 bytes, never parsed as a PEM key), raw bytes,
 * or a secret KeyObject. An empty secret is rejected with code ERR_KEY_INVALID.
 */
export type Secret = string | Buffer | Uint8Array | ArrayBuffer | KeyObject;

/** Seconds as a number, or a time span the `ms` package reads, such as "5m" or "2 days". */
export type TimeSpan = number | string;

/**
 * The handling of a payload integer that a JavaScript number cannot hold exactly: one beyond
 * Number.MAX_SAFE_INTEGER (2^53 - 1) in magnitude, written without a fraction or exponent.
 * - "number": rounded to the nearest number, as JSON.parse and jsonwebtoken do;
 * - "bigint": a BigInt with the exact value (integers within the safe range stay numbers);
 * - "string": a string with the exact digits, which JSON.stringify can write back;
 * - "error": the call fails with code ERR_JSON_INVALID, naming the member.
 */
export type IntegerMode = 'number' | 'bigint' | 'string' | 'error';

/** Stable codes of failures found in a token, a key or a Document Server message. */
export type ErrorCode =
  | 'ERR_JWT_MALFORMED'
  | 'ERR_JSON_INVALID'
  | 'ERR_JSON_DUPLICATE_MEMBER'
  | 'ERR_JWS_SIGNATURE_INVALID'
  | 'ERR_JWT_ALG_NOT_ALLOWED'
  | 'ERR_JWS_CRIT_UNSUPPORTED'
  | 'ERR_JWT_EXPIRED'
  | 'ERR_JWT_NOT_YET_VALID'
  | 'ERR_JWT_CLAIM_INVALID'
  | 'ERR_JWT_CLAIM_MISSING'
  | 'ERR_KEY_INVALID'
  | 'ERR_DS_TOKEN_MISSING'
  | 'ERR_DS_HEADER_INVALID'
  | 'ERR_DS_PAYLOAD_SHAPE'
  | 'ERR_DS_TOKEN_PURPOSE'
  | 'ERR_DS_CONFIG_INVALID'
  | 'ERR_DS_URL_MISMATCH'
  | 'ERR_DS_SETTINGS_INVALID'
  | 'ERR_OPTION_INVALID'
  | 'ERR_INTERNAL';

export interface JwtHeader {
  alg: string;
  typ?: string;
  kid?: string;
  [member: string]: unknown;
}

export interface JwtPayload {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  [claim: string]: unknown;
}

export interface Jwt {
  header: JwtHeader;
  payload: JwtPayload | string;
  signature: string;
}

export interface SignOptions {
  /** Defaults to "HS256". Any other algorithm fails with code ERR_JWT_ALG_NOT_ALLOWED. */
  algorithm?: Algorithm;
  /** Lifetime from `iat`, written as `exp`. */
  expiresIn?: TimeSpan;
  /** Delay from `iat`, written as `nbf`. */
  notBefore?: TimeSpan;
  /** Sets `aud`. */
  audience?: string | string[];
  /** Sets `iss`. */
  issuer?: string;
  /** Sets `sub`. */
  subject?: string;
  /** Sets `jti`. */
  jwtid?: string;
  /** Sets the header's `kid`. */
  keyid?: string;
  /** Members merged into the header `{ alg, typ: "JWT", kid }`. */
  header?: Partial<JwtHeader>;
  /** Leaves `iat` out. Defaults to false. */
  noTimestamp?: boolean;
  /** Adds the claims to the caller's payload object instead of a copy. Defaults to false. */
  mutatePayload?: boolean;
  /** Buffer encoding of the payload text. Defaults to "utf8". */
  encoding?: BufferEncoding;
  /** Accepted for jsonwebtoken compatibility. It has no effect on HMAC keys. */
  allowInsecureKeySizes?: boolean;
  /** Accepted for jsonwebtoken compatibility. It has no effect on HMAC keys. */
  allowInvalidAsymmetricKeyTypes?: boolean;
}

export interface VerifyOptions {
  /** Accepted algorithms. Defaults to HS256, HS384 and HS512. Other names never match a key. */
  algorithms?: string[];
  /** Expected `aud`: a string, a RegExp, or a list of either, of which one must match. */
  audience?: string | RegExp | Array<string | RegExp>;
  /** Expected `iss`, or a list of accepted issuers. */
  issuer?: string | string[];
  /** Expected `sub`. */
  subject?: string;
  /** Expected `jti`. */
  jwtid?: string;
  /** Expected `nonce` claim. */
  nonce?: string;
  /** Seconds of clock skew tolerated on `exp`, `nbf` and `maxAge`. Defaults to 0. */
  clockTolerance?: number;
  /** Current time in seconds, for tests. Defaults to the system clock. */
  clockTimestamp?: number;
  /** Maximum age since `iat`. */
  maxAge?: TimeSpan;
  /** Skips the `exp` check (a present `exp` must still be a number). Defaults to false. */
  ignoreExpiration?: boolean;
  /** Skips the `nbf` check (a present `nbf` must still be a number). Defaults to false. */
  ignoreNotBefore?: boolean;
  /** Returns `{ header, payload, signature }` instead of the payload. Defaults to false. */
  complete?: boolean;
  /** Accepted for jsonwebtoken compatibility. It must be a boolean when given. */
  allowInvalidAsymmetricKeyTypes?: boolean;
  /**
   * Claims that must be present, such as ["exp"]. Not a jsonwebtoken option, which ignores
   * it. A missing claim throws with code ERR_JWT_CLAIM_MISSING. Defaults to none.
   */
  requiredClaims?: string[];
  /**
   * Payload integers beyond 2^53 - 1. Not a jsonwebtoken option. Defaults to "number",
   * which rounds them as jsonwebtoken does.
   */
  integers?: IntegerMode;
}

export interface DecodeOptions {
  /** Returns `{ header, payload, signature }` instead of the payload. */
  complete?: boolean;
  /** Accepted for jsonwebtoken compatibility. Payloads are always parsed as JSON. */
  json?: boolean;
  /**
   * Payload integers beyond 2^53 - 1. Not a jsonwebtoken option. Defaults to "number",
   * which rounds them as jsonwebtoken does; with "error", such a payload throws a
   * JsonWebTokenError instead of returning null.
   */
  integers?: IntegerMode;
}

export type SignCallback = (error: Error | null, token?: string) => void;
export type VerifyCallback<T = JwtPayload | Jwt> = (
  error: JsonWebTokenError | null,
  decoded?: T,
) => void;
export type SecretCallback = (
  header: JwtHeader,
  callback: (error: Error | null, secret?: Secret) => void,
) => void;

/** Signs a payload (object, string or Buffer) and returns the compact token. */
export function sign(
  payload: object | string | Buffer,
  secret: Secret,
  options?: SignOptions,
): string;
export function sign(
  payload: object | string | Buffer,
  secret: Secret,
  callback: SignCallback,
): void;
export function sign(
  payload: object | string | Buffer,
  secret: Secret,
  options: SignOptions,
  callback: SignCallback,
): void;

/**
 * Verifies a token and returns its payload. Throws JsonWebTokenError, TokenExpiredError or
 * NotBeforeError with jsonwebtoken's messages and a `code`.
 */
export function verify(
  token: string,
  secret: Secret,
  options: VerifyOptions & { complete: true },
): Jwt;
export function verify(token: string, secret: Secret, options?: VerifyOptions): JwtPayload;
export function verify(
  token: string,
  secret: Secret | SecretCallback,
  callback: VerifyCallback,
): void;
export function verify(
  token: string,
  secret: Secret | SecretCallback,
  options: VerifyOptions,
  callback: VerifyCallback,
): void;

/**
 * Reads a token without verifying it. Returns null when the token is not three base64url
 * segments of JSON objects. Never trust the result.
 */
export function decode(token: string, options: DecodeOptions & { complete: true }): Jwt | null;
export function decode(token: string, options?: DecodeOptions): JwtPayload | null;

/** Failure of verify (and of sign for keys and algorithms), with jsonwebtoken's messages. */
export class JsonWebTokenError extends Error {
  name: 'JsonWebTokenError' | 'TokenExpiredError' | 'NotBeforeError';
  /** Stable code of the failure; ERR_OPTION_INVALID for an option value jsonwebtoken rejects. */
  code?: ErrorCode;
  /** The claim at fault, for claim errors: "exp", "nbf", "iat", "aud", "iss", "sub", "jti" or "nonce". */
  claim?: string;
  /** The core's explanation, naming the value at fault, for failures found in a token. */
  detail?: string;
  inner?: Error;
  constructor(message: string, inner?: Error);
}

/** The token's `exp` (or its `maxAge`) has passed. */
export class TokenExpiredError extends JsonWebTokenError {
  name: 'TokenExpiredError';
  expiredAt: Date;
  constructor(message: string, expiredAt: Date);
}

/** The token's `nbf` is in the future. */
export class NotBeforeError extends JsonWebTokenError {
  name: 'NotBeforeError';
  date: Date;
  constructor(message: string, date: Date);
}

/** Response codes Document Server itself sends for the same failure, per service. */
export interface DocumentServerAnswers {
  /** Command service: 6 for an invalid token, 7 for an expired one. */
  command: number;
  /** Conversion service: -8 for any token failure. */
  conversion: number;
  /** Document builder: -8 for any token failure. */
  docbuilder: number;
  /** Editor close code: 4004 access denied, 4005 expired, 4006 invalid token. */
  editor: number;
}

/** Failure of a DocumentServer method or constructor. */
export class DocumentServerError extends Error {
  name: 'DocumentServerError';
  code: ErrorCode;
  /** The claim at fault, for claim errors. */
  claim?: string;
  /** The core's explanation, naming the value at fault. */
  detail: string;
  /** Response codes Document Server sends for this failure. */
  dsAnswer: DocumentServerAnswers;
}

export interface DocumentServerOptions {
  /** The Document Server secret (JWT_SECRET): a string as UTF-8, or raw bytes. Required. */
  secret: string | Buffer | Uint8Array | KeyObject;
  /** A separate secret for what Document Server signs (callbacks). Defaults to `secret`. */
  outboxSecret?: string | Buffer | Uint8Array | KeyObject;
  /** Header that carries tokens, matched case-insensitively. Defaults to "Authorization". */
  header?: string;
  /** Text before the token in that header, compared exactly. Defaults to "Bearer ". */
  prefix?: string;
  /** Algorithm of the tokens the host signs. Defaults to "HS256". */
  algorithm?: Algorithm;
  /** Lifetime of signed tokens: seconds, a time span such as "5m", or null for no `exp`. Defaults to 300. */
  expiresIn?: TimeSpan | null;
  /** Clock skew tolerated on `exp` and `nbf`, in seconds. Defaults to 60, as Document Server. */
  leeway?: number;
  /** Policy for secrets shorter than the hash output: "off", "warn" (a process warning) or "strict". Defaults to "off". */
  minLength?: 'off' | 'warn' | 'strict';
  /** More secrets accepted on verification, for key rotation. Defaults to none. */
  extraSecrets?: Array<string | Buffer | Uint8Array | KeyObject>;
  /** Current time in seconds since the epoch, for tests. Defaults to the system clock. */
  now?: number;
  /**
   * Integers beyond 2^53 - 1 in callback fields. Defaults to "error", so that no signed
   * value is rounded silently.
   */
  integers?: IntegerMode;
}

/** Values that replace those read from local.json by `DocumentServer.fromLocalJson`. */
export type LocalJsonOverrides = Pick<
  DocumentServerOptions,
  'expiresIn' | 'leeway' | 'minLength' | 'extraSecrets' | 'now' | 'integers'
>;

/** A save callback verified from its token. */
export interface Callback {
  /**
   * The signed callback fields, without `iat` and `exp`. Integers beyond 2^53 - 1 are
   * BigInts or strings when the `integers` option requests them.
   */
  data: Record<string, unknown>;
  key: string;
  /** 0 to 7. */
  status: number;
  /** The saved document, present for statuses 2 and 6. */
  url?: string;
  iat?: number;
  exp?: number;
  /** Origin of the token: the body's `token` member or the configured header. */
  source: 'body' | 'header';
}

/** A verified file download. */
export interface Download {
  /** The URL signed in the token. */
  url: string;
  iat?: number;
  exp?: number;
}

/** A request signed both ways: pick the body token or the header. */
export interface SignedRequest<T extends object = Record<string, unknown>> {
  /** The request with a `token` over its members. */
  body: T & { token: string };
  /** The header name, such as "Authorization". */
  headerName: string;
  /** The prefix and a token whose claims wrap the request in `payload`. */
  headerValue: string;
  /** `{ [headerName]: headerValue }`, ready for fetch or http.request. */
  headers: Record<string, string>;
}

/** Request headers: Node's IncomingHttpHeaders, a Fetch Headers object, a Map, pairs, or a plain object. */
export type RequestHeaders =
  | Record<string, string | string[] | undefined>
  | Headers
  | Map<string, string>
  | Array<[string, string]>;

/** The ONLYOFFICE Docs token protocol. */
export class DocumentServer {
  /** The response body a host sends for a successful callback: '{"error":0}'. */
  static readonly CALLBACK_OK: '{"error":0}';
  constructor(options: DocumentServerOptions);
  /**
   * Creates a DocumentServer from Document Server's own local.json, given as its path (a
   * string or file URL) or its text (a Buffer, or a string that starts with `{`). A secret
   * given as a `file` is read as raw bytes, a trailing newline included. A missing local.json
   * throws the fs error (ENOENT), and an unreadable secret file ERR_DS_SETTINGS_INVALID.
   */
  static fromLocalJson(
    pathOrText: string | URL | Buffer,
    overrides?: LocalJsonOverrides,
  ): DocumentServer;
  /**
   * Returns a new config with a `token` over its members. Throws ERR_DS_CONFIG_INVALID when
   * a member Document Server requires is missing.
   */
  signConfig<T extends object>(config: T): T & { token: string };
  /** Returns new editor-method parameters with a `token` over them. */
  signMethod<T extends object>(params: T): T & { token: string };
  /**
   * Signs a command, conversion or docbuilder request as a body token and as a header token.
   * `operation` adds an `operation` claim, and an unknown name throws ERR_DS_SETTINGS_INVALID.
   */
  signRequest<T extends object>(
    request: T,
    operation?: 'command' | 'converter' | 'docbuilder',
  ): SignedRequest<T>;
  /** Verifies a save callback: the body token first, else the configured header. Returns only signed fields. */
  verifyCallback(
    body: Buffer | Uint8Array | string | object | null | undefined,
    headers?: RequestHeaders,
  ): Callback;
  /**
   * Verifies a file download: the header token must sign `{ payload: { url } }` for the
   * requested URL (absolute, or its path and query), or else ERR_DS_URL_MISMATCH is thrown.
   */
  verifyDownload(url: string, headers: RequestHeaders): Download;
  /** The header that carries tokens. */
  readonly header: string;
  /** The text before a token in that header. */
  readonly prefix: string;
}

/** '{"error":0}', the same as DocumentServer.CALLBACK_OK. */
export const CALLBACK_OK: '{"error":0}';
