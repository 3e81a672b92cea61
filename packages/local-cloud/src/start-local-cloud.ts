/**
 * Starts the embedded local cloud: one loopback HTTP endpoint serving IAM, STS,
 * Secrets Manager, DynamoDB, SNS, EventBridge, Organizations and S3 (path-style REST) over
 * their real wire protocols (`cloud.services` lists them), so unmodified
 * @aws-sdk v3 clients work against it through `AWS_ENDPOINT_URL`, and the
 * Yandex Cloud IAM, Operation and Object Storage calls the rotator makes, for
 * `YC_ENDPOINT_URL`. Yandex calls are told apart by REST path (yandex/).
 *
 * It serves a home account and any member accounts seeded beside it
 * (accounts/): IAM and Secrets Manager calls act in the signer's account, the
 * other services are the home account's.
 */
import { join } from 'node:path';
import { type CloudAccount, CloudAccounts } from './accounts/cloud-accounts.ts';
import { LOCAL_REGION, type ServiceName, YANDEX_SERVICE_NAMES } from './cloud-constants.ts';
import { dynamodbActions } from './dynamodb/dynamodb-actions.ts';
import { DynamoDbStore } from './dynamodb/dynamodb-store.ts';
import { eventsActions } from './events/events-actions.ts';
import { EventsStore } from './events/events-store.ts';
import { FaultInjector, type FaultRule } from './faults.ts';
import { type ActionTables, type RecordedRequest, routeRequest } from './http/cloud-router.ts';
import { listen } from './http/http-server.ts';
import type { ReceivedRequest } from './http/sigv4-verifier.ts';
import type { WireResponse } from './http/wire-response.ts';
import { iamAccessKeyActions } from './iam/iam-access-key-actions.ts';
import { iamAuthorizationDetailsActions } from './iam/iam-authorization-details.ts';
import { iamGroupActions } from './iam/iam-group-actions.ts';
import { iamRoleActions } from './iam/iam-role-actions.ts';
import { IamStore } from './iam/iam-store.ts';
import { iamUserActions } from './iam/iam-user-actions.ts';
import { iamPrincipalExists } from './iam/principal-exists.ts';
import { OrganizationStore } from './organizations/organization-store.ts';
import { organizationsActions } from './organizations/organizations-actions.ts';
import { routeS3Request } from './s3/s3-router.ts';
import { S3Store } from './s3/s3-store.ts';
import { secretsActions } from './secrets/secrets-actions.ts';
import { SecretsStore } from './secrets/secrets-store.ts';
import { snsActions } from './sns/sns-actions.ts';
import { SnsStore } from './sns/sns-store.ts';
import { claimAccount } from './state/account-of-state.ts';
import { CloudStateStore } from './state/cloud-state-store.ts';
import { knownCaller } from './sts/caller-identity.ts';
import { SessionStore } from './sts/session-store.ts';
import { stsActions } from './sts/sts-actions.ts';
import { DEFAULT_OPERATION_DELAY_MS } from './yandex/yandex-constants.ts';
import { routeYandexRequest } from './yandex/yandex-router.ts';
import { YandexStore } from './yandex/yandex-store.ts';

export interface LocalCloudOptions {
  /** Where `cloud.db` is kept (created 0700, the file 0600). @default '.akr' under the current directory */
  readonly stateDir?: string;
  /** @default 0 (an ephemeral port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Keep state in `<stateDir>/cloud.db`, shared with other processes; false keeps it in memory only. @default true */
  readonly persist?: boolean;
  /** Serve the state in `stateDir` without ever writing it (for reports): changes stay in memory. @default false */
  readonly readOnly?: boolean;
  /** How long a Yandex Update/Delete operation stays `done:false` before it completes. @default 300 */
  readonly yandexOperationDelayMs?: number;
  /**
   * The AWS account every ARN and STS answer names; a state keeps the account it was first served as.
   * @default - the account the state belongs to, else 000000000000
   */
  readonly accountId?: string;
  /** The cloud's clock, for STS session expiry (a test moves it to see a session expire). @default the system clock */
  readonly now?: () => Date;
}

export interface LocalCloud {
  /** Base URL for `AWS_ENDPOINT_URL` or a client's `endpoint`, e.g. http://127.0.0.1:43121 */
  readonly endpoint: string;
  readonly accountId: string;
  readonly region: string;
  /** The services this endpoint answers, in routing order (taken from the routers, for the banner). */
  readonly services: readonly ServiceName[];
  /** Every API call served by this instance, in order. */
  readonly requests: readonly RecordedRequest[];
  injectFault(fault: FaultRule): void;
  clearFaults(): void;
  close(): Promise<void>;
  /**
   * Runs synchronous store calls (on `iam`, `secrets`, … or seeding helpers)
   * as one change: the state is written once, at the end, and nothing is
   * kept if any of them fails. For bulk seeding; see `seedIamFleet`.
   */
  batch<T>(work: () => T): T;
  /** Direct access for seeding and inspection, bypassing the wire and authentication: the home account's. */
  readonly iam: IamStore;
  readonly secrets: SecretsStore;
  /**
   * One account's IAM and Secrets Manager: the home account's (`cloud.iam`,
   * `cloud.secrets`) or a member's, including one another process added.
   * @throws Error when the cloud has no such account.
   */
  account(accountId: string): CloudAccount;
  /** Adds a member account with empty IAM and Secrets Manager (no-op if it exists). For seeding. */
  addAccount(accountId: string): CloudAccount;
  /** Member account ids, ordered. */
  memberAccountIds(): string[];
  /** The organization, when seeded (`seedOrganization`). */
  readonly organization: OrganizationStore;
  readonly dynamodb: DynamoDbStore;
  /** Yandex service accounts, static keys, operations and IAM tokens. */
  readonly yandex: YandexStore;
  /** SNS topics and every message published to them: `sns.messages(topicArn?)`. */
  readonly sns: SnsStore;
  /** Every event accepted by EventBridge PutEvents: `events.list(filter?)`. */
  readonly events: EventsStore;
  /** S3 buckets and objects: `s3.objects(bucket)` lists what was put, bodies as text. */
  readonly s3: S3Store;
}

