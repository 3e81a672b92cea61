import { describe, expect, it } from 'vitest';
import { parseExposureEvent } from '../../lambdas/leak/parse-exposure-event.ts';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';
import { exposureEvent } from './exposure-fixture.ts';

const HUB = '123456789012';
const MEMBER = '111111111111';

function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseExposureEvent', () => {
  it('reads the documented fixture into one emergency rotation of its key, the hub account left out', () => {
    // Act
    const parsed = parseExposureEvent(exposureEvent(), HUB);

    // Assess
    expect(parsed).toEqual({
      rotations: [
        {
          executionName: 'AKIAEXPOSEDEXAMPLE01-2026-12-02T1340',
          input: {
            accessKeyId: 'AKIAEXPOSEDEXAMPLE01',
            emergency: true,
            exposureReportedAt: '2026-12-02T13:40:07.000Z',
          },
          label: 'access key AKIAEXPOSEDEXAMPLE01',
        },
      ],
      refused: [],
    });
  });

  it("names the event's account when it is not the hub: the member account holds the key", () => {
    // Act
    const parsed = parseExposureEvent(exposureEvent({ account: MEMBER }), HUB);

    // Assess
    expect(parsed.rotations.map((rotation) => rotation.input)).toEqual([
      {
        accessKeyId: 'AKIAEXPOSEDEXAMPLE01',
        account: MEMBER,
        emergency: true,
        exposureReportedAt: '2026-12-02T13:40:07.000Z',
      },
    ]);
  });

  it('starts one rotation per affected key, a key listed twice once, each named after its key and the minute', () => {
    // Act
    const parsed = parseExposureEvent(
      exposureEvent({ keyIds: ['AKIAFIRST00000000001', 'AKIASECOND0000000002', 'AKIAFIRST00000000001'] }),
      HUB,
    );

    // Assess
    expect(parsed.rotations.map((rotation) => rotation.executionName)).toEqual([
      'AKIAFIRST00000000001-2026-12-02T1340',
      'AKIASECOND0000000002-2026-12-02T1340',
    ]);
  });

  it('refuses a malformed entity by its field without echoing it, and still rotates the others', () => {
    // Act
    const parsed = parseExposureEvent(
      exposureEvent({ keyIds: ['AKIAFIRST00000000001', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY', 42, 'short'] }),
      HUB,
    );

    // Assess
    expect(parsed.rotations.map((rotation) => rotation.input.accessKeyId)).toEqual(['AKIAFIRST00000000001']);
    expect(parsed.refused.map((error) => error.field)).toEqual([
      'detail.affectedEntities[1].entityValue',
      'detail.affectedEntities[2].entityValue',
      'detail.affectedEntities[3].entityValue',
    ]);
    expect(parsed.refused.map((error) => error.message).join(' ')).not.toContain('wJalr');
  });

  it.each([
    ['not an object', () => 'an event', 'event'],
    ['another source', () => ({ ...exposureEvent(), source: 'aws.events' }), 'source'],
    ['another detail-type', () => ({ ...exposureEvent(), 'detail-type': 'Scheduled Event' }), 'detail-type'],
    ['no detail', () => ({ ...exposureEvent(), detail: null }), 'detail'],
    ['another service', () => withDetail({ service: 'EC2' }), 'detail.service'],
    [
      'another event type',
      () => withDetail({ eventTypeCode: 'AWS_EC2_INSTANCE_RETIREMENT' }),
      'detail.eventTypeCode',
    ],
    ['no account', () => ({ ...exposureEvent(), account: undefined }), 'account'],
    ['a malformed account', () => exposureEvent({ account: '12345' }), 'account'],
    ['no time', () => ({ ...exposureEvent(), time: undefined }), 'time'],
    ['a time that is no instant', () => exposureEvent({ time: 'yesterday' }), 'time'],
    ['an impossible date', () => exposureEvent({ time: '2026-02-31T25:00:00Z' }), 'time'],
    ['no affected entities', () => exposureEvent({ keyIds: [] }), 'detail.affectedEntities'],
    [
      'entities that are no list',
      () => withDetail({ affectedEntities: 'AKIAFIRST00000000001' }),
      'detail.affectedEntities',
    ],
  ])('refuses an event with %s, naming the field', (_case, event, field) => {
    // Act
    const error = refusal(() => parseExposureEvent(event(), HUB));

    // Assess
    expect(error.field).toBe(field);
    expect(error.message).toMatch(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: `));
  });
});

function withDetail(detail: Record<string, unknown>) {
  const event = exposureEvent();
  return { ...event, detail: { ...event.detail, ...detail } };
}
