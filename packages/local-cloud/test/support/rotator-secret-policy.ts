/**
 * The resource policy the rotator puts on a consumer's secret (the design's
 * "Consumer access"): the user and its readers may read; nobody else may
 * read but the rotator's step roles (path `/access-key-rotator/`); nobody
 * but the step roles may write a version or move a label. A member
 * account's secret also exempts the member role the hub assumes there
 * (`rotatorRoleArns`).
 */
export function rotatorSecretPolicy(
  account: string,
  userArn: string,
  readerArns: readonly string[] = [],
  rotatorRoleArns: readonly string[] = [],
): string {
  const stepRoles = [`arn:aws:iam::${account}:role/access-key-rotator/*`, ...rotatorRoleArns];
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ConsumersRead',
        Effect: 'Allow',
        Principal: { AWS: [userArn, ...readerArns] },
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: '*',
      },
      {
        Sid: 'OnlyConsumersAndRotatorRead',
        Effect: 'Deny',
        Principal: '*',
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [userArn, ...readerArns, ...stepRoles] } },
      },
      {
        Sid: 'OnlyRotatorWrites',
        Effect: 'Deny',
        Principal: '*',
        Action: ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': stepRoles } },
      },
    ],
  });
}
