import { describe, expect, it } from 'vitest';
import { ChangeSession, stateCopy } from '../src/state/change-recorder.ts';
import { applyOps, type StateOp } from '../src/state/state-ops.ts';

// biome-ignore lint/suspicious/noExplicitAny: the drafts below are free-form JSON trees.
type Json = any;

function tree(): Json {
  return {
    users: { alice: { name: 'alice', tags: { team: 'a' } }, bob: { name: 'bob', tags: {} } },
    list: ['a', 'b', 'c', 'd'],
    items: [{ id: 1 }, { id: 2 }, { id: 3 }],
  };
}

/** Runs `change` recorded on `live`; returns the ops it journals. */
function record(live: Json, change: (draft: Json) => unknown): StateOp[] {
  const session = new ChangeSession(live);
  session.run(change);
  const ops = JSON.parse(session.serialize()) as StateOp[];
  session.close();
  return ops;
}

/** Prepare from `tree()`, act with `change`, and assess that replaying the ops rebuilds the live result. */
function expectReplayToMatch(change: (draft: Json) => unknown): Json {
  const live = tree();
  const before = structuredClone(live);
  const ops = record(live, change);
  applyOps(before, ops);
  expect(before).toEqual(JSON.parse(JSON.stringify(live)));
  return live;
}

describe('change recorder: replaying the ops rebuilds the state the change left', () => {
  it('sets, overwrites and deletes keys', () => {
    const live = expectReplayToMatch((draft) => {
      draft.users.carol = { name: 'carol', tags: {} };
      draft.users.alice.tags.team = 'b';
      delete draft.users.bob;
    });
    expect(Object.keys(live.users)).toEqual(['alice', 'carol']);
  });

  it('writes nested keys after assigning their parent, through the draft and through the raw object', () => {
    const live = expectReplayToMatch((draft) => {
      const fresh: Json = { name: 'dave', tags: {} };
      draft.users.dave = fresh;
      draft.users.dave.tags.role = 'admin';
      fresh.late = true;
      draft.users.dave.history = [];
      draft.users.dave.history.push('created');
    });
    expect(live.users.dave).toEqual({
      name: 'dave',
      tags: { role: 'admin' },
      late: true,
      history: ['created'],
    });
  });

  it('replaces an object, then writes into the object it replaced (now detached)', () => {
    const live = expectReplayToMatch((draft) => {
      const old = draft.users.alice;
      draft.users.alice = { name: 'alice', tags: {} };
      old.tags.team = 'detached';
    });
    expect(live.users.alice.tags).toEqual({});
  });

  it('moves an object and keeps writing through its old handle', () => {
    const live = expectReplayToMatch((draft) => {
      const alice = draft.users.alice;
      delete draft.users.alice;
      draft.users.alicia = alice;
      alice.name = 'alicia';
    });
    expect(live.users).toEqual({
      alicia: { name: 'alicia', tags: { team: 'a' } },
      bob: { name: 'bob', tags: {} },
    });
  });

  it('pushes, splices, unshifts, sorts and truncates arrays', () => {
    const live = expectReplayToMatch((draft) => {
      draft.list.push('e');
      draft.list.splice(1, 2, 'x');
      draft.list.unshift('first');
      draft.items.sort((a: Json, b: Json) => b.id - a.id);
      draft.items.splice(1, 1);
      draft.items[0].id = 30;
    });
    expect(live.list).toEqual(['first', 'a', 'x', 'd', 'e']);
    expect(live.items).toEqual([{ id: 30 }, { id: 1 }]);
    const truncated = expectReplayToMatch((draft) => {
      draft.list.length = 1;
    });
    expect(truncated.list).toEqual(['a']);
  });

  it('replays an assigned undefined as a delete', () => {
    const live = tree();
    const ops = record(live, (draft) => {
      draft.users.alice.tags.team = undefined;
    });
    expect(ops).toEqual([{ p: ['users', 'alice', 'tags', 'team'] }]);
    const replayed = tree();
    applyOps(replayed, ops);
    expect(replayed.users.alice.tags).toEqual({});
  });

  it('records nothing for a change that only reads, or deletes a missing key', () => {
    const ops = record(tree(), (draft) => {
      delete draft.users.nobody;
      return Object.keys(draft.users).length;
    });
    expect(ops).toEqual([]);
  });
});

describe('change recorder: a change that throws', () => {
  it('leaves the live state exactly as it was', () => {
    const live = tree();
    const before = structuredClone(live);
    const session = new ChangeSession(live);

    const attempt = () =>
      session.run((draft: Json) => {
        draft.users.alice.tags.team = 'changed';
        draft.users.alice.tags.added = 'x';
        delete draft.users.bob;
        draft.users.carol = { name: 'carol', tags: {} };
        draft.list.splice(1, 1);
        draft.list.push('z');
        draft.items.length = 0;
        draft.items.push({ id: 9 });
        throw new Error('refused');
      });

    expect(attempt).toThrow('refused');
    session.rollback();
    expect(live).toEqual(before);
    expect(Object.keys(live.users)).toEqual(Object.keys(before.users));
  });
});

describe('change recorder: what the change hands out', () => {
  it('returns plain objects: what a change hands back is the live object, not its view', () => {
    const live = tree();
    const session = new ChangeSession(live);

    const result = session.run((draft: Json) => ({ same: draft.users.bob }));
    session.close();

    expect(result.same).toBe(live.users.bob);
    expect(structuredClone(result)).toEqual(result);
  });

  it('finds draft elements with includes and indexOf, which run on the live array', () => {
    const session = new ChangeSession(tree());

    const found = session.run((draft: Json) => [
      draft.items.includes(draft.items[1]),
      draft.items.indexOf(draft.items[2]),
      draft.list.includes('c'),
      draft.list.join('-'),
    ]);
    session.close();

    expect(found).toEqual([true, 2, true, 'a-b-c-d']);
  });

  it('keeps drafts out of the state: an assigned draft object is stored as the live one', () => {
    const live = tree();
    record(live, (draft) => {
      draft.users.copy = { of: draft.users.alice };
    });
    expect(live.users.copy.of).toBe(live.users.alice);
    expect(() => structuredClone(live)).not.toThrow();
  });

  it('refuses writes through a draft kept past its change', () => {
    const live = tree();
    let kept: Json;
    record(live, (draft) => {
      kept = draft.users.alice;
    });
    expect(() => {
      kept.name = 'late';
    }).toThrow(/outside of a change/);
    expect(live.users.alice.name).toBe('alice');
  });

  it('stateCopy copies what a change reaches through its view, which structuredClone refuses', () => {
    const live = tree();
    const session = new ChangeSession(live);
    const copied = session.run((draft: Json) => {
      expect(() => structuredClone(draft.users.alice)).toThrow();
      return stateCopy(draft.users.alice);
    });
    session.close();

    expect(copied).toEqual(live.users.alice);
    expect(copied).not.toBe(live.users.alice);
  });
});
