/**
 * The SNS section of the cloud state: topics and every message published to them,
 * kept so a test can read what subscribers would have received.
 */

export interface StoredTopic {
  topicArn: string;
  name: string;
  createdDate: string;
  attributes: Record<string, string>;
  tags: Record<string, string>;
}

export interface StoredMessageAttribute {
  dataType: string;
  stringValue?: string;
  /** Base64, as it travels in the Query protocol. */
  binaryValue?: string;
}

export interface StoredSnsMessage {
  messageId: string;
  topicArn: string;
  message: string;
  subject?: string;
  messageStructure?: string;
  messageAttributes: Record<string, StoredMessageAttribute>;
  publishedAt: string;
}

export interface SnsState {
  /** Keyed by topic ARN. */
  topics: Record<string, StoredTopic>;
  /** In publication order, across topics. */
  messages: StoredSnsMessage[];
}

export function emptySnsState(): SnsState {
  return { topics: {}, messages: [] };
}
