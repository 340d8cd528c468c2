/** Where to find the emulator's Service Worker, and under which path it answers. */
export interface RegisterEmulatorOptions {
  /** The site's root module importing `stytch-emulator/browser/sw.js`. Default `/stytch-emulator-sw.js`. */
  script?: string | URL;
  /** The pages the worker serves (the app's pages must be among them). Default `/`. */
  scope?: string;
  /** The path the emulator answers under (its API, control API and console). Default `/stytch/`. */
  prefix?: string;
}

export interface RegisteredEmulator {
  /** `<origin>/stytch`: the client's `customBaseUrl`. */
  baseUrl: string;
  /** The emulated B2B project's public token and id. */
  publicToken: string;
  projectId: string;
  registration: ServiceWorkerRegistration;
}

/** Registers the emulator's Service Worker and resolves once it answers this page. */
export function registerEmulator(options?: RegisterEmulatorOptions): Promise<RegisteredEmulator>;
