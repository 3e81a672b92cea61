/**
 * SNS topics and the messages published to them. Nothing is delivered: every
 * accepted message is kept, in order, for tests to read with `messages()`.
 * CreateTopic is idempotent like SNS: the same name answers the same ARN,
 * unless the attributes or tags given differ from the topic's.
 */

import { randomUUID } from 'node:crypto';
import { CloudApiError } from '../cloud-api-error.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../cloud-constants.ts';
import { stateCopy } from '../state/change-recorder.ts';
import type { CloudStateStore } from '../state/cloud-state-store.ts';
import type { StoredMessageAttribute, StoredSnsMessage, StoredTopic } from './sns-state.ts';

export type SnsTopic = Readonly<StoredTopic>;
export type SnsMessage = Readonly<StoredSnsMessage>;
export type SnsMessageAttribute = Readonly<StoredMessageAttribute>;

export interface CreateTopicSpec {
  readonly name: string;
  /** @default LOCAL_REGION */
  readonly region?: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface PublishSpec {
  readonly message: string;
  readonly subject?: string;
  readonly messageStructure?: string;
  readonly messageAttributes?: Readonly<Record<string, SnsMessageAttribute>>;
}

export function topicArn(accountId: string, region: string, name: string): string {
  return `arn:aws:sns:${region}:${accountId}:${name}`;
}

function invalidParameter(detail: string): CloudApiError {
  return new CloudApiError('InvalidParameter', `Invalid parameter: ${detail}`, 400);
}

function differs(given: Readonly<Record<string, string>>, stored: Readonly<Record<string, string>>): boolean {
  return Object.entries(given).some(([key, value]) => stored[key] !== value);
}

export class SnsStore {
  readonly #state: CloudStateStore;
  readonly #accountId: string;

  constructor(state: CloudStateStore, accountId: string = LOCAL_ACCOUNT_ID) {
    this.#state = state;
    this.#accountId = accountId;
  }

  createTopic(spec: CreateTopicSpec): SnsTopic {
    return this.#state.mutate((draft) => {
      const arn = topicArn(this.#accountId, spec.region ?? LOCAL_REGION, spec.name);
      const existing = draft.sns.topics[arn];
      if (existing) {
        if (differs(spec.attributes ?? {}, existing.attributes))
          throw invalidParameter('Attributes Reason: Topic already exists with different attributes');
        if (differs(spec.tags ?? {}, existing.tags))
          throw invalidParameter('Tags Reason: Topic already exists with different tags');
        return stateCopy(existing);
      }
      const topic: StoredTopic = {
        topicArn: arn,
        name: spec.name,
        createdDate: new Date().toISOString(),
        attributes: { ...spec.attributes },
        tags: { ...spec.tags },
      };
      draft.sns.topics[arn] = topic;
      return stateCopy(topic);
    });
  }

  findTopic(arn: string): SnsTopic | undefined {
    const topic = this.#state.read().sns.topics[arn];
    return topic && stateCopy(topic);
  }

  /** Ordered by ARN, so paging is stable. */
  listTopics(): SnsTopic[] {
    return Object.values(this.#state.read().sns.topics)
      .sort((a, b) => (a.topicArn < b.topicArn ? -1 : 1))
      .map((topic) => stateCopy(topic));
  }

  /** @throws NotFound (404) when no topic has that ARN. */
  publish(arn: string, spec: PublishSpec): { readonly messageId: string } {
    return this.#state.mutate((draft) => {
      if (!draft.sns.topics[arn]) throw new CloudApiError('NotFound', 'Topic does not exist', 404);
      const stored: StoredSnsMessage = {
        messageId: randomUUID(),
        topicArn: arn,
        message: spec.message,
        subject: spec.subject,
        messageStructure: spec.messageStructure,
        messageAttributes: stateCopy({ ...spec.messageAttributes }),
        publishedAt: new Date().toISOString(),
      };
      draft.sns.messages.push(stored);
      return { messageId: stored.messageId };
    });
  }

  /** Messages published to `arn` (to any topic when omitted), oldest first. */
  messages(arn?: string): SnsMessage[] {
    return this.#state
      .read()
      .sns.messages.filter((message) => arn === undefined || message.topicArn === arn)
      .map((message) => stateCopy(message));
  }
}
