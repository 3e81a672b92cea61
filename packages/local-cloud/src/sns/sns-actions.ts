/**
 * SNS over the Query protocol (form body in, XML out, version `2010-03-31`):
 * CreateTopic, Publish and ListTopics. Topic ARNs carry the region of the
 * call's SigV4 scope, as SNS topics are regional.
 */
import type { QueryAction } from '../http/call-context.ts';
import { pageOf } from '../iam/iam-paging.ts';
import {
  attributesInput,
  checkMessage,
  checkSubject,
  checkTopicArn,
  checkTopicName,
  invalidParameter,
  messageAttributesInput,
  tagsInput,
} from './sns-input.ts';
import type { SnsStore } from './sns-store.ts';

const TOPICS_PER_PAGE = 100;

export function snsActions(sns: SnsStore): Record<string, QueryAction> {
  return {
    CreateTopic: (params, context) => {
      const topic = sns.createTopic({
        name: checkTopicName(params.Name),
        region: context.region,
        attributes: attributesInput(params),
        tags: tagsInput(params),
      });
      return { TopicArn: topic.topicArn };
    },

    Publish: (params) => {
      if (params.TopicArn === undefined && params.TargetArn === undefined)
        throw invalidParameter(
          params.PhoneNumber === undefined
            ? 'TopicArn or TargetArn Reason: no value for required parameter'
            : 'PhoneNumber Reason: SMS is not supported by the local cloud',
        );
      const arn =
        params.TopicArn !== undefined
          ? checkTopicArn(params.TopicArn)
          : checkTopicArn(params.TargetArn, 'TargetArn');
      const published = sns.publish(arn, {
        message: checkMessage(params.Message, params.MessageStructure),
        subject: checkSubject(params.Subject),
        messageStructure: params.MessageStructure,
        messageAttributes: messageAttributesInput(params),
      });
      return { MessageId: published.messageId };
    },

    ListTopics: (params) => {
      const page = pageOf(
        sns.listTopics(),
        (topic) => topic.topicArn,
        params.NextToken,
        TOPICS_PER_PAGE,
        () => invalidParameter('NextToken'),
      );
      return {
        Topics: page.items.map((topic) => ({ TopicArn: topic.topicArn })),
        NextToken: page.marker,
      };
    },
  };
}
