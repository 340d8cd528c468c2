// Issue #22: ours fits wherever an app uses Stytch's client. Compiled with `tsc --strict` by
// tests/packaging/packaging.test.mjs against the installed tarball and Stytch's packages.
//
// Stytch's `StytchB2BClient` is a class with private members, which no other declaration can
// match, so what is checked is its public members: every method of every namespace, one by
// one. Each must be in ours (less the differences listed below), take at least what Stytch's
// takes and answer at least what Stytch's answers. A failure names the member, e.g.
//   Type '"organization.members.search"' does not satisfy the constraint 'never'.
import type * as StytchHeadless from '@stytch/vanilla-js/b2b/headless';
import type * as StytchReact from '@stytch/react/b2b';
import type * as OurHeadless from 'stytch-b2b-headless-wasm';
import type * as OurReact from 'stytch-b2b-headless-wasm/react';
import type { ComponentType } from 'react';

/**
 * The deliberate differences, by member path (the README's "Differences from Stytch's client" lists each):
 * - `absent`: not in ours;
 * - `answer`: ours takes what Stytch's takes, but its answer's type is the API's where Stytch's
 *   type says otherwise (its parameters are still checked);
 * - `parameters`: ours refuses some of what Stytch's type accepts (its answer is still checked).
 * An entry ours has come to fit is an error too (see `StaleDifferences`): remove it then.
 */
type Differences = {
  // Stytch's type promises member_id, member and organization, which the API does not send
  // (its reference lists only the strength fields; neither does the emulator).
  'passwords.strengthCheck': 'answer';
  // Stytch's types promise organization_id_hint, which these answers of the API do not carry.
  'passwords.discovery.authenticate': 'answer';
  'passwords.discovery.resetByEmail': 'answer';
  // `results_metadata.next_cursor` is null on the last page, as the API sends it (Stytch's
  // Node SDK documents a "non-null next_cursor"); Stytch's client type says absent.
  'organization.members.search': 'answer';
};
type Path = keyof Differences & string;

// ---- the check ----

/**
 * F's signature as a function type, whose parameters TypeScript compares strictly (F itself
 * when TypeScript cannot take it apart, as for some generic signatures: those are compared as
 * they are).
 */
type Fn<F> = F extends (...args: infer A) => infer R ? (...args: A) => R : F;
type Takes<F> = F extends (...args: infer A) => unknown ? (...args: A) => void : F;
type Answers<F> = F extends (...args: never[]) => infer R ? () => R : F;
/**
 * Whether ours can stand where Stytch's is. TypeScript compares method parameters both ways
 * (bivariantly), which would let a narrowed parameter through, so the parameters are compared
 * again as function types (contravariantly).
 */
type Fits<Ours, Theirs, Except = 'all'> = [Except] extends ['answer']
  ? [Takes<Ours>] extends [Takes<Theirs>]
    ? true
    : false
  : [Except] extends ['parameters']
    ? [Answers<Ours>] extends [Answers<Theirs>]
      ? true
      : false
    : [Ours] extends [Theirs]
      ? [Fn<Ours>] extends [Fn<Theirs>]
        ? true
        : false
      : false;
type AnyFunction = (...args: never[]) => unknown;

/**
 * The paths of Stytch's public members (`keyof` leaves out private ones) that ours does not
 * fit, descending into namespaces; `D` maps the paths whose difference is allowed.
 */
type Misfits<Ours, Theirs, D, Prefix extends string = ''> = {
  [K in keyof Theirs & string]: `${Prefix}${K}` extends keyof D
    ? D[`${Prefix}${K}` & keyof D] extends 'absent'
      ? never
      : K extends keyof Ours
        ? Fits<Ours[K], Theirs[K], D[`${Prefix}${K}` & keyof D]> extends true
          ? never
          : `${Prefix}${K}`
        : `${Prefix}${K}`
    : K extends keyof Ours
      ? Theirs[K] extends AnyFunction
        ? Fits<Ours[K], Theirs[K]> extends true
          ? never
          : `${Prefix}${K}`
        : Theirs[K] extends object
          ? Misfits<Ours[K], Theirs[K], D, `${Prefix}${K}.`>
          : Fits<Ours[K], Theirs[K]> extends true
            ? never
            : `${Prefix}${K}`
      : `${Prefix}${K}`;
}[keyof Theirs & string];

/** A difference listed that is no longer one: every path under it fits. */
type StaleDifferences<Ours, Theirs> = {
  [P in Path]: Extract<Misfits<Ours, Theirs, {}>, P | `${P}.${string}`> extends never ? P : never;
}[Path];

/** Compiles only when T is `never`; otherwise the error names T's members. */
type None<T extends never> = T;

type OurClient = OurHeadless.StytchB2BClient;
type StytchsClient = StytchHeadless.StytchB2BClient;
// The same class as @stytch/react bundles its declarations (what its hooks hand out).
type StytchsReactClient = ReturnType<typeof StytchReact.useStytchB2BClient>;

