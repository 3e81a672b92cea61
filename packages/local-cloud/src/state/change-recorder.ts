/**
 * Records a change made in place to the cloud state (a tree of plain objects
 * and arrays), so the store can take it back when the change throws and
 * commit it as ops when it succeeds, at a cost proportional to the change rather
 * than to the state.
 *
 * The change works on proxies of the live objects: each assignment or delete
 * is applied to the live object and noted twice, as an undo entry (the slot's
 * old content) and as a redo op (the path it writes). Arrays go through the
 * same traps: push, splice and sort set indices and `length`.
 *
 * Redo ops are serialized only once the change is over, so each assigned
 * value is written as it ended up: replaying the ops in order onto the state
 * the change started from rebuilds the state it left, even when the change
 * kept filling an object after assigning it. A write to an object no longer
 * reachable at its path is left out of the ops: it can only reach the state
 * again through an assignment, which carries its final content.
 */
import type { StateOp } from './state-ops.ts';
import { type Container, isContainer, resolve } from './state-tree.ts';

interface Undo {
  readonly target: Container;
  readonly key: string;
  readonly hadKey: boolean;
  readonly old: unknown;
}

interface Redo {
  readonly path: readonly string[];
  /** `undefined` replays as a delete, as JSON drops it. */
  readonly value: unknown;
}

/**
 * Array methods that compare or print elements without handing any out: they
 * run on the live array, sparing a trap per element (`members.includes` on a
 * group of thousands, for each user added).
 */
const ELEMENT_BLIND_READS = new Set(['includes', 'indexOf', 'lastIndexOf', 'join']);

/** Every recording proxy, of any session, mapped to the live object behind it. */
const targets = new WeakMap<object, Container>();

/** The live object behind a recording proxy, or `value` itself: one identity for identity-keyed caches. */
export function liveObjectOf<T extends object>(value: T): T {
  return (targets.get(value) as T | undefined) ?? value;
}

/**
 * `value` with every recording proxy in it replaced by the live object behind
 * it (in place, in containers that are not proxies), so the state never holds
 * a proxy.
 */
export function unwrapped<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const target = targets.get(value);
  if (target) return target as T;
  const container: unknown = value;
  if (!isContainer(container)) return value;
  for (const key of Object.keys(container)) {
    const child = container[key];
    const plain = unwrapped(child);
    if (plain !== child) container[key] = plain;
  }
  return value;
}

/**
 * One change (a `mutate`, or a whole `batch`) recorded on the live state.
 * Proxies handed out by a session refuse writes once it is closed.
 */
export class ChangeSession {
  readonly #root: Container;
  readonly #proxies = new Map<Container, Container>();
  /** Where each proxied object was when the session first handed it out. */
  readonly #paths = new Map<Container, readonly string[]>();
  readonly #undo: Undo[] = [];
  readonly #redo: Redo[] = [];
  #open = true;

  constructor(root: object) {
    this.#root = root as Container;
  }

  /**
   * Runs `change` on a recording view of the state, and gives back what it
   * returns unwrapped. A change that hands out part of the state copies it
   * with `stateCopy` (structuredClone cannot copy a proxy).
   */
  run<S extends object, T>(change: (draft: S) => T): T {
    return unwrapped(change(this.#proxyOf(this.#root, []) as S));
  }

  get changed(): boolean {
    return this.#undo.length > 0;
  }

  /** The redo ops as JSON, values as they are now: the row the store commits. */
  serialize(): string {
    const ops: StateOp[] = this.#redo.map(({ path, value }) => ({ p: path, v: value }));
    return JSON.stringify(ops);
  }

  /** From now on, the session's proxies refuse writes. */
  close(): void {
    this.#open = false;
  }

  /** Takes every write back, newest first, and closes the session. */
  rollback(): void {
    this.close();
    for (const { target, key, hadKey, old } of this.#undo.splice(0).reverse()) {
      if (hadKey) target[key] = old;
      else delete target[key];
    }
    this.#redo.length = 0;
  }

  #proxyOf(target: Container, path: readonly string[]): Container {
    let proxy = this.#proxies.get(target);
    if (proxy) return proxy;
    proxy = new Proxy(target, this.#handler);
    this.#proxies.set(target, proxy);
    this.#paths.set(target, path);
    targets.set(proxy, target);
    return proxy;
  }

  /** One handler for all the session's proxies; each target's path is kept in `#paths`. */
  readonly #handler: ProxyHandler<Container> = {
    get: (object, key) => {
      const value = Reflect.get(object, key);
      if (typeof key !== 'string') return value;
      if (isContainer(value) && Object.hasOwn(object, key))
        return this.#proxyOf(value, [...this.#pathOf(object), key]);
      if (Array.isArray(object) && ELEMENT_BLIND_READS.has(key)) {
        const read = value as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => read.apply(object, args.map(unwrapped));
      }
      return value;
    },
    set: (object, key, value) => {
      this.#write(object, key, unwrapped(value), false);
      return true;
    },
    deleteProperty: (object, key) => {
      this.#write(object, key, undefined, true);
      return true;
    },
    defineProperty: () => {
      throw new Error('CloudStateStore: define state properties by assignment');
    },
  };

  #pathOf(target: Container): readonly string[] {
    return this.#paths.get(target) ?? [];
  }

  #write(target: Container, key: string | symbol, value: unknown, deleting: boolean) {
    if (!this.#open) throw new Error('CloudStateStore: state written outside of a change');
    if (typeof key === 'symbol') throw new Error('CloudStateStore: state keys are strings');
    const hadKey = Object.hasOwn(target, key);
    if (deleting && !hadKey) return;
    if (Array.isArray(target) && key === 'length')
      // Shortening an array drops its tail without a trap: keep the tail for undo.
      for (let index = target.length - 1; index >= Number(value); index--)
        this.#undo.push({
          target,
          key: String(index),
          hadKey: Object.hasOwn(target, index),
          old: target[index],
        });
    const path = this.#pathOf(target);
    const attached = resolve(this.#root, path) === target;
    this.#undo.push({ target, key, hadKey, old: target[key] });
    if (attached) this.#redo.push({ path: [...path, key], value });
    if (deleting) delete target[key];
    else target[key] = value;
  }
}

/** A deep copy of part of the state, whether reached through a change's view or read directly. */
export function stateCopy<T>(value: T): T {
  return structuredClone(unwrapped(value));
}