interface Router {
  readonly services: readonly ServiceName[];
  /** @returns undefined when the request is not for this router's services. */
  route(request: ReceivedRequest): Promise<WireResponse | undefined>;
}

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const host = options.host ?? '127.0.0.1';
  const stateDir = options.stateDir ?? join(process.cwd(), '.akr');
  const state = new CloudStateStore(options.persist === false ? undefined : stateDir, {
    readOnly: options.readOnly ?? false,
  });
  let accountId: string;
  try {
    accountId = claimAccount(state, options.accountId, stateDir);
  } catch (error) {
    state.close();
    throw error;
  }
  const iam = new IamStore(state, accountId);
  const secrets = new SecretsStore(state, accountId);
  const accounts = new CloudAccounts(state, { accountId, iam, secrets });
  const sessions = new SessionStore(state, options.now ?? (() => new Date()));
  const organization = new OrganizationStore(state);
  const signers = { accounts, sessions };
  const dynamodb = new DynamoDbStore(state);
  const sns = new SnsStore(state, accountId);
  const events = new EventsStore(state);
  const s3 = new S3Store(state);
  const yandex = new YandexStore(state, {
    operationDelayMs: options.yandexOperationDelayMs ?? DEFAULT_OPERATION_DELAY_MS,
  });
  const faults = new FaultInjector();
  const requests: RecordedRequest[] = [];
  const shared: ActionTables = {
    queryActions: { sts: stsActions({ accounts, sessions, organization }), sns: snsActions(sns) },
    jsonActions: {
      dynamodb: dynamodbActions(dynamodb, accountId),
      events: eventsActions(events),
      organizations: organizationsActions(organization),
    },
  };
  const tablesByAccount = new Map<string, ActionTables>();
  // IAM and Secrets Manager act on the caller's account; built once per account.
  const actionsIn = (id: string): ActionTables => {
    let tables = tablesByAccount.get(id);
    if (!tables) {
      const account = accounts.get(id);
      tables = {
        queryActions: {
          iam: {
            ...iamUserActions(account.iam),
            ...iamAccessKeyActions(account.iam),
            ...iamGroupActions(account.iam),
            ...iamRoleActions(account.iam, id === accountId),
            ...iamAuthorizationDetailsActions(account.iam),
          },
          ...shared.queryActions,
        },
        jsonActions: {
          secretsmanager: secretsActions(account.secrets, {
            identify: (context) => knownCaller(context, accounts),
            principalExists: (arn) => iamPrincipalExists(accounts, arn),
          }),
          ...shared.jsonActions,
        },
      };
      tablesByAccount.set(id, tables);
    }
    return tables;
  };
  const homeTables = actionsIn(accountId);
  const routes = {
    signers,
    actionsIn,
    faults,
    record: (entry: RecordedRequest) => requests.push(entry),
  };
  const yandexRoutes = { store: yandex, faults, record: routes.record };
  const s3Routes = { accountId, store: s3, signers, faults, record: routes.record };
  // Tried in order: S3 and Yandex claim their requests by signature scope and path; the rest is Query/JSON.
  const routers: readonly Router[] = [
    { services: ['s3'], route: (request) => routeS3Request(request, s3Routes) },
    { services: YANDEX_SERVICE_NAMES, route: (request) => routeYandexRequest(request, yandexRoutes) },
    {
      services: [
        ...Object.keys(homeTables.queryActions),
        ...Object.keys(homeTables.jsonActions),
      ] as ServiceName[],
      route: (request) => routeRequest(request, routes),
    },
  ];
  const server = await listen(host, options.port ?? 0, async (request) => {
    for (const router of routers) {
      const response = await router.route(request);
      if (response) return response;
    }
    throw new Error('the last router answers every request');
  });
  return {
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${server.port}`,
    accountId,
    region: LOCAL_REGION,
    services: routers.flatMap((router) => router.services),
    requests,
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    close: async () => {
      await server.close();
      state.close();
    },
    batch: (work) => state.batch(work),
    iam,
    secrets,
    account: (id) => accounts.get(id),
    addAccount: (id) => accounts.add(id),
    memberAccountIds: () => accounts.memberIds(),
    organization,
    dynamodb,
    yandex,
    sns,
    events,
    s3,
  };
}
