// stytch-emulator: a local Stytch-compatible B2B backend started in-process over real HTTP.

/** A whole emulator state, as `exportState` returns it and `--state` files hold it. */
export type EmulatorState = { signing_key_pem: string; consumer_signing_key_pem?: string; world: Record<string, unknown> };

export interface StartOptions {
  /** A seed (organizations, members, project settings) instead of the built-in one: the object or its JSON text. */
  seed?: object | string;
  /** A seed file's path instead of the built-in seed. */
  seedFile?: string;
  /** A state to start from (what `exportState` returned), instead of the seed. */
  state?: EmulatorState | string | Uint8Array;
  /** Keep the state in this file (the native binary's `--state`): read at start, written after every change. */
  stateFile?: string;
  /** Address to listen on; default 127.0.0.1. */
  host?: string;
  /** Port to listen on; default 0 (a free one). */
  port?: number;
  /** Browser origins besides loopback ones allowed to use the control API (`--control-origin`). */
  controlOrigins?: string[];
  /** Host names besides loopback ones under which the control API and the console answer (`--allowed-host`). */
  allowedHosts?: string[];
}

/** An SMS or email the emulator "sent". */
export interface OutboxMessage {
  id: number;
  channel: 'sms' | 'email';
  to: string;
  organization_id: string;
  member_id: string;
  body: string;
  code: string | null;
  magic_link_token: string | null;
  magic_link_url: string | null;
  password_reset_token: string | null;
  password_reset_url: string | null;
  /** RFC 3339. */
  sent_at: string;
}

/** What the emulator does to matching frontend-SDK requests. */
export interface Fault {
  /** An SDK path (`/sdk/v1/b2b/totp` or `/b2b/totp`); a trailing `*` matches a prefix. */
  path: string;
  status?: number;
  /** Sent verbatim when a string, as JSON otherwise; default: a Stytch-shaped error. */
  body?: unknown;
  content_type?: string;
  delay_ms?: number;
  /** Close the connection without answering. */
  drop?: boolean;
  /** How many matching requests to affect; unlimited when absent. */
  times?: number;
}

export interface RunningEmulator {
  /** The base URL (`http://127.0.0.1:PORT`): Stytch's `env` for the backend SDKs, the API URL for the frontend SDKs. */
  url: string;
  /** The B2B project's credentials (local-only). */
  projectId: string;
  secret: string;
  publicToken: string;
  /** The consumer project's credentials. */
  consumer: { projectId: string; publicToken: string; secret: string };
  /** Messages sent, oldest first; only those to `to` (a phone number or an email) when given. */
  outbox(to?: string): Promise<OutboxMessage[]>;
  clock: {
    /** The emulator's time, in Unix seconds. */
    now(): Promise<number>;
    /** Moves the emulator's clock forward (sessions, codes and locks expire); returns the new time. */
    advance(seconds: number): Promise<number>;
  };
  faults: {
    add(fault: Fault): Promise<unknown>;
    list(): Promise<Fault[]>;
    clear(): Promise<unknown>;
  };
  /** The request log: the newest frontend-SDK and backend-API requests, without secrets. */
  requests(): Promise<Array<Record<string, unknown>>>;
  /** Back to the seed: organizations, members, sessions, the outbox, faults and the request log. */
  reset(): Promise<{ reset: true }>;
  /** The whole state (world and signing keys), for `importState` or `startEmulator({ state })`. */
  exportState(): Promise<EmulatorState>;
  /** Replaces the whole state with an export; its session JWTs keep verifying. */
  importState(
    state: EmulatorState | string | Uint8Array,
  ): Promise<{ imported: { organizations: number; members: number; users: number; sessions: number } }>;
  /** Closes the server and its connections. */
  stop(): Promise<void>;
}

/** Starts an emulator over real HTTP, by default on a free loopback port. */
export function startEmulator(options?: StartOptions): Promise<RunningEmulator>;

/** The built-in seed's JSON text. */
export function defaultSeed(): Promise<string>;
