#!/usr/bin/env node
// `npx stytch-emulator`: the native binary's flags, ready line and `--state` file, with the
// emulator's core as WebAssembly.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createCore, defaultSeed, serve, StateFile } from '../lib/host.js';

const USAGE = `A local Stytch-compatible B2B backend for demos, tests and benchmarks.

Usage: stytch-emulator [OPTIONS]

Options:
      --host <HOST>             Address to listen on [default: 127.0.0.1]
      --port <PORT>             Port to listen on; 0 picks a free one [default: 9797]
      --seed <SEED>             Seed file (organizations and members) instead of the built-in one
      --state <STATE>           Keep state in this file, so it survives a restart
      --control-origin <ORIGIN> A browser origin allowed to use the control API besides loopback ones; repeat for more
      --allowed-host <NAME>     A host name, besides loopback ones, under which the control API and the console answer; repeat for more
      --print-seed              Print the built-in seed and exit
      --stop-when-stdin-closes  Stop (as on SIGTERM, saving the state file) when standard input reaches its end
  -h, --help                    Print help
  -V, --version                 Print version
`;

function fail(message, code = 1) {
  process.stderr.write(`stytch-emulator: ${message}\n`);
  process.exit(code);
}

let args;
try {
  args = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '9797' },
      seed: { type: 'string' },
      state: { type: 'string' },
      'control-origin': { type: 'string', multiple: true, default: [] },
      'allowed-host': { type: 'string', multiple: true, default: [] },
      'print-seed': { type: 'boolean' },
      'stop-when-stdin-closes': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'V' },
    },
    strict: true,
  }).values;
} catch (e) {
  fail(`${e.message}\n\n${USAGE}`, 2);
}
if (args.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (args.version) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`stytch-emulator ${pkg.version}\n`);
  process.exit(0);
}
if (args['print-seed']) {
  process.stdout.write(await defaultSeed());
  process.exit(0);
}
const port = Number(args.port);
if (!/^\d+$/.test(args.port) || port > 65535) fail(`invalid value '${args.port}' for '--port <PORT>': not a port number`, 2);

let seed;
if (args.seed) {
  try {
    seed = readFileSync(args.seed, 'utf8');
  } catch (e) {
    fail(`reading seed ${args.seed}: ${e.message}`);
  }
}
let stateFile;
let served;
try {
  stateFile = args.state ? new StateFile(args.state) : undefined;
  const emulator = await createCore({
    seed,
    state: stateFile?.read(),
    stateName: args.state,
    persist: Boolean(stateFile),
    host: args.host,
    controlOrigins: args['control-origin'],
    allowedHosts: args['allowed-host'],
  });
  if (emulator.core.notice) process.stderr.write(`stytch-emulator: ${emulator.core.notice}\n`);
  served = await serve(emulator, { host: args.host, port, stateFile });
  // One machine-readable line on stdout; the human hint goes to stderr.
  process.stdout.write(`${emulator.core.readyLine(served.baseUrl)}\n`);
  process.stderr.write(`stytch-emulator: open ${served.baseUrl}/ for organizations, members and sent codes\n`);
} catch (e) {
  fail(e.message);
}
const stop = () => served.close().then(() => process.exit(0));
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, stop);
// one23: the native binary's flag, for a program that starts the emulator with a pipe on stdin
// (the pytest plugin): the emulator goes down with it however it ends, killed included.
if (args['stop-when-stdin-closes']) {
  process.stdin.once('end', stop);
  process.stdin.once('error', stop);
  process.stdin.resume();
}