/** Every method path of a client, to check that the walk sees Stytch's members at all. */
type Paths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends AnyFunction
    ? `${Prefix}${K}`
    : T[K] extends object
      ? Paths<T[K], `${Prefix}${K}.`>
      : `${Prefix}${K}`;
}[keyof T & string];
export type WalkSeesStytchsMembers = None<
  | (0 extends 1 & StytchsClient ? "Stytch's client is any" : never)
  | Exclude<'self.update' | 'organization.members.search' | 'session.exchange' | 'rbac.isAuthorizedSync', Paths<StytchsClient>>
>;

export type ClientMisfits = None<Misfits<OurClient, StytchsClient, Differences>>;
export type ReactClientMisfits = None<Misfits<OurClient, StytchsReactClient, Differences>>;
export type ClientStaleDifferences = None<StaleDifferences<OurClient, StytchsClient>>;
// The constructors: the same arguments, a client that fits (checked above).
export type ConstructorMisfits = None<
  | ([ConstructorParameters<typeof StytchHeadless.StytchB2BClient>] extends [ConstructorParameters<typeof OurHeadless.StytchB2BClient>]
      ? never
      : 'new StytchB2BClient')
  | ([Parameters<typeof StytchHeadless.createStytchB2BClient>] extends [Parameters<typeof OurHeadless.createStytchB2BClient>]
      ? never
      : 'createStytchB2BClient')
  | ([ReturnType<typeof OurHeadless.createStytchB2BClient>] extends [OurClient] ? never : 'createStytchB2BClient (answer)')
>;

// ---- the React entry: @stytch/react/b2b's own values (hooks, HOCs, provider) ----

/** The React entry's values that are not the headless entry's re-exports. */
type ReactOwn = Exclude<keyof typeof StytchReact, keyof typeof StytchHeadless>;
/** The pre-built UI, which a headless client leaves out (as the packaging test's PREBUILT_UI). */
type PrebuiltUI =
  | 'StytchB2B'
  | 'B2BIdentityProvider'
  | 'B2BProducts'
  | 'createStytchB2BUIClient'
  | 'defaultTheme'
  | 'defaultDarkTheme'
  | 'iconsBlack'
  | 'iconsWhite'
  | 'shadcnTheme';
/** These name Stytch's client class in their signatures: checked below with ours in its place. */
type TakesTheClient = 'StytchB2BProvider' | 'useStytchB2BClient' | 'withStytchB2BClient';
/**
 * The HOCs, checked below for a sample of their type arguments: compared as generic
 * signatures, TypeScript infers the wrapped component's props from the two intersections
 * wrongly and refuses identical signatures.
 */
type HOC = Extract<ReactOwn, `withStytch${string}`>;
type ReactChecked = Exclude<ReactOwn, PrebuiltUI | TakesTheClient | HOC>;

export type ReactMisfits = None<
  {
    [K in ReactChecked]: K extends keyof typeof OurReact
      ? Fits<(typeof OurReact)[K], (typeof StytchReact)[K]> extends true
        ? never
        : K
      : K;
  }[ReactChecked]
>;

/** A wrapped component's own props, and an app's permission map. */
type Props = { title: string };
type Permissions = { documents: 'read' | 'write' };
type HOCsChecked = 'withStytchMember' | 'withStytchMemberSession' | 'withStytchOrganization' | 'withStytchPermissions';
export type HOCMisfits = None<
  | Exclude<HOC, HOCsChecked | TakesTheClient>
  | (Fits<typeof OurReact.withStytchMember<Props>, typeof StytchReact.withStytchMember<Props>> extends true ? never : 'withStytchMember')
  | (Fits<typeof OurReact.withStytchMemberSession<Props>, typeof StytchReact.withStytchMemberSession<Props>> extends true
      ? never
      : 'withStytchMemberSession')
  | (Fits<typeof OurReact.withStytchOrganization<Props>, typeof StytchReact.withStytchOrganization<Props>> extends true
      ? never
      : 'withStytchOrganization')
  | (Fits<
      typeof OurReact.withStytchPermissions<Permissions, Props>,
      typeof StytchReact.withStytchPermissions<Permissions, Props>
    > extends true
      ? never
      : 'withStytchPermissions')
>;

// Stytch's provider takes its client; ours, ours (the rest of the props as Stytch's).
type StytchsProviderProps = Parameters<typeof StytchReact.StytchB2BProvider>[0];
type WithOurClient<P> = Omit<P, 'stytch'> & { stytch: OurClient };
// Stytch's withStytchB2BClient hands the wrapped component its client: ours hands ours.
type WithClientAsStytchs = (Component: ComponentType<Props & { stytch: OurClient }>) => ComponentType<Props>;
export type ReactClientTakersMisfits = None<
  | (Fits<
      typeof OurReact.StytchB2BProvider,
      (props: WithOurClient<StytchsProviderProps>) => ReturnType<typeof StytchReact.StytchB2BProvider>
    > extends true
      ? never
      : 'StytchB2BProvider')
  | ([ReturnType<typeof OurReact.useStytchB2BClient>] extends [OurClient] ? never : 'useStytchB2BClient')
  | (Fits<typeof OurReact.withStytchB2BClient<Props>, WithClientAsStytchs> extends true ? never : 'withStytchB2BClient')
>;
// The pre-built UI is the only part of the React entry left out.
export type ReactAbsent = None<Exclude<Exclude<ReactOwn, PrebuiltUI>, keyof typeof OurReact>>;
